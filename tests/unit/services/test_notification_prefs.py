"""Notification preferences: pause, start minimized, quiet hours; bad values named."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from fixed_clock import START

from followup_desktop.core.errors import ValidationError
from followup_desktop.services.notification_prefs import (
    NotificationPrefs,
    NotificationPrefsService,
)


@pytest.fixture
def prefs(services) -> NotificationPrefsService:
    return NotificationPrefsService(services.settings)


def test_defaults(prefs):
    assert prefs.get() == NotificationPrefs(paused=False, paused_until=None, start_minimized=True)
    assert prefs.quiet_hours() == (time(21, 0), time(8, 0))


def test_pause_until_a_time_then_it_ends(prefs):
    prefs.pause(START + timedelta(hours=1))
    assert prefs.get().is_paused(START)
    assert not prefs.get().is_paused(START + timedelta(hours=1))


def test_pause_until_resumed(prefs):
    prefs.pause(None)
    assert prefs.get().is_paused(START + timedelta(days=365))
    prefs.resume()
    assert not prefs.get().is_paused(START)


def test_pause_in_the_past_is_refused_naming_the_field(prefs):
    with pytest.raises(ValidationError) as caught:
        prefs.pause(START - timedelta(minutes=1))
    assert caught.value.field == "paused_until"
    with pytest.raises(ValidationError):
        prefs.pause(datetime(2026, 3, 10, 13, 0))  # naive: no time zone
    assert not prefs.get().paused


def test_start_minimized_is_kept_across_pauses(prefs):
    prefs.set_start_minimized(False)
    prefs.pause(None)
    prefs.resume()
    assert prefs.get().start_minimized is False


def test_quiet_hours_change_and_none(prefs, announced):
    prefs.set_quiet_hours(time(22, 30), time(7, 15))
    assert prefs.quiet_hours() == (time(22, 30), time(7, 15))
    count = len(announced)
    prefs.set_quiet_hours(time(22, 30), time(7, 15))  # unchanged: nothing re-derived
    assert len(announced) == count
    prefs.set_quiet_hours(time(0, 0), time(0, 0))
    assert prefs.quiet_hours() == (time(0, 0), time(0, 0))


def test_quiet_hours_must_be_times(prefs):
    with pytest.raises(ValidationError) as caught:
        prefs.set_quiet_hours("22:00", time(7, 0))  # type: ignore[arg-type]
    assert caught.value.field == "quiet_start"


@pytest.mark.parametrize(
    "stored",
    [None, "junk", {"paused_until": "not a date"}, {"paused_until": "2026-03-10T12:00:00"}],
)
def test_unreadable_stored_values_fall_back(stored):
    prefs = NotificationPrefs.from_json(stored)
    assert prefs.paused_until is None and prefs.start_minimized is True
