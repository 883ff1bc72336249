"""Checking the crawl's arguments before any request is made.

Spider arguments arrive as strings (``-a max_pages=3``). A bad value must stop
the run at once with one line naming the value and what is accepted, so cron
mail says what to fix instead of a traceback or, worse, an empty feed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

#: The site's local time: India Standard Time. A bare date in ``since`` is a day there.
IST = timezone(timedelta(hours=5, minutes=30), "IST")
SECTION_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_PAGES_LIMIT = 1000
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class BadArgument(ValueError):
    """A spider argument has a value we cannot use; the message is one line."""


@dataclass(frozen=True)
class CrawlArguments:
    sections: tuple[str, ...] | None  # None: every section of the site's nav
    max_pages: int
    since: datetime | None
    refresh: bool


def parse_sections(value: str | None) -> tuple[str, ...] | None:
    if value is None or not value.strip():
        return None
    slugs = tuple(dict.fromkeys(s.strip().lower() for s in value.split(",") if s.strip()))
    for slug in slugs:
        if not SECTION_SLUG.match(slug):
            raise BadArgument(
                f"sections: {slug!r} is not a section slug "
                "(expected lower-case words joined by '-', e.g. politics,science-environment)"
            )
    return slugs


def parse_max_pages(value: str | int | None, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        pages = int(str(value).strip())
    except ValueError:
        raise BadArgument(f"max_pages: {value!r} is not a whole number (expected 1 to {MAX_PAGES_LIMIT})") from None
    if not 1 <= pages <= MAX_PAGES_LIMIT:
        raise BadArgument(f"max_pages: {pages} is out of range (expected 1 to {MAX_PAGES_LIMIT})")
    return pages


def parse_since(value: str | None) -> datetime | None:
    """``YYYY-MM-DD`` (midnight IST, the site's day) or an ISO 8601 date-time with offset."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(0, 0), IST)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadArgument(
            f"since: {text!r} is not a date (expected YYYY-MM-DD, e.g. 2026-11-01, "
            "or an ISO 8601 date-time with offset)"
        ) from None
    if moment.tzinfo is None:
        raise BadArgument(f"since: {text!r} has no UTC offset (expected e.g. 2026-11-01T06:00:00+05:30)")
    return moment


def parse_flag(name: str, value: str | bool | None) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value or "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise BadArgument(f"{name}: {value!r} is not a flag (expected 1 or 0)")


def parse_arguments(kwargs: dict, default_max_pages: int) -> CrawlArguments:
    """Check every spider argument; raise :class:`BadArgument` on the first bad one."""
    known = {"sections", "max_pages", "since", "refresh"}
    unknown = sorted(set(kwargs) - known - {"_job"})
    if unknown:
        raise BadArgument(
            f"unknown argument {unknown[0]!r} (accepted: {', '.join(sorted(known))})"
        )
    return CrawlArguments(
        sections=parse_sections(kwargs.get("sections")),
        max_pages=parse_max_pages(kwargs.get("max_pages"), default_max_pages),
        since=parse_since(kwargs.get("since")),
        refresh=parse_flag("refresh", kwargs.get("refresh")),
    )
