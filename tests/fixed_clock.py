"""A clock that only moves when a test says so (services take it as their ``clock``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

#: the time zone the tests' user lives in
LONDON = ZoneInfo("Europe/London")
#: a Tuesday, 12:00 in London, still GMT (British Summer Time starts on 29 March 2026) and
#: outside quiet hours: where most tests start the clock
START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


class Clock:
    """A clock that only moves when told to."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
