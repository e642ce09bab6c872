"""In-process board figures at scale: a filter keystroke, a full scroll, a move.

Run by the suite as its own process (``python -m tests.bench.board_ops ...``, JSON on
stdout), so the window is the app's real one: ``MainWindow`` with every feature installed
through ``app.install_features``, offscreen, shown and settled before anything is timed.
Each figure is timed with ``time.perf_counter`` around the work *and* the synchronous
repaint of the views it changed (``viewport().repaint()``), so "repainted" means painted.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, QStringListModel, Qt
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from followup_desktop import APP_ID
from followup_desktop.app import install_features, open_services
from followup_desktop.store.db import close_store
from followup_desktop.ui.board.board_widget import BoardWidget
from followup_desktop.ui.board.stage_view import StageView
from followup_desktop.ui.main_window import MainWindow
from tests.bench.figures import Figure, Target

#: Typed one letter at a time (words that match some sample cards, then none), then cleared.
TYPED = "software eng"


def _app() -> QApplication:
    QApplication.setApplicationName(APP_ID)
    QApplication.setOrganizationName(APP_ID)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    return app


def _settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.01)


class Board:
    """The app's window on a data folder, shown and settled."""

    def __init__(self, app: QApplication, data_dir: Path) -> None:
        self.app = app
        self.services = open_services(data_dir, False)
        self.services.followups.catch_up()
        self.window = MainWindow(self.services)
        self.reminders = install_features(self.window)
        self.window.resize(1280, 800)
        self.window.show()
        _settle(app)

    @property
    def board(self) -> BoardWidget:
        return self.window.board

    def view(self, stage_key: str) -> StageView:
        return self.board.columns[stage_key].view

    def repaint(self, views: list[StageView]) -> None:
        for view in views:
            view.viewport().repaint()

    def visible_views(self) -> list[StageView]:
        return [v for v in self.board.views() if v.isVisible()]

    def close(self) -> None:
        self.reminders.scheduler.stop()
        self.window.close_to_tray = False
        self.window.hide()
        self.window.deleteLater()
        _settle(self.app, 3)
        close_store()


def _timed(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


# -- filter ------------------------------------------------------------------------------
def filter_figures(app: QApplication, data_dir: Path, repeats: int) -> list[Figure]:
    b = Board(app, data_dir)
    cold: list[float] = []
    warm: list[float] = []

    def keystroke(text: str) -> float:
        views = b.visible_views()
        return _timed(lambda: (b.board.set_filter(text), b.repaint(views)))

    for _ in range(repeats):
        b.board._search = None  # the first keystroke after a start builds the search texts
        for n in range(1, len(TYPED) + 1):
            (cold if n == 1 else warm).append(keystroke(TYPED[:n]))
        warm.append(keystroke(""))  # Esc
        _settle(app, 2)
    strings = [text.replace("\n", " ") for text in b.board.cards.search_texts().values()]
    viewport = b.visible_views()[0].viewport().size()
    b.close()

    # Baseline: the same strings in a QSortFilterProxyModel over a QStringListModel.
    from PySide6.QtCore import QSortFilterProxyModel

    source = QStringListModel(strings)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QListView()
    view.setUniformItemSizes(True)
    view.setModel(proxy)
    view.resize(viewport.width(), viewport.height())
    view.show()
    _settle(app, 5)
    base: list[float] = []
    for _ in range(repeats):
        for n in range(1, len(TYPED) + 1):
            base.append(
                _timed(
                    lambda n=n: (
                        proxy.setFilterFixedString(TYPED[:n]),
                        view.viewport().repaint(),
                    )
                )
            )
        base.append(_timed(lambda: (proxy.setFilterFixedString(""), view.viewport().repaint())))
    view.close()
    size = len(strings)
    baseline_title = (
        "QSortFilterProxyModel over a QStringListModel of the same texts, one QListView"
    )
    return [
        Figure(
            key="filter_keystroke",
            title=f"filter keystroke, {size:,} interviews",
            unit="ms",
            samples=warm,
            baseline=base,
            baseline_title=baseline_title,
            target=Target("value", 50, "this suite: well under the 60 ms typing pause"),
            note=(
                f'typing "{TYPED}" a letter at a time, then clearing; each: '
                "BoardWidget.set_filter (after the filter bar's 60 ms pause) and the visible "
                "columns repainted"
            ),
        ),
        Figure(
            key="filter_first_keystroke",
            title=f"first filter keystroke after start (search texts read), {size:,} interviews",
            unit="ms",
            samples=cold,
            baseline=[s for i, s in enumerate(base) if i % (len(TYPED) + 1) == 0],
            baseline_title=baseline_title,
            target=Target("value", 200, "this suite"),
        ),
    ]


# -- scroll ------------------------------------------------------------------------------
class _CardHeight(QStyledItemDelegate):
    def __init__(self, height: int) -> None:
        super().__init__()
        self.height = height

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | Any) -> QSize:
        return QSize(100, self.height)


def _scroll_through(view: QListView) -> list[float]:
    """Top to bottom a page at a time, each page painted; ms per page."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    view.viewport().repaint()
    page = max(1, bar.pageStep())
    steps: list[float] = []
    value = 0
    while value < bar.maximum():
        value = min(bar.maximum(), value + page)
        steps.append(_timed(lambda value=value: (bar.setValue(value), view.viewport().repaint())))
    return steps


def scroll_figures(app: QApplication, data_dir: Path, stage_key: str, repeats: int) -> list[Figure]:
    b = Board(app, data_dir)
    view = b.view(stage_key)
    count = view.model().rowCount()
    row_height = view.sizeHintForRow(0)
    viewport = view.viewport().size()
    pages: list[float] = []
    totals: list[float] = []
    for _ in range(repeats):
        b.board.cache.clear()  # cold: rows read as the pages come into view
        steps = _scroll_through(view)
        pages.extend(steps)
        totals.append(sum(steps))
    loaded = b.board.cache.loaded
    b.close()

    model = QStringListModel([f"Company {i} — Role {i}" for i in range(count)])
    base_view = QListView()
    base_view.setUniformItemSizes(True)
    base_view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    delegate = _CardHeight(row_height)
    base_view.setItemDelegate(delegate)
    base_view.setModel(model)
    base_view.resize(
        viewport.width() + base_view.verticalScrollBar().sizeHint().width(), viewport.height()
    )
    base_view.show()
    _settle(app, 5)
    base_pages: list[float] = []
    base_totals: list[float] = []
    for _ in range(repeats):
        steps = _scroll_through(base_view)
        base_pages.extend(steps)
        base_totals.append(sum(steps))
    base_view.close()
    baseline_title = "QListView, QStringListModel, same row height and viewport"
    note = (
        f"{count:,} cards in one column, {viewport.width()}×{viewport.height()} px viewport, "
        f"{row_height} px per card; the row cache emptied before each pass, so rows are read "
        f"as pages come into view ({loaded:,} rows read in {repeats} passes)"
    )
    return [
        Figure(
            key="scroll_page",
            title=f"scroll one page, {count:,}-card column",
            unit="ms",
            samples=pages,
            baseline=base_pages,
            baseline_title=baseline_title,
            target=Target("value", 16, "this suite: one frame at 60 Hz"),
            note=note,
        ),
        Figure(
            key="scroll_full",
            title=f"full scroll, top to bottom, {count:,}-card column",
            unit="ms",
            samples=totals,
            baseline=base_totals,
            baseline_title=baseline_title,
        ),
    ]


# -- move --------------------------------------------------------------------------------
def move_figures(app: QApplication, data_dir: Path, repeats: int) -> list[Figure]:
    """Moves as a user drags: a random card to a random row of another column, and back;
    and the worst case, the top card of the biggest column to the top of every other."""
    b = Board(app, data_dir)
    columns = b.board.columns
    keys = list(columns)
    after: list[float] = []
    floor: list[float] = []

    def drop(from_key: str, from_row: int, to_key: str, to_row: int) -> float:
        source, target = columns[from_key], columns[to_key]
        views = [source.view, target.view]
        moved = source.model.id_at(from_row)
        # The user sees where the card comes from and where it goes: both on screen, painted.
        source.view.scrollTo(source.model.index(from_row))
        target.view.scrollTo(target.model.index(min(to_row, target.model.rowCount() - 1)))
        b.repaint(views)
        app.processEvents()
        mime = source.model.mimeData([source.model.index(from_row)])

        def work() -> None:
            done = target.model.dropMimeData(
                mime, Qt.DropAction.MoveAction, to_row, 0, QModelIndex()
            )
            assert done
            b.repaint(views)

        spent = _timed(work)
        assert target.model.id_at(to_row) == moved, "the card did not land where dropped"
        # What the move set going for later (the reminder re-check, the status bar, the
        # sidebar's highlight, queued repaints): apart, not part of drop → repainted.
        after.append(_timed(app.processEvents))
        floor.append(_timed(lambda: b.repaint(views)))
        return spent

    rng = random.Random(9)
    typical: list[float] = []
    for _ in range(repeats):
        from_key = rng.choice([k for k in keys if columns[k].model.total()])
        to_key = rng.choice([k for k in keys if k != from_key])
        from_row = rng.randrange(columns[from_key].model.total())
        to_row = rng.randrange(columns[to_key].model.total() + 1)
        typical.append(drop(from_key, from_row, to_key, to_row))
        typical.append(drop(to_key, to_row, from_key, from_row))
    biggest = max(keys, key=lambda k: columns[k].model.total())
    size = columns[biggest].model.total()
    others = [k for k in keys if k != biggest]
    worst: list[float] = []
    for n in range(max(len(others), repeats // 2)):
        to_key = others[n % len(others)]
        worst.append(drop(biggest, 0, to_key, 0))
        worst.append(drop(to_key, 0, biggest, 0))
    total = b.board.cards.live_count()
    b.close()
    chain = (
        "StageModel.dropMimeData → BoardWidget.on_drop → MoveCommand → BoardService.move "
        "(one transaction, the rules run for the new stage) → change signal → models "
        "refreshed, the cards selected → both views repainted"
    )
    later = sorted(after)[len(after) // 2]
    return [
        Figure(
            key="move",
            title=f"move a card (drop → committed → repainted), {total:,} interviews",
            unit="ms",
            samples=typical,
            baseline=floor,
            baseline_title="repainting the same two columns alone",
            target=Target("value", 16),
            note=(
                f"a random card dropped at a random row of another column, and back "
                f"({len(typical)} moves, seeded): {chain}; what the move set off for later "
                f"(reminder re-check, status bar, sidebar) ran after, apart: median {later:.1f} ms"
            ),
        ),
        Figure(
            key="move_worst",
            title=f"move, worst case: to and from the top of the {size:,}-card column",
            unit="ms",
            samples=worst,
            baseline=floor,
            baseline_title="repainting the same two columns alone",
            target=Target("value", 16),
            note=(
                "the top card of the biggest column to the top of every other column and "
                "back: the biggest column's rows all shift, on screen and in the selection"
            ),
        ),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--board", type=Path, required=True, help="10,000 interviews")
    parser.add_argument("--column", type=Path, required=True, help="10,000 in one column")
    parser.add_argument("--column-stage", default="applied")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--only", default="filter,scroll,move")
    args = parser.parse_args(argv)
    app = _app()
    wanted = set(args.only.split(","))
    figures: list[Figure] = []
    if "filter" in wanted:
        figures += filter_figures(app, args.board, args.repeats)
    if "scroll" in wanted:
        figures += scroll_figures(app, args.column, args.column_stage, args.repeats)
    if "move" in wanted:
        figures += move_figures(app, args.board, args.moves)
    print(json.dumps([asdict(f) for f in figures]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
