"""Devdiscourse: parse its pages into fields, as pure functions of (html, url).

``parse_article`` picks the layout (legacy or current) by its root element
and loads the item through :class:`newscrawl.items.ArticleLoader`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from parsel import Selector

from newscrawl.items import ArticleItem, ArticleLoader
from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.devdiscourse.current import CurrentArticlePage
from newscrawl.parsing.devdiscourse.feeds import parse_news_sitemap, parse_rss, parse_sitemap_index
from newscrawl.parsing.devdiscourse.legacy import LegacyArticlePage
from newscrawl.parsing.devdiscourse.listing import Listing, ListingEntry, parse_listing, parse_nav
from newscrawl.parsing.devdiscourse.page import ArticlePage
from newscrawl.parsing.fallback import extract_paragraphs
from newscrawl.revisions.headline import parse_headline, parse_url_slug

KNOWN_SECTIONS = S.KNOWN_SECTIONS
LAYOUTS: tuple[type[ArticlePage], ...] = (CurrentArticlePage, LegacyArticlePage)

__all__ = [
    "KNOWN_SECTIONS", "Listing", "ListingEntry", "NoLayoutError", "ParsedArticle",
    "article_id_from_url", "parse_article", "parse_listing", "parse_nav", "parse_news_sitemap", "parse_rss",
    "parse_sitemap_index", "section_from_url",
]


class NoLayoutError(ValueError):
    """The page matches none of the known article layouts."""


@dataclass(frozen=True)
class ParsedArticle:
    item: ArticleItem
    layout: str
    body_extractor: str  # "selectors", or "trafilatura" when the body container was missing


def _article_path(url: str):
    match = S.ARTICLE_PATH.search(urlsplit(url).path)
    if not match:
        raise ValueError(f"not an article URL: {url}")
    return match


def article_id_from_url(url: str) -> str:
    return _article_path(url).group("article_id")


def section_from_url(url: str) -> str:
    return _article_path(url).group("section")


def detect_layout(sel: Selector, url: str) -> ArticlePage:
    for layout in LAYOUTS:
        if sel.css(layout.SPEC["root"]):
            return layout(sel, url)
    raise NoLayoutError(
        "matches no article layout (neither " + " nor ".join(l.SPEC["root"] for l in LAYOUTS) + ")"
    )


def parse_article(html: str, url: str) -> ParsedArticle:
    """One article page -> item with every contract field but the crawl-dependent ones."""
    page = detect_layout(Selector(text=html), url)
    loader = ArticleLoader()
    for name in ("url", "article_id", "headline", "source", "dateline", "published", "modified",
                 "image_url", "image_credit"):
        loader.add_value(name, getattr(page, name)())
    canonical = loader.get_output_value("url")
    loader.add_value("article_id", article_id_from_url(canonical))
    loader.add_value("section", section_from_url(canonical))

    raw_headline = loader.get_output_value("headline") or ""
    headline = parse_headline(raw_headline)
    slug_update, slug_flags = parse_url_slug(_article_path(canonical).group("slug") or "", raw_headline)
    loader.add_value("title", headline.title)
    loader.add_value("update", headline.update or slug_update)
    loader.add_value("wire_flags", list(headline.wire_flags) or list(slug_flags))

    extractor = "selectors"
    if page.has_body_container():
        paragraphs, syndicated = page.body()
    else:
        paragraphs, syndicated = extract_paragraphs(page.root_html()), False
        extractor = "trafilatura"
    loader.add_value("body", paragraphs)
    loader.add_value("syndicated", syndicated)
    loader.add_value("tags", page.tags())
    loader.add_value("related", page.related())
    return ParsedArticle(item=loader.load_item(), layout=page.layout, body_extractor=extractor)
