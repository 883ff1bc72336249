"""Reuters-style revision slugs in headlines: ``CORRECTED-UPDATE 2-Title``.

Wire copy stacks revision slugs in front of the headline, joined by a dash.
This module splits them off into ``update`` (0 when none), ``wire_flags`` and
the clean ``title``. Topic slugs (``Soccer-``, ``GLOBAL MARKETS-``) are part of
the title, and a headline that merely starts with a word such as "Update" in
prose is left alone: a slug is only a slug when a dash joins it to the rest.

The URL slug (``/632312-update-1-syrian-rebels``) is a second witness of the
same slugs, read by :func:`parse_url_slug`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: Dashes that join slugs: hyphen-minus, en dash, em dash, minus sign.
_DASH = "[-\u2013\u2014\u2212]"

#: One revision slug and the dash after it, at the start of the text.
_SLUG = re.compile(
    rf"""^\s*(?:
        (?P<update>(?:UPDATE|WRAPUP)) \s* (?P<number>\d{{1,3}})
      | (?P<flag>REFILE|CORRECTED|CORRECTION|RPT|REPEAT)
    )\s*{_DASH}\s*""",
    re.IGNORECASE | re.VERBOSE,
)

#: Spellings that mean the same flag.
_FLAG_ALIASES = {"REPEAT": "RPT", "CORRECTION": "CORRECTED"}


@dataclass(frozen=True)
class Headline:
    """A headline split into its revision slugs and its clean title."""

    headline: str
    title: str
    update: int = 0
    wire_flags: tuple[str, ...] = field(default_factory=tuple)


def parse_headline(headline: str) -> Headline:
    """Split the leading revision slugs off *headline*, in any stacking order."""
    rest = headline.strip()
    update = 0
    flags: list[str] = []
    while True:
        match = _SLUG.match(rest)
        if not match or not rest[match.end():].strip():
            break  # no slug, or the "slug" is the whole headline
        if match.group("update"):
            update = max(update, int(match.group("number")))
            kind = match.group("update").upper()
            if kind != "UPDATE" and kind not in flags:
                flags.append(kind)
        else:
            flag = match.group("flag").upper()
            flag = _FLAG_ALIASES.get(flag, flag)
            if flag not in flags:
                flags.append(flag)
        rest = rest[match.end():]
    return Headline(headline=headline.strip(), title=rest.strip(), update=update,
                    wire_flags=tuple(flags))


_URL_SLUG = re.compile(
    r"^(?:(?P<update>update|wrapup)-(?P<number>\d{1,3})|(?P<flag>refile|corrected|correction|rpt|repeat))-",
)


def _slugs(text: str) -> set[str]:
    """*text* as a URL slug, accents dropped or folded (sites do either), ``-``-terminated."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return {re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-") + "-" for t in (text, folded)}


def parse_url_slug(slug: str, headline: str | None = None) -> tuple[int, tuple[str, ...]]:
    """Revision slugs from an article URL's slug (``update-1-syrian-rebels...``).

    A URL slug has lost the difference between ``Corrected figures`` and
    ``CORRECTED-figures``; given the article's *headline*, words that merely spell
    the start of its clean title are not taken for slugs.
    """
    rest = slug.lower().lstrip("-")
    prose = _slugs(parse_headline(headline).title) if headline else set()
    update = 0
    flags: list[str] = []
    while (match := _URL_SLUG.match(rest)) and rest[match.end():]:
        tail = rest.strip("-")
        if any((tail + "-").startswith(p) or p.startswith(tail) for p in prose):
            break  # the rest is the title itself (maybe truncated): its first words are no slug
        if match.group("update"):
            update = max(update, int(match.group("number")))
            if match.group("update") != "update":
                flags.append(match.group("update").upper())
        else:
            flag = match.group("flag").upper()
            flags.append(_FLAG_ALIASES.get(flag, flag))
        rest = rest[match.end():]
    return update, tuple(dict.fromkeys(flags))
