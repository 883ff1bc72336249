"""The worker's side of a shared crawl: heartbeat, recovery, and when to stop.

Every ``NEWSCRAWL_WORKER_HEARTBEAT`` seconds the worker tells Redis it is
alive, drops the claims of requests it has finished, and puts back in the
queue the requests of any worker silent for ``NEWSCRAWL_WORKER_TIMEOUT``
seconds. When its engine runs dry it does not close while another worker
may still add requests; it closes once the shared crawl is done (after
:class:`~newscrawl.extensions.state.CrawlState` has exported its share).
"""

from __future__ import annotations

import logging
import re

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from newscrawl.distributed.crawl import SharedCrawl
from newscrawl.distributed.scrapy_redis_fixes import tokens_in_progress
from newscrawl.outcome import CRAWL_ID_STAT
from newscrawl.state import queue_uri

logger = logging.getLogger(__name__)

#: Crawl ids and worker names: they become parts of Redis keys and file names.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def check_name(value: str, what: str) -> str:
    """*value* if it is a name (see :data:`NAME`), else ValueError saying *what* is wrong."""
    if not NAME.fullmatch(value):
        raise ValueError(f"{what}: {value!r} is not a name (letters, digits, . _ -)")
    return value


def crawl_id_for(settings, spider_name: str) -> str:
    """``NEWSCRAWL_CRAWL_ID``, else the spider's name; ValueError when malformed."""
    return check_name(settings.get("NEWSCRAWL_CRAWL_ID") or spider_name, "NEWSCRAWL_CRAWL_ID")


class DistributedWorker:
    """Scrapy extension, enabled by ``NEWSCRAWL_DISTRIBUTED=1`` (see :mod:`newscrawl.distributed`)."""

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_DISTRIBUTED"):
            raise NotConfigured
        from newscrawl.state.redis import connect

        uri = queue_uri(settings)
        if uri is None:
            raise ValueError("NEWSCRAWL_DISTRIBUTED needs a Redis: set NEWSCRAWL_STATE_URI=redis://host:6379/0")
        self.crawler = crawler
        self.client, self.prefix = connect(uri, "queue")  # fails the bootstrap, before any request
        self.crawl_id = crawl_id_for(settings, crawler.spidercls.name)
        self.heartbeat = settings.getfloat("NEWSCRAWL_WORKER_HEARTBEAT", 2.0)
        self.timeout = settings.getfloat("NEWSCRAWL_WORKER_TIMEOUT", 30.0)
        self.finished = False
        self._shared: SharedCrawl | None = None
        self._loop: task.LoopingCall | None = None
        connect_signal = crawler.signals.connect
        connect_signal(self.spider_opened, signal=signals.spider_opened)
        connect_signal(self.spider_idle, signal=signals.spider_idle)
        connect_signal(self.spider_closed, signal=signals.spider_closed)
        connect_signal(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def worker_id(self) -> str:
        """The run id of this worker's run (so a dead worker's run is recognised as dead)."""
        from newscrawl.extensions.state import CrawlState, new_run_id

        state = self.crawler.get_extension(CrawlState)
        if state is None:
            if not hasattr(self, "_own_id"):
                self._own_id = new_run_id()
            return self._own_id
        return state.run_id

    @property
    def shared(self) -> SharedCrawl:
        if self._shared is None:
            self._shared = SharedCrawl(self.client, self.prefix, self.crawl_id, self.worker_id, self.timeout)
        return self._shared

    # --- lifecycle ---------------------------------------------------------------
    def spider_opened(self, spider):
        self.crawler.stats.set_value(CRAWL_ID_STAT, self.crawl_id)
        self.beat()
        self._loop = task.LoopingCall(self.beat)
        self._loop.start(self.heartbeat, now=False)
        logger.info("Worker %s joined crawl %r (%d requests queued)", self.worker_id, self.crawl_id,
                    self.shared.queued())

    def beat(self) -> None:
        dead, requeued = self.shared.beat()
        if dead:
            logger.warning("%d worker(s) of crawl %r stopped answering: %d of their requests are queued again",
                           dead, self.crawl_id, requeued)
            self.crawler.stats.inc_value("newscrawl/distributed/requeued", requeued)
        engine = self.crawler.engine
        if engine is not None:
            self.shared.settle(tokens_in_progress(engine))

    def crawl_done(self) -> bool:
        """Whether the shared crawl is over: nothing queued, nothing held by any live worker."""
        if not self.finished:
            self.beat()
            if self.shared.finish_if_done():
                self.finished = True
                logger.info("Crawl %r is done", self.crawl_id)
        return self.finished

    def live_workers(self) -> set[str]:
        return self.shared.live_workers()

    def spider_idle(self, spider):
        if not self.crawl_done():
            raise DontCloseSpider  # fix 4 of scrapy_redis_fixes: others may still add requests

    def spider_closed(self, spider, reason):
        released = self.shared.release()
        if released:
            logger.info("Put %d unfinished requests back in the shared queue", released)

    def engine_stopped(self):
        # leave only now: until its feeds are stored and committed, this worker's run is alive
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.shared.leave()
        self.client.close()
