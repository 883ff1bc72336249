"""The home page's nav and the section listing pages.

A listing entry is what the crawler triages before fetching an article; a
sponsored entry (marked, or pointing off-site) is kept but flagged so the
spider never follows it. An empty client-rendered list is flagged so that
only that page is sent to the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from newscrawl.parsing.dates import parse_day_first, parse_iso
from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.text import clean, node_text


@dataclass(frozen=True)
class ListingEntry:
    url: str                    # absolute
    headline: str | None
    agency: str | None
    published: datetime | None  # aware (+05:30 on this site)
    summary: str | None
    sponsored: bool             # marked sponsored, or off-site: never follow


@dataclass(frozen=True)
class Listing:
    entries: list[ListingEntry] = field(default_factory=list)
    next_url: str | None = None     # absolute; None on the last page
    client_rendered: bool = False   # an empty list that only a browser fills
    section: str | None = None


def parse_nav(html: str, url: str) -> list[str]:
    """Section slugs linked from the nav, in page order, without repeats (on-site links only)."""
    sel = Selector(text=html)
    host = urlsplit(url).hostname
    for css in S.NAV_LINKS:
        slugs: list[str] = []
        for href in sel.css(css).getall():
            target = urlsplit(urljoin(url, href.strip()))
            match = S.SECTION_PATH.match(target.path)
            if match and target.hostname == host and match.group("section").lower() not in slugs:
                slugs.append(match.group("section").lower())
        if slugs:
            return slugs
    return []


def parse_listing(html: str, url: str) -> Listing:
    """Entries of one listing page (newest first), its next page, and whether the
    list is left for the browser to fill (client-rendered)."""
    sel = Selector(text=html)
    host = urlsplit(url).hostname
    entries = [entry for node in sel.css(S.LISTING_ITEM) if (entry := _entry(node, url, host))]
    next_href = clean(sel.css(S.LISTING_NEXT).get())
    return Listing(
        entries=entries,
        next_url=urljoin(url, next_href) if next_href else None,
        client_rendered=bool(sel.css(S.LISTING_CLIENT_RENDERED)) and not entries,
        section=clean(sel.css(S.LISTING_SECTION_ATTR).get()) or _section_of_listing(url),
    )


def _entry(node: Selector, page_url: str, host: str | None) -> ListingEntry | None:
    href = clean(node.css(S.LISTING_LINK).get())
    if not href:
        return None
    absolute = urljoin(page_url, href)
    classes = (node.attrib.get("class") or "").split()
    return ListingEntry(
        url=absolute,
        headline=_text(node, S.LISTING_HEADLINE),
        agency=_text(node, S.LISTING_AGENCY),
        published=_listing_time(node),
        summary=_text(node, S.LISTING_SUMMARY),
        sponsored=S.LISTING_SPONSORED_CLASS in classes or urlsplit(absolute).hostname != host,
    )


def _text(node: Selector, css: str) -> str | None:
    found = node.css(css)
    return node_text(found[0]) if found else None


def _listing_time(node: Selector) -> datetime | None:
    """``time[datetime]`` (ISO), else the visible day-first text; None when neither parses."""
    candidates = ((clean(node.css(S.LISTING_TIME_ATTR).get()), parse_iso),
                  (_text(node, S.LISTING_TIME), parse_day_first))
    for raw, parse in candidates:
        if raw:
            try:
                return parse(raw)
            except ValueError:
                continue
    return None


def _section_of_listing(url: str) -> str | None:
    match = S.SECTION_PATH.match(urlsplit(url).path)
    return match.group("section").lower() if match else None
