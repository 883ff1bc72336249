"""Story grouping quality against the replica's ground truth.

Feeds the replica's articles, as items, through the real revision path (the
matcher deciding inside the SQLite store's atomic assignment) in several
orders and mixes, and reports pairwise precision, recall and F1 of the
resulting story grouping. Targets: precision 1.000, recall >= 0.99.

    python benchmarks/dedupe_quality.py [--articles 3000]
"""

from __future__ import annotations

import argparse
import random
import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import machine  # noqa: E402
from benchmarks.replica_items import item_for, parseable  # noqa: E402
from newscrawl.replica.generator import SiteModel  # noqa: E402
from newscrawl.revisions.placing import place  # noqa: E402
from newscrawl.state.sqlite import SQLiteStore  # noqa: E402


def group(items: list[dict]) -> dict[str, str]:
    """article id -> story id, as the crawler's revision pipeline would decide."""
    store = SQLiteStore(":memory:")
    for item in items:
        place(store, item)
    # a story's id may have been given before all members joined: read the final one
    members = {}
    for (story_id, url) in store.db.execute("SELECT story_id, article_id FROM articles"):
        members[url] = story_id
    store.close()
    return members


def pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    by_story: dict[str, list[str]] = {}
    for article, story in groups.items():
        by_story.setdefault(story, []).append(article)
    return {tuple(sorted(p)) for ids in by_story.values() for p in combinations(ids, 2)}


def score(model: SiteModel, items: list[dict]) -> dict:
    truth = {str(spec.id): spec.story.key for spec in parseable(model)}
    truth = {a: s for a, s in truth.items() if a in {i["article_id"] for i in items}}
    predicted, expected = pairs(group(items)), pairs(truth)
    hit = len(predicted & expected)
    precision = hit / len(predicted) if predicted else 1.0
    recall = hit / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"items": len(items), "true_pairs": len(expected), "predicted_pairs": len(predicted),
            "false_merges": len(predicted - expected), "missed": len(expected - predicted),
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=3000)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    results = {}
    for seed in (42, 7):
        model = SiteModel(articles=args.articles, seed=seed)
        items = [item_for(model, a) for a in parseable(model)]
        hard = {s.key for s in model.stories if s.kind in ("chain", "recurring") or s.background
                or "-" in s.base_headline.split(" ")[0]}
        mixes = {
            "chronological": items,
            "reverse (newest first, as listings are read)": items[::-1],
            "shuffled": random.Random(seed).sample(items, len(items)),
            "hard cases only, shuffled": random.Random(seed + 1).sample(
                [i for i in items if model.by_id[int(i["article_id"])].story.key in hard],
                sum(1 for i in items if model.by_id[int(i["article_id"])].story.key in hard)),
        }
        for name, mix in mixes.items():
            results[f"seed {seed}, {name}"] = score(model, mix)
    worst_p = min(r["precision"] for r in results.values())
    worst_r = min(r["recall"] for r in results.values())
    for name, result in results.items():
        print(f"{name:58s} P={result['precision']:.4f} R={result['recall']:.4f} F1={result['f1']:.4f} "
              f"(pairs {result['true_pairs']}, false merges {result['false_merges']}, missed {result['missed']})")
    print(f"worst precision {worst_p:.4f} (target 1.000: {'met' if worst_p == 1.0 else 'MISSED'}), "
          f"worst recall {worst_r:.4f} (target >= 0.99: {'met' if worst_r >= 0.99 else 'MISSED'})")


if __name__ == "__main__":
    main()
