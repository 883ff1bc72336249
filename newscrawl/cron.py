"""``python -m newscrawl crawl``: one locked, atomic, summarised run, for cron.

    python -m newscrawl crawl [--sections a,b] [--max-pages N] [--since DATE] [--out DIR]
                              [--state URI] [--base-url URL] [--set NAME=VALUE ...] [--log-dir DIR]
                              [--distributed [--worker NAME]]

The run's feed goes to ``DIR/YYYY/MM/DD/<sections or all>-<UTC timestamp>.jsonl``,
written under a temporary name and renamed when complete (a run that exports
nothing writes no file); its log beside it (or in ``--log-dir``); one summary
line at the end (in the log; on stderr too in a terminal, or when the run failed,
so cron mails only failures); the exit code says how it went (see
:mod:`newscrawl.exitcodes`).

``--distributed`` makes the run one worker of a crawl shared through Redis
(:mod:`newscrawl.distributed`): no lock (an overlapping run is one more
worker), and the worker's name in its feed and log names, so workers on one
machine never share a file. Each worker's feed follows the same atomic rules.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl import exitcodes
from newscrawl.arguments import BadArgument, parse_arguments
from newscrawl.lock import Locked, RunLock, lock_path_for
from newscrawl.outcome import DEFAULT_MAX_FAILURE_RATE, judge
from newscrawl.state import DEFAULT_STATE_URI, check_uri


def add_parser(commands) -> None:
    crawl = commands.add_parser("crawl", help="one locked, atomic run (for cron)")
    crawl.add_argument("--sections", help="comma-separated section slugs (default: all in the nav)")
    crawl.add_argument("--max-pages", help="listing pages per section")
    crawl.add_argument("--since", help="YYYY-MM-DD: skip older articles")
    crawl.add_argument("--out", default="out", help="directory of the run feeds (default: out)")
    crawl.add_argument("--state", help=f"state store URI (default: NEWSCRAWL_STATE_URI or {DEFAULT_STATE_URI})")
    crawl.add_argument("--base-url", help="site root (sets NEWSCRAWL_BASE_URL)")
    crawl.add_argument("--log-dir", help="where the run's log goes (default: beside its feed)")
    crawl.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="any Scrapy setting")
    crawl.add_argument("--distributed", action="store_true",
                       help="be one worker of a crawl shared through the Redis state store")
    crawl.add_argument("--worker", help="this worker's name in its feed and log names (default: host-pid)")


def run_paths(out: Path, sections, log_dir: str | None, now: datetime, worker: str | None = None) -> tuple[Path, Path]:
    label = "+".join(sections) if sections else "all"
    if worker:
        label = f"{label}-{worker}"
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    day = out / now.strftime("%Y/%m/%d")
    feed = day / f"{label}-{stamp}.jsonl"
    log = (Path(log_dir) if log_dir else day) / f"{label}-{stamp}.log"
    return feed, log


def overrides_from(args) -> dict:
    """Scrapy settings from the command line; BadArgument on a malformed one."""
    settings = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not name.strip().replace("_", "").isalnum():
            raise BadArgument(f"--set: {item!r} is not NAME=VALUE (e.g. --set DOWNLOAD_DELAY=2)")
        settings[name.strip()] = value
    if args.base_url:
        parts = urlsplit(args.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BadArgument(f"--base-url: {args.base_url!r} is not an http(s) URL")
        settings["NEWSCRAWL_BASE_URL"] = args.base_url
    return settings


def cmd_crawl(args) -> int:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    from scrapy.utils.project import get_project_settings

    try:
        overrides = overrides_from(args)
        spider_args = {k: v for k, v in {"sections": args.sections, "max_pages": args.max_pages,
                                         "since": args.since}.items() if v is not None}
        settings = get_project_settings()
        checked = parse_arguments(spider_args, settings.getint("NEWSCRAWL_MAX_PAGES"))
        state = args.state or overrides.pop("NEWSCRAWL_STATE_URI", None) or os.environ.get("NEWSCRAWL_STATE_URI") \
            or settings.get("NEWSCRAWL_STATE_URI") or DEFAULT_STATE_URI
        try:
            check_uri(state)
        except ValueError as exc:
            raise BadArgument(f"--state: {exc}") from None
        worker = None
        if args.distributed:
            overrides["NEWSCRAWL_DISTRIBUTED"] = "1"
        if distributed(settings, overrides):
            worker = check_distributed(args, settings, overrides, state)
    except BadArgument as exc:
        print(f"newscrawl: bad argument: {exc}", file=sys.stderr)
        return exitcodes.BAD_ARGUMENTS

    feed, log = run_paths(Path(args.out), checked.sections, args.log_dir, datetime.now(timezone.utc), worker)
    os.environ["NEWSCRAWL_STATE_URI"] = state  # not a setting: Scrapy logs settings, and URIs may hold secrets
    try:
        with RunLock(None if worker else lock_path_for(state)):
            return crawl_locked(settings, overrides, spider_args, feed, log)
    except Locked as exc:
        print(f"newscrawl: locked: {exc}", file=sys.stderr)
        return exitcodes.LOCKED


def with_overrides(settings, overrides: dict):
    merged = settings.copy()
    merged.setdict(overrides, priority="cmdline")
    return merged


def distributed(settings, overrides: dict) -> bool:
    """Whether the run is a worker of a shared crawl (``--distributed`` or the setting)."""
    try:
        return with_overrides(settings, overrides).getbool("NEWSCRAWL_DISTRIBUTED")
    except ValueError:
        raise BadArgument("--set NEWSCRAWL_DISTRIBUTED: expected 1/0 or true/false") from None


def check_distributed(args, settings, overrides: dict, state: str) -> str:
    """The worker's name; BadArgument when distributed mode cannot run."""
    import socket

    from newscrawl.distributed.worker import check_name
    from newscrawl.state import queue_uri

    if queue_uri(with_overrides(settings, overrides), state) is None:
        raise BadArgument("--distributed needs a Redis: --state redis://host:6379/0 (or NEWSCRAWL_STATE_URI)")
    try:
        return check_name(args.worker or f"{socket.gethostname()}-{os.getpid()}", "--worker")
    except ValueError as exc:
        raise BadArgument(str(exc)) from None


def crawl_locked(settings, overrides: dict, spider_args: dict, feed: Path, log: Path) -> int:
    from scrapy.crawler import CrawlerProcess

    log.parent.mkdir(parents=True, exist_ok=True)
    settings.setdict({
        **overrides,
        "FEEDS": {str(feed): {"format": "jsonlines", "encoding": "utf-8", "store_empty": False}},
        "FEED_STORAGES": {"": "newscrawl.feeds.AtomicFileFeedStorage",
                          "file": "newscrawl.feeds.AtomicFileFeedStorage"},
        "LOG_FILE": str(log),
    }, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("devdiscourse")
    process.crawl(crawler, **spider_args)
    process.start()
    stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
    if process.bootstrap_failed:
        stats.setdefault("finish_reason", "bootstrap_failed")
    outcome = judge(stats, settings.getfloat("NEWSCRAWL_MAX_FAILURE_RATE", DEFAULT_MAX_FAILURE_RATE),
                    settings.getint("NEWSCRAWL_MONITOR_MIN_SAMPLE", 20))
    line = f"{outcome.summary} | feed {feed if feed.exists() else '(none: nothing to export)'} | log {log}"
    with log.open("a", encoding="utf-8") as out:
        out.write(line + "\n")
    if sys.stderr.isatty() or outcome.exit_code == exitcodes.FAILED:
        print(line, file=sys.stderr)  # under cron, only a failure is worth a mail
    return outcome.exit_code
