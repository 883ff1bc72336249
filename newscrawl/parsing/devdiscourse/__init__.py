"""Devdiscourse: its pages parsed into fields, as pure functions of (html, url).

``parse_article`` recognises the layout (current or legacy) by its article
element, asks the layout's page object for candidate values per field and
loads them through :class:`newscrawl.items.ArticleLoader`. No network, no
Scrapy engine: everything here is tested on saved pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from newscrawl.items import ArticleItem, ArticleLoader
from newscrawl.parsing import fallback
from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.devdiscourse.current import CurrentArticlePage
from newscrawl.parsing.devdiscourse.feeds import parse_news_sitemap, parse_rss, parse_sitemap_index
from newscrawl.parsing.devdiscourse.legacy import LegacyArticlePage
from newscrawl.parsing.devdiscourse.listing import Listing, ListingEntry, parse_listing, parse_nav
from newscrawl.parsing.devdiscourse.page import ArticlePage
from newscrawl.revisions.headline import parse_headline, parse_url_slug

KNOWN_SECTIONS = S.KNOWN_SECTIONS
#: Tried in order: the current layout first (most pages), the legacy one second.
LAYOUTS: tuple[type[ArticlePage], ...] = (CurrentArticlePage, LegacyArticlePage)
#: ``ParsedArticle.body_extractor`` when the layout's own body rules gave the body.
SELECTORS = "selectors"

__all__ = [
    "KNOWN_SECTIONS", "LAYOUTS", "Listing", "ListingEntry", "NoLayoutError", "ParsedArticle",
    "article_id_from_url", "detect_layout", "is_article_url", "parse_article", "parse_listing", "parse_nav",
    "parse_news_sitemap", "parse_rss", "parse_sitemap_index", "section_from_url",
]


class NoLayoutError(ValueError):
    """The page matches none of the known article layouts (changed markup, or not an article)."""


@dataclass(frozen=True)
class ParsedArticle:
    """A parsed article page: the item, which layout it had, and what extracted the body."""

    item: ArticleItem
    layout: str          # "current" | "legacy"
    body_extractor: str  # "selectors", or "trafilatura" when the body container was missing


# --- URLs ---------------------------------------------------------------------------------

def _article_path(url: str | None):
    return S.ARTICLE_PATH.search(urlsplit(url or "").path)


def is_article_url(url: str | None) -> bool:
    return _article_path(url) is not None


def article_id_from_url(url: str) -> str:
    """``/article/politics/632312-update-1-...`` -> ``"632312"``; ValueError if not an article URL."""
    match = _article_path(url)
    if not match:
        raise ValueError(f"not an article URL: {url}")
    return match.group("article_id")


def section_from_url(url: str) -> str:
    """``/article/politics/632312-...`` -> ``"politics"``; ValueError if not an article URL."""
    match = _article_path(url)
    if not match:
        raise ValueError(f"not an article URL: {url}")
    return match.group("section").lower()


def _slug_from_url(url: str | None) -> str:
    match = _article_path(url)
    return (match.group("slug") or "") if match else ""


# --- articles --------------------------------------------------------------------------------

def detect_layout(sel: Selector, url: str) -> ArticlePage:
    """The page object of the first layout whose article element is on the page."""
    for layout in LAYOUTS:
        if layout.matches(sel):
            return layout(sel, url)
    roots = " nor ".join(layout.SPEC["root"] for layout in LAYOUTS)
    raise NoLayoutError(f"matches no article layout (neither {roots})")


def parse_article(html: str, url: str) -> ParsedArticle:
    """One article page -> item with every contract field but the crawl-dependent ones.

    ``story_id``, ``supersedes`` and ``crawled_at`` are left null / [] / null for
    the revision pipeline. Raises :class:`NoLayoutError` for an unknown layout.
    """
    page = detect_layout(Selector(text=html or "<html></html>"), url)
    loader = ArticleLoader()
    for name in ("headline", "source", "dateline", "published", "modified", "image_url", "image_credit"):
        loader.add_value(name, getattr(page, name)())
    _add_identity(loader, page)
    _add_revision(loader)
    extractor = _add_body(loader, page)
    loader.add_value("tags", page.tags())
    loader.add_value("related", page.related())
    return ParsedArticle(item=loader.load_item(), layout=page.layout, body_extractor=extractor)


def _add_identity(loader: ArticleLoader, page: ArticlePage) -> None:
    """url, article_id, section: the canonical URL when it is an article URL, else the next witness."""
    candidates = [u for u in page.url() if u]
    articles = [u for u in candidates if is_article_url(u)]
    loader.add_value("url", articles[:1] or candidates[:1])
    loader.add_value("article_id", page.article_id())
    loader.add_value("article_id", [article_id_from_url(u) for u in articles])
    loader.add_value("section", [section_from_url(u) for u in articles])


def _add_revision(loader: ArticleLoader) -> None:
    """title, update, wire_flags from the headline's revision slugs; the URL slug is a second witness."""
    raw = loader.get_output_value("headline") or ""
    headline = parse_headline(raw)
    slug_update, slug_flags = parse_url_slug(_slug_from_url(loader.get_output_value("url")), raw or None)
    loader.add_value("title", headline.title)
    loader.add_value("update", headline.update or slug_update)
    loader.add_value("wire_flags", list(headline.wire_flags) or list(slug_flags))


def _add_body(loader: ArticleLoader, page: ArticlePage) -> str:
    """The body by the layout's rules; by the generic extractor only when the container is gone."""
    if page.has_body_container():
        paragraphs, syndicated = page.body()
        extractor = SELECTORS
    else:
        raw = fallback.extract_paragraphs(page.root_html(), prune_xpath=_prune_xpath())
        paragraphs, syndicated = page.clean_fallback(raw), page.has_disclaimer()
        extractor = fallback.NAME
    loader.add_value("body", paragraphs)
    loader.add_value("syndicated", syndicated)
    return extractor


@lru_cache(maxsize=1)
def _prune_xpath() -> tuple[str, ...]:
    """``selectors.FALLBACK_PRUNE`` (CSS) as the XPath list trafilatura takes."""
    translator = HTMLTranslator()
    return tuple(translator.css_to_xpath(css.strip()) for css in S.FALLBACK_PRUNE.split(",") if css.strip())
