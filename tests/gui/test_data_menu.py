"""File menu: Back up now…, Restore from backup…, Export…, Import… on a real window."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from fixed_clock import START, Clock
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from followup_desktop.services import Changes, Services
from followup_desktop.store import backup
from followup_desktop.ui import data_menu
from followup_desktop.ui.data_menu import DataMenu, RestoreDialog, install_data_menu
from followup_desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    win = MainWindow(services)
    qtbot.addWidget(win)
    return win


@pytest.fixture
def menu(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> DataMenu:
    monkeypatch.setattr(data_menu, "DAILY_BACKUP_DELAY_MS", 10)
    return install_data_menu(window)


def cards_on_board(window: MainWindow) -> int:
    return sum(column.model.total() for column in window.board.columns.values())


def test_the_four_actions_are_in_the_file_menu(window: MainWindow, menu: DataMenu) -> None:
    texts = [a.text() for a in window.file_menu.actions()]
    for text in ("&Back up now…", "&Restore from backup…", "&Export…", "&Import…"):
        assert text in texts


def test_the_daily_backup_is_taken_soon_after_start(
    qtbot, window: MainWindow, menu: DataMenu, services: Services
) -> None:
    assert services.db_path is not None
    qtbot.waitUntil(lambda: bool(backup.list_backups(services.db_path)), timeout=5000)
    (made,) = backup.list_backups(services.db_path)
    assert made.kind is backup.BackupKind.DAILY


def test_back_up_now_to_a_chosen_file(
    window: MainWindow, menu: DataMenu, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "stick" / "my backup"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    menu.backup_action.trigger()
    made = target.with_name("my backup.sqlite3")
    assert made.exists()
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert str(made) in window.statusBar().currentMessage()


def test_restore_brings_the_board_back_and_keeps_what_was_there(
    qtbot,
    window: MainWindow,
    menu: DataMenu,
    services: Services,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services.board.create_interview("Acme Ltd", "Designer")
    assert services.db_path is not None
    saved = backup.back_up(services.db_path, now=START)
    clock.now += timedelta(hours=1)
    services.board.create_interview("Globex", "Analyst")
    window.undo_stack.push(QUndoCommand("an edit before the restore"))
    qtbot.waitUntil(lambda: cards_on_board(window) == 2)
    announced: list[Changes] = []
    services.ctx.subscribe(announced.append)

    def pick(self: RestoreDialog) -> int:
        assert self.list.count() == 1
        self.list.setCurrentRow(0)
        self.chosen = saved
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreDialog, "exec", pick)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    menu.restore_action.trigger()
    qtbot.waitUntil(lambda: cards_on_board(window) == 1)
    assert any(c.everything for c in announced)
    assert window.undo_stack.count() == 0
    kinds = [b.kind for b in backup.list_backups(services.db_path)]
    assert backup.BackupKind.BEFORE_RESTORE in kinds


def test_the_restore_dialog_lists_backups_newest_first(
    qtbot, services: Services, tmp_path: Path
) -> None:
    assert services.db_path is not None
    backup.back_up(services.db_path, now=START)
    backup.take_daily_backup(services.db_path, now=START + timedelta(days=1))
    dialog = RestoreDialog(backup.list_backups(services.db_path))
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    assert "automatic, once a day" in dialog.list.item(0).text()
    assert "made by you" in dialog.list.item(1).text()
    assert dialog.restore_button.isEnabled()
    dialog.show()
    dialog.grab().save(str(tmp_path / "restore-dialog.png"))
    empty = RestoreDialog([])
    qtbot.addWidget(empty)
    assert not empty.restore_button.isEnabled()


def test_export_as_a_spreadsheet_list(
    window: MainWindow, menu: DataMenu, services: Services, tmp_path: Path, monkeypatch
) -> None:
    services.board.create_interview("Acme Ltd", "Designer")
    spreadsheet = next(f for f in data_menu.EXPORT_FILTERS if "Spreadsheet" in f)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "jobs"), spreadsheet)
    )
    menu.export_action.trigger()
    assert (tmp_path / "jobs.csv").read_bytes().startswith(b"\xef\xbb\xbfCompany,Role")
    assert (tmp_path / "jobs-contacts.csv").exists()


def test_import_reports_a_problem_and_then_imports(
    qtbot, window: MainWindow, menu: DataMenu, tmp_path: Path, monkeypatch
) -> None:
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: told.append((title, text)))
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, title, text: told.append((title, text))
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("Company,Role\nAcme,Designer\nGlobex,\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    menu.import_action.trigger()
    assert "Nothing was imported" in told[-1][1]
    assert "row 3, Role: is required" in told[-1][1]
    assert cards_on_board(window) == 0
    good = tmp_path / "good.csv"
    good.write_text("Company,Role\nAcme,Designer\nGlobex,Analyst\n", encoding="utf-8")
    window.services.board.create_interview("Initech", "QA")  # an undoable step before
    window.undo_stack.push(QUndoCommand("Add Initech"))
    menu.import_path(good)
    title, text = told[-1]
    assert title == "Import"
    assert text.startswith("Imported 2 organizations, 2 interviews.")
    assert "Restore from backup" in text
    # Undo from before the import could put rows back under ids the import reused.
    assert window.undo_stack.count() == 0
    qtbot.waitUntil(lambda: cards_on_board(window) == 3)


def test_a_json_export_from_the_menu_reads_back(
    window: MainWindow, menu: DataMenu, services: Services, tmp_path: Path, monkeypatch
) -> None:
    services.board.create_interview("Acme Ltd", "Designer")
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "all.json"), "")
    )
    menu.export_action.trigger()
    doc = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [i["role"] for i in doc["interviews"]] == ["Designer"]
