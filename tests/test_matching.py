"""Story matching on synthetic wire text: revisions found, look-alikes kept apart."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from newscrawl.revisions.matching import (
    ArticleFingerprint,
    decide,
    fingerprint,
    index_keys,
    latest,
    overlap,
    revision_rank,
    title_key,
)

# --- a tiny deterministic wire-text generator --------------------------------

_SYLLABLES = ["ba", "ko", "ri", "ten", "mar", "lo", "sup", "vin", "de", "ga", "tor", "mi", "ne", "pla", "sa",
              "qu", "el", "dor", "fi", "an"]
VOCAB = sorted({a + b for a in _SYLLABLES for b in _SYLLABLES})[:300]
T0 = datetime(2024, 3, 5, 8, 0, tzinfo=timezone.utc)


def paragraph(rng: random.Random, words: int = 45) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(words)).capitalize() + "."


def paragraphs(rng: random.Random, n: int) -> list[str]:
    return [paragraph(rng, rng.randint(35, 55)) for _ in range(n)]


def item(article_id, title, body_paras, *, source="Reuters", update=0, flags=(), published=T0,
         modified=None, url=None):
    return {
        "url": url or f"https://example.com/article/{article_id}-story",
        "article_id": str(article_id),
        "source": source,
        "title": title,
        "update": update,
        "wire_flags": list(flags),
        "published": published.isoformat(),
        "modified": modified.isoformat() if modified else None,
        "body": "\n\n".join(body_paras),
    }


def fp(*args, **kwargs) -> ArticleFingerprint:
    return fingerprint(item(*args, **kwargs))


def revision_pair(seed: int, carried: float = 0.7, new_leads: int = 2, n: int = 6):
    """An original story and a revision with a rewritten headline that carries *carried* of the
    original's words (a contiguous run from its start or its end) after *new_leads* new paragraphs."""
    rng = random.Random(seed)
    original = paragraphs(rng, n)
    words = " ".join(original).split()
    keep = -(-len(words) * int(carried * 100) // 100)  # ceil
    kept = " ".join(words[len(words) - keep:] if rng.random() < 0.5 else words[:keep])
    revised = paragraphs(rng, new_leads) + [kept]
    a = fp(1000 + seed, f"Rebels seize base in north {seed}", original, update=0)
    b = fp(2000 + seed, f"Government vows to retake base after fighting {seed}", revised, update=1,
           published=T0 + timedelta(hours=3))
    return a, b


# --- revisions that must match ------------------------------------------------

@pytest.mark.parametrize("seed", range(50))
def test_rewritten_headline_carried_body_matches(seed):
    original, revision = revision_pair(seed)
    match = decide(revision, [original])
    assert match is not None, overlap(revision, original)
    assert match.candidate is original
    assert match.reason == "body_containment"


@pytest.mark.parametrize("seed", range(10))
def test_same_title_carried_body_matches(seed):
    rng = random.Random(seed)
    body = paragraphs(rng, 6)
    a = fp(1, "Oil prices climb on supply fears", body)
    b = fp(2, "Oil prices climb on supply fears", paragraphs(rng, 3) + body[:3], update=1,
           published=T0 + timedelta(hours=2))
    match = decide(b, [a])
    assert match is not None and match.reason == "same_title+body"


def test_same_title_slug_difference_ignored_by_title_key():
    assert title_key("Oil prices climb, on supply-fears!") == title_key("oil Prices CLIMB on supply fears")
    assert title_key("Société Générale results") == title_key("societe generale Results")


@pytest.mark.parametrize("seed", range(10))
def test_out_of_order_older_revision_matches_newer(seed):
    original, revision = revision_pair(seed)
    match = decide(original, [revision])
    assert match is not None and match.candidate is revision


@pytest.mark.parametrize("seed", range(10))
def test_missing_update_number_still_matches(seed):
    rng = random.Random(seed)
    body = paragraphs(rng, 6)
    update1 = fp(11, "UN council meets on crisis", body, update=1)
    # UPDATE 2 never seen; UPDATE 3 rewrites the headline, adds leads, carries most of the body
    update3 = fp(13, "Council fails to agree as crisis deepens", paragraphs(rng, 3) + body[1:], update=3,
                 published=T0 + timedelta(hours=8))
    match = decide(update3, [update1])
    assert match is not None and match.candidate is update1


def test_best_candidate_wins():
    original, revision = revision_pair(3)
    rng = random.Random(99)
    other = fp(5, "Unrelated story", paragraphs(rng, 6))
    match = decide(revision, [other, original])
    assert match is not None and match.candidate is original


# --- look-alikes that must not match -------------------------------------------

@pytest.mark.parametrize("seed", range(20))
def test_shared_background_paragraph_not_matched(seed):
    rng = random.Random(seed)
    background = paragraph(rng, 50)
    a = fp(1, "Central bank holds rates", paragraphs(rng, 5)[:3] + [background] + paragraphs(rng, 2))
    b = fp(2, "Finance minister resigns", paragraphs(rng, 4) + [background] + paragraphs(rng, 1),
           published=T0 + timedelta(hours=1))
    assert decide(b, [a]) is None
    assert decide(a, [b]) is None


@pytest.mark.parametrize("seed", range(10))
def test_daily_recurring_title_not_matched(seed):
    rng = random.Random(seed)
    monday = fp(1, "Reuters World News Summary", paragraphs(rng, 8))
    tuesday = fp(2, "Reuters World News Summary", paragraphs(rng, 8), published=T0 + timedelta(days=1))
    assert decide(tuesday, [monday]) is None


@pytest.mark.parametrize("seed", range(10))
def test_same_topic_slug_different_story_not_matched(seed):
    rng = random.Random(seed)
    a = fp(1, "Soccer-Arsenal beat Chelsea in derby", paragraphs(rng, 6))
    b = fp(2, "Soccer-Liverpool sack manager", paragraphs(rng, 6), published=T0 + timedelta(hours=2))
    assert decide(b, [a]) is None


def test_different_source_never_matched():
    rng = random.Random(1)
    body = paragraphs(rng, 6)
    a = fp(1, "Oil prices climb", body, source="Reuters")
    b = fp(2, "Oil prices climb", body, source="AFP", update=1)
    assert overlap(a, b) == 1.0
    assert decide(b, [a]) is None
    # source comparison folds case and punctuation
    c = fp(3, "Oil prices climb", body, source="reuters.", update=1)
    assert decide(c, [a]) is not None


def test_outside_window_not_matched():
    original, revision = revision_pair(4)
    late = fp(9, "Government vows to retake base after fighting 4", [], published=T0 + timedelta(days=10))
    far = ArticleFingerprint(**{**revision.__dict__, "url": "u-far", "published": T0 + timedelta(days=4)})
    assert decide(far, [original]) is None
    assert decide(far, [original], window=timedelta(days=5)) is not None
    assert decide(late, [original]) is None


def test_same_url_is_not_its_own_revision():
    original, _ = revision_pair(5)
    assert decide(original, [original]) is None


def test_short_bodies_need_the_title():
    a = fp(1, "Quake hits island", ["Quake hits island, no damage reported."])
    b = fp(2, "Strong tremor felt", ["Quake hits island, no damage reported."])
    assert decide(b, [a]) is None
    c = fp(3, "Quake hits island", ["Quake hits island, no damage reported."], update=1)
    assert decide(c, [a]) is not None


# --- index keys -----------------------------------------------------------------

def test_revision_shares_an_index_key_with_original():
    for seed in range(50):
        original, revision = revision_pair(seed)
        assert set(index_keys(original)) & set(index_keys(revision)), seed


def test_same_title_shares_title_key():
    a = fp(1, "Oil prices climb", paragraphs(random.Random(1), 3))
    b = fp(2, "Oil prices climb", paragraphs(random.Random(2), 3))
    assert set(index_keys(a)) & set(index_keys(b))


def test_unrelated_stories_mostly_share_no_key():
    shared = 0
    for seed in range(50):
        a, _ = revision_pair(seed)
        b, _ = revision_pair(seed + 1000)
        shared += bool(set(index_keys(a)) & set(index_keys(b)))
    assert shared <= 2


# --- ranking ----------------------------------------------------------------------

def test_highest_update_wins():
    body = ["x y z"]
    old = fp(5, "t", body, update=1, modified=T0 + timedelta(days=1))
    new = fp(3, "t", body, update=3, published=T0 - timedelta(days=1))
    assert latest([old, new]) is new
    assert latest([new, old]) is new


def test_tie_broken_by_modified_then_published_then_id():
    body = ["x y z"]
    a = fp(9, "t", body, update=2, modified=T0 + timedelta(hours=1))
    b = fp(1, "t", body, update=2, modified=T0 + timedelta(hours=2))
    assert latest([a, b]) is b
    c = fp(9, "t", body, update=2, published=T0, modified=T0 + timedelta(hours=2))
    d = fp(1, "t", body, update=2, published=T0 + timedelta(minutes=5), modified=T0 + timedelta(hours=2))
    assert latest([c, d]) is d
    e = fp(10, "t", body, update=2)
    f = fp(9, "t", body, update=2)
    assert latest([e, f]) is e and latest([f, e]) is e  # numerically, not as strings
    assert revision_rank(e) > revision_rank(f)


def test_missing_modified_falls_back_to_published():
    body = ["x y z"]
    a = fp(1, "t", body, published=T0 + timedelta(hours=3))
    b = fp(2, "t", body, published=T0, modified=T0 + timedelta(hours=1))
    assert latest([a, b]) is a


# --- serialisation ------------------------------------------------------------------

_FIELDS = ["url", "article_id", "source", "title", "title_key", "update", "wire_flags", "published",
           "modified", "shingle_count"]


@pytest.mark.parametrize("seed", range(5))
def test_bytes_round_trip(seed):
    original, revision = revision_pair(seed)
    revision = ArticleFingerprint(**{**revision.__dict__, "wire_flags": ("REFILE", "CORRECTED"),
                                     "modified": T0 + timedelta(hours=5), "source": "Reuters Ünïcode"})
    for f in (original, revision):
        back = ArticleFingerprint.from_bytes(f.to_bytes())
        for name in _FIELDS:
            assert getattr(back, name) == getattr(f, name), name
        assert back.sketch.dtype == np.uint64
        np.testing.assert_array_equal(back.sketch, f.sketch)
        assert index_keys(back) == index_keys(f)
        assert revision_rank(back) == revision_rank(f)
    a2 = ArticleFingerprint.from_bytes(original.to_bytes())
    b2 = ArticleFingerprint.from_bytes(revision.to_bytes())
    assert overlap(a2, b2) == overlap(original, revision)


def test_bytes_round_trip_empty_and_none():
    f = fingerprint({"url": "u", "article_id": 7, "title": None, "published": "2024-01-01T00:00:00",
                     "body": ""})
    back = ArticleFingerprint.from_bytes(f.to_bytes())
    for name in _FIELDS:
        assert getattr(back, name) == getattr(f, name), name
    assert back.sketch.size == 0 and back.source is None and back.modified is None
