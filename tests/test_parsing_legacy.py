"""The legacy layout on our own fixture pages: every field, every body rule.

tests/fixtures/legacy_tea_auction.html is our own page (own text) in the
legacy markup, with every kind of clutter the body must not take.
"""

from __future__ import annotations

import pytest

from newscrawl.parsing.devdiscourse import parse_article

BASE = "https://www.devdiscourse.com/article/"
URL = BASE + "business/815204-refile-update-2-darjeeling-first-flush-fetches-record-price-at-kolkata-auction"
BODY = [
    "A lot of Darjeeling first-flush tea from the Castleton estate sold for ₹1,12,000 a kilogram at the "
    "Kolkata auction on Thursday, a record for the season, brokers said.",
    "The buyer, a Tokyo-based importer, outbid three European houses after a contest that lasted almost "
    "twenty minutes.",
    "“This is the best liquor we have tasted since 2017,” said taster Anirban Sengupta.",
    "Estate manager Rina Tamang said the garden’s name, দার্জিলিং, now sells itself — but only in a good year.",
    "Prices for ordinary grades were steady.",
    "Brokers expect prices to ease once second-flush teas reach the market in June.",
]
EXPECTED = {
    "url": URL,
    "article_id": "815204",
    "section": "business",
    "headline": "REFILE-UPDATE 2-Darjeeling first flush fetches record price at Kolkata auction",
    "title": "Darjeeling first flush fetches record price at Kolkata auction",
    "update": 2,
    "wire_flags": ["REFILE"],
    "source": "Reuters",
    "dateline": "Kolkata",
    "published": "2025-04-03T21:07:00+05:30",  # 03-04-2025: 3 April, not 4 March
    "modified": "2025-04-04T08:30:00+05:30",
    "image_url": "https://www.devdiscourse.com/remote.axd?https://devdiscourse.blob.core.windows.net/devnews/"
                 "tea_815204.jpg",
    "image_credit": "Tea Board of India",
    "body": "\n\n".join(BODY),
    "tags": ["Tea", "Auction", "Darjeeling"],
    "related": [
        {"title": "Assam tea output dips in March",
         "url": BASE + "business/815100-assam-tea-output-dips-in-march"},
        {"title": "Japan’s tea imports rise for a third year",
         "url": BASE + "international/815150-japans-tea-imports-rise-for-a-third-year"},
        {"title": "Tea Board revises auction rules",
         "url": BASE + "business/815099-tea-board-revises-auction-rules"},
    ],
    "syndicated": True,
    "story_id": None,
    "supersedes": [],
    "crawled_at": None,
}


@pytest.fixture
def html(page):
    return page("legacy_tea_auction.html")


def parse(html: str, url: str = URL):
    return parse_article(html, url)


def test_every_field(html):
    parsed = parse(html)
    assert (parsed.layout, parsed.body_extractor) == ("legacy", "selectors")
    assert dict(parsed.item) == EXPECTED


@pytest.mark.parametrize(("rule", "not_body"), [
    ("ad slot", "Advertisement"), ("ad script", "googletag"),
    ("plain <p> Also Read line", "Assam tea output"), ("plain <p> READ MORE line", "Japan’s tea imports"),
    ("p.also-read line", "Tea Board revises"), ("related words", "Also Read"), ("related words", "READ MORE"),
    ("embedded tweet", "Tweet words"), ("embedded tweet", "চায়ের"),
    ("inline caption", "Caption words"), ("inline caption", "Pluckers"), ("image credit", "Image Credit"),
    ("sidebar opinion", "Opinion"), ("sidebar", "Sidebar"), ("latest news", "Latest News"),
    ("footer", "Footer words"), ("footer", "Give Feedback"), ("menu", "Left Menu"),
    ("edition bar", "Development News Edition"), ("repeated title", "REFILE"),
    ("disclaimer", "not been edited"), ("disclaimer", "syndicated feed"),
])
def test_body_excludes(html, rule, not_body):
    assert not_body not in parse(html).item["body"], rule


def test_no_empty_paragraphs_and_no_stray_whitespace(html):
    body = parse(html).item["body"]
    assert body.split("\n\n") == BODY
    assert all(p == p.strip() and "  " not in p and "\u00a0" not in p for p in body.split("\n\n"))


def test_non_ascii_text_is_kept_as_is(html):
    item = parse(html).item
    for text in ("₹1,12,000", "দার্জিলিং", "“This", "—", "garden’s"):
        assert text in item["body"]
    assert item["related"][1]["title"] == "Japan’s tea imports rise for a third year"


def test_disclaimer_sets_syndicated_and_its_absence_does_not(html):
    assert parse(html).item["syndicated"] is True
    without = html.replace("(This story has not been edited by Devdiscourse staff and is auto-generated "
                           "from a syndicated feed.)", "")
    item = parse(without).item
    assert item["syndicated"] is False and item["body"].split("\n\n") == BODY


def test_day_first_trap_in_the_byline(html):
    item = parse(html.replace("Created: 03-04-2025 21:07 IST", "Created: 05-11-2024 09:15 IST")).item
    assert item["published"] == "2024-11-05T09:15:00+05:30"  # 5 November, India time


def test_unreadable_byline_date_is_null_not_guessed(html):
    item = parse(html.replace("Updated: 04-04-2025 08:30 IST", "Updated: 04-04-2025 08:30 GMT")).item
    assert item["modified"] is None


def test_revision_slugs_give_update_flags_and_clean_title(html):
    item = parse(html).item
    assert (item["update"], item["wire_flags"], item["title"]) == (
        2, ["REFILE"], "Darjeeling first flush fetches record price at Kolkata auction")


def test_headline_falls_back_to_og_title(html):
    start = html.index('<h1 class="news-title">')
    without_h1 = html[:start] + html[html.index("</h1>", start) + 5:]
    assert parse(without_h1).item["headline"] == EXPECTED["headline"]


def test_image_url_falls_back_to_og_image(html):
    start = html.index('<div class="news-image">')
    without_image = html[:start] + html[html.index("</div>", start) + 6:]
    item = parse(without_image).item
    assert item["image_url"] == "https://www.devdiscourse.com/static/images/share-default.png"
    assert item["image_credit"] is None


def test_image_credit_without_its_label(html):
    item = parse(html.replace("Image Credit:&nbsp;Tea Board of India", "Tea Board of India")).item
    assert item["image_credit"] == "Tea Board of India"


def test_missing_optional_fields_are_null(html):
    for cut in ('<span class="news-location">Kolkata</span> |', '<span class="news-updated">Updated: 04-04-2025 '
                '08:30 IST</span> |'):
        html = html.replace(cut, "")
    item = parse(html).item
    assert item["dateline"] is None and item["modified"] is None


def test_meta_keywords_are_not_tags(html):
    """The keywords meta holds SEO terms ("Kolkata", "Japan"), not the page's tags."""
    start = html.index('<div class="news-tags">')
    without_tags = html[:start] + html[html.index("</div>", start) + 6:]
    assert parse(without_tags).item["tags"] == []
