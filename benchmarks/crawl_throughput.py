"""Crawl throughput: the real spider, pipelines and feed against a 5,000-article replica.

Reports article pages/s, CPU seconds per article and peak RSS of the crawl
process, and Scrapy's own ``scrapy bench`` page rate on this machine, as a
ratio. Politeness delays are OFF here (replica Crawl-delay 0, no
DOWNLOAD_DELAY, no AutoThrottle): the point is our per-page cost, not the
site's patience. Targets: ratio >= 0.7, peak RSS < 300 MB.

    python benchmarks/crawl_throughput.py [--articles 5000]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT, machine, replica_process  # noqa: E402


def scrapy_bench(seconds: int = 15) -> float:
    """Scrapy's reference page rate (pages/s), run outside the project with default settings."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
                             cwd=tmp, capture_output=True, text=True, timeout=seconds + 120)
    rates = re.findall(r"Crawled (\d+) pages \(at (\d+) pages/min\)", out.stderr)
    match = re.search(r"'response_received_count': (\d+)", out.stderr)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", out.stderr)
    if match and elapsed:
        return int(match.group(1)) / float(elapsed.group(1))
    if not rates:
        raise RuntimeError("scrapy bench printed no rate:\n" + out.stderr[-2000:])
    return int(rates[-1][1]) / 60


def crawl(base_url: str, tmp: Path) -> dict:
    feed = tmp / "bench.jsonl"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "devdiscourse", "-O", str(feed), "-a", "max_pages=1000",
        "-s", f"NEWSCRAWL_BASE_URL={base_url}", "-s", f"NEWSCRAWL_STATE_URI=sqlite:///{tmp}/state.db",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        "-s", "CONCURRENT_REQUESTS=16", "-s", "LOG_LEVEL=INFO",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-3000:])
    stats = proc.stderr
    pages = sum(int(n) for n in re.findall(r"'newscrawl/layout/\w+': (\d+)", stats))
    responses = int(re.search(r"'response_received_count': (\d+)", stats).group(1))
    items = sum(1 for _ in feed.open(encoding="utf-8"))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "article_pages": pages, "responses": responses, "items": items, "cpu_s": cpu,
            "peak_rss_mb": after.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--bench-seconds", type=int, default=15)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print("politeness delays OFF for this benchmark (replica Crawl-delay 0, DOWNLOAD_DELAY 0, AutoThrottle off)")
    with tempfile.TemporaryDirectory() as tmp, replica_process(args.articles) as base:
        result = crawl(base, Path(tmp))
    bench = scrapy_bench(args.bench_seconds)
    rate = result["article_pages"] / result["wall_s"]
    page_rate = result["responses"] / result["wall_s"]
    report = {
        **{k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()},
        "article_pages_per_s": round(rate, 1),
        "all_pages_per_s": round(page_rate, 1),
        "cpu_ms_per_article": round(1000 * result["cpu_s"] / result["article_pages"], 2),
        "scrapy_bench_pages_per_s": round(bench, 1),
        "ratio_to_scrapy_bench": round(rate / bench, 2),
    }
    print(json.dumps(report, indent=2))
    print(f"target ratio >= 0.7: {'met' if report['ratio_to_scrapy_bench'] >= 0.7 else 'MISSED'}; "
          f"target peak RSS < 300 MB: {'met' if report['peak_rss_mb'] < 300 else 'MISSED'}")


if __name__ == "__main__":
    main()
