"""Revisions across cron runs, end to end: the replica's clock moves between two
crawls that share one state store."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from newscrawl.replica import ReplicaServer, SiteModel
from tests.support import REPO, run_crawl


def article_id(url: str) -> int:
    return int(urlsplit(url).path.split("/")[3].split("-")[0])


def pick_split(model: SiteModel):
    """A time T1 at which some revision chains are only partly published."""
    times = sorted(model.published_times())
    for t1 in times[len(times) // 2:]:
        split = [s for s in model.stories if s.kind == "chain"
                 and any(a.published <= t1 for a in s.articles) and any(a.published > t1 for a in s.articles)]
        if len(split) >= 3:
            return t1, split
    raise AssertionError("no time splits three chains")


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tworuns")
    model = SiteModel(articles=400, seed=7)
    t1, split = pick_split(model)
    t2 = model.articles[-1].published
    state = tmp / "state.db"
    with ReplicaServer(model, crawl_delay=0) as site:
        model.now = t1
        first = run_crawl(site.base_url, tmp, "-a", "max_pages=50", state=state, feed_name="run1.jsonl")
        run1_requests = list(site.request_log)
        expected1 = model.expected_latest()
        model.now = t2
        second = run_crawl(site.base_url, tmp, "-a", "max_pages=50", state=state, feed_name="run2.jsonl")
        run2_requests = site.request_log[len(run1_requests):]
        expected2 = model.expected_latest()
    snapshot = tmp / "latest.jsonl"
    export = subprocess.run(
        [sys.executable, "-m", "newscrawl", "export", "--latest", str(snapshot), "--state", f"sqlite:///{state}"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    return {
        "model": model, "split": split, "first": first, "second": second, "expected1": expected1,
        "expected2": expected2, "run1": run1_requests, "run2": run2_requests, "export": export,
        "snapshot": snapshot, "base": site.base_url,
    }


def test_first_run_exports_the_latest_known_at_t1(two_runs):
    first = two_runs["first"]
    assert first.returncode == 0, first.log[-2000:]
    assert sorted(article_id(i["url"]) for i in first.items) == sorted(two_runs["expected1"].values())


def test_second_run_exports_exactly_the_new_stories_and_revisions(two_runs):
    second, e1, e2 = two_runs["second"], two_runs["expected1"], two_runs["expected2"]
    assert second.returncode == 0, second.log[-2000:]
    changed = {story: latest for story, latest in e2.items() if e1.get(story) != latest}
    assert sorted(article_id(i["url"]) for i in second.items) == sorted(changed.values())
    assert any(story in e1 for story in changed), "some stories must get a newer revision"


def test_newer_revision_keeps_its_story_id_and_lists_all_older_ones(two_runs):
    model, base = two_runs["model"], two_runs["base"]
    first_ids = {model.by_id[article_id(i["url"])].story.key: i["story_id"] for i in two_runs["first"].items}
    checked = 0
    for item in two_runs["second"].items:
        story = model.by_id[article_id(item["url"])].story
        if story.key in first_ids:
            assert item["story_id"] == first_ids[story.key]
            older = {base + a.path for a in story.articles if a.id != article_id(item["url"]) and a.fault is None}
            assert set(item["supersedes"]) == older
            checked += 1
    assert checked >= len(two_runs["split"]) - 1


def test_second_run_fetches_no_article_the_first_fetched(two_runs):
    fetched1 = {e["path"] for e in two_runs["run1"] if e["path"].startswith("/article/") and e["status"] == 200}
    fetched2 = [e["path"] for e in two_runs["run2"] if e["path"].startswith("/article/")]
    assert fetched2, "the second run has new articles to fetch"
    assert not set(fetched2) & fetched1
    served2 = [e["path"] for e in two_runs["run2"] if e["path"].startswith("/article/") and e["status"] == 200]
    assert len(served2) == len(set(served2)), "each article fetched once (a 503 retry aside)"


def test_export_latest_is_one_line_per_story_in_its_latest_revision(two_runs):
    export = two_runs["export"]
    assert export.returncode == 0, export.stderr
    lines = two_runs["snapshot"].read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines]
    assert sorted(article_id(i["url"]) for i in items) == sorted(two_runs["expected2"].values())
    assert len({i["story_id"] for i in items}) == len(items)
    assert not list(two_runs["snapshot"].parent.glob(".latest.jsonl.*")), "no temporary file left behind"


def test_export_refuses_a_missing_store(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "newscrawl", "export", "--latest", str(tmp_path / "x.jsonl"),
         "--state", f"sqlite:///{tmp_path}/nothing.db"],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1 and "no state store" in proc.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_killed_run_leaves_its_stories_pending_for_the_next(tmp_path):
    """Exports count only once the feed is stored: a run that never closes its feed
    (here: no feed at all) exports nothing, and the next run exports everything."""
    model = SiteModel(articles=120, seed=5)
    state = tmp_path / "state.db"
    with ReplicaServer(model, crawl_delay=0) as site:
        no_feed = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "devdiscourse", "-a", "sections=politics",
             "-s", f"NEWSCRAWL_BASE_URL={site.base_url}", "-s", f"NEWSCRAWL_STATE_URI=sqlite:///{state}",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"],
            cwd=REPO, capture_output=True, text=True, timeout=120,
        )
        assert no_feed.returncode == 0, no_feed.stderr[-2000:]
        before = len(site.request_log)
        second = run_crawl(site.base_url, tmp_path, "-a", "sections=politics", state=state)
        refetched = [e for e in site.request_log[before:] if e["path"].startswith("/article/")]
    assert second.items, "the pending stories of the first run are exported by the second"
    assert not refetched, "without fetching them again"
