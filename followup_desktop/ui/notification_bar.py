"""The in-window notification bar: reminders when there is no tray or notification server.

It sits in a fixed, unmovable tool bar at the top of the main window (so it does not depend
on whichever widget is the board), hidden while it has nothing to say. It shows the latest
announcement with the same buttons a desktop notification has, or a one-off notice (why there
is no tray).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QWidget,
)

from followup_desktop.services.announcements import Announcement
from followup_desktop.ui.notifications import (
    ACTION_COMPOSE,
    ACTION_DEFAULT,
    ACTION_DONE,
    ACTION_SNOOZE,
    Notifier,
)

_STYLE = """
QFrame#NotificationBar { background: #fef3c7; border: 1px solid #f59e0b; border-radius: 6px; }
QFrame#NotificationBar[notice="true"] { background: #e0f2fe; border-color: #38bdf8; }
QFrame#NotificationBar QLabel { color: #1f2937; }
"""


class NotificationBar(QFrame):
    """A dismissible strip: one announcement (with buttons) or one notice."""

    #: (Announcement, str) — a button was pressed; str is an action key
    sig_action = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NotificationBar")  # the style sheet's selector
        self.setStyleSheet(_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.announcement: Announcement | None = None
        self.text = QLabel(self)
        self.text.setObjectName("NotificationBarText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        # No word wrap: a tool bar ignores height-for-width and would size a wrapping label
        # for a narrow column, several lines tall. Lines are broken by hand instead, and
        # the whole text is in the tooltip should a narrow window clip it.
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.text.setMinimumWidth(150)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, label in (
            (ACTION_DEFAULT, "Open"),
            (ACTION_COMPOSE, "Compose…"),
            (ACTION_DONE, "Done"),
            (ACTION_SNOOZE, "Snooze 1 hour"),
        ):
            button = QPushButton(label, self)
            button.setObjectName(f"bar_{key}")
            button.clicked.connect(lambda _=False, k=key: self._act(k))
            layout.addWidget(button)
            self.buttons[key] = button
        close = QToolButton(self)
        close.setObjectName("bar_close")
        close.setText("✕")
        close.setToolTip("Hide this message")
        close.setAutoRaise(True)
        close.clicked.connect(self.clear)
        layout.addWidget(close)

    def show_announcement(self, announcement: Announcement) -> None:
        self.announcement = announcement
        self.setProperty("notice", False)
        lines = announcement.body.splitlines()
        if announcement.grouped:
            # The due panel lists them all: two here keep the bar short.
            lines = lines[:2]
            more = len(announcement.followup_ids) - len(lines)
            if more > 0:
                lines.append(f"and {more} more")
        self._set_text("\n".join([announcement.title, *lines]))
        single = announcement.single_id is not None
        self.buttons[ACTION_DEFAULT].setText("Open" if single else "Show all")
        for key in (ACTION_COMPOSE, ACTION_DONE, ACTION_SNOOZE):
            self.buttons[key].setVisible(single)
        self.buttons[ACTION_DEFAULT].setVisible(True)
        self._restyle()
        self._set_shown(True)

    def show_notice(self, text: str) -> None:
        """A message without actions (e.g. why there is no tray icon)."""
        self.announcement = None
        self.setProperty("notice", True)
        self._set_text(text)
        for button in self.buttons.values():
            button.setVisible(False)
        self._restyle()
        self._set_shown(True)

    def _set_text(self, text: str) -> None:
        self.text.setText(text)
        self.text.setToolTip(text)

    def clear(self) -> None:
        self.announcement = None
        self._set_shown(False)

    @property
    def has_content(self) -> bool:
        return bool(self.text.text()) and self.property("shown") is True

    def _act(self, key: str) -> None:
        announcement = self.announcement
        if announcement is None:
            return
        self.clear()
        self.sig_action.emit(announcement, key)

    def _restyle(self) -> None:
        self.style().unpolish(self)
        self.style().polish(self)

    def _set_shown(self, shown: bool) -> None:
        self.setProperty("shown", shown)
        if not shown:
            self.text.clear()
        holder = self.parentWidget()
        if isinstance(holder, QToolBar):
            holder.setVisible(shown)
        else:
            self.setVisible(shown)


def install_bar(window: QMainWindow, name: str = "NotificationBar") -> NotificationBar:
    """Put a (hidden) notification bar at the top of ``window``, on a row of its own."""
    holder = QToolBar("Notifications", window)
    holder.setObjectName(f"{name}ToolBar")
    holder.setMovable(False)
    holder.setFloatable(False)
    holder.toggleViewAction().setVisible(False)
    holder.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
    bar = NotificationBar(holder)
    holder.addWidget(bar)
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, holder)
    holder.setVisible(False)
    # The window's saved layout is restored after features are installed and may show the
    # tool bar: put its visibility back to "only when there is something to say".
    QTimer.singleShot(0, lambda: holder.setVisible(bar.has_content))
    return bar


class InWindowNotifier(Notifier):
    """Announcements in the window's notification bar (and the task bar entry flashes)."""

    name = "window"
    has_buttons = True

    def __init__(self, bar: NotificationBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bar = bar
        bar.sig_action.connect(self.sig_action)

    def notify(self, announcement: Announcement) -> bool:
        self.bar.show_announcement(announcement)
        QApplication.alert(self.bar.window())
        return True

    def shown_ids(self) -> set[int]:
        current = self.bar.announcement
        return set(current.followup_ids) if current is not None else set()

    def withdraw(self, still_due: set[int]) -> None:
        current = self.bar.announcement
        if current is not None and not still_due.intersection(current.followup_ids):
            self.bar.clear()
