"""Fixtures for the end-to-end tests: a real X server and the desktop's D-Bus services, faked.

Every test here is marked ``e2e`` and runs only through scripts/test.sh, which starts it as::

    QT_QPA_PLATFORM=xcb xvfb-run -a ... dbus-run-session -- python -m pytest -m e2e

Before the first e2e test (and before pytest-qt's ``qapp``, because Qt decides once per process
whether a D-Bus tray exists) two helper processes take their names on the session bus:

``fake_tray_watcher`` (``org.kde.StatusNotifierWatcher``)
    makes ``QSystemTrayIcon.isSystemTrayAvailable()`` True.
    ``.registered_items()``, ``.wait_for_item(timeout)``.
``fake_notification_server`` (``org.freedesktop.Notifications``)
    records what a user would see and plays the user.
    ``.notifications()`` -> list of dicts (id, app_name, replaces_id, app_icon, summary, body,
    actions, hints (values as strings), expire_timeout), ``.wait_for_notification(timeout,
    predicate)``, ``.invoke_action(id, key)`` (emits ActionInvoked; key "default" is a click on
    the bubble), ``.close(id, reason)`` (emits NotificationClosed), ``.closed_ids()``.

Both are session-scoped and shared; their lists start empty again at every test.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

SERVICES_SCRIPT = Path(__file__).with_name("fake_dbus_services.py")
START_TIMEOUT = 15.0

Record = dict[str, Any]


def _process_qt_events() -> None:
    """Let this process's Qt event loop run a little, if it has one (D-Bus replies, signals)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    if QCoreApplication.instance() is not None:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def _wait_until(condition: Callable[[], Any], timeout: float) -> Any:
    """Poll ``condition`` (processing Qt events meanwhile) until it is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result or time.monotonic() >= deadline:
            return result
        _process_qt_events()
        time.sleep(0.01)


def _dbus_send(*args: str) -> str:
    done = subprocess.run(
        ["dbus-send", "--session", "--print-reply", *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"dbus-send {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def name_has_owner(bus_name: str) -> bool:
    reply = _dbus_send(
        "--dest=org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus.NameHasOwner",
        f"string:{bus_name}",
    )
    return "boolean true" in reply


class FakeService:
    """One ``fake_dbus_services.py`` process and the JSON-lines file it records events in."""

    kind = ""
    bus_name = ""

    def __init__(self, workdir: Path) -> None:
        self.record_file = workdir / f"{self.kind}.jsonl"
        self.log_file = workdir / f"{self.kind}.log"
        self._seen = 0  # records before this index belong to earlier tests
        self._process: subprocess.Popen[bytes] | None = None

    # -- process ---------------------------------------------------------------------------
    def start(self) -> None:
        if name_has_owner(self.bus_name):
            pytest.fail(f"{self.bus_name} is already owned on this session bus", pytrace=False)
        self.record_file.touch()
        with self.log_file.open("wb") as log:
            self._process = subprocess.Popen(
                [sys.executable, str(SERVICES_SCRIPT), self.kind, "--record", self.record_file],
                stdin=subprocess.PIPE,  # closing it tells the service to quit
                stdout=subprocess.PIPE,
                stderr=log,
            )
        assert self._process.stdout is not None
        ready, _, _ = select.select([self._process.stdout], [], [], START_TIMEOUT)
        line = self._process.stdout.readline().decode() if ready else ""
        if line.strip() != f"READY {self.bus_name}":
            self.stop()
            pytest.fail(
                f"fake {self.kind} did not start (said {line!r}):\n{self.log_tail()}", pytrace=False
            )
        if not _wait_until(lambda: name_has_owner(self.bus_name), START_TIMEOUT):
            self.stop()
            pytest.fail(f"{self.bus_name} has no owner:\n{self.log_tail()}", pytrace=False)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stdout:
            process.stdout.close()

    def check_alive(self) -> None:
        if self._process is None or self._process.poll() is not None:
            pytest.fail(f"fake {self.kind} is not running:\n{self.log_tail()}", pytrace=False)

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(log is empty)"

    # -- records ---------------------------------------------------------------------------
    def all_records(self) -> list[Record]:
        with self.record_file.open(encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.endswith("\n")]

    def records(self, event: str | None = None) -> list[Record]:
        """Events recorded since the current test began, optionally only those of one kind."""
        return [r for r in self.all_records()[self._seen :] if event is None or r["event"] == event]

    def reset(self) -> None:
        """Forget what earlier tests caused (the service itself keeps running)."""
        self._seen = len(self.all_records())

    def _wait_for(
        self, event: str, timeout: float, predicate: Callable[[Record], bool] | None
    ) -> Record:
        def found() -> Record | None:
            self.check_alive()
            return next((r for r in self.records(event) if predicate is None or predicate(r)), None)

        result = _wait_until(found, timeout)
        if result is None:
            seen = "\n".join(json.dumps(r) for r in self.records()) or "(nothing)"
            pytest.fail(
                f"fake {self.kind}: no matching {event} within {timeout} s; this test saw:\n{seen}"
                f"\nservice log:\n{self.log_tail()}",
                pytrace=False,
            )
        return result


class FakeTrayWatcher(FakeService):
    kind = "watcher"
    bus_name = "org.kde.StatusNotifierWatcher"

    def registered_items(self) -> list[str]:
        """Tray items (``service`` or ``service/path``) registered since this test began."""
        return [r["item"] for r in self.records("RegisterStatusNotifierItem")]

    def wait_for_item(self, timeout: float = 5.0) -> str:
        return str(self._wait_for("RegisterStatusNotifierItem", timeout, None)["item"])


class FakeNotificationServer(FakeService):
    kind = "notifications"
    bus_name = "org.freedesktop.Notifications"
    path = "/org/freedesktop/Notifications"
    control_path = "/org/followup/test/FakeNotifications"
    control_interface = "org.followup.test.FakeNotifications"

    def notifications(self) -> list[Record]:
        """Every ``Notify`` call since this test began, oldest first."""
        return self.records("Notify")

    def wait_for_notification(
        self, timeout: float = 5.0, predicate: Callable[[Record], bool] | None = None
    ) -> Record:
        """The first notification of this test (that ``predicate`` accepts), waiting for it."""
        return self._wait_for("Notify", timeout, predicate)

    def closed_ids(self) -> list[int]:
        """Ids that clients asked to close with ``CloseNotification``."""
        return [int(r["id"]) for r in self.records("CloseNotification")]

    def invoke_action(self, notification_id: int, action_key: str = "default") -> None:
        """Play the user clicking an action ("default": the bubble itself): emits ActionInvoked.

        Returns once the server has emitted the signal; the receiver still has to run its event
        loop (``qtbot.waitUntil`` / ``qtbot.waitSignal``) to see it.
        """
        self._control("InvokeAction", f"uint32:{notification_id}", f"string:{action_key}")

    def close(self, notification_id: int, reason: int = 2) -> None:
        """Play the notification going away: emits NotificationClosed (2: dismissed by user)."""
        self._control("EmitClosed", f"uint32:{notification_id}", f"uint32:{reason}")

    def _control(self, method: str, *args: str) -> None:
        self.check_alive()
        _dbus_send(
            f"--dest={self.bus_name}",
            self.control_path,
            f"{self.control_interface}.{method}",
            *args,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests in this folder get the fake desktop (an autouse fixture), so they must be marked
    ``e2e``: the offscreen run (``-m "not e2e"``) would otherwise run them without it."""
    here = Path(__file__).parent
    unmarked = [
        item.nodeid
        for item in items
        if item.path.is_relative_to(here) and item.get_closest_marker("e2e") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "tests in tests/e2e must be marked e2e (pytestmark = pytest.mark.e2e): "
            + ", ".join(unmarked)
        )


@pytest.fixture(scope="session")
def dbus_session() -> str:
    """The session bus address (dbus-run-session provides it)."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        pytest.fail(
            "DBUS_SESSION_BUS_ADDRESS is not set: e2e tests need their own session bus and X "
            "server. Run them with `bash scripts/test.sh` (xvfb-run + dbus-run-session).",
            pytrace=False,
        )
    return address


@pytest.fixture(scope="session")
def x_display() -> str:
    """The X display (xvfb-run provides it); Qt must use it (QT_QPA_PLATFORM=xcb)."""
    display = os.environ.get("DISPLAY", "")
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not display or platform != "xcb":
        pytest.fail(
            f"e2e tests need an X server and QT_QPA_PLATFORM=xcb (DISPLAY={display!r}, "
            f"QT_QPA_PLATFORM={platform!r}). Run them with `bash scripts/test.sh`.",
            pytrace=False,
        )
    return display


@pytest.fixture(scope="session")
def fake_tray_watcher(
    dbus_session: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FakeTrayWatcher]:
    service = FakeTrayWatcher(tmp_path_factory.mktemp("fake-tray-watcher"))
    service.start()
    yield service
    service.stop()


@pytest.fixture(scope="session")
def fake_notification_server(
    dbus_session: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FakeNotificationServer]:
    service = FakeNotificationServer(tmp_path_factory.mktemp("fake-notifications"))
    service.start()
    yield service
    service.stop()


@pytest.fixture(scope="session", autouse=True)
def _e2e_desktop(
    x_display: str,
    fake_tray_watcher: FakeTrayWatcher,
    fake_notification_server: FakeNotificationServer,
) -> None:
    """Every e2e test gets the X server checked and both fake services up, in that order,
    before anything (``qapp`` included) can create the QApplication."""


@pytest.fixture(scope="session")
def qapp(_e2e_desktop: None, qapp: Any) -> Any:
    """pytest-qt's ``qapp``, made to wait for the fake desktop services."""
    return qapp


@pytest.fixture(autouse=True)
def _fresh_records(
    fake_tray_watcher: FakeTrayWatcher, fake_notification_server: FakeNotificationServer
) -> None:
    fake_tray_watcher.reset()
    fake_notification_server.reset()
