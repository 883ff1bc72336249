"""Revision decisions against a large history: per-item time and peak RSS.

Seeds a SQLite store with 10k, 100k and 1M synthetic past articles (random
bodies' sketches, spread over years, bulk-loaded), then feeds 2,000 replica
articles (with their revision chains) through the real path: fingerprint,
candidate look-up by index keys, decision, atomic write. Targets: under 2 ms
per item at 1M, within 2x of the 10k figure, RSS under 500 MB.

    python benchmarks/dedupe_scale.py [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import machine  # noqa: E402
from benchmarks.replica_items import item_for, parseable  # noqa: E402
from newscrawl.replica.generator import START, SiteModel  # noqa: E402
from newscrawl.revisions import matching  # noqa: E402
from newscrawl.revisions.placing import place  # noqa: E402
from newscrawl.state.base import NewRevision  # noqa: E402
from newscrawl.state.sqlite import SQLiteStore  # noqa: E402

PER_DAY = 150


def history(n: int, seed: int = 0):
    """n past articles before the replica's start, PER_DAY a day, as NewRevisions."""
    rng = np.random.default_rng(seed)
    end = START.timestamp() - 86400
    for i in range(n):
        published = end - (n - i) * 86400 / PER_DAY
        sketch = np.sort(rng.integers(0, 2**63, size=matching.SKETCH_SIZE, dtype=np.uint64))
        fp = matching.ArticleFingerprint(
            url=f"http://archive/article/politics/{i + 1}-x", article_id=str(i + 1), source="Reuters",
            title=f"archived story {i}", title_key=f"archived story {i}", update=0, wire_flags=(),
            published=datetime.fromtimestamp(published, START.tzinfo), modified=None,
            shingle_count=400, sketch=sketch)
        yield NewRevision(url=fp.url, article_id=fp.article_id, source=fp.source, title_key=fp.title_key,
                          update=0, published=published, rank=matching.revision_rank(fp),
                          fingerprint=fp.to_bytes(), keys=matching.index_keys(fp),
                          item={"url": fp.url, "article_id": fp.article_id})


def decide_all(store: SQLiteStore, items: list[dict]) -> float:
    started = time.perf_counter()
    for item in items:
        place(store, item)
    return (time.perf_counter() - started) / len(items)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--items", type=int, default=2000)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    model = SiteModel(articles=args.items, seed=42)
    items = [item_for(model, a) for a in parseable(model)]
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            store = SQLiteStore(f"{tmp}/state.db")
            started = time.perf_counter()
            store.bulk_insert(history(size))
            load = time.perf_counter() - started
            per_item = decide_all(store, items)
            db_mb = Path(f"{tmp}/state.db").stat().st_size / 2**20
            store.close()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results[size] = per_item
        print(f"history {size:>9,}: {1000 * per_item:.3f} ms per item ({len(items)} items), "
              f"seeded in {load:.0f} s, db {db_mb:.0f} MB, peak RSS so far {rss:.0f} MB", flush=True)
    small, large = results[min(results)], results[max(results)]
    print(f"largest/smallest: {large / small:.2f}x (target <= 2x: {'met' if large <= 2 * small else 'MISSED'}); "
          f"{1000 * large:.3f} ms at {max(results):,} (target < 2 ms: {'met' if large < 0.002 else 'MISSED'})")


if __name__ == "__main__":
    main()
