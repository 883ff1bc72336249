"""Reuters-style revision slugs in headlines: ``CORRECTED-UPDATE 2-Title``.

Wire copy stacks revision slugs in front of the headline, joined by a dash.
:func:`parse_headline` splits them off into ``update`` (0 when none),
``wire_flags`` and the clean ``title``.

The grammar, and why each rule is there:

* A revision slug is ``UPDATE n``, ``WRAPUP n`` (or bare ``WRAPUP``),
  ``REFILE``, ``CORRECTED``/``CORRECTION``, ``RPT``/``REPEAT``, in any letter
  case, followed by a dash (hyphen, en or em dash, minus, ...) with or without
  spaces around it. Slugs stack in any order; ``update`` is the highest number
  seen, flags keep their first-seen order, de-duplicated. ``WRAPUP`` is a flag
  *and* its number is the update (``WRAPUP 2`` supersedes ``UPDATE 1``).
* Only those words are revision slugs. Topic slugs (``Soccer-``,
  ``GLOBAL MARKETS-``, ``EXCLUSIVE-``, ``BREAKINGVIEWS-``) name the story,
  so they stay in the title: two stories under ``Soccer-`` are two stories.
* Prose is not a slug: without a dash ("Update on talks", "Corrected figures
  show") nothing is split. A capitalised word hyphenated straight onto a
  lower-case word ("Repeat-offender laws", "Update 2-year plan") is a
  compound, not a slug; the wire writes its slugs in capitals, and a
  lower-cased headline carries no case to tell by, so there the slug reading
  wins.
* A headline that is nothing but slugs ("UPDATE 1-") still has a title: the
  last slug, without its dash, stands in, so the title is never empty and
  parsing the title again changes nothing.

The URL slug (``/632312-update-1-syrian-rebels``) is a second witness of the
same slugs, read by :func:`parse_url_slug` / :func:`read_url_slug`, and
:func:`reconcile` merges the two witnesses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

#: Characters that join slugs: hyphen-minus, hyphen, non-breaking hyphen, figure dash,
#: en dash, em dash, horizontal bar, minus sign, small and full-width hyphen-minus.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
#: The dashes that also make compound words ("Repeat-offender").
_HYPHENS = "-\u2010\u2011"
_DASH = f"[{re.escape(DASHES)}]"

#: One revision slug and the join after it, at the start of the text.
_SLUG = re.compile(
    rf"""^\s*(?P<slug>
        (?P<update>UPDATE|WRAPUP) \s* (?:-\s*)? (?P<number>\d{{1,3}})
      | (?P<flag>WRAPUP|REFILE|CORRECTED|CORRECTION|RPT|REPEAT)
    )(?P<join>\s*{_DASH}(?:\s*{_DASH})*\s*)""",
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
    wire_flags: tuple[str, ...] = ()


def _is_compound(match: re.Match, rest: str) -> bool:
    """``Repeat-offender``: a capitalised word hyphenated onto a lower-case word.

    The wire writes slugs in capitals; a mixed-case slug word joined by a bare
    hyphen (no spaces) to a lower-case word is an ordinary hyphenated compound,
    unless what follows is itself a slug (``Corrected-update 4-...``).
    """
    word = match.group("slug")
    letters = [c for c in word if c.isalpha()]
    mixed_case = any(c.isupper() for c in letters) and any(c.islower() for c in letters)
    join = match.group("join")
    after = rest[match.end():]
    return (mixed_case and len(join) == 1 and join in _HYPHENS
            and after[:1].islower() and not _SLUG.match(after))


def _read(match: re.Match, update: int, flags: list[str]) -> int:
    """Fold one slug into *flags*; return the update number so far."""
    if match.group("update"):
        update = max(update, int(match.group("number")))
        kind = match.group("update").upper()
        flag = None if kind == "UPDATE" else kind
    else:
        flag = match.group("flag").upper()
        flag = _FLAG_ALIASES.get(flag, flag)
    if flag and flag not in flags:
        flags.append(flag)
    return update


def parse_headline(headline: str | None) -> Headline:
    """Split the leading revision slugs off *headline*, in any stacking order."""
    text = (headline or "").strip()
    rest, update, flags, last_slug = text, 0, [], None
    while (match := _SLUG.match(rest)) and not _is_compound(match, rest):
        update = _read(match, update, flags)
        last_slug = match.group("slug")
        rest = rest[match.end():]
    title = rest.strip()
    if not title.strip(DASHES + " ") and last_slug is not None:
        title = last_slug.strip()  # a headline of slugs only: the last one stands in
    return Headline(headline=text, title=title, update=update, wire_flags=tuple(flags))


# --- the URL slug: a second witness ----------------------------------------------

_URL_SLUG = re.compile(
    r"^(?:(?P<update>update|wrapup)-?(?P<number>\d{1,3})"
    r"|(?P<flag>wrapup|refile|corrected|correction|rpt|repeat))-",
)


class SlugParts(NamedTuple):
    """Revision slugs read from a URL: compares equal to ``(update, wire_flags)``."""

    update: int
    wire_flags: tuple[str, ...]


def _slugs(text: str) -> set[str]:
    """*text* as a URL slug, accents dropped or folded (sites do either), ``-``-terminated."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return {re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-") + "-" for t in (text, folded)}


def _spells_title(rest: str, prose: set[str]) -> bool:
    """Whether *rest* of the URL slug is the clean title itself (maybe truncated)."""
    tail = rest.strip("-")
    return any((tail + "-").startswith(p) or p.startswith(tail + "-") or p.startswith(tail)
               for p in prose if p != "-")


def read_url_slug(slug: str, headline: str | None = None) -> Headline:
    """Revision slugs and the remaining title words of an article URL's slug.

    A URL slug has lost the difference between ``Corrected figures`` and
    ``CORRECTED-figures``; given the article's *headline*, words that merely
    spell the start of its clean title are not taken for slugs. Without a
    headline, a title that starts with a slug word followed by another word
    (``corrected-figures-show``) cannot be told from a slug: the URL says
    CORRECTED. The title read here is lower-case and unpunctuated: good for a
    look-up key, a last resort as a display title.
    """
    rest = (slug or "").lower().strip("/-") + "-"
    prose = _slugs(parse_headline(headline).title) if headline else set()
    update, flags, last_slug = 0, [], None
    while (match := _URL_SLUG.match(rest)) and not _spells_title(rest, prose):
        update = _read(match, update, flags)
        last_slug = match.group(0)
        rest = rest[match.end():]
    title = " ".join(w for w in rest.split("-") if w)
    if not title and last_slug is not None:
        title = " ".join(w for w in last_slug.split("-") if w)  # slugs only: the last stands in
    return Headline(headline=slug or "", title=title, update=update, wire_flags=tuple(flags))


def parse_url_slug(slug: str, headline: str | None = None) -> SlugParts:
    """``(update, wire_flags)`` from an article URL's slug (``update-1-syrian-rebels...``);
    see :func:`read_url_slug`."""
    parts = read_url_slug(slug, headline)
    return SlugParts(parts.update, parts.wire_flags)


def reconcile(from_headline: Headline, from_url: Headline | None) -> Headline:
    """Merge the headline's reading with the URL slug's, the headline first.

    * The title comes from the headline; only when the headline is missing is
      the URL's lower-case title taken (better a look-up key than nothing).
    * The update number comes from the headline when it shows one; otherwise
      from the URL. A site may display a headline without its slugs while the
      URL, minted from the wire headline, keeps them; when both show a number
      and disagree the headline wins, since a URL is minted once and a
      headline can be corrected later.
    * Flags are the union, the headline's first: the URL cannot invent a
      ``REFILE`` (with the headline given to :func:`read_url_slug`, title
      words are not read as slugs), and a headline may have dropped one.
    """
    if from_url is None:
        return from_headline
    title = from_headline.title or from_url.title
    update = from_headline.update or from_url.update
    flags = tuple(dict.fromkeys((*from_headline.wire_flags, *from_url.wire_flags)))
    return Headline(headline=from_headline.headline or from_url.headline, title=title,
                    update=update, wire_flags=flags)
