"""The site's machine-readable indexes: the news sitemap and RSS, for backfills.

Scrapy's sitemap helper keeps only ``<loc>``; a backfill wants what the
``news:`` extension says too (title, publication date), so it can decide,
like from a listing, what is worth fetching. Entries come out as the same
:class:`ListingEntry` the listing parser gives.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml import etree

from newscrawl.parsing.dates import parse_iso
from newscrawl.parsing.devdiscourse.listing import ListingEntry
from newscrawl.parsing.text import clean

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def _xml(data: bytes):
    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True, recover=True))


def parse_sitemap_index(data: bytes, url: str) -> list[str]:
    """Sitemap URLs listed by a sitemap index."""
    root = _xml(data)
    return [urljoin(url, loc.strip()) for loc in root.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)]


def parse_news_sitemap(data: bytes, url: str) -> list[ListingEntry]:
    """Articles of a Google News sitemap, with their news:title and news:publication_date."""
    entries = []
    for node in _xml(data).xpath("//sm:url", namespaces=NS):
        loc = node.xpath("string(sm:loc)", namespaces=NS).strip()
        if not loc:
            continue
        title = clean(node.xpath("string(news:news/news:title)", namespaces=NS))
        raw_date = node.xpath("string(news:news/news:publication_date)", namespaces=NS).strip()
        try:
            published = parse_iso(raw_date) if raw_date else None
        except ValueError:
            published = None
        entries.append(ListingEntry(url=urljoin(url, loc), headline=title, agency=None, published=published,
                                    summary=None, sponsored=False))
    return entries


def parse_rss(data: bytes, url: str) -> list[ListingEntry]:
    """Items of an RSS 2.0 feed."""
    entries = []
    for item in _xml(data).xpath("//channel/item"):
        link = clean(item.findtext("link"))
        if not link:
            continue
        raw_date = clean(item.findtext("pubDate"))
        try:
            published = parsedate_to_datetime(raw_date) if raw_date else None
        except (TypeError, ValueError):
            published = None
        entries.append(ListingEntry(url=urljoin(url, link), headline=clean(item.findtext("title")), agency=None,
                                    published=published, summary=None, sponsored=False))
    return entries
