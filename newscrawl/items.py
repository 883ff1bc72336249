"""The article item and its loader.

Parsers add raw candidate values per field in priority order (structured data
first, visible markup second); the loader's processors clean them, and for a
scalar field the first non-empty value wins. The loaded item has every field
of the contract, in contract order: null, [] or false when the page has
nothing for it (``body`` is "" then, and the validation pipeline drops it).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy
from itemloaders.processors import Join, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from newscrawl.parsing.dates import to_iso
from newscrawl.parsing.text import clean


class ArticleItem(scrapy.Item):
    """One article revision; fields in the contract's order (see shared/site-spec/README.md)."""

    url = scrapy.Field()
    article_id = scrapy.Field()
    section = scrapy.Field()
    headline = scrapy.Field()
    title = scrapy.Field()
    update = scrapy.Field()
    wire_flags = scrapy.Field()
    source = scrapy.Field()
    dateline = scrapy.Field()
    published = scrapy.Field()
    modified = scrapy.Field()
    image_url = scrapy.Field()
    image_credit = scrapy.Field()
    body = scrapy.Field()
    tags = scrapy.Field()
    related = scrapy.Field()
    syndicated = scrapy.Field()
    story_id = scrapy.Field()
    supersedes = scrapy.Field()
    crawled_at = scrapy.Field()


class StoryItem(ArticleItem):
    """A story's latest revision, emitted once at the end of a run for export."""


#: Fields that are lists ([] when empty); the others are scalars (None when missing).
LIST_FIELDS = ("wire_flags", "tags", "related", "supersedes")
#: Scalar fields whose "missing" value is not None.
DEFAULTS = {"update": 0, "syndicated": False, "body": ""}


# --- processors: one value in, a clean value or None out (None is dropped) -------------------

def iso_or_none(value):
    """A date that does not parse is skipped, so the next source can win."""
    try:
        return to_iso(value)
    except (TypeError, ValueError):
        return None


def digits_or_none(value):
    """The site's ids are digits; anything else is not an id (the URL's id can win)."""
    value = clean(value)
    return value if value and value.isascii() and value.isdigit() else None


def http_url_or_none(value):
    """An absolute http(s) URL, else None."""
    value = clean(value)
    if not value:
        return None
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def non_negative_int(value):
    """Revision numbers: 2 and "2" -> 2; booleans, negatives and garbage are skipped."""
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def upper(value):
    return value.upper() if isinstance(value, str) else value


def lower(value):
    return value.lower() if isinstance(value, str) else value


def link_or_none(value):
    """A related link ``{title, url}`` with clean text and an absolute URL, else None."""
    if not isinstance(value, dict):
        return None
    title, url = clean(value.get("title")), http_url_or_none(value.get("url"))
    return {"title": title, "url": url} if title and url else None


def unique(values):
    """De-duplicate, keeping the first occurrence's place; empty values dropped."""
    return list(dict.fromkeys(v for v in values if v not in (None, "")))


def unique_links(links):
    """Related links without repeats of the same URL (the first title wins)."""
    seen, kept = set(), []
    for link in links:
        if link and link["url"] not in seen:
            seen.add(link["url"])
            kept.append(link)
    return kept


def first_bool(values):
    """The first flag given, as a bool (False is a value, not "missing")."""
    return next((bool(v) for v in values if v is not None), None)


class ArticleLoader(ItemLoader):
    """Cleans candidate values; see the module docstring for the priority rule."""

    default_item_class = ArticleItem
    default_input_processor = MapCompose(clean)
    default_output_processor = TakeFirst()

    url_in = MapCompose(http_url_or_none)
    article_id_in = MapCompose(digits_or_none)
    section_in = MapCompose(clean, lower)
    update_in = MapCompose(non_negative_int)
    wire_flags_in = MapCompose(clean, upper)
    wire_flags_out = unique
    published_in = MapCompose(clean, iso_or_none)
    modified_in = MapCompose(clean, iso_or_none)
    image_url_in = MapCompose(http_url_or_none)
    body_out = Join("\n\n")
    tags_out = unique
    related_in = MapCompose(link_or_none)
    related_out = unique_links
    syndicated_in = MapCompose(lambda value: value)
    syndicated_out = first_bool
    supersedes_in = MapCompose(http_url_or_none)
    supersedes_out = unique
    crawled_at_in = MapCompose(clean, iso_or_none)

    def load_item(self):
        """The item with every field, in contract order, missing ones given their empty value."""
        loaded = super().load_item()
        item = type(loaded)()
        for name in item.fields:
            if name in loaded and loaded[name] is not None:
                item[name] = loaded[name]
            else:
                item[name] = [] if name in LIST_FIELDS else DEFAULTS.get(name)
        return item
