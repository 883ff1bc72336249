"""One politeness budget per site for all the workers of a shared crawl.

Scrapy spaces a worker's own requests to a site by its download slot's delay
(``DOWNLOAD_DELAY``, raised to robots.txt's ``Crawl-delay`` by
:class:`~newscrawl.extensions.crawl_delay.RobotsCrawlDelay`, adjusted by
AutoThrottle). With N workers the site would see N times that rate. This
downloader middleware makes each request reserve a time slot on a per-site
clock in Redis first, so requests from all workers together are spaced by
the delay: adding workers adds CPU, never load on the site.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured

#: Reserve the next slot on site ARGV[2]'s clock, ARGV[3] seconds after the previous one;
#: returns how long to wait (seconds, as a string: Lua numbers are truncated to integers).
RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local key = ARGV[1] .. ':next:' .. ARGV[2]
local at = math.max(now, tonumber(redis.call('GET', key) or '0'))
redis.call('SET', key, tostring(at + tonumber(ARGV[3])), 'PX', math.ceil((at - now + tonumber(ARGV[3])) * 1000) + 60000)
return tostring(at - now)
"""


class SharedSiteDelay:
    """Downloader middleware of distributed mode; see the module docstring."""

    def __init__(self, crawler):
        if not crawler.settings.getbool("NEWSCRAWL_DISTRIBUTED"):
            raise NotConfigured
        self.crawler = crawler
        self.default_delay = crawler.settings.getfloat("DOWNLOAD_DELAY", 0.0)
        self._clock = None  # (shared crawl, reserve script), on the first delayed request

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def delay_for(self, request) -> float:
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        return slot.delay if slot is not None else self.default_delay

    def clock(self):
        if self._clock is None:
            from newscrawl.distributed.worker import DistributedWorker

            shared = self.crawler.get_extension(DistributedWorker).shared
            self._clock = shared, shared.r.register_script(RESERVE)
        return self._clock

    async def process_request(self, request):
        if request.url.startswith("data:"):
            return None
        delay = self.delay_for(request)
        if delay <= 0:
            return None
        shared, reserve = self.clock()
        wait = float(reserve(args=[shared.base, urlsplit(request.url).netloc, delay]))
        if wait > 0:
            self.crawler.stats.inc_value("newscrawl/distributed/site_delay_waits")
            await asyncio.sleep(wait)
        return None
