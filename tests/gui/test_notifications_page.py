"""Settings ▸ Notifications: quiet hours, start at login (minimized), pause — saved through
the services; a bad value is refused with the field named and shown on the page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QTime

from followup_desktop.autostart import XdgAutostart
from followup_desktop.core.errors import ValidationError
from followup_desktop.services import Services
from followup_desktop.services.notification_prefs import NotificationPrefsService
from followup_desktop.store.db import close_store, open_store
from followup_desktop.ui.settings.notifications_page import NotificationsPage
from followup_desktop.ui.settings.registry import page_factories

START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def services(data_dir: Path) -> Iterator[Services]:
    path = open_store(data_dir)
    yield Services.create(clock=lambda: START, tz=ZoneInfo("Europe/London"), db_path=path)
    close_store()


@pytest.fixture
def autostart(tmp_path) -> XdgAutostart:
    return XdgAutostart(tmp_path / "config")


@pytest.fixture
def page(qtbot, services, autostart) -> NotificationsPage:
    p = NotificationsPage(services, None, autostart=autostart)
    qtbot.addWidget(p)
    return p


def prefs(services: Services) -> NotificationPrefsService:
    return NotificationPrefsService(services.settings)


def test_registered_as_a_settings_page():
    assert NotificationsPage in page_factories()


def test_shows_the_defaults(page, autostart):
    assert page.title == "Notifications"
    assert page.quiet.isChecked()
    assert (page.quiet_start.time(), page.quiet_end.time()) == (QTime(21, 0), QTime(8, 0))
    assert not page.at_login.isChecked()
    assert page.minimized.isChecked()
    assert page.pause.currentText() == "Notifications are on"


def test_saves_quiet_hours_start_at_login_and_a_pause(page, services, autostart):
    page.quiet_start.setTime(QTime(22, 30))
    page.quiet_end.setTime(QTime(7, 0))
    page.at_login.setChecked(True)
    page.pause.setCurrentIndex(page.pause.findData("hour"))

    page.apply()

    saved = prefs(services)
    assert saved.quiet_hours() == (time(22, 30), time(7, 0))
    assert autostart.is_enabled()
    assert autostart.path.read_text().count("--minimized") == 1
    assert saved.get().paused_until == START + timedelta(hours=1)


def test_start_at_login_without_minimized_then_off(page, autostart, services):
    page.at_login.setChecked(True)
    page.minimized.setChecked(False)
    page.apply()
    assert "--minimized" not in autostart.path.read_text()
    assert prefs(services).get().start_minimized is False

    page.at_login.setChecked(False)
    page.apply()
    assert not autostart.is_enabled()


def test_no_quiet_hours(page, services):
    page.quiet.setChecked(False)
    assert not page.quiet_start.isEnabled()
    page.apply()
    start, end = prefs(services).quiet_hours()
    assert start == end


def test_quiet_hours_that_end_when_they_start_are_refused(page, services):
    page.quiet_start.setTime(QTime(9, 0))
    page.quiet_end.setTime(QTime(9, 0))
    with pytest.raises(ValidationError) as caught:
        page.apply()
    assert caught.value.field == "quiet_end"
    assert page.error.isVisibleTo(page) and "different time" in page.error.text()
    assert prefs(services).quiet_hours() == (time(21, 0), time(8, 0))  # nothing saved


def test_a_paused_page_offers_resume(qtbot, services, autostart):
    prefs(services).pause(None)
    p = NotificationsPage(services, None, autostart=autostart)
    qtbot.addWidget(p)
    assert p.pause.currentText() == "Paused until resumed"
    p.pause.setCurrentIndex(p.pause.findData("resume"))
    p.apply()
    assert not prefs(services).get().paused


def test_an_unwritable_autostart_folder_names_the_field(qtbot, services, tmp_path):
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    p = NotificationsPage(services, None, autostart=XdgAutostart(blocker))
    qtbot.addWidget(p)
    p.at_login.setChecked(True)
    with pytest.raises(ValidationError) as caught:
        p.apply()
    assert caught.value.field == "start_at_login"
    assert "start at login" in p.error.text()
