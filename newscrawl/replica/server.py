"""The replica's HTTP server: a threaded stdlib server on loopback.

Every request is logged (method, Host header, path with query, status, time)
in memory and optionally as JSON Lines, so tests can count exactly what a
crawl asked for. HTTP/1.1 keep-alive, one write per response and no Nagle
delay keep it fast enough (thousands of small pages a second) not to be the
bottleneck of a crawl benchmark.

Client-rendered sections: ``/news/{section}`` ships an empty list that
``/static/listing.js`` fills from ``/api/listing/{section}?page=N&sig=S``;
the script computes ``S`` at run time (see :func:`signature`) from the
section, the page and the list's ``data-nonce``. A missing or wrong
signature gets 403, so only a client that runs the script sees the items.

Status codes: unknown paths, unknown sections, listing pages past the last
(``page`` > 1 with no entries), malformed ``page`` values, articles not yet
published at ``model.now`` and the ``not_found`` fault answer 404; the
``flaky_503`` fault answers 503 once, then 200; an article id without its
slug redirects (301) to the canonical URL, as the live site does.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from newscrawl.replica import pages
from newscrawl.replica.generator import SECTIONS, SiteModel

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
JSON = "application/json"
JS = "application/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"
SHORT_ARTICLE_PATH = re.compile(r"^/article/[a-z0-9-]+/(\d+)/?$")
STYLESHEETS = {"/static/site.css": "body{font-family:sans-serif}\n",
               "/static/legacy.css": "body{font-family:serif}\n"}

LISTING_JS = """(function () {
  'use strict';
  // FNV-1a, 32 bits, 8 hex digits, over the UTF-16 code units of the text:
  // the signature /api/listing expects for "section:page:nonce".
  function sign(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ('0000000' + h.toString(16)).slice(-8);
  }
  var list = document.querySelector('div.listing[data-render=client]');
  if (!list) { return; }
  var button = document.querySelector('button.load-more');
  var section = list.getAttribute('data-section');
  var nonce = list.getAttribute('data-nonce');
  var page = 0;
  var busy = false;
  function load() {
    if (busy) { return; }
    busy = true;
    var next = page + 1;
    var url = '/api/listing/' + encodeURIComponent(section) + '?page=' + next +
              '&sig=' + sign(section + ':' + next + ':' + nonce);
    fetch(url, {credentials: 'same-origin'}).then(function (response) {
      if (!response.ok) { throw new Error('listing ' + response.status); }
      return response.json();
    }).then(function (data) {
      page = next;
      list.insertAdjacentHTML('beforeend', data.html);
      if (button) { button.hidden = !data.has_next; }
      busy = false;
    }).catch(function () { busy = false; });
  }
  if (button) { button.addEventListener('click', load); }
  load();
})();
"""


def fnv1a(text: str) -> str:
    """FNV-1a 32-bit over UTF-16 code units (what JS ``charCodeAt`` yields), 8 hex digits."""
    data = text.encode("utf-16-le")
    h = 0x811C9DC5
    for unit in struct.unpack(f"<{len(data) // 2}H", data):
        h = ((h ^ unit) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def signature(section: str, page: int, nonce: str) -> str:
    """The ``sig`` of ``/api/listing/{section}?page={page}``: ``fnv1a(f"{section}:{page}:{nonce}")``,
    where *nonce* is the ``data-nonce`` attribute of the page's ``div.listing``."""
    return fnv1a(f"{section}:{page}:{nonce}")


def _page_number(query: dict) -> int | None:
    raw = query.get("page", ["1"])[0]
    return int(raw) if raw.isdigit() and 1 <= int(raw) < 10**6 else None


class ReplicaServer:
    """The site on 127.0.0.1; ``start()`` serves in a background thread (and returns
    at once: the socket listens from construction on)."""

    def __init__(self, model: SiteModel, host: str = "127.0.0.1", port: int = 0, crawl_delay: float = 1.0,
                 request_log_path: str | None = None, secret: str = "replica"):
        self.model = model
        self.crawl_delay = crawl_delay
        self.secret = secret
        self.request_log: list[dict] = []
        self._log_lock = threading.Lock()
        self._log_file = open(request_log_path, "a", encoding="utf-8") if request_log_path else None
        self._flaky_lock = threading.Lock()
        self._flaky_served: set[str] = set()
        self._connections: set[socket.socket] = set()
        self._held: dict[str, Rendezvous] = {}
        self.httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.httpd.server_address[0]}:{self.port}"

    def nonce(self, section: str) -> str:
        """The page's ``data-nonce``: fixed per server secret and section."""
        return hashlib.sha256(f"{self.secret}:{section}".encode()).hexdigest()[:12]

    # --- life cycle ----------------------------------------------------------------------
    def start(self) -> "ReplicaServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="replica", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving, drop open keep-alive connections, close the log. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
        self.httpd.server_close()
        with self._log_lock:
            for conn in list(self._connections):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            if self._log_file:
                self._log_file.close()
                self._log_file = None

    def __enter__(self) -> "ReplicaServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def hold_together(self, paths, timeout: float = 20.0) -> "Rendezvous":
        """Answer none of *paths* until every one has been asked for, then all at once
        (tests: revisions of one story reach different workers at the same moment)."""
        group = Rendezvous(paths, timeout)
        for path in group.paths:
            self._held[path] = group
        return group

    # --- request log ----------------------------------------------------------------------
    def log(self, entry: dict) -> None:
        with self._log_lock:
            self.request_log.append(entry)
            if self._log_file:
                self._log_file.write(json.dumps(entry, ensure_ascii=False) + "\n")
                self._log_file.flush()

    def paths(self, prefix: str = "") -> list[str]:
        """Paths requested so far (with query), optionally only those under *prefix*."""
        with self._log_lock:
            return [e["path"] for e in self.request_log if e["path"].startswith(prefix)]

    def _track(self, conn: socket.socket, open_: bool) -> None:
        with self._log_lock:
            (self._connections.add if open_ else self._connections.discard)(conn)

    # --- routing ---------------------------------------------------------------------------
    def respond(self, path: str, query: dict, host: str) -> tuple[int, str, str]:
        """(status, content type, body) for one GET; for a 301 the body is the target."""
        base = f"http://{host}"
        model = self.model
        if path == "/":
            return 200, HTML, pages.home(model, base)
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", pages.robots(base, self.crawl_delay)
        if path.startswith("/news/"):
            return self.section(path[len("/news/"):].strip("/"), query, base)
        if path.startswith("/article/"):
            return self.article(path, base)
        if path.startswith("/api/listing/"):
            return self.api_listing(path[len("/api/listing/"):].strip("/"), query)
        if path == "/static/listing.js":
            return 200, JS, LISTING_JS
        if path in STYLESHEETS:
            return 200, CSS, STYLESHEETS[path]
        if path == "/rss/website":
            return 200, RSS, pages.rss(model, base, None)
        if path.startswith("/rss/") and path[5:] in SECTIONS:
            return 200, RSS, pages.rss(model, base, path[5:])
        if path == "/sitemap.xml":
            return 200, XML, pages.sitemap_index(model, base)
        if path == "/sitemap-news.xml":
            return 200, XML, pages.news_sitemap(model, base)
        if path == "/sitemap-sections.xml":
            return 200, XML, pages.sections_sitemap(base)
        if path == "/promo":
            return 200, HTML, pages.promo()
        return 404, HTML, pages.not_found()

    def section(self, section: str, query: dict, base: str) -> tuple[int, str, str]:
        page = _page_number(query)
        if section not in SECTIONS or page is None:
            return 404, HTML, pages.not_found()
        if section in self.model.client_sections:
            return 200, HTML, pages.client_section_page(base, section, self.nonce(section), self.port)
        if page > 1 and not self.model.section_listing(section, page)[0]:
            return 404, HTML, pages.not_found()  # past the last page
        return 200, HTML, pages.section_page(self.model, base, section, page, self.port)

    def article(self, path: str, base: str) -> tuple[int, str, str]:
        model = self.model
        spec = model.by_path.get(path)
        short = SHORT_ARTICLE_PATH.match(path)
        if spec is None and short and int(short.group(1)) in model.by_id:
            target = model.by_id[int(short.group(1))]  # an id without its slug: to the canonical URL
            if model.visible(target) and target.fault != "not_found":
                return 301, HTML, target.path
        if spec is None or not model.visible(spec) or spec.fault == "not_found":
            return 404, HTML, pages.not_found()
        if spec.fault == "flaky_503":
            with self._flaky_lock:
                first = path not in self._flaky_served
                self._flaky_served.add(path)
            if first:
                return 503, HTML, "<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>"
        return 200, HTML, pages.article_page(model, spec, base)

    def api_listing(self, section: str, query: dict) -> tuple[int, str, str]:
        page = _page_number(query)
        if section not in self.model.client_sections or page is None:
            return 404, JSON, json.dumps({"error": "not found"})
        if query.get("sig", [""])[0] != signature(section, page, self.nonce(section)):
            return 403, JSON, json.dumps({"error": "bad signature"})
        entries, has_next = self.model.section_listing(section, page)
        return 200, JSON, json.dumps({"section": section, "page": page, "has_next": has_next,
                                      "html": pages.listing_items(self.model, entries)}, ensure_ascii=False)


class Rendezvous:
    """Paths whose first requests are held until all have arrived (or *timeout* passed)."""

    def __init__(self, paths, timeout: float):
        self.paths = frozenset(paths)
        self.timeout = timeout
        self.arrivals: dict[str, tuple[float, str]] = {}  # path -> (time, User-Agent)
        self.released_at: float | None = None
        self.timed_out = False
        self._cond = threading.Condition()

    def arrive(self, path: str, agent: str) -> None:
        with self._cond:
            if path in self.arrivals or self.released_at is not None or self.timed_out:
                return
            self.arrivals[path] = (time.time(), agent)
            if len(self.arrivals) == len(self.paths):
                self.released_at = time.time()
                self._cond.notify_all()
                return
            if not self._cond.wait_for(lambda: self.released_at is not None, self.timeout):
                self.timed_out = True
                self._cond.notify_all()


def _handler_for(server: ReplicaServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "replica/1.0"
        disable_nagle_algorithm = True  # with keep-alive, Nagle + delayed ACK cost 40 ms a response

        def setup(self):
            super().setup()
            server._track(self.connection, True)

        def finish(self):
            server._track(self.connection, False)
            super().finish()

        def do_GET(self):
            self._serve(head=False)

        def do_HEAD(self):
            self._serve(head=True)

        def _serve(self, head: bool):
            parts = urlsplit(self.path)
            host = self.headers.get("Host") or f"127.0.0.1:{server.port}"
            held = server._held.get(parts.path)
            if held is not None:
                held.arrive(parts.path, self.headers.get("User-Agent", ""))
            try:
                status, ctype, body = server.respond(parts.path, parse_qs(parts.query), host)
            except Exception as exc:  # a replica bug must show as a 500, not a hung crawl
                status, ctype, body = 500, "text/plain; charset=utf-8", f"replica error: {exc!r}"
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
            # headers and body in one write: one packet for a small page
            self._headers_buffer.append(b"\r\n")
            if not head:
                self._headers_buffer.append(data)
            self.flush_headers()

        def log_message(self, format, *args):  # the request log replaces stderr noise
            pass

    return Handler
