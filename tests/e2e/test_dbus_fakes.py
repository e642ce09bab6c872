"""The fake desktop services really stand in for a desktop: Qt's tray and notifications use them,
and they can play the user back to the app. Later tests of the app's tray icon rely on this."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt, Slot
from PySide6.QtDBus import QDBusConnection, QDBusInterface
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QSystemTrayIcon

pytestmark = pytest.mark.e2e

NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"


@pytest.fixture
def tray_icon(qapp):
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor("darkorange"))
    icon = QSystemTrayIcon(QIcon(pixmap))
    yield icon
    icon.hide()
    icon.deleteLater()


class SignalRecorder(QObject):
    """Receives D-Bus signals connected with QDBusConnection.connect (needs a real Slot)."""

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[tuple[int, str]] = []
        self.closed: list[tuple[int, int]] = []

    @Slot("uint", str)
    def on_action_invoked(self, notification_id: int, action_key: str) -> None:
        self.actions.append((notification_id, action_key))

    @Slot("uint", "uint")
    def on_notification_closed(self, notification_id: int, reason: int) -> None:
        self.closed.append((notification_id, reason))


def test_tray_is_available_and_registers_with_the_watcher(qapp, tray_icon, fake_tray_watcher):
    assert QSystemTrayIcon.isSystemTrayAvailable()

    tray_icon.show()

    item = fake_tray_watcher.wait_for_item()
    assert item.startswith(":")  # Qt registers with its unique bus name
    assert fake_tray_watcher.registered_items() == [item]


def test_show_message_reaches_the_notification_server(qtbot, tray_icon, fake_notification_server):
    tray_icon.show()
    tray_icon.showMessage("Title", "Body")

    notification = fake_notification_server.wait_for_notification()
    assert (notification["summary"], notification["body"]) == ("Title", "Body")
    assert notification["actions"] == []  # showMessage never sends buttons

    # A click on the bubble comes back to the app as messageClicked.
    with qtbot.waitSignal(tray_icon.messageClicked, timeout=5000):
        fake_notification_server.invoke_action(notification["id"], "default")


def test_own_notify_call_gets_action_and_close_signals_back(qtbot, fake_notification_server):
    bus = QDBusConnection.sessionBus()
    recorder = SignalRecorder()
    for name, slot in [
        ("ActionInvoked", "on_action_invoked(uint,QString)"),
        ("NotificationClosed", "on_notification_closed(uint,uint)"),
    ]:
        assert bus.connect(
            NOTIFICATIONS, NOTIFICATIONS_PATH, NOTIFICATIONS, name, recorder, f"1{slot}"
        ), bus.lastError().message()

    server = QDBusInterface(NOTIFICATIONS, NOTIFICATIONS_PATH, NOTIFICATIONS, bus)
    assert server.isValid(), server.lastError().message()
    assert server.call("GetCapabilities").arguments() == [["actions", "body"]]
    # replaces_id is D-Bus uint32: a plain Python int would go out as int32 and match no method,
    # so call through the introspected interface with typed arguments.
    notification_id = QMetaObject.invokeMethod(
        server,
        "Notify",
        Qt.ConnectionType.DirectConnection,
        Q_RETURN_ARG("uint"),
        Q_ARG("QString", "Follow-Up"),
        Q_ARG("uint", 0),
        Q_ARG("QString", ""),
        Q_ARG("QString", "Follow up with ACME"),
        Q_ARG("QString", "Interview on Monday"),
        Q_ARG("QStringList", ["done", "Done"]),
        Q_ARG("QVariantMap", {"category": "im"}),
        Q_ARG("int", -1),
    )
    assert isinstance(notification_id, int) and notification_id > 0

    notification = fake_notification_server.wait_for_notification()
    assert notification["id"] == notification_id
    assert notification["actions"] == ["done", "Done"]
    assert notification["hints"] == {"category": "im"}

    fake_notification_server.invoke_action(notification_id, "done")
    qtbot.waitUntil(lambda: recorder.actions == [(notification_id, "done")], timeout=5000)

    fake_notification_server.close(notification_id)
    qtbot.waitUntil(lambda: recorder.closed == [(notification_id, 2)], timeout=5000)
