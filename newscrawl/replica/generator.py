"""The replica's content: a deterministic site of N articles with known stories.

Every article belongs to a *story*; most stories have one article, Reuters
stories often have a chain of revisions (``UPDATE 1-``, a rewritten
``UPDATE 2-``, ``REFILE-``, ``CORRECTED-``, ``RPT-``, ``WRAPUP 1-``, a missing
update number, revisions in two sections). The hard cases for story matching
are generated on purpose: stories of one day that share background paragraphs
word for word, titles that recur daily with new content, topic slugs shared by
different stories. Because the generator builds the stories, ``truth()`` is
exact.

Metadata is built eagerly (cheap); bodies are rendered on demand from the
story's own seeded random generator, so 20,000 articles start in well under a
second and every page is the same for the same seed.

The clock: ``model.now`` (aware; a naive value is taken as IST). Only
articles published at or before it exist on the site. Tests move it between
two crawls to let revisions appear.
"""

from __future__ import annotations

import bisect
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from newscrawl.replica import text

IST = timezone(timedelta(hours=5, minutes=30))
START = datetime(2026, 9, 1, 6, 0, tzinfo=IST)
FIRST_ID = 600001

SECTIONS = (
    "politics", "international", "business", "health", "science-environment", "sports-games",
    "law-order", "education", "agro-forestry", "entertainment", "lifestyle", "technology",
)
REUTERS_SECTIONS = ("politics", "international", "business", "health", "science-environment", "sports-games")
OTHER_SOURCES = ("PTI", "IANS", "ANI", "Devdiscourse News Desk")
WIRE_SOURCES = frozenset({"Reuters", "PTI", "IANS", "ANI"})
TOPIC_SLUGS = ("Soccer-", "Tennis-", "GLOBAL MARKETS-", "Cricket-")
RECURRING_TITLES = (
    ("Reuters World News Summary", "international"),
    ("Health News Roundup", "health"),
    ("Reuters Science News Summary", "science-environment"),
)
IMAGE_CREDITS = ("Reuters", "ANI", "Wikimedia", "Pixabay", "Devdiscourse")
#: Revision chains of Reuters stories: (update, flags, rewrite headline?, move to other section?).
CHAINS = (
    ((0, (), False, False), (1, (), False, False)),
    ((0, (), False, False), (1, (), False, False), (2, (), True, False)),
    ((0, (), False, False), (1, (), False, False), (3, (), True, False)),            # missing UPDATE 2
    ((0, (), False, False), (1, (), False, False), (1, ("REFILE",), False, False)),  # REFILE-UPDATE 1-
    ((0, (), False, False), (1, ("CORRECTED",), False, False)),                      # CORRECTED-UPDATE 1-
    ((0, (), False, False), (1, (), False, False), (1, ("RPT",), False, False)),     # UPDATE 1-RPT- / RPT-UPDATE 1-
    ((0, (), False, False), (1, ("WRAPUP",), True, False)),                          # WRAPUP 1-
    ((0, (), False, False), (1, (), False, True), (2, (), True, False)),              # across two sections
    ((0, (), False, False), (1, (), False, False), (2, ("REFILE",), True, False)),   # REFILE-UPDATE 2-
    ((0, (), False, False), (0, ("RPT",), False, False)),                            # RPT-
    ((0, (), False, False), (0, ("REFILE",), False, False)),                         # REFILE-
    ((0, (), False, False), (0, ("CORRECTED",), False, False), (1, (), True, False)),  # CORRECTED-, UPDATE 1-
)
#: Articles one step of the plan yields on average (chains have two or three).
ARTICLES_PER_EVENT = 1.6
FAULTS = ("not_found", "flaky_503", "malformed", "empty_body")
#: Faults that never become an item (the crawler must drop them).
UNPARSEABLE_FAULTS = ("not_found", "empty_body")


@dataclass
class Story:
    key: str
    kind: str  # single, chain, recurring, fault
    source: str
    seed: str
    base_headline: str
    background: tuple[str, ...] = ()
    articles: list["ArticleSpec"] = field(default_factory=list)


@dataclass
class ArticleSpec:
    """One article page: what the generator decided, hence what a parser must find."""

    id: int
    section: str
    also_sections: tuple[str, ...]
    headline: str
    source: str
    dateline: str | None
    published: datetime
    modified: datetime
    story: Story
    revision: int  # index within the story's chain
    update: int
    flags: tuple[str, ...]
    layout: str = "current"  # legacy | current | current_nold (no JSON-LD)
    fault: str | None = None

    @property
    def story_key(self) -> str:
        return self.story.key

    @property
    def wire_flags(self) -> tuple[str, ...]:
        """Revision slugs other than ``UPDATE n`` (``WRAPUP`` included), as the item's ``wire_flags``."""
        return self.flags

    @property
    def syndicated(self) -> bool:
        return self.source in WIRE_SOURCES

    @property
    def image_credit(self) -> str:
        return "Reuters" if self.source == "Reuters" else IMAGE_CREDITS[self.id % len(IMAGE_CREDITS)]

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.headline.lower()).strip("-")[:90].strip("-")

    @property
    def path(self) -> str:
        return f"/article/{self.section}/{self.id}-{self.slug}"

    @property
    def sections(self) -> tuple[str, ...]:
        return (self.section, *self.also_sections)


def revision_headline(title: str, update: int, flags: tuple[str, ...], style: int) -> str:
    """Stack the slugs the way the wire does, in one of its orders."""
    upd = []
    if "WRAPUP" in flags:
        upd = [f"WRAPUP {update}"]
    elif update:
        upd = [f"UPDATE {update}"]
    others = [f for f in flags if f != "WRAPUP"]
    if "RPT" in others and upd and style % 2:
        slugs = upd + others  # UPDATE 1-RPT-
    else:
        slugs = others + upd  # REFILE-UPDATE 2-, CORRECTED-UPDATE 1-
    return "".join(s + "-" for s in slugs) + title


def as_ist(moment: datetime) -> datetime:
    """Aware datetimes pass; a naive one is read as India Standard Time."""
    return moment if moment.tzinfo else moment.replace(tzinfo=IST)


class SiteModel:
    """The replica's site: articles, stories, faults, and a movable clock."""

    def __init__(self, articles: int = 500, seed: int = 42, now: datetime | None = None,
                 page_size: int = 20, client_sections: tuple[str, ...] = (), drift: bool = False,
                 per_day: int = 150):
        if articles < 20:
            raise ValueError("the replica needs at least 20 articles")
        self.seed = seed
        self.page_size = page_size
        self.client_sections = tuple(client_sections)
        self.drift = drift
        self.per_day = per_day
        self.stories: list[Story] = []
        self.articles: list[ArticleSpec] = []
        self._build(articles)
        self.by_id = {a.id: a for a in self.articles}
        self.stories_by_key = {s.key: s for s in self.stories}
        self.by_path = {a.path: a for a in self.articles}
        self.faults = {a.fault: a.path for a in self.articles if a.fault}
        self.faults["sponsored"] = "/promo?utm_source=devdiscourse"
        self._times = [a.published for a in self.articles]  # sorted: ids follow publish time
        self._desk = [i for i, a in enumerate(self.articles) if a.source == "Devdiscourse News Desk"]
        self._index_sections()
        self.now = now or self.articles[-1].published

    @property
    def now(self) -> datetime:
        return self._now

    @now.setter
    def now(self, value: datetime) -> None:
        self._now = as_ist(value)

    # --- building ------------------------------------------------------------------
    def _build(self, total: int) -> None:
        rng = random.Random(f"{self.seed}:plan")
        n_regular = total - len(FAULTS)
        t = START
        day_index = -1
        planned: list[ArticleSpec] = []
        mean_gap = 1440 / self.per_day * ARTICLES_PER_EVENT  # per_day counts articles, not events
        while len(planned) < n_regular:
            t += timedelta(minutes=rng.expovariate(1 / mean_gap))
            day = (t - START).days
            if day != day_index:  # a new day: its recurring round-ups and background stories
                day_index = day
                planned += self._recurring(rng, day, t)
                planned += self._background_pair(rng, day, t)
                continue
            roll = rng.random()
            if roll < 0.45:
                planned += self._single(rng, t, rng.choice(OTHER_SOURCES), rng.choice(SECTIONS))
            elif roll < 0.65:
                planned += self._single(rng, t, "Reuters", rng.choice(REUTERS_SECTIONS), topic=rng.random() < 0.3)
            else:
                planned += self._chain(rng, t, rng.choice(CHAINS), topic=rng.random() < 0.2)
        planned = planned[:n_regular]
        last = max(a.published for a in planned)
        planned += self._faults(rng, last)
        planned.sort(key=lambda a: (a.published, a.story.key, a.revision))
        for index, spec in enumerate(planned):
            spec.id = FIRST_ID + index
            spec.layout = "legacy" if index < 0.4 * len(planned) else (
                "current_nold" if rng.random() < 0.2 else "current")
        kept = {id(a) for a in planned}
        for story in self.stories:
            story.articles = [a for a in story.articles if id(a) in kept]
        self.stories = [s for s in self.stories if s.articles]
        self.articles = planned

    def _story(self, rng, kind, source, base_headline, **extra) -> Story:
        story = Story(key=f"s{len(self.stories):05d}", kind=kind, source=source,
                      seed=f"{self.seed}:{len(self.stories)}", base_headline=base_headline, **extra)
        self.stories.append(story)
        return story

    def _article(self, rng, story, t, section, headline, revision=0, update=0, flags=(), also=()):
        spec = ArticleSpec(
            id=0, section=section, also_sections=also, headline=headline, source=story.source,
            dateline=rng.choice(text.PLACES) if rng.random() < 0.85 else None,
            published=t.replace(second=0, microsecond=0),
            modified=(t + timedelta(minutes=rng.randint(0, 9))).replace(second=0, microsecond=0),
            story=story, revision=revision, update=update, flags=flags,
        )
        story.articles.append(spec)
        return spec

    def _single(self, rng, t, source, section, topic=False):
        title = (rng.choice(TOPIC_SLUGS) if topic else "") + text.headline(rng)
        story = self._story(rng, "single", source, title)
        also = (rng.choice([s for s in SECTIONS if s != section]),) if rng.random() < 0.05 else ()
        return [self._article(rng, story, t, section, title, also=also)]

    def _chain(self, rng, t, chain, topic=False, background=()):
        title = (rng.choice(TOPIC_SLUGS) if topic else "") + text.headline(rng)
        story = self._story(rng, "chain", "Reuters", title, background=background)
        section = rng.choice(REUTERS_SECTIONS)
        specs, current_title, when = [], title, t
        style = rng.randint(0, 1)
        for revision, (update, flags, rewrite, move) in enumerate(chain):
            if revision:
                when = when + timedelta(minutes=rng.randint(20, 300))
            if rewrite:
                current_title = (title.split("-", 1)[0] + "-" if topic else "") + text.headline(rng)
            place = rng.choice([s for s in REUTERS_SECTIONS if s != section]) if move else section
            headline = revision_headline(current_title, update, flags, style)
            specs.append(self._article(rng, story, when, place, headline, revision, update, flags))
        return specs

    def _recurring(self, rng, day, t):
        """The daily round-ups: one title, a new story every day."""
        specs = []
        for offset, (title, section) in enumerate(RECURRING_TITLES):
            story = self._story(rng, "recurring", "Reuters", title)
            specs.append(self._article(rng, story, t + timedelta(minutes=3 + offset), section, title))
        return specs

    def _background_pair(self, rng, day, t):
        """Two or three different stories of one day sharing a background paragraph."""
        bg_rng = random.Random(f"{self.seed}:background:{day}")
        background = (text.paragraph(bg_rng),)
        specs = []
        for i in range(rng.randint(2, 3)):
            chain = CHAINS[1] if i == 0 else ((0, (), False, False),)
            specs += self._chain(rng, t + timedelta(minutes=5 + 17 * i), chain, background=background)
        return specs

    def _faults(self, rng, last):
        """The fault articles: the newest politics stories, so a short crawl meets them."""
        specs = []
        for i, fault in enumerate(FAULTS):
            story = self._story(rng, "fault", "PTI", text.headline(rng))
            spec = self._article(rng, story, last - timedelta(minutes=7 * (i + 1)), "politics", story.base_headline)
            spec.fault = fault
            specs.append(spec)
        return specs

    def _index_sections(self) -> None:
        self._section_index: dict[str, list[tuple[datetime, int]]] = {s: [] for s in SECTIONS}
        for spec in self.articles:
            for section in spec.sections:
                self._section_index[section].append((spec.published, spec.id))
        for entries in self._section_index.values():
            entries.sort()

    # --- what the site shows at `now` --------------------------------------------------
    def visible(self, spec: ArticleSpec) -> bool:
        return spec.published <= self.now

    def _visible_count(self) -> int:
        return bisect.bisect_right(self._times, self.now)

    def section_listing(self, section: str, page: int) -> tuple[list[ArticleSpec], bool]:
        """Articles on listing page *page* (1-based, newest first) and whether a next page exists."""
        entries = self._section_index[section]
        visible = bisect.bisect_right(entries, (self.now, float("inf")))
        end = visible - (page - 1) * self.page_size  # exclusive, counted from the oldest
        chunk = entries[max(end - self.page_size, 0):max(end, 0)][::-1]
        return [self.by_id[i] for _, i in chunk], end - self.page_size > 0

    def latest(self, limit: int, section: str | None = None) -> list[ArticleSpec]:
        """The newest *limit* visible articles (of one section, or of the site)."""
        if section:
            entries = self._section_index[section]
            visible = bisect.bisect_right(entries, (self.now, float("inf")))
            return [self.by_id[i] for _, i in entries[max(visible - limit, 0):visible][::-1]]
        visible = self._visible_count()
        return self.articles[max(visible - limit, 0):visible][::-1]

    def since(self, moment: datetime) -> list[ArticleSpec]:
        """Visible articles published at or after *moment*, newest first (the news sitemap)."""
        start = bisect.bisect_left(self._times, as_ist(moment))
        return self.articles[start:self._visible_count()][::-1]

    def opinions(self, spec: ArticleSpec, limit: int = 3) -> list[ArticleSpec]:
        """Desk-written pieces published before *spec*, for the legacy sidebar."""
        before = bisect.bisect_left(self._desk, spec.id - FIRST_ID)
        return [self.articles[i] for i in self._desk[max(before - limit, 0):before]][::-1]

    def published_times(self) -> list[datetime]:
        """Every article's publish time, oldest first: pick clock values that split chains."""
        return list(self._times)

    # --- content -------------------------------------------------------------------
    def body(self, spec: ArticleSpec) -> list[str]:
        """The article's own paragraphs, as the parser must return them."""
        if spec.fault == "empty_body":
            return []
        return list(_story_bodies(self, spec.story.key)[spec.revision])

    def related(self, spec: ArticleSpec) -> ArticleSpec | None:
        """The "Also Read" / "READ MORE" target: a nearby article of another story."""
        other = self.by_id.get(spec.id - 3)
        return other if other is not None and other.story is not spec.story else None

    def tags(self, spec: ArticleSpec) -> list[str]:
        rng = random.Random(f"{spec.story.seed}:tags")
        return list(dict.fromkeys(rng.choice(text.NOUNS).capitalize() for _ in range(3)))

    # --- ground truth ------------------------------------------------------------------
    def truth(self, visible_only: bool = False) -> dict[str, list[int]]:
        """Story key -> member article ids (in revision order) of every article that
        should become an item (404 and empty-bodied faults excluded)."""
        groups: dict[str, list[int]] = {}
        for story in self.stories:
            ids = [a.id for a in sorted(story.articles, key=lambda a: a.revision)
                   if a.fault not in UNPARSEABLE_FAULTS and (not visible_only or self.visible(a))]
            if ids:
                groups[story.key] = ids
        return groups

    def expected_latest(self, visible_only: bool = True) -> dict[str, int]:
        """Story key -> the id of its latest revision (highest update, then later modified,
        published, id), as the crawler must export it."""
        latest = {}
        for key, ids in self.truth(visible_only).items():
            specs = [self.by_id[i] for i in ids]
            best = max(specs, key=lambda a: (a.update, a.modified, a.published, a.id))
            latest[key] = best.id
        return latest


@lru_cache(maxsize=8192)
def _bodies_cached(seed: str, kind: str, chain: tuple, background: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Every revision's paragraphs of one story, from the story's own seed.

    A later update = one or two new lead paragraphs + most of the previous
    revision carried over (sometimes lightly edited) + maybe a new paragraph;
    a REFILE/RPT/CORRECTED of the same update repeats the text (a correction
    fixes one figure).
    """
    rng = random.Random(seed)
    if kind == "recurring":
        return (tuple(text.summary_brief(rng) for _ in range(6)),)
    paragraphs = [text.paragraph(rng) for _ in range(rng.randint(5, 7))]
    if background:
        paragraphs[2:2] = list(background)
    bodies = [tuple(paragraphs)]
    for revision, (update, flags) in enumerate(chain[1:], start=1):
        previous = list(bodies[-1])
        if flags and chain[revision - 1][0] == update:
            if "CORRECTED" in flags:
                previous[-1] = previous[-1].replace(" two ", " three ", 1) + " (Corrects figure.)"
            bodies.append(tuple(previous))
            continue
        lead = [text.paragraph(rng) for _ in range(rng.randint(1, 2))]
        carried = previous[:9] if len(previous) > 9 else previous
        editable = [i for i, p in enumerate(carried) if p not in background]  # background stays verbatim
        if editable and rng.random() < 0.5:
            spot = rng.choice(editable)
            carried[spot] = text.light_edit(rng, carried[spot])
        tail = [text.paragraph(rng)] if rng.random() < 0.5 else []
        bodies.append(tuple(lead + carried + tail))
    return tuple(bodies)


def _story_bodies(model: SiteModel, key: str) -> tuple[tuple[str, ...], ...]:
    story = model.stories_by_key[key]
    chain = tuple((a.update, a.flags) for a in sorted(story.articles, key=lambda a: a.revision))
    return _bodies_cached(story.seed, story.kind, chain, story.background)
