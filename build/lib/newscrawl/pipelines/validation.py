"""Validate every item against the project's JSON Schema before export.

An empty-bodied or invalid article is dropped, with its URL and reason in the
log and a per-reason count in the stats; the crawl goes on.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.drops import record_drop
from newscrawl.items import StoryItem
from newscrawl.schemas import validate_article

#: Fields whose presence among parsed articles the monitors watch (markup drift shows here first).
COVERED_FIELDS = ("body", "published", "source", "title")


class ValidationPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        data = ItemAdapter(item).asdict()
        url = data.get("url") or "<no url>"
        if not isinstance(item, StoryItem):
            self.count_coverage(data)
        if not (data.get("body") or "").strip():
            record_drop(self.crawler, "empty_body", url)
            raise DropItem("empty_body")
        errors = validate_article(data)
        if errors:
            record_drop(self.crawler, "invalid_item", url, "; ".join(errors))
            raise DropItem("invalid_item: " + "; ".join(errors))
        self.stats.inc_value("newscrawl/items/validated")
        return item

    def count_coverage(self, data: dict) -> None:
        self.stats.inc_value("newscrawl/coverage/items")
        for field in COVERED_FIELDS:
            if data.get(field):
                self.stats.inc_value(f"newscrawl/coverage/{field}")
