"""The article item and its loader.

Parsers add raw candidate values per field in priority order (structured data
first, visible markup second); the loader's processors clean them, and the
first non-empty value wins. Every field of the contract is present in the
loaded item, null / empty when the page has nothing for it.
"""

from __future__ import annotations

import scrapy
from itemloaders.processors import Identity, Join, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from newscrawl.parsing.dates import to_iso
from newscrawl.parsing.text import clean

LIST_FIELDS = ("wire_flags", "tags", "related", "supersedes")
DEFAULTS = {"update": 0, "syndicated": False}


class ArticleItem(scrapy.Item):
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


def iso_or_none(value):
    """A date that does not parse is skipped, so the next source can win."""
    try:
        return to_iso(value)
    except (TypeError, ValueError):
        return None


def unique(values):
    return list(dict.fromkeys(v for v in values if v))


class ArticleLoader(ItemLoader):
    default_item_class = ArticleItem
    default_input_processor = MapCompose(clean)
    default_output_processor = TakeFirst()

    published_in = MapCompose(clean, iso_or_none)
    modified_in = MapCompose(clean, iso_or_none)
    update_in = MapCompose(int)
    syndicated_in = MapCompose(bool)
    wire_flags_in = MapCompose(clean)
    wire_flags_out = unique
    tags_out = unique
    related_in = Identity()
    related_out = Identity()
    body_out = Join("\n\n")
    supersedes_in = Identity()
    supersedes_out = Identity()

    def load_item(self):
        item = super().load_item()
        for name in item.fields:
            if name not in item:
                item[name] = [] if name in LIST_FIELDS else DEFAULTS.get(name)
        if not item.get("body"):
            item["body"] = ""
        return item
