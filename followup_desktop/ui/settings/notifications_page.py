"""Settings ▸ Notifications: quiet hours, start at login (minimized), pause."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import APP_NAME
from followup_desktop.autostart import Autostart, for_this_system, launch_command
from followup_desktop.core.errors import ValidationError
from followup_desktop.core.snooze_times import snooze_choices
from followup_desktop.services import Services
from followup_desktop.services.announcements import when_text
from followup_desktop.services.notification_prefs import NotificationPrefsService
from followup_desktop.ui.settings.registry import SettingsPage, register_page

_KEEP, _RESUME, _FOREVER = "keep", "resume", "forever"


def _qtime(t: time) -> QTime:
    return QTime(t.hour, t.minute)


def _time(q: QTime) -> time:
    return time(q.hour(), q.minute())


class NotificationsPage(SettingsPage):
    """Quiet hours, start at login, start minimized, pause notifications.

    Args:
        services: the app's services.
        parent: the Settings dialog.
        autostart: the "start at login" writer (tests pass one writing into a temp folder).
    """

    title = "Notifications"

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        autostart: Autostart | None = None,
    ) -> None:
        super().__init__(services, parent)
        self.setObjectName("NotificationsPage")
        self.prefs = NotificationPrefsService(services.settings)
        self.autostart = autostart if autostart is not None else for_this_system()
        prefs = self.prefs.get()
        start, end = self.prefs.quiet_hours()

        self.quiet = QCheckBox("Keep quiet from", self)
        self.quiet.setObjectName("quiet_hours")
        self.quiet_start = QTimeEdit(_qtime(start if start != end else time(21, 0)), self)
        self.quiet_start.setObjectName("quiet_start")
        self.quiet_end = QTimeEdit(_qtime(end if start != end else time(8, 0)), self)
        self.quiet_end.setObjectName("quiet_end")
        for edit in (self.quiet_start, self.quiet_end):
            edit.setDisplayFormat("HH:mm")
        self.quiet.toggled.connect(self.quiet_start.setEnabled)
        self.quiet.toggled.connect(self.quiet_end.setEnabled)
        self.quiet.setChecked(start != end)
        self.quiet_start.setEnabled(start != end)
        self.quiet_end.setEnabled(start != end)
        quiet_row = QHBoxLayout()
        quiet_row.addWidget(self.quiet)
        quiet_row.addWidget(self.quiet_start)
        quiet_row.addWidget(QLabel("to", self))
        quiet_row.addWidget(self.quiet_end)
        quiet_row.addStretch(1)

        self.at_login = QCheckBox(f"Start {APP_NAME} when I log in", self)
        self.at_login.setObjectName("start_at_login")
        self.at_login.setChecked(self.autostart.is_enabled())
        self.minimized = QCheckBox("…hidden in the tray, without opening the window", self)
        self.minimized.setObjectName("start_minimized")
        self.minimized.setChecked(prefs.start_minimized)
        # Only a start at login can be hidden: a start by hand always shows the window.
        self.minimized.setEnabled(self.at_login.isChecked())
        self.at_login.toggled.connect(self.minimized.setEnabled)

        self.pause = QComboBox(self)
        self.pause.setObjectName("pause")
        now = services.ctx.now()
        if prefs.is_paused(now):
            until = prefs.paused_until
            note = f"until {when_text(until, now, services.ctx.tz)}" if until else "until resumed"
            self.pause.addItem(f"Paused {note}", _KEEP)
            self.pause.addItem("Resume notifications now", _RESUME)
        else:
            self.pause.addItem("Notifications are on", _KEEP)
        for choice in snooze_choices(now, services.ctx.tz):
            self.pause.addItem(f"Pause {choice.label[0].lower()}{choice.label[1:]}", choice.key)
        self.pause.addItem("Pause until I resume them", _FOREVER)

        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("Quiet hours:", quiet_row)
        hint = QLabel(
            "Notifications wait until quiet hours end; the tray icon still counts what is due.",
            self,
        )
        hint.setEnabled(False)  # drawn greyed: an explanation, not a setting
        form.addRow("", hint)
        form.addRow("At login:", self.at_login)
        form.addRow("", self.minimized)
        form.addRow("Pause:", self.pause)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def apply(self) -> None:
        """Save quiet hours, start at login, start minimized and the pause.

        Raises:
            ValidationError: quiet hours that start and end at the same time, or an
                autostart entry that cannot be written (``field`` names which).
        """
        self.error.hide()
        try:
            self._apply()
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            raise

    def _apply(self) -> None:
        if self.quiet.isChecked():
            start, end = _time(self.quiet_start.time()), _time(self.quiet_end.time())
            if start == end:
                raise ValidationError(
                    "quiet_end", "Quiet hours must end at a different time than they start."
                )
        else:
            start = end = time(0, 0)  # equal times: no quiet hours
        self.prefs.set_quiet_hours(start, end)

        if self.minimized.isChecked() != self.prefs.get().start_minimized:
            self.prefs.set_start_minimized(self.minimized.isChecked())
        try:
            if self.at_login.isChecked():
                self.autostart.enable(launch_command(), minimized=self.minimized.isChecked())
            elif self.autostart.is_enabled():
                self.autostart.disable()
        except OSError as exc:
            raise ValidationError(
                "start_at_login", f"Could not change “start at login”: {exc}"
            ) from exc

        key = self.pause.currentData()
        if key == _RESUME:
            self.prefs.resume()
        elif key == _FOREVER:
            self.prefs.pause(None)
        elif key != _KEEP:
            ctx = self.services.ctx
            until = next(c.until for c in snooze_choices(ctx.now(), ctx.tz) if c.key == key)
            self.prefs.pause(until)


register_page(30, NotificationsPage)
