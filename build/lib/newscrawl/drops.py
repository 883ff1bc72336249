"""One way to report a page or item we give up on.

Every loss is logged with its URL and reason, counted in the crawl stats under
``newscrawl/dropped/<reason>`` (monitors and the run summary read them), and,
for article pages, announced with the ``article_dropped`` signal so the state
store remembers the outcome. The crawl goes on.
"""

from __future__ import annotations

import logging

from newscrawl import signals

logger = logging.getLogger("newscrawl.drops")

STATS_PREFIX = "newscrawl/dropped/"


def record_drop(crawler, reason: str, url: str, detail: str = "", article: bool = True) -> None:
    """Log *url* as dropped for *reason*, count it, and tell the state if it is an article."""
    crawler.stats.inc_value(STATS_PREFIX + reason)
    if detail:
        logger.warning("Dropped %s: %s (%s)", url, reason, detail)
    else:
        logger.warning("Dropped %s: %s", url, reason)
    if article:
        crawler.signals.send_catch_log(signals.article_dropped, url=url, reason=reason)
