"""The generic body extractor, the last resort when a layout's body container is gone.

trafilatura is run on the article element only (never the whole page), so a
sidebar or "Latest News" block cannot become the body. It does no network I/O
when given a string.
"""

from __future__ import annotations

import trafilatura


def extract_paragraphs(html: str) -> list[str]:
    """Main-text paragraphs of *html*, in order; empty when nothing is found."""
    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]
