"""A real board over a real SQLite file, offscreen, with a clock the test moves by hand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from fixed_clock import START
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from followup_desktop.services import Services
from followup_desktop.ui.board.board_widget import BoardWidget
from followup_desktop.ui.bridge import ChangeBridge

#: A Tuesday, 12:00 in London (GMT).


@dataclass
class Cards:
    """The interviews every board test starts with (ids), column by column."""

    applied: list[int]
    scheduled: list[int]
    interviewed: list[int]


@pytest.fixture
def cards(services: Services) -> Cards:
    b = services.board
    applied = [
        b.create_interview("Acme Ltd", "Product Designer", "applied"),
        b.create_interview("Globex", "Data Analyst", "applied", notes="Met Zoë at the fair"),
        b.create_interview("Initech", "QA Engineer", "applied"),
    ]
    scheduled = [b.create_interview("Hooli", "Software Engineer", "scheduled")]
    rid_start = START - timedelta(hours=3)
    services.rounds.add_round(scheduled[0], rid_start, rid_start + timedelta(hours=1))
    interviewed = [b.create_interview("Umbrella Health", "Nurse", "interviewed", agency="Reed")]
    return Cards(applied, scheduled, interviewed)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "board.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def undo_stack(qapp) -> Iterator[QUndoStack]:
    stack = QUndoStack()
    yield stack
    stack.clear()


@pytest.fixture
def make_board(qtbot, services: Services, undo_stack: QUndoStack, settings: QSettings):
    """Builds a shown board (call after adding data, or before for the empty board)."""
    bridges: list[ChangeBridge] = []

    def make() -> BoardWidget:
        bridge = ChangeBridge(services)
        bridges.append(bridge)
        board = BoardWidget(services, bridge, undo_stack, settings)
        qtbot.addWidget(board)
        board.resize(1800, 700)
        board.show()
        qtbot.waitExposed(board)
        return board

    yield make
    for bridge in bridges:
        bridge.detach()


@pytest.fixture
def board(make_board, cards: Cards) -> BoardWidget:
    return make_board()
