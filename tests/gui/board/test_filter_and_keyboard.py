"""The filter bar, and the board from the keyboard alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop.services import Services
from followup_desktop.ui.board.board_widget import BoardWidget


def shown(board: BoardWidget) -> dict[str, list[int]]:
    return {k: c.model.ids() for k, c in board.columns.items() if c.model.ids()}


def type_filter(qtbot, board: BoardWidget, text: str) -> None:
    edit = board.filter_bar.edit
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.setText(text)  # QTest cannot type beyond ASCII
    qtbot.waitUntil(lambda: board.filter_text() == text.strip())


def test_the_filter_narrows_every_column_live_and_counts_follow(qtbot, board: BoardWidget, cards):
    type_filter(qtbot, board, "analyst")
    assert shown(board) == {"applied": [cards.applied[1]]}
    header = board.columns["applied"].header.count
    assert header.text() == "1 of 3"
    assert board.filter_bar.summary.text().endswith("match")


def test_the_filter_matches_company_role_notes_and_people(
    qtbot, board: BoardWidget, services: Services, cards
):
    person = services.contacts.create_contact("Björn Kowalski", kind="interviewer")
    services.contacts.link(cards.scheduled[0], person, "interviewer")
    for text, expected in (
        ("hooli", [cards.scheduled[0]]),
        ("QA ENGINEER", [cards.applied[2]]),
        ("zoë fair", [cards.applied[1]]),  # words of the notes, any order
        ("björn", [cards.scheduled[0]]),  # a person linked to the interview
        ("reed", [cards.interviewed[0]]),  # the agency
        ("nothing like this", []),
    ):
        type_filter(qtbot, board, text)
        got = [i for ids in shown(board).values() for i in ids]
        assert got == expected, text


def test_escape_clears_the_filter_and_goes_back_to_the_cards(qtbot, board: BoardWidget, cards):
    type_filter(qtbot, board, "hooli")
    assert sum(len(v) for v in shown(board).values()) == 1
    qtbot.keyClick(board.filter_bar.edit, Qt.Key.Key_Escape)
    assert board.filter_text() == ""
    assert sum(len(v) for v in shown(board).values()) == 5
    assert board.columns["applied"].header.count.text() == "3"
    assert board.filter_bar.summary.text() == ""


def test_a_change_while_filtering_keeps_the_filter(
    qtbot, board: BoardWidget, services: Services, cards
):
    type_filter(qtbot, board, "acme")
    services.board.create_interview("Acme Ltd", "Tester", "offer")
    assert len(board.columns["offer"].model.ids()) == 1
    services.board.update_interview(cards.applied[1], company="Acme Ltd")
    assert board.columns["applied"].model.ids() == cards.applied[:2]


def test_ctrl_f_focuses_the_filter(qtbot, board: BoardWidget, cards):
    board.activateWindow()
    board.columns["applied"].view.setFocus()
    board.actions_.filter.trigger()
    assert QApplication.focusWidget() is board.filter_bar.edit


def focus(board: BoardWidget, key: str, row: int = 0):
    view = board.columns[key].view
    view.setFocus()
    view.select_ids([view.stage_model().ids()[row]])
    return view


def test_arrows_move_between_cards_and_columns(qtbot, board: BoardWidget, cards):
    view = focus(board, "applied")
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert board.selected_ids() == [cards.applied[1]]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert board.selected_ids() == [cards.scheduled[0]]
    scheduled = board.columns["scheduled"].view
    assert scheduled.hasFocus()
    qtbot.keyClick(scheduled, Qt.Key.Key_Right)
    assert board.selected_ids() == [cards.interviewed[0]]
    qtbot.keyClick(board.columns["interviewed"].view, Qt.Key.Key_Left)
    qtbot.keyClick(board.columns["scheduled"].view, Qt.Key.Key_Left)
    assert board.columns["applied"].view.hasFocus()


def test_arrows_skip_collapsed_columns(qtbot, board: BoardWidget, cards):
    board.columns["scheduled"].set_collapsed(True)
    view = focus(board, "applied")
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert board.selected_ids() == [cards.interviewed[0]]


def test_ctrl_shift_arrows_move_the_selected_cards_to_the_next_stage(
    qtbot, board: BoardWidget, services: Services, cards
):
    view = focus(board, "applied", row=1)
    globex = cards.applied[1]
    qtbot.keyClick(
        view,
        Qt.Key.Key_Right,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert services.board.get(globex).stage_key == "scheduled"
    scheduled = board.columns["scheduled"].view
    assert scheduled.hasFocus() and board.selected_ids() == [globex]
    qtbot.keyClick(
        scheduled,
        Qt.Key.Key_Right,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert services.board.get(globex).stage_key == "interviewed"
    qtbot.keyClick(
        board.columns["interviewed"].view,
        Qt.Key.Key_Left,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert services.board.get(globex).stage_key == "scheduled"
    assert board.undo_stack.count() == 3


def test_enter_opens_the_card(qtbot, board: BoardWidget, cards):
    view = focus(board, "scheduled")
    with qtbot.waitSignal(board.sig_open_interview) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [cards.scheduled[0]]


def test_without_an_editor_enter_shows_a_summary(qtbot, board: BoardWidget, cards):
    view = focus(board, "interviewed")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    box = board.actions_.last_dialog
    assert box is not None and box.isVisible()
    assert "Umbrella Health — Nurse" in box.windowTitle()
    assert "Reed" in box.text()
    box.close()


def test_delete_archives_the_selected_cards(qtbot, board: BoardWidget, services: Services, cards):
    view = focus(board, "applied")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert services.board.get(cards.applied[0]).archived
    assert board.selected_ids() == [cards.applied[1]]


def test_ctrl_n_opens_the_new_interview_dialog(qtbot, board: BoardWidget, cards):
    view = focus(board, "scheduled")
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = board.actions_.last_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.stage.currentData() == "scheduled"  # the column you were in
    dialog.reject()


def test_column_views_are_named_for_screen_readers(board: BoardWidget):
    names = [c.view.accessibleName() for c in board.columns.values()]
    assert names[:3] == ["Applied", "Scheduled", "Interviewed"]
    assert board.filter_bar.edit.accessibleName() == "Filter interviews"
