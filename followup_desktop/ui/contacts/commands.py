"""Undo commands for edits made through services.

Each edit runs once *before* it is pushed (so a validation error reaches the form that
caused it, and nothing lands on the undo stack), then the command only replays it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.core.errors import FollowUpError

log = logging.getLogger(__name__)


def report(error: Exception) -> None:
    """Tell the user an undo or redo could not be done (without blocking the event loop)."""
    parent = QApplication.activeWindow()
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Cannot do that",
        str(error)
        if isinstance(error, FollowUpError)
        else "That could not be done because of an unexpected error. Nothing was changed.",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("undoError")
    if parent is None:  # nothing holds it: keep it until it is answered (or it vanishes)
        _unparented.add(box)
        box.finished.connect(lambda _result: _unparented.discard(box))
    box.open()


#: message boxes shown with no active window to own them
_unparented: set[QMessageBox] = set()


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
        self._guarded(self._redo)

    def undo(self) -> None:
        self._guarded(self._undo)

    def _guarded(self, action: Callable[[], object]) -> None:
        # Nothing may escape into Qt's C++ undo stack: it would move its index as if the
        # step were done. A refusal, or an unexpected failure (the transaction rolled
        # back), drops the command and says so.
        try:
            action()
        except FollowUpError as exc:
            self.setObsolete(True)
            report(exc)
        except Exception as exc:
            log.exception("undo stack: %s failed", self.text())
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
