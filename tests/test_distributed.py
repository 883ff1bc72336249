"""Distributed mode: scrapy-redis's scheduler (with our fixes), the shared crawl's
Redis scripts, and worker processes sharing one crawl of the replica.

Everything talks to the real test Redis under a key prefix of its own.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
import warnings
from collections import Counter
from pathlib import Path

import pytest
import redis
import scrapy

from newscrawl.distributed.crawl import SharedCrawl
from newscrawl.replica import ReplicaServer, SiteModel
from tests.support import FAST, REPO
from tests.test_state_store import REDIS_URL, drop_keys

# --- fixtures and helpers ----------------------------------------------------------


@pytest.fixture()
def uri():
    uri = f"{REDIS_URL}?prefix=newscrawl-test-{uuid.uuid4().hex[:12]}"
    yield uri
    drop_keys(uri)


def client_and_prefix(uri: str) -> tuple[redis.Redis, str]:
    from newscrawl.state.redis import connect

    return connect(uri)


def make_crawler(uri: str, **settings):
    """A real Crawler of the project's spider in distributed mode, extensions built, engine made."""
    from scrapy.crawler import CrawlerRunner
    from scrapy.settings import Settings
    from scrapy.utils.reactor import install_reactor, is_reactor_installed

    from newscrawl.spiders.devdiscourse import DevdiscourseSpider

    if not is_reactor_installed():
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    values = Settings()
    values.setmodule("newscrawl.settings", priority="project")
    values.setdict({"NEWSCRAWL_DISTRIBUTED": True, "NEWSCRAWL_STATE_URI": uri,
                    "NEWSCRAWL_BASE_URL": "http://127.0.0.1:9/", **settings}, priority="cmdline")
    crawler = CrawlerRunner(values).create_crawler(DevdiscourseSpider)
    crawler._apply_settings()
    crawler.spider = crawler._create_spider()
    crawler.engine = crawler._create_engine()
    return crawler


def open_scheduler(crawler):
    from newscrawl.distributed.scrapy_redis_fixes import DistributedScheduler

    scheduler = DistributedScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    return scheduler


def seed(crawler, **kwargs) -> scrapy.Request:
    """The home-page request as a start request (Scrapy marks those in meta)."""
    meta = {"is_start_request": True, **kwargs.pop("meta", {})}
    return scrapy.Request("http://127.0.0.1:9/", callback=crawler.spider.parse_home, meta=meta, **kwargs)


# --- the shared crawl's scripts ----------------------------------------------------------

def _push(client, shared: SharedCrawl, data: bytes, score: float = 0) -> None:
    client.zadd(shared.queue_key, {data: score})


def test_taking_a_request_puts_it_in_flight_until_settled(uri):
    client, prefix = client_and_prefix(uri)
    a = SharedCrawl(client, prefix, "c", "worker-a")
    a.beat()
    _push(client, a, b"one")
    token, data = a.take()
    assert data == b"one" and a.queued() == 0
    assert a.finish_if_done() is False, "a request in flight: not done"
    assert a.settle([token]) == 0, "still in progress: kept"
    assert a.settle([]) == 1
    assert a.finish_if_done() is True


def test_a_dead_workers_requests_go_back_in_the_queue(uri):
    client, prefix = client_and_prefix(uri)
    dead = SharedCrawl(client, prefix, "c", "dead", timeout=1)
    live = SharedCrawl(client, prefix, "c", "live", timeout=1)
    dead.beat()
    _push(client, dead, b"high", score=-5)
    _push(client, dead, b"low", score=0)
    dead.take()
    dead.take()
    live.beat()
    assert live.beat() == (0, 0), "not silent long enough yet"
    time.sleep(1.3)
    assert live.beat() == (1, 2)
    assert client.zrange(live.queue_key, 0, -1, withscores=True) == [(b"high", -5.0), (b"low", 0.0)], \
        "requeued with their priorities"
    assert live.live_workers() == {"live"}


def test_a_worker_stopping_puts_back_what_it_had_not_finished(uri):
    client, prefix = client_and_prefix(uri)
    worker = SharedCrawl(client, prefix, "c", "w")
    worker.beat()
    _push(client, worker, b"one")
    worker.take()
    worker.leave()
    assert worker.queued() == 1 and worker.live_workers() == set()


def test_done_clears_the_duplicate_filter_for_the_next_crawl(uri):
    client, prefix = client_and_prefix(uri)
    worker = SharedCrawl(client, prefix, "c", "w")
    worker.beat()
    client.sadd(worker.dupefilter_key, "fingerprint")
    _push(client, worker, b"one")
    assert worker.finish_if_done() is False and client.exists(worker.dupefilter_key)
    token, _ = worker.take()
    worker.settle([])
    assert worker.finish_if_done() is True and not client.exists(worker.dupefilter_key)


# --- the scheduler: each fix of newscrawl.distributed.scrapy_redis_fixes -------------------------

def test_fix_2_scheduling_raises_no_deprecation_warning(uri):
    from scrapy.exceptions import ScrapyDeprecationWarning

    crawler = make_crawler(uri)
    scheduler = open_scheduler(crawler)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScrapyDeprecationWarning)
        assert scheduler.enqueue_request(seed(crawler))
        assert scheduler.next_request() is not None
    stats = crawler.stats.get_stats()
    assert stats["scheduler/enqueued/redis"] == 1 and stats["scheduler/dequeued/redis"] == 1


def test_fix_3_a_start_request_goes_through_the_shared_filter_even_with_dont_filter(uri):
    first, second = make_crawler(uri), make_crawler(uri)
    one, two = open_scheduler(first), open_scheduler(second)
    assert one.enqueue_request(seed(first, dont_filter=True)) is True
    assert two.enqueue_request(seed(second, dont_filter=True)) is False, "the second worker's seed is a duplicate"
    # an ordinary dont_filter request (a retry) is still queued every time
    retry = scrapy.Request("http://127.0.0.1:9/news/politics", callback=first.spider.parse_section,
                           dont_filter=True)
    assert one.enqueue_request(retry) and two.enqueue_request(retry.copy())
    assert len(one.queue) == 2  # the seed, and the retry (identical requests share one entry)


def test_fix_4_an_idle_worker_asks_for_shared_work_often(uri):
    crawler = make_crawler(uri, NEWSCRAWL_POLL_INTERVAL=0.25)
    open_scheduler(crawler)
    assert crawler.engine._SLOT_HEARTBEAT_INTERVAL == 0.25


def test_a_local_request_never_leaves_the_worker(uri):
    crawler = make_crawler(uri)
    scheduler = open_scheduler(crawler)
    scheduler.enqueue_request(seed(crawler))
    local = scrapy.Request("data:,", callback=lambda r: None, dont_filter=True, meta={"newscrawl_local": True})
    assert scheduler.enqueue_request(local)
    assert len(scheduler.queue) == 1, "only the seed is shared"
    assert scheduler.next_request() is local
    taken = scheduler.next_request()
    assert taken.url == "http://127.0.0.1:9/" and taken.meta["newscrawl_claim"]


def test_distributed_mode_without_a_redis_is_refused_before_any_request(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "NEWSCRAWL_STATE_URI": f"sqlite:///{tmp_path}/s.db"}
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "devdiscourse", "-s", "NEWSCRAWL_DISTRIBUTED=1",
                           "-s", "NEWSCRAWL_BASE_URL=http://127.0.0.1:9/"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].endswith(
        "NEWSCRAWL_DISTRIBUTED needs a Redis: set NEWSCRAWL_STATE_URI=redis://host:6379/0")
    cron = subprocess.run([sys.executable, "-m", "newscrawl", "crawl", "--distributed", "--out", str(tmp_path)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert cron.returncode == 2 and "--distributed needs a Redis" in cron.stderr


# --- worker processes against the replica --------------------------------------------------

class Worker:
    """One ``python -m newscrawl crawl --distributed`` process (the cron command, atomic feed)."""

    def __init__(self, name: str, site: ReplicaServer, uri: str, out: Path, *args: str, **settings):
        self.name = name
        merged = {**FAST, "USER_AGENT": f"worker-{name}", "NEWSCRAWL_WORKER_HEARTBEAT": "0.5",
                  "NEWSCRAWL_WORKER_TIMEOUT": "3", **settings}
        command = [sys.executable, "-m", "newscrawl", "crawl", "--distributed", "--worker", name,
                   "--base-url", site.base_url, "--out", str(out), *args]
        for key, value in merged.items():
            command += ["--set", f"{key}={value}"]
        env = {**os.environ, "PYTHONPATH": str(REPO), "NEWSCRAWL_STATE_URI": uri}
        env.pop("SCRAPY_SETTINGS_MODULE", None)
        self.proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)

    def wait(self, timeout: float = 240) -> int:
        self.proc.wait(timeout=timeout)
        return self.proc.returncode


def feeds(out: Path) -> list[dict]:
    items = []
    for path in sorted(out.rglob("*.jsonl")):
        items += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items


def logs(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.log")))


def article_fetches(site: ReplicaServer, ok_only: bool = True) -> Counter:
    return Counter(e["path"] for e in site.request_log
                   if e["path"].startswith("/article/") and (e["status"] == 200 or not ok_only))


def assert_each_story_once_at_latest(model: SiteModel, items: list[dict]) -> None:
    exported = Counter(int(i["article_id"]) for i in items)
    assert max(exported.values()) == 1, "a story exported twice"
    assert sorted(exported) == sorted(model.expected_latest().values())
    assert len({i["story_id"] for i in items}) == len(items)


def test_three_workers_share_one_crawl(tmp_path, uri):
    model = SiteModel(articles=240, seed=11)
    out = tmp_path / "out"
    with ReplicaServer(model, crawl_delay=0) as site:
        workers = [Worker(f"w{n}", site, uri, out, "--max-pages", "50") for n in range(3)]
        codes = [w.wait() for w in workers]
        fetched = article_fetches(site)
        agents = Counter(e["agent"] for e in site.request_log if e["path"].startswith("/article/"))
        homes = [e for e in site.request_log if e["path"] == "/"]
    text = logs(out)
    assert set(codes) <= {0, 3}, text[-3000:]  # 3: the replica's broken pages are warnings
    assert max(fetched.values()) == 1, [p for p, n in fetched.items() if n > 1]
    assert len(homes) == 1, "one seed for the whole crawl"
    assert len(agents) >= 2, f"the work was shared: {agents}"
    assert_each_story_once_at_latest(model, feeds(out))
    assert "Passing a 'spider' argument" not in text, "fix 2: no deprecated stats call"
    assert not list(out.rglob("*.part"))


def test_revisions_of_one_story_reach_different_workers_at_once(tmp_path, uri):
    model = SiteModel(articles=160, seed=11)
    # calibrate: which revisions of one story does a crawl fetch? (a plain one-worker crawl)
    with ReplicaServer(model, crawl_delay=0) as site:
        calibration = Worker("solo", site, f"{uri}-solo", tmp_path / "solo", "--max-pages", "50")
        assert calibration.wait() in (0, 3)
        fetched = set(article_fetches(site))
    drop_keys(f"{uri}-solo")
    groups = {key: [model.by_id[i].path for i in ids if model.by_id[i].path in fetched]
              for key, ids in model.truth(visible_only=True).items()}
    key, paths = max(groups.items(), key=lambda kv: (len(kv[1]), kv[0]))
    assert len(paths) >= 2, "the replica must have a story with two fetched revisions"

    out = tmp_path / "out"
    with ReplicaServer(model, crawl_delay=0) as site:
        together = site.hold_together(paths, timeout=60)
        # one request at a time per worker: a held revision blocks its worker, so another must take the next
        workers = [Worker(f"w{n}", site, uri, out, "--max-pages", "50", CONCURRENT_REQUESTS=1) for n in range(3)]
        codes = [w.wait() for w in workers]
    assert set(codes) <= {0, 3}, logs(out)[-3000:]
    assert together.released_at is not None and not together.timed_out
    assert len({agent for _, agent in together.arrivals.values()}) == len(paths), "served to different workers"
    items = feeds(out)
    assert_each_story_once_at_latest(model, items)
    (story,) = [i for i in items if int(i["article_id"]) == model.expected_latest()[key]]
    assert set(story["supersedes"]) >= {f"{site.base_url.rstrip('/')}{p}" for p in paths} - {story["url"]}


def test_a_worker_killed_mid_crawl_and_restarted_loses_nothing(tmp_path, uri):
    model = SiteModel(articles=240, seed=12)
    out = tmp_path / "out"
    with ReplicaServer(model, crawl_delay=0) as site:
        slow = {"DOWNLOAD_DELAY": "0.05", "CONCURRENT_REQUESTS": "4"}
        victim = Worker("victim", site, uri, out, "--max-pages", "50", **slow)
        other = Worker("other", site, uri, out, "--max-pages", "50", **slow)
        deadline = time.time() + 120
        while sum(1 for e in site.request_log if e["agent"] == "worker-victim"
                  and e["path"].startswith("/article/")) < 15:
            assert time.time() < deadline and victim.proc.poll() is None, "the victim never got going"
            time.sleep(0.05)
        victim.proc.send_signal(signal.SIGKILL)
        victim.wait()
        restarted = Worker("victim-again", site, uri, out, "--max-pages", "50", **slow)
        codes = [other.wait(), restarted.wait()]
        fetched = article_fetches(site)
    text = logs(out)
    assert set(codes) <= {0, 3}, text[-3000:]
    assert "are queued again" in text, "the dead worker's requests were put back"
    assert_each_story_once_at_latest(model, feeds(out))
    assert not [p for p in out.rglob("*.jsonl") if p.name.startswith("all-victim-2")], "a killed worker leaves no feed"
    assert max(fetched.values()) <= 2, "only what the killed worker held is fetched again"


def test_an_idle_worker_waits_for_a_busy_one_and_takes_what_it_queues(tmp_path, uri):
    """Fix 4: a worker with nothing to do stays while another holds work, and picks it up."""
    import threading

    from scrapy_redis import picklecompat
    from scrapy_redis.dupefilter import RFPDupeFilter

    model = SiteModel(articles=60, seed=13)
    out = tmp_path / "out"
    with ReplicaServer(model, crawl_delay=0) as site:
        crawler = make_crawler(uri, NEWSCRAWL_BASE_URL=site.base_url)
        spider = crawler.spider
        home = scrapy.Request(spider.base_url, callback=spider.parse_home, errback=spider.home_failed)
        client, prefix = client_and_prefix(uri)
        busy = SharedCrawl(client, prefix, "devdiscourse", "busy-worker", timeout=60)
        RFPDupeFilter(client, busy.dupefilter_key).request_seen(home)  # the busy worker's seed...
        client.hset(busy.inflight_key, "0:1", picklecompat.dumps(home.to_dict(spider=spider)))  # ...in its hands
        stop = threading.Event()

        def beat():
            while not stop.is_set():
                busy.beat()
                stop.wait(0.3)

        beating = threading.Thread(target=beat, daemon=True)
        beating.start()
        idle = Worker("idle", site, uri, out, "--max-pages", "50", NEWSCRAWL_WORKER_TIMEOUT="60")
        time.sleep(4)
        still_running = idle.proc.poll() is None
        before = [e["path"] for e in site.request_log if e["path"] != "/robots.txt"]
        stop.set()
        beating.join()
        busy.leave()  # hands the home page back to the queue
        code = idle.wait()
    assert still_running, "the idle worker closed while another still held work"
    assert before == [], "nothing to fetch until the busy worker hands work back"
    assert code in (0, 3), logs(out)[-3000:]
    assert_each_story_once_at_latest(model, feeds(out))


def test_workers_together_keep_the_sites_crawl_delay(tmp_path, uri):
    """robots.txt says Crawl-delay 0.25: two workers together must not ask faster than one would."""
    model = SiteModel(articles=24, seed=14)
    out = tmp_path / "out"
    delay = 0.25
    with ReplicaServer(model, crawl_delay=delay) as site:
        workers = [Worker(f"w{n}", site, uri, out, "--max-pages", "50") for n in range(2)]
        codes = [w.wait() for w in workers]
        pages = [e for e in site.request_log if e["path"] != "/robots.txt"]
    assert set(codes) <= {0, 3}, logs(out)[-3000:]
    by_agent = {}
    for entry in pages:
        by_agent.setdefault(entry["agent"], []).append(entry["time"])
    assert len(by_agent) == 2, "both workers fetched pages"
    # while both workers were fetching, together they kept to one request per delay
    start, end = max(min(t) for t in by_agent.values()), min(max(t) for t in by_agent.values())
    both = sorted(e["time"] for e in pages if start <= e["time"] <= end)
    assert len(both) >= 8, f"the workers overlapped for only {len(both)} requests"
    span = both[-1] - both[0]
    assert span >= 0.9 * delay * (len(both) - 1), f"{len(both)} requests in {span:.2f} s: faster than the delay"
    assert "newscrawl/distributed/site_delay_waits" in logs(out)


def test_a_password_in_the_queue_uri_is_never_logged(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO),
           "NEWSCRAWL_STATE_URI": f"redis://:hunter2secret@127.0.0.1:{closed}/0"}
    proc = subprocess.run([sys.executable, "-m", "newscrawl", "crawl", "--distributed", "--worker", "w1",
                           "--base-url", "http://127.0.0.1:9/", "--out", str(tmp_path / "out")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    text = proc.stderr + logs(tmp_path / "out")
    assert proc.returncode == 1
    assert f":***@127.0.0.1:{closed}" in text, "the failure names the Redis, redacted"
    assert "hunter2secret" not in text
