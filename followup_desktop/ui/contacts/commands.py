"""Undo commands for edits made through services.

Each edit runs once *before* it is pushed (so a validation error reaches the form that
caused it, and nothing lands on the undo stack), then the command only replays it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.core.errors import FollowUpError


def report(error: Exception) -> None:
    """Tell the user an undo or redo could not be done (without blocking the event loop)."""
    parent = QApplication.activeWindow()
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Cannot do that",
        str(error) if isinstance(error, FollowUpError) else repr(error),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("undoError")
    box.open()


class ServiceCommand(QUndoCommand):
    """Replays ``redo`` / ``undo`` callables; the first redo was done by the caller."""

    def __init__(self, text: str, redo: Callable[[], object], undo: Callable[[], object]) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        try:
            self._redo()
        except FollowUpError as exc:
            self.setObsolete(True)
            report(exc)

    def undo(self) -> None:
        try:
            self._undo()
        except FollowUpError as exc:
            self.setObsolete(True)
            report(exc)


def run_and_push(
    stack: QUndoStack | None, text: str, redo: Callable[[], object], undo: Callable[[], object]
) -> object:
    """Do ``redo`` now (errors propagate to the caller) and make it undoable."""
    result = redo()
    if stack is not None:
        stack.push(ServiceCommand(text, redo, undo))
    return result
