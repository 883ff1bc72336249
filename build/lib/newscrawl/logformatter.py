"""Log formatting: a dropped item is one line, not a dump of its whole body."""

from __future__ import annotations

import logging

from scrapy.logformatter import LogFormatter


class NewscrawlLogFormatter(LogFormatter):
    """Scrapy's formatter, with dropped items logged by URL and reason only."""

    def dropped(self, item, exception, response, spider=None):
        url = item.get("url") if hasattr(item, "get") else None
        return {
            "level": logging.DEBUG,  # the pipeline already logged it via record_drop
            "msg": "Dropped item %(url)s: %(exception)s",
            "args": {"url": url, "exception": exception},
        }
