"""What a browser-rendered listing page costs, and whether memory stays flat.

1. Ratio: N listing pages fetched plainly (server-rendered) against N fetched
   through Chromium (client-rendered: load, run the script, wait for the
   items), each by a small spider using the project's settings and download
   handler. Wall and CPU (the crawl process and its children: driver, browser).
2. Memory: the real spider on a client-rendered section clicking "Load More"
   50 times; the summed RSS of the crawl process tree is sampled, and its peak
   after 10 and after 50 rendered pages is reported.
Targets: RSS < 600 MB, not growing with the number of rendered pages.

    python benchmarks/browser_cost.py [--pages 30]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT, machine, replica_process  # noqa: E402

SPIDER = '''
import scrapy

class ListingBench(scrapy.Spider):
    name = "listing_bench"
    custom_settings = {"ITEM_PIPELINES": {}, "CONCURRENT_REQUESTS": 1}

    async def start(self):
        for page in range(1, int(self.pages) + 1):
            meta = {"playwright": True, "playwright_include_page": True} if self.browser == "1" else {}
            # the same first listing page each time (a real page, never a 404), kept apart by a marker
            yield scrapy.Request(f"{self.base}/news/health?page=1&n={page}", meta=meta, dont_filter=True,
                                 callback=self.parse)

    async def parse(self, response):
        page = response.meta.get("playwright_page")
        if page is not None:
            await page.wait_for_selector("div.listing > div.listing-item")
            html = await page.content()
            await page.close()
        else:
            html = response.text
        self.crawler.stats.inc_value("bench/items", html.count('class="listing-item"'))
'''


def tree_memory_mb(root_pid: int) -> tuple[float, float]:
    """(summed PSS, summed RSS) of *root_pid* and its descendants, from /proc.

    Chromium runs several processes that share most of their pages; summed RSS
    counts those pages once per process, PSS splits them among the sharers, so
    summed PSS is the tree's real footprint.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            children.setdefault(int(stat[stat.rfind(")") + 2:].split()[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    pss = rss = 0
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return pss / 1024, rss / 1024


def run_sampled(command: list[str], progress=None):
    """Run *command*, sampling the process tree's memory every 0.2 s, with the last progress marker seen."""
    samples: list[tuple[float, float, float, str]] = []
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    marker = {"value": ""}
    lines: list[str] = []

    def read():
        for line in proc.stderr:
            lines.append(line)
            if progress and (m := progress(line)):
                marker["value"] = m

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    started = time.perf_counter()
    while proc.poll() is None:
        samples.append((time.perf_counter() - started, *tree_memory_mb(proc.pid), marker["value"]))
        time.sleep(0.2)
    reader.join()
    return subprocess.CompletedProcess(command, proc.returncode, proc.stdout.read(), "".join(lines)), samples


def listing_cost(base: str, pages: int, browser: bool, spider_file: Path) -> dict:
    command = [sys.executable, "-m", "scrapy", "runspider", str(spider_file), "-a", f"base={base}",
               "-a", f"pages={pages}", "-a", f"browser={int(browser)}", "-s", "LOG_LEVEL=INFO",
               "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", f"NEWSCRAWL_BASE_URL={base}",
               "-s", "NEWSCRAWL_STATE_URI=sqlite://:memory:", "-s", "EXTENSIONS={}"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode or "bench/items" not in proc.stderr:
        raise RuntimeError(proc.stderr[-3000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu}


def marginal(base: str, pages: int, browser: bool, spider_file: Path) -> dict:
    """Per-page wall and CPU beyond process start-up: (cost of N pages - cost of 1) / (N - 1).
    A plain page costs so little that it takes many more pages to rise above start-up noise."""
    pages = pages if browser else pages * 20
    one = listing_cost(base, 1, browser, spider_file)
    many = listing_cost(base, pages, browser, spider_file)
    return {key: (many[key] - one[key]) / (pages - 1) for key in ("wall_s", "cpu_s")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        spider_file = Path(tmp) / "listing_bench.py"
        spider_file.write_text(SPIDER)
        with replica_process(2000) as base:
            plain = marginal(base, args.pages, False, spider_file)
        with replica_process(2000, extra=("--client-sections", "health")) as base:
            rendered = marginal(base, args.pages, True, spider_file)
        results["per_listing_page_ms"] = {
            "plain_wall": round(1000 * plain["wall_s"], 1), "plain_cpu": round(1000 * plain["cpu_s"], 1),
            "rendered_wall": round(1000 * rendered["wall_s"], 1), "rendered_cpu": round(1000 * rendered["cpu_s"], 1),
        }
        results["ratio_wall"] = round(rendered["wall_s"] / plain["wall_s"], 1)
        results["ratio_cpu"] = round(rendered["cpu_s"] / plain["cpu_s"], 1)

        with replica_process(6000, extra=("--client-sections", "health", "--page-size", "5")) as base:
            command = [sys.executable, "-m", "scrapy", "crawl", "devdiscourse", "-a", "sections=health",
                       "-a", "max_pages=50", "-O", f"{tmp}/render.jsonl", "-s", f"NEWSCRAWL_BASE_URL={base}",
                       "-s", f"NEWSCRAWL_STATE_URI=sqlite:///{tmp}/state.db", "-s", "DOWNLOAD_DELAY=0",
                       "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=DEBUG"]
            pattern = re.compile(r"/api/listing/health\?page=(\d+)")
            proc, samples = run_sampled(command, lambda line: (m := pattern.search(line)) and m.group(1))
        rendered_pages = int(re.search(r"'newscrawl/browser/listing_pages': (\d+)", proc.stderr).group(1))

        def peak_until(page: int, column: int = 1) -> float:
            return max((s[column] for s in samples if s[3] and int(s[3]) <= page), default=0.0)

        results["crawl_rendering_50_pages"] = {
            "rendered_listing_pages": rendered_pages,
            "peak_tree_pss_mb_by_page_10": round(peak_until(10), 1),
            "peak_tree_pss_mb_by_page_50": round(peak_until(50), 1),
            "peak_tree_pss_mb_whole_run": round(max(s[1] for s in samples), 1),
            "peak_tree_rss_sum_mb_whole_run": round(max(s[2] for s in samples), 1),
            "wall_s": round(samples[-1][0], 1),
        }
    print(json.dumps(results, indent=2))
    crawl = results["crawl_rendering_50_pages"]
    growth = crawl["peak_tree_pss_mb_by_page_50"] - crawl["peak_tree_pss_mb_by_page_10"]
    print(f"target PSS < 600 MB: {'met' if crawl['peak_tree_pss_mb_whole_run'] < 600 else 'MISSED'}; "
          f"growth from page 10 to page 50: {growth:+.1f} MB")


if __name__ == "__main__":
    main()
