"""Section listings and the home nav, on our own fixture pages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from newscrawl.parsing.devdiscourse import Listing, ListingEntry, parse_listing, parse_nav

PAGE_URL = "https://www.devdiscourse.com/news/education"
BASE = "https://www.devdiscourse.com/article/education/"
IST = timedelta(hours=5, minutes=30)


@pytest.fixture
def listing(page) -> Listing:
    return parse_listing(page("listing_education.html"), PAGE_URL)


def test_entries_in_page_order_with_absolute_urls(listing):
    assert [e.url for e in listing.entries] == [
        BASE + "820077-schools-in-shimla-reopen-after-the-first-snowfall-of-the-season",
        BASE + "820060-iit-madras-opens-campus-in-zanzibar",
        BASE + "820055-partner-content-study-abroad-fair",
        "https://ads.example.net/click?id=77",
        BASE + "820040-cbse-releases-sample-papers",
    ]  # the entry without a link is skipped


def test_sponsored_by_class_or_by_pointing_off_site(listing):
    assert [e.sponsored for e in listing.entries] == [False, False, True, True, False]


def test_entry_fields_are_clean(listing):
    first = listing.entries[0]
    assert first == ListingEntry(
        url=BASE + "820077-schools-in-shimla-reopen-after-the-first-snowfall-of-the-season",
        headline="Schools in Shimla reopen after the first snowfall of the season",
        agency="PTI",
        published=datetime.fromisoformat("2025-12-09T11:05:00+05:30"),
        summary="Schools in Shimla and nearby towns reopened on Tuesday...",
        sponsored=False,
    )


def test_published_from_datetime_else_from_the_day_first_text(listing):
    by_id = {e.url.rsplit("/", 1)[1].split("-")[0]: e.published for e in listing.entries}
    assert by_id["820077"].isoformat() == "2025-12-09T11:05:00+05:30"
    assert by_id["820060"].isoformat() == "2024-11-05T18:40:00+05:30"   # no datetime: 5 November, IST
    assert by_id["820040"].isoformat() == "2025-04-03T21:07:00+05:30"   # garbage datetime: the text wins
    assert by_id["820055"] is None
    assert all(p.utcoffset() == IST for p in by_id.values() if p)


def test_last_page_has_no_next_and_section_comes_from_the_url(listing):
    assert (listing.next_url, listing.section, listing.client_rendered) == (None, "education", False)


def test_next_page_is_absolute_against_the_page_url():
    html = ('<div class="listing" data-section="education"></div>'
            '<a class="load-more" rel="next" href="?page=3">Load More</a>')
    listing = parse_listing(html, PAGE_URL + "?page=2")
    assert listing.next_url == PAGE_URL + "?page=3"
    assert listing.client_rendered is False  # a server list that is merely empty is not client-rendered


def test_client_rendered_only_while_the_list_is_empty():
    empty = '<div class="listing" data-section="health" data-render="client"></div>'
    assert parse_listing(empty, PAGE_URL).client_rendered is True
    rendered = ('<div class="listing" data-section="health" data-render="client"><div class="listing-item">'
                '<a class="listing-link" href="/article/health/1-x"><h2 class="listing-headline">X</h2></a>'
                '</div></div>')
    listing = parse_listing(rendered, PAGE_URL)  # what the browser hands back
    assert listing.client_rendered is False and [e.url for e in listing.entries] == [
        "https://www.devdiscourse.com/article/health/1-x"]


def test_a_page_without_a_listing():
    assert parse_listing("<html><body><p>Not found</p></body></html>", PAGE_URL) == Listing(section="education")


def test_nav_falls_back_to_the_legacy_menu_keeping_on_site_section_links(page):
    assert parse_nav(page("home_legacy_menu.html"), "https://www.devdiscourse.com/") == [
        "education", "agro-forestry", "lifestyle"]


def test_nav_prefers_the_header_nav(page):
    html = page("home_legacy_menu.html").replace(
        "<body>", '<body><nav class="main-nav"><a href="/news/technology">Tech</a></nav>')
    assert parse_nav(html, "https://www.devdiscourse.com/") == ["technology"]


def test_nav_of_a_page_without_one():
    assert parse_nav("<html><body><a href='/news/politics'>x</a></body></html>", "https://www.devdiscourse.com/") == []
