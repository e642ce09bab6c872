"""Without a tray (offscreen has none) the app keeps working: reminders in the window's bar,
no hide-on-close, and it says why once. Also the due panel and the tray menu's contents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fixed_clock import START
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from followup_desktop.services import Services
from followup_desktop.store import models as m
from followup_desktop.ui import reminders_setup
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.notification_bar import InWindowNotifier
from followup_desktop.ui.notifications import FreedesktopNotifier
from followup_desktop.ui.reminders_setup import (
    CLOSE_HINT_KEY,
    NO_TRAY_KEY,
    Reminders,
    install_reminders,
)
from followup_desktop.ui.tray import MENU_ITEMS, TrayIcon


@pytest.fixture(autouse=True)
def _no_desktop(monkeypatch):
    """No notification server either, whatever session bus the test runs in; fresh hints."""
    monkeypatch.setattr(FreedesktopNotifier, "probe", staticmethod(lambda: None))
    settings = QSettings()
    settings.remove(NO_TRAY_KEY)
    settings.remove(CLOSE_HINT_KEY)


@pytest.fixture
def window(qtbot, services) -> Iterator[MainWindow]:
    w = MainWindow(services)
    qtbot.addWidget(w)
    yield w
    w.close_to_tray = False


@pytest.fixture
def reminders(window) -> Iterator[Reminders]:
    r = install_reminders(window, start=False)
    window.finish_menus()
    yield r
    r.stop()


def interview(services: Services, company: str = "Acme Ltd") -> int:
    return services.board.create_interview(company, "Product Designer", "applied")


def add(services: Services, title: str, due: datetime, company: str = "Acme Ltd") -> int:
    return services.followups.add_custom(interview(services, company), title, due)


def state(followup_id: int) -> str:
    return str(m.FollowUp.get_by_id(followup_id).state)


def test_offscreen_has_no_tray(qapp):
    assert not QSystemTrayIcon.isSystemTrayAvailable()


def test_no_tray_keeps_the_window_and_says_why_once(qtbot, services, window, reminders):
    assert reminders.tray is None and not reminders.has_tray
    assert window.close_to_tray is False
    assert isinstance(reminders.notifier, InWindowNotifier)
    assert not reminders.starts_hidden(minimized=True)  # --minimized would hide it for good
    window.show()
    notice = reminders.notice_bar
    assert notice is not None
    qtbot.waitUntil(lambda: notice.isVisible())
    assert "No system tray" in notice.text.text()
    assert "closing this window quits" in notice.text.text()

    second = MainWindow(services)
    qtbot.addWidget(second)
    again = install_reminders(second, start=False)
    assert again.notice_bar is None  # said once, not at every start
    again.stop()


def test_closing_the_window_quits_when_there_is_no_tray(window, reminders, monkeypatch):
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    event = QCloseEvent()
    window.closeEvent(event)
    assert event.isAccepted() and quits == [True]


def test_a_due_follow_up_shows_in_the_bar_and_done_acts(qtbot, services, window, reminders, clock):
    fid = add(services, "Send my portfolio to Acme Ltd", START + timedelta(minutes=5))
    window.show()
    reminders.scheduler.start()
    qtbot.waitUntil(lambda: reminders.scheduler.last is not None)
    bar = reminders.bar
    assert not bar.isVisible()

    clock.now = START + timedelta(minutes=5)
    reminders.scheduler.timer_fired()

    qtbot.waitUntil(bar.isVisible)
    assert bar.text.text().startswith("Send my portfolio to Acme Ltd\nBy tomorrow 12:05")
    qtbot.mouseClick(bar.buttons["done"], Qt.MouseButton.LeftButton)
    assert state(fid) == "done"
    assert not bar.isVisible()
    window.undo_stack.undo()  # done from a notification is undoable in the window
    assert state(fid) == "pending"


def test_open_from_the_bar_selects_it_in_the_due_panel(qtbot, services, window, reminders):
    add(services, "Ask for feedback", START - timedelta(hours=1), company="Globex")
    fid = add(services, "Send my portfolio to Acme Ltd", START - timedelta(minutes=1))
    window.show()
    reminders.scheduler.start()
    qtbot.waitUntil(reminders.bar.isVisible)
    assert reminders.bar.text.text().startswith("2 follow-ups fell due while Follow-Up was")
    reminders.dock.hide()

    reminders.on_action(reminders.bar.announcement, "default")  # grouped: show them all
    assert reminders.dock.isVisible()
    window.open_followup(fid)
    assert reminders.dock.panel.selected_id() == fid


def test_due_panel_sections_and_actions(qtbot, services, window, reminders, clock):
    overdue = add(services, "Chase Globex", START - timedelta(days=3), company="Globex")
    due = add(services, "Send my portfolio to Acme Ltd", START - timedelta(minutes=1))
    later = add(
        services, "Thank Initech for the interview", START + timedelta(days=2), company="Initech"
    )
    window.show()
    reminders.scheduler.start()
    qtbot.waitUntil(lambda: reminders.scheduler.last is not None)
    panel = reminders.dock.panel
    tree = panel.tree
    rows = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert rows == [
        "Overdue · 1",
        "Chase Globex",
        "Today · 1",
        "Send my portfolio to Acme Ltd",
        "Upcoming (next 14 days) · 1",
        "Thank Initech for the interview",
    ]
    assert panel.summary.text() == "1 overdue · 1 today · 1 upcoming"
    assert not panel.buttons["done"].isEnabled()  # nothing selected

    assert panel.select_followup(due)
    qtbot.mouseClick(panel.buttons["done"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.select_followup(due))
    assert state(due) == "done"
    panel.select_followup(overdue)
    qtbot.mouseClick(panel.buttons["dismiss"], Qt.MouseButton.LeftButton)
    assert state(overdue) == "dismissed"
    panel.select_followup(later)
    assert panel.followup_actions.snooze_by(later, "next_week")
    assert state(later) == "snoozed"


def test_compose_opens_the_follow_up_until_a_compose_dialog_connects(
    qtbot, services, window, reminders
):
    fid = add(services, "Send my portfolio to Acme Ltd", START - timedelta(minutes=1))
    with qtbot.waitSignal(window.sig_followup_opened) as opened:
        reminders.actions.compose(fid)
    assert opened.args == [fid]

    composed: list[int] = []
    window.sig_compose_requested.connect(composed.append)
    with qtbot.assertNotEmitted(window.sig_followup_opened):
        reminders.actions.compose(fid)
    assert composed == [fid]


def test_a_vanished_follow_up_says_so(services, window, reminders):
    assert not reminders.actions.mark_done(9999)
    assert "no longer exists" in window.statusBar().currentMessage()


def test_tray_menu_lists_the_most_urgent_first_and_acts(qtbot, services, window, reminders):
    """The tray itself is absent offscreen, but its icon, tooltip and menu are built."""
    ids = [
        add(
            services,
            f"Thank Company {n} for the interview",
            START - timedelta(hours=n),
            company=f"Company {n}",
        )
        for n in range(12)
    ]
    tray = TrayIcon(window, reminders.actions, reminders.scheduler, reminders.show_all)
    reminders.scheduler.start()
    qtbot.waitUntil(lambda: reminders.scheduler.last is not None)

    labels = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert labels[0] == "12 follow-ups due"
    items = [a for a in tray.menu.actions() if a.menu() is not None and "Company" in a.text()]
    assert len(items) == MENU_ITEMS
    assert labels[MENU_ITEMS + 1] == "All follow-ups… (2 more)"
    assert labels[-3:] == ["Open Follow-Up", "Pause notifications", "Quit"]
    submenu = items[0].menu()
    assert isinstance(submenu, QMenu)
    entries = [a.text() for a in submenu.actions() if not a.isSeparator()]
    assert entries == ["Compose…", "Mark done", "Snooze", "Dismiss", "Open interview"]
    assert "12 follow-ups due" in tray.tray.toolTip()

    first = int(submenu.objectName().removeprefix("followup_"))
    assert first == ids[-1]  # the longest overdue comes first
    next(a for a in submenu.actions() if a.text() == "Mark done").trigger()
    assert state(first) == "done"
    qtbot.waitUntil(lambda: tray.menu.actions()[0].text() == "11 follow-ups due")
    tray.hide()


def test_pause_from_the_tray_menu(qtbot, services, window, reminders):
    tray = TrayIcon(window, reminders.actions, reminders.scheduler, reminders.show_all)
    reminders.scheduler.start()
    pause = next(a.menu() for a in tray.menu.actions() if a.text() == "Pause notifications")
    next(a for a in pause.actions() if a.text() == "For 1 hour").trigger()
    assert reminders.scheduler.prefs.get().is_paused(START)
    qtbot.waitUntil(lambda: any(a.text().startswith("Resume") for a in tray.menu.actions()))
    tray.hide()


def test_reminders_module_documents_the_notice():
    assert "{app}" in reminders_setup.NO_TRAY_NOTICE


def test_a_hidden_panel_catches_up_when_shown(qtbot, services, window, reminders):
    reminders.scheduler.start()
    qtbot.waitUntil(lambda: reminders.scheduler.last is not None)
    panel = reminders.dock.panel
    fid = add(services, "Send my portfolio to Acme Ltd", START - timedelta(minutes=1))
    qtbot.waitUntil(lambda: reminders.scheduler.last.due_count == 1)
    assert panel.tree.topLevelItemCount() == 0  # in the tray: no work for an unseen list

    window.show()

    qtbot.waitUntil(lambda: panel.select_followup(fid))


def test_a_left_click_on_the_tray_icon_shows_or_hides_the_window(qtbot, window, reminders):
    tray = TrayIcon(window, reminders.actions, reminders.scheduler, reminders.show_all)
    window.close_to_tray = True  # as with a real tray
    window.show()
    qtbot.waitExposed(window)

    tray._on_activated(QSystemTrayIcon.ActivationReason.Trigger)
    assert not window.isVisible()
    tray._on_activated(QSystemTrayIcon.ActivationReason.Context)  # the menu, not a toggle
    assert not window.isVisible()
    tray._on_activated(QSystemTrayIcon.ActivationReason.Trigger)
    assert window.isVisible()
    tray.hide()


def test_undo_of_done_snooze_and_dismiss_puts_the_follow_up_back_exactly(
    services, window, reminders, clock
):
    fid = add(services, "Chase Acme Ltd", START + timedelta(hours=1))
    services.followups.mark_notified([fid], at=START)
    assert reminders.actions.snooze_by(fid, "next_week")

    def stored() -> tuple[object, ...]:
        row = m.FollowUp.get_by_id(fid)
        return (row.state, row.snoozed_until, row.notified_at, row.done_at, row.user_edited)

    snoozed = stored()
    assert reminders.actions.mark_done(fid)  # done while snoozed (the due panel offers it)
    window.undo_stack.undo()
    assert stored() == snoozed  # the snooze is still there
    window.undo_stack.undo()  # and undoing the snooze does not announce it again
    assert stored() == ("pending", None, START, None, True)
    window.undo_stack.redo()
    window.undo_stack.redo()
    assert stored()[0] == "done"
