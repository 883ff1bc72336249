"""``python -m newscrawl.replica``: serve the replica until SIGTERM / Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
from datetime import datetime

from newscrawl.replica.generator import SECTIONS, SiteModel
from newscrawl.replica.server import ReplicaServer


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.replica", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="bind address (loopback only by default)")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--crawl-delay", type=float, default=1.0, help="robots.txt Crawl-delay (0: none)")
    parser.add_argument("--now", type=datetime.fromisoformat, default=None,
                        help="the site's clock: only articles published by then exist")
    parser.add_argument("--page-size", type=int, default=20)
    parser.add_argument("--client-sections", default="", help="sections rendered in the browser, e.g. health")
    parser.add_argument("--request-log", default=None, help="append every request as JSON Lines here")
    parser.add_argument("--drift", action="store_true", help="serve article pages in changed markup")
    args = parser.parse_args(argv)
    client = tuple(s for s in args.client_sections.split(",") if s)
    unknown = [s for s in client if s not in SECTIONS]
    if unknown:
        parser.error(f"--client-sections: unknown section {unknown[0]!r}")
    model = SiteModel(articles=args.articles, seed=args.seed, now=args.now, page_size=args.page_size,
                      client_sections=client, drift=args.drift)
    server = ReplicaServer(model, args.host, args.port, args.crawl_delay, args.request_log)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    print(f"listening on {server.base_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
