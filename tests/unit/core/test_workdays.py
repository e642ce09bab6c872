"""Working days, local times across DST, month arithmetic and quiet hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from followup_desktop.core.workdays import (
    add_months,
    add_working_days,
    end_of_local_day,
    in_quiet_hours,
    is_working_day,
    local_date,
    local_datetime,
    next_working_day,
    on_or_next_working_day,
    quiet_hours_end,
)

LONDON = ZoneInfo("Europe/London")
QUIET = (time(21, 0), time(8, 0))

# 2026: Fri 13 Nov, Sat 14 Nov, Sun 15 Nov, Mon 16 Nov.
FRI, SAT, SUN, MON = date(2026, 11, 13), date(2026, 11, 14), date(2026, 11, 15), date(2026, 11, 16)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("d", "expected"),
    [(FRI, MON), (SAT, MON), (SUN, MON), (MON, date(2026, 11, 17)), (date(2026, 11, 12), FRI)],
)
def test_next_working_day_is_strictly_after(d, expected):
    assert next_working_day(d) == expected


@pytest.mark.parametrize(("d", "expected"), [(FRI, FRI), (SAT, MON), (SUN, MON), (MON, MON)])
def test_on_or_next_working_day(d, expected):
    assert on_or_next_working_day(d) == expected


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (FRI, 0, FRI),
        (SAT, 0, SAT),
        (FRI, 1, MON),
        (SAT, 1, MON),
        (date(2026, 11, 11), 5, date(2026, 11, 18)),
        (MON, -1, FRI),
        (SUN, -1, FRI),
        (MON, 10, date(2026, 11, 30)),
    ],
)
def test_add_working_days(d, n, expected):
    assert add_working_days(d, n) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
@hsettings(database=None)
def test_next_working_day_properties(d):
    nxt = next_working_day(d)
    assert is_working_day(nxt)
    assert d < nxt <= d + timedelta(days=3)
    # No working day is skipped in between.
    assert all(not is_working_day(d + timedelta(days=i)) for i in range(1, (nxt - d).days))


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=-40, max_value=40),
)
@hsettings(database=None)
def test_add_working_days_counts_working_days(d, n):
    end = add_working_days(d, n)
    if n >= 0:  # days in (d, end]
        between = [d + timedelta(days=i) for i in range(1, (end - d).days + 1)]
    else:  # days in [end, d)
        between = [end + timedelta(days=i) for i in range((d - end).days)]
    assert sum(is_working_day(x) for x in between) == abs(n)
    if n:
        assert is_working_day(end)


def test_local_datetime_winter_and_summer():
    assert local_datetime(date(2026, 1, 15), time(9), LONDON) == utc(2026, 1, 15, 9)
    summer = local_datetime(date(2026, 7, 15), time(9), LONDON)
    assert summer == utc(2026, 7, 15, 8)
    assert summer.tzinfo is LONDON
    assert (summer.hour, summer.minute) == (9, 0)


def test_local_datetime_in_spring_forward_gap_moves_forward():
    # 29 Mar 2026: clocks go from 01:00 GMT to 02:00 BST; 01:30 does not exist.
    moment = local_datetime(date(2026, 3, 29), time(1, 30), LONDON)
    assert moment == utc(2026, 3, 29, 1, 30)
    assert (moment.hour, moment.minute) == (2, 30)
    assert moment.utcoffset() == timedelta(hours=1)


def test_local_datetime_ambiguous_takes_first():
    # 25 Oct 2026: 01:30 happens twice (BST, then GMT); the first is 00:30 UTC.
    moment = local_datetime(date(2026, 10, 25), time(1, 30), LONDON)
    # An ambiguous local time never compares == to another zone (PEP 495): compare in UTC.
    assert moment.astimezone(UTC) == utc(2026, 10, 25, 0, 30)
    assert moment != utc(2026, 10, 25, 0, 30)
    assert moment.utcoffset() == timedelta(hours=1)


def test_local_datetime_on_dst_days_keeps_wall_clock_hour():
    assert local_datetime(date(2026, 3, 29), time(9), LONDON) == utc(2026, 3, 29, 8)
    assert local_datetime(date(2026, 10, 25), time(9), LONDON) == utc(2026, 10, 25, 9)


def test_local_datetime_with_fixed_offset():
    tz = timezone(timedelta(hours=-5))
    assert local_datetime(date(2026, 3, 29), time(1, 30), tz) == utc(2026, 3, 29, 6, 30)


def test_end_of_local_day():
    assert end_of_local_day(date(2026, 1, 15), LONDON) == utc(2026, 1, 15, 23, 59, 59)
    assert end_of_local_day(date(2026, 7, 15), LONDON) == utc(2026, 7, 15, 22, 59, 59)
    assert end_of_local_day(date(2026, 3, 29), LONDON) == utc(2026, 3, 29, 22, 59, 59)
    assert end_of_local_day(date(2026, 10, 25), LONDON) == utc(2026, 10, 25, 23, 59, 59)


def test_local_date_uses_the_zone():
    # 23:30 UTC on 1 Oct is 00:30 BST on 2 Oct.
    assert local_date(utc(2026, 10, 1, 23, 30), LONDON) == date(2026, 10, 2)
    assert local_date(utc(2026, 12, 1, 23, 30), LONDON) == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 10, 31), 6, date(2027, 4, 30)),
        (date(2026, 11, 10), 3, date(2027, 2, 10)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
    ],
)
def test_add_months_clamps_to_month_end(d, n, expected):
    assert add_months(d, n) == expected


@pytest.mark.parametrize(
    ("local_hm", "expected"),
    [
        ((20, 59), False),
        ((21, 0), True),
        ((23, 30), True),
        ((0, 0), True),
        ((7, 59), True),
        ((8, 0), False),
        ((12, 0), False),
    ],
)
def test_in_quiet_hours_across_midnight(local_hm, expected):
    now = local_datetime(date(2026, 7, 15), time(*local_hm), LONDON)
    assert in_quiet_hours(now, *QUIET, LONDON) is expected


def test_in_quiet_hours_reads_the_local_clock():
    # 20:30 UTC in July is 21:30 BST: quiet in London, not in UTC.
    now = utc(2026, 7, 15, 20, 30)
    assert in_quiet_hours(now, *QUIET, LONDON)
    assert not in_quiet_hours(now, *QUIET, UTC)


def test_in_quiet_hours_same_day_window_and_none():
    lunch = (time(12, 0), time(13, 0))
    assert in_quiet_hours(utc(2026, 1, 5, 12, 30), *lunch, LONDON)
    assert not in_quiet_hours(utc(2026, 1, 5, 13, 0), *lunch, LONDON)
    assert not in_quiet_hours(utc(2026, 1, 5, 11, 59), *lunch, LONDON)
    assert not in_quiet_hours(utc(2026, 1, 5, 3, 0), time(8), time(8), LONDON)


def test_quiet_hours_end():
    evening = utc(2026, 1, 5, 22, 0)
    assert quiet_hours_end(evening, *QUIET, LONDON) == utc(2026, 1, 6, 8, 0)
    early = utc(2026, 1, 6, 3, 0)
    assert quiet_hours_end(early, *QUIET, LONDON) == utc(2026, 1, 6, 8, 0)
    noon = utc(2026, 1, 6, 12, 0)
    assert quiet_hours_end(noon, *QUIET, LONDON) is noon
    assert quiet_hours_end(noon, time(12), time(13), LONDON) == utc(2026, 1, 6, 13, 0)
    assert quiet_hours_end(early, time(8), time(8), LONDON) is early


def test_quiet_hours_end_across_spring_forward():
    # 22:00 GMT on Sat 28 Mar; quiet hours end at 08:00 BST on Sun 29 Mar = 07:00 UTC.
    end = quiet_hours_end(utc(2026, 3, 28, 22, 0), *QUIET, LONDON)
    assert end == utc(2026, 3, 29, 7, 0)
    assert end.astimezone(LONDON).hour == 8
