"""Working-day and local-time arithmetic, and quiet hours.

Working days are Monday to Friday; there is no holiday calendar (a chase that lands on a bank
holiday is harmless, and a calendar per country is more than this app needs).

Every function that turns a local date and wall-clock time into a moment takes the user's
``tzinfo`` explicitly, so the rules engine stays pure and testable with any zone.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta, tzinfo

_SATURDAY = 5  # date.weekday(): Monday is 0


def is_working_day(d: date) -> bool:
    """Return True for Monday to Friday."""
    return d.weekday() < _SATURDAY


def next_working_day(d: date) -> date:
    """Return the first working day strictly after ``d``.

    Args:
        d: any date.

    Returns:
        Friday's next working day is the following Monday.
    """
    d += timedelta(days=1)
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def on_or_next_working_day(d: date) -> date:
    """Return ``d`` if it is a working day, else the next working day after it."""
    return d if is_working_day(d) else next_working_day(d)


def add_working_days(d: date, n: int) -> date:
    """Move ``n`` working days from ``d`` (backwards when ``n`` is negative).

    Args:
        d: the start date; it need not be a working day itself.
        n: how many working days to step; 0 returns ``d`` unchanged.

    Returns:
        The date reached after ``abs(n)`` working-day steps.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        d += step
        if is_working_day(d):
            remaining -= 1
    return d


def local_datetime(d: date, t: time, tz: tzinfo) -> datetime:
    """Return the aware moment at wall-clock time ``t`` on local date ``d`` in ``tz``.

    DST-safe with :mod:`zoneinfo` semantics: a time that does not exist (in a spring-forward
    gap) moves forward by the size of the gap, and an ambiguous time (in the autumn overlap)
    takes the first occurrence.

    Args:
        d: the local date.
        t: the local wall-clock time (its own tzinfo, if any, is ignored).
        tz: the user's time zone.

    Returns:
        An aware datetime in ``tz`` whose wall clock is the real local time. Beware: a time in
        the autumn overlap never compares ``==`` to a datetime in another zone (PEP 495);
        compare ``.astimezone(UTC)`` values when that matters.
    """
    naive = datetime.combine(d, t.replace(tzinfo=None, fold=0))
    # fold=0 means "the offset before the transition": in a gap that lands past the gap once
    # normalised through UTC, and in an overlap it is the first of the two times.
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def end_of_local_day(d: date, tz: tzinfo) -> datetime:
    """Return 23:59:59 on local date ``d`` in ``tz`` (aware)."""
    return local_datetime(d, time(23, 59, 59), tz)


def local_date(moment: datetime, tz: tzinfo) -> date:
    """Return the date of the aware ``moment`` as seen in ``tz``."""
    return moment.astimezone(tz).date()


def add_months(d: date, n: int) -> date:
    """Add ``n`` calendar months, clamping the day to the end of a shorter month.

    Args:
        d: the start date.
        n: months to add; may be negative.

    Returns:
        31 January plus one month is 28 (or 29) February.
    """
    month_index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(month_index, 12)
    month = month0 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def in_quiet_hours(now: datetime, start: time, end: time, tz: tzinfo) -> bool:
    """Tell whether the aware ``now`` falls in the quiet-hours window.

    Args:
        now: the current moment (aware).
        start: local time the quiet window begins (inclusive).
        end: local time it ends (exclusive); may be earlier than ``start``, in which case the
            window crosses midnight (e.g. 21:00-08:00).
        tz: the user's time zone.

    Returns:
        False when ``start == end`` (no quiet hours).
    """
    if start == end:
        return False
    wall = now.astimezone(tz).time().replace(tzinfo=None)
    start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end


def quiet_hours_end(now: datetime, start: time, end: time, tz: tzinfo) -> datetime:
    """Return the moment the current quiet window ends.

    Args:
        now: the current moment (aware).
        start: local start of quiet hours.
        end: local end of quiet hours.
        tz: the user's time zone.

    Returns:
        ``now`` itself when it is not in quiet hours; otherwise ``end`` on the right local day
        (tomorrow when the window crosses midnight and ``now`` is before midnight).
    """
    if not in_quiet_hours(now, start, end, tz):
        return now
    local_now = now.astimezone(tz)
    day = local_now.date()
    if start > end and local_now.time().replace(tzinfo=None) >= start.replace(tzinfo=None):
        day += timedelta(days=1)
    return local_datetime(day, end, tz)
