"""The main window around the board: menus, first run, sample data, remembered layout."""

from __future__ import annotations

import sys

from PySide6.QtCore import QProcess, QSettings, Qt
from PySide6.QtWidgets import QApplication

from followup_desktop.services import Services
from followup_desktop.ui.board.board_widget import BoardWidget
from followup_desktop.ui.board.empty_state import EmptyBoard
from followup_desktop.ui.main_window import MainWindow


def menu_texts(menu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_the_menus_offer_the_board_actions(qtbot, services: Services, cards):
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.finish_menus()
    assert isinstance(window.centralWidget(), BoardWidget)
    assert window.centralWidget() is window.board
    file_menu = menu_texts(window.file_menu)
    for text in (
        "New interview…",
        "Archived interviews…",
        "Explore with sample data",
        "Settings…",
        "Quit",
    ):
        assert text in file_menu
    assert file_menu[-1] == "Quit"
    edit = menu_texts(window.edit_menu)
    for text in (
        "Filter…",
        "Open",
        "Move to previous stage",
        "Move to next stage",
        "Archive",
        "Delete…",
    ):
        assert text in edit
    assert window.board.actions_.new.shortcut().toString() == "Ctrl+N"
    assert window.board.actions_.filter.shortcut().toString() == "Ctrl+F"
    assert window.board.actions_.move_next.shortcut().toString() == "Ctrl+Shift+Right"
    assert "Expand all columns" in menu_texts(window.view_menu)
    assert menu_texts(window.help_menu)[0].startswith("About")
    window.bridge.detach()


def test_the_edit_menu_says_what_undo_will_undo(qtbot, services: Services, cards):
    window = MainWindow(services)
    qtbot.addWidget(window)
    undo = window.edit_menu.actions()[0]
    assert not undo.isEnabled()
    window.board.move_cards([cards.applied[0]], "interviewed")
    assert undo.isEnabled()
    assert undo.text().replace("&", "") == "Undo Move Acme Ltd — Product Designer to Interviewed"
    undo.trigger()
    assert services.board.get(cards.applied[0]).stage_key == "applied"
    window.bridge.detach()


def test_card_actions_are_enabled_only_with_a_selection(board: BoardWidget, cards):
    actions = board.actions_
    assert not actions.archive.isEnabled()
    board.select_ids([cards.applied[0]])
    assert actions.archive.isEnabled() and actions.move_next.isEnabled()


def test_first_run_shows_a_friendly_empty_board(qtbot, make_board, services: Services, monkeypatch):
    board = make_board()
    assert board.stack.currentWidget() is board.empty
    assert isinstance(board.empty, EmptyBoard) and board.empty.isVisible()
    assert not board.filter_bar.isVisible()
    started: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(
        QProcess,
        "startDetached",
        lambda program, args: started.append((program, list(args))) or (True, 1),
    )
    board.empty.explore_button.click()
    # A separate process on throwaway sample data: never mixed into the user's file.
    assert started == [(sys.executable, ["-m", "followup_desktop", "--demo"])]
    board.empty.add_button.click()
    dialog = board.actions_.last_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.company.setText("Acme Ltd")
    dialog.role.setText("Designer")
    dialog.accept()
    assert board.stack.currentWidget() is board.scroller  # the board appears
    assert board.filter_bar.isVisible()


def test_column_widths_and_collapsed_columns_are_remembered(
    qtbot, make_board, settings: QSettings, cards
):
    board = make_board()
    board.columns["applied"].set_width(333)
    board.columns["offer"].set_collapsed(True)
    board.save_layout()
    again = make_board()
    assert again.columns["applied"].expanded_width() == 333
    assert again.columns["applied"].width() == 333
    assert again.columns["offer"].is_collapsed()
    assert not again.columns["scheduled"].is_collapsed()
    settings.setValue("board/column_widths", "{broken")  # a damaged file is shrugged off
    third = make_board()
    assert third.columns["applied"].expanded_width() != 333


def test_the_window_remembers_its_geometry_and_the_columns(qtbot, services: Services, cards):
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.resize(1000, 700)
    window.board.columns["scheduled"].set_width(301)
    window.save_state()
    window.bridge.detach()
    again = MainWindow(services)
    qtbot.addWidget(again)
    again.restore_state()
    assert not QSettings().value("window/geometry").isEmpty()
    assert again.board.columns["scheduled"].expanded_width() == 301
    again.bridge.detach()
    QSettings().clear()


def test_status_bar_shows_what_is_due_and_board_messages(qtbot, services: Services, cards):
    window = MainWindow(services)
    qtbot.addWidget(window)
    assert "due" in window.due_label.text()
    window.board.select_ids([cards.applied[0]])
    window.board.actions_.archive_selected()
    assert window.statusBar().currentMessage().startswith("Archive Acme Ltd — Product Designer")
    window.bridge.detach()


def test_settings_opens_on_the_stages_page_from_a_column_header(qtbot, services: Services, cards):
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.board.sig_stage_settings_requested.emit()
    dialog = window.settings_dialog
    assert dialog.isVisible()
    assert dialog.list.currentItem().text() == "Stages"
    dialog.reject()
    QApplication.processEvents()
    window.bridge.detach()


def test_dragging_the_gap_between_columns_resizes_the_left_one(qtbot, make_board, cards):
    from PySide6.QtCore import QPoint

    from followup_desktop.ui.board.board_layout import ColumnGrip

    board = make_board()
    grip = next(g for g in board.findChildren(ColumnGrip) if g.column.stage_key == "applied")
    before = board.columns["applied"].expanded_width()
    middle = grip.rect().center()
    qtbot.mousePress(grip, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(grip, middle + QPoint(60, 0))
    qtbot.mouseRelease(grip, Qt.MouseButton.LeftButton, pos=middle + QPoint(60, 0))
    assert board.columns["applied"].expanded_width() == before + 60
    assert board.layout_memory.widths()["applied"] == before + 60  # remembered at once
    qtbot.mouseDClick(grip, Qt.MouseButton.LeftButton, pos=middle)
    assert board.columns["applied"].expanded_width() == before  # back to the default
