"""Mark as sent as one undoable step on the window's undo stack.

Sending is logged first (the services may refuse: nothing lands on the stack then), and the
offered stage move follows through the board's own :class:`MoveCommand`; both go into one
macro, so a single Undo takes back the message, the completed follow-up, the last-contacted
times and the move.
"""

from __future__ import annotations

from collections.abc import Sequence

from followup_desktop.core.facts import Recipient
from followup_desktop.services import Services
from followup_desktop.services.board import StageInfo
from followup_desktop.services.compose import ComposeService, SentRecord
from followup_desktop.ui.board.commands import BoardCommand, MoveCommand, Reporter
from followup_desktop.ui.main_window import MainWindow


class MarkSentCommand(BoardCommand):
    """Log a message as sent; undo removes the log entry and restores what it changed."""

    def __init__(
        self,
        services: Services,
        compose: ComposeService,
        followup_id: int,
        *,
        to: Sequence[Recipient],
        cc: Sequence[Recipient],
        subject: str,
        body: str,
        letter: bool,
        title: str,
        report: Reporter | None = None,
    ) -> None:
        super().__init__(services, report)
        self.compose = compose
        self.followup_id = followup_id
        self._message = (tuple(to), tuple(cc), subject, body, letter)
        self.record: SentRecord | None = None
        self.setText(f"Mark as sent: {title}")

    def _do(self) -> None:
        to, cc, subject, body, letter = self._message
        self.record = self.compose.mark_as_sent(
            self.followup_id, to=to, cc=cc, subject=subject, body=body, letter=letter
        )

    def _undo(self) -> None:
        if self.record is not None:
            self.compose.undo_mark_as_sent(self.record)
            self.record = None


def push_mark_as_sent(
    window: MainWindow,
    compose: ComposeService,
    followup_id: int,
    *,
    to: Sequence[Recipient],
    cc: Sequence[Recipient],
    subject: str,
    body: str,
    letter: bool,
    next_stage: StageInfo | None,
    title: str,
) -> MarkSentCommand:
    """Mark as sent (and move the card to ``next_stage``) as one undoable step.

    Raises:
        FollowUpError: the services refused (the follow-up was deleted meanwhile...);
            nothing was changed or pushed then.
    """

    def report(text: str) -> None:
        window.statusBar().showMessage(text, 8000)

    services = window.services
    sent = MarkSentCommand(
        services,
        compose,
        followup_id,
        to=to,
        cc=cc,
        subject=subject,
        body=body,
        letter=letter,
        title=title,
        report=report,
    )
    sent.execute()
    move = None
    if next_stage is not None and sent.record is not None:
        move = MoveCommand(services, [sent.record.interview_id], next_stage.key, report=report)
        try:
            move.execute()
        except Exception:
            sent.undo()  # both or neither: the macro must not hold half a step
            raise
    stack = window.undo_stack
    moved = f" and move to {next_stage.label}" if move is not None and next_stage else ""
    stack.beginMacro(sent.text() + moved)
    stack.push(sent)
    if move is not None:
        stack.push(move)
    stack.endMacro()
    window.statusBar().showMessage(f"{sent.text()} — Undo (Ctrl+Z) takes it back.", 8000)
    return sent
