"""Shared pieces of the benchmarks: a replica in its own process, machine facts."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def replica_process(articles: int, seed: int = 42, crawl_delay: float = 0.0, extra: tuple = ()):
    """``python -m newscrawl.replica`` on a free loopback port; yields its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.replica", "--port", "0", "--articles", str(articles),
         "--seed", str(seed), "--crawl-delay", str(crawl_delay), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise RuntimeError(f"replica did not start: {line!r}")
        yield line[len("listening on "):]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, "
            f"Python {platform.python_version()}, {datetime.now(timezone.utc):%Y-%m-%d}")
