"""Listing-level recognition of older revisions: strict update order, same source, window."""

from newscrawl.revisions.listed import ListedRevisions
from newscrawl.state.base import ListedArticle

H = 3600.0


def listed(n, update, title="syrian rebels say", source="Reuters", published=0.0):
    return ListedArticle(f"u{n}", str(n), source, title, update, published)


def test_lower_update_of_same_title_and_source_is_older():
    seen = ListedRevisions()
    seen.add(listed(2, update=2, published=2 * H))
    seen.add(listed(1, update=1, published=1 * H))
    assert seen.newer_than(listed(0, update=0), 24 * H) == "u2"
    assert seen.newer_than(listed(9, update=1, published=1 * H), 24 * H) == "u2"


def test_never_older_when_update_is_not_strictly_lower():
    seen = ListedRevisions()
    seen.add(listed(1, update=0, title="reuters world news summary"))
    assert seen.newer_than(listed(2, update=0, title="reuters world news summary", published=24 * H), 48 * H) is None


def test_other_source_other_title_or_outside_window_is_not_older():
    seen = ListedRevisions()
    seen.add(listed(2, update=1))
    assert seen.newer_than(listed(0, update=0, source="PTI"), 24 * H) is None
    assert seen.newer_than(listed(0, update=0, title="different"), 24 * H) is None
    assert seen.newer_than(listed(0, update=0, published=-30 * H), 24 * H) is None
