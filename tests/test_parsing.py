"""The Devdiscourse parser: pure functions of (html, url), no crawl.

Contract pages (shared/site-spec) must give the contract's exact items; our
own fixtures cover every field and every body rule, in both layouts, plus the
fallbacks and failures.
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


def site_spec() -> Path:
    candidates = [os.environ.get("NEWSCRAWL_SITE_SPEC"), HERE.parent.parent / "shared" / "site-spec",
                  Path("/work/shared/site-spec")]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    pytest.fail("the site contract (shared/site-spec) is missing: set NEWSCRAWL_SITE_SPEC to its folder")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def complete(item) -> dict:
    data = dict(item)
    data.update(story_id=data["article_id"], supersedes=[], crawled_at="2026-01-01T00:00:00+00:00")
    return data


# --- the contract ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["article-legacy", "article-current"])
def test_contract_pages_give_the_contract_items(name):
    spec = site_spec()
    expected = json.loads((spec / f"{name}.expected.json").read_text(encoding="utf-8"))
    parsed = parse_article((spec / f"{name}.html").read_text(encoding="utf-8"), expected["url"])
    item = {k: v for k, v in dict(parsed.item).items() if k not in CRAWL_FIELDS}
    assert item == expected
    assert parsed.body_extractor == "selectors"
    assert validate_article(complete(parsed.item)) == []


def test_contract_listing_pages():
    spec = site_spec()
    url = "https://www.devdiscourse.com/news/politics"
    listing = parse_listing((spec / "section.html").read_text(encoding="utf-8"), url)
    assert listing.next_url == "https://www.devdiscourse.com/news/politics?page=2"
    assert not listing.client_rendered and listing.section == "politics"
    sponsored = [e for e in listing.entries if e.sponsored]
    assert len(sponsored) == 1 and sponsored[0].url.startswith("https://partner.example.com/")
    first = listing.entries[0]
    assert first.headline.startswith("UPDATE 2-Russian jets") and first.agency == "Reuters"
    assert first.published.isoformat() == "2019-09-12T09:41:00+05:30"
    client = parse_listing((spec / "section-client.html").read_text(encoding="utf-8"),
                           "https://www.devdiscourse.com/news/health")
    assert client.client_rendered and client.entries == [] and client.next_url is None
    assert parse_nav((spec / "section.html").read_text(encoding="utf-8"), url)[:3] == [
        "politics", "international", "business"]


# --- our own fixtures: legacy layout -----------------------------------------------

LEGACY_URL = "https://www.devdiscourse.com/article/business/700123-refile-update-2-harbour-pilots-in-sao-paulo-end-strike-after-wage-deal"


def test_legacy_every_field():
    parsed = parse_article(fixture("legacy_wire.html"), LEGACY_URL)
    item = parsed.item
    assert parsed.layout == "legacy"
    assert item["url"] == LEGACY_URL and item["article_id"] == "700123" and item["section"] == "business"
    assert item["headline"] == "REFILE-UPDATE 2-Harbour pilots in São Paulo end strike after wage deal"
    assert item["title"] == "Harbour pilots in São Paulo end strike after wage deal"
    assert item["update"] == 2 and item["wire_flags"] == ["REFILE"]
    assert item["source"] == "Reuters" and item["dateline"] == "São Paulo"
    # the day-first trap: 05-11-2024 is 5 November, and IST is +05:30
    assert item["published"] == "2024-11-05T09:15:00+05:30"
    assert item["modified"] == "2024-11-05T09:45:00+05:30"
    assert item["image_url"] == "https://www.devdiscourse.com/remote.axd?https://example.blob/pilots.jpg"
    assert item["image_credit"] == "Flickr"
    assert item["tags"] == ["Ports", "Strike"]
    assert item["related"] == [
        {"title": "Port fees rise for the third time this year",
         "url": "https://www.devdiscourse.com/article/business/700099-port-fees-rise"},
        {"title": "Coffee exports slow as freight costs climb",
         "url": "https://www.devdiscourse.com/article/business/700100-coffee-exports-slow"},
    ]
    assert item["syndicated"] is True
    assert validate_article(complete(item)) == []


def test_legacy_body_rules():
    body = parse_article(fixture("legacy_wire.html"), LEGACY_URL).item["body"]
    paragraphs = body.split("\n\n")
    assert paragraphs == [
        "Harbour pilots at the port of Santos ended a four-day strike on Tuesday after the operator agreed to "
        "raise wages by 9%, union leaders said.",
        "The stoppage had left more than 40 ships waiting offshore, costing exporters an estimated ₹310 crore a "
        "day in delays.",
        "“We have a deal that respects the work we do at night,” said union head Marta Quirós.",
        "Operators said traffic would return to normal by Thursday.",
    ]
    for excluded in ("Advertisement", "googletag", "Also Read", "not been edited", "Sidebar", "Feedback"):
        assert excluded not in body


# --- our own fixtures: current layout ----------------------------------------------

CURRENT_URL = "https://www.devdiscourse.com/article/technology/4100200-solar-park-lifts-village-incomes-in-rajasthan"


def test_current_every_field():
    parsed = parse_article(fixture("current_desk.html"), CURRENT_URL)
    item = parsed.item
    assert parsed.layout == "current"
    assert item["article_id"] == "4100200" and item["section"] == "technology"
    assert item["headline"] == item["title"] == "Solar park lifts village incomes in Rajasthan"
    assert item["update"] == 0 and item["wire_flags"] == []
    assert item["source"] == "Devdiscourse News Desk" and item["dateline"] == "Jodhpur"
    assert item["published"] == "2026-03-04T08:05:00+05:30" and item["modified"] == "2026-03-04T10:20:00+05:30"
    assert item["image_credit"] == "Devdiscourse"
    assert item["tags"] == ["solar", "Rajasthan"]
    assert [r["title"] for r in item["related"]] == ["Panel prices fall again", "Grid storage tender draws twelve bidders"]
    assert item["syndicated"] is False
    assert item["body"].split("\n\n") == [
        "Households near the Bhadla solar park earn a third more than five years ago, a state survey found.",
        "Land leases and maintenance jobs account for most of the gain, the survey said.",
        "Officials plan a second phase in 2027.",
    ]
    assert validate_article(complete(item)) == []


def without_structured_data(html: str) -> str:
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    return re.sub(r'<meta property="article:[a-z_]+"[^>]*>', "", html)


def test_current_without_json_ld_or_meta_gives_the_same_fields():
    full = dict(parse_article(fixture("current_desk.html"), CURRENT_URL).item)
    bare = dict(parse_article(without_structured_data(fixture("current_desk.html")), CURRENT_URL).item)
    assert bare == full


def test_malformed_html_still_gives_the_fields():
    broken = (fixture("legacy_wire.html").replace("</p>", "", 4).replace("</h1>", "</h1></span></em>", 1)
              .replace('<meta name="keywords" content="Ports, Strike, Brazil, Labour">', "<meta name=keywords content=x")
              .replace("</body>", "").replace("</html>", ""))
    good = parse_article(fixture("legacy_wire.html"), LEGACY_URL).item
    item = parse_article(broken, LEGACY_URL).item
    for field in ("headline", "source", "published", "modified", "tags", "image_credit"):
        assert item[field] == good[field], field
    assert item["body"].startswith("Harbour pilots at the port of Santos")
    assert "Operators said traffic would return" in item["body"]


def test_missing_body_container_falls_back_to_trafilatura_on_the_article_only():
    html = fixture("current_desk.html").replace('class="story-content"', 'class="story-text-v2"')
    parsed = parse_article(html, CURRENT_URL)
    assert parsed.body_extractor == "trafilatura"
    assert "Households near the Bhadla solar park" in parsed.item["body"]
    assert "Trending line" not in parsed.item["body"] and "Twitter" not in parsed.item["body"]


def test_empty_body_container_gives_an_empty_body_not_an_invented_one():
    html = re.sub(r'(<div class="story-content">).*?(</div>\s*<div class="story-tags">)',
                  r'\1<div class="ad-container"></div></div>\n<div class="story-tags">',
                  fixture("current_desk.html"), flags=re.S)
    parsed = parse_article(html, CURRENT_URL)
    assert parsed.item["body"] == "" and parsed.body_extractor == "selectors"
    errors = validate_article(complete(parsed.item))
    assert any(e.startswith("body:") for e in errors)


def test_no_layout():
    with pytest.raises(NoLayoutError, match="matches no article layout"):
        parse_article("<html><body><div class='post'><h1>Hello</h1><p>Text</p></div></body></html>", CURRENT_URL)


# --- dates and schema ------------------------------------------------------------

def test_day_first_ist_dates():
    assert parse_day_first("Created: 05-11-2024 09:15 IST").isoformat() == "2024-11-05T09:15:00+05:30"
    assert to_iso("12-09-2019 04:00 IST") == "2019-09-12T04:00:00+05:30"
    assert to_iso("2025-07-02T14:25:08Z") == "2025-07-02T14:25:08+00:00"
    with pytest.raises(ValueError):
        parse_day_first("yesterday")


@pytest.mark.parametrize(
    ("change", "field"),
    [({"published": "05-11-2024"}, "published"), ({"article_id": "A12"}, "article_id"),
     ({"body": ""}, "body"), ({"update": -1}, "update"), ({"wire_flags": ["URGENT"]}, "wire_flags"),
     ({"crawled_at": "2026-01-01T00:00:00+05:30"}, "crawled_at")],
)
def test_schema_names_the_broken_field(change, field):
    item = complete(parse_article(fixture("current_desk.html"), CURRENT_URL).item)
    item.update(change)
    errors = validate_article(item)
    assert errors and all(e.startswith(field) for e in errors)


def test_schema_requires_every_field():
    item = complete(parse_article(fixture("current_desk.html"), CURRENT_URL).item)
    del item["tags"]
    assert validate_article(item) == ["(item): 'tags' is a required property"]
