"""Plugs reminders into the main window: scheduler, tray, notifications, due panel, bar.

``install_reminders(window)`` is the one call ``app.run_gui`` makes. It picks the backends
for this desktop:

* a tray → the tray icon; closing the window hides it (a one-time hint says so); notifications
  through ``org.freedesktop.Notifications`` with buttons when the server supports actions,
  else the tray's own balloons;
* no tray → no hide-on-close (the app could not be reached again); reminders in the window's
  notification bar, plus desktop notifications when a server exists; it says why, once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QSystemTrayIcon

from followup_desktop import APP_NAME
from followup_desktop.services.announcements import Announcement
from followup_desktop.services.reminders import DueSnapshot, ReminderScheduler
from followup_desktop.ui.due_panel import DueDock
from followup_desktop.ui.followup_actions import FollowUpActions
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.notification_bar import InWindowNotifier, NotificationBar, install_bar
from followup_desktop.ui.notifications import (
    ACTION_COMPOSE,
    ACTION_DEFAULT,
    ACTION_DONE,
    ACTION_SNOOZE,
    FanOutNotifier,
    FreedesktopNotifier,
    Notifier,
    TrayMessageNotifier,
)

if TYPE_CHECKING:
    from followup_desktop.ui.tray import TrayIcon

log = logging.getLogger(__name__)

#: QSettings keys of the one-time messages
CLOSE_HINT_KEY = "notifications/close_hint_shown"
NO_TRAY_KEY = "notifications/no_tray_explained"
NO_TRAY_NOTICE = (
    "No system tray was found on this desktop, so {app} cannot keep running in the background:"
    "\nclosing this window quits it. Reminders appear here while it is open{extra}."
)


class Reminders(QObject):
    """Everything reminders put into the window, for the app and the tests to reach."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actions = FollowUpActions(window)
        self.scheduler = ReminderScheduler(window.services, parent=self)
        self.dock = DueDock(self.actions, self.scheduler, window)
        self.bar: NotificationBar = install_bar(window)
        #: the one-time "no tray" explanation, on a bar of its own
        self.notice_bar: NotificationBar | None = None
        self.tray: TrayIcon | None = None
        self.notifier: Notifier | None = None

    @property
    def has_tray(self) -> bool:
        return self.tray is not None

    def starts_hidden(self, minimized: bool) -> bool:
        """Whether the window stays hidden at start (``--minimized``, and only with a tray)."""
        return minimized and self.has_tray

    def show_all(self) -> None:
        """The window with the due panel in front (tray "All follow-ups…", grouped click)."""
        self.window.show_and_raise()
        self.dock.show()
        self.dock.raise_()

    def on_action(self, announcement: Announcement, key: str) -> None:
        """What the user chose on a notification (or the bar): act, mostly without the window."""
        fid = announcement.single_id
        if key == ACTION_DEFAULT:
            if fid is not None:
                self.actions.open(fid)
            else:
                self.show_all()
        elif fid is None:
            log.info("action %r on a grouped notification ignored", key)
        elif key == ACTION_DONE:
            self.actions.mark_done(fid)
        elif key == ACTION_SNOOZE:
            self.actions.snooze_by(fid, "hour")
        elif key == ACTION_COMPOSE:
            self.actions.compose(fid)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        closing = watched is self.window and event.type() == QEvent.Type.Close
        if closing and self.window.close_to_tray:
            self._close_hint()
        return False

    def withdraw_handled(self, snapshot: DueSnapshot) -> None:
        """Take back notifications about follow-ups no longer due (done in the window)."""
        if self.notifier is None:
            return
        shown = self.notifier.shown_ids()
        if shown:
            self.notifier.withdraw(self.scheduler.due_list.still_due(shown, snapshot.now))

    def open_on(self, followup_id: int) -> None:
        """The window was opened on a follow-up: show it selected in the due panel."""
        self.dock.show()
        self.dock.raise_()
        self.dock.panel.select_followup(followup_id)

    def _session_ending(self) -> None:
        # Logging out asks every window to close; one that hides to the tray would refuse
        # and could hold up the logout.
        self.window.close_to_tray = False

    def _close_hint(self) -> None:
        settings = QSettings()
        if self.tray is None or settings.value(CLOSE_HINT_KEY, False, type=bool):
            return
        settings.setValue(CLOSE_HINT_KEY, True)
        self.tray.tray.showMessage(
            f"{APP_NAME} is still running",
            "It keeps reminding you from the tray. To quit, choose Quit in the tray menu "
            "or press Ctrl+Q.",
            QSystemTrayIcon.MessageIcon.Information,
            10000,
        )

    def stop(self) -> None:
        self.scheduler.stop()
        if self.tray is not None:
            self.tray.hide()


def _tabify_left(window: MainWindow, dock: QDockWidget) -> None:
    """Put the due panel in a tab beside the contacts (any other left dock), the first time.

    Runs once the event loop starts, when every feature has added its docks; a saved window
    layout (restored by then) is the user's own and is left alone.
    """
    if QSettings().contains("window/state"):
        return
    area = Qt.DockWidgetArea.LeftDockWidgetArea
    others = [
        d
        for d in window.findChildren(QDockWidget)
        if d is not dock and window.dockWidgetArea(d) == area and not d.isFloating()
    ]
    if others:
        window.tabifyDockWidget(others[0], dock)
        others[0].raise_()


def install_reminders(window: MainWindow, *, start: bool = True, defer: bool = False) -> Reminders:
    """Install reminders into ``window`` and (unless ``start`` is False) start the scheduler.

    Args:
        window: the main window, before ``finish_menus`` and ``restore_state``.
        start: start the scheduler, right after the window's first painted frame (tests may
            want to set a clock first).
        defer: leave what the first frame does not show until right after it
            (``window.after_first_frame``): the tray icon with its notifications (~10 ms
            with a tray: the icon's pixmaps, a D-Bus round trip) and the Notifications
            settings page. Without a tray the window's own notification bar is set up at
            once: its one-time notice is part of the first frame.

    Returns:
        The installed pieces (``tray`` and ``notifier`` filled once the desktop is hooked
        up: at once, or after the first frame with ``defer``).
    """
    reminders = Reminders(window)
    window.add_dock(reminders.dock, Qt.DockWidgetArea.LeftDockWidgetArea, "Ctrl+2")
    QTimer.singleShot(0, lambda: _tabify_left(window, reminders.dock))
    window.sig_followup_opened.connect(reminders.open_on)
    window.installEventFilter(reminders)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.commitDataRequest.connect(reminders._session_ending)
    if defer and QSystemTrayIcon.isSystemTrayAvailable():
        window.after_first_frame(lambda: _connect_desktop(reminders))
    else:
        _connect_desktop(reminders)
    if defer:
        window.after_first_frame(_register_settings_page)
    else:
        _register_settings_page()
    if start:
        # The first check (catch-up, counts, lists) waits until the board is on screen.
        window.after_first_frame(reminders.scheduler.start)
    return reminders


def _register_settings_page() -> None:
    from followup_desktop.ui.settings import notifications_page  # noqa: F401 (registers it)


def _connect_desktop(reminders: Reminders) -> None:
    """The tray icon and desktop notifications if this desktop has them, else the bar."""
    window = reminders.window
    capabilities = FreedesktopNotifier.probe()
    if QSystemTrayIcon.isSystemTrayAvailable():
        from followup_desktop.ui.tray import TrayIcon

        reminders.tray = TrayIcon(
            window, reminders.actions, reminders.scheduler, reminders.show_all
        )
        reminders.tray.show()
        window.close_to_tray = True
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)
        if capabilities is not None and "actions" in capabilities:
            notifier: Notifier = FreedesktopNotifier(capabilities, reminders)
        else:
            notifier = TrayMessageNotifier(reminders.tray.tray, reminders)
    else:
        in_window = InWindowNotifier(reminders.bar, reminders)
        if capabilities is not None:
            notifier = FanOutNotifier([FreedesktopNotifier(capabilities), in_window], reminders)
        else:
            notifier = in_window
        _explain_no_tray(reminders, desktop=capabilities is not None)
    log.info("reminders: tray=%s, notifications=%s", reminders.has_tray, notifier.name)
    reminders.notifier = notifier
    notifier.sig_action.connect(reminders.on_action)
    reminders.scheduler.notifier = notifier
    reminders.scheduler.sig_due_changed.connect(reminders.withdraw_handled)


def _explain_no_tray(reminders: Reminders, *, desktop: bool) -> None:
    extra = " and as desktop notifications" if desktop else ""
    text = NO_TRAY_NOTICE.format(app=APP_NAME, extra=extra)
    log.warning("no system tray: %s", text)
    settings = QSettings()
    if settings.value(NO_TRAY_KEY, False, type=bool):
        return
    settings.setValue(NO_TRAY_KEY, True)
    reminders.notice_bar = install_bar(reminders.window, "NoticeBar")
    reminders.notice_bar.show_notice(text)
