"""Older revisions recognisable from a listing alone, before any fetch.

A listing shows ``UPDATE 1-Syrian rebels say...`` and, further down,
``Syrian rebels say...``: same source, same clean title, lower update, close in
time. The older one need not be fetched; it is recorded as a member of the
newer one's story instead. Only the title witness is available here, so the
time window is kept short (revisions come minutes to hours apart) and the
update number must be strictly lower: titles that recur daily ("Reuters World
News Summary") all have update 0 and are never skipped.
"""

from __future__ import annotations

from newscrawl.state.base import ListedArticle


class ListedRevisions:
    """The highest revisions listed so far in this run, by source and title."""

    def __init__(self) -> None:
        self._best: dict[tuple[str | None, str], list[ListedArticle]] = {}

    def add(self, listed: ListedArticle) -> None:
        if listed.title_key:
            self._best.setdefault((listed.source, listed.title_key), []).append(listed)

    def newer_than(self, listed: ListedArticle, window: float) -> str | None:
        """URL of a listed revision of the same story with a higher update, or None."""
        best = None
        for other in self._best.get((listed.source, listed.title_key), ()):
            if other.url == listed.url or other.update <= listed.update:
                continue
            if listed.published is not None and other.published is not None:
                if abs(other.published - listed.published) > window:
                    continue
            if best is None or other.update > best.update:
                best = other
        return best.url if best else None
