"""The generic body extractor (trafilatura), the last resort.

Used only when a known layout's body container is gone (markup drift). It is
run on the article element's HTML, never the whole page, so a sidebar or
"Latest News" block cannot become the body; site-specific clutter (captions,
ads, embeds) is pruned by the caller's XPath list. Given a string,
trafilatura parses it locally: no network I/O.
"""

from __future__ import annotations

import trafilatura

#: ``ParsedArticle.body_extractor`` when this module gave the body.
NAME = "trafilatura"


def extract_paragraphs(html: str, prune_xpath: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Main-text paragraphs of *html*, in order; [] when nothing is found."""
    if not html or not html.strip():
        return []
    text = trafilatura.extract(
        html,
        url=None,
        output_format="txt",
        with_metadata=False,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_precision=True,
        deduplicate=False,
        prune_xpath=list(prune_xpath) or None,
    )
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]
