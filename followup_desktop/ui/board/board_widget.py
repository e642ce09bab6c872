"""The board: a filter bar over stage columns that scroll horizontally.

It keeps the columns in step with the database through the change signal: a column whose
order changed re-reads its ids, a changed interview drops its cached row and repaints, and
stages changing rebuild the columns. Card actions (move, archive, delete...) go through
undoable commands (:mod:`.commands`); menus and actions live in :mod:`.board_actions`;
selecting cards and moving around with the keyboard in :mod:`.card_selection`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QMetaMethod, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError
from followup_desktop.services import Changes, Services
from followup_desktop.services.cards import CardService, matching_ids
from followup_desktop.services.context import Moved
from followup_desktop.ui.board.board_layout import (
    ColumnGrip,
    ColumnsArea,
    LayoutMemory,
    default_column_width,
)
from followup_desktop.ui.board.card_delegate import CardDelegate
from followup_desktop.ui.board.card_selection import CardSelection
from followup_desktop.ui.board.column import StageColumn
from followup_desktop.ui.board.commands import MoveCommand, column_after_move, push
from followup_desktop.ui.board.empty_state import EmptyBoard, launch_sample_data
from followup_desktop.ui.board.filter_bar import FilterBar
from followup_desktop.ui.board.stage_model import CardCache, StageModel
from followup_desktop.ui.board.stage_view import StageView
from followup_desktop.ui.bridge import ChangeBridge

#: Badges turn red and amber as time passes, without any data changing.
CLOCK_REFRESH_MS = 60_000

#: Fills the Compose ▸ submenu of a card's context menu (the compose feature sets it).
ComposeMenuHook = Callable[[QMenu, list[int]], None]


class BoardWidget(QWidget, CardSelection):
    """Stage columns of interview cards, with a filter bar and a first-run page."""

    #: int — an interview to open (Enter, double-click, "Open"); the editor connects here
    sig_open_interview = Signal(int)
    #: list[int] — the selected interviews changed (the contacts sidebar highlights people)
    sig_selection_changed = Signal(list)
    #: str — a short message for the status bar
    sig_message = Signal(str)
    #: the user asked for the stage settings (column header menu)
    sig_stage_settings_requested = Signal()
    #: int interview id, list[int] contact ids — people dragged from the sidebar onto a card
    sig_contacts_dropped = Signal(int, list)

    def __init__(
        self,
        services: Services,
        bridge: ChangeBridge,
        undo_stack: QUndoStack,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        self.services = services
        self.bridge = bridge
        self.undo_stack = undo_stack
        self.settings = settings if settings is not None else QSettings()
        self.layout_memory = LayoutMemory(self.settings)
        self.cards = CardService(services.ctx)
        self.cache = CardCache(self.cards)
        self.delegate = CardDelegate(self)
        #: the compose feature fills the Compose ▸ submenu through this
        self.compose_menu_hook: ComposeMenuHook | None = None
        #: asks a yes/no question (tests replace it): (title, text) -> yes?
        self.ask: Callable[[str, str], bool] = self._ask
        #: tells the user something went wrong (tests replace it): (title, text)
        self.warn: Callable[[str, str], None] = self._warn
        self.columns: dict[str, StageColumn] = {}
        self._grips: list[ColumnGrip] = []
        self._active: StageView | None = None
        self._selecting = False
        self._search: dict[int, str] | None = None
        self._filter = ""

        self.filter_bar = FilterBar(self)
        self.empty = EmptyBoard(self)
        self.area = ColumnsArea()
        self.area.setObjectName("board-columns")
        self._row = QHBoxLayout(self.area)
        unit = self.fontMetrics().height()
        self._row.setContentsMargins(
            round(unit * 0.6), round(unit * 0.3), round(unit * 0.6), round(unit * 0.4)
        )
        self._row.setSpacing(0)
        self.scroller = QScrollArea(self)
        self.scroller.setObjectName("board-scroll")
        self.scroller.setWidget(self.area)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.scroller)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.stack, 1)

        from followup_desktop.ui.board.board_actions import BoardActions

        self.actions_ = BoardActions(self)
        self.new_button = QToolButton(self)
        self.new_button.setDefaultAction(self.actions_.new)
        self.new_button.setText("+  New interview")
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_button.setToolTip("Add an interview to the board (Ctrl+N)")
        self.new_button.setAccessibleName("New interview")
        self.filter_bar.add_button(self.new_button)
        self.filter_bar.sig_filter_changed.connect(self.set_filter)
        self.filter_bar.sig_done.connect(self.focus_cards)
        # Read the search text when the field gets focus, before the first key arrives.
        self.filter_bar.edit.sig_focused.connect(self._search_index)
        self.empty.sig_add_requested.connect(self.actions_.new_interview)
        self.empty.sig_explore_requested.connect(self.explore_sample_data)
        bridge.sig_changed.connect(self.on_changes)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_REFRESH_MS)
        self._clock.timeout.connect(self.refresh_due_states)
        self._clock.start()
        self.rebuild()

    # -- building ----------------------------------------------------------------------
    def rebuild(self) -> None:
        """(Re)create the columns from the stages; keeps the selection."""
        selected = self.selected_ids()
        self.layout_memory.save(self.columns.values())
        while self._row.count():
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.columns.clear()
        self._grips.clear()
        self._active = None
        widths = self.layout_memory.widths()
        collapsed = self.layout_memory.collapsed()
        for stage in self.services.board.stages(include_hidden=False):
            model = StageModel(stage, self.cache)
            column = StageColumn(model, self.delegate, self.area)
            model.setParent(column)
            column.set_width(widths.get(stage.key) or default_column_width(self))
            column.set_collapsed(stage.key in collapsed)
            self._connect(column)
            self.columns[stage.key] = column
            self._row.addWidget(column)
            grip = ColumnGrip(column, self.save_layout)
            self._grips.append(grip)
            self._row.addWidget(grip)
        self._row.addStretch(1)
        self.reload()
        if selected:
            self.select_ids(selected)

    def _connect(self, column: StageColumn) -> None:
        view, model = column.view, column.model
        model.sig_cards_dropped.connect(self.on_drop)
        view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection(view))
        view.sig_focused.connect(lambda: self._set_active(view))
        view.sig_neighbour_requested.connect(lambda d: self.focus_neighbour(view, d))
        view.sig_open_requested.connect(self.open_interview)
        view.sig_contacts_dropped.connect(self.sig_contacts_dropped)
        view.sig_menu_requested.connect(lambda pos: self.actions_.card_menu(view, pos))
        column.header.menu_button.clicked.connect(
            lambda: self.actions_.header_menu(
                column,
                column.header.menu_button.mapToGlobal(
                    QPoint(0, column.header.menu_button.height())
                ),
            )
        )
        column.header.customContextMenuRequested.connect(
            lambda pos: self.actions_.header_menu(column, column.header.mapToGlobal(pos))
        )
        column.sig_collapsed_changed.connect(lambda _c: self.save_layout())
        column.sig_collapsed_changed.connect(lambda _c: self.area.update())

    def reload(self) -> None:
        """Re-read every column's ids (after an import, a restore, a stage change)."""
        for key, column in self.columns.items():
            column.model.set_column(self.cards.column_ids(key))
        self._search = None
        self._apply_filter()
        self._update_page()

    def _update_page(self) -> None:
        first_run = not any(c.model.total() for c in self.columns.values()) and (
            self.cards.total_count() == 0
        )
        self.stack.setCurrentWidget(self.empty if first_run else self.scroller)
        self.filter_bar.setVisible(not first_run)

    # -- keeping up with changes ---------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        """Refresh only what ``changes`` says is stale."""
        if changes.everything or changes.stages:
            self.cache.clear()
            self.rebuild()
            return
        # Follow-ups changed without saying whose: every badge may be stale.
        everyone = changes.followups and not changes.interviews
        if everyone:
            self.cache.clear()
            shown: list[int] | None = None
            stale = set(self.columns)
        else:
            # Only cards with a cached row can be on screen: repaint just their columns.
            shown = [i for i in changes.interviews if self.cache.has(i)]
            stale = {row.stage_key for row in map(self.cache.get, shown) if row is not None}
            self.cache.invalidate(shown)
        for key in changes.columns:
            column = self.columns.get(key)
            if column is not None:
                column.model.set_column(
                    self._after_move(column, changes.moved)
                    if changes.moved is not None
                    else self.cards.column_ids(key)
                )
        for key in stale:
            column = self.columns.get(key)
            if column is not None:
                column.model.refresh(shown)
        if self._search is not None:
            if changes.contacts or changes.organizations:
                self._search = None
            elif changes.interviews:
                self._search.update(self.cards.search_texts(changes.interviews))
        if self._filter and (changes.interviews or changes.contacts or changes.organizations):
            self._apply_filter()
        else:
            self._update_summary()
        if changes.columns or changes.interviews:
            self._update_page()

    @staticmethod
    def _after_move(column: StageColumn, moved: Moved) -> list[int]:
        """A column's ids after ``moved``, from the ids it shows now (no query).

        Re-reading a 3,000-card column cost ~1.5 ms on each side of every drop; the service
        says exactly where the cards went when a move was the whole operation.
        """
        if column.stage_key == moved.stage_key:  # where the drop lands, as the service reads it
            return column_after_move(column.model.all_ids(), moved.ids, moved.row)
        rest = column.model.all_ids()
        for interview_id in moved.ids:
            with contextlib.suppress(ValueError):  # it was in another column
                rest.remove(interview_id)
        return rest

    def refresh_due_states(self) -> None:
        """Time passed: re-read the visible cards' dates and badges."""
        self.cache.clear()
        for column in self.columns.values():
            column.model.refresh()

    # -- filter ----------------------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        """Show only cards matching every word of ``text`` (company, role, people, notes)."""
        self._filter = text.strip()
        self._apply_filter()

    def filter_text(self) -> str:
        return self._filter

    def _search_index(self) -> dict[int, str]:
        if self._search is None:
            self._search = self.cards.search_texts()
        return self._search

    def _apply_filter(self) -> None:
        found: set[int] | None = None
        if self._filter:
            found = matching_ids(self._search_index(), self._filter)
        for column in self.columns.values():
            column.model.set_matches(found)
            column.update_count()
        self._update_summary()

    def _update_summary(self) -> None:
        shown = sum(c.model.rowCount() for c in self.columns.values())
        total = sum(c.model.total() for c in self.columns.values())
        self.filter_bar.set_summary(shown, total)

    # -- actions on cards ------------------------------------------------------------------
    def report(self, message: str) -> None:
        self.sig_message.emit(message)

    def on_drop(self, ids: list[int], stage_key: str, position: int | None) -> None:
        """A drop: move the cards there as one undoable step, then select them."""
        if self.move_cards(ids, stage_key, position):
            self.select_ids(ids, focus=True)

    def move_cards(self, ids: Sequence[int], stage_key: str, position: int | None = None) -> bool:
        """Move cards (undoable). False when nothing moved (a no-op drop, or refused)."""
        ids = list(dict.fromkeys(ids))
        if not ids or self._is_noop(ids, stage_key, position):
            return False
        try:
            command = MoveCommand(
                self.services,
                ids,
                stage_key,
                position,
                self.report,
                text=self._move_text(ids, stage_key),
            )
            push(self.undo_stack, command)
        except FollowUpError as exc:
            self.warn("Cannot move", str(exc))
            return False
        return True

    def _move_text(self, ids: list[int], stage_key: str) -> str | None:
        """The undo text ("Move Acme Ltd — Designer to Interviewed") from the card cache."""
        column = self.columns.get(stage_key)
        row = self.cache.get(ids[0]) if len(ids) == 1 else None
        if column is None or (len(ids) == 1 and row is None):
            return None  # the command asks the services
        what = row.title if row is not None else f"{len(ids)} interviews"
        return f"Move {what} to {column.model.stage.label}"

    def _is_noop(self, ids: list[int], stage_key: str, position: int | None) -> bool:
        column = self.columns.get(stage_key)
        if column is None:
            return False
        current = column.model.all_ids()
        return set(ids) <= set(current) and column_after_move(current, ids, position) == current

    def open_interview(self, interview_id: int) -> None:
        """Open a card: the interview editor when one is connected, else a summary."""
        signal = QMetaMethod.fromSignal(self.sig_open_interview)
        if self.isSignalConnected(signal):
            self.sig_open_interview.emit(interview_id)
            return
        self.actions_.show_summary(interview_id)

    def explore_sample_data(self) -> None:
        if launch_sample_data():
            self.report("Opening sample data in a separate window…")
        else:
            self.warn("Sample data", "Could not start Follow-Up with sample data.")

    def highlight(self, interview_ids: Iterable[int]) -> None:
        """Ring these cards (people selected in the contacts sidebar); empty to stop."""
        self.delegate.highlighted = frozenset(interview_ids)
        for view in self.views():
            view.viewport().update()

    # -- remembering the layout ------------------------------------------------------------
    def save_layout(self) -> None:
        """Remember column widths and which columns are collapsed."""
        self.layout_memory.save(self.columns.values())
        self.area.update()

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    @staticmethod
    def _ask(title: str, text: str) -> bool:
        answer = QMessageBox.question(
            None,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
