"""Dates as the site writes them, to ISO 8601 with offset.

Devdiscourse writes ``12-09-2019 04:00 IST``: day first, and IST is India
Standard Time (+05:30), not Israel or Irish time. Generic date guessers get
both wrong, so the format is parsed explicitly.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30), "IST")

_DAY_FIRST = re.compile(
    r"(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<tz>IST)?",
    re.IGNORECASE,
)


def parse_day_first(text: str) -> datetime:
    """``[Created: ]DD-MM-YYYY HH:MM IST`` -> aware datetime at +05:30."""
    match = _DAY_FIRST.search(text or "")
    if not match:
        raise ValueError(f"not a DD-MM-YYYY HH:MM IST date: {text!r}")
    parts = {k: int(v) for k, v in match.groupdict().items() if v and k != "tz"}
    return datetime(parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], parts.get("S", 0), tzinfo=IST)


def parse_iso(text: str) -> datetime:
    """ISO 8601 with offset (``2025-07-02T14:25:08+05:30`` or ``...Z``)."""
    value = (text or "").strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"date-time without offset: {text!r}")
    return moment


def to_iso(value: str | datetime | None) -> str | None:
    """Normalise an ISO or day-first date to ISO 8601 with offset; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = parse_iso(value)
        except ValueError:
            moment = parse_day_first(value)
    return moment.isoformat()
