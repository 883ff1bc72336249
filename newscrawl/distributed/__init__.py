"""Distributed mode: several worker processes, on any machines, share one crawl.

Turned on with ``-s NEWSCRAWL_DISTRIBUTED=1`` (same spider, arguments and
items). The :class:`Distributed` add-on then puts scrapy-redis's scheduler and
duplicate filter in place (with the fixes of :mod:`.scrapy_redis_fixes`) on
the Redis named by ``NEWSCRAWL_QUEUE_URI`` or, by default, the Redis state
store, and adds the :class:`~.worker.DistributedWorker` extension. Each page is
fetched by one worker; revision decisions are made in the shared state store;
at the end each worker exports its share of the pending stories to its own
feed (:meth:`~newscrawl.state.base.StateStore.claim_pending`).

The site sees no more load than from one worker: requests from all workers
are spaced by the download delay on a per-site clock in Redis
(:mod:`.politeness`).

Layout: :mod:`.crawl` (the Redis keys and scripts of one shared crawl),
:mod:`.scrapy_redis_fixes` (the scheduler), :mod:`.worker` (heartbeat, recovery,
when to stop), :mod:`.politeness` (one delay per site for all workers).
"""

from __future__ import annotations


class Distributed:
    """Scrapy add-on (``ADDONS``): switches the crawl to distributed mode when
    ``NEWSCRAWL_DISTRIBUTED`` is true, and does nothing otherwise."""

    def update_settings(self, settings):
        if not settings.getbool("NEWSCRAWL_DISTRIBUTED"):
            return
        settings.set("SCHEDULER", "newscrawl.distributed.scrapy_redis_fixes.DistributedScheduler", "addon")
        settings.set("SCHEDULER_PERSIST", True, "addon")
        settings["EXTENSIONS"].setdefault("newscrawl.distributed.worker.DistributedWorker", 150)
        # before the retry middleware (550): a retried request reserves its own time slot
        settings["DOWNLOADER_MIDDLEWARES"].setdefault("newscrawl.distributed.politeness.SharedSiteDelay", 540)
