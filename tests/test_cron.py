"""The cron command end to end: lock, atomic feeds, kills at any moment, exit codes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl import exitcodes
from newscrawl.extensions.state import recover_dead_runs
from newscrawl.replica import ReplicaServer, SiteModel
from newscrawl.state.sqlite import SQLiteStore
from tests.support import REPO

FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=0", "--set", "NEWSCRAWL_RETRY_BACKOFF_BASE=0.05"]


def command(base, out, state, *extra):
    return [sys.executable, "-m", "newscrawl", "crawl", "--base-url", base, "--out", str(out),
            "--state", f"sqlite:///{state}", *FAST, *extra]


def run(base, out, state, *extra, timeout=180):
    return subprocess.run(command(base, out, state, *extra), cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


def feeds(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.jsonl") if not p.name.startswith("."))


def lines(out: Path) -> list[dict]:
    return [json.loads(line) for feed in feeds(out) for line in feed.read_text(encoding="utf-8").splitlines()]


def article_id(url: str) -> int:
    return int(urlsplit(url).path.split("/")[3].split("-")[0])


@pytest.fixture()
def site():
    with ReplicaServer(SiteModel(articles=240, seed=9), crawl_delay=0) as server:
        yield server


def test_exit_codes_feed_log_and_summary(site, tmp_path):
    out, state = tmp_path / "out", tmp_path / "state.db"
    first = run(site.base_url, out, state, "--sections", "politics")
    assert first.returncode == exitcodes.WARNINGS, first.stderr  # the replica's 404 and empty page
    assert first.stderr == "", "under cron only a failure prints anything"
    (feed,) = feeds(out)
    assert feed.name.startswith("politics-") and feed.parent.parent.parent.parent == out
    log = feed.with_suffix(".log").read_text()
    summary = log.strip().splitlines()[-1]
    assert summary.startswith("newscrawl summary: ok with warnings (exit 3)")
    assert "errors: article_http_404 1, empty_body 1" in summary and "items exported" in summary
    assert "[scrapy.core.engine] INFO" in log
    second = run(site.base_url, out, state, "--sections", "politics")
    assert second.returncode == exitcodes.OK, second.stderr
    assert len(feeds(out)) == 1, "a run that exports nothing writes no file"
    (log2,) = [p for p in (out).rglob("*.log") if p.stem != feed.stem]
    assert "feed (none: nothing to export)" in log2.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--max-pages", "x"), "max_pages: 'x'"), (("--set", "DOWNLOAD_DELAY"), "--set: 'DOWNLOAD_DELAY'"),
     (("--base-url", "ftp://x"), "--base-url"), (("--since", "yesterday"), "since: 'yesterday'")],
)
def test_bad_arguments(site, tmp_path, args, message):
    before = len(site.request_log)
    result = run(site.base_url, tmp_path / "out", tmp_path / "s.db", *args)
    assert result.returncode == exitcodes.BAD_ARGUMENTS
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert len(site.request_log) == before and not (tmp_path / "out").exists()


def test_failed_when_the_markup_changed(tmp_path):
    with ReplicaServer(SiteModel(articles=400, seed=4, drift=True), crawl_delay=0) as drifted:
        result = run(drifted.base_url, tmp_path / "out", tmp_path / "s.db", "--sections", "politics",
                     "--max-pages", "50")
    assert result.returncode == exitcodes.FAILED
    summary = result.stderr.strip().splitlines()[-1]
    assert "parse failure rate 100% > 20%" in summary
    assert "zero articles parsed where listings had entries" in summary
    assert "monitor Article health/parse errors failed" in summary
    assert "monitor Article health/listings produce items failed" in summary


def test_failed_when_the_site_is_unreachable(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    result = run(f"http://127.0.0.1:{port}", tmp_path / "out", tmp_path / "s.db", "--sections", "politics",
                 "--set", "RETRY_TIMES=0")
    assert result.returncode == exitcodes.FAILED and "site unreachable" in result.stderr


def test_overlapping_runs_one_exits_locked(tmp_path):
    with ReplicaServer(SiteModel(articles=60, seed=4), crawl_delay=0.3) as slow:
        out, state = tmp_path / "out", tmp_path / "state.db"
        first = subprocess.Popen(command(slow.base_url, out, state, "--sections", "politics",
                                         "--set", "NEWSCRAWL_MAX_CRAWL_DELAY=0.3"),
                                 cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while not slow.paths("/news/") and time.time() < deadline:
            time.sleep(0.05)
        second = run(slow.base_url, out, state, "--sections", "politics")
        first_err = first.communicate(timeout=180)[1]
    assert second.returncode == exitcodes.LOCKED
    assert second.stderr.startswith("newscrawl: locked: another run holds") and f"pid {first.pid}" in second.stderr
    assert first.returncode == exitcodes.WARNINGS
    store = SQLiteStore(str(state))
    assert store.counts()["pending"] == 0 and store.counts()["stories"] == len(lines(out))


def kill_when(proc, condition, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        if condition():
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.01)
    proc.wait()
    return False


@pytest.mark.parametrize("moment", ["listing", "articles", "final_feed"])
def test_killed_run_loses_nothing_and_duplicates_nothing(site, tmp_path, moment):
    out, state = tmp_path / "out", tmp_path / "state.db"
    proc = subprocess.Popen(command(site.base_url, out, state, "--max-pages", "50"), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conditions = {
        "listing": lambda: len(site.paths("/news/")) >= 2,
        "articles": lambda: len(site.paths("/article/")) >= 40,
        "final_feed": lambda: any(p.stat().st_size > 2000 for p in out.rglob(".*.part")),
    }
    assert kill_when(proc, conditions[moment]), f"the run ended before the {moment} moment"
    time.sleep(1.1)  # the next run's feed gets a timestamp of its own
    again = run(site.base_url, out, state, "--max-pages", "50")
    assert again.returncode in (exitcodes.OK, exitcodes.WARNINGS), again.stderr
    items = lines(out)
    exported = [article_id(i["url"]) for i in items]
    assert len(exported) == len(set(exported)), "nothing exported twice"
    assert sorted(exported) == sorted(site.model.expected_latest().values()), "every story, latest revision"


def test_feed_renamed_but_not_committed_counts_once(tmp_path):
    """The narrowest window: killed after the rename, before the commit."""
    state = SQLiteStore(str(tmp_path / "state.db"))
    feed = tmp_path / "done.jsonl"
    feed.write_text("{}\n")
    state.start_run("dead-after-rename", 0.0, {"feeds": [str(feed)], "atomic_feeds": True})
    state.start_run("dead-before-rename", 0.0, {"feeds": [str(tmp_path / "missing.jsonl")], "atomic_feeds": True})
    state.start_run("dead-with-plain-feed", 0.0, {"feeds": [str(feed)], "atomic_feeds": False})
    from tests.test_state_store import join_first, revision

    for n, run_id in ((100, "dead-after-rename"), (200, "dead-before-rename"), (300, "dead-with-plain-feed")):
        rev = revision(n, title=f"story {n}", keys=[f"k{n}"])
        state.assign_story(rev, 86400, join_first)
        state.mark_exported(run_id, str(n), rev.url)
    recover_dead_runs(state)
    assert sorted(p.story_id for p in state.pending_exports()) == ["200", "300"]
    assert state.uncommitted_runs() == []


def test_progress_in_a_terminal_quiet_under_cron(site, tmp_path):
    import pty

    primary, secondary = pty.openpty()
    proc = subprocess.Popen(command(site.base_url, tmp_path / "tty", tmp_path / "tty.db", "--sections", "politics"),
                            cwd=REPO, stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary)
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(primary)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "devdiscourse:" in screen and "pages" in screen and "exported" in screen
    assert "newscrawl summary:" in screen
    quiet = run(site.base_url, tmp_path / "cron", tmp_path / "cron.db", "--sections", "politics")
    assert quiet.returncode == exitcodes.WARNINGS and quiet.stderr == ""
