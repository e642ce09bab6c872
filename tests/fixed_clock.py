"""A clock that only moves when a test says so (services take it as their ``clock``)."""

from __future__ import annotations

from datetime import datetime, timedelta


class Clock:
    """A clock that only moves when told to."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
