"""The replica: contract markup, faults, clock, signature, determinism, start-up time."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from parsel import Selector

from newscrawl.replica import ReplicaServer, SiteModel
from newscrawl.replica.server import signature


@pytest.fixture(scope="module")
def site():
    with ReplicaServer(SiteModel(articles=300, seed=11, client_sections=("health",)), crawl_delay=1.5) as server:
        yield server


def get(site, path):
    try:
        with urllib.request.urlopen(site.base_url + path) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_home_nav_lists_every_section(site):
    status, html = get(site, "/")
    assert status == 200
    hrefs = Selector(text=html).css("nav.main-nav a::attr(href)").getall()
    assert len(hrefs) == 12 and "/news/science-environment" in hrefs


def test_listing_pages_and_last_page(site):
    page, n, seen = 1, 0, []
    while True:
        status, html = get(site, f"/news/politics?page={page}")
        assert status == 200
        sel = Selector(text=html)
        items = sel.css("div.listing > div.listing-item:not(.sponsored)")
        seen += items.css("a.listing-link::attr(href)").getall()
        for item in items:
            assert item.css("time::attr(datetime)").get().endswith("+05:30")
        next_href = sel.css("a.load-more[rel=next]::attr(href)").get()
        if not next_href:
            break
        assert next_href == f"/news/politics?page={page + 1}"
        page += 1
    assert page >= 2 and len(seen) == len(set(seen))
    assert get(site, f"/news/politics?page={page + 1}")[0] == 404
    assert get(site, "/news/astrology")[0] == 404


def test_both_layouts_follow_the_contract(site):
    model = site.model
    legacy = next(a for a in model.articles if a.layout == "legacy" and not a.fault)
    current = next(a for a in model.articles if a.layout == "current" and not a.fault)
    bare = next(a for a in model.articles if a.layout == "current_nold" and not a.fault)
    sel = Selector(text=get(site, legacy.path)[1])
    assert sel.css(".news-detail::attr(data-article-id)").get() == str(legacy.id)
    assert sel.css(".news-created::text").get().startswith("Created: ")
    assert sel.css("#news-body > p") and not sel.css("script[type='application/ld+json']")
    sel = Selector(text=get(site, current.path)[1])
    graph = json.loads(sel.css("script[type='application/ld+json']::text").get())["@graph"]
    assert any(node["@type"] == "NewsArticle" and node["headline"] == current.headline for node in graph)
    assert sel.css("article.story .story-content > p")
    assert sel.css("link[rel=canonical]::attr(href)").get() == site.base_url + current.path
    assert not Selector(text=get(site, bare.path)[1]).css("script[type='application/ld+json']")


def test_robots_rss_and_sitemaps(site):
    status, robots = get(site, "/robots.txt")
    assert "Crawl-delay: 1.5" in robots and f"Sitemap: {site.base_url}/sitemap.xml" in robots
    assert "Disallow: /api/" in robots
    rss = ET.fromstring(get(site, "/rss/website")[1])
    assert len(rss.findall("./channel/item")) == 50
    index = ET.fromstring(get(site, "/sitemap.xml")[1])
    assert len(index) == 2
    news = ET.fromstring(get(site, "/sitemap-news.xml")[1])
    ns = {"n": "http://www.google.com/schemas/sitemap-news/0.9"}
    assert news.findall(".//n:title", ns)


def test_faults(site):
    faults = site.model.faults
    assert get(site, faults["not_found"])[0] == 404
    flaky = faults["flaky_503"]
    assert get(site, flaky)[0] == 503 and get(site, flaky)[0] == 200
    assert not Selector(text=get(site, faults["empty_body"])[1]).css("#news-body > p, .story-content > p")
    status, html = get(site, "/news/politics")
    sponsored = Selector(text=html).css("div.listing-item.sponsored a::attr(href)").get()
    assert sponsored.startswith("http://localhost:")
    assert faults["not_found"] in html


def test_clock_hides_future_articles(site):
    model = site.model
    future = model.articles[-1]
    saved = model.now
    try:
        model.now = future.published - __import__("datetime").timedelta(minutes=1)
        assert get(site, future.path)[0] == 404
        assert future.path not in get(site, f"/news/{future.section}")[1]
    finally:
        model.now = saved
    assert get(site, future.path)[0] in (200, 404)  # 404 only if it is the not_found fault


def test_client_rendered_section_needs_a_signature(site):
    status, html = get(site, "/news/health")
    sel = Selector(text=html)
    assert sel.css("div.listing[data-render=client]") and not sel.css("div.listing-item")
    nonce = sel.css("div.listing::attr(data-nonce)").get()
    assert get(site, "/api/listing/health?page=1")[0] == 403
    assert get(site, "/api/listing/health?page=1&sig=00000000")[0] == 403
    status, body = get(site, f"/api/listing/health?page=1&sig={signature('health', 1, nonce)}")
    assert status == 200 and "listing-item" in json.loads(body)["html"]
    assert "/static/listing.js" in html and "function sign" in get(site, "/static/listing.js")[1]


def test_request_log_records_everything(site):
    before = len(site.request_log)
    get(site, "/nope")
    entry = site.request_log[before]
    assert entry["path"] == "/nope" and entry["status"] == 404 and entry["host"].startswith("127.0.0.1:")


def test_deterministic_and_quick_to_build():
    a, b = SiteModel(articles=500, seed=3), SiteModel(articles=500, seed=3)
    assert [x.headline for x in a.articles] == [x.headline for x in b.articles]
    assert a.body(a.articles[100]) == b.body(b.articles[100])
    started = time.perf_counter()
    big = SiteModel(articles=20000, seed=42)
    assert time.perf_counter() - started < 5 and len(big.articles) == 20000


def test_ground_truth_has_the_hard_cases():
    model = SiteModel(articles=2000, seed=42)
    chains = [s for s in model.stories if len(s.articles) > 1]
    headlines = [[a.headline for a in sorted(s.articles, key=lambda a: a.revision)] for s in chains]
    assert any(h[-1].startswith("UPDATE 2-") and h[-1][len("UPDATE 2-"):] != h[0] for h in headlines)
    assert any(any(x.startswith("UPDATE 3-") for x in h) and not any(x.startswith("UPDATE 2-") for x in h)
               for h in headlines)
    assert any(x.startswith(("REFILE-UPDATE", "CORRECTED-UPDATE")) for h in headlines for x in h)
    assert any(len({a.section for a in s.articles}) > 1 for s in chains)
    recurring = [s for s in model.stories if s.base_headline == "Reuters World News Summary"]
    assert len(recurring) >= 5
    assert len([s for s in model.stories if s.background]) >= 4
    truth = model.truth()
    assert sum(len(ids) for ids in truth.values()) == len(model.articles) - 2  # 404 and empty excluded
