"""The replica: contract markup, faults, clock, signature, determinism, ground truth, CLI.

Everything goes through real HTTP to 127.0.0.1 (urllib / http.client), the way a
crawler sees the site; markup is checked with the contract's selectors (parsel).
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from parsel import Selector

from newscrawl.replica import ReplicaServer, SiteModel
from newscrawl.replica.generator import IST, SECTIONS
from newscrawl.replica.server import signature

REPO = Path(__file__).resolve().parent.parent
DISCLAIMER = "(This story has not been edited by Devdiscourse staff and is auto-generated from a syndicated feed.)"
DAY_FIRST = re.compile(r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2} IST$")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
SLUGS = r"(?:(?:UPDATE \d+|WRAPUP \d+|REFILE|CORRECTED|RPT)-)"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    log = tmp_path_factory.mktemp("replica") / "requests.jsonl"
    model = SiteModel(articles=400, seed=11, client_sections=("health",))
    with ReplicaServer(model, crawl_delay=1.5, request_log_path=str(log)) as server:
        server.log_path = log
        yield server


@pytest.fixture(scope="module")
def big_model():
    return SiteModel(articles=2000, seed=42)


def get(site_or_base, path, headers=None, method="GET"):
    """(status, headers, text) of one request; HTTP errors are answers too."""
    base = site_or_base if isinstance(site_or_base, str) else site_or_base.base_url
    request = urllib.request.Request(base + path, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def page(site, path, **kw):
    status, _, text = get(site, path, **kw)
    assert status == 200, (path, status)
    return Selector(text=text)


def first(model, **where):
    return next(a for a in model.articles if not a.fault and all(getattr(a, k) == v for k, v in where.items()))


def paragraphs(sel, css):
    """Text of the body paragraphs, minus related lines and the disclaimer (what a parser keeps)."""
    texts = [p.xpath("normalize-space(string())").get() for p in sel.css(css)
             if "also-read" not in (p.attrib.get("class") or "")]
    return [t for t in texts if t and t != DISCLAIMER]


def title(headline: str) -> str:
    return re.sub(rf"^{SLUGS}+", "", headline)


# --- life cycle and HTTP ---------------------------------------------------------------------
def test_start_and_stop_on_a_free_port():
    server = ReplicaServer(SiteModel(articles=40, seed=1)).start()
    assert server.port > 0 and server.base_url == f"http://127.0.0.1:{server.port}"
    assert get(server, "/")[0] == 200
    server.stop()
    server.stop()  # idempotent
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
    ReplicaServer(SiteModel(articles=40, seed=1)).stop()  # never started: must not hang


def test_keep_alive_head_content_types_and_lengths(site):
    model = site.model
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    expected = {
        "/": "text/html; charset=utf-8", "/news/politics": "text/html; charset=utf-8",
        first(model, layout="legacy").path: "text/html; charset=utf-8",
        "/robots.txt": "text/plain; charset=utf-8", "/rss/website": "application/rss+xml; charset=utf-8",
        "/sitemap.xml": "application/xml; charset=utf-8", "/static/listing.js": "application/javascript; charset=utf-8",
        "/api/listing/health?page=1": "application/json", "/nowhere": "text/html; charset=utf-8",
    }
    sockets = set()
    for path, ctype in expected.items():
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        sockets.add(id(conn.sock))
        assert response.getheader("Content-Type") == ctype, path
        assert int(response.getheader("Content-Length")) == len(body), path
        assert not response.will_close, path
        conn.request("HEAD", path)
        head = conn.getresponse()
        assert head.read() == b"" and head.status == response.status
        assert head.getheader("Content-Length") == response.getheader("Content-Length")
    assert len(sockets) == 1, "every request on one keep-alive connection"
    started = time.perf_counter()
    for _ in range(300):  # a Nagle / delayed-ACK stall would cost 40 ms a response
        conn.request("GET", "/robots.txt")
        conn.getresponse().read()
    assert time.perf_counter() - started < 3
    conn.close()


def test_request_log_in_memory_and_as_json_lines(site):
    before = len(site.request_log)
    get(site, "/nope?x=1")
    entry = site.request_log[before]
    assert entry["method"] == "GET" and entry["path"] == "/nope?x=1" and entry["status"] == 404
    assert entry["host"] == f"127.0.0.1:{site.port}" and isinstance(entry["time"], float)
    lines = [json.loads(line) for line in site.log_path.read_text(encoding="utf-8").splitlines()]
    assert lines[-1]["path"] == "/nope?x=1" and lines[-1]["status"] == 404  # flushed per line

    def burst():
        for _ in range(25):
            get(site, "/robots.txt")

    before = len(site.request_log)
    threads = [threading.Thread(target=burst) for _ in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len(site.request_log) - before == 200


# --- home and listings --------------------------------------------------------------------------
def test_home_nav_lists_every_section(site):
    hrefs = page(site, "/").css("nav.main-nav a::attr(href)").getall()
    assert hrefs == [f"/news/{s}" for s in SECTIONS] and len(SECTIONS) == 12


def test_listing_pages_newest_first_until_the_last(site):
    model = site.model
    n, seen, stamps = 1, [], []
    while True:
        sel = page(site, f"/news/politics?page={n}")
        assert sel.css("div.listing[data-section=politics]")
        items = sel.css("div.listing > div.listing-item:not(.sponsored)")
        assert 0 < len(items) <= model.page_size
        for item in items:
            seen.append(item.css("a.listing-link::attr(href)").get())
            stamp = item.css("time::attr(datetime)").get()
            assert stamp.endswith("+05:30") and DAY_FIRST.match(item.css("time::text").get())
            assert item.css("h2.listing-headline::text").get() and item.css(".listing-agency::text").get()
            assert item.css(".listing-summary")
            stamps.append(datetime.fromisoformat(stamp))
        next_href = sel.css("a.load-more[rel=next]::attr(href)").get()
        if not next_href:
            break
        assert next_href == f"/news/politics?page={n + 1}"
        n += 1
    politics = [a for a in model.articles if "politics" in a.sections]
    assert n == -(-len(politics) // model.page_size) >= 2
    assert stamps == sorted(stamps, reverse=True) and len(seen) == len(set(seen)) == len(politics)
    assert get(site, f"/news/politics?page={n + 1}")[0] == 404  # past the last page
    assert get(site, "/news/politics?page=0")[0] == 404
    assert get(site, "/news/astrology")[0] == 404


def test_page_size_is_configurable():
    with ReplicaServer(SiteModel(articles=200, seed=2, page_size=7)) as server:
        assert len(page(server, "/news/business").css("div.listing-item")) == 7


def test_an_article_listed_in_two_sections(site):
    model = site.model
    double = next(a for a in model.articles if a.also_sections and not a.fault)
    for section in double.sections:
        hrefs, n = [], 1
        while True:
            sel = page(site, f"/news/{section}?page={n}")
            hrefs += sel.css("a.listing-link::attr(href)").getall()
            if not sel.css("a.load-more[rel=next]") or double.path in hrefs:
                break
            n += 1
        assert double.path in hrefs, section


# --- article pages ------------------------------------------------------------------------------
def test_legacy_layout_follows_the_contract(site):
    model = site.model
    spec = next(a for a in model.articles if a.layout == "legacy" and not a.fault and a.dateline
                and a.syndicated and a.id % 3 == 0 and model.related(a) and model.opinions(a))
    sel = page(site, spec.path)
    root = sel.css("div.col-main > div.news-detail")
    assert root.attrib["data-article-id"] == str(spec.id)
    assert root.css("h1.news-title::text").get() == spec.headline
    assert root.css(".news-info .news-agency::text").get() == spec.source
    assert root.css(".news-info .news-location::text").get() == spec.dateline
    assert root.css(".news-updated::text").get() == f"Updated: {spec.modified:%d-%m-%Y %H:%M} IST"
    assert root.css(".news-created::text").get() == f"Created: {spec.published:%d-%m-%Y %H:%M} IST"
    assert root.css(".news-image img::attr(src)").get() == sel.css("meta[property='og:image']::attr(content)").get()
    assert root.css(".news-image .image-credit::text").get() == f"Image Credit: {spec.image_credit}"
    assert paragraphs(root, "#news-body > p") == model.body(spec)
    assert root.css("#news-body > div.ad-slot script")
    assert root.css("#news-body > p.also-read::text").get().startswith("Also Read:")
    assert root.css("#news-body > p.also-read a::attr(href)").get() == model.related(spec).path
    assert root.css("#news-body > p:last-child::text").get() == DISCLAIMER
    assert root.css(".news-tags a::text").getall() == model.tags(spec)
    assert sel.css("meta[property='og:title']::attr(content)").get() == spec.headline
    assert sel.css("link[rel=canonical]::attr(href)").get() == site.base_url + spec.path
    assert sel.css("div.col-side .opinion-block .opinion-item a h3")
    assert sel.css("div.col-side .latest-news .latest-item a h4")
    assert sel.css("ul.menu-sections a::attr(href)").getall() == [f"/news/{s}" for s in SECTIONS]
    assert not sel.css("script[type='application/ld+json']")


def test_current_layout_follows_the_contract(site):
    model = site.model
    spec = next(a for a in model.articles if a.layout == "current" and not a.fault and a.dateline
                and a.syndicated and model.related(a) and len(model.body(a)) >= 5)
    sel = page(site, spec.path)
    graph = json.loads(sel.css("script[type='application/ld+json']::text").get())["@graph"]
    types = {node["@type"]: node for node in graph}
    assert set(types) == {"BreadcrumbList", "NewsArticle"}
    news = types["NewsArticle"]
    assert news["headline"] == spec.headline and news["author"]["name"] == spec.source
    assert news["datePublished"] == spec.published.isoformat() and news["dateModified"] == spec.modified.isoformat()
    assert news["keywords"] == ", ".join(model.tags(spec)) and news["image"]["url"] and news["description"]
    assert sel.css("meta[property='article:published_time']::attr(content)").get() == spec.published.isoformat()
    assert sel.css("meta[property='article:modified_time']::attr(content)").get() == spec.modified.isoformat()
    assert sel.css("meta[property='article:tag']::attr(content)").getall() == model.tags(spec)
    story = sel.css("main.article-layout > article.story")
    assert story.attrib["data-article-id"] == str(spec.id)
    assert story.css("h1.story-headline::text").get() == spec.headline
    assert story.css(".story-byline a.story-agency::text").get() == spec.source
    assert story.css(".story-location::text").get() == spec.dateline
    assert story.css("time.story-published::attr(datetime)").get() == spec.published.isoformat()
    assert story.css("time.story-published::text").get() == f"Updated: {spec.modified:%d-%m-%Y %H:%M} IST"
    assert story.css("figure.story-image img::attr(src)").get() == news["image"]["url"]
    assert story.css("figure.story-image figcaption::text").get() == \
        f"Representative image. Image Credit: {spec.image_credit}"
    assert paragraphs(story, ".story-content > p") == model.body(spec)
    assert story.css(".story-content > div.ad-container ins.adsbygoogle")
    assert story.css(".story-content > blockquote.twitter-tweet")
    assert story.css(".story-content > div.read-more::text").get().startswith("READ MORE:")
    assert story.css(".story-content > p:last-child em::text").get() == DISCLAIMER
    assert story.css(".story-tags a::text").getall() == model.tags(spec)
    assert sel.css("aside.rail a") and sel.css("nav.main-nav a")


def test_some_current_pages_have_no_json_ld_and_desk_copy_no_disclaimer(site):
    model = site.model
    sel = page(site, first(model, layout="current_nold").path)
    assert sel.css("article.story") and not sel.css("script[type='application/ld+json']")
    assert sel.css("meta[property='article:published_time']")
    desk = next(a for a in model.articles if a.layout != "legacy" and a.source == "Devdiscourse News Desk")
    assert DISCLAIMER not in get(site, desk.path)[2]


def test_older_ids_legacy_newer_current(site):
    layouts = [a.layout == "legacy" for a in site.model.articles]
    assert layouts == sorted(layouts, reverse=True) and any(layouts) and not all(layouts)


def test_absolute_urls_follow_the_host_header(site):
    spec = first(site.model, layout="current")
    host = f"localhost:{site.port}"
    sel = page(site, spec.path, headers={"Host": host})
    assert sel.css("link[rel=canonical]::attr(href)").get() == f"http://{host}{spec.path}"
    assert sel.css("meta[property='og:url']::attr(content)").get() == f"http://{host}{spec.path}"
    assert f"Sitemap: http://{host}/sitemap.xml" in get(site, "/robots.txt", headers={"Host": host})[2]


def test_id_only_article_url_redirects_to_the_canonical_one(site):
    spec = first(site.model, layout="current")
    status, _, _ = get(site, f"/article/{spec.section}/{spec.id}")  # urllib follows the 301
    assert status == 200 and [e["status"] for e in site.request_log[-2:]] == [301, 200]


def test_non_ascii_text_is_served_as_utf8(site):
    html = "".join(get(site, f"/news/{s}")[2] for s in ("politics", "business", "international"))
    html += "".join(get(site, a.path)[2] for a in site.model.articles[-30:] if not a.fault)
    assert "₹" in html and "“" in html and re.search("São Paulo|Zürich|Reykjavík|Kraków|Álvarez", html)
    assert re.search("[\u0900-\u097f]", html), "some Devanagari"


# --- robots, feeds, sitemaps ---------------------------------------------------------------------
def test_robots(site):
    lines = get(site, "/robots.txt")[2].splitlines()
    assert "Disallow: /search" in lines and "Disallow: /api/" in lines and "Crawl-delay: 1.5" in lines
    assert f"Sitemap: {site.base_url}/sitemap.xml" in lines


def test_rss_feeds(site):
    model = site.model
    items = ET.fromstring(get(site, "/rss/website")[2]).find("channel").findall("item")
    assert len(items) == 50
    assert items[0].findtext("link") == site.base_url + model.articles[-1].path
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert dates == sorted(dates, reverse=True)
    section = ET.fromstring(get(site, "/rss/business")[2]).find("channel").findall("item")
    assert section and all("business" in model.by_path[i.findtext("link")[len(site.base_url):]].sections
                           for i in section)
    assert get(site, "/rss/astrology")[0] == 404


def test_sitemaps(site):
    model = site.model
    index = ET.fromstring(get(site, "/sitemap.xml")[2])
    assert [e.text for e in index.findall("sm:sitemap/sm:loc", NS)] == \
        [site.base_url + "/sitemap-news.xml", site.base_url + "/sitemap-sections.xml"]
    urls = ET.fromstring(get(site, "/sitemap-news.xml")[2]).findall("sm:url", NS)
    since = model.now - timedelta(days=2)
    assert len(urls) == len([a for a in model.articles if since <= a.published <= model.now]) > 0
    for url in urls:
        spec = model.by_path[url.findtext("sm:loc", namespaces=NS)[len(site.base_url):]]
        assert url.findtext("news:news/news:title", namespaces=NS) == spec.headline
        assert url.findtext("news:news/news:publication_date", namespaces=NS) == spec.published.isoformat()
    sections = ET.fromstring(get(site, "/sitemap-sections.xml")[2])
    assert [e.text for e in sections.findall("sm:url/sm:loc", NS)] == [f"{site.base_url}/news/{s}" for s in SECTIONS]


# --- faults ------------------------------------------------------------------------------------------
def test_faults_are_listed_on_the_first_politics_page(site):
    faults = site.model.faults
    assert set(faults) == {"not_found", "flaky_503", "malformed", "empty_body", "sponsored"}
    hrefs = page(site, "/news/politics").css("div.listing-item a.listing-link::attr(href)").getall()
    for name in ("not_found", "flaky_503", "malformed", "empty_body"):
        assert faults[name] in hrefs, name


def test_not_found_and_flaky_503(site):
    faults = site.model.faults
    assert get(site, faults["not_found"])[0] == 404
    status, headers, _ = get(site, faults["flaky_503"])
    assert status == 503 and headers["Retry-After"]
    assert get(site, faults["flaky_503"])[0] == 200
    assert get(site, faults["flaky_503"])[0] == 200


def test_malformed_page_is_recoverable(site):
    model = site.model
    spec = model.by_path[model.faults["malformed"]]
    status, _, html = get(site, spec.path)
    assert status == 200 and "</html>" not in html and "</span></em>" in html and "property=og:type" in html
    sel = Selector(text=html)
    assert sel.css("h1.story-headline::text, h1.news-title::text").get() == spec.headline
    assert paragraphs(sel, ".story-content > p, #news-body > p") == model.body(spec)


def test_empty_body_has_only_an_ad_slot(site):
    container = page(site, site.model.faults["empty_body"]).css(".story-content, #news-body")
    assert container and not container.css("p") and container.css(".ad-container, .ad-slot")


def test_sponsored_item_points_off_site(site):
    sel = page(site, "/news/politics")
    sponsored = sel.css("div.listing > div.listing-item.sponsored a.listing-link::attr(href)").get()
    assert sponsored == f"http://localhost:{site.port}/promo?utm_source=devdiscourse"
    assert sponsored.endswith(site.model.faults["sponsored"])
    before = len(site.request_log)
    assert get(sponsored.split("/promo")[0], "/promo?utm_source=devdiscourse")[0] == 200
    assert site.request_log[before]["host"] == f"localhost:{site.port}"  # a leak shows by host name


# --- clock --------------------------------------------------------------------------------------------
def test_clock_hides_future_articles(site):
    model = site.model
    chain = next(s for s in model.stories if s.kind == "chain" and len(s.articles) >= 2)
    older, newer = chain.articles[0], chain.articles[1]
    times = model.published_times()
    assert times == sorted(times) and older.published < newer.published
    saved = model.now
    try:
        model.now = older.published  # between two revisions of one story
        assert get(site, newer.path)[0] == 404 and get(site, older.path)[0] == 200
        assert newer.path not in get(site, f"/news/{newer.section}")[2]
        assert newer.path not in get(site, "/rss/website")[2]
        assert newer.path not in get(site, "/sitemap-news.xml")[2]
        assert model.truth(visible_only=True)[chain.key] == [older.id]
        model.now = newer.published.replace(tzinfo=None)  # naive: read as IST
        assert model.now.utcoffset() == timedelta(hours=5, minutes=30)
        assert get(site, newer.path)[0] == 200 and newer.path in get(site, "/rss/website")[2]
    finally:
        model.now = saved


def test_default_clock_is_the_last_publish_time():
    model = SiteModel(articles=100, seed=4)
    assert model.now == model.articles[-1].published and model.now.utcoffset() == timedelta(hours=5, minutes=30)
    early = SiteModel(articles=100, seed=4, now=datetime(2026, 9, 1, 9, 0))
    assert early.now.tzinfo is not None and not all(early.visible(a) for a in early.articles)


# --- client-rendered listings --------------------------------------------------------------------
def fnv1a_utf16(text: str) -> str:
    """The algorithm /static/listing.js runs: FNV-1a 32-bit (offset 0x811c9dc5, prime 0x01000193)
    over the UTF-16 code units of ``f"{section}:{page}:{nonce}"``, as 8 lower-case hex digits;
    the nonce is the ``data-nonce`` attribute of ``div.listing[data-render=client]``."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for unit in struct.unpack(f"<{len(data) // 2}H", data):
        h = ((h ^ unit) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def test_client_rendered_section_and_signed_endpoint(site):
    sel = page(site, "/news/health")
    listing = sel.css("div.listing[data-section=health][data-render=client]")
    assert listing and not sel.css("div.listing-item")
    assert sel.css("button.load-more[hidden]") and sel.css("script[src='/static/listing.js'][defer]")
    nonce = listing.attrib["data-nonce"]
    assert get(site, "/api/listing/health?page=1")[0] == 403
    assert get(site, "/api/listing/health?page=1&sig=00000000")[0] == 403
    assert get(site, f"/api/listing/health?page=2&sig={fnv1a_utf16(f'health:1:{nonce}')}")[0] == 403
    sig = fnv1a_utf16(f"health:1:{nonce}")
    assert sig == signature("health", 1, nonce)
    status, headers, body = get(site, f"/api/listing/health?page=1&sig={sig}")
    data = json.loads(body)
    assert status == 200 and headers["Content-Type"] == "application/json" and data["has_next"]
    items = Selector(text=data["html"]).css("div.listing-item")
    assert len(items) == site.model.page_size and items[0].css("a.listing-link::attr(href)").get()
    js = get(site, "/static/listing.js")[2]
    assert "0x811c9dc5" in js and "0x01000193" in js and "section + ':' + next + ':' + nonce" in js


def test_listing_js_fills_the_list_and_pages_on_click(site):
    """Runs the real script in node against the server, with a minimal DOM stand-in."""
    assert shutil.which("node"), "node (Node.js) runs listing.js here; the machine image ships it"
    nonce = page(site, "/news/health").css("div.listing::attr(data-nonce)").get()
    harness = """
const list = {attrs: {'data-section': 'health', 'data-nonce': %s, 'data-render': 'client'}, html: '',
  getAttribute(n) { return this.attrs[n]; }, insertAdjacentHTML(where, h) { this.html += h; }};
const button = {hidden: true, handlers: [], addEventListener(t, f) { this.handlers.push(f); }};
globalThis.document = {querySelector(s) {
  return s.startsWith('div.listing') ? list : s === 'button.load-more' ? button : null; }};
const realFetch = fetch;
globalThis.fetch = (u, o) => realFetch(%s + u, o);
const count = () => list.html.split('class="listing-item"').length - 1;
const settle = async (n) => { for (let i = 0; i < 200 && count() === n; i++) await new Promise(r => setTimeout(r, 25)); };
(async () => {
  eval(require('fs').readFileSync(0, 'utf8'));
  const pages = [];
  await settle(0); pages.push([count(), button.hidden]);
  while (!button.hidden && pages.length < 50) {
    const n = count(); button.handlers[0](); await settle(n); pages.push([count(), button.hidden]);
  }
  console.log(JSON.stringify(pages));
})();
""" % (json.dumps(nonce), json.dumps(site.base_url))
    js = get(site, "/static/listing.js")[2]
    result = subprocess.run(["node", "-e", harness], input=js, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout)
    health = [a for a in site.model.articles if "health" in a.sections]
    size = site.model.page_size
    assert pages[0] == [size, False]  # first page filled, button shown
    assert pages[-1] == [len(health), True] and len(pages) == -(-len(health) // size)  # last page hides it


# --- determinism, size, drift ------------------------------------------------------------------------
def test_same_seed_same_pages():
    paths = ["/", "/news/politics", "/news/business?page=2", "/rss/website", "/sitemap-news.xml"]
    bodies = []
    for _ in range(2):
        model = SiteModel(articles=300, seed=8)
        articles = [first(model, layout=layout).path for layout in ("legacy", "current", "current_nold")]
        with ReplicaServer(model) as server:
            texts = [get(server, p, headers={"Host": "replica.test"})[2] for p in paths + articles]
            bodies.append([t.replace(f"localhost:{server.port}/", "localhost:PORT/") for t in texts])  # sponsored
    assert bodies[0] == bodies[1]
    assert [a.headline for a in SiteModel(articles=300, seed=9).articles] != \
        [a.headline for a in SiteModel(articles=300, seed=8).articles]


def test_twenty_thousand_articles_build_quickly():
    started = time.perf_counter()
    model = SiteModel(articles=20000, seed=42)
    assert time.perf_counter() - started < 5 and len(model.articles) == 20000
    ids = [a.id for a in model.articles]
    assert ids == sorted(ids) and ids[0] >= 600000 and len(set(ids)) == len(ids)
    days = (model.articles[-1].published - model.articles[0].published) / timedelta(days=1)
    assert 100 < len(model.articles) / days < 200  # about 150 a day


def test_drift_changes_the_article_markup():
    model = SiteModel(articles=200, seed=3, drift=True)
    with ReplicaServer(model) as server:
        for layout in ("legacy", "current"):
            sel = page(server, first(model, layout=layout).path)
            assert not sel.css("div.news-detail, article.story, script[type='application/ld+json']")
        assert page(server, "/news/politics").css("div.listing-item")  # listings unchanged


# --- ground truth -----------------------------------------------------------------------------------
def test_ground_truth_lists_every_parseable_article_once(big_model):
    truth = big_model.truth()
    members = [i for ids in truth.values() for i in ids]
    assert len(members) == len(set(members)) == len(big_model.articles) - 2  # 404 and empty excluded
    for key, ids in truth.items():
        specs = [big_model.by_id[i] for i in ids]
        assert all(s.story_key == key for s in specs)
        assert [s.revision for s in specs] == sorted(s.revision for s in specs)
    latest = big_model.expected_latest()
    assert set(latest) == set(truth) and all(latest[k] in truth[k] for k in truth)


def test_ground_truth_has_the_revision_chains(big_model):
    model = big_model
    chains = [[model.by_id[i] for i in ids] for ids in model.truth().values() if len(ids) > 1]
    headlines = [[a.headline for a in chain] for chain in chains]
    assert any(h[-1].startswith("UPDATE 2-") and title(h[-1]) != title(h[0]) for h in headlines)  # rewritten
    assert any(h[1] == "UPDATE 1-" + h[0] for h in headlines)  # same headline
    assert any(any(x.startswith("UPDATE 3-") for x in h) and not any(x.startswith("UPDATE 2-") for x in h)
               for h in headlines)  # a missing update number
    prefixes = {re.match(rf"^({SLUGS}*)", x).group(1) for h in headlines for x in h}
    for wanted in ("REFILE-", "CORRECTED-", "RPT-", "REFILE-UPDATE 2-", "CORRECTED-UPDATE 1-", "WRAPUP 1-"):
        assert wanted in prefixes, wanted
    assert "UPDATE 1-RPT-" in prefixes or "RPT-UPDATE 1-" in prefixes
    assert any(len({a.section for a in chain}) > 1 for chain in chains)  # one story, two sections
    for chain in chains:
        for before, after in zip(chain, chain[1:]):
            gap = after.published - before.published
            assert timedelta(minutes=1) <= gap <= timedelta(hours=6) and after.id > before.id
            assert after.update >= before.update
            if after.update > before.update:  # a new lead on most of the previous text
                carried = sum(p in model.body(after) for p in model.body(before))
                assert carried >= min(len(model.body(before)), 9) - 1
                assert model.body(after)[0] not in model.body(before)
    flags = {a.wire_flags for chain in chains for a in chain}
    assert {("REFILE",), ("CORRECTED",), ("RPT",), ("WRAPUP",)} <= flags


def test_ground_truth_has_the_hard_cases(big_model):
    model = big_model
    stories = {s.key: s for s in model.stories}
    # titles that recur daily with new content: different stories
    recurring = [s for s in model.stories if s.base_headline == "Reuters World News Summary"]
    assert len(recurring) >= 5 and len({model.body(s.articles[0])[0] for s in recurring}) == len(recurring)
    assert {"Health News Roundup", "Reuters Science News Summary"} <= {s.base_headline for s in model.stories}
    # different stories of one day sharing a background paragraph word for word
    by_paragraph = defaultdict(set)
    for story in model.stories:
        for paragraph in model.body(story.articles[0]):
            by_paragraph[paragraph].add(story.key)
    shared = [keys for keys in by_paragraph.values() if len(keys) > 1]
    assert len(shared) >= 5
    assert all(len({stories[k].articles[0].published.date() for k in keys}) == 1 for keys in shared)
    # one topic slug on different stories
    for slug in ("Soccer-", "GLOBAL MARKETS-"):
        assert len({s.key for s in model.stories if title(s.articles[0].headline).startswith(slug)}) >= 2
    # agency copy with no revisions, and every source
    assert any(s.source == "PTI" and len(s.articles) == 1 for s in model.stories)
    assert {a.source for a in model.articles} >= {"Reuters", "PTI", "IANS", "ANI", "Devdiscourse News Desk"}


# --- command line -----------------------------------------------------------------------------------
def test_command_line_serves_until_sigterm(tmp_path):
    log = tmp_path / "requests.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.replica", "--host", "127.0.0.1", "--port", "0", "--articles", "120",
         "--seed", "5", "--crawl-delay", "2", "--now", "2026-09-01T15:00:00", "--page-size", "5",
         "--client-sections", "health", "--request-log", str(log), "--drift"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        match = re.fullmatch(r"listening on (http://127\.0\.0\.1:(\d+))\n", line)
        assert match, line
        base = match.group(1)
        assert "Crawl-delay: 2" in get(base, "/robots.txt")[2]
        items = Selector(text=get(base, "/news/politics")[2]).css("div.listing-item:not(.sponsored)")
        assert 0 < len(items) <= 5
        newest = max(datetime.fromisoformat(t) for t in items.css("time::attr(datetime)").getall())
        assert newest <= datetime(2026, 9, 1, 15, 0, tzinfo=IST)  # --now without an offset is IST
        assert Selector(text=get(base, "/news/health")[2]).css("div.listing[data-render=client]")
        article = get(base, items[0].css("a.listing-link::attr(href)").get())[2]
        assert "news-detail" not in article and 'article class="story"' not in article  # --drift
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == 0, err
        assert out == ""  # exactly one line printed
        entries = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
        assert [e["path"] for e in entries][:2] == ["/robots.txt", "/news/politics"]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_command_line_refuses_an_unknown_client_section():
    result = subprocess.run([sys.executable, "-m", "newscrawl.replica", "--port", "0", "--client-sections", "astrology"],
                            cwd=REPO, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "astrology" in result.stderr
