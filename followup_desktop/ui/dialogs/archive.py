"""The archive: interviews taken off the board, to look back at and restore (undoable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError
from followup_desktop.services import Changes
from followup_desktop.ui.board.commands import DeleteCommand, RestoreCommand, push

if TYPE_CHECKING:
    from followup_desktop.ui.board.board_widget import BoardWidget

ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Company", "Role", "Stage", "Archived on")


class ArchiveDialog(QDialog):
    """Lists archived interviews; Restore puts them back at the end of their stage."""

    def __init__(self, board: BoardWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board = board
        self.setWindowTitle("Archived interviews")
        self.setObjectName("archive-dialog")
        unit = self.fontMetrics().height()
        self.resize(unit * 42, unit * 26)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter the archive")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter the archive")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setObjectName("archive-table")
        self.table.setAccessibleName("Archived interviews")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        self.empty = QLabel(
            "Nothing archived. Archive an interview (Delete key on a card) "
            "to take it off the board without losing it.",
            self,
        )
        self.empty.setWordWrap(True)
        self.restore_button = QPushButton("&Restore to board", self)
        self.delete_button = QPushButton("&Delete permanently…", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.restore_button.clicked.connect(self.restore_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        board.bridge.sig_changed.connect(self._on_changes)
        self.reload()

    def _on_changes(self, changes: Changes) -> None:
        if changes.interviews or changes.everything:
            self.reload()

    def reload(self) -> None:
        """Re-read the archive (keeps the sort order)."""
        tz = self.board.services.ctx.tz
        self.model.removeRows(0, self.model.rowCount())
        for row in self.board.cards.archived():
            when = row.archived_at.astimezone(tz)
            items = [
                QStandardItem(row.company),
                QStandardItem(row.role),
                QStandardItem(row.stage_label),
                QStandardItem(f"{when:%Y-%m-%d %H:%M}"),
            ]
            for item in items:
                item.setData(row.id, ID_ROLE)
            self.model.appendRow(items)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(self.model.rowCount() == 0)
        self._update_buttons()

    def ids(self) -> list[int]:
        """Every archived interview listed, in the order shown."""
        return [int(self.proxy.index(r, 0).data(ID_ROLE)) for r in range(self.proxy.rowCount())]

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [int(self.proxy.index(r, 0).data(ID_ROLE)) for r in rows]

    def select_ids(self, ids: list[int]) -> None:
        self.table.clearSelection()
        for r in range(self.proxy.rowCount()):
            if int(self.proxy.index(r, 0).data(ID_ROLE)) in ids:
                self.table.selectRow(r)

    def _update_buttons(self) -> None:
        has = bool(self.table.selectionModel().selectedRows())
        self.restore_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        board = self.board
        try:
            command = push(board.undo_stack, RestoreCommand(board.services, ids, board.report))
        except FollowUpError as exc:
            self.board.warn("Cannot restore", str(exc))
            return
        board.report(f"{command.text()} — undo with Ctrl+Z.")
        board.select_ids(ids)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        board = self.board
        n = len(ids)
        if not board.ask(
            "Delete permanently",
            f"Delete {n} archived interview{'s' if n != 1 else ''} with their "
            "rounds, follow-ups and timeline?",
        ):
            return
        try:
            push(board.undo_stack, DeleteCommand(board.services, ids, board.report))
        except FollowUpError as exc:
            self.board.warn("Cannot delete", str(exc))
