"""Waking from sleep re-checks at once: logind's PrepareForSleep(false) reaches the app.

A fake logind is exported on the test session bus, which the child process is told is its
system bus (``DBUS_SYSTEM_BUS_ADDRESS``): Qt's system-bus connection is made once per process,
so this runs in a process of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.e2e

CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, QTimer, Signal
    from PySide6.QtDBus import QDBusConnection

    from followup_desktop.services.sleep_watch import LogindSleepWatch

    @ClassInfo({"D-Bus Interface": "org.freedesktop.login1.Manager"})
    class FakeLogind(QObject):
        PrepareForSleep = Signal(bool)

    app = QCoreApplication([])
    own = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, "fake-logind")
    logind = FakeLogind()
    assert own.registerObject(
        "/org/freedesktop/login1", logind, QDBusConnection.RegisterOption.ExportAllSignals
    )
    assert own.registerService("org.freedesktop.login1"), own.lastError().message()

    woke = []
    watch = LogindSleepWatch.create(lambda: woke.append(True))
    print("watching" if watch is not None else "no watch", flush=True)
    QTimer.singleShot(200, lambda: logind.PrepareForSleep.emit(True))   # going to sleep
    QTimer.singleShot(400, lambda: logind.PrepareForSleep.emit(False))  # woke up
    QTimer.singleShot(1500, app.quit)
    app.exec()
    print(f"woke {len(woke)}", flush=True)
    """
)


def test_logind_wake_up_reaches_the_app(dbus_session):
    env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": dbus_session, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["watching", "woke 1"]


def test_without_a_system_bus_there_is_no_watch_and_no_error(dbus_session):
    env = {
        **os.environ,
        "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent/bus",
        "QT_QPA_PLATFORM": "offscreen",
    }
    child = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from followup_desktop.services.sleep_watch import LogindSleepWatch\n"
        "app = QCoreApplication([])\n"
        "print(LogindSleepWatch.create(lambda: None))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", child], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"
