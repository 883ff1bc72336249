"""Client-rendered listings through scrapy-playwright and a real Chromium.

These tests need Chromium (Debian's ``chromium``): ``make test`` and CI install
it. They fail, not skip, when it is missing.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest

from newscrawl.browser import find_browser, launch_options
from newscrawl.replica import ReplicaServer, SiteModel
from tests.support import run_crawl


def article_id(url: str) -> int:
    return int(urlsplit(url).path.split("/")[3].split("-")[0])


@pytest.fixture(scope="module")
def site():
    assert find_browser(), "Chromium is required for these tests: apt-get install chromium (make test does it)"
    with ReplicaServer(SiteModel(articles=300, seed=1, client_sections=("health",)), crawl_delay=0) as server:
        yield server


@pytest.fixture(scope="module")
def mixed_crawl(site, tmp_path_factory):
    before = len(site.request_log)
    result = run_crawl(site.base_url, tmp_path_factory.mktemp("mixed"), "-a", "sections=health,politics",
                       "-a", "max_pages=50")
    result.requests = site.request_log[before:]
    return result


def test_client_rendered_section_is_crawled_with_all_its_pages(site, mixed_crawl):
    model = site.model
    assert mixed_crawl.returncode == 0, mixed_crawl.log[-3000:]
    health = [a for a in model.articles if "health" in a.sections and model.visible(a)]
    pages = -(-len(health) // model.page_size)
    assert pages >= 2
    assert mixed_crawl.stat("newscrawl/browser/listing_pages") == pages
    api_calls = [e for e in mixed_crawl.requests if e["path"].startswith("/api/listing/health")]
    assert len(api_calls) == pages and all(e["status"] == 200 for e in api_calls)
    exported = Counter(model.by_id[article_id(i["url"])].story.key for i in mixed_crawl.items)
    expected = {a.story.key for a in health if a.fault not in ("not_found", "empty_body")}
    assert expected <= set(exported) and max(exported.values()) == 1


def test_only_client_rendered_listings_go_through_the_browser(mixed_crawl):
    browser = [e["path"] for e in mixed_crawl.requests if e["browser"]]
    assert browser, "the browser made requests"
    assert {urlsplit(p).path for p in browser} <= {"/news/health", "/static/listing.js", "/api/listing/health"}
    assert not [e for e in mixed_crawl.requests if e["host"].startswith("localhost")], "third-party blocked"
    assert mixed_crawl.stat("playwright/request_count/aborted") >= 1, "the third-party tracker is aborted"
    assert not [e for e in mixed_crawl.requests if e["path"].startswith("/static/banner")], "no images loaded"
    articles = [e for e in mixed_crawl.requests if e["path"].startswith("/article/") and e["status"] == 200]
    assert articles and not [e for e in articles if e["browser"]]
    counts = Counter(e["path"] for e in articles)
    assert max(counts.values()) == 1, "every article page fetched once, plainly"
    plain_listings = {urlsplit(e["path"]).path for e in mixed_crawl.requests
                      if e["path"].startswith("/news/") and not e["browser"]}
    assert plain_listings == {"/news/health", "/news/politics"}
    assert mixed_crawl.stat("playwright/page_count") == 1


def test_next_run_stops_clicking_when_the_items_are_known(site, mixed_crawl):
    state = mixed_crawl.feed.parent / "state.db"
    result = run_crawl(site.base_url, mixed_crawl.feed.parent, "-a", "sections=health", "-a", "max_pages=50",
                       state=state, feed_name="again.jsonl")
    assert result.returncode == 0
    assert result.stat("newscrawl/browser/listing_pages") == 1
    assert result.items == []


def test_plain_crawl_starts_no_browser(site, tmp_path):
    result = run_crawl(site.base_url, tmp_path, "-a", "sections=politics", "-a", "max_pages=1")
    assert result.returncode == 0
    assert "Starting download handler" not in result.log
    assert result.stat("playwright/browser_count") == 0


def test_no_browser_says_so_finishes_the_rest_and_fails(site, tmp_path):
    result = run_crawl(site.base_url, tmp_path, "-a", "sections=health,politics", "-a", "max_pages=1",
                       settings={"NEWSCRAWL_BROWSER_PATH": "/nonexistent/chromium"})
    assert result.returncode == 1
    lines = [l for l in result.log.splitlines() if "no browser could be launched" in l]
    assert len(lines) == 1
    assert "Section 'health'" in lines[0] and "apt-get install chromium" in lines[0]
    assert "/nonexistent/chromium" in lines[0]
    assert result.stat("newscrawl/browser/unavailable") == 1
    assert result.items and all("/politics/" in i["url"] or i["section"] != "health" for i in result.items)


def test_launch_options_for_a_root_container(site):
    from scrapy.settings import Settings

    options = launch_options(Settings({"NEWSCRAWL_BROWSER_PATH": find_browser()}))
    assert options["headless"] is True and "--no-sandbox" in options["args"]
    assert "--disable-background-networking" in options["args"]
    assert options["executable_path"] == find_browser()
