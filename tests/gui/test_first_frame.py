"""Start-up work that waits for the window's first painted frame (ui/first_frame.py)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from followup_desktop.ui import first_frame
from followup_desktop.ui.first_frame import FirstFrame


def test_the_queue_runs_once_right_after_the_first_paint(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    frame = FirstFrame(window)
    ran: list[str] = []
    painted: list[bool] = []

    class Spy(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(not ran)
            return False

    spy = Spy(window)
    window.installEventFilter(spy)
    frame.later(lambda: ran.append("first"))
    frame.later(lambda: ran.append("second"))
    qtbot.wait(50)
    assert ran == []  # not shown, not painted: nothing runs
    window.show()
    qtbot.waitUntil(lambda: ran == ["first", "second"])
    assert painted and painted[0], "the queue ran before the first paint"
    window.update()
    qtbot.wait(20)
    frame.later(lambda: ran.append("late"))
    qtbot.waitUntil(lambda: ran == ["first", "second", "late"])


def test_a_window_that_is_never_painted_runs_the_queue_after_a_while(qtbot, monkeypatch):
    monkeypatch.setattr(first_frame, "FALLBACK_MS", 30)
    window = QWidget()
    qtbot.addWidget(window)
    frame = FirstFrame(window)

    class NoPaint(QObject):  # installed last, so it sees (and swallows) paints first
        def eventFilter(self, obj, event):
            return event.type() == QEvent.Type.Paint

    blocker = NoPaint(window)
    window.installEventFilter(blocker)
    ran: list[int] = []
    frame.later(lambda: ran.append(1))
    window.show()
    qtbot.waitUntil(lambda: ran == [1], timeout=2000)
    assert frame.done


def test_release_runs_the_queue_at_once_and_only_once():
    window = QWidget()
    frame = FirstFrame(window)
    ran: list[int] = []
    frame.later(lambda: ran.append(1))
    frame.release()
    frame.release()
    assert ran == [1]
    window.deleteLater()


def test_the_first_reminder_check_waits_for_the_board_to_be_on_screen(qtbot, data_dir):
    from followup_desktop.services import Services
    from followup_desktop.store.db import close_store, open_store
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.reminders_setup import install_reminders

    services = Services.create(db_path=open_store(data_dir))
    try:
        window = MainWindow(services)
        qtbot.addWidget(window)
        reminders = install_reminders(window)
        window.finish_menus()
        qtbot.wait(20)
        assert reminders.scheduler.last is None
        window.show()
        qtbot.waitUntil(lambda: reminders.scheduler.last is not None)
        reminders.scheduler.stop()
        window.bridge.detach()
    finally:
        close_store()


def test_the_contacts_sidebar_fills_right_after_the_first_frame(qtbot, data_dir):
    from followup_desktop.core.facts import ContactKind
    from followup_desktop.services import Services
    from followup_desktop.store.db import close_store, open_store
    from followup_desktop.ui.contacts.wiring import install_contacts
    from followup_desktop.ui.main_window import MainWindow

    services = Services.create(db_path=open_store(data_dir))
    try:
        services.contacts.create_contact("Hana Ito", kind="hr", organization="Acme Ltd")
        window = MainWindow(services)
        qtbot.addWidget(window)
        sidebar = install_contacts(window).sidebar
        window.finish_menus()
        assert sidebar.model.rowCount() == 0  # nothing read before the board is on screen
        window.show()
        qtbot.waitUntil(lambda: sidebar.model.rowCount() == 1)
        assert [p.name for p in sidebar.model.people_in(ContactKind.HR)] == ["Hana Ito"]
        window.bridge.detach()
    finally:
        close_store()
