"""Scrapy extensions wired through ``EXTENSIONS``.

Scrapy parses robots.txt but ignores its ``Crawl-delay``; a polite crawler
does not. :class:`RobotsCrawlDelay` reads the delay when robots.txt is parsed
and makes it the floor of that site's download slot, also after AutoThrottle
has adjusted the delay (this extension's handler runs after AutoThrottle's).
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


class RobotsCrawlDelay:
    """Honour robots.txt ``Crawl-delay`` per download slot (capped by a setting)."""

    def __init__(self, crawler):
        settings = crawler.settings
        if not (settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("NEWSCRAWL_OBEY_CRAWL_DELAY", True)):
            raise NotConfigured
        self.crawler = crawler
        self.cap = settings.getfloat("NEWSCRAWL_MAX_CRAWL_DELAY", 30.0)
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.floors: dict[str, float] = {}
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def robots_parsed(self, robotparser, request):
        delay = robotparser.crawl_delay(self.user_agent)
        if not delay:
            return
        delay = min(float(delay), self.cap)
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        self.floors[key] = delay
        # Slots created later (or re-created after idling) start from this delay.
        downloader.per_slot_settings.setdefault(key, {}).update(delay=delay, jitter=0.0)
        slot = downloader.slots.get(key)
        if slot is not None:
            self._apply(slot, delay)
        self.crawler.stats.set_value("newscrawl/robots_crawl_delay", delay)
        logger.info("robots.txt asks for Crawl-delay %.2fs on %s: honoured", delay, key)

    def response_downloaded(self, response, request, spider=None):
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        floor = self.floors.get(key)
        if floor is not None and key in downloader.slots:
            self._apply(downloader.slots[key], floor)

    @staticmethod
    def _apply(slot, floor: float) -> None:
        slot.jitter = 0.0  # jitter could go below the floor
        if slot.delay < floor:
            slot.delay = floor
