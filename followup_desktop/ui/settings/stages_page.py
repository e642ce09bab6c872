"""Settings ▸ Stages: rename, reorder, hide and add the board's columns.

The rules follow each stage's fixed meaning (a renamed "Interviewed" still brings the
thank-you reminder), so the page shows that meaning beside custom names.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.stages import DEFAULT_STAGES, StageMeaning
from followup_desktop.services import Services
from followup_desktop.services.stage_edits import StageEdit, apply_stage_edits
from followup_desktop.ui.settings.registry import SettingsPage, register_page

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ORDER = 10
_DEFAULT_LABELS = {s.meaning: s.label for s in DEFAULT_STAGES}


class StagesPage(SettingsPage):
    """The stages as an editable, reorderable, checkable list."""

    title = "Stages"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        intro = QLabel(
            "Stages are the columns of your board. Tick the ones to show, drag to reorder, "
            "double-click to rename. Reminders follow what a stage means, whatever you call it.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("stages-list")
        self.list.setAccessibleName("Stages")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.add_button = QPushButton("&Add stage", self)
        self.rename_button = QPushButton("Re&name", self)
        self.up_button = QPushButton("Move &up", self)
        self.down_button = QPushButton("Move &down", self)
        self.add_button.clicked.connect(self.add_stage)
        self.rename_button.clicked.connect(self._rename_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        buttons = QVBoxLayout()
        for button in (self.add_button, self.rename_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for stage in self.services.board.stages():
            item = QListWidgetItem(stage.label)
            item.setData(KEY_ROLE, stage.key)
            item.setFlags(
                item.flags()
                | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
            item.setCheckState(Qt.CheckState.Unchecked if stage.hidden else Qt.CheckState.Checked)
            if stage.meaning is StageMeaning.CUSTOM:
                item.setToolTip("Your own stage: no reminders are tied to it.")
            else:
                default = _DEFAULT_LABELS.get(stage.meaning, stage.meaning.value)
                item.setToolTip(f"Means “{default}” to the reminders.")
            self.list.addItem(item)

    def edits(self) -> list[StageEdit]:
        """What the list says now, top to bottom."""
        out = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            out.append(
                StageEdit(
                    key=str(item.data(KEY_ROLE) or ""),
                    label=item.text(),
                    hidden=item.checkState() != Qt.CheckState.Checked,
                )
            )
        return out

    def add_stage(self) -> QListWidgetItem:
        item = QListWidgetItem("New stage")
        item.setData(KEY_ROLE, "")
        item.setFlags(
            item.flags()
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsDragEnabled
        )
        item.setCheckState(Qt.CheckState.Checked)
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        self.list.editItem(item)
        return item

    def _rename_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def move_current(self, direction: int) -> None:
        row = self.list.currentRow()
        target = row + direction
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def apply(self) -> None:
        apply_stage_edits(self.services.board, self.edits())
        self.reload()


def register() -> None:
    register_page(ORDER, StagesPage)
