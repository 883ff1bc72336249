"""Backfills: the news sitemap and RSS as well as the listings, the same state as
cron runs, and a long backfill paused and resumed with Scrapy's JOBDIR."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.parsing.devdiscourse import parse_news_sitemap, parse_rss, parse_sitemap_index
from newscrawl.replica import ReplicaServer, SiteModel
from tests.support import FAST, REPO, run_crawl


def article_id(url: str) -> int:
    return int(urlsplit(url).path.split("/")[3].split("-")[0])


def test_news_sitemap_and_rss_keep_the_news_fields():
    model = SiteModel(articles=200, seed=2)
    with ReplicaServer(model, crawl_delay=0) as site:
        import urllib.request

        def fetch(path):
            return urllib.request.urlopen(site.base_url + path).read()

        index = parse_sitemap_index(fetch("/sitemap.xml"), site.base_url + "/sitemap.xml")
        assert index == [site.base_url + "/sitemap-news.xml", site.base_url + "/sitemap-sections.xml"]
        entries = parse_news_sitemap(fetch("/sitemap-news.xml"), index[0])
        rss = parse_rss(fetch("/rss/website"), site.base_url + "/rss/website")
    newest = model.articles[-1]
    by_url = {e.url: e for e in entries}
    entry = by_url[site.base_url + newest.path]
    assert entry.headline == newest.headline and entry.published == newest.published
    assert rss[0].url == site.base_url + newest.path and rss[0].published == newest.published
    assert len(rss) == 50


def test_backfill_reads_the_indexes_and_shares_state_with_cron_runs(tmp_path):
    model = SiteModel(articles=400, seed=2)
    since = model.articles[120].published  # older than one listing page per section reaches
    with ReplicaServer(model, crawl_delay=0) as site:
        state = tmp_path / "state.db"
        cron = run_crawl(site.base_url, tmp_path, "-a", "max_pages=1", state=state, feed_name="cron.jsonl")
        before = len(site.request_log)
        backfill = run_crawl(site.base_url, tmp_path, "-a", f"since={since.isoformat()}", "-a", "max_pages=1",
                             state=state, feed_name="backfill.jsonl")
        requests = site.request_log[before:]
    assert cron.returncode == 0 and backfill.returncode == 0, backfill.log[-2000:]
    paths = [e["path"] for e in requests]
    assert "/sitemap.xml" in paths and "/sitemap-news.xml" in paths and "/rss/website" in paths
    assert backfill.stat("newscrawl/backfill/sitemap_entries") > 0
    cron_ids = {article_id(i["url"]) for i in cron.items}
    fetched_by_cron = {e["path"] for e in site.request_log[:before] if e["path"].startswith("/article/")}
    assert not fetched_by_cron & {p for p in paths if p.startswith("/article/")}, "nothing fetched twice"
    stories = Counter(model.by_id[article_id(i["url"])].story.key for i in cron.items + backfill.items)
    latest = {model.by_id[article_id(i["url"])].story.key: article_id(i["url"]) for i in backfill.items}
    for key, count in stories.items():
        # a story appears twice only when the backfill found a newer revision of it
        assert count == 1 or latest[key] not in cron_ids
    assert backfill.items and all(i["published"] >= since.isoformat() for i in backfill.items)


def test_backfill_paused_and_resumed_with_jobdir(tmp_path):
    model = SiteModel(articles=300, seed=8)
    since = model.articles[len(model.articles) // 2].published.isoformat()
    with ReplicaServer(model, crawl_delay=0) as site:
        reference = run_crawl(site.base_url, tmp_path / "ref", "-a", f"since={since}", "-a", "max_pages=50",
                              state=tmp_path / "ref.db") if (tmp_path / "ref").mkdir() is None else None
        mark = len(site.request_log)
        command = [sys.executable, "-m", "scrapy", "crawl", "devdiscourse", "-a", f"since={since}",
                   "-a", "max_pages=50", "-O", str(tmp_path / "part1.jsonl"),
                   "-s", f"JOBDIR={tmp_path / 'job'}", "-s", f"NEWSCRAWL_BASE_URL={site.base_url}",
                   "-s", f"NEWSCRAWL_STATE_URI=sqlite:///{tmp_path / 'state.db'}", "-s", "CONCURRENT_REQUESTS=2",
                   *[arg for k, v in FAST.items() for arg in ("-s", f"{k}={v}")]]
        proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 60
        while len([e for e in site.request_log[mark:] if e["path"].startswith("/article/")]) < 15:
            assert time.time() < deadline and proc.poll() is None, "the backfill ended before it was paused"
            time.sleep(0.005)
        proc.send_signal(signal.SIGINT)  # Ctrl-C: Scrapy stops gracefully and keeps its queue in JOBDIR
        first_log = proc.communicate(timeout=120)[1]
        assert "shutdown" in first_log
        paused_at = len(site.request_log)
        resumed = run_crawl(site.base_url, tmp_path, "-a", f"since={since}", "-a", "max_pages=50",
                            state=tmp_path / "state.db", feed_name="part2.jsonl",
                            settings={"JOBDIR": str(tmp_path / "job"), "CONCURRENT_REQUESTS": "2"})
        assert "Resuming crawl" in resumed.log
        served = [e["path"] for e in site.request_log[mark:] if e["path"].startswith("/article/") and e["status"] == 200]
    assert resumed.returncode == 0, resumed.log[-2000:]
    assert len(site.request_log) > paused_at
    part1 = [json.loads(l) for l in (tmp_path / "part1.jsonl").read_text().splitlines()] \
        if (tmp_path / "part1.jsonl").exists() else []
    exported = [article_id(i["url"]) for i in part1 + resumed.items]
    assert len(exported) == len(set(exported)), "nothing exported twice"
    assert sorted(exported) == sorted(article_id(i["url"]) for i in reference.items), "the same as one backfill"
    assert len(served) == len(set(served)), "no article fetched twice across the pause"
