"""Undo commands for edits made through services never let an exception into Qt's stack."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from followup_desktop.core.errors import NotFoundError
from followup_desktop.ui.contacts import commands
from followup_desktop.ui.contacts.commands import run_and_push


def test_a_refused_or_failing_undo_says_so_and_drops_out(qapp, monkeypatch: pytest.MonkeyPatch):
    told: list[Exception] = []
    monkeypatch.setattr(commands, "report", told.append)
    stack = QUndoStack()

    def refuse() -> None:
        raise NotFoundError("contact", "This person no longer exists.")

    def fail() -> None:
        raise OSError("disk full")

    run_and_push(stack, "Add Hana", lambda: None, refuse)
    run_and_push(stack, "Edit Hana", lambda: None, fail)
    stack.undo()  # an unexpected failure: no exception reaches Qt
    stack.undo()  # a refusal
    assert stack.count() == 0  # both dropped: the stack stays honest
    assert [type(e) for e in told] == [OSError, NotFoundError]


def test_the_message_stays_up_with_no_window_to_own_it(qapp):
    commands.report(OSError("disk full"))
    (box,) = [w for w in qapp.topLevelWidgets() if w.objectName() == "undoError"]
    assert box.isVisible()
    assert box.text().endswith("unexpected error. Nothing was changed.")
    box.accept()
    assert box not in commands._unparented
