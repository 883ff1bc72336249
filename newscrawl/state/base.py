"""The state store interface: what every run needs to know about earlier runs.

A store keeps each article seen (fetched, failed, or only listed), each story
(its stable id, its latest revision and its members), the keys the story
matcher finds candidates by, and each run. It knows nothing of *how* stories
are matched: :meth:`StateStore.assign_story` takes the decision as a callable,
and runs it inside the store's own atomic section, so that concurrent writers
(several processes, later several machines) make one consistent decision.

Backends: :mod:`newscrawl.state.sqlite` (the embedded default) and
:mod:`newscrawl.state.redis` (several machines).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

#: Outcome of a successful article fetch; any other outcome is a failure reason.
OK = "ok"
#: An article only seen in a listing (an older revision we chose not to fetch).
LISTED = "listed"


@dataclass(frozen=True)
class FetchRecord:
    url: str
    outcome: str
    fetched_at: float | None  # epoch seconds; None for listing-only articles
    story_id: str | None


@dataclass(frozen=True)
class ListedArticle:
    """What a listing page says of an article, before (or instead of) fetching it."""

    url: str
    article_id: str
    source: str | None
    title_key: str
    update: int
    published: float | None


@dataclass(frozen=True)
class Candidate:
    """An article already in a story, as the matcher sees it."""

    url: str
    story_id: str
    fingerprint: bytes


@dataclass(frozen=True)
class NewRevision:
    """A fetched, parsed article to be placed in a story."""

    url: str
    article_id: str
    source: str | None
    title_key: str
    update: int
    published: float
    rank: tuple  # larger is newer (see newscrawl.revisions.matching.revision_rank)
    fingerprint: bytes
    keys: Sequence[str]  # index keys the matcher looks candidates up by
    item: dict  # the exported item, kept while this revision is the story's latest


@dataclass
class StoryState:
    story_id: str
    latest_url: str
    exported_url: str | None
    members: list[str] = field(default_factory=list)
    is_new_story: bool = False
    became_latest: bool = False


@dataclass(frozen=True)
class PendingExport:
    """A story whose latest revision has not been exported (and confirmed) yet."""

    story_id: str
    url: str
    item: dict
    supersedes: list[str]


Decide = Callable[[list[Candidate]], "str | None"]


class StateStore(abc.ABC):
    """Narrow interface every backend implements; see the module docstring."""

    # --- runs -----------------------------------------------------------------
    @abc.abstractmethod
    def start_run(self, run_id: str, started_at: float, info: dict) -> None: ...

    @abc.abstractmethod
    def finish_run(self, run_id: str, finished_at: float, status: str, stats: dict) -> None: ...

    # --- what was fetched ------------------------------------------------------
    @abc.abstractmethod
    def fetch_records(self, urls: Iterable[str]) -> dict[str, FetchRecord]:
        """Known articles among *urls* (fetched, failed or listed)."""

    @abc.abstractmethod
    def record_failure(self, url: str, article_id: str | None, outcome: str, fetched_at: float) -> None:
        """A fetch that gave no article (404, no layout, empty body...), retried after a back-off."""

    # --- listings ----------------------------------------------------------------
    @abc.abstractmethod
    def newer_revision(self, listed: ListedArticle, window: float) -> str | None:
        """URL of a known article of the same source and title with a higher update
        published within *window* seconds, or None."""

    @abc.abstractmethod
    def record_listed(self, listed: ListedArticle, newer_url: str) -> None:
        """Remember an older revision seen only in a listing, as a member of *newer_url*'s story."""

    # --- stories -----------------------------------------------------------------
    @abc.abstractmethod
    def assign_story(self, revision: NewRevision, window: float, decide: Decide) -> StoryState:
        """Place *revision* in a story, atomically.

        Looks up candidates of the same source sharing one of ``revision.keys``,
        published within *window* seconds (revisions keep their source),
        calls ``decide(candidates)`` for the story id to join (None: a new story,
        whose id is the revision's article id), records the article, attaches any
        listing-only members that pointed at it, and makes it the story's latest
        when its rank is the highest.
        """

    @abc.abstractmethod
    def pending_exports(self) -> Iterator[PendingExport]:
        """Stories whose latest revision is not yet exported, oldest change first."""

    @abc.abstractmethod
    def claim_pending(self, run_id: str, limit: int | None = None) -> list[PendingExport]:
        """Claim for *run_id*, atomically, pending stories no other run has claimed.

        Workers flushing at the same moment get disjoint shares, so a story is
        written by one run only. A claim lasts until the run commits (what it
        wrote counts, the rest is pending again) or is discarded as dead.
        """

    @abc.abstractmethod
    def mark_exported(self, run_id: str, story_id: str, url: str) -> None:
        """Note that *run_id* wrote *url*; it counts once :meth:`commit_exports` runs."""

    @abc.abstractmethod
    def commit_exports(self, run_id: str) -> int:
        """The run's feed is in place: its exports count from now on. Returns how many."""

    @abc.abstractmethod
    def uncommitted_runs(self) -> list[tuple[str, dict]]:
        """Runs with claims or exports not committed: (run id, the info given to start_run)."""

    @abc.abstractmethod
    def discard_exports(self, run_id: str) -> int:
        """Forget a dead run's claims and uncommitted exports: its stories stay pending.
        Returns how many stories it released."""

    @abc.abstractmethod
    def latest_items(self) -> Iterator[dict]:
        """Every story's latest revision, with ``story_id`` and ``supersedes`` filled."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """Sizes (articles, stories, ...) for logs and benchmarks."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
