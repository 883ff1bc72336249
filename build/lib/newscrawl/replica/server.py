"""The replica's HTTP server: a threaded stdlib server on loopback.

Every request is logged (method, Host header, path, status, time) in memory
and optionally as JSON Lines, so tests can count exactly what a crawl asked
for. ``/news/{section}`` of a client-rendered section ships an empty list
that ``/static/listing.js`` fills from ``/api/listing/{section}``, whose
``sig`` the script computes at run time (see :func:`signature`); a missing or
wrong signature gets 403.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from newscrawl.replica import pages
from newscrawl.replica.generator import SECTIONS, SiteModel

LISTING_JS = """(function () {
  // FNV-1a, 32 bits, hex: the signature the listing endpoint expects.
  function sign(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return ('0000000' + h.toString(16)).slice(-8);
  }
  var list = document.querySelector('div.listing[data-render=client]');
  if (!list) { return; }
  var button = document.querySelector('button.load-more');
  var section = list.getAttribute('data-section');
  var nonce = list.getAttribute('data-nonce');
  var page = 0;
  function load() {
    page += 1;
    var url = '/api/listing/' + section + '?page=' + page + '&sig=' + sign(section + ':' + page + ':' + nonce);
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      list.insertAdjacentHTML('beforeend', data.html);
      button.hidden = !data.has_next;
    });
  }
  button.addEventListener('click', load);
  load();
})();
"""


def fnv1a(text: str) -> str:
    """The listing signature: FNV-1a 32-bit of ``section:page:nonce``, 8 hex digits."""
    h = 0x811C9DC5
    for ch in text.encode("utf-16-le")[::2]:  # JS charCodeAt on the ASCII we sign
        h = ((h ^ ch) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def signature(section: str, page: int, nonce: str) -> str:
    return fnv1a(f"{section}:{page}:{nonce}")


class ReplicaServer:
    """The site on 127.0.0.1; ``start()`` serves in a background thread."""

    def __init__(self, model: SiteModel, host: str = "127.0.0.1", port: int = 0, crawl_delay: float = 1.0,
                 request_log_path: str | None = None, secret: str = "replica"):
        self.model = model
        self.crawl_delay = crawl_delay
        self.request_log: list[dict] = []
        self._log_lock = threading.Lock()
        self._log_file = open(request_log_path, "a", encoding="utf-8") if request_log_path else None
        self._flaky_served: set[str] = set()
        self.secret = secret
        self.httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.httpd.server_address[0]}:{self.port}"

    def nonce(self, section: str) -> str:
        return hashlib.sha256(f"{self.secret}:{section}".encode()).hexdigest()[:12]

    def start(self) -> "ReplicaServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="replica", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._log_file:
            self._log_file.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def log(self, entry: dict) -> None:
        with self._log_lock:
            self.request_log.append(entry)
            if self._log_file:
                self._log_file.write(json.dumps(entry) + "\n")
                self._log_file.flush()

    def paths(self, prefix: str = "") -> list[str]:
        """Paths requested so far (with query), optionally only those under *prefix*."""
        with self._log_lock:
            return [e["path"] for e in self.request_log if e["path"].startswith(prefix)]

    # --- routing -------------------------------------------------------------------
    def respond(self, path: str, query: dict, host: str) -> tuple[int, str, str]:
        """(status, content type, body) for one GET."""
        base = f"http://{host}"
        model = self.model
        html = "text/html; charset=utf-8"
        if path == "/":
            return 200, html, pages.home(model, base)
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", pages.robots(base, self.crawl_delay)
        if path.startswith("/news/"):
            section = path[len("/news/"):].strip("/")
            if section not in SECTIONS:
                return 404, html, pages.not_found()
            page = _page_number(query)
            if page is None:
                return 404, html, pages.not_found()
            if section in model.client_sections:
                return 200, html, pages.client_section_page(base, section, self.nonce(section), self.port)
            entries, _ = model.section_listing(section, page)
            if page > 1 and not entries:
                return 404, html, pages.not_found()
            return 200, html, pages.section_page(model, base, section, page, self.port)
        if path.startswith("/api/listing/"):
            return self.api_listing(path[len("/api/listing/"):].strip("/"), query, base)
        if path == "/static/listing.js":
            return 200, "application/javascript; charset=utf-8", LISTING_JS
        if path.startswith("/article/"):
            spec = model.by_path.get(path)
            short = SHORT_ARTICLE_PATH.match(path)
            if spec is None and short and int(short.group(1)) in model.by_id:
                # like the live site: an id without its slug redirects to the canonical URL
                target = model.by_id[int(short.group(1))]
                if model.visible(target):
                    return 301, html, target.path
            if spec is None or not model.visible(spec) or spec.fault == "not_found":
                return 404, html, pages.not_found()
            if spec.fault == "flaky_503" and path not in self._flaky_served:
                self._flaky_served.add(path)
                return 503, html, "<html><body><h1>Service temporarily unavailable</h1></body></html>"
            return 200, html, pages.article_page(model, spec, base)
        if path == "/rss/website":
            return 200, "application/rss+xml; charset=utf-8", pages.rss(model, base, None)
        if path.startswith("/rss/") and path[5:] in SECTIONS:
            return 200, "application/rss+xml; charset=utf-8", pages.rss(model, base, path[5:])
        if path == "/sitemap.xml":
            return 200, "application/xml; charset=utf-8", pages.sitemap_index(model, base)
        if path == "/sitemap-news.xml":
            return 200, "application/xml; charset=utf-8", pages.news_sitemap(model, base)
        if path == "/sitemap-sections.xml":
            return 200, "application/xml; charset=utf-8", pages.sections_sitemap(base)
        if path == "/promo":
            return 200, html, "<html><body><h1>Sponsored</h1></body></html>"
        return 404, html, pages.not_found()

    def api_listing(self, section: str, query: dict, base: str) -> tuple[int, str, str]:
        page = _page_number(query)
        if section not in self.model.client_sections or page is None:
            return 404, "application/json", json.dumps({"error": "not found"})
        if query.get("sig", [""])[0] != signature(section, page, self.nonce(section)):
            return 403, "application/json", json.dumps({"error": "bad signature"})
        entries, has_next = self.model.section_listing(section, page)
        items = "\n".join(pages.listing_item(a, pages.summary(self.model, a)) for a in entries)
        return 200, "application/json", json.dumps({"page": page, "has_next": has_next, "html": items})


SHORT_ARTICLE_PATH = re.compile(r"^/article/[a-z0-9-]+/(\d+)/?$")


def _page_number(query: dict) -> int | None:
    raw = query.get("page", ["1"])[0]
    return int(raw) if raw.isdigit() and int(raw) >= 1 else None


def _handler_for(server: ReplicaServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "replica/1.0"

        def do_GET(self):
            self._serve(head=False)

        def do_HEAD(self):
            self._serve(head=True)

        def _serve(self, head: bool):
            parts = urlsplit(self.path)
            host = self.headers.get("Host") or f"127.0.0.1:{server.port}"
            try:
                status, ctype, body = server.respond(parts.path, parse_qs(parts.query), host)
            except Exception as exc:  # a replica bug must show as a 500, not a hung crawl
                status, ctype, body = 500, "text/plain", f"replica error: {exc!r}"
            data = body.encode("utf-8")
            self.send_response(status)
            if status == 301:  # the body is the target
                self.send_header("Location", body)
                data = b""
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            if status == 503:
                self.send_header("Retry-After", "1")
            # logged before the response is sent, so a client that has its answer finds it in the log
            server.log({
                "method": self.command, "host": host, "path": self.path, "status": status,
                "time": time.time(), "agent": self.headers.get("User-Agent", ""),
                # Chromium sends Sec-Fetch-* headers; Scrapy's own downloader does not
                "browser": self.headers.get("Sec-Fetch-Mode") is not None,
            })
            self.end_headers()
            if not head:
                self.wfile.write(data)

        def log_message(self, format, *args):  # the request log replaces stderr noise
            pass

    return Handler
