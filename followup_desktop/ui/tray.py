"""The tray icon: a badge counting what is due, a tooltip summary, and a menu to act at once.

Left click shows or hides the window. The menu lists the due follow-ups, most urgent first
(up to :data:`MENU_ITEMS`, then "All follow-ups…"), each a submenu — Compose…, Mark done,
Snooze ▸, Dismiss, Open interview — then Open Follow-Up, Pause notifications ▸ and Quit.

The menu is rebuilt whenever the reminder scheduler publishes a new :class:`DueSnapshot`
(never while it is open): on Linux it is exported over D-Bus (dbusmenu) and built on demand
menus there are unreliable.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from followup_desktop import APP_NAME
from followup_desktop.core.errors import FollowUpError
from followup_desktop.core.facts import DisplayState
from followup_desktop.core.snooze_times import snooze_choices
from followup_desktop.services.announcements import deadline_line, headline, when_text
from followup_desktop.services.reminders import DueSnapshot, ReminderScheduler
from followup_desktop.ui.badge_icon import DUE_COLOR, OVERDUE_COLOR, badged_icon
from followup_desktop.ui.followup_actions import FollowUpActions
from followup_desktop.ui.main_window import MainWindow

#: how many due follow-ups the menu lists before "All follow-ups…"
MENU_ITEMS = 10
_TITLE_CHARS = 60


def _dot(color: QColor) -> QIcon:
    pixmap = QPixmap(QSize(12, 12))
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawEllipse(2, 2, 8, 8)
    p.end()
    return QIcon(pixmap)


def _elide(text: str, limit: int = _TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class TrayIcon(QObject):
    """The app's ``QSystemTrayIcon`` and its menu.

    Args:
        window: the main window (shown/hidden by a click; Quit goes through it).
        actions: what the menu's per-follow-up entries do.
        scheduler: publishes what is due; the Pause menu changes its preferences.
        show_all: brings up the list of every follow-up (the due panel).
    """

    def __init__(
        self,
        window: MainWindow,
        actions: FollowUpActions,
        scheduler: ReminderScheduler,
        show_all: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.actions = actions
        self.scheduler = scheduler
        self._show_all = show_all
        self.tray = QSystemTrayIcon(badged_icon(0, False), self)
        self.tray.setToolTip(APP_NAME)
        # A menu has no parent widget: parented to the window it would close with it.
        self.menu = QMenu()
        self.menu.setObjectName("TrayMenu")
        self.tray.setContextMenu(self.menu)
        self.tray.activated.connect(self._on_activated)
        self._pending: DueSnapshot | None = None
        self.menu.aboutToHide.connect(self._apply_pending)
        self._count = (-1, False)
        self.update(DueSnapshot(scheduler.services.ctx.now(), ()))
        scheduler.sig_due_changed.connect(self.update)
        window.destroyed.connect(self.menu.deleteLater)

    def show(self) -> None:
        self.tray.show()

    def hide(self) -> None:
        self.tray.hide()

    # -- what it shows -------------------------------------------------------------------
    def update(self, snapshot: DueSnapshot) -> None:
        """Badge, tooltip and menu for ``snapshot`` (the menu waits while it is open)."""
        count = (snapshot.due_count, snapshot.overdue_count > 0)
        if count != self._count:
            self._count = count
            self.tray.setIcon(badged_icon(*count))
        self.tray.setToolTip(self.tooltip(snapshot))
        if self.menu.isVisible():
            self._pending = snapshot
        else:
            self._build_menu(snapshot)

    def tooltip(self, snapshot: DueSnapshot) -> str:
        lines = [APP_NAME]
        due, overdue = snapshot.due_count, snapshot.overdue_count
        if not due or not snapshot.due:
            lines.append("Nothing due — you are on top of your follow-ups.")
        else:
            text = f"{due} follow-up{'s' if due != 1 else ''} due"
            lines.append(text + (f", {overdue} overdue" if overdue else ""))
            first = snapshot.due[0]
            tz = self.scheduler.services.ctx.tz
            lines.append(
                f"Next: {_elide(headline(first))} — {deadline_line(first, snapshot.now, tz)}"
            )
        if snapshot.paused:
            lines.append("Notifications are paused.")
        elif snapshot.quiet and snapshot.held_until is not None:
            tz = self.scheduler.services.ctx.tz
            lines.append(
                f"Quiet hours: notifications wait until "
                f"{when_text(snapshot.held_until, snapshot.now, tz)}."
            )
        return "\n".join(lines)

    def _apply_pending(self) -> None:
        snapshot, self._pending = self._pending, None
        if snapshot is not None:
            self._build_menu(snapshot)

    def _build_menu(self, snapshot: DueSnapshot) -> None:
        menu = self.menu
        menu.clear()
        tz = self.scheduler.services.ctx.tz
        due, count = snapshot.due, snapshot.due_count
        header = menu.addAction(
            f"{count} follow-up{'s' if count != 1 else ''} due" if count else "Nothing due"
        )
        header.setEnabled(False)
        overdue_dot, due_dot = _dot(OVERDUE_COLOR), _dot(DUE_COLOR)
        for item in due[:MENU_ITEMS]:
            overdue = item.display is DisplayState.OVERDUE
            label = f"{_elide(headline(item))} — {deadline_line(item, snapshot.now, tz)}"
            sub = menu.addMenu(overdue_dot if overdue else due_dot, label.replace("&", "&&"))
            sub.setObjectName(f"followup_{item.id}")
            self.actions.fill_menu(sub, item)
        more = count - min(len(due), MENU_ITEMS)
        menu.addAction(
            f"All follow-ups… ({more} more)" if more > 0 else "All follow-ups…", self._show_all
        )
        menu.addSeparator()
        menu.addAction(f"Open {APP_NAME}", self.window.show_and_raise)
        self._add_pause_menu(snapshot)
        menu.addSeparator()
        menu.addAction("Quit", self.window.quit)

    def _add_pause_menu(self, snapshot: DueSnapshot) -> None:
        prefs = self.scheduler.prefs
        current = prefs.get()
        if current.is_paused(snapshot.now):
            until = current.paused_until
            tz = self.scheduler.services.ctx.tz
            note = f"until {when_text(until, snapshot.now, tz)}" if until else "until resumed"
            self.menu.addAction(f"Resume notifications (paused {note})", self._resume)
            return
        pause = self.menu.addMenu("Pause notifications")
        pause.setObjectName("PauseMenu")
        for choice in snooze_choices(snapshot.now, self.scheduler.services.ctx.tz):
            pause.addAction(choice.label, partial(self._pause, choice.key))
        pause.addAction("Until I resume them", lambda: self._pause(None))

    # -- doing ---------------------------------------------------------------------------
    def _pause(self, key: str | None) -> None:
        ctx = self.scheduler.services.ctx
        until = None
        if key is not None:
            until = next(c.until for c in snooze_choices(ctx.now(), ctx.tz) if c.key == key)
        try:
            self.scheduler.prefs.pause(until)
        except FollowUpError as exc:
            self.window.statusBar().showMessage(str(exc), 8000)

    def _resume(self) -> None:
        self.scheduler.prefs.resume()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is not QSystemTrayIcon.ActivationReason.Trigger:
            return
        self.toggle_window()

    def toggle_window(self) -> None:
        """Left click: hide a visible window, bring back a hidden or minimized one."""
        window = self.window
        if window.isVisible() and not window.isMinimized():
            window.save_state()
            window.hide()
        else:
            window.show_and_raise()
