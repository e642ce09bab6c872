"""Snooze and pause lengths: an hour, tomorrow morning, next week — in local time."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from followup_desktop.core.snooze_times import (
    in_one_hour,
    next_week,
    snooze_choices,
    tomorrow_morning,
)

LONDON = ZoneInfo("Europe/London")


def test_one_hour():
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert in_one_hour(now) == now + timedelta(hours=1)


def test_tomorrow_morning_is_nine_local_time_even_across_a_clock_change():
    # Saturday 28 March 2026, late: Sunday is the first day of British Summer Time.
    now = datetime(2026, 3, 28, 23, 30, tzinfo=LONDON)
    assert tomorrow_morning(now, LONDON) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)


def test_tomorrow_morning_just_after_midnight_is_the_next_day():
    now = datetime(2026, 3, 10, 0, 5, tzinfo=LONDON)
    assert tomorrow_morning(now, LONDON) == datetime(2026, 3, 11, 9, 0, tzinfo=LONDON)


def test_next_week_is_the_next_monday_morning():
    tuesday = datetime(2026, 3, 10, 12, 0, tzinfo=LONDON)
    monday = datetime(2026, 3, 9, 12, 0, tzinfo=LONDON)
    assert next_week(tuesday, LONDON) == datetime(2026, 3, 16, 9, 0, tzinfo=LONDON)
    assert next_week(monday, LONDON) == datetime(2026, 3, 16, 9, 0, tzinfo=LONDON)


def test_choices_in_order_with_their_end_in_the_label():
    now = datetime(2026, 3, 10, 12, 0, tzinfo=LONDON)
    choices = snooze_choices(now, LONDON)
    assert [c.key for c in choices] == ["hour", "tomorrow", "next_week"]
    assert [c.label for c in choices] == [
        "For 1 hour",
        "Until tomorrow morning (Wed 09:00)",
        "Until next week (Mon 16 Mar)",
    ]
    assert all(c.until > now for c in choices)
