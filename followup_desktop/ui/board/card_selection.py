"""Selecting cards on the board and moving around it with the keyboard.

Cards are selected in one column at a time: selecting in one column clears the others. The
arrow keys step to the card at the same height in the next column, Ctrl+Shift+Left/Right
move the selected cards to the neighbouring stage, and selecting a card by id expands its
column (and clears a filter hiding it).

:class:`CardSelection` is mixed into :class:`~.board_widget.BoardWidget`, whose columns and
signals it uses; it keeps no state of its own beyond the board's active column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt

from followup_desktop.ui.board.column import StageColumn
from followup_desktop.ui.board.stage_view import StageView

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from followup_desktop.ui.board.board_actions import BoardActions
    from followup_desktop.ui.board.filter_bar import FilterBar


class CardSelection:
    """The board's selection and keyboard navigation (a mixin of ``BoardWidget``)."""

    if TYPE_CHECKING:
        # What the board provides.
        @property
        def sig_selection_changed(self) -> SignalInstance: ...

        columns: dict[str, StageColumn]
        filter_bar: FilterBar
        actions_: BoardActions
        _active: StageView | None
        _selecting: bool

        def set_filter(self, text: str) -> None: ...

        def move_cards(
            self, ids: Sequence[int], stage_key: str, position: int | None = None
        ) -> bool: ...

    # -- selection and focus ------------------------------------------------------------
    def views(self) -> list[StageView]:
        return [c.view for c in self.columns.values()]

    def active_view(self) -> StageView | None:
        return self._active

    def _set_active(self, view: StageView) -> None:
        self._active = view

    def _on_selection(self, view: StageView) -> None:
        if self._selecting:
            return
        if view.selectionModel().hasSelection():
            self._selecting = True
            try:
                for other in self.views():
                    if other is not view and other.selectionModel().hasSelection():
                        other.clearSelection()
            finally:
                self._selecting = False
            self._active = view
        self.actions_.update_enabled()
        self.sig_selection_changed.emit(self.selected_ids())

    def selected_ids(self) -> list[int]:
        """The selected cards (all in one column), top to bottom."""
        for view in self.views():
            if view.selectionModel().hasSelection():
                return view.selected_ids()
        return []

    def select_ids(self, ids: Sequence[int], *, focus: bool = False) -> None:
        """Select cards by id (in whichever column shows them) and scroll to them."""
        for column in self.columns.values():
            if any(column.model.row_of(i) >= 0 for i in ids):
                if column.is_collapsed():
                    column.set_collapsed(False)
                column.view.select_ids(list(ids))
                self._active = column.view
                if focus:
                    column.view.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def select_interview(self, interview_id: int) -> bool:
        """Show one card: clears a filter hiding it, expands its column, selects and focuses.

        Returns False when the interview is not on the board (archived or gone).
        """
        if not any(interview_id in c.model.all_ids() for c in self.columns.values()):
            return False
        if not any(c.model.row_of(interview_id) >= 0 for c in self.columns.values()):
            self.filter_bar.clear()
            self.set_filter("")
        self.select_ids([interview_id], focus=True)
        return True

    def focus_cards(self) -> None:
        """Put keyboard focus on the board: the active column, or the first with cards."""
        view = self._active
        if view is None or not view.isVisible():
            shown = [c.view for c in self.columns.values() if not c.is_collapsed()]
            with_cards = [v for v in shown if v.model().rowCount()]
            candidates = with_cards or shown
            view = candidates[0] if candidates else None
        if view is not None:
            view.setFocus(Qt.FocusReason.OtherFocusReason)

    def neighbour(self, view: StageView, direction: int, *, expanded: bool) -> StageColumn | None:
        """The next column left (-1) or right (+1), skipping collapsed ones if ``expanded``."""
        keys = list(self.columns)
        i = keys.index(view.stage_model().stage_key) + direction
        while 0 <= i < len(keys):
            column = self.columns[keys[i]]
            if not (expanded and column.is_collapsed()):
                return column
            i += direction
        return None

    def focus_neighbour(self, view: StageView, direction: int) -> None:
        """Arrow keys: move the selection to the card at the same height next door."""
        column = self.neighbour(view, direction, expanded=True)
        if column is None:
            return
        target = column.view
        count = target.model().rowCount()
        if count:
            current = view.currentIndex()
            y = view.visualRect(current).center().y() if current.isValid() else 0
            index = target.indexAt(QPoint(target.viewport().width() // 2, max(0, y)))
            row = index.row() if index.isValid() else (count - 1 if y > 0 else 0)
            target.select_ids([target.stage_model().id_at(row)])
        view.clearSelection()
        self._active = target
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- moving with the keyboard ---------------------------------------------------------
    def move_selection(self, direction: int) -> None:
        """Ctrl+Shift+Left/Right: the selected cards go to the neighbouring stage."""
        view = self._active
        ids = self.selected_ids()
        if view is None or not ids:
            return
        column = self.neighbour(view, direction, expanded=False)
        if column is None:
            return
        if self.move_cards(ids, column.stage_key):
            self.select_ids(ids, focus=True)
