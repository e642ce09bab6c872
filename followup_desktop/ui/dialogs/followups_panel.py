"""This interview's follow-ups, with done / snooze / dismiss / reopen and a new due date.

Acts at once (not on the editor's Save): these are things done, not details typed. Every
action is undoable through the shared undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QUndoStack
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError
from followup_desktop.core.facts import DisplayState, FollowUpState
from followup_desktop.core.snooze_times import snooze_choices
from followup_desktop.services import Services, followup_undo
from followup_desktop.services.followup_views import FollowUpView
from followup_desktop.services.template_files import COMPOSABLE_KINDS
from followup_desktop.ui.contacts.commands import run_and_push
from followup_desktop.ui.dialogs.field_errors import error_label
from followup_desktop.ui.dialogs.rounds_editor import FORMAT, from_qdatetime, to_qdatetime

STATE_TEXT = {
    DisplayState.OVERDUE: "overdue",
    DisplayState.DUE: "due now",
    DisplayState.PENDING: "",
    DisplayState.SNOOZED: "snoozed",
    DisplayState.DONE: "done",
    DisplayState.DISMISSED: "dismissed",
}
STATE_COLOR = {
    DisplayState.OVERDUE: QColor("#b91c1c"),
    DisplayState.DUE: QColor("#b45309"),
    DisplayState.DONE: QColor("#15803d"),
}


class FollowUpsPanel(QWidget):
    def __init__(
        self, services: Services, undo_stack: QUndoStack | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.undo_stack = undo_stack
        self.interview_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(self)
        self.list.setObjectName("followupList")
        self.list.setAccessibleName("Follow-ups of this interview")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.compose_button = QPushButton("Compose…", self)
        self.compose_button.setObjectName("followupCompose")
        self.compose_button.setToolTip("Write this follow-up's message")
        self.compose_button.clicked.connect(self.compose)
        row.addWidget(self.compose_button)
        self.done_button = QPushButton("Done", self)
        self.done_button.clicked.connect(lambda: self._act("done"))
        self.snooze_button = QPushButton("Snooze", self)
        self.snooze_menu = QMenu(self.snooze_button)
        self.snooze_menu.aboutToShow.connect(self._fill_snooze)
        self.snooze_button.setMenu(self.snooze_menu)
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.clicked.connect(lambda: self._act("dismiss"))
        self.reopen_button = QPushButton("Reopen", self)
        self.reopen_button.clicked.connect(lambda: self._act("reopen"))
        for b in (self.done_button, self.snooze_button, self.dismiss_button, self.reopen_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        due_row = QHBoxLayout()
        self.due = QDateTimeEdit(self)
        self.due.setObjectName("followupDue")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat(FORMAT)
        self.due_button = QPushButton("Set due date", self)
        self.due_button.clicked.connect(self.apply_due)
        due_row.addWidget(self.due, 1)
        due_row.addWidget(self.due_button)
        layout.addLayout(due_row)
        self.error = error_label(self)
        layout.addWidget(self.error)
        self._update_buttons()

    def set_interview(self, interview_id: int | None) -> None:
        self.interview_id = interview_id
        self.refresh()

    def refresh(self) -> None:
        keep = self.current()
        self.list.clear()
        if self.interview_id is None:
            return
        tz = self.services.ctx.tz
        for f in self.services.followups.for_interview(self.interview_id):
            when = f.effective_due_at.astimezone(tz).strftime("%a %d %b, %H:%M")
            state = STATE_TEXT.get(f.display, "")
            to = ", ".join(r.name for r in f.to)
            line = f"{f.title}\n{'Snoozed until' if f.state is FollowUpState.SNOOZED else 'Due'}"
            line += (
                f" {when}"
                + (f" · {state}" if state and f.state is not FollowUpState.SNOOZED else "")
                + (f" · to {to}" if to else "")
            )
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, f)
            colour = STATE_COLOR.get(f.display)
            if colour is not None:
                item.setForeground(QBrush(colour))
            if f.state in (FollowUpState.DONE, FollowUpState.DISMISSED):
                font = item.font()
                font.setStrikeOut(f.state is FollowUpState.DISMISSED)
                item.setFont(font)
                item.setForeground(
                    QBrush(
                        QColor("#6b7280")
                        if f.state is FollowUpState.DISMISSED
                        else STATE_COLOR[DisplayState.DONE]
                    )
                )
            self.list.addItem(item)
            if keep is not None and f.id == keep.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def current(self) -> FollowUpView | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, FollowUpView) else None

    def select(self, followup_id: int) -> bool:
        for row in range(self.list.count()):
            f = self.list.item(row).data(Qt.ItemDataRole.UserRole)
            if isinstance(f, FollowUpView) and f.id == followup_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        f = self.current()
        open_ = f is not None and f.state in (FollowUpState.PENDING, FollowUpState.SNOOZED)
        for b in (
            self.done_button,
            self.snooze_button,
            self.dismiss_button,
            self.due,
            self.due_button,
        ):
            b.setEnabled(open_)
        self.reopen_button.setEnabled(f is not None and not open_)
        self.compose_button.setEnabled(open_ and f is not None and f.kind in COMPOSABLE_KINDS)
        if f is not None:
            self.due.setDateTime(to_qdatetime(f.due_at, self.services.ctx.tz))

    # -- actions -------------------------------------------------------------------------
    def compose(self) -> None:
        """Open the compose window for the selected follow-up (the main window owns it)."""
        f = self.current()
        widget: QWidget | None = self
        while f is not None and widget is not None:
            if hasattr(widget, "sig_compose_requested"):
                widget.sig_compose_requested.emit(f.id)
                return
            widget = widget.parentWidget()

    def _fill_snooze(self) -> None:
        self.snooze_menu.clear()
        for choice in snooze_choices(self.services.ctx.now(), self.services.ctx.tz):
            act = self.snooze_menu.addAction(choice.label)
            act.triggered.connect(lambda _c=False, until=choice.until: self.snooze(until))

    def _run(self, text: str, act: Callable[[int], object], before: FollowUpView) -> bool:
        """Do ``act`` on the follow-up; its undo puts it back exactly as it is now.

        Redo and undo find it by interview and rule key, not by id: undoing an interview's
        save may bring it back under another one.
        """
        try:
            saved = followup_undo.save(before.id)
        except FollowUpError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        ctx = self.services.ctx
        return self._push(
            text,
            lambda: act(followup_undo.current_id(saved)),
            lambda: followup_undo.put_back(ctx, saved),
        )

    def _push(self, text: str, redo: Callable[[], object], undo: Callable[[], object]) -> bool:
        """Do ``redo`` as one undoable step; show the refusal next to the list if any."""
        self.error.hide()
        try:
            run_and_push(self.undo_stack, text, redo, undo)
        except FollowUpError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.refresh()
        return True

    def _act(self, what: str) -> bool:
        f = self.current()
        if f is None:
            return False
        fs = self.services.followups
        action = {"done": fs.mark_done, "dismiss": fs.dismiss, "reopen": fs.reopen}[what]
        label = {"done": "Mark done", "dismiss": "Dismiss", "reopen": "Reopen"}[what]
        return self._run(f"{label}: {f.title}", action, f)

    def snooze(self, until: datetime) -> bool:
        f = self.current()
        if f is None:
            return False
        return self._run(
            f"Snooze: {f.title}", lambda fid: self.services.followups.snooze(fid, until), f
        )

    def apply_due(self) -> bool:
        """Give the selected follow-up the due date in the date field."""
        f = self.current()
        if f is None:
            return False
        due = from_qdatetime(self.due.dateTime(), self.services.ctx.tz)
        old_due, old_deadline = f.due_at, f.deadline_at
        # The deadline keeps its distance from the due time.
        deadline = due + max(old_deadline - old_due, timedelta(0))
        fs = self.services.followups
        return self._run(
            f"New due date: {f.title}",
            lambda fid: fs.edit(fid, due_at=due, deadline_at=deadline),
            f,
        )
