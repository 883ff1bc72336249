"""The spider with the Redis state store: same incremental behaviour as SQLite."""

from __future__ import annotations

from collections import Counter

from newscrawl.replica import ReplicaServer, SiteModel
from tests.support import run_crawl
from tests.test_state_store import REDIS_URL, drop_keys, redis_uri


def test_two_runs_on_redis_state(tmp_path):
    uri = redis_uri()
    try:
        model = SiteModel(articles=150, seed=6)
        with ReplicaServer(model, crawl_delay=0) as site:
            first = run_crawl(site.base_url, tmp_path, "-a", "max_pages=50",
                              settings={"NEWSCRAWL_STATE_URI": uri}, feed_name="one.jsonl")
            before = len(site.request_log)
            second = run_crawl(site.base_url, tmp_path, "-a", "max_pages=50",
                               settings={"NEWSCRAWL_STATE_URI": uri}, feed_name="two.jsonl")
            again = [e["path"] for e in site.request_log[before:] if e["path"].startswith("/article/")]
        assert first.returncode == 0 and second.returncode == 0, first.log[-2000:]
        ids = Counter(int(i["article_id"]) for i in first.items)
        assert sorted(ids) == sorted(model.expected_latest().values()) and max(ids.values()) == 1
        assert second.items == [] and again == []
    finally:
        drop_keys(uri)


def test_a_password_in_the_state_uri_is_never_logged(tmp_path):
    import os
    import socket
    import subprocess
    import sys

    from tests.support import REPO

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    base = REDIS_URL.rsplit("/", 1)[0].replace("redis://", "redis://:hunter2secret@")
    with ReplicaServer(SiteModel(articles=40, seed=6), crawl_delay=0) as site:
        outputs = []
        for uri in (f"{base}/0?prefix=newscrawl-test-secret", f"redis://:hunter2secret@127.0.0.1:{closed}/0"):
            env = {**os.environ, "NEWSCRAWL_STATE_URI": uri}
            proc = subprocess.run([sys.executable, "-m", "newscrawl", "crawl", "--base-url", site.base_url,
                                   "--out", str(tmp_path / "out"), "--sections", "politics"],
                                  cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
            outputs.append((proc.returncode, proc.stderr))
        drop_keys(f"{REDIS_URL}?prefix=newscrawl-test-secret")
    logs = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.log"))
    (ok_code, _), (failed_code, failed_err) = outputs
    assert ok_code in (0, 3) and failed_code == 1
    assert f":***@127.0.0.1:{closed}" in logs + failed_err, "the failure names the store, redacted"
    assert "hunter2secret" not in logs + outputs[0][1] + failed_err
