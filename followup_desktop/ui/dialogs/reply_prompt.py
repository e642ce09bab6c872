"""Asks, once per interview, when the company said it would reply.

The seed: before you leave, ask what happens next and when you can expect a reply. When a
card enters Interviewed or Awaiting reply and no reply date is noted, the app asks for it
(and for the next steps) right after the move. The question is remembered as asked,
whatever the answer, so it never comes back for the same interview.
"""

from __future__ import annotations

from collections import deque
from datetime import date

from PySide6.QtCore import QDate, QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError, ValidationError
from followup_desktop.core.workdays import add_working_days
from followup_desktop.services import Changes, Services
from followup_desktop.services.timeline import TimelineService
from followup_desktop.ui.contacts.commands import run_and_push
from followup_desktop.ui.dialogs.field_errors import error_label


class ReplyDatePrompt(QDialog):
    """ "When did they say they would reply?" for one interview."""

    def __init__(
        self,
        services: Services,
        undo_stack: QUndoStack | None,
        interview_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replyDatePrompt")
        self.services = services
        self.undo_stack = undo_stack
        self.interview_id = interview_id
        details = services.board.get(interview_id)
        self.setWindowTitle("When will they reply?")
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{details.company} — {details.role}</b>", self)
        layout.addWidget(heading)
        text = QLabel(
            "Did they say when you can expect a reply? Noting it now means a polite "
            "chase is suggested only once that date has passed — never before.",
            self,
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        today = services.ctx.now().astimezone(services.ctx.tz).date()
        self.date = QDateEdit(self)
        self.date.setObjectName("replyDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        # A week is what companies say most often; the user corrects it in one click.
        suggested = add_working_days(today, 5)
        self.date.setDate(QDate(suggested.year, suggested.month, suggested.day))
        form.addRow("They will reply by", self.date)
        self.next_steps = QPlainTextEdit(self)
        self.next_steps.setObjectName("nextSteps")
        self.next_steps.setPlaceholderText("What happens next? (optional)")
        self.next_steps.setPlainText(details.next_steps)
        self.next_steps.setTabChangesFocus(True)
        self.next_steps.setFixedHeight(64)
        form.addRow("Next steps", self.next_steps)
        layout.addLayout(form)
        self.error = error_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.unknown_button = buttons.addButton(
            "They didn't say", QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_date(self) -> date:
        d = self.date.date()
        return date(d.year(), d.month(), d.day())

    def save(self) -> bool:
        board = self.services.board
        fields = {
            "reply_expected_by": self.chosen_date(),
            "next_steps": self.next_steps.toPlainText(),
        }
        before: dict[str, object] = {}
        iid = self.interview_id

        def redo() -> None:
            before.update(board.update_interview(iid, **fields))

        def undo() -> None:
            board.update_interview(iid, **before)

        try:
            run_and_push(self.undo_stack, "Note the reply date", redo, undo)
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.accept()
        return True


class ReplyDateWatcher(QObject):
    """Listens to committed changes and asks for a reply date once per interview."""

    #: ReplyDatePrompt — a question was put (tests and the wiring listen)
    sig_prompted = Signal(object)

    def __init__(
        self,
        services: Services,
        undo_stack: QUndoStack | None,
        parent_widget: QWidget | None = None,
    ) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.undo_stack = undo_stack
        self.parent_widget = parent_widget
        self.timeline = TimelineService(services.ctx)
        self.prompt: ReplyDatePrompt | None = None
        self._queue: deque[int] = deque()
        self._moved: set[int] = set()  # moved cards not looked at yet

    def on_changes(self, changes: Changes) -> None:
        # Only a move changes columns; an import or a restore (everything) asks nothing.
        if changes.everything or not changes.columns or not changes.interviews:
            return
        # Look after the drop has finished and the board repainted: never open a dialog
        # inside a drag's event, and never hold a drop's repaint back with a query.
        if not self._moved:
            QTimer.singleShot(0, self, self._look)
        self._moved.update(changes.interviews)

    def _look(self) -> None:
        moved, self._moved = self._moved, set()
        try:
            wanted = self.timeline.needs_reply_date(moved)
        except FollowUpError:
            return
        for iid in wanted:
            if iid not in self._queue:
                self._queue.append(iid)
        if wanted:
            self._next()

    def _next(self) -> None:
        if self.prompt is not None and self.prompt.isVisible():
            return
        while self._queue:
            iid = self._queue.popleft()
            if self.timeline.was_asked(iid):
                continue
            try:
                self.timeline.mark_asked(iid)
                prompt = ReplyDatePrompt(self.services, self.undo_stack, iid, self.parent_widget)
            except FollowUpError:
                continue
            self.prompt = prompt
            prompt.finished.connect(lambda _r: QTimer.singleShot(0, self._next))
            prompt.open()
            self.sig_prompted.emit(prompt)
            return
