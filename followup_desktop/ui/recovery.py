"""When the data file cannot be opened: say so plainly, keep it safe, offer a way forward.

``store.db.open_store`` refuses a damaged, newer or foreign file before anything writes to
it. This dialog explains what happened in plain words and offers, depending on what exists:

- restore the newest backup that passes its check;
- open another Follow-Up file (a copy on a USB stick, a file from another computer), which
  is copied in, never changed itself;
- start with an empty board;
- quit, leaving everything exactly as it is.

The first three first move the refused file aside, unchanged, as
``followup.sqlite3.<reason>-<timestamp>`` (with its ``-wal`` / ``-shm``), so it can still be
rescued, or opened by a newer Follow-Up. Nothing is ever written into it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from followup_desktop import APP_NAME
from followup_desktop.core.errors import StoreError
from followup_desktop.store import backup
from followup_desktop.store.backup import BackupInfo
from followup_desktop.store.db import DB_FILENAME

T = TypeVar("T")

#: Refusals the user can act on; anything else (no permission...) only gets explained.
RECOVERABLE = frozenset({"damaged", "newer", "foreign"})

EXPLANATIONS = {
    "damaged": (
        "Your Follow-Up data file is damaged, so it cannot be opened. This can happen after "
        "a power cut, a full disk or a failing drive. Follow-Up has not changed it."
    ),
    "newer": (
        "Your data file was saved by a newer version of Follow-Up, and this older version "
        "cannot read it. To keep it safe, Follow-Up has not changed it. The best way out is "
        "to install the newer version again."
    ),
    "foreign": (
        "The file where Follow-Up keeps your data is not a Follow-Up data file. Follow-Up "
        "has not changed it."
    ),
}


class Choice(Enum):
    RESTORE = "restore"
    OPEN_OTHER = "open-other"
    START_EMPTY = "start-empty"
    QUIT = "quit"


def describe(info: BackupInfo) -> str:
    return info.taken_at.astimezone().strftime("%A %d %B %Y, %H:%M")


class RecoveryDialog(QMessageBox):
    """The question; :meth:`choose` runs it and says what the user picked."""

    def __init__(
        self,
        data_dir: Path,
        error: StoreError,
        newest: BackupInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recovery-dialog")
        self.setWindowTitle(f"{APP_NAME} cannot open your data")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setText(f"<b>{APP_NAME} cannot open your data.</b>")
        explanation = EXPLANATIONS.get(error.reason, str(error))
        where = f"The file is {data_dir / DB_FILENAME}."
        self.choices: dict[Choice, QPushButton] = {}
        if error.reason in RECOVERABLE:
            aside = (
                "If you restore a backup, open another file or start afresh, the file is "
                "first put aside unchanged, next to where it was."
            )
            if newest is not None:
                backup_text = f"The most recent good backup is from {describe(newest)}."
            else:
                backup_text = "There is no backup to restore."
            self.setInformativeText(f"{explanation}\n\n{backup_text}\n\n{aside}\n\n{where}")
            if newest is not None:
                self.choices[Choice.RESTORE] = self.addButton(
                    "Restore that backup", QMessageBox.ButtonRole.AcceptRole
                )
            self.choices[Choice.OPEN_OTHER] = self.addButton(
                "Open another file…", QMessageBox.ButtonRole.ActionRole
            )
            self.choices[Choice.START_EMPTY] = self.addButton(
                "Start with an empty board", QMessageBox.ButtonRole.ActionRole
            )
        else:
            self.setInformativeText(f"{explanation}\n\n{where}")
        self.choices[Choice.QUIT] = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.choices.get(Choice.RESTORE, self.choices[Choice.QUIT]))
        self.setEscapeButton(self.choices[Choice.QUIT])
        self.setDetailedText(str(error))

    def choose(self) -> Choice:
        self.exec()
        clicked = self.clickedButton()
        for choice, button in self.choices.items():
            if button is clicked:
                return choice
        return Choice.QUIT


def _pick_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent,
        "Open a Follow-Up data file",
        str(Path.home()),
        "Follow-Up data (*.sqlite3 *.db);;All files (*)",
    )
    return Path(name) if name else None


def recover(
    data_dir: Path,
    error: StoreError,
    *,
    parent: QWidget | None = None,
    pick_file: Callable[[QWidget | None], Path | None] | None = None,
) -> bool:
    """Ask what to do about a refused data file and do it; True to try opening again."""
    db_path = data_dir / DB_FILENAME
    while True:
        newest = backup.newest_good_backup(db_path) if error.reason in RECOVERABLE else None
        choice = RecoveryDialog(data_dir, error, newest, parent).choose()
        if choice is Choice.QUIT:
            return False
        try:
            if choice is Choice.OPEN_OTHER:
                chosen = (pick_file or _pick_file)(parent)
                if chosen is None:
                    continue
                backup.check_backup(chosen)
                backup.set_aside(db_path, error.reason)
                backup.copy_database(chosen, db_path)
            elif choice is Choice.RESTORE and newest is not None:
                backup.set_aside(db_path, error.reason)
                backup.restore(newest.path, db_path)
            elif choice is Choice.START_EMPTY:
                backup.set_aside(db_path, error.reason)
            return True
        except StoreError as exc:
            QMessageBox.warning(parent, APP_NAME, f"That did not work: {exc}")


def open_with_recovery(data_dir: Path, opener: Callable[[], T]) -> T | None:
    """``opener()``; when the data file is refused, :func:`recover` and try again.

    Returns ``None`` when the user chose to quit.
    """
    while True:
        try:
            return opener()
        except StoreError as exc:
            if not recover(data_dir, exc):
                return None
