"""Spider arguments: good values parse, bad ones give one line naming the value."""

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.arguments import BadArgument, parse_arguments

IST = timezone(timedelta(hours=5, minutes=30))


def test_defaults():
    args = parse_arguments({}, default_max_pages=5)
    assert args.sections is None and args.max_pages == 5 and args.since is None and not args.refresh


def test_values_parse():
    args = parse_arguments(
        {"sections": "Politics, health,politics", "max_pages": "3", "since": "2026-11-01", "refresh": "1"}, 5
    )
    assert args.sections == ("politics", "health")
    assert args.max_pages == 3
    assert args.since == datetime(2026, 11, 1, 0, 0, tzinfo=IST)
    assert args.refresh is True


def test_since_accepts_iso_datetime_with_offset():
    args = parse_arguments({"since": "2026-11-01T06:30:00+00:00"}, 5)
    assert args.since == datetime(2026, 11, 1, 6, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({"sections": "politics,Health News"}, ("sections", "'health news'")),
        ({"sections": "../etc"}, ("sections", "'../etc'")),
        ({"max_pages": "three"}, ("max_pages", "'three'", "whole number")),
        ({"max_pages": "0"}, ("max_pages", "0", "1 to 1000")),
        ({"since": "12-09-2019"}, ("since", "'12-09-2019'", "YYYY-MM-DD")),
        ({"since": "2026-02-30"}, ("since", "'2026-02-30'")),
        ({"since": "2026-11-01T06:00:00"}, ("since", "offset")),
        ({"refresh": "maybe"}, ("refresh", "'maybe'")),
        ({"max_page": "2"}, ("unknown argument", "'max_page'", "max_pages")),
    ],
)
def test_bad_values_name_the_value_and_what_is_accepted(kwargs, names):
    with pytest.raises(BadArgument) as info:
        parse_arguments(kwargs, 5)
    message = str(info.value)
    assert "\n" not in message
    for name in names:
        assert name in message
