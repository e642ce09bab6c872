"""A column header's menu: rename, hide, reorder and add stages, collapse, stage settings.

Stage edits are saved in the database at once (the board rebuilds from the change signal);
the rules keep following each stage's fixed meaning, whatever its label or place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from followup_desktop.core.errors import FollowUpError
from followup_desktop.services.stage_edits import add_stage_after

if TYPE_CHECKING:
    from followup_desktop.ui.board.board_widget import BoardWidget
    from followup_desktop.ui.board.column import StageColumn

Prompt = Callable[[str, str, str], "str | None"]


class StageActions:
    """The actions of one column header."""

    def __init__(self, board: BoardWidget, column: StageColumn, prompt: Prompt) -> None:
        self.board = board
        self.column = column
        self.prompt = prompt
        self.key = column.stage_key

    def menu(self) -> QMenu:
        menu = QMenu(self.board)
        menu.setObjectName(f"stage-menu-{self.key}")
        label = self.column.model.stage.label
        menu.addAction("&Rename stage…", self.rename)
        keys = [s.key for s in self.board.services.board.stages(include_hidden=False)]
        left = menu.addAction("Move stage &left", lambda: self.shift(-1))
        left.setEnabled(keys.index(self.key) > 0 if self.key in keys else False)
        right = menu.addAction("Move stage &right", lambda: self.shift(1))
        right.setEnabled(keys.index(self.key) < len(keys) - 1 if self.key in keys else False)
        hide = menu.addAction(f"&Hide “{label}”", self.hide)
        hide.setEnabled(len(keys) > 1)
        menu.addAction("&Add a stage after this…", self.add_after)
        menu.addSeparator()
        if self.column.is_collapsed():
            menu.addAction("E&xpand column", lambda: self.column.set_collapsed(False))
        else:
            menu.addAction("&Collapse column", lambda: self.column.set_collapsed(True))
        menu.addSeparator()
        menu.addAction("&Stage settings…", self.board.sig_stage_settings_requested.emit)
        return menu

    def _try(self, title: str, action: Callable[[], object]) -> bool:
        try:
            action()
        except FollowUpError as exc:
            self.board.warn(title, str(exc))
            return False
        return True

    def rename(self) -> None:
        current = self.column.model.stage.label
        label = self.prompt("Rename stage", "Stage name:", current)
        if label is None or label.strip() == current:
            return
        self._try("Rename stage", lambda: self.board.services.board.rename_stage(self.key, label))

    def hide(self) -> None:
        count = self.column.model.total()
        label = self.column.model.stage.label
        if count and not self.board.ask(
            "Hide stage",
            f"The {count} interview{'s' if count != 1 else ''} in “{label}” will not show on "
            "the board until you show the stage again (Settings ▸ Stages). Hide it?",
        ):
            return
        self._try("Hide stage", lambda: self.board.services.board.set_stage_hidden(self.key, True))

    def shift(self, direction: int) -> None:
        """Swap with the neighbouring *visible* stage; hidden ones keep their places."""
        stages = self.board.services.board.stages()
        keys = [s.key for s in stages]
        visible = [s.key for s in stages if not s.hidden]
        i = visible.index(self.key)
        j = i + direction
        if not 0 <= j < len(visible):
            return
        a, b = keys.index(self.key), keys.index(visible[j])
        keys[a], keys[b] = keys[b], keys[a]
        self._try("Move stage", lambda: self.board.services.board.reorder_stages(keys))

    def add_after(self) -> None:
        label = self.prompt("Add a stage", "Name of the new stage:", "")
        if not label:
            return
        self._try(
            "Add a stage", lambda: add_stage_after(self.board.services.board, label, self.key)
        )
