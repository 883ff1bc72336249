"""The site contract (shared/site-spec): its pages must give its exact items.

The contract folder is found through $NEWSCRAWL_SITE_SPEC, <repo>/../shared/site-spec
or /work/shared/site-spec; when none exists these tests fail, they never skip.
"""

from __future__ import annotations

import json

import pytest

from newscrawl.items import ArticleItem
from newscrawl.parsing.devdiscourse import parse_article, parse_listing, parse_nav
from newscrawl.schemas import validate_article

CRAWL_FIELDS = ("story_id", "supersedes", "crawled_at")
ARTICLES = [("article-legacy", "legacy"), ("article-current", "current")]
NAV = ["politics", "international", "business", "health", "science-environment", "sports-games", "law-order"]


def crawled(item) -> dict:
    """The item as the revision pipeline completes it (what the schema sees at export)."""
    return {**dict(item), "story_id": item["article_id"], "supersedes": [],
            "crawled_at": "2026-01-01T00:00:00+00:00"}


@pytest.mark.parametrize(("name", "layout"), ARTICLES)
def test_contract_page_gives_exactly_the_contract_item(spec_text, name, layout):
    expected = json.loads(spec_text(f"{name}.expected.json"))
    parsed = parse_article(spec_text(f"{name}.html"), expected["url"])
    item = {k: v for k, v in dict(parsed.item).items() if k not in CRAWL_FIELDS}
    assert item == expected
    assert list(item) == list(expected), "fields come in the contract's order"
    assert (parsed.layout, parsed.body_extractor) == (layout, "selectors")


@pytest.mark.parametrize(("name", "layout"), ARTICLES)
def test_crawl_dependent_fields_are_left_empty(spec_text, name, layout):
    expected = json.loads(spec_text(f"{name}.expected.json"))
    item = parse_article(spec_text(f"{name}.html"), expected["url"]).item
    assert isinstance(item, ArticleItem)
    assert (item["story_id"], item["supersedes"], item["crawled_at"]) == (None, [], None)


@pytest.mark.parametrize(("name", "layout"), ARTICLES)
def test_contract_item_from_a_tracking_url_is_the_same(spec_text, name, layout):
    """The canonical link, not the URL the crawler happened to use, is the item's url."""
    expected = json.loads(spec_text(f"{name}.expected.json"))
    parsed = parse_article(spec_text(f"{name}.html"), expected["url"] + "?utm_source=rss&page=1#comments")
    assert {k: v for k, v in dict(parsed.item).items() if k not in CRAWL_FIELDS} == expected


@pytest.mark.parametrize(("name", "layout"), ARTICLES)
def test_contract_items_are_valid(spec_text, name, layout):
    expected = json.loads(spec_text(f"{name}.expected.json"))
    assert validate_article(crawled(parse_article(spec_text(f"{name}.html"), expected["url"]).item)) == []


def test_contract_section_listing(spec_text):
    listing = parse_listing(spec_text("section.html"), "https://www.devdiscourse.com/news/politics")
    assert (listing.section, listing.client_rendered) == ("politics", False)
    assert listing.next_url == "https://www.devdiscourse.com/news/politics?page=2"
    base = "https://www.devdiscourse.com/article/politics/"
    assert [(e.url, e.sponsored) for e in listing.entries] == [
        (base + "632340-update-2-russian-jets-pound-idlib-as-rebels-brace-for-new-offensive", False),
        (base + "632331-pm-to-launch-national-animal-disease-control-programme-in-mathura", False),
        (base + "632312-update-1-syrian-rebels-say-russian-backed-forces-prepare-to-resume-offensive", False),
        ("https://partner.example.com/promo?utm_source=devdiscourse", True),
        (base + "632297-syrian-rebels-say-russian-backed-forces-prepare-to-resume-offensive", False),
    ]
    first = listing.entries[0]
    assert first.headline == "UPDATE 2-Russian jets pound Idlib as rebels brace for new offensive"
    assert first.agency == "Reuters"
    assert first.summary == "Jets believed to be Russian struck villages in Idlib province for a third day on Thursday..."
    articles = [e for e in listing.entries if not e.sponsored]
    assert [e.published.isoformat() for e in articles] == [
        "2019-09-12T09:41:00+05:30", "2019-09-12T07:02:00+05:30",
        "2019-09-12T04:04:00+05:30", "2019-09-12T01:52:00+05:30"]
    sponsored = listing.entries[3]
    assert sponsored.headline == "Sponsored: Invest in the future"
    assert (sponsored.agency, sponsored.published, sponsored.summary) == (None, None, None)


def test_contract_client_rendered_listing(spec_text):
    listing = parse_listing(spec_text("section-client.html"), "https://www.devdiscourse.com/news/health")
    assert listing.client_rendered is True
    assert (listing.entries, listing.next_url, listing.section) == ([], None, "health")


@pytest.mark.parametrize("name", ["section.html", "section-client.html", "article-current.html",
                                  "article-legacy.html"])
def test_contract_nav(spec_text, name):
    """The header nav, or on legacy pages the left menu: the same sections."""
    assert parse_nav(spec_text(name), "https://www.devdiscourse.com/") == NAV
