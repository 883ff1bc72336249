"""Dates as the site writes them, to ISO 8601 with offset.

Devdiscourse writes ``12-09-2019 04:00 IST``: day first, and IST is India
Standard Time (+05:30), not Israel or Irish time. Generic date guessers
(dateutil's month-first default, its time-zone name table) get both wrong,
so the format is parsed explicitly and anything else is refused with a
``ValueError`` rather than guessed.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

#: India Standard Time; no daylight saving, so a fixed offset is exact.
IST = timezone(timedelta(hours=5, minutes=30), "IST")

#: ``[Created:|Updated:|Published:] DD-MM-YYYY HH:MM[:SS] [IST]``, the whole string.
#: A missing zone means IST (the site's own clock); any other zone name is refused.
_DAY_FIRST = re.compile(
    r"""^\s*(?:(?:created|updated|published|modified)\s*:?\s*)?
        (?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})
        (?:\s+|\s*,\s*|T)
        (?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?
        \s*(?:IST|\(IST\))?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def parse_day_first(text: str) -> datetime:
    """``[Created: ]DD-MM-YYYY HH:MM IST`` -> aware datetime at +05:30.

    ``12-09-2019`` is 12 September: the site never writes month first.
    """
    match = _DAY_FIRST.match(text or "")
    if not match:
        raise ValueError(f"not a day-first 'DD-MM-YYYY HH:MM IST' date: {text!r}")
    p = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    try:
        return datetime(p["y"], p["m"], p["d"], p["H"], p["M"], p.get("S", 0), tzinfo=IST)
    except ValueError as exc:  # 31-02-2019, 25:00 ...
        raise ValueError(f"impossible date {text!r}: {exc}") from None


def parse_iso(text: str) -> datetime:
    """ISO 8601 date-time with offset (``2025-07-02T14:25:08+05:30`` or ``...Z``).

    A date-time without an offset is refused: which zone it meant is a guess.
    """
    value = (text or "").strip()
    if not _ISO_START.match(value):
        raise ValueError(f"not an ISO 8601 date-time: {text!r}")
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"not an ISO 8601 date-time: {text!r} ({exc})") from None
    if moment.tzinfo is None:
        raise ValueError(f"ISO date-time without an offset: {text!r}")
    return moment


def parse_date(value: str | datetime) -> datetime:
    """An aware datetime from an ISO 8601 string, a day-first IST string or an aware datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime (no offset): {value!r}")
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    try:
        return parse_iso(value)
    except ValueError:
        pass
    try:
        return parse_day_first(value)
    except ValueError:
        raise ValueError(
            f"unrecognised date {value!r}: expected ISO 8601 with an offset or 'DD-MM-YYYY HH:MM IST'"
        ) from None


def to_iso(value: str | datetime | None) -> str | None:
    """Normalise an ISO or day-first date to ISO 8601 with offset; None and "" stay None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value).isoformat()
