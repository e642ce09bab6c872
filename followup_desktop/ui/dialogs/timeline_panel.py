"""An interview's timeline (Activity, newest first) and free notes.

Notes are added and deleted at once (undoably), not on the editor's Save: a note is a
record of what happened, like the rest of the timeline.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError
from followup_desktop.services import Services
from followup_desktop.services.timeline import TimelineEntry, TimelineService
from followup_desktop.ui.contacts.commands import run_and_push
from followup_desktop.ui.dialogs.field_errors import error_label

#: A small mark per kind of entry, so the eye finds notes and messages quickly.
MARK = {
    "note": "✎",
    "message_sent": "✉",
    "reply_received": "↩",
    "stage_changed": "→",
    "round_added": "◷",
    "round_edited": "◷",
    "promise_added": "☐",
    "promise_edited": "☑",
    "followup_done": "✓",
    "followup_dismissed": "✕",
    "followup_snoozed": "⏾",
    "contact_linked": "＋",
    "contact_unlinked": "－",
    "created": "★",
}


class TimelinePanel(QWidget):
    def __init__(
        self, services: Services, undo_stack: QUndoStack | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.timeline = TimelineService(services.ctx)
        self.undo_stack = undo_stack
        self.interview_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("noteInput")
        self.note.setPlaceholderText("Add a note: a call, what they said, how it went…")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(52)
        row.addWidget(self.note, 1)
        self.add_button = QPushButton("Add note", self)
        self.add_button.clicked.connect(self.add_note)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.error = error_label(self)
        layout.addWidget(self.error)
        self.list = QListWidget(self)
        self.list.setObjectName("timelineList")
        self.list.setAccessibleName("Timeline, newest first")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.list, 1)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.delete_current_note)
        QShortcut(
            QKeySequence("Ctrl+Return"), self.note, context=Qt.ShortcutContext.WidgetShortcut
        ).activated.connect(self.add_note)

    def set_interview(self, interview_id: int | None) -> None:
        self.interview_id = interview_id
        self.refresh()

    def entries(self) -> list[TimelineEntry]:
        return [
            e
            for e in (
                self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())
            )
            if isinstance(e, TimelineEntry)
        ]

    def refresh(self) -> None:
        self.list.clear()
        if self.interview_id is None:
            return
        tz = self.services.ctx.tz
        for entry in self.timeline.of_interview(self.interview_id):
            when = entry.at.astimezone(tz).strftime("%a %d %b %Y, %H:%M")
            mark = MARK.get(entry.kind, "•")
            item = QListWidgetItem(f"{mark}  {entry.summary}\n     {when}")
            item.setData(Qt.ItemDataRole.UserRole, entry)
            if entry.is_note:
                item.setToolTip("A note of yours (Delete removes it)")
                item.setForeground(QColor("#1d4ed8"))
            self.list.addItem(item)

    def add_note(self) -> int | None:
        if self.interview_id is None:
            return None
        interview_id = self.interview_id
        text = self.note.toPlainText()
        made: list[int] = []
        removed: list[TimelineEntry] = []

        def redo() -> None:
            if removed:
                made[:] = [self.timeline.restore_note(interview_id, removed.pop())]
            else:
                made[:] = [self.services.board.add_note(interview_id, text)]

        def undo() -> None:
            removed[:] = [self.timeline.delete_note(made[0])]

        self.error.hide()
        try:
            run_and_push(self.undo_stack, "Add a note", redo, undo)
        except FollowUpError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return None
        self.note.clear()
        self.refresh()
        return made[0]

    def delete_current_note(self) -> bool:
        item = self.list.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(entry, TimelineEntry) or not entry.is_note:
            return False
        interview_id = self.interview_id
        assert interview_id is not None
        note_id = [entry.id]  # it may come back under a new id (restore_note)

        def restore() -> None:
            note_id[0] = self.timeline.restore_note(interview_id, entry)

        try:
            run_and_push(
                self.undo_stack,
                "Delete a note",
                lambda: self.timeline.delete_note(note_id[0]),
                restore,
            )
        except FollowUpError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.refresh()
        return True
