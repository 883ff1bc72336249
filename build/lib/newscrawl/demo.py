"""``make demo``: crawl the local replica, offline, and show what came out.

Starts the replica on 127.0.0.1 in this process, runs the real spider against
it with ``scrapy crawl`` (politeness on, the replica's Crawl-delay set to 0 so
the demo takes seconds), and prints a summary. ``--check`` runs ``scrapy
check`` (the spider contracts) against the replica instead.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from newscrawl.replica import ReplicaServer, SiteModel

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.demo")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--out", default="demo.jsonl")
    parser.add_argument("--check", action="store_true", help="run scrapy check against the replica")
    args = parser.parse_args(argv)
    with ReplicaServer(SiteModel(articles=args.articles, seed=42), port=args.port, crawl_delay=0) as site:
        print(f"replica listening on {site.base_url} ({args.articles} articles)", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            settings = ["-s", f"NEWSCRAWL_BASE_URL={site.base_url}",
                        "-s", f"NEWSCRAWL_STATE_URI=sqlite:///{tmp}/state.db"]
            if args.check:
                command = [sys.executable, "-m", "scrapy", "check", "devdiscourse", *settings]
            else:
                command = [sys.executable, "-m", "scrapy", "crawl", "devdiscourse", "-O", args.out,
                           "-a", "max_pages=3", "-s", "LOG_LEVEL=WARNING", *settings]
            code = subprocess.call(command, cwd=ROOT)
        requests = Counter(e["path"].split("/")[1] or "home" for e in site.request_log)
    if args.check or code:
        return code
    items = [json.loads(line) for line in Path(args.out).read_text(encoding="utf-8").splitlines()]
    revised = [i for i in items if i["supersedes"]]
    print(f"wrote {len(items)} stories to {args.out} ({len(revised)} in a later revision, "
          f"superseding {sum(len(i['supersedes']) for i in revised)} older ones)")
    print("requests: " + ", ".join(f"{k} {v}" for k, v in sorted(requests.items())))
    if revised:
        sample = revised[0]
        print(f"e.g. {sample['headline']!r} (story {sample['story_id']}) supersedes {len(sample['supersedes'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
