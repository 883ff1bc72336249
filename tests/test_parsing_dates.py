"""Dates: day-first "DD-MM-YYYY HH:MM IST" and ISO 8601, out as ISO 8601 with offset.

IST is India Standard Time (+05:30) and the site writes the day first, so the
traps are month-first reading and time-zone name guessing; garbage is refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.parsing.dates import IST, parse_date, parse_day_first, parse_iso, to_iso


def test_the_day_comes_first():
    """12-09-2019 is 12 September 2019, not 9 December."""
    moment = parse_day_first("12-09-2019 04:00 IST")
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute) == (2019, 9, 12, 4, 0)
    assert to_iso("12-09-2019 04:00 IST") == "2019-09-12T04:00:00+05:30"


def test_day_first_trap_05_11_2024_is_5_november():
    assert to_iso("05-11-2024 18:40 IST") == "2024-11-05T18:40:00+05:30"


@pytest.mark.parametrize("when", ["01-07-2025 09:00 IST", "15-01-2025 09:00 IST", "31-03-2024 23:59 IST"])
def test_ist_is_india_plus_0530_all_year(when):
    """Israel (+02/+03) and Irish (+00/+01) time would shift with the season; India's does not."""
    assert parse_day_first(when).utcoffset() == timedelta(hours=5, minutes=30)
    assert to_iso(when).endswith("+05:30")


@pytest.mark.parametrize(("text", "iso"), [
    ("Created: 12-09-2019 04:00 IST", "2019-09-12T04:00:00+05:30"),
    ("Updated: 12-09-2019 04:04 IST", "2019-09-12T04:04:00+05:30"),
    ("  updated:12-09-2019 04:04 ist ", "2019-09-12T04:04:00+05:30"),
    ("Created: 1-2-2026 7:05 IST", "2026-02-01T07:05:00+05:30"),
    ("12-09-2019 04:00:30 IST", "2019-09-12T04:00:30+05:30"),
    ("12-09-2019 04:00", "2019-09-12T04:00:00+05:30"),  # the site's own clock
])
def test_labels_and_variants(text, iso):
    assert to_iso(text) == iso


@pytest.mark.parametrize(("text", "iso"), [
    ("2025-07-02T14:25:08+05:30", "2025-07-02T14:25:08+05:30"),
    ("2025-07-02T08:55:08Z", "2025-07-02T08:55:08+00:00"),
    ("2025-07-02T14:25+05:30", "2025-07-02T14:25:00+05:30"),
    (" 2025-07-02 14:25:08.250000-04:00 ", "2025-07-02T14:25:08.250000-04:00"),
])
def test_iso_dates_keep_their_offset(text, iso):
    assert to_iso(text) == iso


def test_aware_datetimes_pass_and_naive_ones_are_refused():
    assert to_iso(datetime(2025, 1, 2, 3, 4, tzinfo=IST)) == "2025-01-02T03:04:00+05:30"
    assert to_iso(datetime(2025, 1, 2, 3, 4, tzinfo=timezone.utc)) == "2025-01-02T03:04:00+00:00"
    with pytest.raises(ValueError, match="naive"):
        to_iso(datetime(2025, 1, 2, 3, 4))


def test_empty_is_none():
    assert to_iso(None) is None and to_iso("") is None and to_iso("   ") is None


@pytest.mark.parametrize("garbage", [
    "yesterday", "12-09-2019", "2019-09-12", "12/13/2019 04:00 IST", "31-02-2019 10:00 IST",
    "12-09-2019 25:00 IST", "12-09-2019 04:00 GMT", "12-09-2019 04:00 IDT",
    "2025-07-02T14:25:08",  # ISO without an offset: which zone is a guess
    "Created: soon", "12-09-19 04:00 IST",
])
def test_garbage_is_a_clear_value_error(garbage):
    with pytest.raises(ValueError, match="date"):
        to_iso(garbage)


def test_each_parser_refuses_the_other_format():
    with pytest.raises(ValueError, match="day-first"):
        parse_day_first("2025-07-02T14:25:08+05:30")
    with pytest.raises(ValueError, match="ISO"):
        parse_iso("02-07-2025 14:25 IST")
    with pytest.raises(ValueError):
        parse_date(1751446508)  # an epoch number is not a date string
