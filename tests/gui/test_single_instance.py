"""One Follow-Up per user and data folder; a stale lock or socket never stops a start."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from followup_desktop.single_instance import SingleInstance, instance_name


def app_command(data_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "followup_desktop", "--data-dir", str(data_dir), *extra]


def app_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture
def guard(qtbot, data_dir: Path):
    first = SingleInstance(data_dir)
    yield first
    first.stop()


def test_names_are_per_user_and_per_folder(tmp_path: Path) -> None:
    a, b = instance_name(tmp_path / "a"), instance_name(tmp_path / "b")
    assert a != b
    assert a == instance_name(tmp_path / "a")
    user = os.environ.get("USER") or ""
    assert a.startswith("followup-desktop-") and (user in a or str(os.getuid()) in a)


def test_a_second_launch_of_the_real_app_brings_the_first_forward(
    qtbot, guard: SingleInstance, data_dir: Path
) -> None:
    assert guard.start()
    assert guard.listening
    second = subprocess.Popen(
        app_command(data_dir), env=app_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    with qtbot.waitSignal(guard.sig_show_requested, timeout=15_000):
        pass
    assert second.wait(timeout=15) == 0
    # It exited before opening anything: no database was created by it.
    assert not (data_dir / "followup.sqlite3").exists()


def test_a_launch_at_login_while_running_does_not_pop_the_window(
    qtbot, guard: SingleInstance, data_dir: Path
) -> None:
    assert guard.start()
    shown: list[bool] = []
    guard.sig_show_requested.connect(lambda: shown.append(True))
    second = subprocess.Popen(app_command(data_dir, "--minimized"), env=app_env())
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=15_000)
    assert second.returncode == 0
    assert shown == []


def test_another_data_folder_is_another_instance(qtbot, guard: SingleInstance, tmp_path: Path):
    assert guard.start()
    other = SingleInstance(tmp_path / "elsewhere")
    try:
        assert other.start()
    finally:
        other.stop()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_stale_lock_and_socket_left_by_a_crash_do_not_stop_a_start(qtbot, data_dir: Path) -> None:
    probe = SingleInstance(data_dir)
    # A lock file naming a process that no longer exists, as a crash leaves it.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from PySide6.QtCore import QLockFile\n"
            f"lock = QLockFile({probe.lock_path!r})\n"
            "assert lock.tryLock(0)\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    with holder.stdout:
        assert holder.stdout.readline().strip() == "locked"
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert Path(probe.lock_path).exists()
    # A socket file nobody listens on any more.
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(probe.server_name)
    leftover.close()
    assert Path(probe.server_name).exists()

    first = SingleInstance(data_dir)
    try:
        assert first.start()
        assert first.listening
        with qtbot.waitSignal(first.sig_show_requested, timeout=10_000):
            second = subprocess.Popen(app_command(data_dir), env=app_env())
        assert second.wait(timeout=15) == 0
    finally:
        first.stop()
    assert QLockFile(probe.lock_path).tryLock(0)


def test_two_real_app_processes_and_a_crash(data_dir: Path) -> None:
    first = subprocess.Popen(
        app_command(data_dir, "--quit-after", "60000"),
        env=app_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket_path = Path(SingleInstance(data_dir).server_name)
        deadline = time.monotonic() + 20
        while not socket_path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert socket_path.exists(), "the first instance never listened"
        started = time.monotonic()
        second = subprocess.run(app_command(data_dir), env=app_env(), timeout=30, check=False)
        assert second.returncode == 0
        assert time.monotonic() - started < 10
        assert first.poll() is None, "the first instance must keep running"
        # Killed hard, it leaves its lock and socket behind ...
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert socket_path.exists()
        # ... and the next start does not mind.
        third = subprocess.run(
            app_command(data_dir, "--quit-after", "200"),
            env=app_env(),
            timeout=60,
            check=False,
            capture_output=True,
            text=True,
        )
        assert third.returncode == 0, third.stderr
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()


def test_a_second_launch_during_the_data_file_question_raises_the_question(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from followup_desktop.single_instance import bring_dialog_forward

    question = QMessageBox(QMessageBox.Icon.Warning, "Follow-Up", "Your data file is damaged.")
    qtbot.addWidget(question)
    question.setWindowModality(Qt.WindowModality.ApplicationModal)
    raised: list[bool] = []
    monkeypatch.setattr(question, "raise_", lambda: raised.append(True))
    bring_dialog_forward()  # nothing open yet: nothing to do
    question.show()
    qtbot.waitUntil(lambda: question.isVisible())
    bring_dialog_forward()
    assert raised == [True]


def test_a_window_hidden_in_the_tray_comes_back_on_a_second_launch(
    qtbot, guard: SingleInstance, data_dir: Path
) -> None:
    from followup_desktop.services import Services
    from followup_desktop.store.db import close_store, open_store
    from followup_desktop.ui.main_window import MainWindow

    services = Services.create(db_path=open_store(data_dir))
    try:
        window = MainWindow(services)
        qtbot.addWidget(window)
        assert guard.start()
        # As app.py wires it.
        guard.sig_show_requested.connect(window.show_and_raise)
        window.hide()
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        second = subprocess.Popen(app_command(data_dir), env=app_env(), **quiet)
        qtbot.waitUntil(window.isVisible, timeout=15_000)
        assert second.wait(timeout=15) == 0
    finally:
        close_store()
