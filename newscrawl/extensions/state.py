"""The run's link to the state store: open it, record the run, export at the end.

Articles parsed during the crawl are held in the store (see
:class:`newscrawl.pipelines.revisions.RevisionPipeline`), because a later page
of the same run may bring a newer revision of the same story. When the crawl
has nothing left to do, this extension emits each pending story once, in its
latest revision, through the normal item path (so Scrapy's feeds write them).
A story counts as exported only once the feeds are stored: a run killed before
that leaves it pending, and the next run exports it.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import time
from datetime import datetime, timezone

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.extensions.feedexport import FeedExporter

from newscrawl import signals as newscrawl_signals
from newscrawl.items import StoryItem
from newscrawl.state import open_store, state_uri

logger = logging.getLogger(__name__)


def _feed_path(uri: str) -> str:
    return uri[len("file://"):] if uri.startswith("file://") else uri


def _is_atomic(settings, uri: str) -> bool:
    """Whether the feed at *uri* is written by the atomic file storage."""
    from scrapy.utils.misc import load_object

    from newscrawl.feeds import AtomicFileFeedStorage

    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    storages = {**settings.getdict("FEED_STORAGES_BASE"), **settings.getdict("FEED_STORAGES")}
    storage = storages.get(scheme) or storages.get("file" if not scheme else scheme)
    try:
        return storage is not None and issubclass(load_object(storage), AtomicFileFeedStorage)
    except (ImportError, NameError, TypeError, ValueError):
        return False


def recover_dead_runs(store, alive=frozenset(), host: str | None = None) -> None:
    """Settle the claims and exports of runs that died before committing them.

    A run killed between renaming its feed into place and committing left a
    complete feed: its exports count. Any other dead run's claims and exports
    are discarded, so their stories are exported again. Runs in *alive* (other
    workers of a shared crawl) are left alone. A feed is looked for only when
    the run ran on this *host*; a dead worker's feed on another machine cannot
    be seen, so its stories are exported again (a duplicate only if it died in
    the instant between its rename and its commit).
    """
    host = host or socket.gethostname()
    for run_id, info in store.uncommitted_runs():
        if run_id in alive:
            continue
        feeds = info.get("feeds") or []
        here = info.get("host", host) == host
        if here and info.get("atomic_feeds") and feeds and all(os.path.exists(_feed_path(f)) for f in feeds):
            committed = store.commit_exports(run_id)
            logger.warning("Run %s died after storing its feed: its %d exports count", run_id, committed)
        else:
            discarded = store.discard_exports(run_id)
            logger.warning("Run %s died before storing its feed: %d stories will be exported again",
                           run_id, discarded)


def new_run_id() -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{os.getpid()}-{secrets.token_hex(3)}"


class CrawlState:
    """Opens ``NEWSCRAWL_STATE_URI`` for the run and flushes pending stories at its end."""

    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.uri = state_uri(settings)
        self.retry_failed_after = settings.getfloat("NEWSCRAWL_RETRY_FAILED_AFTER_HOURS", 6.0) * 3600
        self.store = open_store(self.uri)  # fails the bootstrap, before any request, if it cannot open
        self.run_id = new_run_id()
        self.flushed = False
        self.reason = None
        connect = crawler.signals.connect
        connect(self.spider_opened, signal=signals.spider_opened)
        connect(self.spider_idle, signal=signals.spider_idle)
        connect(self.item_scraped, signal=signals.item_scraped)
        connect(self.feed_exporter_closed, signal=signals.feed_exporter_closed)
        connect(self.spider_closed, signal=signals.spider_closed)
        connect(self.article_dropped, signal=newscrawl_signals.article_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    # --- lifecycle -------------------------------------------------------------
    def spider_opened(self, spider):
        self.recover_dead_runs()
        feeds = self.crawler.settings.getdict("FEEDS")
        self.store.start_run(self.run_id, time.time(), {
            "spider": spider.name, "pid": os.getpid(), "host": socket.gethostname(),
            "feeds": sorted(str(uri) for uri in feeds),
            "atomic_feeds": bool(feeds) and all(_is_atomic(self.crawler.settings, str(uri)) for uri in feeds),
        })
        self.crawler.stats.set_value("newscrawl/run_id", self.run_id)

    def recover_dead_runs(self) -> None:
        worker = self.distributed_worker()
        recover_dead_runs(self.store, alive=worker.live_workers() if worker else frozenset())

    def distributed_worker(self):
        """The shared-crawl extension in distributed mode, else None."""
        from newscrawl.distributed.worker import DistributedWorker

        return self.crawler.get_extension(DistributedWorker)

    def spider_closed(self, spider, reason):
        self.reason = reason
        if not self.feeds_enabled():
            self.store.discard_exports(self.run_id)  # no feed: nothing was written, nothing counts
            self.finish()

    def feeds_enabled(self) -> bool:
        return self.crawler.get_extension(FeedExporter) is not None

    def finish(self) -> None:
        stats = dict(self.crawler.stats.get_stats())
        self.store.finish_run(self.run_id, time.time(), self.reason, stats)
        self.store.close()

    # --- end of crawl: export each pending story once ----------------------------
    def spider_idle(self, spider):
        if self.flushed:
            return
        worker = self.distributed_worker()
        if worker is not None:
            if not worker.crawl_done():
                return  # other workers may still bring revisions; the worker keeps the spider open
            self.recover_dead_runs()  # claims of workers that died during the crawl
        self.flushed = True
        self.crawler.engine.crawl(
            scrapy.Request(
                "data:,",
                callback=self.emit_pending,
                dont_filter=True,
                # newscrawl_local: in distributed mode this request stays with this worker
                meta={"allow_offsite": True, "dont_obey_robotstxt": True, "newscrawl_local": True},
            )
        )
        raise DontCloseSpider

    def emit_pending(self, response):
        for pending in self.store.claim_pending(self.run_id):
            yield StoryItem(pending.item)

    def item_scraped(self, item, response=None, spider=None):
        if isinstance(item, StoryItem):
            self.store.mark_exported(self.run_id, item["story_id"], item["url"])
            self.crawler.stats.inc_value("newscrawl/exported")

    def feed_exporter_closed(self):
        """Every feed is stored (or failed): only now do this run's exports count."""
        failed = sum(v for k, v in self.crawler.stats.get_stats().items() if k.startswith("feedexport/failed_count/"))
        if failed:
            logger.error("A feed could not be stored: its stories stay pending for the next run")
        else:
            committed = self.store.commit_exports(self.run_id)
            self.crawler.stats.set_value("newscrawl/exports_committed", committed)
        self.finish()

    # --- failures ----------------------------------------------------------------
    def article_dropped(self, url, reason):
        self.store.record_failure(url, None, reason, time.time())
