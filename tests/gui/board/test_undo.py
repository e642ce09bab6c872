"""Undo and redo of every board action: move, create, edit, archive, restore, delete."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from followup_desktop.services import Services
from followup_desktop.store import models as m
from followup_desktop.ui.board.board_widget import BoardWidget
from followup_desktop.ui.board.commands import EditCommand, RestoreCommand, push


def columns(services: Services) -> dict[str, list[int]]:
    return {s.key: services.board.column_ids(s.key) for s in services.board.stages()}


def followups(interview_id: int) -> set[str]:
    return {f.rule_key for f in m.FollowUp.select().where(m.FollowUp.interview == interview_id)}


def test_undo_and_redo_a_move(board: BoardWidget, services: Services, cards):
    before = columns(services)
    acme = cards.applied[0]
    board.move_cards([acme], "interviewed", 0)
    after = columns(services)
    assert "thank_you:interview" in followups(acme)
    stack = board.undo_stack
    assert stack.undoText() == "Move Acme Ltd — Product Designer to Interviewed"

    stack.undo()
    assert columns(services) == before
    assert board.columns["applied"].model.ids() == before["applied"]
    assert "thank_you:interview" not in followups(acme)
    assert stack.redoText() == "Move Acme Ltd — Product Designer to Interviewed"

    stack.redo()
    assert columns(services) == after
    assert board.columns["interviewed"].model.ids() == after["interviewed"]


def test_undo_a_reorder_puts_the_card_back_exactly(board: BoardWidget, services: Services, cards):
    a, b, c = cards.applied
    board.move_cards([c], "applied", 0)
    assert services.board.column_ids("applied") == [c, a, b]
    board.undo_stack.undo()
    assert services.board.column_ids("applied") == [a, b, c]
    assert board.columns["applied"].model.ids() == [a, b, c]


def test_undo_and_redo_a_new_interview(board: BoardWidget, services: Services):
    iid = board.actions_.create_interview("Stark Logistics", "Operations Lead", "scheduled")
    assert board.columns["scheduled"].model.ids()[-1] == iid
    assert board.selected_ids() == [iid]
    stack = board.undo_stack
    assert stack.undoText() == "Add Stark Logistics — Operations Lead"
    stack.undo()
    assert iid not in services.board.column_ids("scheduled")
    assert not m.Interview.select().where(m.Interview.id == iid).exists()
    stack.redo()
    # The same interview comes back, with the same id.
    assert services.board.get(iid).company == "Stark Logistics"
    assert board.columns["scheduled"].model.ids()[-1] == iid


def test_undo_and_redo_an_edit(board: BoardWidget, services: Services, cards, qtbot):
    acme = cards.applied[0]
    command = EditCommand(services, acme, {"role": "Lead Designer", "notes": "Portfolio"})
    push(board.undo_stack, command)
    assert command.changed_anything
    model = board.columns["applied"].model
    assert model.index(0).data() == "Acme Ltd — Lead Designer"  # repainted from the signal
    board.undo_stack.undo()
    details = services.board.get(acme)
    assert (details.role, details.notes) == ("Product Designer", "")
    assert model.index(0).data() == "Acme Ltd — Product Designer"
    board.undo_stack.redo()
    assert services.board.get(acme).role == "Lead Designer"


def test_undo_and_redo_archive(board: BoardWidget, services: Services, cards):
    a, b, c = cards.applied
    board.select_ids([b])
    board.actions_.archive_selected()
    assert services.board.column_ids("applied") == [a, c]
    assert services.board.get(b).archived
    assert board.undo_stack.undoText() == "Archive Globex — Data Analyst"
    assert board.selected_ids() == [c]  # the selection moves on to the next card
    board.undo_stack.undo()
    assert services.board.column_ids("applied") == [a, b, c]  # back in its place
    board.undo_stack.redo()
    assert services.board.get(b).archived


def test_undo_and_redo_restore_from_the_archive(board: BoardWidget, services: Services, cards):
    a = cards.applied[0]
    services.board.archive([a])
    push(board.undo_stack, RestoreCommand(services, [a]))
    assert a in board.columns["applied"].model.ids()
    board.undo_stack.undo()
    assert services.board.get(a).archived
    board.undo_stack.redo()
    assert not services.board.get(a).archived


def test_delete_asks_and_undo_brings_everything_back(board: BoardWidget, services: Services, cards):
    hooli = cards.scheduled[0]
    rows_before = m.Round.select().where(m.Round.interview == hooli).count()
    keys_before = followups(hooli)
    questions: list[str] = []
    board.ask = lambda title, text: questions.append(text) is None and False
    board.select_ids([hooli])
    board.actions_.delete_selected()
    assert questions and "Hooli — Software Engineer" in questions[0]
    assert m.Interview.select().where(m.Interview.id == hooli).exists()  # said no

    board.ask = lambda title, text: True
    board.actions_.delete_selected()
    assert not m.Interview.select().where(m.Interview.id == hooli).exists()
    assert board.undo_stack.undoText() == "Delete Hooli — Software Engineer"
    board.undo_stack.undo()
    assert services.board.column_ids("scheduled") == [hooli]
    assert m.Round.select().where(m.Round.interview == hooli).count() == rows_before
    assert followups(hooli) == keys_before
    board.undo_stack.redo()
    assert services.board.column_ids("scheduled") == []


def test_an_undo_that_can_no_longer_work_says_why_and_drops_out(
    board: BoardWidget, services: Services, cards
):
    messages: list[str] = []
    board.sig_message.connect(messages.append)
    acme = cards.applied[0]
    board.move_cards([acme], "offer")
    services.board.delete([acme])  # gone behind the stack's back
    board.undo_stack.undo()
    assert messages and "no longer exists" in messages[-1]
    stack: QUndoStack = board.undo_stack
    assert stack.count() == 0  # obsolete: dropped


def test_an_undo_failing_unexpectedly_says_nothing_changed_and_drops_out(
    board: BoardWidget, services: Services, cards, monkeypatch
):
    messages: list[str] = []
    board.sig_message.connect(messages.append)
    acme = cards.applied[0]
    board.move_cards([acme], "offer")

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(services.board, "restore_placements", disk_full)
    board.undo_stack.undo()
    assert messages and messages[-1].endswith("an unexpected error. Nothing was changed.")
    assert board.undo_stack.count() == 0
    assert services.board.column_ids("offer") == [acme]
