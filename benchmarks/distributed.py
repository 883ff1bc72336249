"""Distributed mode: throughput with 1, 2 and 4 workers, and what the Redis path costs.

1. Articles/s of one shared crawl of a replica (politeness off, as in
   crawl_throughput.py) by 1, 2 and 4 worker processes (the cron command,
   ``--distributed``), from the first worker's start to the last one's exit,
   with the speed-up over one worker. This machine has 2 cores: past 2 workers
   the processes share the CPU, so the figure that matters is that Redis does
   not become the bottleneck.
2. Redis round trips per article page: every request the workers send to Redis
   (a pipeline or a script counts once), counted in the worker processes by a
   wrapper loaded only here (``sitecustomize`` on their PYTHONPATH); and the
   Redis server's CPU time as a share of the crawl's wall time (how far it is
   from being the bottleneck).
3. Time per revision decision (``place``: fingerprint, candidate look-up,
   matcher, atomic write) on the Redis store against the SQLite store, for the
   same items, as a ratio.

A private ``redis-server`` on a free port is used when one is installed (its
command counts then belong to this benchmark alone), else ``REDIS_URL``.

    python benchmarks/distributed.py [--articles 2000] [--workers 1,2,4]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT, machine, replica_process  # noqa: E402
from benchmarks.replica_items import item_for, parseable  # noqa: E402
from tests.support import stat_from_log  # noqa: E402

#: Loaded by each worker (PYTHONPATH): counts the requests redis-py writes, saved at exit.
COUNTER = '''
import atexit, json, os
import redis.connection

_sent = [0]
_original = redis.connection.AbstractConnection.send_packed_command

def send_packed_command(self, command, check_health=True):
    _sent[0] += 1
    return _original(self, command, check_health)

redis.connection.AbstractConnection.send_packed_command = send_packed_command

@atexit.register
def _save():
    with open(os.path.join(os.environ["NEWSCRAWL_BENCH_COUNTS"], f"{os.getpid()}.json"), "w") as out:
        json.dump({"round_trips": _sent[0]}, out)
'''


@contextmanager
def redis_server():
    """A private redis-server on a free port, else the one REDIS_URL names."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def redis_cpu(redis_url: str) -> float:
    """CPU seconds the Redis server has used so far (user + system)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    info = client.info("cpu")
    client.close()
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def crawl(base_url: str, redis_url: str, workers: int, tmp: Path) -> dict:
    cpu_before = redis_cpu(redis_url)
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    counts = tmp / f"counts-{workers}"
    counts.mkdir()
    (tmp / "sitecustomize.py").write_text(COUNTER)
    env = {**os.environ, "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}", "NEWSCRAWL_BENCH_COUNTS": str(counts),
           "NEWSCRAWL_STATE_URI": f"{redis_url}?prefix={prefix}"}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    out = tmp / f"out-{workers}"
    started = time.perf_counter()
    procs = [subprocess.Popen(
        [sys.executable, "-m", "newscrawl", "crawl", "--distributed", "--worker", f"w{n}", "--base-url", base_url,
         "--out", str(out), "--max-pages", "1000",
         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=0", "--set", "CONCURRENT_REQUESTS=16",
         "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "--set", "NEWSCRAWL_PROGRESS=0"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for n in range(workers)]
    codes = [p.wait(timeout=1800) for p in procs]
    wall = time.perf_counter() - started
    articles = exported = 0
    for log in out.rglob("*.log"):
        text = log.read_text(encoding="utf-8")
        articles += sum(stat_from_log(text, f"newscrawl/layout/{layout}") for layout in ("legacy", "current"))
    for feed in out.rglob("*.jsonl"):
        exported += sum(1 for line in feed.read_text(encoding="utf-8").splitlines() if line.strip())
    trips = sum(json.loads(p.read_text())["round_trips"] for p in counts.glob("*.json"))
    return {"workers": workers, "codes": codes, "wall": wall, "articles": articles, "exported": exported,
            "round_trips": trips, "redis_busy": (redis_cpu(redis_url) - cpu_before) / wall}


def decision_times(redis_url: str, items: list[dict]) -> tuple[float, float]:
    """Seconds per ``place`` on SQLite and on Redis, same items, same order."""
    from newscrawl.revisions.placing import place
    from newscrawl.state import open_store

    per = []
    with tempfile.TemporaryDirectory() as tmp:
        for uri in (f"sqlite:///{tmp}/state.db", f"{redis_url}?prefix=bench-decide-{uuid.uuid4().hex[:8]}"):
            store = open_store(uri)
            started = time.perf_counter()
            for item in items:
                place(store, item)
            per.append((time.perf_counter() - started) / len(items))
            if uri.startswith("redis"):
                prefix = uri.split("prefix=", 1)[1]
                for key in store.r.scan_iter(match=f"{prefix}:*", count=1000):
                    store.r.delete(key)
            store.close()
    return per[0], per[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    from newscrawl.replica.generator import SiteModel

    print(f"machine: {machine()}")
    with redis_server() as redis_url, replica_process(args.articles, seed=42) as base_url, \
            tempfile.TemporaryDirectory() as tmp:
        print(f"redis: {redis_url.rsplit('@', 1)[-1]}; replica: {args.articles} articles at {base_url}")
        results = []
        for n in (int(w) for w in args.workers.split(",")):
            result = crawl(base_url, redis_url, n, Path(tmp))
            results.append(result)
            one = results[0]
            rate = result["articles"] / result["wall"]
            print(f"{n} worker(s): {result['articles']} article pages in {result['wall']:.1f} s = {rate:.1f}/s "
                  f"(x{rate / (one['articles'] / one['wall']):.2f} of 1 worker), {result['exported']} stories "
                  f"exported, {result['round_trips'] / max(result['articles'], 1):.1f} Redis round trips per "
                  f"article, Redis server busy {100 * result['redis_busy']:.0f}% of the time, "
                  f"exit codes {result['codes']}", flush=True)
        model = SiteModel(articles=1000, seed=7)
        items = [item_for(model, a) for a in parseable(model)]
        sqlite, redis_time = decision_times(redis_url, items)
        print(f"revision decision: SQLite {1000 * sqlite:.3f} ms, Redis {1000 * redis_time:.3f} ms per item "
              f"({len(items)} items): Redis/SQLite = {redis_time / sqlite:.2f}")


if __name__ == "__main__":
    main()
