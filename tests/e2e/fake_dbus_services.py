"""Stand-ins for the desktop's D-Bus services, for the end-to-end tests.

Run as a separate process on the session bus (the fixtures in ``conftest.py`` do this)::

    python fake_dbus_services.py watcher       --record FILE
    python fake_dbus_services.py notifications --record FILE

``watcher`` owns ``org.kde.StatusNotifierWatcher``: with it on the bus Qt's
``QSystemTrayIcon`` uses the D-Bus tray (``isSystemTrayAvailable()`` is True) and
``showMessage`` becomes an ``org.freedesktop.Notifications.Notify`` call.

``notifications`` owns ``org.freedesktop.Notifications`` and records what a user would see.
Tests play the user through a control object on the same connection::

    /org/followup/test/FakeNotifications  org.followup.test.FakeNotifications
        InvokeAction(u id, s action_key)    -> emits ActionInvoked(id, action_key)
        EmitClosed(u id, u reason)          -> emits NotificationClosed(id, reason)

Every event is appended to the record file as one JSON object per line (flushed at once), with
an ``"event"`` key: ``Notify``, ``CloseNotification``, ``RegisterStatusNotifierItem``, ...
Once the bus name is owned the process prints ``READY <name>`` on stdout. It quits when its
standard input reaches end of file (its parent went away) or on SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    ClassInfo,
    QCoreApplication,
    QObject,
    QSocketNotifier,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtCore import Property as QtProperty
from PySide6.QtDBus import QDBusArgument, QDBusConnection, QDBusMessage

EXPORT = (
    QDBusConnection.RegisterOption.ExportAllSlots
    | QDBusConnection.RegisterOption.ExportAllSignals
    | QDBusConnection.RegisterOption.ExportAllProperties
)

WATCHER_SERVICE = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
NOTIFICATIONS_SERVICE = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
CONTROL_PATH = "/org/followup/test/FakeNotifications"
CONTROL_INTERFACE = "org.followup.test.FakeNotifications"


class Recorder:
    def __init__(self, path: Path) -> None:
        self._file = path.open("a", encoding="utf-8")

    def write(self, event: str, **fields: Any) -> None:
        self._file.write(json.dumps({"event": event, **fields}, sort_keys=True) + "\n")
        self._file.flush()


def as_text(value: Any) -> str:
    """A hint's value as a string; D-Bus structs (such as image-data) by their signature."""
    if isinstance(value, QDBusArgument):
        return f"<{value.currentSignature()}>"
    if isinstance(value, bytes | bytearray):
        return value.hex()
    return str(value)


@ClassInfo({"D-Bus Interface": "org.kde.StatusNotifierWatcher"})
class StatusNotifierWatcher(QObject):
    StatusNotifierItemRegistered = Signal(str)
    StatusNotifierItemUnregistered = Signal(str)
    StatusNotifierHostRegistered = Signal()

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self._recorder = recorder
        self._items: list[str] = []

    @Slot(str, QDBusMessage)
    def RegisterStatusNotifierItem(self, service: str, message: QDBusMessage) -> None:
        # Like KDE's watcher: an object path means "this path on the caller's connection".
        item = message.service() + service if service.startswith("/") else service
        if item not in self._items:
            self._items.append(item)
        self._recorder.write("RegisterStatusNotifierItem", item=item, sender=message.service())
        self.StatusNotifierItemRegistered.emit(item)

    @Slot(str, QDBusMessage)
    def RegisterStatusNotifierHost(self, service: str, message: QDBusMessage) -> None:
        self._recorder.write("RegisterStatusNotifierHost", host=service, sender=message.service())
        self.StatusNotifierHostRegistered.emit()

    def _registered_items(self) -> list[str]:
        return list(self._items)

    def _host_registered(self) -> bool:
        return True

    def _protocol_version(self) -> int:
        return 0

    RegisteredStatusNotifierItems = QtProperty("QStringList", _registered_items)
    IsStatusNotifierHostRegistered = QtProperty(bool, _host_registered)
    ProtocolVersion = QtProperty(int, _protocol_version)


@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class NotificationServer(QObject):
    # The id must go out as D-Bus uint32 ("u"): with a plain int Qt sends int32 and receivers
    # (Qt's own QDBusTrayIcon included) silently ignore the signal.
    ActionInvoked = Signal("uint", str)
    NotificationClosed = Signal("uint", "uint")

    def __init__(self, recorder: Recorder, bus: QDBusConnection) -> None:
        super().__init__()
        self._recorder = recorder
        self._bus = bus
        self._last_id = 0

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(
        self,
        app_name: str,
        replaces_id: int,
        app_icon: str,
        summary: str,
        body: str,
        actions: list[str],
        hints: dict[str, Any],
        expire_timeout: int,
    ) -> int:
        if replaces_id:
            notification_id = replaces_id
        else:
            self._last_id += 1
            notification_id = self._last_id
        self._recorder.write(
            "Notify",
            id=notification_id,
            app_name=app_name,
            replaces_id=replaces_id,
            app_icon=app_icon,
            summary=summary,
            body=body,
            actions=list(actions),
            hints={str(k): as_text(v) for k, v in hints.items()},
            expire_timeout=expire_timeout,
        )
        return notification_id

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:
        return ["actions", "body"]

    @Slot("uint")
    def CloseNotification(self, notification_id: int) -> None:
        self._recorder.write("CloseNotification", id=notification_id)
        self.NotificationClosed.emit(notification_id, 3)  # 3: closed by CloseNotification

    @Slot(QDBusMessage)
    def GetServerInformation(self, message: QDBusMessage) -> None:
        # Four out-arguments (ssss): a Python slot cannot declare them, so reply by hand.
        message.setDelayedReply(True)
        reply = message.createReply()
        reply.setArguments(["Follow-Up fake notification server", "followup-tests", "1.0", "1.2"])
        self._bus.send(reply)


@ClassInfo({"D-Bus Interface": CONTROL_INTERFACE})
class NotificationControl(QObject):
    """Lets a test play the user: click an action, dismiss a notification."""

    def __init__(self, recorder: Recorder, server: NotificationServer) -> None:
        super().__init__()
        self._recorder = recorder
        self._server = server

    @Slot("uint", str)
    def InvokeAction(self, notification_id: int, action_key: str) -> None:
        self._recorder.write("ActionInvoked", id=notification_id, action_key=action_key)
        self._server.ActionInvoked.emit(notification_id, action_key)

    @Slot("uint", "uint")
    def EmitClosed(self, notification_id: int, reason: int) -> None:
        self._recorder.write("NotificationClosed", id=notification_id, reason=reason)
        self._server.NotificationClosed.emit(notification_id, reason)


def fail(message: str) -> int:
    print(f"fake_dbus_services: {message}", file=sys.stderr, flush=True)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("service", choices=["watcher", "notifications"])
    parser.add_argument("--record", type=Path, required=True, help="JSON-lines file to append to")
    args = parser.parse_args(argv)

    app = QCoreApplication([sys.argv[0]])
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return fail(f"no session bus: {bus.lastError().message()}")
    recorder = Recorder(args.record)

    objects: list[QObject] = []
    if args.service == "watcher":
        name = WATCHER_SERVICE
        watcher = StatusNotifierWatcher(recorder)
        objects.append(watcher)
        exported = bus.registerObject(WATCHER_PATH, watcher, EXPORT)
    else:
        name = NOTIFICATIONS_SERVICE
        server = NotificationServer(recorder, bus)
        control = NotificationControl(recorder, server)
        objects += [server, control]
        exported = bus.registerObject(NOTIFICATIONS_PATH, server, EXPORT) and bus.registerObject(
            CONTROL_PATH, control, EXPORT
        )
    if not exported:
        return fail(f"could not export the objects: {bus.lastError().message()}")
    if not bus.registerService(name):
        return fail(f"could not own {name}: {bus.lastError().message()}")

    # Quit when the parent closes our stdin (or dies), or on SIGTERM/SIGINT. The timer lets the
    # interpreter run Python signal handlers while Qt's event loop is waiting.
    stdin_notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def on_stdin() -> None:
        if not sys.stdin.buffer.read1(4096):
            stdin_notifier.setEnabled(False)
            app.quit()

    stdin_notifier.activated.connect(on_stdin)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: app.quit())
    tick = QTimer()
    tick.start(100)

    print(f"READY {name}", flush=True)
    app.exec()
    bus.unregisterService(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
