"""The state store contract, run against every backend.

The decision callable stands in for the matcher: the store must hand it the
candidates found through the index keys, within the window, and apply its
answer atomically.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import uuid

import pytest

from newscrawl.state import open_store
from newscrawl.state.base import LISTED, OK, ListedArticle, NewRevision
from newscrawl.state.sqlite import SCHEMA_VERSION, SQLiteStore, path_from_uri

DAY = 86400.0
T0 = 1_700_000_000.0


REDIS_URL = os.environ.get("NEWSCRAWL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_uri() -> str:
    """A key prefix of this test's own on the test Redis (which may be shared)."""
    return f"{REDIS_URL}?prefix=newscrawl-test-{uuid.uuid4().hex[:12]}"


def drop_keys(uri: str) -> None:
    import redis

    prefix = uri.split("prefix=", 1)[1]
    client = redis.Redis.from_url(uri.split("?", 1)[0])
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)
    client.close()


@pytest.fixture(params=["sqlite", "redis"])
def store_uri(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/state.db"
    else:
        uri = redis_uri()
        yield uri
        drop_keys(uri)


@pytest.fixture()
def store(store_uri):
    s = open_store(store_uri)
    yield s
    s.close()


def revision(article_id, update=0, title="rebels prepare offensive", published=T0, keys=None, source="Reuters"):
    url = f"http://site/article/politics/{article_id}-x"
    return NewRevision(
        url=url,
        article_id=str(article_id),
        source=source,
        title_key=title,
        update=update,
        published=published,
        rank=(update, published, published, int(article_id)),
        fingerprint=f"fp{article_id}".encode(),
        keys=keys if keys is not None else [f"t:{title}"],
        item={"url": url, "article_id": str(article_id), "headline": f"U{update} {title}"},
    )


def join_first(candidates):
    return candidates[0].story_id if candidates else None


def test_first_article_starts_a_story_named_after_it(store):
    state = store.assign_story(revision(100), DAY, join_first)
    assert state.story_id == "100" and state.is_new_story and state.became_latest
    assert state.members == [revision(100).url]


def test_revision_joins_and_becomes_latest(store):
    store.assign_story(revision(100), DAY, join_first)
    state = store.assign_story(revision(101, update=1, published=T0 + 600), DAY, join_first)
    assert state.story_id == "100" and not state.is_new_story and state.became_latest
    assert state.latest_url == revision(101).url


def test_older_revision_found_later_does_not_replace_latest(store):
    store.assign_story(revision(102, update=2, published=T0 + 900), DAY, join_first)
    state = store.assign_story(revision(100, published=T0), DAY, join_first)
    assert state.story_id == "102" and not state.became_latest
    assert state.latest_url == revision(102).url
    assert set(state.members) == {revision(100).url, revision(102).url}


def test_decide_sees_candidates_only_by_key_and_window(store):
    store.assign_story(revision(100, keys=["k1"]), DAY, join_first)
    store.assign_story(revision(200, keys=["k2"]), DAY, join_first)
    store.assign_story(revision(300, keys=["k1"], published=T0 - 5 * DAY), DAY, join_first)
    store.assign_story(revision(350, keys=["k1"], source="PTI"), DAY, join_first)
    seen = []

    def spy(candidates):
        seen.extend(c.url for c in candidates)
        return None

    store.assign_story(revision(400, keys=["k1"], published=T0 + 3600), DAY, spy)
    assert seen == [revision(100).url]


def test_decision_none_makes_a_separate_story(store):
    store.assign_story(revision(100), DAY, join_first)
    state = store.assign_story(revision(101, update=1), DAY, lambda c: None)
    assert state.story_id == "101" and state.is_new_story


def test_pending_exports_then_commit(store):
    store.assign_story(revision(100), DAY, join_first)
    store.assign_story(revision(101, update=1, published=T0 + 60), DAY, join_first)
    pending = list(store.pending_exports())
    assert [(p.story_id, p.url) for p in pending] == [("100", revision(101).url)]
    assert pending[0].supersedes == [revision(100).url]
    assert pending[0].item["story_id"] == "100"

    store.mark_exported("run1", "100", revision(101).url)
    assert len(list(store.pending_exports())) == 1, "not counted before commit"
    assert store.commit_exports("run1") == 1
    assert list(store.pending_exports()) == []

    store.assign_story(revision(102, update=2, published=T0 + 120), DAY, join_first)
    again = list(store.pending_exports())
    assert [(p.story_id, p.url) for p in again] == [("100", revision(102).url)]
    assert again[0].supersedes == [revision(100).url, revision(101).url]


def test_uncommitted_exports_of_a_dead_run_stay_pending(store):
    store.assign_story(revision(100), DAY, join_first)
    store.mark_exported("dead-run", "100", revision(100).url)
    assert [p.story_id for p in store.pending_exports()] == ["100"]


def _stories(n):
    return [revision(100 + 10 * i, title=f"story {i}", keys=[f"t:{i}"]) for i in range(n)]


def test_claims_are_disjoint_and_cover_every_pending_story(store):
    for rev in _stories(5):
        store.assign_story(rev, DAY, join_first)
    first = store.claim_pending("w1", limit=2)
    second = store.claim_pending("w2")
    assert len(first) == 2 and len(second) == 3
    assert {p.story_id for p in first} | {p.story_id for p in second} == {r.article_id for r in _stories(5)}
    assert store.claim_pending("w3") == [], "everything is claimed already"
    assert len(list(store.pending_exports())) == 5, "a claim is not an export"
    assert [run for run, _ in store.uncommitted_runs()] == ["w1", "w2"]


def test_commit_counts_what_was_written_and_releases_the_rest(store):
    for rev in _stories(3):
        store.assign_story(rev, DAY, join_first)
    claimed = store.claim_pending("w1")
    written = claimed[0]
    store.mark_exported("w1", written.story_id, written.url)
    assert store.commit_exports("w1") == 1
    assert store.uncommitted_runs() == []
    again = store.claim_pending("w2")
    assert sorted(p.story_id for p in again) == sorted(p.story_id for p in claimed[1:])


def test_discarding_a_dead_run_releases_its_claims(store):
    for rev in _stories(2):
        store.assign_story(rev, DAY, join_first)
    store.claim_pending("dead")
    assert store.claim_pending("live") == []
    assert store.discard_exports("dead") == 2
    assert len(store.claim_pending("live")) == 2


def _claim_in_process(uri, run_id, barrier):
    store = open_store(uri)
    barrier.wait()
    claimed = [p.story_id for p in store.claim_pending(run_id, limit=7)]
    while True:
        more = store.claim_pending(run_id, limit=7)
        if not more:
            break
        claimed += [p.story_id for p in more]
    store.close()
    return claimed


def test_workers_claiming_at_once_share_the_stories_without_overlap(store_uri):
    store = open_store(store_uri)
    for rev in _stories(60):
        store.assign_story(rev, DAY, join_first)
    store.close()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Manager().Barrier(3)
    with ctx.Pool(3) as pool:
        shares = pool.starmap(_claim_in_process, [(store_uri, f"w{n}", barrier) for n in range(3)])
    everything = [story for share in shares for story in share]
    assert len(everything) == 60 and len(set(everything)) == 60


def test_listing_only_older_revision_is_a_member_and_superseded(store):
    newer = revision(101, update=1, published=T0 + 60)
    older = ListedArticle(revision(100).url, "100", "Reuters", newer.title_key, 0, T0)
    # the listing names the older one before the newer one is fetched
    store.record_listed(older, newer.url)
    state = store.assign_story(newer, DAY, join_first)
    assert older.url in state.members
    (pending,) = store.pending_exports()
    assert pending.supersedes == [older.url]
    assert store.fetch_records([older.url])[older.url].outcome == LISTED


def test_newer_revision_lookup(store):
    store.assign_story(revision(101, update=1, published=T0 + 60), DAY, join_first)
    older = ListedArticle(revision(100).url, "100", "Reuters", "rebels prepare offensive", 0, T0)
    assert store.newer_revision(older, DAY) == revision(101).url
    other_source = ListedArticle(revision(100).url, "100", "PTI", "rebels prepare offensive", 0, T0)
    assert store.newer_revision(other_source, DAY) is None
    too_old = ListedArticle(revision(100).url, "100", "Reuters", "rebels prepare offensive", 0, T0 - 3 * DAY)
    assert store.newer_revision(too_old, DAY) is None
    same_update = ListedArticle(revision(100).url, "100", "Reuters", "rebels prepare offensive", 1, T0)
    assert store.newer_revision(same_update, DAY) is None


def test_fetch_records_and_failures(store):
    store.assign_story(revision(100), DAY, join_first)
    store.record_failure("http://site/404", "404", "http_404", T0)
    records = store.fetch_records([revision(100).url, "http://site/404", "http://site/unknown"])
    assert records[revision(100).url].outcome == OK
    assert records["http://site/404"].outcome == "http_404"
    assert "http://site/unknown" not in records
    # a failure never overwrites a good fetch
    store.record_failure(revision(100).url, "100", "http_503", T0)
    assert store.fetch_records([revision(100).url])[revision(100).url].outcome == OK


def test_latest_items_one_per_story(store):
    store.assign_story(revision(100), DAY, join_first)
    store.assign_story(revision(101, update=1, published=T0 + 60), DAY, join_first)
    store.assign_story(revision(500, title="other", keys=["t:other"]), DAY, join_first)
    items = sorted(store.latest_items(), key=lambda i: i["story_id"])
    assert [(i["story_id"], i["article_id"]) for i in items] == [("100", "101"), ("500", "500")]
    assert store.counts()["stories"] == 2


def test_runs_are_recorded(store):
    store.start_run("r1", T0, {"sections": ["politics"]})
    store.finish_run("r1", T0 + 5, "finished", {"items": 3})
    assert store.counts()["runs"] == 1


# --- SQLite specifics -----------------------------------------------------------

def test_sqlite_uri_forms(tmp_path):
    assert path_from_uri("sqlite:///.newscrawl/state.db") == ".newscrawl/state.db"
    assert path_from_uri("sqlite:////abs/state.db") == "/abs/state.db"
    assert path_from_uri("sqlite://:memory:") == ":memory:"
    with pytest.raises(ValueError):
        path_from_uri("sqlite://")
    with pytest.raises(ValueError):
        open_store("postgres://x")


def test_sqlite_created_on_first_use_with_wal_and_version(tmp_path):
    path = tmp_path / "deep" / "dir" / "state.db"
    SQLiteStore(str(path)).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_sqlite_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "state.db"
    SQLiteStore(str(path)).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    db.commit()
    with pytest.raises(RuntimeError, match="schema 999"):
        SQLiteStore(str(path))


def _assign_in_process(uri, article_id, update, barrier):
    store = open_store(uri)
    barrier.wait()
    state = store.assign_story(revision(article_id, update=update, published=T0 + update), DAY, join_first)
    store.close()
    return state.story_id


@pytest.mark.parametrize("attempt", range(3))
def test_two_processes_placing_two_revisions_at_once_make_one_story(store_uri, attempt):
    open_store(store_uri).close()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Manager().Barrier(2)
    with ctx.Pool(2) as pool:
        ids = pool.starmap(_assign_in_process, [(store_uri, 101, 1, barrier), (store_uri, 102, 2, barrier)])
    assert ids[0] == ids[1], "both revisions must land in one story"
    store = open_store(store_uri)
    (item,) = list(store.latest_items())
    assert item["article_id"] == "102"
    assert [p.url for p in store.pending_exports()] == [revision(102).url]
    store.close()


def test_redis_uri_secrets_are_redacted():
    from newscrawl.state import redact

    assert redact("redis://:s3cret@db.example:6380/2") == "redis://:***@db.example:6380/2"
    assert redact("redis://user:s3cret@db.example/0?prefix=x") == "redis://user:***@db.example/0?prefix=x"
    assert redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
    with pytest.raises(ConnectionError) as info:
        open_store("redis://:s3cret@127.0.0.1:1/0")
    assert "s3cret" not in str(info.value) and "***" in str(info.value)
