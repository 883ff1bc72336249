"""Helpers for end-to-end tests: the replica on a free loopback port, and the
real spider run as ``scrapy crawl`` in a subprocess against it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: Settings every end-to-end crawl gets: fast, but with the project's pipelines and extensions.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "0",
    "NEWSCRAWL_RETRY_BACKOFF_BASE": "0.05",
    "LOG_LEVEL": "INFO",
}


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str
    items: list[dict]
    feed: Path

    @property
    def log(self) -> str:
        return self.stderr

    def stat(self, name: str, default=0):
        """A value from the 'Dumping Scrapy stats' block of the log."""
        return stat_from_log(self.stderr, name, default)


def stat_from_log(log: str, name: str, default=0):
    """A value from the 'Dumping Scrapy stats' block of a crawl's log."""
    import re

    match = re.search(rf"'{re.escape(name)}': ([^,\n}}]+)", log)
    if not match:
        return default
    value = match.group(1).strip()
    try:
        return int(value)
    except ValueError:
        return value.strip("'")


def run_crawl(base_url: str, tmp_path: Path, *args: str, state: Path | None = None,
              settings: dict | None = None, feed_name: str = "out.jsonl", timeout: float = 300) -> CrawlResult:
    """``scrapy crawl devdiscourse`` against *base_url*, returning its items and log."""
    feed = tmp_path / feed_name
    state = state or (tmp_path / "state.db")
    merged = {**FAST, "NEWSCRAWL_BASE_URL": base_url, "NEWSCRAWL_STATE_URI": f"sqlite:///{state}", **(settings or {})}
    command = [sys.executable, "-m", "scrapy", "crawl", "devdiscourse", "-O", str(feed)]
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    command += list(args)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    proc = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    items = []
    if feed.exists():
        items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]
    return CrawlResult(proc.returncode, proc.stdout, proc.stderr, items, feed)
