"""When "snooze" and "pause notifications" end: an hour, tomorrow morning, next week.

Pure arithmetic on aware datetimes in the user's time zone, shared by the tray menu, the
notification buttons, the due panel and the Notifications settings page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from followup_desktop.core.workdays import local_date, local_datetime

#: The local time a "morning" snooze ends (a working day starts; quiet hours are over).
MORNING = time(9, 0)
_MONDAY = 0


@dataclass(frozen=True, slots=True)
class SnoozeChoice:
    """One entry of a Snooze ▸ menu."""

    #: stable key ("hour", "tomorrow", "next_week") for buttons and tests
    key: str
    #: menu text, e.g. "Tomorrow morning (Tue 09:00)"
    label: str
    until: datetime


def in_one_hour(now: datetime) -> datetime:
    """Return ``now`` plus one hour."""
    return now + timedelta(hours=1)


def tomorrow_morning(now: datetime, tz: tzinfo, morning: time = MORNING) -> datetime:
    """Return ``morning`` (09:00) on the local day after ``now``."""
    return local_datetime(local_date(now, tz) + timedelta(days=1), morning, tz)


def next_week(now: datetime, tz: tzinfo, morning: time = MORNING) -> datetime:
    """Return ``morning`` on the next Monday strictly after today (a week on a Monday)."""
    today = local_date(now, tz)
    days = (_MONDAY - today.weekday()) % 7 or 7
    return local_datetime(today + timedelta(days=days), morning, tz)


def snooze_choices(now: datetime, tz: tzinfo) -> list[SnoozeChoice]:
    """Return the three snooze lengths offered everywhere, with their end in the label.

    Args:
        now: the current moment (aware).
        tz: the user's time zone (labels show local times).

    Returns:
        1 hour, tomorrow morning, next week, in that order.
    """
    tomorrow = tomorrow_morning(now, tz)
    week = next_week(now, tz)
    return [
        SnoozeChoice("hour", "For 1 hour", in_one_hour(now)),
        SnoozeChoice(
            "tomorrow", f"Until tomorrow morning ({_local(tomorrow, tz, '%a %H:%M')})", tomorrow
        ),
        SnoozeChoice("next_week", f"Until next week ({_local(week, tz, '%a %d %b')})", week),
    ]


def _local(moment: datetime, tz: tzinfo, fmt: str) -> str:
    return moment.astimezone(tz).strftime(fmt)
