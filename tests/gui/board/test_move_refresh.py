"""After a move the board applies the change the service announced, without re-reading
its columns, and ends up exactly where the database is."""

from __future__ import annotations

import random

import pytest

from followup_desktop.services import Services
from followup_desktop.ui.board.board_widget import BoardWidget


def shown(board: BoardWidget) -> dict[str, list[int]]:
    return {key: column.model.all_ids() for key, column in board.columns.items()}


def stored(services: Services, board: BoardWidget) -> dict[str, list[int]]:
    return {key: services.board.column_ids(key) for key in board.columns}


@pytest.fixture
def reads(board_with_cards: BoardWidget, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The columns the board reads from the database from now on."""
    seen: list[str] = []
    real = board_with_cards.cards.column_ids

    def column_ids(key: str) -> list[int]:
        seen.append(key)
        return real(key)

    monkeypatch.setattr(board_with_cards.cards, "column_ids", column_ids)
    return seen


@pytest.fixture
def board_with_cards(make_board, services: Services) -> BoardWidget:
    for n in range(24):
        services.board.create_interview(f"Company {n}", "Role", ("applied", "scheduled")[n % 2])
    return make_board()


def test_random_moves_match_the_database_without_reading_columns(
    board_with_cards: BoardWidget, services: Services, reads: list[str]
):
    board = board_with_cards
    rng = random.Random(11)
    keys = list(board.columns)
    for step in range(60):
        every = [i for ids in shown(board).values() for i in ids]
        ids = rng.sample(every, rng.randint(1, 3))
        key = rng.choice(keys)
        row = rng.choice([None, *range(len(board.columns[key].model.all_ids()) + 2)])
        board.move_cards(ids, key, row)
        assert shown(board) == stored(services, board), step
    assert reads == []  # every refresh came from the announcement


def test_undo_and_a_move_inside_another_operation_read_the_columns(
    board_with_cards: BoardWidget, services: Services, reads: list[str]
):
    board = board_with_cards
    first = board.columns["applied"].model.all_ids()[0]
    board.move_cards([first], "interviewed", 0)
    assert reads == []
    board.undo_stack.undo()  # restores placements: no single move to apply
    assert reads and shown(board) == stored(services, board)
    reads.clear()
    with services.ctx.transaction():  # a move that is part of a bigger operation
        services.board.move([first], "offer")
        services.board.create_interview("Initech", "QA", "offer", position=0)
    assert reads and shown(board) == stored(services, board)
