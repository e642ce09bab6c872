"""The app in a desktop session (Xvfb + D-Bus, fake tray watcher and notification server):
its tray icon registers, a follow-up falling due is notified with the right words, and the
test plays the user pressing Done (acts without the window) or clicking the notification
(the window opens on it)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSystemTrayIcon

from followup_desktop.services import Services
from followup_desktop.store.db import close_store, open_store
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.notifications import (
    FreedesktopNotifier,
    TrayMessageNotifier,
)
from followup_desktop.ui.reminders_setup import CLOSE_HINT_KEY, Reminders, install_reminders

pytestmark = pytest.mark.e2e

LONDON = ZoneInfo("Europe/London")
#: a Thursday morning, outside quiet hours
BASE = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)


class TickingClock:
    """Real time, starting from BASE: the scheduler's real timer waits real seconds."""

    def __init__(self) -> None:
        self._t0 = time.monotonic()

    def __call__(self) -> datetime:
        return BASE + timedelta(seconds=time.monotonic() - self._t0)


@pytest.fixture
def services(data_dir: Path) -> Iterator[Services]:
    path = open_store(data_dir)
    yield Services.create(clock=TickingClock(), tz=LONDON, db_path=path)
    close_store()


@pytest.fixture
def app_window(qtbot, services) -> Iterator[tuple[MainWindow, Reminders]]:
    QSettings().remove(CLOSE_HINT_KEY)
    window = MainWindow(services)
    qtbot.addWidget(window)
    reminders = install_reminders(window, start=False)
    window.finish_menus()
    yield window, reminders
    reminders.stop()
    window.close_to_tray = False


def db_state(services: Services, followup_id: int) -> str:
    """The follow-up's state as a fresh connection to the file sees it."""
    assert services.db_path is not None
    with sqlite3.connect(services.db_path) as con:
        (value,) = con.execute(
            "SELECT state FROM follow_up WHERE id = ?", (followup_id,)
        ).fetchone()
    return str(value)


def thank_you_falling_due(services: Services, in_seconds: float = 1.5) -> datetime:
    """An Acme Ltd interview whose round ends in a moment: its thank-you then falls due."""
    interview = services.board.create_interview("Acme Ltd", "Product Designer", "scheduled")
    hr = services.contacts.create_contact("Jane Smith", email="jane@acme.test")
    services.contacts.link(interview, hr, "hr")
    ends = services.ctx.now() + timedelta(seconds=in_seconds)
    services.rounds.add_round(interview, ends - timedelta(hours=1), ends)
    return ends


def the_thank_you(services: Services) -> int:
    (item,) = [f for f in services.followups.due() if f.title.startswith("Thank Acme")]
    return item.id


def test_the_tray_icon_registers_with_the_watcher(app_window, fake_tray_watcher):
    _window, reminders = app_window
    assert QSystemTrayIcon.isSystemTrayAvailable()
    assert reminders.tray is not None and reminders.window.close_to_tray
    assert fake_tray_watcher.wait_for_item().startswith(":")
    assert isinstance(reminders.notifier, FreedesktopNotifier)
    assert reminders.notifier.has_buttons


def test_a_follow_up_falling_due_is_notified_and_done_acts_without_the_window(
    qtbot, app_window, services, fake_notification_server
):
    window, reminders = app_window
    thank_you_falling_due(services)
    reminders.scheduler.start()  # the timer, really waiting for the round to end

    note = fake_notification_server.wait_for_notification(
        timeout=10, predicate=lambda n: n["summary"].startswith("Thank")
    )
    assert note["summary"] == "Thank Acme Ltd for the interview"
    assert note["body"] == "To Jane Smith — by Sat 14 Mar 23:59\nAcme Ltd — Product Designer"
    assert note["app_name"] == "Follow-Up"
    assert note["actions"] == [
        "default",
        "Open",
        "compose",
        "Compose…",
        "done",
        "Done",
        "snooze",
        "Snooze 1 hour",
    ]
    fid = the_thank_you(services)
    assert db_state(services, fid) == "pending"

    fake_notification_server.invoke_action(note["id"], "done")

    qtbot.waitUntil(lambda: db_state(services, fid) == "done", timeout=5000)
    assert not window.isVisible()  # acted without opening the window
    assert fake_notification_server.notifications() == [note]  # told once


def test_clicking_the_notification_opens_the_window_on_it(
    qtbot, app_window, services, fake_notification_server
):
    window, reminders = app_window
    thank_you_falling_due(services, in_seconds=0.5)
    reminders.scheduler.start()
    note = fake_notification_server.wait_for_notification(timeout=10)
    fid = the_thank_you(services)
    assert not window.isVisible()

    with qtbot.waitSignal(window.sig_followup_opened, timeout=5000) as opened:
        fake_notification_server.invoke_action(note["id"], "default")

    assert opened.args == [fid]
    assert window.isVisible()
    assert reminders.dock.isVisible() and reminders.dock.panel.selected_id() == fid
    assert db_state(services, fid) == "pending"


def test_snooze_from_the_notification(qtbot, app_window, services, fake_notification_server):
    _window, reminders = app_window
    thank_you_falling_due(services, in_seconds=0.3)
    reminders.scheduler.start()
    note = fake_notification_server.wait_for_notification(timeout=10)
    fid = the_thank_you(services)

    fake_notification_server.invoke_action(note["id"], "snooze")

    qtbot.waitUntil(lambda: db_state(services, fid) == "snoozed", timeout=5000)
    snoozed = services.followups.get(fid).snoozed_until
    assert snoozed is not None
    assert timedelta(minutes=59) < snoozed - services.ctx.now() <= timedelta(hours=1)


def test_what_fell_due_while_closed_is_one_summary(
    qtbot, app_window, services, fake_notification_server
):
    _window, reminders = app_window
    interview = services.board.create_interview("Globex", "Data Analyst", "applied")
    for n in range(3):
        services.followups.add_custom(
            interview, f"Send item {n} to Globex", BASE - timedelta(hours=n + 1)
        )

    reminders.scheduler.start()

    note = fake_notification_server.wait_for_notification(timeout=10)
    assert note["summary"] == "3 follow-ups fell due while Follow-Up was closed"
    assert note["actions"] == ["default", "Open"]  # no Done for three at once
    qtbot.wait(300)
    assert len(fake_notification_server.notifications()) == 1  # never a flood

    fake_notification_server.invoke_action(note["id"], "default")
    qtbot.waitUntil(lambda: reminders.dock.isVisible() and reminders.window.isVisible())


def test_closing_hides_to_the_tray_with_a_one_time_hint(
    qtbot, app_window, fake_notification_server
):
    window, reminders = app_window
    reminders.scheduler.start()
    window.show()
    qtbot.waitExposed(window)

    window.close()

    assert not window.isVisible()
    hint = fake_notification_server.wait_for_notification(
        timeout=5, predicate=lambda n: "still running" in n["summary"]
    )
    assert "Ctrl+Q" in hint["body"]
    window.show()
    window.close()
    qtbot.wait(300)
    hints = [n for n in fake_notification_server.notifications() if "still running" in n["summary"]]
    assert len(hints) == 1
    assert reminders.tray is not None
    assert [a.text() for a in reminders.tray.menu.actions()][-1] == "Quit"


def test_without_actions_the_tray_balloon_is_used_and_a_click_opens_it(
    qtbot, services, fake_notification_server, monkeypatch
):
    monkeypatch.setattr(FreedesktopNotifier, "probe", staticmethod(lambda: ["body"]))
    window = MainWindow(services)
    qtbot.addWidget(window)
    reminders = install_reminders(window, start=False)
    try:
        assert isinstance(reminders.notifier, TrayMessageNotifier)
        thank_you_falling_due(services, in_seconds=0.3)
        reminders.scheduler.start()
        note = fake_notification_server.wait_for_notification(timeout=10)
        assert note["summary"] == "Thank Acme Ltd for the interview"
        assert note["actions"] == []  # showMessage sends no buttons
        fid = the_thank_you(services)

        with qtbot.waitSignal(window.sig_followup_opened, timeout=5000) as opened:
            fake_notification_server.invoke_action(note["id"], "default")
        assert opened.args == [fid] and window.isVisible()
    finally:
        reminders.stop()
        window.close_to_tray = False


def test_the_app_started_minimized_lives_in_the_tray_and_announces_at_start(
    tmp_path, fake_tray_watcher, fake_notification_server
):
    """The real ``followup-desktop --minimized``: its tray icon registers, and what is due in
    the sample data is announced once, as a summary."""
    import os
    import subprocess
    import sys

    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    run = [sys.executable, "-m", "followup_desktop", "--data-dir", str(data)]
    subprocess.run([*run, "demo", "--size", "20"], check=True, env=env, capture_output=True)

    done = subprocess.run(
        [*run, "--minimized", "--quit-after", "1500"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert fake_tray_watcher.registered_items()
    summary = fake_notification_server.wait_for_notification(timeout=5)
    # The sample data always has several follow-ups due at once.
    assert "follow-ups fell due while Follow-Up was closed" in summary["summary"]
    assert summary["actions"] == ["default", "Open"]
    assert len(fake_notification_server.notifications()) == 1


def test_a_notification_is_taken_back_when_done_in_the_window(
    qtbot, app_window, services, fake_notification_server
):
    _window, reminders = app_window
    thank_you_falling_due(services, in_seconds=0.3)
    reminders.scheduler.start()
    note = fake_notification_server.wait_for_notification(timeout=10)

    reminders.actions.mark_done(the_thank_you(services))

    qtbot.waitUntil(lambda: fake_notification_server.closed_ids() == [note["id"]], timeout=5000)
