"""The Devdiscourse parser: pure functions of (html, url), no crawl.

Contract pages (shared/site-spec) must give the contract's exact items; our
own fixtures (tests/fixtures, our own made-up text) cover every field and
every body rule, in both layouts, plus the fallbacks and failures.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from newscrawl.parsing.dates import parse_day_first, to_iso
from newscrawl.parsing.devdiscourse import NoLayoutError, parse_article, parse_listing, parse_nav
from newscrawl.schemas import validate_article

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
CRAWL_FIELDS = ("story_id", "supersedes", "crawled_at")
ALL_FIELDS = {"url", "article_id", "section", "headline", "title", "update", "wire_flags", "source", "dateline",
              "published", "modified", "image_url", "image_credit", "body", "tags", "related", "syndicated",
              *CRAWL_FIELDS}
NOT_BODY = ("Advertisement", "googletag", "adsbygoogle", "Also Read", "READ MORE", "not been edited",
            "syndicated feed", "Tweet text", "Caption text", "Image Credit", "not body", "Latest News",
            "Sidebar", "Feedback", "Footer", "Trending")


def site_spec() -> Path:
    candidates = [os.environ.get("NEWSCRAWL_SITE_SPEC"), HERE.parent.parent / "shared" / "site-spec",
                  Path("/work/shared/site-spec")]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    pytest.fail("the site contract (shared/site-spec) is missing: set NEWSCRAWL_SITE_SPEC to its folder "
                f"(looked in {[str(c) for c in candidates if c]})")


def spec_file(name: str) -> str:
    path = site_spec() / name
    if not path.is_file():
        pytest.fail(f"the site contract file {path} is missing")
    return path.read_text(encoding="utf-8")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def complete(item) -> dict:
    data = dict(item)
    data.update(story_id=data["article_id"], supersedes=[], crawled_at="2026-01-01T00:00:00+00:00")
    return data


def assert_clean_body(body: str):
    for excluded in NOT_BODY:
        assert excluded not in body, excluded
    assert "\n\n\n" not in body and not body.startswith("\n") and not body.endswith("\n")


def by_url(links):
    return sorted(links, key=lambda link: link["url"])


# --- the contract ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["article-legacy", "article-current"])
def test_contract_pages_give_the_contract_items(name):
    expected = json.loads(spec_file(f"{name}.expected.json"))
    parsed = parse_article(spec_file(f"{name}.html"), expected["url"])
    assert set(parsed.item.keys()) == ALL_FIELDS
    item = {k: v for k, v in dict(parsed.item).items() if k not in CRAWL_FIELDS}
    assert item == expected
    assert parsed.layout == name.split("-")[1]
    assert parsed.body_extractor == "selectors"
    assert validate_article(complete(parsed.item)) == []


def test_contract_section_listing():
    url = "https://www.devdiscourse.com/news/politics"
    listing = parse_listing(spec_file("section.html"), url)
    assert listing.next_url == "https://www.devdiscourse.com/news/politics?page=2"
    assert not listing.client_rendered and listing.section == "politics"
    assert len(listing.entries) == 5
    sponsored = [e for e in listing.entries if e.sponsored]
    assert len(sponsored) == 1 and sponsored[0].url.startswith("https://partner.example.com/")
    articles = [e for e in listing.entries if not e.sponsored]
    assert [e.url for e in articles] == [
        "https://www.devdiscourse.com/article/politics/632340-update-2-russian-jets-pound-idlib-as-rebels-brace-for-new-offensive",
        "https://www.devdiscourse.com/article/politics/632331-pm-to-launch-national-animal-disease-control-programme-in-mathura",
        "https://www.devdiscourse.com/article/politics/632312-update-1-syrian-rebels-say-russian-backed-forces-prepare-to-resume-offensive",
        "https://www.devdiscourse.com/article/politics/632297-syrian-rebels-say-russian-backed-forces-prepare-to-resume-offensive",
    ]
    first = articles[0]
    assert first.headline == "UPDATE 2-Russian jets pound Idlib as rebels brace for new offensive"
    assert first.agency == "Reuters" and first.summary.startswith("Jets believed to be Russian")
    assert [e.published.isoformat() for e in articles] == [
        "2019-09-12T09:41:00+05:30", "2019-09-12T07:02:00+05:30",
        "2019-09-12T04:04:00+05:30", "2019-09-12T01:52:00+05:30"]
    assert all(e.published.utcoffset().total_seconds() == 5.5 * 3600 for e in articles)


def test_contract_client_rendered_listing():
    listing = parse_listing(spec_file("section-client.html"), "https://www.devdiscourse.com/news/health")
    assert listing.client_rendered is True
    assert listing.entries == [] and listing.next_url is None and listing.section == "health"


@pytest.mark.parametrize("name", ["section.html", "article-current.html", "article-legacy.html"])
def test_contract_nav_slugs(name):
    assert parse_nav(spec_file(name), "https://www.devdiscourse.com/") == [
        "politics", "international", "business", "health", "science-environment", "sports-games", "law-order"]


# --- our own fixtures: legacy layout -----------------------------------------------

LEGACY_URL = ("https://www.devdiscourse.com/article/business/"
              "700123-refile-update-2-harbour-pilots-in-sao-paulo-end-strike-after-wage-deal")
LEGACY_BODY = [
    "Harbour pilots at the port of Santos ended a four-day strike on Tuesday after the operator agreed to "
    "raise wages by 9%, union leaders said.",
    "The stoppage had left more than 40 ships waiting offshore, costing exporters an estimated ₹310 crore a "
    "day in delays.",
    "“We have a deal that respects the work we do at night,” said union head Marta Quirós.",
    "Operators said traffic would return to normal by Thursday.",
]


def test_legacy_every_field():
    parsed = parse_article(fixture("legacy_wire.html"), LEGACY_URL)
    item = dict(parsed.item)
    assert parsed.layout == "legacy" and parsed.body_extractor == "selectors"
    assert set(item) == ALL_FIELDS
    assert {k: v for k, v in item.items() if k not in ("body", "related", *CRAWL_FIELDS)} == {
        "url": LEGACY_URL,
        "article_id": "700123",
        "section": "business",
        "headline": "REFILE-UPDATE 2-Harbour pilots in São Paulo end strike after wage deal",
        "title": "Harbour pilots in São Paulo end strike after wage deal",
        "update": 2,
        "wire_flags": ["REFILE"],
        "source": "Reuters",
        "dateline": "São Paulo",
        # the day-first trap: 05-11-2024 is 5 November, and IST is +05:30
        "published": "2024-11-05T09:15:00+05:30",
        "modified": "2024-11-05T09:45:00+05:30",
        "image_url": "https://www.devdiscourse.com/remote.axd?https://example.blob/pilots.jpg",
        "image_credit": "Flickr",
        "tags": ["Ports", "Strike"],
        "syndicated": True,
    }
    assert item["body"].split("\n\n") == LEGACY_BODY
    assert by_url(item["related"]) == by_url([
        {"title": "Port fees rise for the third time this year",
         "url": "https://www.devdiscourse.com/article/business/700099-port-fees-rise"},
        {"title": "Coffee exports slow as freight costs climb",
         "url": "https://www.devdiscourse.com/article/business/700100-coffee-exports-slow"},
        {"title": "Brazil trade surplus narrows in October",
         "url": "https://www.devdiscourse.com/article/international/700111-brazil-trade-surplus-narrows"},
    ])


def test_legacy_body_rules():
    body = parse_article(fixture("legacy_wire.html"), LEGACY_URL).item["body"]
    assert_clean_body(body)
    assert "Greve encerrada" not in body and "Cargo ships anchored" not in body
    assert "₹310" in body and "Quirós" in body  # non-ASCII kept as is


# --- our own fixtures: current layout ----------------------------------------------

CURRENT_URL = ("https://www.devdiscourse.com/article/agro-forestry/"
               "4200777-corrected-update-1-coffee-growers-in-minas-gerais-count-frost-damage")
CURRENT_EXPECTED = {
    "url": CURRENT_URL,
    "article_id": "4200777",
    "section": "agro-forestry",
    "headline": "CORRECTED-UPDATE 1-Coffee growers in Minas Gerais count frost damage",
    "title": "Coffee growers in Minas Gerais count frost damage",
    "update": 1,
    "wire_flags": ["CORRECTED"],
    "source": "Reuters",
    "dateline": "São Paulo",
    "published": "2026-01-08T06:40:00+05:30",
    "modified": "2026-01-08T07:55:00+05:30",
    "image_url": "https://www.devdiscourse.com/remote.axd?https://example.blob/coffee.jpg",
    "image_credit": "Pixabay",
    "body": "\n\n".join([
        "Coffee growers in southern Minas Gerais said on Wednesday that an overnight frost had singed young "
        "trees on about 4% of the region's plantations.",
        "Arabica futures rose 3% in New York, while exporters in Santos quoted prices near R$1.450 a bag, "
        "or about ₹24,000.",
        "Agronomist Luísa Ferraz said most trees would recover before the next flowering.",
    ]),
    "tags": ["coffee", "Brazil", "frost"],
    "syndicated": True,
}
CURRENT_RELATED = [
    {"title": "Frost risk models improve",
     "url": "https://www.devdiscourse.com/article/agro-forestry/4200600-frost-risk-models-improve"},
    {"title": "Arabica prices hit a three-month high",
     "url": "https://www.devdiscourse.com/article/business/4200700-arabica-prices-hit-a-three-month-high"},
    {"title": "Brazil raises crop forecast",
     "url": "https://www.devdiscourse.com/article/agro-forestry/4200650-brazil-raises-crop-forecast"},
]


def fields(item) -> dict:
    return {k: v for k, v in dict(item).items() if k not in ("related", *CRAWL_FIELDS)}


def test_current_every_field():
    parsed = parse_article(fixture("current_wire.html"), CURRENT_URL)
    assert parsed.layout == "current" and parsed.body_extractor == "selectors"
    assert set(parsed.item) == ALL_FIELDS
    assert fields(parsed.item) == CURRENT_EXPECTED
    assert by_url(parsed.item["related"]) == by_url(CURRENT_RELATED)
    assert_clean_body(parsed.item["body"])
    assert "Geada" not in parsed.item["body"]


def test_current_without_json_ld_gives_the_same_fields():
    assert "ld+json" not in fixture("current_no_jsonld.html")
    parsed = parse_article(fixture("current_no_jsonld.html"), CURRENT_URL)
    assert fields(parsed.item) == CURRENT_EXPECTED
    assert by_url(parsed.item["related"]) == by_url(CURRENT_RELATED)


def test_current_without_json_ld_or_article_meta_gives_the_same_fields():
    html = re.sub(r'<meta property="(article:[a-z_]+|og:[a-z]+)"[^>]*>\n', "", fixture("current_no_jsonld.html"))
    assert "article:published_time" not in html and "og:image" not in html
    parsed = parse_article(html, CURRENT_URL)
    assert fields(parsed.item) == CURRENT_EXPECTED


def test_current_desk_story_is_not_syndicated():
    url = "https://www.devdiscourse.com/article/technology/4100200-solar-park-lifts-village-incomes-in-rajasthan"
    item = parse_article(fixture("current_desk.html"), url).item
    assert item["source"] == "Devdiscourse News Desk" and item["syndicated"] is False
    assert item["update"] == 0 and item["wire_flags"] == [] and item["title"] == item["headline"]
    assert item["image_credit"] == "Devdiscourse"
    assert_clean_body(item["body"])


# --- fallbacks and failures --------------------------------------------------------

MALFORMED_URL = ("https://www.devdiscourse.com/article/health/"
                 "700555-ferry-services-resume-on-the-brahmaputra-after-floods-recede")


def test_malformed_html_still_gives_the_fields():
    parsed = parse_article(fixture("legacy_malformed.html"), MALFORMED_URL)
    item = parsed.item
    assert parsed.layout == "legacy" and parsed.body_extractor == "selectors"
    assert item["url"] == MALFORMED_URL and item["article_id"] == "700555" and item["section"] == "health"
    assert item["headline"] == item["title"] == "Ferry services resume on the Brahmaputra after floods recede"
    assert item["source"] == "PTI" and item["dateline"] == "Guwahati"
    assert item["published"] == "2025-08-03T17:05:00+05:30" and item["modified"] == "2025-08-03T18:20:00+05:30"
    assert item["image_url"] == "https://www.devdiscourse.com/remote.axd?https://example.blob/ferry.jpg"
    assert item["image_credit"] == "ANI" and item["tags"] == ["floods", "Assam"]
    assert item["related"] == [{"title": "Assam flood toll rises",
                                "url": "https://www.devdiscourse.com/article/health/700540-assam-flood-toll-rises"}]
    assert item["body"].split("\n\n") == [
        "Ferry services between Guwahati and North Guwahati resumed on Sunday after the Brahmaputra fell below "
        "the danger mark, officials said.",
        "About 1,200 passengers crossed on the first day, the inland water transport department said.",
        "Boat operators were told to carry life jackets for every passenger.",
    ]
    assert_clean_body(item["body"])
    assert item["syndicated"] is False


def test_missing_body_container_falls_back_to_trafilatura_on_the_article_only():
    url = "https://www.devdiscourse.com/article/business/4300100-kochi-water-metro-adds-two-routes"
    parsed = parse_article(fixture("current_no_body_container.html"), url)
    assert parsed.body_extractor == "trafilatura"
    body = parsed.item["body"]
    assert body and body.startswith("Kochi's water metro opened two new routes")
    assert "₹20" in body and "several thousand daily trips" in body
    assert "cricket" not in body and "stock markets" not in body and "copyright" not in body
    assert_clean_body(body)
    assert parsed.item["source"] == "Devdiscourse News Desk" and parsed.item["dateline"] == "Kochi"
    assert validate_article(complete(parsed.item)) == []


def test_empty_body_container_gives_an_empty_body_not_an_invented_one():
    url = "https://www.devdiscourse.com/article/sports-games/4300222-placeholder-story"
    parsed = parse_article(fixture("current_empty_body.html"), url)
    assert parsed.body_extractor == "selectors"
    assert parsed.item["body"] == ""
    errors = validate_article(complete(parsed.item))
    assert errors and all(e.startswith("body:") for e in errors)  # the pipeline drops it


def test_no_layout():
    with pytest.raises(NoLayoutError, match="matches no article layout"):
        parse_article(fixture("no_layout.html"), CURRENT_URL)


# --- dates, headlines and schema ------------------------------------------------------

def test_day_first_ist_dates():
    assert parse_day_first("Created: 05-11-2024 09:15 IST").isoformat() == "2024-11-05T09:15:00+05:30"
    assert to_iso("Updated: 01-02-2026 23:59 IST") == "2026-02-01T23:59:00+05:30"  # 1 February, not 2 January
    assert to_iso("12-09-2019 04:00 IST") == "2019-09-12T04:00:00+05:30"
    assert to_iso("2025-07-02T14:25:08Z") == "2025-07-02T14:25:08+00:00"
    with pytest.raises(ValueError):
        parse_day_first("yesterday")


def test_day_first_ist_in_a_legacy_page():
    html = fixture("legacy_wire.html").replace("Created: 05-11-2024 09:15 IST", "Created: 03-04-2025 21:07 IST")
    assert parse_article(html, LEGACY_URL).item["published"] == "2025-04-03T21:07:00+05:30"


def test_refile_update_headline():
    item = parse_article(fixture("legacy_wire.html"), LEGACY_URL).item
    assert item["update"] == 2 and item["wire_flags"] == ["REFILE"]
    assert "REFILE" not in item["title"] and "UPDATE" not in item["title"]
    assert item["title"] == "Harbour pilots in São Paulo end strike after wage deal"


FIXTURE_PAGES = [
    ("legacy_wire.html", LEGACY_URL),
    ("legacy_malformed.html", MALFORMED_URL),
    ("current_wire.html", CURRENT_URL),
    ("current_no_jsonld.html", CURRENT_URL),
    ("current_desk.html",
     "https://www.devdiscourse.com/article/technology/4100200-solar-park-lifts-village-incomes-in-rajasthan"),
    ("current_no_body_container.html",
     "https://www.devdiscourse.com/article/business/4300100-kochi-water-metro-adds-two-routes"),
]


@pytest.mark.parametrize(("name", "url"), FIXTURE_PAGES)
def test_every_parsed_fixture_is_a_valid_item(name, url):
    assert validate_article(complete(parse_article(fixture(name), url).item)) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [({"published": "05-11-2024 09:15 IST"}, "published"), ({"published": "2024-11-05T09:15:00"}, "published"),
     ({"article_id": "A12"}, "article_id"), ({"body": ""}, "body"), ({"update": -1}, "update"),
     ({"wire_flags": ["URGENT"]}, "wire_flags"), ({"crawled_at": "2026-01-01T00:00:00+05:30"}, "crawled_at"),
     ({"related": [{"title": "x", "url": "/relative"}]}, "related")],
)
def test_schema_names_the_broken_field(change, field):
    item = complete(parse_article(fixture("current_wire.html"), CURRENT_URL).item)
    item.update(change)
    errors = validate_article(item)
    assert errors and all(e.startswith(field) for e in errors), errors


@pytest.mark.parametrize("field", ["tags", "published", "body", "story_id"])
def test_schema_requires_every_field(field):
    item = complete(parse_article(fixture("current_wire.html"), CURRENT_URL).item)
    del item[field]
    assert validate_article(item) == [f"(item): '{field}' is a required property"]
