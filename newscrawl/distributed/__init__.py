"""Distributed mode: several worker processes, on any machines, share one crawl.

Turned on with ``-s NEWSCRAWL_DISTRIBUTED=1`` (same spider, arguments and
items). The :class:`Distributed` add-on then puts scrapy-redis's scheduler and
duplicate filter in place (with the fixes of :mod:`.scrapy_redis_fixes`) on
the Redis named by ``NEWSCRAWL_QUEUE_URI`` or, by default, the Redis state
store, and adds the :class:`~.worker.DistributedWorker` extension. Each page is
fetched by one worker; revision decisions are made in the shared state store;
at the end each worker exports its share of the pending stories to its own
feed (:meth:`~newscrawl.state.base.StateStore.claim_pending`).

Layout: :mod:`.crawl` (the Redis keys and scripts of one shared crawl),
:mod:`.scrapy_redis_fixes` (the scheduler), :mod:`.worker` (heartbeat, recovery,
when to stop).
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
