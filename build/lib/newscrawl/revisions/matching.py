"""Story matching: is a new article a revision of a story already seen?

Two witnesses, because either alone fails:

* the clean title (revision slugs removed) — but an UPDATE often rewrites the
  headline, and some titles recur daily with new content
  ("Reuters World News Summary");
* the body's overlap — a later revision carries over much of the earlier
  one's text, but different stories of one day can share background
  paragraphs word for word.

Body overlap is measured as the *overlap coefficient* of word 5-gram shingles,
``|A ∩ B| / min(|A|, |B|)``: how much of the shorter text is contained in the
other, which is what carrying text over looks like (resemblance, Jaccard,
penalises the new paragraphs an update adds). It is estimated from bottom-k
sketches (the k smallest 64-bit shingle hashes) plus each text's shingle
count, so a fingerprint is small and fixed in size.

Candidates are found by index keys, never by scanning history: the title key,
and the smallest few shingle hashes (two texts that share a fraction J of
their shingles share one of their bottom-m hashes with probability at least
``1 - (1 - J) ** m``).

Precision comes first: a false merge loses a story, a missed merge only
duplicates one. Same source and a time window are required; a shared title
needs some body overlap too; a different title needs most of a body carried.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np

DEFAULT_WINDOW = timedelta(days=3)
SHINGLE_WORDS = 5
#: Sketch size: 128 smallest shingle hashes (1 KiB per article).
SKETCH_SIZE = 128
#: How many of the smallest hashes become index keys.
INDEX_HASHES = 12
#: Overlap needed when the clean titles agree (recurring titles have little).
SAME_TITLE_MIN_OVERLAP = 0.35
#: Overlap needed when the titles differ (a rewritten headline, a carried-over body).
BODY_MIN_OVERLAP = 0.6
#: Bodies shorter than this many shingles are too short to witness anything alone.
MIN_SHINGLES_FOR_BODY_MATCH = 20

_WORD = re.compile(r"\w+", re.UNICODE)


def title_key(title: str | None) -> str:
    """Normalised title for look-ups: case, accents and punctuation folded."""
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text.casefold()))


def _source_key(source: str | None) -> str:
    return " ".join(_WORD.findall((source or "").casefold()))


@lru_cache(maxsize=1 << 17)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


_MULT = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)


def shingle_hashes(text: str) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word 5-grams of *text*.

    Each word is hashed once (blake2b, stable across processes); a 5-gram's
    hash is a polynomial of its words' hashes, computed for all positions at
    once with wrapping uint64 arithmetic, then mixed.
    """
    words = _WORD.findall((text or "").casefold())
    if not words:
        return np.empty(0, dtype=np.uint64)
    word_hashes = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    span = min(SHINGLE_WORDS, len(words))
    count = len(words) - span + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(span):
            hashes = hashes * _MULT + word_hashes[offset:offset + count]
        hashes ^= hashes >> np.uint64(31)
        hashes *= _MIX
        hashes ^= hashes >> np.uint64(29)
    return np.unique(hashes)


@dataclass(frozen=True)
class ArticleFingerprint:
    url: str
    article_id: str
    source: str | None
    title: str
    title_key: str
    update: int
    wire_flags: tuple[str, ...]
    published: datetime
    modified: datetime | None
    shingle_count: int
    sketch: np.ndarray = field(repr=False)  # the SKETCH_SIZE smallest shingle hashes, sorted, uint64

    def to_bytes(self) -> bytes:
        header = json.dumps({
            "url": self.url, "article_id": self.article_id, "source": self.source, "title": self.title,
            "title_key": self.title_key,
            "update": self.update, "wire_flags": list(self.wire_flags),
            "published": self.published.isoformat(),
            "modified": self.modified.isoformat() if self.modified else None,
            "shingle_count": self.shingle_count,
        }, ensure_ascii=False).encode()
        return struct.pack("<I", len(header)) + header + self.sketch.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> ArticleFingerprint:
        (size,) = struct.unpack_from("<I", data)
        head = json.loads(data[4:4 + size])
        sketch = np.frombuffer(data[4 + size:], dtype="<u8").astype(np.uint64)
        return cls(
            url=head["url"], article_id=head["article_id"], source=head["source"], title=head["title"],
            title_key=head["title_key"], update=head["update"], wire_flags=tuple(head["wire_flags"]),
            published=datetime.fromisoformat(head["published"]),
            modified=datetime.fromisoformat(head["modified"]) if head["modified"] else None,
            shingle_count=head["shingle_count"], sketch=sketch,
        )


def fingerprint(article: Mapping) -> ArticleFingerprint:
    """Fingerprint an item (dict with url, article_id, source, title, update, wire_flags,
    published, modified as ISO strings, body)."""
    hashes = shingle_hashes(article.get("body") or "")
    modified = article.get("modified")
    return ArticleFingerprint(
        url=article["url"],
        article_id=str(article["article_id"]),
        source=article.get("source"),
        title=article.get("title") or "",
        title_key=title_key(article.get("title")),
        update=int(article.get("update") or 0),
        wire_flags=tuple(article.get("wire_flags") or ()),
        published=datetime.fromisoformat(article["published"]),
        modified=datetime.fromisoformat(modified) if modified else None,
        shingle_count=int(hashes.size),
        sketch=hashes[:SKETCH_SIZE].copy(),
    )


def index_keys(fp: ArticleFingerprint) -> list[str]:
    """Keys a store indexes *fp* under; candidates share at least one of them."""
    keys = []
    if fp.title_key:
        keys.append(f"t:{_source_key(fp.source)}:{fp.title_key}")
    keys.extend(f"s:{int(h):016x}" for h in fp.sketch[:INDEX_HASHES])
    return keys


def overlap(a: ArticleFingerprint, b: ArticleFingerprint) -> float:
    """Estimated ``|A ∩ B| / min(|A|, |B|)`` of the two bodies' shingle sets."""
    if a.shingle_count == 0 or b.shingle_count == 0:
        return 0.0
    common = np.intersect1d(a.sketch, b.sketch, assume_unique=True)
    if common.size == 0:
        return 0.0
    if a.shingle_count <= SKETCH_SIZE and b.shingle_count <= SKETCH_SIZE:
        intersection = float(common.size)  # the sketches are the whole sets: exact
    else:
        # bottom-k estimate: the share of the union's k smallest hashes that both texts have
        union_k = np.union1d(a.sketch, b.sketch)[:SKETCH_SIZE]
        jaccard = float(np.count_nonzero(common <= union_k[-1])) / union_k.size
        intersection = jaccard * (a.shingle_count + b.shingle_count) / (1.0 + jaccard)
    return min(1.0, intersection / min(a.shingle_count, b.shingle_count))


@dataclass(frozen=True)
class Match:
    candidate: ArticleFingerprint
    reason: str  # "same_title+body" or "body_containment"
    overlap: float


def decide(new: ArticleFingerprint, candidates: Iterable[ArticleFingerprint],
           window: timedelta = DEFAULT_WINDOW) -> Match | None:
    """The candidate *new* is a revision of (the best one), or None for a new story."""
    best: Match | None = None
    source = _source_key(new.source)
    for cand in candidates:
        if cand.url == new.url or _source_key(cand.source) != source:
            continue
        if abs(cand.published - new.published) > window:
            continue
        score = overlap(new, cand)
        long_enough = min(new.shingle_count, cand.shingle_count) >= MIN_SHINGLES_FOR_BODY_MATCH
        if new.title_key and cand.title_key == new.title_key and score >= SAME_TITLE_MIN_OVERLAP:
            match = Match(cand, "same_title+body", score)
        elif long_enough and score >= BODY_MIN_OVERLAP:
            match = Match(cand, "body_containment", score)
        else:
            continue
        if best is None or match.overlap > best.overlap:
            best = match
    return best


def revision_rank(fp: ArticleFingerprint) -> tuple:
    """Sort key, larger is newer: update, then modified, then published, then id."""
    published = fp.published.timestamp()
    modified = fp.modified.timestamp() if fp.modified else published
    return (fp.update, modified, published, int(fp.article_id) if fp.article_id.isdigit() else 0)


def latest(fps: Iterable[ArticleFingerprint]) -> ArticleFingerprint:
    """The story's latest revision among *fps*."""
    return max(fps, key=revision_rank)
