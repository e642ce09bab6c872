"""File menu: Back up now…, Restore from backup…, Export…, Import…; and the daily backup.

Everything goes through :class:`services.exchange.ExchangeService`; this module only asks
questions and reports. A restore or an import announces ``Changes(everything=True)``, so the
board, the sidebar and the due list reload themselves; the undo history is cleared after a
restore (it speaks of cards that may no longer exist).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError, StoreError, ValidationError
from followup_desktop.services.exchange import ExchangeService
from followup_desktop.store.backup import BackupInfo, BackupKind

if TYPE_CHECKING:
    from followup_desktop.ui.main_window import MainWindow

#: After start, the daily backup waits this long so the window comes up first.
DAILY_BACKUP_DELAY_MS = 1500

KIND_LABELS = {
    BackupKind.DAILY: "automatic, once a day",
    BackupKind.BEFORE_MIGRATION: "automatic, before an update",
    BackupKind.BEFORE_RESTORE: "automatic, before a restore",
    BackupKind.BEFORE_IMPORT: "automatic, before an import",
    BackupKind.MANUAL: "made by you",
}
EXPORT_FILTERS = {
    "Everything, to keep or move (*.json)": ("json", ".json"),
    "Spreadsheet list of interviews and contacts (*.csv)": ("csv", ".csv"),
    "Calendar: rounds and follow-ups (*.ics)": ("ics", ".ics"),
}
IMPORT_FILTER = "Follow-Up export or spreadsheet list (*.json *.csv *.txt *.tsv);;All files (*)"


def when(info: BackupInfo) -> str:
    return info.taken_at.astimezone().strftime("%A %d %B %Y, %H:%M")


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class RestoreDialog(QDialog):
    """Pick a backup from the backups folder, or another file."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore-dialog")
        self.setWindowTitle("Restore from backup")
        self.chosen: Path | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose the backup to go back to. What is on your board now is backed up first, "
            "so you can come back to it."
            if backups
            else "There are no backups in the backups folder yet. You can choose a backup "
            "file from elsewhere, such as a USB stick."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Backups")
        for info in backups:
            item = QListWidgetItem(f"{when(info)} — {KIND_LABELS[info.kind]} ({_size(info.size)})")
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(str(info.path))
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self._take_selected())
        self.list.setVisible(bool(backups))
        layout.addWidget(self.list)
        box = QDialogButtonBox(self)
        self.restore_button: QPushButton = box.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(backups))
        self.other_button: QPushButton = box.addButton(
            "Choose a file…", QDialogButtonBox.ButtonRole.ActionRole
        )
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button.clicked.connect(self._take_selected)
        self.other_button.clicked.connect(self._choose_file)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.resize(560, 360)

    def _take_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = Path(str(item.data(Qt.ItemDataRole.UserRole)))
            self.accept()

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a backup", str(Path.home()), "Follow-Up data (*.sqlite3 *.db);;All (*)"
        )
        if name:
            self.chosen = Path(name)
            self.accept()


class DataMenu(QObject):
    """The four File menu actions, over one :class:`ExchangeService`."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.exchange = ExchangeService.of(window.services)
        menu = window.file_menu
        menu.addSeparator()
        self.backup_action = self._action(
            "&Back up now…",
            self.back_up_now,
            "Save a copy of all your data to a file of your choice",
        )
        self.restore_action = self._action(
            "&Restore from backup…", self.restore, "Go back to an earlier copy of your data"
        )
        self.export_action = self._action(
            "&Export…", self.export, "Everything as JSON, a spreadsheet list, or a calendar"
        )
        self.import_action = self._action(
            "&Import…", self.import_, "Add interviews and contacts from an export or a list"
        )
        for action in (
            self.backup_action,
            self.restore_action,
            self.export_action,
            self.import_action,
        ):
            menu.addAction(action)

    def _action(self, text: str, slot: object, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10_000)

    def _problem(self, title: str, exc: FollowUpError) -> None:
        QMessageBox.warning(self.window, title, str(exc))

    # -- backups ---------------------------------------------------------------------------
    def take_daily_backup(self) -> None:
        """The automatic backup at start; a failure is shown, never fatal."""
        try:
            made = self.exchange.take_daily_backup()
        except StoreError as exc:
            self._say(f"The daily backup failed: {exc}")
            return
        if made is not None:
            self._say("Your data was backed up (once a day, automatically).")

    def back_up_now(self) -> None:
        stamp = datetime.now().strftime("%Y-%m-%d")
        suggested = Path.home() / f"Follow-Up backup {stamp}.sqlite3"
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Back up now", str(suggested), "Follow-Up data (*.sqlite3)"
        )
        if not name:
            return
        target = Path(name) if Path(name).suffix else Path(f"{name}.sqlite3")
        try:
            made = self.exchange.back_up(target, overwrite=True)  # the dialog asked already
        except StoreError as exc:
            self._problem("Back up now", exc)
            return
        self._say(f"Backed up to {made}")

    def restore(self) -> None:
        dialog = RestoreDialog(self.exchange.backups(), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        answer = QMessageBox.question(
            self.window,
            "Restore from backup",
            f"Replace everything in Follow-Up with the backup “{dialog.chosen.name}”?\n\n"
            "Your data as it is now is backed up first, so you can come back to it with "
            "Restore from backup….",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.exchange.restore(dialog.chosen)
        except StoreError as exc:
            self._problem("Restore from backup", exc)
            return
        self.window.undo_stack.clear()
        self._say(f"Restored {dialog.chosen.name}. Your data as it was just before is backed up.")

    # -- export and import -----------------------------------------------------------------
    def export(self) -> None:
        stamp = datetime.now().strftime("%Y-%m-%d")
        name, chosen_filter = QFileDialog.getSaveFileName(
            self.window,
            "Export",
            str(Path.home() / f"Follow-Up {stamp}.json"),
            ";;".join(EXPORT_FILTERS),
        )
        if not name:
            return
        fmt, suffix = EXPORT_FILTERS.get(chosen_filter, ("json", ".json"))
        by_suffix = {s: f for f, s in EXPORT_FILTERS.values()}
        path = Path(name)
        if path.suffix.lower() in by_suffix:
            fmt = by_suffix[path.suffix.lower()]
        else:
            path = path.with_name(path.name + suffix)
        try:
            written = self.exchange.export(path, fmt)
        except FollowUpError as exc:
            self._problem("Export", exc)
            return
        self._say("Exported to " + " and ".join(str(p) for p in written))

    def import_(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Import", str(Path.home()), IMPORT_FILTER
        )
        if not name:
            return
        self.import_path(Path(name))

    def import_path(self, path: Path) -> None:
        """Import one file and say what happened (also used by tests and drops)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self.exchange.import_file(path)
        except ValidationError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(
                self.window,
                "Import",
                f"Nothing was imported: {path.name} has a problem.\n\n{exc}",
            )
            return
        except StoreError as exc:
            QApplication.restoreOverrideCursor()
            self._problem("Import", exc)
            return
        QApplication.restoreOverrideCursor()
        # Undo steps from before the import would put back rows under ids the import may
        # have handed out again: the history starts afresh, as after a restore. The import
        # itself is undone from the backup taken just before it.
        self.window.undo_stack.clear()
        QMessageBox.information(
            self.window,
            "Import",
            f"{result.summary()}\n\nTo undo the import, use File ▸ Restore from backup: a "
            "backup was taken just before it. Edit ▸ Undo starts afresh from here.",
        )


def install_data_menu(window: MainWindow) -> DataMenu:
    """Add the data-safety actions to File, and take the day's backup soon after start."""
    menu = DataMenu(window)
    if not window.demo:
        QTimer.singleShot(DAILY_BACKUP_DELAY_MS, menu.take_daily_backup)
    return menu
