"""The board's actions (menus and shortcuts), card context menus and column header menus."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from followup_desktop.core.errors import FollowUpError
from followup_desktop.ui.board.commands import ArchiveCommand, CreateCommand, DeleteCommand, push

if TYPE_CHECKING:
    from followup_desktop.ui.board.board_widget import BoardWidget
    from followup_desktop.ui.board.column import StageColumn
    from followup_desktop.ui.board.stage_view import StageView

#: Asks for a line of text: (title, label, current text) -> new text, or None when cancelled.
Prompt = Callable[[str, str, str], "str | None"]


def _action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcut: str | QKeySequence.StandardKey | None = None,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(context)
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


class BoardActions(QObject):
    """Everything the user can do to cards and columns, as actions and menus."""

    def __init__(self, board: BoardWidget) -> None:
        super().__init__(board)
        self.board = board
        self.prompt: Prompt = self._prompt
        #: the last menu shown (tests trigger its actions)
        self.last_menu: QMenu | None = None
        self._archive_dialog: QWidget | None = None
        self.last_dialog: QWidget | None = None
        window = Qt.ShortcutContext.WindowShortcut
        self.new = _action(board, "&New interview…", self.new_interview, "Ctrl+N", window)
        self.filter = _action(board, "&Filter…", self.focus_filter, "Ctrl+F", window)
        self.open = _action(board, "&Open", self.open_selected)
        self.move_previous = _action(
            board, "Move to &previous stage", lambda: board.move_selection(-1), "Ctrl+Shift+Left"
        )
        self.move_next = _action(
            board, "Move to &next stage", lambda: board.move_selection(1), "Ctrl+Shift+Right"
        )
        self.archive = _action(board, "&Archive", self.archive_selected, "Delete")
        self.delete = _action(board, "&Delete…", self.delete_selected, "Shift+Delete")
        self.show_archive = _action(board, "&Archived interviews…", self.open_archive)
        self.expand_all = _action(board, "&Expand all columns", self.expand_columns)
        self.new.setStatusTip("Add an interview to the board")
        self.archive.setStatusTip("Take the selected interviews off the board (undo with Ctrl+Z)")
        self.update_enabled()

    def card_actions(self) -> list[QAction]:
        """For the Edit menu."""
        return [self.open, self.move_previous, self.move_next, self.archive, self.delete]

    def update_enabled(self) -> None:
        has = bool(self.board.selected_ids())
        for action in self.card_actions():
            action.setEnabled(has)

    # -- cards -------------------------------------------------------------------------
    def open_selected(self) -> None:
        ids = self.board.selected_ids()
        view = self.board.active_view()
        if view is not None and view.currentIndex().isValid():
            from followup_desktop.ui.board.stage_model import ID_ROLE

            current = int(view.currentIndex().data(ID_ROLE))
            if current in ids:
                ids = [current]
        if ids:
            self.board.open_interview(ids[0])

    def archive_selected(self) -> None:
        ids = self.board.selected_ids()
        if not ids:
            return
        view = self.board.active_view()
        row = view.currentIndex().row() if view is not None else -1
        try:
            command = push(
                self.board.undo_stack, ArchiveCommand(self.board.services, ids, self.board.report)
            )
        except FollowUpError as exc:
            self.board.warn("Cannot archive", str(exc))
            return
        self.board.report(f"{command.text()} — undo with Ctrl+Z; see File ▸ Archived interviews.")
        self._select_row_after_removal(view, row)

    def delete_selected(self) -> None:
        ids = self.board.selected_ids()
        if not ids:
            return
        from followup_desktop.ui.board.commands import describe

        what = describe(self.board.services, ids)
        if not self.board.ask(
            "Delete interviews" if len(ids) > 1 else "Delete interview",
            f"Delete {what} with its rounds, follow-ups and timeline?\n\n"
            "Archiving keeps them out of the way instead. You can undo a delete with Ctrl+Z "
            "while Follow-Up stays open.",
        ):
            return
        view = self.board.active_view()
        row = view.currentIndex().row() if view is not None else -1
        try:
            command = push(
                self.board.undo_stack, DeleteCommand(self.board.services, ids, self.board.report)
            )
        except FollowUpError as exc:
            self.board.warn("Cannot delete", str(exc))
            return
        self.board.report(f"{command.text()} — undo with Ctrl+Z.")
        self._select_row_after_removal(view, row)

    def _select_row_after_removal(self, view: StageView | None, row: int) -> None:
        if view is None or row < 0:
            return
        count = view.model().rowCount()
        if count:
            view.select_ids([view.stage_model().id_at(min(row, count - 1))])
            view.setFocus(Qt.FocusReason.OtherFocusReason)

    def card_menu(self, view: StageView, global_pos: QPoint) -> None:
        """Open, Move to ▸, Compose ▸, Archive, Delete — for the selected cards."""
        ids = view.selected_ids()
        if not ids:
            return
        board = self.board
        menu = QMenu(board)
        menu.addAction(self.open)
        move_to = menu.addMenu("&Move to")
        here = view.stage_model().stage_key
        for stage in board.services.board.stages(include_hidden=False):
            target = move_to.addAction(stage.label)
            target.setEnabled(stage.key != here)
            target.triggered.connect(lambda _checked=False, key=stage.key: self.move_to(ids, key))
        compose = menu.addMenu("&Compose")
        compose.setObjectName("compose-menu")
        if board.compose_menu_hook is not None:
            board.compose_menu_hook(compose, list(ids))
        compose.setEnabled(not compose.isEmpty())
        menu.addSeparator()
        menu.addAction(self.archive)
        menu.addAction(self.delete)
        self.last_menu = menu
        menu.popup(global_pos)

    def move_to(self, ids: list[int], stage_key: str) -> None:
        """Move ▸ a stage: the cards go to its end and stay selected."""
        if self.board.move_cards(ids, stage_key):
            self.board.select_ids(ids, focus=True)

    def show_summary(self, interview_id: int) -> None:
        """A read-only summary, until the interview editor takes over "Open"."""
        board = self.board
        try:
            details = board.services.board.get(interview_id)
        except FollowUpError as exc:
            board.report(str(exc))
            return
        row = board.cards.rows([interview_id]).get(interview_id)
        lines = [f"<h3>{escape(details.company)} — {escape(details.role)}</h3>"]
        if row is not None:
            lines.append(f"<p>Stage: <b>{escape(row.stage_label)}</b>")
            if row.next_text:
                lines.append(f"<br>Next: {escape(row.next_text)}")
            lines.append(f"<br>Follow-ups: {escape(row.due_state())}</p>")
        for label, value in (
            ("Agency", details.agency or ""),
            ("Location", details.location),
            ("Job posting", details.posting_url),
            ("Next steps", details.next_steps),
            ("Notes", details.notes),
        ):
            if value:
                lines.append(f"<p><b>{label}:</b> {escape(value)}</p>")
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,
            f"{details.company} — {details.role}",
            "".join(lines),
            QMessageBox.StandardButton.Close,
            board,
        )
        box.setObjectName("interview-summary")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = box
        box.open()

    # -- board-wide ------------------------------------------------------------------
    def focus_filter(self) -> None:
        self.board.filter_bar.setVisible(True)
        self.board.filter_bar.focus()

    def new_interview(self) -> None:
        from followup_desktop.ui.dialogs.new_interview import NewInterviewDialog

        view = self.board.active_view()
        stage = view.stage_model().stage_key if view is not None else None
        dialog = NewInterviewDialog(self.board.services, self.create_interview, stage, self.board)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()

    def create_interview(self, company: str, role: str, stage_key: str) -> int:
        """Add an interview (undoable) and select it. Raises ValidationError."""
        command = CreateCommand(self.board.services, company, role, stage_key, self.board.report)
        push(self.board.undo_stack, command)
        self.board.select_ids([command.interview_id], focus=True)
        self.board.report(f"{command.text()} — undo with Ctrl+Z.")
        return command.interview_id

    def open_archive(self) -> None:
        from followup_desktop.ui.dialogs.archive import ArchiveDialog

        if self._archive_dialog is None:
            self._archive_dialog = ArchiveDialog(self.board, self.board)
        self._archive_dialog.show()
        self._archive_dialog.raise_()
        self._archive_dialog.activateWindow()

    def expand_columns(self) -> None:
        for column in self.board.columns.values():
            column.set_collapsed(False)

    # -- column headers ----------------------------------------------------------------
    def header_menu(self, column: StageColumn, global_pos: QPoint) -> None:
        from followup_desktop.ui.board.stage_actions import StageActions

        menu = StageActions(self.board, column, self.prompt).menu()
        self.last_menu = menu
        menu.popup(global_pos)

    def _prompt(self, title: str, label: str, text: str) -> str | None:
        value, ok = QInputDialog.getText(self.board, title, label, text=text)
        return value if ok else None
