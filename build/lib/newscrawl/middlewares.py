"""Downloader middlewares.

Scrapy's RetryMiddleware re-queues a failed request at once; a site that
answers 429 or 503 is asking us to slow down, so retries here wait first:
exponentially longer per attempt, or as long as ``Retry-After`` says when the
site says more (both capped by ``NEWSCRAWL_RETRY_BACKOFF_MAX``).
"""

from __future__ import annotations

import logging
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.asyncio import sleep

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that waits before each retry (exponential back-off)."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_MAX", 60.0)

    def backoff(self, retry_request: Request, response: Response | None = None) -> float:
        """Delay before sending *retry_request* (its meta holds the attempt number)."""
        attempt = max(1, retry_request.meta.get("retry_times", 1))
        delay = self.backoff_base * 2 ** (attempt - 1)
        if response is not None:
            asked = retry_after_seconds(response.headers.get(b"Retry-After"))
            if asked is not None:
                delay = max(delay, asked)
        return min(delay, self.backoff_max)

    async def _wait(self, retry_request: Request | None, response: Response | None = None):
        if retry_request is not None:
            delay = self.backoff(retry_request, response)
            if delay > 0:
                self.crawler.stats.inc_value("newscrawl/retry/backoff_seconds", delay)
                await sleep(delay)
        return retry_request

    async def process_response(self, request: Request, response: Response):
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, response)
        return result

    async def process_exception(self, request: Request, exception: Exception):
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result)
        return result
