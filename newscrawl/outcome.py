"""A finished run in one line, and the exit code cron acts on.

Read from the crawl stats only, so the same judgement serves the cron command
and anyone reading a run's stats later.
"""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl import exitcodes
from newscrawl.drops import STATS_PREFIX

#: Share of fetched article pages that may fail to parse before the run counts as failed.
DEFAULT_MAX_FAILURE_RATE = 0.2
PARSE_FAILURES = ("no_layout", "parse_error", "empty_body", "invalid_item")

#: Set by a worker of a shared crawl (newscrawl.distributed): its stats cover only its share.
CRAWL_ID_STAT = "newscrawl/distributed/crawl_id"


def is_shared_crawl_worker(stats: dict) -> bool:
    return CRAWL_ID_STAT in stats


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    verdict: str  # ok, warnings, failed: <why>
    summary: str


def judge(stats: dict, max_failure_rate: float = DEFAULT_MAX_FAILURE_RATE, min_sample: int = 20) -> Outcome:
    """Exit code and summary line for a run whose crawl stats are *stats*."""
    reason = stats.get("finish_reason")
    listing_pages = stats.get("newscrawl/listing_pages", 0)
    entries = stats.get("newscrawl/listing_entries", 0)
    parsed = sum(v for k, v in stats.items() if k.startswith("newscrawl/layout/"))
    drops = {k[len(STATS_PREFIX):]: v for k, v in stats.items() if k.startswith(STATS_PREFIX)}
    parse_failures = sum(v for k, v in drops.items() if k in PARSE_FAILURES)
    article_attempts = parsed + parse_failures
    exported = stats.get("item_scraped_count", 0)
    superseded = sum(v for k, v in stats.items() if k.startswith("newscrawl/revisions/superseded/"))
    superseded += stats.get("newscrawl/skipped/older_revision", 0)
    fetched_articles = stats.get("newscrawl/layout/legacy", 0) + stats.get("newscrawl/layout/current", 0)
    requested = stats.get("downloader/request_count", 0)

    failures = []
    if reason != "finished":
        failures.append(f"finish reason {reason}")
    # a worker of a shared crawl may get no listing page at all: then any answer from the site will do
    if listing_pages == 0 and stats.get("newscrawl/browser/listing_pages", 0) == 0 \
            and (not is_shared_crawl_worker(stats) or stats.get("response_received_count", 0) == 0):
        failures.append("site unreachable (no listing page)")
    if article_attempts >= min_sample and parse_failures / article_attempts > max_failure_rate:
        failures.append(f"parse failure rate {parse_failures / article_attempts:.0%} > {max_failure_rate:.0%}")
    if entries and article_attempts and parsed == 0:
        failures.append("zero articles parsed where listings had entries")
    if stats.get("newscrawl/browser/unavailable"):
        failures.append("client-rendered section without a browser")
    if any(k.startswith("feedexport/failed_count/") for k in stats):
        failures.append("feed not stored")
    failures += [f"monitor {name} failed" for name in stats.get("newscrawl/monitors/failed", [])]

    warned = bool(drops) or any(k.startswith("newscrawl/body_fallback/") for k in stats)
    if failures:
        code, verdict = exitcodes.FAILED, "failed: " + "; ".join(failures)
    elif warned:
        code, verdict = exitcodes.WARNINGS, "ok with warnings"
    else:
        code, verdict = exitcodes.OK, "ok"
    errors = ", ".join(f"{k} {v}" for k, v in sorted(drops.items())) or "none"
    duration = stats.get("elapsed_time_seconds", 0.0)
    summary = (
        f"newscrawl summary: {verdict} (exit {code}) | pages {requested} (listing {listing_pages}, "
        f"article {fetched_articles}) | items exported {exported} | revisions superseded {superseded} | "
        f"errors: {errors} | duration {duration:.1f}s"
    )
    return Outcome(code, verdict, summary)
