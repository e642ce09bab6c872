"""A damaged, newer or foreign data file: explained, kept aside unchanged, a way forward."""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.core.errors import StoreError
from followup_desktop.services import Services
from followup_desktop.store import backup, migrations
from followup_desktop.store import models as m
from followup_desktop.store.db import DB_FILENAME, close_store, inspect, open_store
from followup_desktop.ui import recovery
from followup_desktop.ui.recovery import Choice, RecoveryDialog

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _closed_store() -> Iterator[None]:
    yield
    close_store()


def good_file(folder: Path, *roles: str) -> Path:
    path = open_store(folder)
    services = Services.create(clock=lambda: NOW, tz=ZoneInfo("Europe/London"))
    for role in roles:
        services.board.create_interview("Acme Ltd", role)
    close_store()
    return path


def damage(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\xff" * 6000)


def refusal(path: Path) -> StoreError:
    with pytest.raises(StoreError) as caught:
        inspect(path)
    return caught.value


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def answer(monkeypatch: pytest.MonkeyPatch, *choices: Choice) -> list[RecoveryDialog]:
    """Play the user's clicks, in order; returns the dialogs that were shown."""
    queue = list(choices)
    shown: list[RecoveryDialog] = []

    def choose(self: RecoveryDialog) -> Choice:
        shown.append(self)
        return queue.pop(0)

    monkeypatch.setattr(RecoveryDialog, "choose", choose)
    return shown


def test_the_dialog_explains_in_plain_words(qtbot, data_dir: Path) -> None:
    path = good_file(data_dir, "Designer")
    backup.back_up(path, now=NOW)
    damage(path)
    error = refusal(path)
    assert error.reason == "damaged"
    dialog = RecoveryDialog(data_dir, error, backup.newest_good_backup(path))
    qtbot.addWidget(dialog)
    assert "damaged" in dialog.informativeText()
    assert "has not changed it" in dialog.informativeText()
    assert "most recent good backup is from" in dialog.informativeText()
    assert set(dialog.choices) == set(Choice)
    # Clicking a button is what choose() reports.
    QTimer.singleShot(0, dialog.choices[Choice.RESTORE].click)
    assert dialog.choose() is Choice.RESTORE


def test_a_problem_nobody_can_fix_from_here_only_offers_quit(qtbot, data_dir: Path) -> None:
    error = StoreError("followup.sqlite3 cannot be opened: permission denied.", reason="unusable")
    dialog = RecoveryDialog(data_dir, error, None)
    qtbot.addWidget(dialog)
    assert set(dialog.choices) == {Choice.QUIT}
    assert "permission denied" in dialog.informativeText()


def test_quit_leaves_the_damaged_file_exactly_as_it_was(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = good_file(data_dir, "Designer")
    damage(path)
    before = snapshot(path)
    answer(monkeypatch, Choice.QUIT)
    assert recovery.open_with_recovery(data_dir, lambda: open_store(data_dir)) is None
    assert snapshot(path) == before
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_FILENAME]


def test_restore_puts_the_damaged_file_aside_and_brings_the_backup_back(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = good_file(data_dir, "Designer", "Analyst")
    backup.back_up(path, now=NOW)
    damage(path)
    damaged_bytes = path.read_bytes()
    shown = answer(monkeypatch, Choice.RESTORE)
    assert recovery.open_with_recovery(data_dir, lambda: open_store(data_dir)) == path
    assert len(shown) == 1
    assert [i.role for i in m.Interview.select()] == ["Designer", "Analyst"]
    (aside,) = data_dir.glob("followup.sqlite3.damaged-*")
    assert aside.read_bytes() == damaged_bytes


def test_open_another_file_copies_it_in_and_never_changes_it(
    qtbot, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = good_file(tmp_path / "usb", "From the stick")
    close_store()
    other_before = snapshot(other)
    not_ours = tmp_path / "notes.sqlite3"
    not_ours.write_text("hello")
    path = good_file(data_dir, "Designer")
    damage(path)
    picks = iter([not_ours, other])
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    answer(monkeypatch, Choice.OPEN_OTHER, Choice.OPEN_OTHER)
    monkeypatch.setattr(recovery, "_pick_file", lambda _parent: next(picks))
    opened = recovery.open_with_recovery(data_dir, lambda: open_store(data_dir))
    assert opened == path
    assert len(warnings) == 1 and "not a Follow-Up database" in warnings[0]
    assert [i.role for i in m.Interview.select()] == ["From the stick"]
    assert snapshot(other) == other_before


def test_start_with_an_empty_board(qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    path = good_file(data_dir, "Designer")
    damage(path)
    answer(monkeypatch, Choice.START_EMPTY)
    assert recovery.open_with_recovery(data_dir, lambda: open_store(data_dir)) == path
    assert not m.Interview.select().exists()
    assert len(list(data_dir.glob("followup.sqlite3.damaged-*"))) == 1


def test_a_newer_file_is_refused_untouched_and_kept_when_a_backup_is_restored(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = good_file(data_dir, "Designer")
    backup.back_up(path, now=NOW)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    newer = snapshot(path)
    shown = answer(monkeypatch, Choice.QUIT)
    assert recovery.open_with_recovery(data_dir, lambda: open_store(data_dir)) is None
    assert "newer version" in shown[0].informativeText()
    assert snapshot(path) == newer
    answer(monkeypatch, Choice.RESTORE)
    assert recovery.open_with_recovery(data_dir, lambda: open_store(data_dir)) == path
    (kept,) = data_dir.glob("followup.sqlite3.newer-*")
    assert kept.read_bytes() == newer[0]


def test_the_real_app_start_goes_through_the_dialog(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_desktop import app

    path = good_file(data_dir, "Designer")
    backup.back_up(path, now=NOW)
    damage(path)
    shown = answer(monkeypatch, Choice.RESTORE)
    args = argparse.Namespace(
        data_dir=str(data_dir), demo=False, minimized=False, quit_after=100, command=None
    )
    try:
        assert app.run_gui(args) == 0
    finally:
        # The app's window and a pending quit must not reach the next test's event loops.
        for widget in QApplication.topLevelWidgets():
            widget.close()
            widget.deleteLater()
        qtbot.wait(50)
    assert len(shown) == 1
    assert len(list(data_dir.glob("followup.sqlite3.damaged-*"))) == 1
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT role FROM interview").fetchall() == [("Designer",)]
    finally:
        conn.close()
