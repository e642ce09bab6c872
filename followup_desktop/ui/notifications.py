"""Showing announcements: one notifier interface, a backend per desktop.

* :class:`FreedesktopNotifier` — Linux/BSD desktops, through QtDBus straight to
  ``org.freedesktop.Notifications``. When the server lists the "actions" capability, a
  notification about one follow-up carries Compose / Done / Snooze buttons; pressing one acts
  without opening the window. ``QSystemTrayIcon.showMessage`` cannot do this: over D-Bus it
  sends no buttons at all.
* :class:`TrayMessageNotifier` — everywhere else with a tray (Windows, macOS):
  ``QSystemTrayIcon.showMessage``; a click on the balloon comes back as ``messageClicked``.
* :class:`InWindowNotifier` — no tray and no notification server: a bar at the top of the
  window (``ui/notification_bar.py``).

Every backend reports what the user chose through :attr:`Notifier.sig_action` as
``(Announcement, key)``; ``key`` is one of :data:`ACTION_DEFAULT` (a click on the
notification), :data:`ACTION_COMPOSE`, :data:`ACTION_DONE`, :data:`ACTION_SNOOZE`.
"""

from __future__ import annotations

import html
import logging
import sys
from typing import Any

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt, Signal, Slot
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusInterface, QDBusMessage
from PySide6.QtWidgets import QSystemTrayIcon

from followup_desktop import APP_NAME
from followup_desktop.resources import resource_path
from followup_desktop.services.announcements import Announcement

log = logging.getLogger(__name__)

ACTION_DEFAULT = "default"
ACTION_COMPOSE = "compose"
ACTION_DONE = "done"
ACTION_SNOOZE = "snooze"
#: buttons on a notification about one follow-up, in order (key, label)
BUTTONS = ((ACTION_COMPOSE, "Compose…"), (ACTION_DONE, "Done"), (ACTION_SNOOZE, "Snooze 1 hour"))

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
#: a notification server that does not answer within this gives way to another backend
CALL_TIMEOUT_MS = 2000


class Notifier(QObject):
    """Shows announcements; says which action the user took on one."""

    #: (Announcement, str) — the user clicked the notification or one of its buttons
    sig_action = Signal(object, str)

    #: a short name for logs and the About box ("freedesktop", "tray", "window")
    name = "none"
    #: whether notifications carry Compose / Done / Snooze buttons
    has_buttons = False

    def notify(self, announcement: Announcement) -> bool:
        """Show ``announcement``; False if it could not be shown (retried at the next check)."""
        raise NotImplementedError

    def shown_ids(self) -> set[int]:
        """Follow-ups of the notifications still on screen (that could be taken back)."""
        return set()

    def withdraw(self, still_due: set[int]) -> None:
        """Take back notifications none of whose follow-ups is still due (done elsewhere)."""


class FreedesktopNotifier(Notifier):
    """``org.freedesktop.Notifications`` over the session bus, with buttons when supported."""

    name = "freedesktop"

    def __init__(self, capabilities: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.capabilities = capabilities
        self.has_buttons = "actions" in capabilities
        self._markup = "body-markup" in capabilities
        self._bus = QDBusConnection.sessionBus()
        # Notify's replaces_id is a D-Bus uint32, which a plain Python int cannot be sent
        # as: calling through the introspected interface with typed arguments sends "u".
        self._server = QDBusInterface(SERVICE, PATH, INTERFACE, self._bus, self)
        self._server.setTimeout(CALL_TIMEOUT_MS)
        self._shown: dict[int, Announcement] = {}
        # "1" marks a slot signature (Qt's SLOT() macro). PySide wants it as str at run
        # time although its stubs say bytes, hence Any.
        slots: list[tuple[str, Any]] = [
            ("ActionInvoked", "1_on_action_invoked(uint,QString)"),
            ("NotificationClosed", "1_on_closed(uint,uint)"),
        ]
        for signal, slot in slots:
            if not self._bus.connect(SERVICE, PATH, INTERFACE, signal, self, slot):
                log.warning("cannot listen to %s: %s", signal, self._bus.lastError().message())

    @staticmethod
    def probe() -> list[str] | None:
        """The server's capabilities, or None when there is no usable server (or no bus)."""
        if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
            return None
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return None
        call = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "GetCapabilities")
        reply = bus.call(call, QDBus.CallMode.Block, CALL_TIMEOUT_MS)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            return None
        return [str(c) for c in reply.arguments()[0]]

    def notify(self, announcement: Announcement) -> bool:
        actions: list[str] = []
        if self.has_buttons:
            actions = [ACTION_DEFAULT, "Open"]
            if announcement.single_id is not None:
                for key, label in BUTTONS:
                    actions += [key, label]
        body = html.escape(announcement.body, quote=False) if self._markup else announcement.body
        hints = {"desktop-entry": "followup-desktop"}
        notification_id = QMetaObject.invokeMethod(
            self._server,
            "Notify",
            Qt.ConnectionType.DirectConnection,
            Q_RETURN_ARG("uint"),
            Q_ARG("QString", APP_NAME),
            Q_ARG("uint", 0),
            Q_ARG("QString", _icon_uri()),
            Q_ARG("QString", announcement.title),
            Q_ARG("QString", body),
            Q_ARG("QStringList", actions),
            Q_ARG("QVariantMap", hints),
            Q_ARG("int", -1),
        )
        if not isinstance(notification_id, int) or notification_id <= 0:
            log.warning("Notify failed: %s", self._server.lastError().message())
            return False
        self._shown[notification_id] = announcement
        return True

    def shown_ids(self) -> set[int]:
        return {fid for a in self._shown.values() for fid in a.followup_ids}

    def withdraw(self, still_due: set[int]) -> None:
        for notification_id, announcement in list(self._shown.items()):
            if not still_due.intersection(announcement.followup_ids):
                self._shown.pop(notification_id, None)
                QMetaObject.invokeMethod(
                    self._server,
                    "CloseNotification",
                    Qt.ConnectionType.DirectConnection,
                    Q_ARG("uint", notification_id),
                )

    @Slot("uint", str)
    def _on_action_invoked(self, notification_id: int, key: str) -> None:
        announcement = self._shown.get(int(notification_id))
        if announcement is None:  # another application's notification
            return
        # Most servers close a notification once an action is taken; ours is done with it.
        self._shown.pop(int(notification_id), None)
        self.sig_action.emit(announcement, key)

    @Slot("uint", "uint")
    def _on_closed(self, notification_id: int, reason: int) -> None:
        self._shown.pop(int(notification_id), None)


class TrayMessageNotifier(Notifier):
    """``QSystemTrayIcon.showMessage``: a balloon; clicking it opens the follow-up."""

    name = "tray"

    def __init__(self, tray: QSystemTrayIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tray = tray
        self._last: Announcement | None = None
        tray.messageClicked.connect(self._on_clicked)

    def notify(self, announcement: Announcement) -> bool:
        if not self._tray.isVisible():
            return False
        self._last = announcement
        self._tray.showMessage(
            announcement.title,
            announcement.body,
            QSystemTrayIcon.MessageIcon.Information,
            15000,
        )
        return True

    def _on_clicked(self) -> None:
        if self._last is not None:
            self.sig_action.emit(self._last, ACTION_DEFAULT)


class FanOutNotifier(Notifier):
    """Several notifiers at once (no tray: the desktop's notifications *and* the bar)."""

    def __init__(self, notifiers: list[Notifier], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifiers = notifiers
        self.name = "+".join(n.name for n in notifiers)
        self.has_buttons = any(n.has_buttons for n in notifiers)
        for n in notifiers:
            n.sig_action.connect(self.sig_action)

    def notify(self, announcement: Announcement) -> bool:
        return any([n.notify(announcement) for n in self.notifiers])

    def shown_ids(self) -> set[int]:
        return set().union(*(n.shown_ids() for n in self.notifiers))

    def withdraw(self, still_due: set[int]) -> None:
        for n in self.notifiers:
            n.withdraw(still_due)


def _icon_uri() -> str:
    try:
        path = resource_path("icons", "followup.svg")
    except FileNotFoundError:
        return ""
    return path.as_uri() if path.is_file() else ""
