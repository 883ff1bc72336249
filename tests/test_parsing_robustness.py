"""When pages are not what the selectors expect: broken markup, a missing or
empty body container, no known layout, odd URLs."""

from __future__ import annotations

import socket

import pytest

from newscrawl.parsing import fallback
from newscrawl.parsing.devdiscourse import NoLayoutError, parse_article

BASE = "https://www.devdiscourse.com/article/"
BROKEN_URL = BASE + "education/820077-schools-in-shimla-reopen-after-the-first-snowfall-of-the-season"
DRIFTED_URL = BASE + "business/5130444-pune-metro-extends-evening-hours-for-festival-week"
EMPTY_URL = BASE + "politics/820999-cabinet-meeting-today"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("network I/O attempted")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# --- malformed HTML -----------------------------------------------------------------------------

def test_malformed_html_still_gives_every_field_lxml_can_recover(page):
    parsed = parse_article(page("legacy_broken_markup.html"), BROKEN_URL)
    assert (parsed.layout, parsed.body_extractor) == ("legacy", "selectors")
    assert dict(parsed.item) == {
        "url": BROKEN_URL,
        "article_id": "820077",
        "section": "education",
        "headline": "Schools in Shimla reopen after the first snowfall of the season",
        "title": "Schools in Shimla reopen after the first snowfall of the season",
        "update": 0,
        "wire_flags": [],
        "source": "PTI",
        "dateline": "Shimla",
        "published": "2025-12-09T11:05:00+05:30",
        # the unclosed "Updated" span swallows the "Created" one; its own date is still found
        "modified": "2025-12-09T12:40:00+05:30",
        "image_url": "https://www.devdiscourse.com/remote.axd?https://devdiscourse.blob.core.windows.net/devnews/"
                     "shimla.jpg",
        "image_credit": "PTI",
        "body": "\n\n".join([
            "Schools in Shimla & nearby towns reopened on Tuesday, two days after the first snowfall of the "
            "season closed roads across the district.",
            "The district administration said buses had resumed on 14 of 17 routes by Tuesday morning.",
            "Parents were asked to send children in warm uniforms until the weekend.",
        ]),
        "tags": ["snow", "schools"],
        "related": [{"title": "Himachal board exam dates announced",
                     "url": BASE + "education/820050-himachal-board-exam-dates-announced"}],
        "syndicated": False,
        "story_id": None,
        "supersedes": [],
        "crawled_at": None,
    }


def test_truncated_page_keeps_what_came_before_the_cut(page):
    html = page("legacy_tea_auction.html")
    cut = html[:html.index("<p>Estate manager")]
    item = parse_article(cut, BASE + "business/815204-x").item
    assert item["headline"].startswith("REFILE-UPDATE 2-Darjeeling")
    assert item["published"] == "2025-04-03T21:07:00+05:30"
    assert len(item["body"].split("\n\n")) == 3 and item["tags"] == []


# --- body container missing: the generic extractor, on the article only ----------------------------

def test_missing_body_container_falls_back_to_trafilatura(page, no_network):
    parsed = parse_article(page("current_drifted_body.html"), DRIFTED_URL)
    assert (parsed.layout, parsed.body_extractor) == ("current", "trafilatura")
    assert parsed.item["body"].split("\n\n") == [
        "Pune Metro will run trains until midnight on both of its lines during festival week, the operator "
        "said on Monday, adding two hours to its usual evening service.",
        "Trains will run every eight minutes after ten at night, and the extra services will be reviewed after "
        "the festival depending on how many people use them.",
        "Officials said ridership on the Vanaz to Ramwadi line had crossed two lakh passengers on a single day "
        "for the first time last week.",
    ]


@pytest.mark.parametrize("not_body", ["cricket", "stock markets", "Latest News", "Footer words", "copyright",
                                      "Tweet words", "पुणे", "Commuters at Shivajinagar", "Image Credit",
                                      "Mumbai metro", "READ MORE", "not been edited", "PTI",
                                      "Pune metro extends evening hours"])
def test_fallback_body_has_no_sidebar_or_other_clutter(page, not_body):
    assert not_body not in parse_article(page("current_drifted_body.html"), DRIFTED_URL).item["body"]


def test_fallback_keeps_the_other_fields_and_the_disclaimer_rule(page):
    item = parse_article(page("current_drifted_body.html"), DRIFTED_URL).item
    assert (item["source"], item["dateline"], item["image_credit"]) == ("PTI", "Pune", "ANI")
    assert item["syndicated"] is True
    assert item["related"] == [{"title": "Mumbai metro line opens to the public",
                                "url": BASE + "business/5130400-mumbai-metro-line-opens"}]


def test_fallback_extractor_prunes_what_it_is_told_to(no_network):
    prose = ("<p>The ferry timetable changes on Monday, with two extra sailings in the morning and one more "
             "late at night, the port authority said in a statement on Sunday.</p>")
    html = f"<article>{prose}<figure><figcaption>Caption words that are not body.</figcaption></figure></article>"
    assert fallback.extract_paragraphs(html, prune_xpath=["//figure"]) == [
        "The ferry timetable changes on Monday, with two extra sailings in the morning and one more late at "
        "night, the port authority said in a statement on Sunday."]
    assert fallback.extract_paragraphs("") == [] and fallback.extract_paragraphs("   ") == []


# --- body container present but empty: an empty body, never an invented one -------------------------

def test_empty_body_container_gives_an_empty_body(page, monkeypatch):
    monkeypatch.setattr(fallback, "extract_paragraphs", lambda *a, **k: pytest.fail("fallback used"))
    parsed = parse_article(page("legacy_empty_body.html"), EMPTY_URL)
    assert (parsed.layout, parsed.body_extractor) == ("legacy", "selectors")
    assert parsed.item["body"] == ""
    assert parsed.item["related"] == [{"title": "Opposition walks out",
                                       "url": BASE + "politics/820950-opposition-walks-out"}]


# --- no known layout ------------------------------------------------------------------------------

@pytest.mark.parametrize("html", [
    "not_an_article.html",
    "<html><body><p>plain page</p></body></html>",
    "",
])
def test_no_layout(page, html):
    text = page(html) if html.endswith(".html") else html
    with pytest.raises(NoLayoutError, match="matches no article layout"):
        parse_article(text, BASE + "politics/1-x")


def test_no_layout_is_a_value_error():
    assert issubclass(NoLayoutError, ValueError)


def test_renamed_article_element_is_no_layout(page):
    """A redesign that renames the article element is reported, not half-parsed."""
    html = page("current_football.html").replace('<article class="story"', '<article class="post"')
    with pytest.raises(NoLayoutError):
        parse_article(html, BASE + "sports-games/5120033-x")


# --- identity from the URL -------------------------------------------------------------------------

def test_article_id_comes_from_the_url_when_the_attribute_is_missing_or_not_digits(page):
    html = page("legacy_tea_auction.html")
    for replacement in ('<div class="news-detail">', '<div class="news-detail" data-article-id="a-815204">'):
        item = parse_article(html.replace('<div class="news-detail" data-article-id="815204">', replacement),
                             BASE + "business/815204-x").item
        assert item["article_id"] == "815204"


def test_url_falls_back_to_og_url_then_to_the_fetched_url(page):
    html = page("current_football.html")
    canonical = '<link rel="canonical" href="/article/sports-games/5120033-soccer-bengaluru-fc-sign-uruguayan-' \
                'midfielder-on-two-year-deal">'
    og_url = ('<meta property="og:url" content="https://www.devdiscourse.com/article/sports-games/5120033-soccer-'
              'bengaluru-fc-sign-uruguayan-midfielder-on-two-year-deal">')
    assert canonical in html and og_url in html
    fetched = "https://www.devdiscourse.com/article/sports-games/5120033-fetched-slug"
    assert parse_article(html.replace(canonical, ""), fetched).item["url"] == (
        BASE + "sports-games/5120033-soccer-bengaluru-fc-sign-uruguayan-midfielder-on-two-year-deal")
    assert parse_article(html.replace(canonical, "").replace(og_url, ""), fetched).item["url"] == fetched


def test_a_canonical_that_is_not_an_article_url_is_passed_over(page):
    html = page("current_football.html").replace(
        'href="/article/sports-games/5120033-soccer-bengaluru-fc-sign-uruguayan-midfielder-on-two-year-deal"',
        'href="/"')
    item = parse_article(html, BASE + "sports-games/5120033-x").item
    assert item["url"].endswith("/5120033-soccer-bengaluru-fc-sign-uruguayan-midfielder-on-two-year-deal")
    assert (item["article_id"], item["section"]) == ("5120033", "sports-games")


def test_revision_number_from_the_url_when_the_headline_lost_its_slugs(page):
    html = page("legacy_tea_auction.html").replace("REFILE-UPDATE 2-Darjeeling", "Darjeeling")
    item = parse_article(html, BASE + "business/815204-x").item
    assert item["headline"] == item["title"] == "Darjeeling first flush fetches record price at Kolkata auction"
    assert (item["update"], item["wire_flags"]) == (2, ["REFILE"])  # the canonical URL's slug says so
