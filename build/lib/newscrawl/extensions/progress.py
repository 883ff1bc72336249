"""Live progress in a terminal: pages, items, errors, rate.

On only when someone is watching: stderr is a terminal and the log goes to a
file (the cron command's case), or ``NEWSCRAWL_PROGRESS=1``. Under cron there
is no terminal, so nothing but the log is written.
"""

from __future__ import annotations

import shutil
import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from tqdm import tqdm

from newscrawl.drops import STATS_PREFIX


class Progress:
    def __init__(self, crawler):
        mode = str(crawler.settings.get("NEWSCRAWL_PROGRESS", "auto")).lower()
        watching = sys.stderr.isatty() and bool(crawler.settings.get("LOG_FILE"))
        if mode in ("0", "false", "off") or (mode == "auto" and not watching):
            raise NotConfigured
        self.stats = crawler.stats
        self.bar = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.response, signal=signals.response_received)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def opened(self, spider):
        size = shutil.get_terminal_size((100, 24))  # a fresh pty may say 0 x 0
        self.bar = tqdm(desc=f"{spider.name}", unit=" pages", file=sys.stderr, ncols=size.columns or 100,
                        nrows=size.lines or 24, mininterval=0.5)

    def response(self, response, request, spider=None):
        if self.bar is None:
            return
        stats = self.stats.get_stats()
        errors = sum(v for k, v in stats.items() if k.startswith(STATS_PREFIX))
        self.bar.set_postfix_str(
            f"articles {sum(v for k, v in stats.items() if k.startswith('newscrawl/layout/'))}, "
            f"exported {stats.get('item_scraped_count', 0)}, errors {errors}", refresh=False)
        self.bar.update(1)

    def closed(self, spider, reason):
        if self.bar is not None:
            self.bar.close()
