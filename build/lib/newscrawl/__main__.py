"""``python -m newscrawl``: operations around the Scrapy project.

    python -m newscrawl crawl [--sections a,b] [--max-pages N] [--since DATE] [--out DIR] ...
    python -m newscrawl export --latest FILE [--state URI]
"""

from __future__ import annotations

import argparse
import os
import sys

from newscrawl import cron, exitcodes
from newscrawl.export import write_jsonl_atomic
from newscrawl.state import DEFAULT_STATE_URI, check_uri, open_store


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newscrawl")
    commands = parser.add_subparsers(dest="command", required=True)
    cron.add_parser(commands)
    export = commands.add_parser("export", help="write the store as a latest-only corpus")
    export.add_argument("--latest", metavar="FILE", required=True,
                        help="JSON Lines file: one line per story, its latest revision")
    export.add_argument("--state", metavar="URI", default=None,
                        help=f"state store (default: NEWSCRAWL_STATE_URI or {DEFAULT_STATE_URI})")
    return parser


def state_uri(given: str | None) -> str:
    return given or os.environ.get("NEWSCRAWL_STATE_URI") or DEFAULT_STATE_URI


def cmd_export(args) -> int:
    uri = state_uri(args.state)
    try:
        check_uri(uri)
    except ValueError as exc:
        print(f"newscrawl: bad argument: --state: {exc}", file=sys.stderr)
        return exitcodes.BAD_ARGUMENTS
    if uri.startswith("sqlite:"):
        from pathlib import Path

        from newscrawl.state.sqlite import path_from_uri

        path = path_from_uri(uri)
        if path != ":memory:" and not Path(path).exists():
            print(f"newscrawl: no state store at {path} (crawl first, or pass --state)", file=sys.stderr)
            return exitcodes.FAILED
    with open_store(uri) as store:
        count = write_jsonl_atomic(args.latest, store.latest_items())
    print(f"newscrawl: wrote {count} stories to {args.latest}", file=sys.stderr)
    return exitcodes.OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exitcodes.BAD_ARGUMENTS if exc.code else exitcodes.OK
    return {"export": cmd_export, "crawl": cron.cmd_crawl}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
