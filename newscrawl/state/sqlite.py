"""SQLite state store: the embedded default (``sqlite:///.newscrawl/state.db``).

WAL mode so a reader (``export --latest``) never blocks a crawl; every write is
its own short transaction, and :meth:`assign_story` runs its look-up, decision
and writes inside one ``BEGIN IMMEDIATE`` so two processes cannot both start
the same story. Candidate look-up goes through the ``match_keys`` index: the
cost per article does not grow with the history.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

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

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, started_at REAL, finished_at REAL, status TEXT,
    info TEXT, stats TEXT);
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    article_id TEXT,
    source TEXT,
    title_key TEXT,
    revision INTEGER,
    published REAL,
    outcome TEXT NOT NULL,
    fetched_at REAL,
    story_id TEXT,
    rank TEXT,
    fingerprint BLOB,
    linked_url TEXT);
CREATE INDEX IF NOT EXISTS articles_by_title ON articles (title_key, published);
CREATE INDEX IF NOT EXISTS articles_by_story ON articles (story_id);
CREATE INDEX IF NOT EXISTS articles_by_link ON articles (linked_url) WHERE linked_url IS NOT NULL;
CREATE TABLE IF NOT EXISTS match_keys (
    key INTEGER NOT NULL, published REAL NOT NULL, article INTEGER NOT NULL,
    PRIMARY KEY (key, published, article)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY,
    latest_url TEXT NOT NULL,
    latest_rank TEXT NOT NULL,
    latest_item TEXT NOT NULL,
    exported_url TEXT,
    pending INTEGER NOT NULL DEFAULT 1,
    updated_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS stories_pending ON stories (updated_at) WHERE pending = 1;
CREATE TABLE IF NOT EXISTS exports (
    run_id TEXT NOT NULL, story_id TEXT NOT NULL, url TEXT NOT NULL,
    PRIMARY KEY (run_id, story_id));
CREATE TABLE IF NOT EXISTS claims (
    story_id TEXT PRIMARY KEY, run_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claims_by_run ON claims (run_id);
"""


def key_id(key: str) -> int:
    """A matcher index key as a signed 64-bit integer: a smaller, faster index than text."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little", signed=True)


def path_from_uri(uri: str) -> str:
    """``sqlite:///relative.db``, ``sqlite:////abs/path.db`` or ``sqlite://:memory:``."""
    if not uri.startswith("sqlite://"):
        raise ValueError(f"not a sqlite URI: {uri!r}")
    rest = uri[len("sqlite://"):]
    if rest in (":memory:", "/:memory:"):
        return ":memory:"
    if not rest.startswith("/") or rest == "/":
        raise ValueError(f"sqlite URI needs a path, e.g. sqlite:///.newscrawl/state.db: {uri!r}")
    return rest[1:]


class SQLiteStore(StateStore):
    def __init__(self, path: str, timeout: float = 30.0):
        self.path = path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=OFF")
        self._migrate()

    @classmethod
    def from_uri(cls, uri: str) -> SQLiteStore:
        return cls(path_from_uri(uri))

    # --- plumbing ---------------------------------------------------------------
    @contextmanager
    def _tx(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        self.db.executescript(SCHEMA)  # idempotent; executescript commits on its own
        with self._tx() as db:
            row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise RuntimeError(
                    f"state store {self.path} has schema {row[0]}, newer than this newscrawl ({SCHEMA_VERSION})"
                )

    def close(self) -> None:
        self.db.close()

    # --- runs -------------------------------------------------------------------
    def start_run(self, run_id, started_at, info):
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO runs (run_id, started_at, status, info) VALUES (?, ?, 'running', ?)",
                (run_id, started_at, json.dumps(info)),
            )

    def finish_run(self, run_id, finished_at, status, stats):
        with self._tx() as db:
            db.execute(
                "UPDATE runs SET finished_at=?, status=?, stats=? WHERE run_id=?",
                (finished_at, status, json.dumps(stats, default=str), run_id),
            )

    # --- fetches ------------------------------------------------------------------
    def fetch_records(self, urls: Iterable[str]) -> dict[str, FetchRecord]:
        urls = list(urls)
        found: dict[str, FetchRecord] = {}
        for start in range(0, len(urls), 500):
            chunk = urls[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for url, outcome, fetched_at, story_id in self.db.execute(
                f"SELECT url, outcome, fetched_at, story_id FROM articles WHERE url IN ({marks})", chunk
            ):
                found[url] = FetchRecord(url, outcome, fetched_at, story_id)
        return found

    def record_failure(self, url, article_id, outcome, fetched_at):
        with self._tx() as db:
            db.execute(
                """INSERT INTO articles (url, article_id, outcome, fetched_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (url) DO UPDATE SET outcome=excluded.outcome, fetched_at=excluded.fetched_at
                   WHERE articles.outcome NOT IN (?, ?)""",
                (url, article_id, outcome, fetched_at, OK, LISTED),
            )

    # --- listings -----------------------------------------------------------------
    def newer_revision(self, listed: ListedArticle, window: float) -> str | None:
        if listed.published is None:
            lo, hi = float("-inf"), float("inf")
        else:
            lo, hi = listed.published - window, listed.published + window
        row = self.db.execute(
            """SELECT url FROM articles
               WHERE title_key = ? AND source IS ? AND revision > ? AND published BETWEEN ? AND ?
                 AND outcome IN (?, ?) AND url != ?
               ORDER BY revision DESC LIMIT 1""",
            (listed.title_key, listed.source, listed.update, lo, hi, OK, LISTED, listed.url),
        ).fetchone()
        return row[0] if row else None

    def record_listed(self, listed: ListedArticle, newer_url: str) -> None:
        with self._tx() as db:
            row = db.execute("SELECT story_id FROM articles WHERE url = ?", (newer_url,)).fetchone()
            story_id = row[0] if row else None
            db.execute(
                """INSERT INTO articles (url, article_id, source, title_key, revision, published,
                                         outcome, story_id, linked_url)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (url) DO NOTHING""",
                (listed.url, listed.article_id, listed.source, listed.title_key, listed.update,
                 listed.published, LISTED, story_id, newer_url),
            )
            if story_id is not None:
                db.execute("UPDATE stories SET updated_at=? WHERE story_id=?", (time.time(), story_id))

    # --- stories ------------------------------------------------------------------
    def assign_story(self, revision: NewRevision, window: float, decide: Decide) -> StoryState:
        with self._tx() as db:
            row = db.execute(
                "SELECT story_id, outcome FROM articles WHERE url = ?", (revision.url,)
            ).fetchone()
            if row and row[0] and row[1] == OK:
                story_id = row[0]  # a re-fetch (refresh): same story
            else:
                story_id = decide(self._candidates(db, revision, window))
            is_new = story_id is None
            if is_new:
                story_id = self._new_story_id(db, revision.article_id)
            self._put_article(db, revision, story_id)
            db.execute(
                "UPDATE articles SET story_id = ? WHERE linked_url = ? AND story_id IS NULL",
                (story_id, revision.url),
            )
            became_latest = self._update_story(db, story_id, revision)
            latest_url, exported_url = db.execute(
                "SELECT latest_url, exported_url FROM stories WHERE story_id = ?", (story_id,)
            ).fetchone()
            members = [u for (u,) in db.execute(
                "SELECT url FROM articles WHERE story_id = ? ORDER BY revision, published, url", (story_id,)
            )]
        return StoryState(story_id, latest_url, exported_url, members, is_new, became_latest)

    def _candidates(self, db, revision: NewRevision, window: float) -> list[Candidate]:
        if not revision.keys:
            return []
        marks = ",".join("?" * len(revision.keys))
        rows = db.execute(
            f"""SELECT a.url, a.story_id, a.fingerprint FROM articles a
                WHERE a.rowid IN (SELECT k.article FROM match_keys k
                                  WHERE k.key IN ({marks}) AND k.published BETWEEN ? AND ?)
                  AND a.url != ? AND a.source IS ? AND a.story_id IS NOT NULL AND a.fingerprint IS NOT NULL""",
            (*[key_id(k) for k in revision.keys], revision.published - window, revision.published + window,
             revision.url, revision.source),
        ).fetchall()
        return [Candidate(url, story_id, bytes(fp)) for url, story_id, fp in rows]

    @staticmethod
    def _new_story_id(db, article_id: str) -> str:
        story_id, n = article_id, 1
        while db.execute("SELECT 1 FROM stories WHERE story_id = ?", (story_id,)).fetchone():
            n += 1
            story_id = f"{article_id}-{n}"
        return story_id

    @staticmethod
    def _put_article(db, revision: NewRevision, story_id: str) -> None:
        db.execute(
            """INSERT INTO articles (url, article_id, source, title_key, revision, published, outcome,
                                     fetched_at, story_id, rank, fingerprint, linked_url)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
               ON CONFLICT (url) DO UPDATE SET
                 article_id=excluded.article_id, source=excluded.source, title_key=excluded.title_key,
                 revision=excluded.revision, published=excluded.published, outcome=excluded.outcome,
                 fetched_at=excluded.fetched_at, story_id=excluded.story_id, rank=excluded.rank,
                 fingerprint=excluded.fingerprint, linked_url=NULL""",
            (revision.url, revision.article_id, revision.source, revision.title_key, revision.update,
             revision.published, OK, time.time(), story_id, json.dumps(list(revision.rank)),
             revision.fingerprint),
        )
        (article,) = db.execute("SELECT rowid FROM articles WHERE url = ?", (revision.url,)).fetchone()
        db.executemany(
            "INSERT OR IGNORE INTO match_keys (key, published, article) VALUES (?, ?, ?)",
            [(key_id(key), revision.published, article) for key in revision.keys],
        )

    @staticmethod
    def _update_story(db, story_id: str, revision: NewRevision) -> bool:
        """Make *revision* the story's latest if it ranks highest; True if it did."""
        now = time.time()
        item = json.dumps(revision.item, ensure_ascii=False)
        rank = json.dumps(list(revision.rank))
        row = db.execute(
            "SELECT latest_url, latest_rank FROM stories WHERE story_id = ?", (story_id,)
        ).fetchone()
        if row is None:
            db.execute(
                """INSERT INTO stories (story_id, latest_url, latest_rank, latest_item, pending, updated_at)
                   VALUES (?, ?, ?, ?, 1, ?)""",
                (story_id, revision.url, rank, item, now),
            )
            return True
        latest_url, latest_rank = row
        if latest_url == revision.url:
            db.execute(
                "UPDATE stories SET latest_rank=?, latest_item=?, updated_at=? WHERE story_id=?",
                (rank, item, now, story_id),
            )
            return True
        if tuple(revision.rank) > tuple(json.loads(latest_rank)):
            db.execute(
                """UPDATE stories SET latest_url=?, latest_rank=?, latest_item=?, pending=1, updated_at=?
                   WHERE story_id=?""",
                (revision.url, rank, item, now, story_id),
            )
            return True
        db.execute("UPDATE stories SET updated_at=? WHERE story_id=?", (now, story_id))
        return False

    def bulk_insert(self, revisions: Iterable[NewRevision], batch: int = 5000) -> int:
        """Load revisions as one-article stories, already exported, without matching.

        For seeding a store from an archive (and for the scale benchmark): far
        faster than :meth:`assign_story`, and only correct when the revisions are
        known to be distinct stories.
        """
        count = 0
        rows, keys, stories = [], [], []
        now = time.time()

        def flush():
            with self._tx() as db:
                db.executemany(
                    """INSERT OR IGNORE INTO articles (url, article_id, source, title_key, revision, published,
                           outcome, fetched_at, story_id, rank, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?)""", rows)
                rowids = {}
                for start in range(0, len(rows), 500):
                    urls = [row[0] for row in rows[start:start + 500]]
                    rowids.update((url, rid) for rid, url in db.execute(
                        f"SELECT rowid, url FROM articles WHERE url IN ({','.join('?' * len(urls))})", urls))
                db.executemany("INSERT OR IGNORE INTO match_keys (key, published, article) VALUES (?, ?, ?)",
                               [(key_id(key), published, rowids[url]) for key, published, url in keys])
                db.executemany(
                    """INSERT OR IGNORE INTO stories (story_id, latest_url, latest_rank, latest_item, exported_url,
                           pending, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?)""", stories)
            rows.clear(), keys.clear(), stories.clear()

        for rev in revisions:
            rank = json.dumps(list(rev.rank))
            rows.append((rev.url, rev.article_id, rev.source, rev.title_key, rev.update, rev.published, OK, now,
                         rev.article_id, rank, rev.fingerprint))
            keys.extend((key, rev.published, rev.url) for key in rev.keys)
            stories.append((rev.article_id, rev.url, rank, json.dumps(rev.item, ensure_ascii=False), rev.url, now))
            count += 1
            if len(rows) >= batch:
                flush()
        if rows:
            flush()
        return count

    # --- exports ------------------------------------------------------------------
    def _supersedes(self, story_id: str, latest_url: str) -> list[str]:
        return [u for (u,) in self.db.execute(
            """SELECT url FROM articles WHERE story_id = ? AND url != ? AND outcome IN (?, ?)
               ORDER BY revision, published, url""",
            (story_id, latest_url, OK, LISTED),
        )]

    def _with_story(self, story_id: str, latest_url: str, item_json: str) -> dict:
        item = json.loads(item_json)
        item["story_id"] = story_id
        item["supersedes"] = self._supersedes(story_id, latest_url)
        return item

    def _pending(self, story_id: str, latest_url: str, item_json: str) -> PendingExport:
        item = self._with_story(story_id, latest_url, item_json)
        return PendingExport(story_id, latest_url, item, item["supersedes"])

    def pending_exports(self) -> Iterator[PendingExport]:
        rows = self.db.execute(
            """SELECT story_id, latest_url, latest_item FROM stories
               WHERE pending = 1 ORDER BY updated_at, story_id"""
        ).fetchall()
        for row in rows:
            yield self._pending(*row)

    def claim_pending(self, run_id, limit=None):
        with self._tx() as db:
            rows = db.execute(
                """SELECT story_id, latest_url, latest_item FROM stories
                   WHERE pending = 1 AND story_id NOT IN (SELECT story_id FROM claims)
                   ORDER BY updated_at, story_id LIMIT ?""",
                (-1 if limit is None else limit,),
            ).fetchall()
            db.executemany("INSERT INTO claims VALUES (?, ?)", [(story_id, run_id) for story_id, _, _ in rows])
        return [self._pending(*row) for row in rows]

    def mark_exported(self, run_id, story_id, url):
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO exports VALUES (?, ?, ?)", (run_id, story_id, url))

    def commit_exports(self, run_id):
        with self._tx() as db:
            done = db.execute(
                """UPDATE stories SET exported_url = e.url, pending = (stories.latest_url != e.url)
                   FROM exports e WHERE e.run_id = ? AND e.story_id = stories.story_id""",
                (run_id,),
            ).rowcount
            db.execute("DELETE FROM exports WHERE run_id = ?", (run_id,))
            db.execute("DELETE FROM claims WHERE run_id = ?", (run_id,))
        return done

    def uncommitted_runs(self) -> list[tuple[str, dict]]:
        rows = self.db.execute(
            """SELECT u.run_id, r.info FROM (SELECT run_id FROM exports UNION SELECT run_id FROM claims) u
               LEFT JOIN runs r ON r.run_id = u.run_id ORDER BY u.run_id"""
        ).fetchall()
        return [(run_id, json.loads(info) if info else {}) for run_id, info in rows]

    def discard_exports(self, run_id: str) -> int:
        with self._tx() as db:
            exported = db.execute("DELETE FROM exports WHERE run_id = ?", (run_id,)).rowcount
            claimed = db.execute("DELETE FROM claims WHERE run_id = ?", (run_id,)).rowcount
        return max(exported, claimed)

    def latest_items(self) -> Iterator[dict]:
        rows = self.db.execute(
            "SELECT story_id, latest_url, latest_item FROM stories ORDER BY story_id"
        )
        for story_id, url, item_json in rows:
            yield self._with_story(story_id, url, item_json)

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles WHERE outcome = 'ok'"),
            "listed_only": one("SELECT count(*) FROM articles WHERE outcome = 'listed'"),
            "failures": one("SELECT count(*) FROM articles WHERE outcome NOT IN ('ok', 'listed')"),
            "stories": one("SELECT count(*) FROM stories"),
            "pending": one("SELECT count(*) FROM stories WHERE pending = 1"),
            "runs": one("SELECT count(*) FROM runs"),
        }
