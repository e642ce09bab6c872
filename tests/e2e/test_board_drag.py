"""A real pointer drags a card between columns on a real X server; the file proves it moved.

xdotool moves the X pointer (press, move in steps, release), so Qt runs its real drag loop
(QDrag.exec waits for the real release). xdotool runs as a separate process while this one
keeps processing Qt events; the test then opens the database file with a fresh sqlite3
connection, as a restart would.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from board_file import stage_in_file
from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QUndoStack

from followup_desktop.core.facts import FollowUpKind
from followup_desktop.services import Services
from followup_desktop.store.db import close_store, open_store
from followup_desktop.ui.board.board_widget import BoardWidget
from followup_desktop.ui.bridge import ChangeBridge

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("xdotool") is None, reason="needs xdotool"),
]


def followup_kinds_in_file(db_path: Path, interview_id: int) -> set[str]:
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT kind FROM follow_up WHERE interview_id = ?", (interview_id,))
        return {kind for (kind,) in rows}


@pytest.fixture
def services(data_dir: Path) -> Iterator[Services]:
    path = open_store(data_dir)
    yield Services.create(db_path=path)
    close_store()


@pytest.fixture
def board(qtbot, services: Services, tmp_path: Path) -> Iterator[BoardWidget]:
    b = services.board
    for company, role in (("Acme Ltd", "Product Designer"), ("Globex", "Data Analyst")):
        b.create_interview(company, role, "applied")
    b.create_interview("Initech", "QA Engineer", "interviewed")
    bridge = ChangeBridge(services)
    settings = QSettings(str(tmp_path / "board.ini"), QSettings.Format.IniFormat)
    widget = BoardWidget(services, bridge, QUndoStack(), settings)
    qtbot.addWidget(widget)
    widget.setGeometry(0, 0, 1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    bridge.detach()


def xdotool(*steps: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(["xdotool", *steps], stdout=subprocess.DEVNULL)


def test_a_real_pointer_drag_moves_a_card_and_the_file_says_so(
    qtbot, board: BoardWidget, services: Services
):
    acme = services.board.column_ids("applied")[0]
    source = board.columns["applied"].view
    target = board.columns["interviewed"].view
    card = source.visualRect(source.model().index(0, 0))
    start = source.viewport().mapToGlobal(card.center())
    below_initech = target.visualRect(target.model().index(0, 0)).bottomLeft()
    end = target.viewport().mapToGlobal(below_initech + QPoint(card.width() // 2, 12))
    assert services.db_path is not None
    assert stage_in_file(services.db_path, acme) == ("applied", 0)

    # Without a window manager the first click only activates the window: click first, on
    # an empty column (on the card itself, click + press would make a double-click: "Open").
    empty = board.columns["offer"].view
    spot = empty.viewport().mapToGlobal(empty.viewport().rect().center())
    click = xdotool("mousemove", str(spot.x()), str(spot.y()), "click", "1")
    qtbot.waitUntil(lambda: click.poll() is not None, timeout=10_000)
    mid_x = (start.x() + end.x()) // 2
    drag = xdotool(
        "mousemove",
        str(start.x()),
        str(start.y()),
        "mousedown",
        "1",
        "sleep",
        "0.3",
        "mousemove",
        str(start.x() + 12),
        str(start.y() + 6),
        "sleep",
        "0.2",
        "mousemove",
        str(mid_x),
        str((start.y() + end.y()) // 2),
        "sleep",
        "0.2",
        "mousemove",
        str(end.x()),
        str(end.y() - 2),
        "sleep",
        "0.2",
        "mousemove",
        str(end.x()),
        str(end.y()),
        "sleep",
        "0.3",
        "mouseup",
        "1",
    )
    try:
        qtbot.waitUntil(
            lambda: (
                drag.poll() is not None
                and stage_in_file(services.db_path, acme)[0] == "interviewed"
            ),
            timeout=15_000,
        )
    finally:
        if drag.poll() is None:
            drag.kill()
    assert drag.returncode == 0

    # Dropped below Initech, as pointed; committed to the file; the board refreshed.
    assert stage_in_file(services.db_path, acme) == ("interviewed", 1)
    assert FollowUpKind.THANK_YOU.value in followup_kinds_in_file(services.db_path, acme)
    assert board.columns["interviewed"].model.ids()[1] == acme
    assert acme not in board.columns["applied"].model.ids()
    assert board.selected_ids() == [acme]
    assert board.undo_stack.undoText() == "Move Acme Ltd — Product Designer to Interviewed"
