"""Spidermon checks on every run: catch layout drift before users do.

A failed monitor is recorded in the stats (``newscrawl/monitors/failed``), so
the cron command's exit code and summary line name it. Thresholds are settings
(see the README's "Monitoring" section for what each check means and what to
do when it fails).
"""

from __future__ import annotations

from spidermon import Monitor, MonitorSuite, monitors
from spidermon.contrib.scrapy.monitors import FinishReasonMonitor
from spidermon.core.actions import Action

from newscrawl.drops import STATS_PREFIX
from newscrawl.outcome import is_shared_crawl_worker
from newscrawl.pipelines.validation import COVERED_FIELDS

ARTICLE_ERRORS = ("no_layout", "parse_error", "empty_body", "invalid_item")


def _stat(stats, name, default=0):
    return stats.get(name, default) or default


@monitors.name("Article health")
class ArticleHealthMonitor(Monitor):
    """What the articles of this run looked like, whatever was exported."""

    @property
    def settings(self):
        return self.data.crawler.settings

    @property
    def min_sample(self) -> int:
        """Rates are judged only over at least this many pages (small cron runs are noisy)."""
        return self.settings.getint("NEWSCRAWL_MONITOR_MIN_SAMPLE", 20)

    @monitors.name("field coverage")
    def test_field_coverage(self):
        stats = self.data.stats
        parsed = _stat(stats, "newscrawl/coverage/items")
        if parsed < self.min_sample:
            return  # too few new articles for a share to mean anything
        thresholds = self.settings.getdict("NEWSCRAWL_MIN_FIELD_COVERAGE")
        low = []
        for field in COVERED_FIELDS:
            share = _stat(stats, f"newscrawl/coverage/{field}") / parsed
            if share < float(thresholds.get(field, 0.95)):
                low.append(f"{field} {share:.0%} < {float(thresholds.get(field, 0.95)):.0%}")
        self.assertFalse(low, "field coverage too low: " + ", ".join(low))

    @monitors.name("parse errors")
    def test_parse_error_rate(self):
        stats = self.data.stats
        errors = sum(_stat(stats, STATS_PREFIX + r) for r in ARTICLE_ERRORS)
        parsed = sum(v for k, v in stats.items() if k.startswith("newscrawl/layout/"))
        attempts = parsed + _stat(stats, STATS_PREFIX + "no_layout") + _stat(stats, STATS_PREFIX + "parse_error")
        if attempts < self.min_sample:
            return
        limit = self.settings.getfloat("NEWSCRAWL_MAX_FAILURE_RATE", 0.2)
        self.assertLessEqual(errors / attempts, limit, f"{errors} of {attempts} article pages gave no item")

    @monitors.name("HTTP errors")
    def test_http_error_rate(self):
        stats = self.data.stats
        failed = sum(v for k, v in stats.items() if k.startswith(STATS_PREFIX + "article_http_"))
        responses = _stat(stats, "response_received_count")
        if responses < self.min_sample:
            return
        limit = self.settings.getfloat("NEWSCRAWL_MAX_HTTP_ERROR_RATE", 0.1)
        self.assertLessEqual(failed / responses, limit, f"{failed} of {responses} responses were errors")

    @monitors.name("listings produce items")
    def test_listing_entries_produce_items(self):
        stats = self.data.stats
        if is_shared_crawl_worker(stats):
            return  # a worker of a shared crawl fetches other workers' listing entries, and they its own
        requested = (_stat(stats, "newscrawl/listing_entries")
                     - sum(v for k, v in stats.items() if k.startswith("newscrawl/skipped/") and k != "newscrawl/skipped/offsite"))
        parsed = sum(v for k, v in stats.items() if k.startswith("newscrawl/layout/"))
        if requested > 0:
            self.assertGreater(parsed, 0, f"{requested} listing entries were fetched and none became an article")


class RecordFailedMonitors(Action):
    """Put the names of failed monitors into the stats, for the exit code and summary."""

    def run_action(self):
        names = [result.monitor.name for result in self.result.monitors_failed_results]
        self.data.crawler.stats.set_value("newscrawl/monitors/failed", names)


class RunMonitors(MonitorSuite):
    monitors = [FinishReasonMonitor, ArticleHealthMonitor]
    monitors_failed_actions = [RecordFailedMonitors]
