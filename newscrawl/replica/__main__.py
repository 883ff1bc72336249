"""``python -m newscrawl.replica``: serve the replica until SIGTERM / Ctrl-C.

Prints exactly one line, ``listening on http://HOST:PORT``, once the socket
listens (``--port 0`` picks a free port; read it from that line).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import datetime

from newscrawl.replica.generator import SECTIONS, SiteModel, as_ist
from newscrawl.replica.server import ReplicaServer


def _moment(value: str) -> datetime:
    """ISO 8601; without an offset the time is IST, the site's own clock."""
    return as_ist(datetime.fromisoformat(value))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.replica", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="bind address (loopback by default)")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--crawl-delay", type=float, default=1.0, help="robots.txt Crawl-delay (0: none)")
    parser.add_argument("--now", type=_moment, default=None,
                        help="the site's clock, ISO 8601: only articles published by then exist")
    parser.add_argument("--page-size", type=int, default=20)
    parser.add_argument("--client-sections", default="", help="comma-separated sections rendered in the browser")
    parser.add_argument("--request-log", default=None, help="append every request as JSON Lines here")
    parser.add_argument("--drift", action="store_true", help="serve article pages in changed markup")
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    client = tuple(s.strip() for s in args.client_sections.split(",") if s.strip())
    unknown = [s for s in client if s not in SECTIONS]
    if unknown:
        parser.error(f"--client-sections: unknown section {unknown[0]!r}")
    if args.page_size < 1:
        parser.error("--page-size must be at least 1")
    model = SiteModel(articles=args.articles, seed=args.seed, now=args.now, page_size=args.page_size,
                      client_sections=client, drift=args.drift)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    server = ReplicaServer(model, args.host, args.port, args.crawl_delay, args.request_log).start()
    print(f"listening on {server.base_url}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
