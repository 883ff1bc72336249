"""Retry back-off: exponential per attempt, Retry-After honoured, both capped."""

from datetime import datetime, timezone

from scrapy.http import Request, Response
from scrapy.settings import Settings

from newscrawl.middlewares import BackoffRetryMiddleware, retry_after_seconds


def make(base=1.0, cap=60.0):
    return BackoffRetryMiddleware(
        Settings({"NEWSCRAWL_RETRY_BACKOFF_BASE": base, "NEWSCRAWL_RETRY_BACKOFF_MAX": cap})
    )


def test_backoff_doubles_per_attempt_and_is_capped():
    mw = make(base=1.0, cap=5.0)
    delays = [mw.backoff(Request("http://x/", meta={"retry_times": n})) for n in (1, 2, 3, 4)]
    assert delays == [1.0, 2.0, 4.0, 5.0]


def test_retry_after_wins_when_larger_but_stays_capped():
    mw = make(base=1.0, cap=30.0)
    request = Request("http://x/", meta={"retry_times": 1})
    assert mw.backoff(request, Response("http://x/", status=429, headers={"Retry-After": "12"})) == 12.0
    assert mw.backoff(request, Response("http://x/", status=429, headers={"Retry-After": "3600"})) == 30.0
    assert mw.backoff(request, Response("http://x/", status=503)) == 1.0


def test_retry_after_http_date():
    now = datetime(2026, 11, 25, 10, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds(b"Wed, 25 Nov 2026 10:00:20 GMT", now) == 20.0
    assert retry_after_seconds(b"garbage", now) is None
    assert retry_after_seconds(None, now) is None
