"""Placing one parsed article in its story: the matcher's decision, applied by a store.

The one place where story matching (pure logic) meets the state store (an
interface): the revision pipeline and the benchmarks all go through here, so
they decide the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from newscrawl.revisions import matching
from newscrawl.state.base import NewRevision, StateStore, StoryState


@dataclass(frozen=True)
class Placement:
    story: StoryState
    reason: str | None  # why it joined a story ("same_title+body", "body_containment"), None if new or refetched


def place(store: StateStore, item: dict, window: timedelta = matching.DEFAULT_WINDOW) -> Placement:
    """Fingerprint *item*, let the matcher pick its story among the store's candidates, record it."""
    fingerprint = matching.fingerprint(item)
    reasons: list[str] = []

    def decide(candidates):
        story_of = {c.url: c.story_id for c in candidates}
        match = matching.decide(
            fingerprint, [matching.ArticleFingerprint.from_bytes(c.fingerprint) for c in candidates], window)
        if match is None:
            return None
        reasons.append(match.reason)
        return story_of[match.candidate.url]

    revision = NewRevision(
        url=item["url"],
        article_id=item["article_id"],
        source=item.get("source"),
        title_key=fingerprint.title_key,
        update=item.get("update") or 0,
        published=datetime.fromisoformat(item["published"]).timestamp(),
        rank=matching.revision_rank(fingerprint),
        fingerprint=fingerprint.to_bytes(),
        keys=matching.index_keys(fingerprint),
        item=item,
    )
    story = store.assign_story(revision, window.total_seconds(), decide)
    return Placement(story, reasons[-1] if reasons else None)
