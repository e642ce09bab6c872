"""Undoable board actions: move, create, edit, archive, restore and delete interviews.

Each command is *executed* before it is pushed (``command.execute()`` then
``undo_stack.push(command)``): a service refusing the action raises there, and nothing lands
on the stack. ``redo()`` therefore skips its first call. Undo and redo go through the same
services, so they log activity and re-run the rules like any other change. Deleted interviews
come back from a snapshot with the same ids, so older commands on the stack still apply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from followup_desktop.core.errors import FollowUpError
from followup_desktop.services import Services
from followup_desktop.services.moves import Placement
from followup_desktop.services.snapshots import InterviewSnapshot, SnapshotService

log = logging.getLogger(__name__)

#: Shows a message to the user when an undo or redo cannot be done (the status bar).
Reporter = Callable[[str], None]


def describe(services: Services, interview_ids: Sequence[int]) -> str:
    """ "Acme Ltd — Designer" for one interview, "3 interviews" for more."""
    ids = list(interview_ids)
    if len(ids) == 1:
        try:
            details = services.board.get(ids[0])
        except FollowUpError:
            return "an interview"
        return f"{details.company} — {details.role}"
    return f"{len(ids)} interviews"


def stage_label(services: Services, stage_key: str) -> str:
    for stage in services.board.stages():
        if stage.key == stage_key:
            return stage.label
    return stage_key


class BoardCommand(QUndoCommand):
    """Runs an action now, and undoes / redoes it through the services later."""

    def __init__(self, services: Services, report: Reporter | None = None) -> None:
        super().__init__()
        self.services = services
        self._report = report or (lambda _message: None)
        #: done by execute() and not yet pushed: the stack's first redo() has nothing to do
        self._awaiting_push = False
        #: how many times the action ran (the first run may record what undo needs)
        self.runs = 0

    def execute(self) -> None:
        """Do the action for the first time (raises the service's errors)."""
        self._do()
        self.runs += 1
        self._awaiting_push = True

    def redo(self) -> None:
        if self._awaiting_push:
            self._awaiting_push = False
            return
        self._guarded(self._do)
        self.runs += 1

    def undo(self) -> None:
        self._guarded(self._undo)

    def _guarded(self, action: Callable[[], None]) -> None:
        # An exception must not escape into Qt's C++ undo stack; the data may have changed
        # under us (an interview deleted elsewhere): tell the user and drop the command.
        what = self.text().lower() or "do that"
        try:
            action()
        except FollowUpError as exc:
            self._report(f"Could not {what}: {exc}")
            self.setObsolete(True)
        except Exception:
            # A bug or a failing disk: the transaction rolled back, so say that nothing
            # changed, keep the details for a bug report, and keep the stack honest.
            log.exception("undo stack: %s failed", what)
            self._report(f"Could not {what}: an unexpected error. Nothing was changed.")
            self.setObsolete(True)

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class MoveCommand(BoardCommand):
    """Move cards to a stage at a position (None: the end)."""

    def __init__(
        self,
        services: Services,
        interview_ids: Sequence[int],
        stage_key: str,
        position: int | None = None,
        report: Reporter | None = None,
        text: str | None = None,
    ) -> None:
        super().__init__(services, report)
        self.interview_ids = list(interview_ids)
        self.stage_key = stage_key
        self.position = position
        self._placements: list[Placement] = []
        # The board passes the text it already knows (from its card cache), which saves two
        # queries on every drop.
        self.setText(
            text
            or f"Move {describe(services, self.interview_ids)} to "
            f"{stage_label(services, stage_key)}"
        )

    def _do(self) -> None:
        self._placements = self.services.board.move(
            self.interview_ids, self.stage_key, self.position
        )

    def _undo(self) -> None:
        self.services.board.restore_placements(self._placements)


class CreateCommand(BoardCommand):
    """Add a new interview; undo deletes it, redo brings the same one back."""

    def __init__(
        self,
        services: Services,
        company: str,
        role: str,
        stage_key: str,
        report: Reporter | None = None,
        **details: Any,
    ) -> None:
        super().__init__(services, report)
        self.company, self.role, self.stage_key = company, role, stage_key
        self.details = details
        self.interview_id = 0
        self._snapshot: InterviewSnapshot | None = None
        self._snapshots = SnapshotService(services.ctx, services.followups)
        self.setText(f"Add {company.strip()} — {role.strip()}")

    def _do(self) -> None:
        if self._snapshot is None:
            self.interview_id = self.services.board.create_interview(
                self.company, self.role, self.stage_key, **self.details
            )
        else:
            self._snapshots.restore(self._snapshot)

    def _undo(self) -> None:
        self._snapshot = self._snapshots.take([self.interview_id])
        self.services.board.delete([self.interview_id])


class EditCommand(BoardCommand):
    """Change an interview's fields; undo puts the previous values back."""

    def __init__(
        self,
        services: Services,
        interview_id: int,
        fields: dict[str, Any],
        report: Reporter | None = None,
    ) -> None:
        super().__init__(services, report)
        self.interview_id = interview_id
        self.fields = dict(fields)
        self.before: dict[str, Any] = {}
        self.setText(f"Edit {describe(services, [interview_id])}")

    def _do(self) -> None:
        changed = self.services.board.update_interview(self.interview_id, **self.fields)
        if self.runs == 0:
            self.before = changed

    @property
    def changed_anything(self) -> bool:
        """False when the edit changed nothing (then it need not be pushed)."""
        return bool(self.before)

    def _undo(self) -> None:
        self.services.board.update_interview(self.interview_id, **self.before)


class ArchiveCommand(BoardCommand):
    """Take cards off the board into the archive."""

    def __init__(
        self, services: Services, interview_ids: Sequence[int], report: Reporter | None = None
    ) -> None:
        super().__init__(services, report)
        self.interview_ids = list(interview_ids)
        self._placements: list[Placement] = []
        self.setText(f"Archive {describe(services, self.interview_ids)}")

    def _do(self) -> None:
        self._placements = self.services.board.archive(self.interview_ids)

    def _undo(self) -> None:
        self.services.board.restore(self.interview_ids, self._placements)


class RestoreCommand(BoardCommand):
    """Bring archived cards back to the end of their stage."""

    def __init__(
        self, services: Services, interview_ids: Sequence[int], report: Reporter | None = None
    ) -> None:
        super().__init__(services, report)
        self.interview_ids = list(interview_ids)
        self.setText(f"Restore {describe(services, self.interview_ids)}")

    def _do(self) -> None:
        self.services.board.restore(self.interview_ids)

    def _undo(self) -> None:
        self.services.board.archive(self.interview_ids)


class DeleteCommand(BoardCommand):
    """Delete interviews for good — except that undo brings them back whole."""

    def __init__(
        self, services: Services, interview_ids: Sequence[int], report: Reporter | None = None
    ) -> None:
        super().__init__(services, report)
        self.interview_ids = list(interview_ids)
        self._snapshots = SnapshotService(services.ctx, services.followups)
        self._snapshot: InterviewSnapshot | None = None
        self.setText(f"Delete {describe(services, self.interview_ids)}")

    def _do(self) -> None:
        self._snapshot = self._snapshots.take(self.interview_ids)
        self.services.board.delete(self.interview_ids)

    def _undo(self) -> None:
        if self._snapshot is not None:
            self._snapshots.restore(self._snapshot)


def column_after_move(column: Sequence[int], ids: Sequence[int], position: int | None) -> list[int]:
    """A column's order after moving ``ids`` (in that order) to ``position`` within it.

    ``position`` is a drop row in the column as it was (``None``: the end), as
    ``BoardService.move`` reads it: cards taken from above the drop row shift it up.
    """
    pos = len(column) if position is None else max(0, min(position, len(column)))
    if len(ids) <= FEW:
        # A drop of a few cards on a long column: search in C rather than walk the column in
        # Python (it runs on every drop, twice, over up to 3,000 cards).
        rest = list(column)
        drop = pos
        for interview_id in ids:
            try:
                at = column.index(interview_id)
            except ValueError:
                continue  # it comes from another column
            if at < drop:  # taken from above the drop row: the row shifts up
                pos -= 1
            rest.remove(interview_id)
    else:
        moving = set(ids)
        pos -= sum(1 for i in column[:pos] if i in moving)
        rest = [i for i in column if i not in moving]
    return [*rest[:pos], *ids, *rest[pos:]]


#: Up to this many moved cards, :func:`column_after_move` searches the column once per card.
FEW = 16


def push(stack: Any, command: BoardCommand) -> BoardCommand:
    """Execute ``command`` and, when it worked, put it on the undo stack.

    Raises:
        FollowUpError: the service refused; nothing was changed or pushed.
    """
    command.execute()
    stack.push(command)
    return command
