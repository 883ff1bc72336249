"""ArticleItem, ArticleLoader (the cleaning) and the JSON Schema of exported items."""

from __future__ import annotations

import copy
import json

import pytest

from newscrawl.items import ArticleItem, ArticleLoader, StoryItem
from newscrawl.parsing.devdiscourse import parse_article
from newscrawl.schemas import CHECKED_FORMATS, REQUIRED_FORMATS, load_article_schema, validate_article

CONTRACT_FIELDS = ["url", "article_id", "section", "headline", "title", "update", "wire_flags", "source",
                   "dateline", "published", "modified", "image_url", "image_credit", "body", "tags", "related",
                   "syndicated", "story_id", "supersedes", "crawled_at"]
URL = "https://www.devdiscourse.com/article/business/815204-x"


def load(**values) -> ArticleItem:
    loader = ArticleLoader()
    for name, value in values.items():
        loader.add_value(name, value)
    return loader.load_item()


# --- the item ---------------------------------------------------------------------------------------

def test_fields_in_contract_order():
    assert list(ArticleItem.fields) == CONTRACT_FIELDS
    assert list(StoryItem.fields) == CONTRACT_FIELDS


def test_a_loaded_item_has_every_field_in_order_with_empty_values():
    item = load()
    assert list(item) == CONTRACT_FIELDS
    assert dict(item) == {
        "url": None, "article_id": None, "section": None, "headline": None, "title": None, "update": 0,
        "wire_flags": [], "source": None, "dateline": None, "published": None, "modified": None,
        "image_url": None, "image_credit": None, "body": "", "tags": [], "related": [], "syndicated": False,
        "story_id": None, "supersedes": [], "crawled_at": None,
    }


def test_story_items_load_too():
    loader = ArticleLoader(item=StoryItem())
    loader.add_value("headline", " x ")
    item = loader.load_item()
    assert isinstance(item, StoryItem) and item["headline"] == "x" and list(item) == CONTRACT_FIELDS


# --- cleaning ----------------------------------------------------------------------------------------

def test_whitespace_is_normalised():
    item = load(headline="  UPDATE 1-Rebels\u00a0\u00a0say \n so ", source="\tReuters ", dateline=" \u00a0 ")
    assert (item["headline"], item["source"], item["dateline"]) == ("UPDATE 1-Rebels say so", "Reuters", None)


def test_first_non_empty_source_wins():
    """Structured data is added first, markup second: the first usable value is kept."""
    item = load(headline=[None, "", "   ", "From JSON-LD", "From the h1"], source=["PTI", "Reuters"])
    assert (item["headline"], item["source"]) == ("From JSON-LD", "PTI")


def test_dates_are_normalised_and_garbage_gives_way():
    item = load(published=["yesterday", "Created: 12-09-2019 04:00 IST", "2019-09-12T00:00:00+00:00"],
                modified=["2025-07-02T14:31:40Z"])
    assert item["published"] == "2019-09-12T04:00:00+05:30"
    assert item["modified"] == "2025-07-02T14:31:40+00:00"
    assert load(published=["soon", "12-09-2019 04:00 GMT"])["published"] is None


def test_article_id_must_be_digits():
    assert load(article_id=["a-12", " 632312 ", "9"])["article_id"] == "632312"
    assert load(article_id=["٣٤٥"])["article_id"] is None  # Arabic-Indic digits are not the site's ids


def test_section_is_lower_case_and_urls_absolute_http():
    item = load(section="Politics", url=["/relative", "ftp://x/y", "https://www.devdiscourse.com/a"],
                image_url=["javascript:void(0)", "https://img.example/x.jpg"])
    assert item["section"] == "politics"
    assert item["url"] == "https://www.devdiscourse.com/a"
    assert item["image_url"] == "https://img.example/x.jpg"


def test_update_is_a_non_negative_integer():
    assert load(update=["2"])["update"] == 2
    assert load(update=[-1, True, "x", 3])["update"] == 3
    assert load(update=[0, 2])["update"] == 0  # 0 is a value, not "missing"


def test_lists_are_deduplicated_in_order():
    item = load(tags=["Syria", " Idlib ", "Syria", "", None, "Russia", "Idlib"],
                wire_flags=["refile", "REFILE", "Corrected"],
                supersedes=["https://d.com/article/a/1-x", "https://d.com/article/a/1-x", "/relative"])
    assert item["tags"] == ["Syria", "Idlib", "Russia"]
    assert item["wire_flags"] == ["REFILE", "CORRECTED"]
    assert item["supersedes"] == ["https://d.com/article/a/1-x"]


def test_related_links_are_cleaned_and_deduplicated_by_url():
    item = load(related=[
        {"title": " Port fees\u00a0rise ", "url": "https://d.com/article/b/1-a"},
        {"title": "Same link again", "url": "https://d.com/article/b/1-a"},
        {"title": "", "url": "https://d.com/article/b/2-b"},
        {"title": "Relative", "url": "/article/b/3-c"},
        "not a link",
        {"title": "Kept", "url": "https://d.com/article/b/4-d"},
    ])
    assert item["related"] == [{"title": "Port fees rise", "url": "https://d.com/article/b/1-a"},
                               {"title": "Kept", "url": "https://d.com/article/b/4-d"}]


def test_body_paragraphs_joined_by_a_blank_line_without_empty_ones():
    item = load(body=[" First  paragraph. ", "", "\u00a0", None, "Second\nparagraph."])
    assert item["body"] == "First paragraph.\n\nSecond paragraph."


def test_syndicated_is_a_boolean_and_false_is_kept():
    assert load(syndicated=False)["syndicated"] is False
    assert load(syndicated=True)["syndicated"] is True
    assert load(syndicated=[False, True])["syndicated"] is False


# --- the schema ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def valid(request) -> dict:
    """A complete valid item: our current-layout fixture, as the revision pipeline completes it."""
    from pathlib import Path

    html = (Path(__file__).parent / "fixtures" / "current_football.html").read_text(encoding="utf-8")
    item = dict(parse_article(html, "https://www.devdiscourse.com/article/sports-games/5120033-x").item)
    item.update(story_id="5120033", supersedes=["https://www.devdiscourse.com/article/sports-games/5120000-x"],
                crawled_at="2026-01-01T00:00:00+00:00")
    assert validate_article(item) == []
    return item


def broken(valid: dict, **changes) -> list[str]:
    item = copy.deepcopy(valid)
    item.update(changes)
    return validate_article(item)


def test_schema_is_draft_2020_12_and_requires_every_contract_field():
    schema = load_article_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == CONTRACT_FIELDS
    assert list(schema["properties"]) == CONTRACT_FIELDS
    assert schema["additionalProperties"] is False


def test_formats_are_really_checked():
    """Without rfc3339-validator / rfc3987 jsonschema would let any date-time or URI through."""
    assert CHECKED_FORMATS == REQUIRED_FORMATS


@pytest.mark.parametrize("name", ["article-legacy", "article-current"])
def test_contract_items_validate(spec_text, name):
    expected = json.loads(spec_text(f"{name}.expected.json"))
    complete = {**expected, "story_id": expected["article_id"], "supersedes": [],
                "crawled_at": "2026-01-01T00:00:00Z"}
    assert validate_article(complete) == []


@pytest.mark.parametrize("field", CONTRACT_FIELDS)
def test_a_missing_field_is_named(valid, field):
    item = copy.deepcopy(valid)
    del item[field]
    assert validate_article(item) == [f"(item): '{field}' is a required property"]


@pytest.mark.parametrize(("field", "value"), [
    ("published", "12-09-2019 04:00 IST"),            # day-first: not ISO
    ("published", "2019-09-12T04:00:00"),             # no offset
    ("published", "2019-02-30T04:00:00+05:30"),       # no such day
    ("published", None),
    ("modified", "2019-09-12"),
    ("crawled_at", "2026-01-01T05:30:00+05:30"),      # not UTC
    ("body", ""), ("body", "   "), ("body", None),
    ("article_id", "A12"), ("article_id", 632312), ("article_id", ""),
    ("update", -1), ("update", "1"), ("update", 1.5), ("update", True),
    ("wire_flags", ["URGENT"]), ("wire_flags", ["REFILE", "REFILE"]), ("wire_flags", "REFILE"),
    ("url", "/article/politics/1-x"), ("url", "not a url"), ("image_url", "data:image/png;base64,xx"),
    ("section", "Politics"), ("headline", ""), ("title", None), ("source", ""), ("dateline", ""),
    ("image_credit", ""), ("tags", ["ok", ""]), ("tags", "Syria"), ("syndicated", "yes"),
    ("related", [{"title": "x", "url": "/relative"}]), ("related", [{"url": "https://d.com/a/1-x"}]),
    ("related", [{"title": "x", "url": "https://d.com/a/1-x", "extra": 1}]),
    ("story_id", ""), ("story_id", None), ("supersedes", ["not a url"]),
])
def test_a_broken_field_is_named(valid, field, value):
    errors = broken(valid, **{field: value})
    assert errors, f"{field}={value!r} passed"
    assert all(e.startswith(field) for e in errors), errors


def test_nullable_fields_accept_null(valid):
    assert broken(valid, dateline=None, modified=None, image_url=None, image_credit=None) == []


def test_utc_crawl_time_may_end_in_z(valid):
    assert broken(valid, crawled_at="2026-01-01T00:00:00.123Z") == []


def test_an_unknown_field_is_refused(valid):
    assert broken(valid, comments=[]) == [
        "(item): Additional properties are not allowed ('comments' was unexpected)"]


def test_an_item_object_validates_like_a_dict(valid):
    assert validate_article(ArticleItem(**valid)) == []
