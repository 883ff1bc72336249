"""Scrapy extensions, wired through ``EXTENSIONS`` in the settings."""

from newscrawl.extensions.crawl_delay import RobotsCrawlDelay
from newscrawl.extensions.progress import Progress
from newscrawl.extensions.state import CrawlState

__all__ = ["CrawlState", "Progress", "RobotsCrawlDelay"]
