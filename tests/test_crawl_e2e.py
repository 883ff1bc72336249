"""End to end: the real spider (``scrapy crawl`` in a subprocess) against the
replica on 127.0.0.1, checked through its feed, its stats and the replica's
request log."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from urllib.parse import urlsplit

import pytest

from newscrawl.replica import ReplicaServer, SiteModel
from newscrawl.schemas import validate_article
from tests.support import REPO, run_crawl

ARTICLES = 300
SEED = 1


@pytest.fixture(scope="module")
def site():
    with ReplicaServer(SiteModel(articles=ARTICLES, seed=SEED), crawl_delay=0) as server:
        yield server


@pytest.fixture(scope="module")
def full_crawl(site, tmp_path_factory):
    """One complete crawl of the replica (every page of every section), shared by several tests."""
    tmp = tmp_path_factory.mktemp("full")
    before = len(site.request_log)
    result = run_crawl(site.base_url, tmp, "-a", "max_pages=50")
    result.requests = site.request_log[before:]
    return result


def article_id(url: str) -> int:
    return int(urlsplit(url).path.split("/")[3].split("-")[0])


def test_crawl_succeeds_and_every_story_arrives_once_in_its_latest_revision(site, full_crawl):
    assert full_crawl.returncode == 0, full_crawl.log[-3000:]
    exported = Counter(article_id(item["url"]) for item in full_crawl.items)
    assert max(exported.values()) == 1, "an article exported twice"
    expected = site.model.expected_latest()
    assert set(exported) == set(expected.values())
    story_ids = [item["story_id"] for item in full_crawl.items]
    assert len(story_ids) == len(set(story_ids)), "a story exported twice"


def test_supersedes_lists_every_older_revision(site, full_crawl):
    truth = site.model.truth()
    by_latest = {ids[-1]: ids for ids in truth.values()}
    checked = 0
    for item in full_crawl.items:
        spec = site.model.by_id[article_id(item["url"])]
        members = truth[spec.story.key]
        older = {site.base_url + site.model.by_id[i].path for i in members if i != spec.id}
        assert set(item["supersedes"]) == older, item["headline"]
        checked += len(older) > 0
    assert checked >= 20, "the replica must have revision chains"
    assert by_latest


def test_hard_cases_are_kept_apart_or_merged_as_they_should(site, full_crawl):
    model = site.model
    exported = {article_id(i["url"]): i for i in full_crawl.items}
    titles = Counter(i["title"] for i in full_crawl.items)
    # titles that recur daily are different stories, each exported
    assert titles["Reuters World News Summary"] >= 2
    # a chain whose headline was rewritten is one story
    rewritten = [s for s in model.stories if s.kind == "chain"
                 and len({a.headline.split("-")[-1] for a in s.articles}) > 1]
    assert rewritten
    for story in rewritten:
        assert sum(a.id in exported for a in story.articles) == 1
    # stories sharing a background paragraph are all exported
    with_background = [s for s in model.stories if s.background]
    assert len(with_background) >= 2
    for story in with_background:
        assert sum(a.id in exported for a in story.articles) == 1
    # a chain across two sections is one story
    moved = [s for s in model.stories if len({a.section for a in s.articles}) > 1]
    assert moved and all(sum(a.id in exported for a in s.articles) == 1 for s in moved)


def test_items_are_valid_and_utf8(full_crawl):
    for item in full_crawl.items:
        assert validate_article(item) == [], item["url"]
        assert item["body"] and "Also Read" not in item["body"] and "READ MORE" not in item["body"]
        assert "not edited by Devdiscourse staff" not in item["body"]
        assert "sidebar teaser" not in item["body"] and "tweet embedded" not in item["body"]
    raw = full_crawl.feed.read_text(encoding="utf-8")
    assert "São Paulo" in raw or "₹" in raw, "non-ASCII text must be written as UTF-8, not escaped"
    assert "\\u00e3" not in raw and "\\u20b9" not in raw


def test_faults_are_logged_counted_and_survived(site, full_crawl):
    model = site.model
    urls = {item["url"] for item in full_crawl.items}
    assert full_crawl.stat("newscrawl/dropped/article_http_404") == 1
    assert full_crawl.stat("newscrawl/dropped/empty_body") == 1
    assert f"Dropped {site.base_url}{model.faults['not_found']}: article_http_404" in full_crawl.log
    assert f"Dropped {site.base_url}{model.faults['empty_body']}: empty_body" in full_crawl.log
    assert site.base_url + model.faults["flaky_503"] in urls, "503 once, then retried"
    assert full_crawl.stat("retry/count") >= 1
    malformed = next(i for i in full_crawl.items if i["url"] == site.base_url + model.faults["malformed"])
    spec = model.by_path[model.faults["malformed"]]
    assert malformed["headline"] == spec.headline and malformed["body"].count("\n\n") == len(model.body(spec)) - 1


def test_nothing_off_site_is_requested(site, full_crawl):
    hosts = {entry["host"] for entry in full_crawl.requests}
    assert hosts == {urlsplit(site.base_url).netloc}
    assert not [e for e in full_crawl.requests if e["path"].startswith("/promo")]
    assert full_crawl.stat("newscrawl/skipped/offsite") >= 1


def test_robots_first_and_honest_user_agent(full_crawl):
    assert full_crawl.requests[0]["path"] == "/robots.txt"
    assert all(e["agent"].startswith("newscrawl/") for e in full_crawl.requests)


def test_second_run_on_unchanged_site_fetches_no_article(site, full_crawl, tmp_path):
    before = len(site.request_log)
    state = full_crawl.feed.parent / "state.db"
    again = run_crawl(site.base_url, tmp_path, "-a", "max_pages=50", state=state)
    assert again.returncode == 0, again.log[-2000:]
    paths = [e["path"] for e in site.request_log[before:]]
    assert not [p for p in paths if p.startswith("/article/")]
    listing = Counter(urlsplit(p).path for p in paths if p.startswith("/news/"))
    assert max(listing.values()) == 1 and len(listing) == 12
    assert set(paths) - {p for p in paths if p.startswith("/news/")} == {"/", "/robots.txt"}
    assert again.items == []


def test_contact_goes_into_the_user_agent(site, tmp_path):
    before = len(site.request_log)
    result = run_crawl(site.base_url, tmp_path, "-a", "sections=health", "-a", "max_pages=1",
                       settings={"NEWSCRAWL_CONTACT": "ops@example.org"})
    assert result.returncode == 0
    agents = {e["agent"] for e in site.request_log[before:]}
    assert agents and all("ops@example.org" in a for a in agents)


def test_one_section_ad_hoc(site, tmp_path):
    before = len(site.request_log)
    result = run_crawl(site.base_url, tmp_path, "-a", "sections=business", "-a", "max_pages=1")
    assert result.returncode == 0
    listings = {urlsplit(e["path"]).path for e in site.request_log[before:] if e["path"].startswith("/news/")}
    assert listings == {"/news/business"}
    assert result.items and all(
        "business" in site.model.by_id[article_id(i["url"])].sections
        or any("business" in a.sections for a in site.model.by_id[article_id(i["url"])].story.articles)
        for i in result.items
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-a", "max_pages=three"), "max_pages: 'three' is not a whole number"),
        (("-a", "since=31-12-2025"), "since: '31-12-2025' is not a date"),
        (("-a", "sections=Politics News"), "is not a section slug"),
        (("-a", "colour=blue"), "unknown argument 'colour'"),
        (("-s", "NEWSCRAWL_STATE_URI=postgres://db"), "unsupported state URI"),
    ],
)
def test_bad_arguments_stop_before_any_request(site, tmp_path, args, message):
    before = len(site.request_log)
    result = run_crawl(site.base_url, tmp_path, *args)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]] and message in lines[0] and lines[0].startswith("newscrawl: bad argument:")
    assert len(site.request_log) == before


def test_unknown_section_stops_after_the_nav(site, tmp_path):
    before = len(site.request_log)
    result = run_crawl(site.base_url, tmp_path, "-a", "sections=politics,astrology")
    assert result.returncode == 2
    assert "sections: unknown section 'astrology' (the site has: politics, international" in result.log
    assert [e["path"] for e in site.request_log[before:]] == ["/robots.txt", "/"]


def test_since_skips_older_articles_from_the_listing(site, tmp_path):
    model = site.model
    cut = model.articles[len(model.articles) // 2].published
    before = len(site.request_log)
    result = run_crawl(site.base_url, tmp_path, "-a", f"since={cut.isoformat()}", "-a", "max_pages=50")
    assert result.returncode == 0
    fetched = [article_id(e["path"]) for e in site.request_log[before:] if e["path"].startswith("/article/")]
    assert fetched and all(model.by_id[i].published >= cut for i in fetched)
    assert result.stat("newscrawl/skipped/older_than_since") > 0


def test_scrapy_check_contracts_pass(site):
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "check", "devdiscourse",
         "-s", f"NEWSCRAWL_BASE_URL={site.base_url}", "-s", "NEWSCRAWL_STATE_URI=sqlite://:memory:"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Ran 3 contracts" in proc.stderr or "contracts" in proc.stderr
    assert "OK" in proc.stderr


def test_scrapy_list():
    proc = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=REPO, capture_output=True, text=True)
    assert proc.stdout.split() == ["devdiscourse"]


def test_crawl_delay_from_robots_is_honoured(tmp_path):
    with ReplicaServer(SiteModel(articles=60, seed=3), crawl_delay=0.5) as slow:
        result = run_crawl(slow.base_url, tmp_path, "-a", "sections=politics", "-a", "max_pages=1",
                           settings={"CLOSESPIDER_PAGECOUNT": "6", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"})
        assert result.returncode == 0, result.log[-2000:]
        times = [e["time"] for e in slow.request_log if e["path"] != "/robots.txt"]
    assert result.stat("newscrawl/robots_crawl_delay") == "0.5" or "Crawl-delay 0.50s" in result.log
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(gaps) >= 4 and min(gaps) >= 0.45, gaps


def test_changed_markup_is_dropped_as_no_layout_and_counted(tmp_path):
    with ReplicaServer(SiteModel(articles=60, seed=4, drift=True), crawl_delay=0) as drifted:
        result = run_crawl(drifted.base_url, tmp_path, "-a", "sections=politics", "-a", "max_pages=1")
    assert result.returncode == 0
    assert result.items == []
    dropped = result.stat("newscrawl/dropped/no_layout")
    assert dropped >= 5 and "no_layout (matches no article layout" in result.log


def test_failed_articles_are_retried_only_after_the_back_off(tmp_path):
    model = SiteModel(articles=60, seed=4)
    not_found = model.faults["not_found"]
    with ReplicaServer(model, crawl_delay=0) as site:
        state = tmp_path / "state.db"
        for name, hours in (("first", "6"), ("within", "6"), ("after", "0")):
            run_crawl(site.base_url, tmp_path, "-a", "sections=politics", "-a", "max_pages=1", state=state,
                      settings={"NEWSCRAWL_RETRY_FAILED_AFTER_HOURS": hours}, feed_name=f"{name}.jsonl")
        asked = [e["path"] for e in site.request_log if e["path"] == not_found]
    assert len(asked) == 2, "fetched, skipped within the back-off, fetched again after it"
