"""One way to report a page or item we give up on.

Every loss is logged with its URL and reason and counted in the crawl stats
under ``newscrawl/dropped/<reason>``, so monitors and the run summary can see
it, and the crawl goes on.
"""

from __future__ import annotations

import logging

logger = logging.getLogger("newscrawl.drops")

STATS_PREFIX = "newscrawl/dropped/"


def record_drop(stats, reason: str, url: str, detail: str = "") -> None:
    """Log *url* as dropped for *reason* and count it in *stats*."""
    stats.inc_value(STATS_PREFIX + reason)
    if detail:
        logger.warning("Dropped %s: %s (%s)", url, reason, detail)
    else:
        logger.warning("Dropped %s: %s", url, reason)
