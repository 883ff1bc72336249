"""scrapy-redis 0.9.1 on Scrapy 2.19: its scheduler, fixed, in one place.

Distributed mode uses scrapy-redis's scheduler, priority queue and duplicate
filter as they are, except for what this module changes. Each fix says what
goes wrong without it; ``tests/test_distributed.py`` fails if one is removed.

1. **Start requests.** Scrapy 2.13+ reads a spider's ``start()`` and never calls
   ``start_requests()``, which is where scrapy-redis's ``RedisSpider`` reads its
   start URLs from Redis, so a ``RedisSpider`` worker would never start. We do
   not use ``RedisSpider``: every worker runs the ordinary spider, whose
   ``start()`` yields the seeds, and fix 3 lets only the first worker's through.
2. **Deprecated stats call.** ``Scheduler.enqueue_request`` and ``next_request``
   pass ``spider=`` to the stats collector, which Scrapy 2.19 deprecates: one
   warning per request. :class:`DistributedScheduler` counts without it.
3. **Seeds bypass the duplicate filter.** Seed requests are usually
   ``dont_filter=True`` (Scrapy's default ``start()`` makes them so), so every
   worker fetched the home page again. Here a start request (``meta
   ["is_start_request"]``, set by Scrapy) always goes through the shared filter.
4. **Idle workers.** The engine asks the scheduler for work only on its slot
   heartbeat, every 5 s, once its own queue is empty; and a worker whose queue
   is empty closes, although the others may still add requests to the shared
   queue. Here the heartbeat is ``NEWSCRAWL_POLL_INTERVAL`` (0.5 s), and
   :class:`~newscrawl.distributed.worker.DistributedWorker` keeps the spider
   open until the shared crawl is done.

Two additions of ours ride on the same scheduler: requests are *taken* into
the worker's in-flight set rather than popped (see
:mod:`newscrawl.distributed.crawl`), so a killed worker loses nothing; and a
request marked ``meta["newscrawl_local"]`` (the end-of-run export) stays with
this worker and is never shared.
"""

from __future__ import annotations

from collections import deque

from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

#: Request meta: the claim token of a request taken from the shared queue.
TOKEN = "newscrawl_claim"
#: Request meta: keep this request in this worker (it cannot be serialised, or must not move).
LOCAL = "newscrawl_local"


class ReliablePriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue, whose ``pop`` takes a request into the worker's in-flight set."""

    def __init__(self, server, spider, key, serializer=None, *, shared):
        super().__init__(server, spider, key, serializer)
        self.shared = shared

    def push(self, request):
        request.meta.pop(TOKEN, None)  # a redirect or retry copies the meta of the request it replaces
        super().push(request)

    def pop(self, timeout=0):
        taken = self.shared.take()
        if taken is None:
            return None
        token, data = taken
        request = self._decode_request(data)
        request.meta[TOKEN] = token
        return request


def tokens_in_progress(engine) -> set[str]:
    """Claim tokens of the requests the engine has not finished (downloading or in the callback).

    Scrapy has no public view of this: the engine slot's ``inprogress`` set
    holds each request from the moment it leaves the scheduler until its
    callback's output has been handled.
    """
    slot = getattr(engine, "_slot", None)
    if slot is None:
        return set()
    return {r.meta[TOKEN] for r in slot.inprogress if TOKEN in r.meta}


class DistributedScheduler(Scheduler):
    """scrapy-redis's scheduler on one :class:`~newscrawl.distributed.crawl.SharedCrawl`."""

    @classmethod
    def from_crawler(cls, crawler):
        from newscrawl.distributed.worker import DistributedWorker

        worker = crawler.get_extension(DistributedWorker)
        if worker is None:
            raise RuntimeError("DistributedScheduler needs the DistributedWorker extension (NEWSCRAWL_DISTRIBUTED=1)")
        shared = worker.shared
        dupefilter = RFPDupeFilter(shared.r, key=shared.dupefilter_key,
                                   debug=crawler.settings.getbool("DUPEFILTER_DEBUG"))
        scheduler = cls(server=shared.r, persist=True, queue_key=shared.queue_key,
                        dupefilter=dupefilter, dupefilter_key=shared.dupefilter_key)
        scheduler.stats = crawler.stats
        scheduler.crawler = crawler
        scheduler.worker = worker
        scheduler.local = deque()
        return scheduler

    def open(self, spider):
        self.spider = spider
        self.queue = ReliablePriorityQueue(self.server, spider, self.queue_key, self.serializer,
                                           shared=self.worker.shared)
        # fix 4: ask for shared work often, not every 5 s
        self.crawler.engine._SLOT_HEARTBEAT_INTERVAL = self.crawler.settings.getfloat("NEWSCRAWL_POLL_INTERVAL", 0.5)
        queued = len(self.queue)
        if queued:
            spider.logger.info("Joining a crawl in progress: %d requests queued", queued)

    def enqueue_request(self, request):
        if request.meta.get(LOCAL):
            self.local.append(request)
            self.stats.inc_value("scheduler/enqueued/local")
            return True
        # fix 3: a start request goes through the shared filter even when dont_filter
        filtered = not request.dont_filter or request.meta.get("is_start_request", False)
        if filtered and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")  # fix 2: no spider=
        self.queue.push(request)
        return True

    def next_request(self):
        if self.local:
            self.stats.inc_value("scheduler/dequeued/local")
            return self.local.popleft()
        if self.worker.finished:
            return None  # this worker is done with the shared crawl: take nothing of a next one
        request = self.queue.pop()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")  # fix 2: no spider=
        return request

    def has_pending_requests(self):
        return bool(self.local) or (not self.worker.finished and len(self.queue) > 0)

    def __len__(self):
        return len(self.local) + len(self.queue)
