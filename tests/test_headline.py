"""Wire headline grammar: revision slugs split off, topic slugs and prose left alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.revisions.headline import parse_headline, parse_url_slug


@pytest.mark.parametrize(
    ("headline", "update", "flags", "title"),
    [
        ("UPDATE 1-Syrian rebels say they seized base", 1, (), "Syrian rebels say they seized base"),
        ("UPDATE 12-Oil prices climb", 12, (), "Oil prices climb"),
        ("REFILE-Oil prices climb", 0, ("REFILE",), "Oil prices climb"),
        ("CORRECTED-Oil prices climb", 0, ("CORRECTED",), "Oil prices climb"),
        ("CORRECTION-Oil prices climb", 0, ("CORRECTED",), "Oil prices climb"),
        ("RPT-Oil prices climb", 0, ("RPT",), "Oil prices climb"),
        ("REPEAT-Oil prices climb", 0, ("RPT",), "Oil prices climb"),
        ("WRAPUP 1-Storm hits coast", 1, ("WRAPUP",), "Storm hits coast"),
        ("WRAPUP 3-Storm hits coast", 3, ("WRAPUP",), "Storm hits coast"),
        # stacks, in any order
        ("CORRECTED-UPDATE 2-Oil prices climb", 2, ("CORRECTED",), "Oil prices climb"),
        ("REFILE-UPDATE 1-Oil prices climb", 1, ("REFILE",), "Oil prices climb"),
        ("UPDATE 1-RPT-Oil prices climb", 1, ("RPT",), "Oil prices climb"),
        ("UPDATE 2-REFILE-CORRECTED-Oil prices climb", 2, ("REFILE", "CORRECTED"), "Oil prices climb"),
        ("REFILE-WRAPUP 2-Storm hits coast", 2, ("REFILE", "WRAPUP"), "Storm hits coast"),
        # spaces and dashes around the joins
        ("UPDATE 1 – Oil prices climb", 1, (), "Oil prices climb"),
        ("UPDATE 1 - Oil prices climb", 1, (), "Oil prices climb"),
        ("UPDATE 1\u2014Oil prices climb", 1, (), "Oil prices climb"),
        ("UPDATE 1\u2212Oil prices climb", 1, (), "Oil prices climb"),
        ("REFILE—Oil prices climb", 0, ("REFILE",), "Oil prices climb"),
        ("REFILE – UPDATE 3 — Oil prices climb", 3, ("REFILE",), "Oil prices climb"),
        ("UPDATE2-Oil prices climb", 2, (), "Oil prices climb"),
        ("  UPDATE 1-Oil prices climb  ", 1, (), "Oil prices climb"),
        # any case
        ("Update 2-Oil prices climb", 2, (), "Oil prices climb"),
        ("refile-Oil prices climb", 0, ("REFILE",), "Oil prices climb"),
        ("Corrected-update 4-Oil prices climb", 4, ("CORRECTED",), "Oil prices climb"),
        ("rpt-Oil prices climb", 0, ("RPT",), "Oil prices climb"),
        # topic slugs belong to the title
        ("Soccer-Arsenal beat Chelsea", 0, (), "Soccer-Arsenal beat Chelsea"),
        ("UPDATE 2-Soccer-Arsenal beat Chelsea", 2, (), "Soccer-Arsenal beat Chelsea"),
        ("GLOBAL MARKETS-Stocks slide", 0, (), "GLOBAL MARKETS-Stocks slide"),
        ("REFILE-GLOBAL MARKETS-Stocks slide", 0, ("REFILE",), "GLOBAL MARKETS-Stocks slide"),
        ("Tennis-Nadal wins", 0, (), "Tennis-Nadal wins"),
        ("EXCLUSIVE-Bank weighs sale", 0, (), "EXCLUSIVE-Bank weighs sale"),
        ("UPDATE 1-EXCLUSIVE-Bank weighs sale", 1, (), "EXCLUSIVE-Bank weighs sale"),
    ],
)
def test_slugs(headline, update, flags, title):
    parsed = parse_headline(headline)
    assert parsed.update == update
    assert parsed.wire_flags == flags
    assert parsed.title == title
    assert parsed.headline == headline.strip()


@pytest.mark.parametrize(
    "headline",
    [
        "Update on talks expected Friday",
        "Corrected figures show growth",
        "Repeat offenders face new rules",
        "Refiled tax returns rise",
        "Updated forecast sees rain",
        "Update 2 of the software ships",
        "Wrapup of the week in markets",
        "RPT offenders face new rules",
    ],
)
def test_prose_not_mangled(headline):
    parsed = parse_headline(headline)
    assert (parsed.update, parsed.wire_flags, parsed.title) == (0, (), headline)


@pytest.mark.parametrize("headline", ["UPDATE 1-", "REFILE-", "UPDATE 1 – ", "CORRECTED-UPDATE 2-"])
def test_slug_only_headline_not_emptied(headline):
    parsed = parse_headline(headline)
    assert parsed.title.strip()


def test_empty_headline():
    assert parse_headline("") .title == ""
    assert parse_headline("").update == 0


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("update-1-syrian-rebels-say", (1, ())),
        ("refile-update-2-x", (2, ("REFILE",))),
        ("update-on-talks", (0, ())),
        ("corrected-update-3-oil-prices", (3, ("CORRECTED",))),
        ("rpt-oil-prices", (0, ("RPT",))),
        ("wrapup-1-storm-hits", (1, ("WRAPUP",))),
        ("UPDATE-1-Syrian-rebels", (1, ())),
        ("update-1-", (0, ())),
        ("soccer-arsenal-beat-chelsea", (0, ())),
        ("", (0, ())),
    ],
)
def test_url_slug(slug, expected):
    assert parse_url_slug(slug) == expected


# --- properties -------------------------------------------------------------

_WORDS = [
    "oil", "prices", "climb", "rebels", "seize", "base", "bank", "weighs", "sale", "storm",
    "hits", "coast", "talks", "stall", "China", "exports", "fall", "Soccer", "Arsenal", "beat",
    "GLOBAL", "MARKETS", "stocks", "slide", "2024", "3", "percent", "U.S.", "EU", "deal",
    "Updates", "Updated", "Repeats", "Refiled", "Corrections", "Wrapups",  # slug-like but not slugs
    "up", "date", "re", "file",
]
_SLUG_WORDS = {"update", "wrapup", "refile", "corrected", "correction", "rpt", "repeat"}

_word = st.sampled_from(_WORDS)
_joiner = st.sampled_from([" ", " ", " ", "-", ", ", " – "])


@st.composite
def titles(draw):
    words = draw(st.lists(_word, min_size=1, max_size=8))
    joins = draw(st.lists(_joiner, min_size=len(words) - 1, max_size=len(words) - 1))
    text = words[0]
    for join, word in zip(joins, words[1:]):
        text += join + word
    return text


def _text_title():
    # free text that does not start with a slug word
    return st.text(min_size=1, max_size=30).map(str.strip).filter(
        lambda t: t and t[0].isalnum()
        and not any(t.lower().startswith(w) for w in _SLUG_WORDS)
    )


_update_slug = st.tuples(st.sampled_from(["UPDATE", "WRAPUP"]), st.integers(1, 999))
_flag_slug = st.sampled_from(["REFILE", "CORRECTED", "CORRECTION", "RPT", "REPEAT"])
_stack = st.lists(st.one_of(_update_slug, _flag_slug), min_size=0, max_size=4)

_CANON = {"REPEAT": "RPT", "CORRECTION": "CORRECTED"}


def _expected(stack):
    update, flags = 0, []
    for slug in stack:
        if isinstance(slug, tuple):
            kind, number = slug
            update = max(update, number)
            if kind != "UPDATE" and kind not in flags:
                flags.append(kind)
        else:
            flag = _CANON.get(slug, slug)
            if flag not in flags:
                flags.append(flag)
    return update, tuple(flags)


def _render(stack, title, *, dash="-", space="", case=str):
    parts = [f"{s[0]} {s[1]}" if isinstance(s, tuple) else s for s in stack]
    return "".join(case(p) + space + dash + space for p in parts) + title


@settings(max_examples=300)
@given(stack=_stack, title=st.one_of(titles(), _text_title()))
def test_render_then_parse_recovers(stack, title):
    parsed = parse_headline(_render(stack, title))
    assert (parsed.update, parsed.wire_flags) == _expected(stack)
    assert parsed.title == title
    again = parse_headline(parsed.title)
    assert (again.update, again.wire_flags, again.title) == (0, (), parsed.title)


@settings(max_examples=300)
@given(
    stack=_stack,
    title=titles(),
    dash=st.sampled_from(["-", "\u2013", "\u2014", "\u2212"]),
    space=st.sampled_from(["", " ", "  "]),
    case=st.sampled_from([str.upper, str.lower, str.title, str.capitalize]),
)
def test_case_and_dash_variants_parse_the_same(stack, title, dash, space, case):
    plain = parse_headline(_render(stack, title))
    variant = parse_headline(_render(stack, title, dash=dash, space=space, case=case))
    assert (variant.update, variant.wire_flags, variant.title) == (plain.update, plain.wire_flags, plain.title)


@given(stack=_stack, title=titles())
def test_url_slug_agrees_with_headline(stack, title):
    words = "-".join(w.lower() for w in title.replace(",", " ").replace("–", " ").replace("-", " ").split())
    slug = "".join(
        (f"{s[0].lower()}-{s[1]}-" if isinstance(s, tuple) else f"{s.lower()}-") for s in stack
    ) + words
    assert parse_url_slug(slug) == _expected(stack)


@pytest.mark.parametrize(
    ("slug", "headline", "expected"),
    [
        # the URL cannot tell "Corrected figures" from "CORRECTED-figures": the headline can
        ("corrected-figures-show-growth", "Corrected figures show growth", (0, ())),
        ("repeat-offenders-face-new-rules", "Repeat offenders face new rules", (0, ())),
        ("refiled-tax-returns-rise", "Refiled tax returns rise", (0, ())),
        ("update-2-of-the-software-ships", "Update 2 of the software ships", (0, ())),
        # real slugs in the URL are still read, with or without them in the headline
        ("refile-update-2-oil-prices", "Oil prices climb", (2, ("REFILE",))),
        ("refile-update-2-oil-prices", "REFILE-UPDATE 2-Oil prices climb", (2, ("REFILE",))),
        ("corrected-corrected-figures-show", "CORRECTED-Corrected figures show growth", (0, ("CORRECTED",))),
        ("update-1-soci-t-g-n-rale", "UPDATE 1-Société Générale", (1, ())),
        ("correction-soci-t-g-n-rale-results", "Correction Société Générale results", (0, ())),
        ("correction-societe-generale-results", "Correction Société Générale results", (0, ())),
        ("correction-societe-generale-results", "Quarterly results", (0, ("CORRECTED",))),
    ],
)
def test_url_slug_with_headline(slug, headline, expected):
    assert parse_url_slug(slug, headline) == expected


@given(stack=_stack, title=titles())
def test_url_slug_with_headline_agrees(stack, title):
    words = "-".join(w.lower() for w in title.replace(",", " ").replace("–", " ").replace("-", " ").split())
    slug = "".join(
        (f"{s[0].lower()}-{s[1]}-" if isinstance(s, tuple) else f"{s.lower()}-") for s in stack
    ) + words
    assert parse_url_slug(slug, _render(stack, title)) == _expected(stack)
    assert parse_url_slug(slug, title) == _expected(stack)
