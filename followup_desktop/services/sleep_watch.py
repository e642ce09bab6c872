"""Noticing that the machine woke up: logind's ``PrepareForSleep`` on the system bus (Linux).

Everywhere else (no system bus, no logind, Windows, macOS) :meth:`LogindSleepWatch.create`
returns None and the reminder scheduler relies on its guard interval instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtDBus import QDBusConnection

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"


class LogindSleepWatch(QObject):
    """Calls ``on_wake`` after the machine resumes from sleep or hibernation."""

    def __init__(self, on_wake: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_wake = on_wake

    @classmethod
    def create(
        cls, on_wake: Callable[[], None], parent: QObject | None = None
    ) -> LogindSleepWatch | None:
        """A watch listening to logind, or None when there is no system bus to listen on."""
        bus = QDBusConnection.systemBus()
        if not bus.isConnected():
            return None
        watch = cls(on_wake, parent)
        # "1" marks a slot signature (Qt's SLOT() macro). PySide wants it as str at run
        # time although its stubs say bytes, hence Any.
        signature: Any = "1_on_prepare_for_sleep(bool)"
        if not bus.connect(
            LOGIND, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", watch, signature
        ):
            watch.setParent(None)
            return None
        return watch

    @Slot(bool)
    def _on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if not going_to_sleep:
            self._on_wake()
