"""Redis state store, for several machines crawling one site (``redis://host:port/db``).

Same interface and behaviour as the SQLite store. Every key lives under a
prefix (``?prefix=name`` in the URI, default ``newscrawl``), so one Redis can
serve several projects and tests can clean up only their own keys.

Story assignment is an optimistic transaction: the worker WATCHes the index
keys the new article will be filed under, reads the candidates, lets the
matcher decide, WATCHes the chosen story, and writes everything in one
MULTI/EXEC. Two workers placing revisions of one story at the same moment
share index keys, so one EXEC fails, and that worker retries and finds the
other's article among its candidates: one story, never two. Exports are
claimed (so that workers flushing at once export disjoint shares) and
committed by Lua scripts, atomically per run.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qs, urlsplit, urlunsplit

import redis

from newscrawl.state import redact
from newscrawl.state.base import (
    LISTED,
    OK,
    Candidate,
    Decide,
    FetchRecord,
    ListedArticle,
    NewRevision,
    PendingExport,
    StateStore,
    StoryState,
)

SCHEMA_VERSION = 1
MAX_RETRIES = 50

#: Release the claims of run ARGV[2] (stories claimed by it and not committed go back to pending).
RELEASE_CLAIMS = """
local claims = ARGV[1] .. ':claims:' .. ARGV[2]
local released = 0
for _, story in ipairs(redis.call('SMEMBERS', claims)) do
  if redis.call('HGET', ARGV[1] .. ':claimed', story) == ARGV[2] then
    redis.call('HDEL', ARGV[1] .. ':claimed', story)
    released = released + 1
  end
end
redis.call('DEL', claims)
"""

COMMIT_EXPORTS = """
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local story, url = entries[i], entries[i + 1]
  local key = ARGV[1] .. ':story:' .. story
  redis.call('HSET', key, 'exported_url', url)
  if redis.call('HGET', key, 'latest_url') == url then
    redis.call('ZREM', ARGV[1] .. ':pending', story)
  end
end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[1] .. ':export_runs', ARGV[2])
""" + RELEASE_CLAIMS + """
return #entries / 2
"""

DISCARD_EXPORTS = """
local exported = redis.call('HLEN', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[1] .. ':export_runs', ARGV[2])
""" + RELEASE_CLAIMS + """
return math.max(exported, released)
"""

#: Claim up to ARGV[3] (0: all) pending stories nobody has claimed, oldest change first.
CLAIM_PENDING = """
local claimed = {}
local limit = tonumber(ARGV[3])
for _, story in ipairs(redis.call('ZRANGE', ARGV[1] .. ':pending', 0, -1)) do
  if limit > 0 and #claimed >= limit then break end
  if redis.call('HSETNX', ARGV[1] .. ':claimed', story, ARGV[2]) == 1 then
    redis.call('SADD', ARGV[1] .. ':claims:' .. ARGV[2], story)
    claimed[#claimed + 1] = story
  end
end
if #claimed > 0 then redis.call('SADD', ARGV[1] .. ':export_runs', ARGV[2]) end
return claimed
"""


def connect(uri: str, what: str = "Redis") -> tuple[redis.Redis, str]:
    """A checked client for *uri* and its key prefix (``?prefix=``, default ``newscrawl``).

    Errors name the server with its password redacted.
    """
    query = parse_qs(urlsplit(uri).query)
    prefix = query.pop("prefix", ["newscrawl"])[0]
    clean_uri = urlunsplit(urlsplit(uri)._replace(query=""))
    try:
        client = redis.Redis.from_url(clean_uri, socket_timeout=30)
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise ConnectionError(f"cannot reach the Redis {what} at {redact(uri)}: {type(exc).__name__}") from None
    return client, prefix


def _text(value) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


class RedisStore(StateStore):
    def __init__(self, client: redis.Redis, prefix: str = "newscrawl"):
        self.r = client
        self.p = prefix
        self._commit = self.r.register_script(COMMIT_EXPORTS)
        self._discard = self.r.register_script(DISCARD_EXPORTS)
        self._claim = self.r.register_script(CLAIM_PENDING)
        version = self.r.get(self.k("schema_version"))
        if version is None:
            self.r.setnx(self.k("schema_version"), SCHEMA_VERSION)
        elif int(version) > SCHEMA_VERSION:
            raise RuntimeError(f"state store has schema {int(version)}, newer than this newscrawl ({SCHEMA_VERSION})")

    @classmethod
    def from_uri(cls, uri: str) -> RedisStore:
        return cls(*connect(uri, "state store"))

    def k(self, *parts: str) -> str:
        return ":".join((self.p, *parts))

    def close(self) -> None:
        self.r.close()

    # --- runs -------------------------------------------------------------------
    def start_run(self, run_id, started_at, info):
        self.r.hset(self.k("runs"), run_id, json.dumps({"started_at": started_at, "status": "running", "info": info}))

    def finish_run(self, run_id, finished_at, status, stats):
        raw = self.r.hget(self.k("runs"), run_id)
        record = json.loads(raw) if raw else {}
        record.update(finished_at=finished_at, status=status, stats=json.loads(json.dumps(stats, default=str)))
        self.r.hset(self.k("runs"), run_id, json.dumps(record))

    # --- fetches ------------------------------------------------------------------
    def fetch_records(self, urls: Iterable[str]) -> dict[str, FetchRecord]:
        urls = list(urls)
        pipe = self.r.pipeline(transaction=False)
        for url in urls:
            pipe.hmget(self.k("article", url), "outcome", "fetched_at", "story_id")
        found = {}
        for url, (outcome, fetched_at, story_id) in zip(urls, pipe.execute()):
            if outcome is not None:
                found[url] = FetchRecord(url, _text(outcome), float(fetched_at) if fetched_at else None,
                                         _text(story_id))
        return found

    def record_failure(self, url, article_id, outcome, fetched_at):
        key = self.k("article", url)

        def work(pipe):
            if _text(pipe.hget(key, "outcome")) in (OK, LISTED):
                return False  # a failure never overwrites a good fetch
            return self._queue(pipe, lambda m: m.hset(key, mapping={
                "outcome": outcome, "fetched_at": fetched_at, "article_id": article_id or ""}))

        self._retrying(key, work)

    # --- listings -----------------------------------------------------------------
    def newer_revision(self, listed: ListedArticle, window: float) -> str | None:
        lo, hi = ("-inf", "+inf") if listed.published is None else (listed.published - window, listed.published + window)
        best, best_rev = None, listed.update
        urls = [u for u in (_text(u) for u in self.r.zrangebyscore(self.k("title", listed.title_key), lo, hi))
                if u != listed.url]
        if not urls:
            return None
        read = self.r.pipeline(transaction=False)
        for url in urls:
            read.hmget(self.k("article", url), "source", "revision", "outcome")
        for url, (source, revision, outcome) in zip(urls, read.execute()):
            if _text(outcome) in (OK, LISTED) and (_text(source) or None) == listed.source \
                    and revision is not None and int(revision) > best_rev:
                best, best_rev = url, int(revision)
        return best

    def record_listed(self, listed: ListedArticle, newer_url: str) -> None:
        key = self.k("article", listed.url)

        def work(pipe):
            if pipe.exists(key):
                return False
            story_id = _text(pipe.hget(self.k("article", newer_url), "story_id"))

            def write(m):
                m.hset(key, mapping={
                    "article_id": listed.article_id, "source": listed.source or "", "title_key": listed.title_key,
                    "revision": listed.update, "published": listed.published if listed.published is not None else "",
                    "outcome": LISTED, "linked_url": newer_url, "story_id": story_id or "",
                })
                if listed.published is not None:
                    m.zadd(self.k("title", listed.title_key), {listed.url: listed.published})
                if story_id:
                    m.sadd(self.k("members", story_id), listed.url)
                else:
                    m.sadd(self.k("linked", newer_url), listed.url)
            return self._queue(pipe, write)

        self._retrying([key, self.k("article", newer_url)], work)

    # --- stories ------------------------------------------------------------------
    def assign_story(self, revision: NewRevision, window: float, decide: Decide) -> StoryState:
        # Reads go through a plain pipeline (one round trip for many commands) on another
        # connection: WATCH still sees any write made after it, whoever reads.
        article_key = self.k("article", revision.url)
        watched = [article_key, self.k("title", revision.title_key)] + [self.k("mk", key) for key in revision.keys]
        for _ in range(MAX_RETRIES):
            with self.r.pipeline() as pipe:
                try:
                    pipe.watch(*watched)
                    read = self.r.pipeline(transaction=False)
                    read.hmget(article_key, "story_id", "outcome")
                    lo, hi = revision.published - window, revision.published + window
                    for key in revision.keys:
                        read.zrangebyscore(self.k("mk", key), lo, hi)
                    existing, *keyed = read.execute()
                    if _text(existing[0]) and _text(existing[1]) == OK:
                        story_id, is_new = _text(existing[0]), False
                    else:
                        story_id = decide(self._candidates(revision, keyed))
                        is_new = story_id is None
                    if is_new:
                        story_id = self._new_story_id(pipe, revision.article_id)
                    story_key = self.k("story", story_id)
                    pipe.watch(story_key)
                    read = self.r.pipeline(transaction=False)
                    read.hmget(story_key, "latest_url", "latest_rank")
                    read.smembers(self.k("linked", revision.url))
                    (latest_url, latest_rank), linked = read.execute()
                    latest_url = _text(latest_url)
                    became_latest = latest_url is None or latest_url == revision.url or \
                        tuple(revision.rank) > tuple(json.loads(latest_rank))
                    pipe.multi()
                    self._write_revision(pipe, revision, story_id, became_latest, [_text(u) for u in linked])
                    pipe.execute()
                except redis.WatchError:
                    continue
            read = self.r.pipeline(transaction=False)
            read.hmget(self.k("story", story_id), "latest_url", "exported_url")
            read.smembers(self.k("members", story_id))
            (latest, exported), members = read.execute()
            members = self._order(members)
            return StoryState(story_id, _text(latest), _text(exported) or None, members, is_new, became_latest)
        raise RuntimeError(f"could not place {revision.url} after {MAX_RETRIES} tries (too much contention)")

    def _candidates(self, revision: NewRevision, keyed: list[list]) -> list[Candidate]:
        urls = {_text(u) for found in keyed for u in found}
        urls.discard(revision.url)
        urls = sorted(urls)
        read = self.r.pipeline(transaction=False)
        for url in urls:
            read.hmget(self.k("article", url), "story_id", "fingerprint", "source")
        found = []
        for url, (story_id, fingerprint, source) in zip(urls, read.execute() if urls else []):
            if story_id and fingerprint and (_text(source) or None) == revision.source:
                found.append(Candidate(url, _text(story_id), bytes(fingerprint)))
        return found

    def _new_story_id(self, pipe, article_id: str) -> str:
        story_id, n = article_id, 1
        while pipe.exists(self.k("story", story_id)):
            n += 1
            story_id = f"{article_id}-{n}"
        return story_id

    def _write_revision(self, m, revision: NewRevision, story_id: str, became_latest: bool, linked: list[str]):
        now = time.time()
        m.hset(self.k("article", revision.url), mapping={
            "article_id": revision.article_id, "source": revision.source or "", "title_key": revision.title_key,
            "revision": revision.update, "published": revision.published, "outcome": OK, "fetched_at": now,
            "story_id": story_id, "rank": json.dumps(list(revision.rank)), "fingerprint": revision.fingerprint,
            "linked_url": "",
        })
        for key in revision.keys:
            m.zadd(self.k("mk", key), {revision.url: revision.published})
        m.zadd(self.k("title", revision.title_key), {revision.url: revision.published})
        members = self.k("members", story_id)
        m.sadd(members, revision.url)
        for url in linked:
            m.hset(self.k("article", url), "story_id", story_id)
            m.sadd(members, url)
        m.delete(self.k("linked", revision.url))
        story = self.k("story", story_id)
        m.sadd(self.k("stories"), story_id)
        if became_latest:
            m.hset(story, mapping={"latest_url": revision.url, "latest_rank": json.dumps(list(revision.rank)),
                                   "latest_item": json.dumps(revision.item, ensure_ascii=False), "updated_at": now})
            m.zadd(self.k("pending"), {story_id: now})
        else:
            m.hset(story, "updated_at", now)

    def _ordered_members(self, story_id: str) -> list[str]:
        return self._order(self.r.smembers(self.k("members", story_id)))

    def _order(self, members) -> list[str]:
        """Member URLs by revision, then publication time."""
        urls = [_text(u) for u in members]
        pipe = self.r.pipeline(transaction=False)
        for url in urls:
            pipe.hmget(self.k("article", url), "revision", "published")
        keyed = []
        for url, (revision, published) in zip(urls, pipe.execute() if urls else []):
            keyed.append((int(revision or 0), float(published or 0), url))
        return [url for _, _, url in sorted(keyed)]

    # --- exports ------------------------------------------------------------------
    def _export(self, story_id: str) -> tuple[str, dict] | None:
        latest_url, item = self.r.hmget(self.k("story", story_id), "latest_url", "latest_item")
        if latest_url is None:
            return None
        latest_url = _text(latest_url)
        data = json.loads(item)
        data["story_id"] = story_id
        data["supersedes"] = [u for u in self._ordered_members(story_id) if u != latest_url]
        return latest_url, data

    def _pending(self, story_ids) -> Iterator[PendingExport]:
        for story_id in (_text(s) for s in story_ids):
            found = self._export(story_id)
            if found:
                url, item = found
                yield PendingExport(story_id, url, item, item["supersedes"])

    def pending_exports(self) -> Iterator[PendingExport]:
        return self._pending(self.r.zrange(self.k("pending"), 0, -1))

    def claim_pending(self, run_id, limit=None):
        return list(self._pending(self._claim(args=[self.p, run_id, limit or 0])))

    def mark_exported(self, run_id, story_id, url):
        pipe = self.r.pipeline()
        pipe.hset(self.k("exports", run_id), story_id, url)
        pipe.sadd(self.k("export_runs"), run_id)
        pipe.execute()

    def commit_exports(self, run_id):
        return int(self._commit(keys=[self.k("exports", run_id)], args=[self.p, run_id]))

    def uncommitted_runs(self) -> list[tuple[str, dict]]:
        runs = []
        for run_id in sorted(_text(r) for r in self.r.smembers(self.k("export_runs"))):
            raw = self.r.hget(self.k("runs"), run_id)
            runs.append((run_id, json.loads(raw).get("info", {}) if raw else {}))
        return runs

    def discard_exports(self, run_id: str) -> int:
        return int(self._discard(keys=[self.k("exports", run_id)], args=[self.p, run_id]))

    def latest_items(self) -> Iterator[dict]:
        for story_id in sorted(_text(s) for s in self.r.smembers(self.k("stories"))):
            found = self._export(story_id)
            if found:
                yield found[1]

    def counts(self) -> dict[str, int]:
        outcomes = {"ok": 0, "listed": 0, "failures": 0}
        for key in self.r.scan_iter(match=self.k("article", "*"), count=1000):
            outcome = _text(self.r.hget(key, "outcome"))
            bucket = "ok" if outcome == OK else "listed" if outcome == LISTED else "failures"
            outcomes[bucket] += 1
        return {
            "articles": outcomes["ok"], "listed_only": outcomes["listed"], "failures": outcomes["failures"],
            "stories": self.r.scard(self.k("stories")), "pending": self.r.zcard(self.k("pending")),
            "runs": self.r.hlen(self.k("runs")),
        }

    # --- plumbing -------------------------------------------------------------------
    @staticmethod
    def _queue(pipe, write) -> bool:
        pipe.multi()
        write(pipe)
        return True

    def _retrying(self, keys, work) -> None:
        keys = [keys] if isinstance(keys, str) else keys
        for _ in range(MAX_RETRIES):
            with self.r.pipeline() as pipe:
                try:
                    pipe.watch(*keys)
                    if work(pipe):
                        pipe.execute()
                    return
                except redis.WatchError:
                    continue
        raise RuntimeError("too much contention on the Redis state store")
