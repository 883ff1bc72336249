"""The home page's nav and the section listing pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from newscrawl.parsing.dates import parse_day_first, parse_iso
from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.text import clean


@dataclass(frozen=True)
class ListingEntry:
    url: str
    headline: str | None
    agency: str | None
    published: datetime | None
    summary: str | None
    sponsored: bool


@dataclass(frozen=True)
class Listing:
    entries: list[ListingEntry] = field(default_factory=list)
    next_url: str | None = None
    client_rendered: bool = False
    section: str | None = None


def parse_nav(html: str, url: str) -> list[str]:
    """Section slugs linked from the nav, in page order, without repeats."""
    sel = Selector(text=html)
    slugs: list[str] = []
    for css in S.NAV_LINKS:
        for href in sel.css(css).getall():
            match = S.SECTION_PATH.match(urlsplit(urljoin(url, href.strip())).path)
            if match and match.group("section") not in slugs:
                slugs.append(match.group("section"))
        if slugs:
            break
    return slugs


def parse_listing(html: str, url: str) -> Listing:
    """Entries of one listing page (newest first), its next page, and whether the
    list is left for the browser to fill (client-rendered)."""
    sel = Selector(text=html)
    host = urlsplit(url).hostname
    entries = []
    for node in sel.css(S.LISTING_ITEM):
        href = node.css(S.LISTING_LINK).get()
        if not href:
            continue
        absolute = urljoin(url, href.strip())
        classes = (node.attrib.get("class") or "").split()
        entries.append(
            ListingEntry(
                url=absolute,
                headline=clean("".join(node.css(S.LISTING_HEADLINE).getall())),
                agency=clean("".join(node.css(S.LISTING_AGENCY).getall())),
                published=_listing_time(node),
                summary=clean("".join(node.css(S.LISTING_SUMMARY).getall())),
                sponsored=S.LISTING_SPONSORED_CLASS in classes or urlsplit(absolute).hostname != host,
            )
        )
    next_href = sel.css(S.LISTING_NEXT).get()
    client = sel.css(S.LISTING_CLIENT_RENDERED)
    return Listing(
        entries=entries,
        next_url=urljoin(url, next_href.strip()) if next_href else None,
        client_rendered=bool(client) and not entries,
        section=sel.css(S.LISTING_SECTION_ATTR).get(),
    )


def _listing_time(node) -> datetime | None:
    for raw, parse in ((node.css(S.LISTING_TIME_ATTR).get(), parse_iso),
                       (clean("".join(node.css(S.LISTING_TIME_TEXT).getall())), parse_day_first)):
        if raw:
            try:
                return parse(raw)
            except ValueError:
                continue
    return None
