"""The current layout on our own fixture pages: JSON-LD first, then <meta>, then markup.

tests/fixtures/current_football.html is our own page in the current markup;
the variants below take its structured data away (or break it) to show that
the markup gives the same fields.
"""

from __future__ import annotations

import json
import re

import pytest

from newscrawl.parsing.devdiscourse import parse_article

BASE = "https://www.devdiscourse.com/article/"
URL = BASE + "sports-games/5120033-soccer-bengaluru-fc-sign-uruguayan-midfielder-on-two-year-deal"
IMAGE = "https://www.devdiscourse.com/remote.axd?https://devdiscourse.blob.core.windows.net/devnews/bfc_5120033.jpg"
BODY = [
    "Bengaluru FC have signed Uruguayan midfielder Martín Sosa on a two-year contract, the Indian Super League "
    "club said on Wednesday.",
    "Sosa, 27, spent the last three seasons with Montevideo Wanderers and scored nine goals in 61 league "
    "appearances.",
    "“He reads the game quickly and presses without the ball,” head coach Gerard Zaragoza said.",
    "The club's next match is against Kerala Blasters in Kochi on November 9.",
]
EXPECTED = {
    "url": URL,
    "article_id": "5120033",
    "section": "sports-games",
    "headline": "Soccer-Bengaluru FC sign Uruguayan midfielder on two-year deal",
    "title": "Soccer-Bengaluru FC sign Uruguayan midfielder on two-year deal",  # a topic slug is no revision
    "update": 0,
    "wire_flags": [],
    "source": "Reuters",
    "dateline": "Bengaluru",
    "published": "2025-11-05T09:15:00+05:30",
    "modified": "2025-11-05T10:12:45+05:30",
    "image_url": IMAGE,
    "image_credit": "Bengaluru FC",
    "body": "\n\n".join(BODY),
    "tags": ["football", "ISL", "Bengaluru FC"],
    "related": [
        {"title": "ISL transfer window opens with record spending",
         "url": BASE + "sports-games/5120010-isl-transfer-window-opens-with-record-spending"},
        {"title": "Kerala Blasters name new captain",
         "url": BASE + "sports-games/5120001-kerala-blasters-name-new-captain"},
    ],
    "syndicated": True,
    "story_id": None,
    "supersedes": [],
    "crawled_at": None,
}
JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
#: The URL the crawler used: a tracking query the canonical link does not have.
FETCHED = URL + "?utm_source=rss"


@pytest.fixture
def html(page):
    return page("current_football.html")


def parse(html: str):
    return parse_article(html, FETCHED)


def with_json_ld(html: str, block: str | None) -> str:
    """The page with its JSON-LD replaced by *block* (raw script text), or removed."""
    script = "" if block is None else f'<script type="application/ld+json">{block}</script>'
    return JSON_LD.sub(lambda _: script, html)


def without_meta(html: str) -> str:
    return re.sub(r'<meta property="(article:[a-z_]+|og:[a-z]+)"[^>]*>\n', "", html)


def test_every_field(html):
    parsed = parse(html)
    assert (parsed.layout, parsed.body_extractor) == ("current", "selectors")
    assert dict(parsed.item) == EXPECTED


def test_relative_canonical_is_made_absolute_and_beats_the_fetched_url(html):
    assert 'href="/article/sports-games/5120033' in html
    assert parse(html).item["url"] == URL


@pytest.mark.parametrize(("rule", "not_body"), [
    ("ad container", "adsbygoogle"), ("plain <p> Also Read line", "ISL transfer window"),
    ("div.read-more line", "Kerala Blasters name"), ("related words", "Also Read"), ("related words", "READ MORE"),
    ("embedded tweet", "Tweet words"), ("embedded tweet", "Bienvenido"),
    ("image caption", "Sree Kanteerava"), ("inline caption", "Training words"), ("image credit", "Image Credit"),
    ("ad label paragraph", "Advertisement"), ("trending rail", "Trending"), ("latest news", "Latest News"),
    ("footer", "Footer words"), ("footer", "Give Feedback"), ("breadcrumb", "Home"), ("byline", "Updated:"),
    ("disclaimer", "not been edited"),
])
def test_body_excludes(html, rule, not_body):
    assert not_body not in parse(html).item["body"], rule


def test_without_json_ld_the_meta_and_markup_give_the_same_fields(html):
    bare = with_json_ld(html, None)
    assert "ld+json" not in bare
    assert dict(parse(bare).item) == EXPECTED


def test_without_json_ld_or_meta_the_markup_gives_the_same_fields(html):
    bare = without_meta(with_json_ld(html, None))
    assert "article:modified_time" not in bare and "og:image" not in bare
    # The visible "Updated: 05-11-2025 10:12 IST" has no seconds; it is 5 November, India time.
    assert dict(parse(bare).item) == {**EXPECTED, "modified": "2025-11-05T10:12:00+05:30"}


def test_json_ld_comes_before_meta_and_markup(html):
    changed = html.replace('"name": "Reuters"', '"name": "Thomson Reuters"').replace(
        '"datePublished": "2025-11-05T09:15:00+05:30"', '"datePublished": "2025-11-05T03:45:00Z"')
    item = parse(changed).item
    assert item["source"] == "Thomson Reuters"
    assert item["published"] == "2025-11-05T03:45:00+00:00"


def test_meta_comes_before_markup(html):
    changed = with_json_ld(html, None).replace(
        '<time class="story-published" datetime="2025-11-05T09:15:00+05:30">',
        '<time class="story-published" datetime="2025-11-05T09:00:00+05:30">')
    assert parse(changed).item["published"] == "2025-11-05T09:15:00+05:30"


def test_an_unparseable_structured_date_gives_way_to_the_next_source(html):
    changed = html.replace('"dateModified": "2025-11-05T10:12:45+05:30"', '"dateModified": "last week"')
    assert parse(changed).item["modified"] == "2025-11-05T10:12:45+05:30"  # from article:modified_time


ARTICLE = {"@type": "NewsArticle", "headline": "JSON-LD headline", "author": {"name": "AFP"},
           "datePublished": "2025-11-04T20:00:00+05:30", "image": "/remote.axd?x/ld-image.jpg"}


@pytest.mark.parametrize("shape", [
    pytest.param(ARTICLE, id="bare object"),
    pytest.param([{"@type": "Organization", "name": "Devdiscourse"}, ARTICLE], id="list"),
    pytest.param({"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, ARTICLE]}, id="@graph"),
    pytest.param({**ARTICLE, "@type": ["NewsArticle", "Article"]}, id="list of types"),
    pytest.param({**ARTICLE, "@type": "https://schema.org/NewsArticle"}, id="type as URL"),
])
def test_json_ld_shapes(html, shape):
    item = parse(with_json_ld(html, json.dumps(shape))).item
    assert (item["headline"], item["source"], item["published"]) == (
        "JSON-LD headline", "AFP", "2025-11-04T20:00:00+05:30")
    assert item["image_url"] == "https://www.devdiscourse.com/remote.axd?x/ld-image.jpg"


@pytest.mark.parametrize("block", [
    '{"@type": "NewsArticle", "headline": "broken", }',   # trailing comma
    "<p>not json at all</p>",
    '{"@type": "BreadcrumbList", "itemListElement": []}',  # valid, but no article in it
    "",
])
def test_invalid_or_irrelevant_json_ld_is_ignored(html, block):
    assert dict(parse(with_json_ld(html, block)).item) == EXPECTED


def test_og_image_is_the_last_resort_for_the_image(html):
    start = html.index('<figure class="story-image">')
    no_figure = html[:start] + html[html.index("</figure>", start) + 9:]
    item = parse(with_json_ld(no_figure, None)).item
    assert item["image_url"] == "https://www.devdiscourse.com/static/images/share-default.png"
    assert item["image_credit"] is None


def test_a_caption_without_a_credit_gives_no_credit(html):
    item = parse(html.replace(" Image Credit: Bengaluru FC", "")).item
    assert item["image_credit"] is None


def test_tags_fall_back_to_markup_then_to_keywords(html):
    no_meta_tags = re.sub(r'<meta property="article:tag"[^>]*>\n', "", html)
    assert parse(no_meta_tags).item["tags"] == ["football", "ISL", "Bengaluru FC"]
    start = no_meta_tags.index('<div class="story-tags">')
    no_tags = no_meta_tags[:start] + no_meta_tags[no_meta_tags.index("</div>", start) + 6:]
    assert parse(no_tags).item["tags"] == ["football", "ISL", "Bengaluru FC", "transfers"]


def test_a_prose_paragraph_starting_with_read_more_stays_body(html):
    """Only a line with a colon after the words, or with a link, is a related line."""
    line = "Read more quietly, the coach told his players before the match."
    item = parse(html.replace("<p>Advertisement</p>", f"<p>{line}</p>")).item
    assert line in item["body"].split("\n\n")


def test_disclaimer_inside_a_paragraph_keeps_the_paragraph_text(html):
    changed = html.replace(
        "<p>(This story has not been edited",
        "<p>Tickets go on sale on Friday. (This story has not been edited")
    item = parse(changed).item
    assert item["syndicated"] is True
    assert item["body"].split("\n\n")[-1] == "Tickets go on sale on Friday."


def test_disclaimer_outside_the_body_container_still_marks_syndicated(html):
    disclaimer = ("<p>(This story has not been edited by Devdiscourse staff and is auto-generated from a "
                  "syndicated feed.)</p>")
    moved = html.replace(disclaimer, "").replace(
        '<div class="story-tags">', f'<div class="story-footnote">{disclaimer}</div><div class="story-tags">')
    item = parse(moved).item
    assert item["syndicated"] is True and item["body"] == EXPECTED["body"]


def test_desk_story_without_disclaimer_is_not_syndicated(html):
    desk = html.replace("<p>(This story has not been edited by Devdiscourse staff and is auto-generated from a "
                        "syndicated feed.)</p>", "")
    assert parse(desk).item["syndicated"] is False
