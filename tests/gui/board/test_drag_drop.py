"""Drag and drop: through the model, and through real drag events sent to the views."""

from __future__ import annotations

import board_file
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from followup_desktop.core.facts import FollowUpKind
from followup_desktop.services import Services
from followup_desktop.store import models as m
from followup_desktop.ui.board import mime
from followup_desktop.ui.board.board_widget import BoardWidget
from followup_desktop.ui.board.stage_model import CARD_ROLE
from followup_desktop.ui.board.stage_view import StageView


def stage_in_file(services: Services, interview_id: int) -> tuple[str, int]:
    """The card's stage and row as a restart would read them from the file."""
    assert services.db_path is not None
    return board_file.stage_in_file(services.db_path, interview_id)


def kinds_of(interview_id: int) -> set[str]:
    return {f.kind for f in m.FollowUp.select().where(m.FollowUp.interview == interview_id)}


def view(board: BoardWidget, key: str) -> StageView:
    return board.columns[key].view


def point_in(v: StageView, row: int, *, upper: bool = True) -> QPoint:
    rect = v.visualRect(v.model().index(row, 0))
    y = rect.top() + rect.height() // 4 if upper else rect.bottom() - rect.height() // 4
    return QPoint(rect.center().x(), y)


def drag_event(cls, pos: QPoint, data):
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:  # PySide6 6.12 takes a QPointF (QPoint is deprecated there)...
        return cls(QPointF(pos), Qt.DropAction.MoveAction, data, buttons, mods)
    except TypeError:  # ...earlier versions only a QPoint
        return cls(pos, Qt.DropAction.MoveAction, data, buttons, mods)


def drag_over(v: StageView, data, pos: QPoint) -> tuple[bool, bool]:
    """Enter and move over ``v`` at ``pos``, as Qt does during a drag; (accepted, accepted)."""
    enter = drag_event(QDragEnterEvent, pos, data)
    QApplication.sendEvent(v.viewport(), enter)
    move = drag_event(QDragMoveEvent, pos, data)
    QApplication.sendEvent(v.viewport(), move)
    return enter.isAccepted(), move.isAccepted()


def drop_at(v: StageView, data, pos: QPoint) -> bool:
    """Drop on ``v``; Qt delivers a drop only to the widget that accepted the drag's enter."""
    drop = QDropEvent(
        QPointF(pos),
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(v.viewport(), drop)
    return drop.isAccepted()


def test_drop_through_the_model_moves_a_card_to_another_column(
    board: BoardWidget, services: Services, cards
):
    acme = cards.applied[0]
    source = view(board, "applied").stage_model()
    target = view(board, "interviewed").stage_model()
    data = source.mimeData([source.index(0)])
    assert target.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())

    # One transaction, committed: the file says so; the views refreshed from the signal.
    assert stage_in_file(services, acme) == ("interviewed", 0)
    assert target.ids() == [acme, cards.interviewed[0]]
    assert source.ids() == cards.applied[1:]
    assert board.columns["interviewed"].header.count.text() == "2"
    assert board.columns["applied"].header.count.text() == "2"
    assert board.selected_ids() == [acme]
    assert board.undo_stack.undoText() == "Move Acme Ltd — Product Designer to Interviewed"


def test_reorder_within_a_column(board: BoardWidget, services: Services, cards):
    a, b, c = cards.applied
    model = view(board, "applied").stage_model()
    model.dropMimeData(
        model.mimeData([model.index(0)]), Qt.DropAction.MoveAction, 3, 0, QModelIndex()
    )
    assert services.board.column_ids("applied") == [b, c, a]
    assert model.ids() == [b, c, a]
    model.dropMimeData(
        model.mimeData([model.index(2)]), Qt.DropAction.MoveAction, 1, 0, QModelIndex()
    )
    assert model.ids() == [b, a, c]


def test_a_drop_that_changes_nothing_is_not_an_undo_step(board: BoardWidget, cards):
    model = view(board, "applied").stage_model()
    for row in (0, 1):  # just above itself, or just below itself
        model.dropMimeData(
            model.mimeData([model.index(0)]), Qt.DropAction.MoveAction, row, 0, QModelIndex()
        )
    assert board.undo_stack.count() == 0
    assert model.ids() == cards.applied


def test_a_multi_selection_moves_together_in_order(board: BoardWidget, services: Services, cards):
    a, b, c = cards.applied
    source = view(board, "applied")
    board.select_ids([a, c])
    assert board.selected_ids() == [a, c]
    data = source.stage_model().mimeData(source.selectionModel().selectedIndexes())
    view(board, "scheduled").stage_model().dropMimeData(
        data, Qt.DropAction.MoveAction, 1, 0, QModelIndex()
    )
    assert services.board.column_ids("scheduled") == [cards.scheduled[0], a, c]
    assert services.board.column_ids("applied") == [b]
    assert board.undo_stack.undoText() == "Move 2 interviews to Scheduled"
    assert board.selected_ids() == [a, c]


def test_real_drag_events_show_the_indicator_and_drop_where_it_points(
    board: BoardWidget, services: Services, cards
):
    a, b, c = cards.applied
    target = view(board, "applied")
    data = mime.encode([cards.interviewed[0]], "interviewed")

    assert drag_over(target, data, point_in(target, 1, upper=True)) == (True, True)
    assert target.drop_indicator_row() == 1  # between Globex's top half: before it
    drag_over(target, data, point_in(target, 1, upper=False))
    assert target.drop_indicator_row() == 2
    assert drop_at(target, data, point_in(target, 1, upper=False))

    assert target.drop_indicator_row() is None
    assert services.board.column_ids("applied") == [a, b, cards.interviewed[0], c]
    assert stage_in_file(services, cards.interviewed[0]) == ("applied", 2)


def test_a_drag_that_leaves_clears_the_indicator(board: BoardWidget, cards):
    target = view(board, "applied")
    drag_over(target, mime.encode([cards.interviewed[0]]), point_in(target, 0))
    assert target.drop_indicator_row() == 0
    QApplication.sendEvent(target.viewport(), QDragLeaveEvent())
    assert target.drop_indicator_row() is None


def test_drops_into_an_empty_column_and_below_the_last_card(
    board: BoardWidget, services: Services, cards
):
    empty = view(board, "offer")
    data = mime.encode([cards.applied[1]])
    assert drag_over(empty, data, QPoint(40, 40)) == (True, True)
    drop_at(empty, data, QPoint(40, 40))
    assert services.board.column_ids("offer") == [cards.applied[1]]
    below = QPoint(40, empty.viewport().height() - 5)
    data = mime.encode([cards.applied[0]])
    drag_over(empty, data, below)
    assert empty.drop_indicator_row() == 1
    drop_at(empty, data, below)
    assert services.board.column_ids("offer") == [cards.applied[1], cards.applied[0]]


def test_text_or_files_dragged_in_are_refused(board: BoardWidget, services: Services):
    from PySide6.QtCore import QMimeData

    target = view(board, "applied")
    text = QMimeData()
    text.setText("Acme")
    accepted, _ = drag_over(target, text, point_in(target, 0))
    assert not accepted
    assert not drop_at(target, text, point_in(target, 0))
    assert board.undo_stack.count() == 0


def test_into_interviewed_the_thank_you_appears_on_the_card(
    board: BoardWidget, services: Services, cards
):
    acme = cards.applied[0]  # no round noted: the drag to Interviewed says it happened
    assert FollowUpKind.THANK_YOU.value not in kinds_of(acme)
    source = view(board, "applied").stage_model()
    target = view(board, "interviewed").stage_model()
    target.dropMimeData(
        source.mimeData([source.index(0)]), Qt.DropAction.MoveAction, -1, 0, QModelIndex()
    )
    assert FollowUpKind.THANK_YOU.value in kinds_of(acme)
    card = target.index(target.row_of(acme)).data(CARD_ROLE)
    assert card.stage_key == "interviewed"
    assert card.due_today >= 1
    assert card.next_text.startswith("Thank-you")


def test_into_not_this_time_the_feedback_note_and_check_ins_appear(
    board: BoardWidget, services: Services, cards
):
    acme = cards.applied[0]
    board.move_cards([acme], "not_this_time")
    kinds = kinds_of(acme)
    assert FollowUpKind.FEEDBACK_REQUEST.value in kinds
    keep_in_touch = m.FollowUp.select().where(
        (m.FollowUp.interview == acme) & (m.FollowUp.kind == FollowUpKind.KEEP_IN_TOUCH.value)
    )
    assert keep_in_touch.count() == 2  # after 3 and 6 months


def test_the_drag_pixmap_pictures_the_cards(board: BoardWidget, cards):
    source = view(board, "applied")
    board.select_ids(cards.applied[:2])
    indexes = sorted(source.selectionModel().selectedIndexes(), key=lambda i: i.row())
    pixmap, hot_spot = source.drag_pixmap(indexes)
    assert not pixmap.isNull()
    assert pixmap.width() >= source.viewport().width()
    assert 0 <= hot_spot.x() < pixmap.width() and 0 <= hot_spot.y() < pixmap.height()
    image = pixmap.toImage()
    # Not blank: the card was painted.
    assert len({image.pixel(x, image.height() // 2) for x in range(0, image.width(), 7)}) > 3


def test_people_dropped_on_a_card_are_announced(qtbot, board: BoardWidget, cards):
    from PySide6.QtCore import QMimeData

    target = view(board, "applied")
    people = QMimeData()
    people.setData(mime.CONTACT_MIME_TYPE, b'{"ids": [7, 9]}')
    assert drag_over(target, people, point_in(target, 1)) == (True, True)
    with qtbot.waitSignal(board.sig_contacts_dropped) as blocker:
        drop_at(target, people, point_in(target, 1))
    assert blocker.args == [cards.applied[1], [7, 9]]
    assert board.undo_stack.count() == 0


def test_the_boards_idea_of_a_move_matches_the_services(services: Services):
    """column_after_move predicts BoardService.move (the no-op check relies on it)."""
    import random

    from followup_desktop.ui.board.commands import column_after_move

    for n in range(8):
        services.board.create_interview(f"Company {n}", "Role")
    rng = random.Random(11)
    for _ in range(30):
        column = services.board.column_ids("applied")
        ids = rng.sample(column, rng.randint(1, 3))
        position = rng.choice([None, *range(len(column) + 1)])
        expected = column_after_move(column, ids, position)
        services.board.move(ids, "applied", position)
        assert services.board.column_ids("applied") == expected


def test_a_move_of_many_cards_and_of_a_few_land_alike():
    """column_after_move takes a shortcut for a few cards; both ways give the same column."""
    import random

    from followup_desktop.ui.board import commands

    rng = random.Random(5)
    for _ in range(200):
        column = rng.sample(range(1, 400), rng.randint(0, 60))
        outside = [i for i in range(400, 420)]
        ids = rng.sample(column + outside, rng.randint(1, min(30, len(column) + 20)))
        position = rng.choice([None, *range(-1, len(column) + 3)])
        # The plain definition: out of the column, then in at the shifted drop row.
        pos = len(column) if position is None else max(0, min(position, len(column)))
        pos -= sum(1 for i in column[:pos] if i in ids)
        rest = [i for i in column if i not in ids]
        assert commands.column_after_move(column, ids, position) == [*rest[:pos], *ids, *rest[pos:]]
