"""New interview, the archive, the Stages settings page and the column header menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from followup_desktop.services import Services
from followup_desktop.ui.board.board_widget import BoardWidget
from followup_desktop.ui.dialogs.archive import ArchiveDialog
from followup_desktop.ui.dialogs.new_interview import NewInterviewDialog
from followup_desktop.ui.settings.dialog import SettingsDialog
from followup_desktop.ui.settings.stages_page import StagesPage


def open_new_interview(board: BoardWidget) -> NewInterviewDialog:
    board.actions_.new.trigger()
    dialog = board.actions_.last_dialog
    assert isinstance(dialog, NewInterviewDialog)
    return dialog


def test_new_interview_adds_a_card_and_selects_it(qtbot, board: BoardWidget, services: Services):
    dialog = open_new_interview(board)
    qtbot.keyClicks(dialog.company, "Stark Logistics")
    qtbot.keyClicks(dialog.role, "Operations Lead")
    dialog.stage.setCurrentIndex(dialog.stage.findData("scheduled"))
    with qtbot.waitSignal(dialog.finished):
        dialog.ok_button.click()
    iid = dialog.interview_id
    assert services.board.get(iid).stage_key == "scheduled"
    assert board.selected_ids() == [iid]
    assert board.undo_stack.undoText() == "Add Stark Logistics — Operations Lead"


def test_new_interview_says_what_is_missing_next_to_the_field(
    qtbot, board: BoardWidget, services: Services
):
    dialog = open_new_interview(board)
    qtbot.keyClicks(dialog.role, "Designer")
    dialog.ok_button.click()
    assert dialog.isVisible()  # still open: nothing lost
    assert dialog.errors["company"].isVisible()
    assert "Company" in dialog.errors["company"].text()
    assert not dialog.errors["role"].isVisible()
    qtbot.keyClicks(dialog.company, "Acme")
    assert not dialog.errors["company"].isVisible()  # typing clears the complaint
    dialog.role.clear()
    dialog.ok_button.click()
    assert dialog.errors["role"].isVisible()
    assert board.undo_stack.count() == 0
    dialog.reject()


def test_new_interview_shows_earlier_interviews_at_the_company(
    qtbot, board: BoardWidget, services: Services, cards
):
    services.board.archive([cards.applied[1]])  # Globex — Data Analyst
    dialog = open_new_interview(board)
    completer = dialog.company.completer()
    names = {completer.model().index(r, 0).data() for r in range(completer.model().rowCount())}
    assert {"Acme Ltd", "Globex", "Hooli"} <= names
    qtbot.keyClicks(dialog.company, "globex")
    qtbot.waitUntil(dialog.history.isVisible)
    text = dialog.history.text()
    assert "You already have 1 interview at Globex" in text
    assert "Data Analyst — Applied, archived" in text
    dialog.company.setText("Nobody Ltd")
    qtbot.waitUntil(lambda: not dialog.history.isVisible())
    dialog.reject()


def test_the_archive_lists_and_restores(qtbot, board: BoardWidget, services: Services, cards):
    a, b, _c = cards.applied
    board.select_ids([a, b])
    board.actions_.archive_selected()
    board.actions_.show_archive.trigger()
    dialog = board.findChild(ArchiveDialog)
    assert dialog is not None and dialog.isVisible()
    assert sorted(dialog.ids()) == sorted([a, b])
    assert not dialog.restore_button.isEnabled()
    dialog.select_ids([b])
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert not services.board.get(b).archived
    assert dialog.ids() == [a]  # refreshed from the change signal
    assert b in board.columns["applied"].model.ids()
    board.undo_stack.undo()
    assert sorted(dialog.ids()) == sorted([a, b])
    dialog.close()


def test_the_archive_deletes_for_good_after_asking(board: BoardWidget, services: Services, cards):
    a = cards.applied[0]
    services.board.archive([a])
    dialog = ArchiveDialog(board, board)
    asked: list[str] = []
    board.ask = lambda title, text: asked.append(text) is None
    dialog.select_ids([a])
    dialog.delete_button.click()
    assert asked and dialog.ids() == []
    board.undo_stack.undo()
    assert dialog.ids() == [a]


def stages_page(dialog: SettingsDialog) -> StagesPage:
    page = dialog.show_page("Stages")
    assert isinstance(page, StagesPage)
    return page


def test_stages_settings_rename_reorder_hide_and_add(qtbot, board: BoardWidget, services: Services):
    dialog = SettingsDialog(services, board, "Stages")
    qtbot.addWidget(dialog)
    page = stages_page(dialog)
    assert dialog.list.currentItem().text() == "Stages"
    page.list.item(0).setText("Sent my CV")
    page.list.setCurrentRow(2)
    page.move_current(-1)  # Interviewed before Scheduled
    page.list.item(7).setCheckState(Qt.CheckState.Unchecked)  # hide Not this time
    page.add_stage().setText("Assessment centre")
    dialog.accept()

    labels = [c.model.stage.label for c in board.columns.values()]
    assert labels == [
        "Sent my CV",
        "Interviewed",
        "Scheduled",
        "Awaiting reply",
        "Next round",
        "Offer",
        "Accepted",
        "Assessment centre",
    ]
    assert board.columns["applied"].view.accessibleName() == "Sent my CV"
    hidden = [s.key for s in services.board.stages() if s.hidden]
    assert hidden == ["not_this_time"]


def test_a_stage_without_a_name_is_refused_and_nothing_is_saved(
    qtbot, board: BoardWidget, services: Services
):
    before = services.board.stages()
    dialog = SettingsDialog(services, board, "Stages")
    qtbot.addWidget(dialog)
    warnings: list[str] = []
    dialog.warn = lambda title, text: warnings.append(text)
    page = stages_page(dialog)
    page.list.item(1).setText("   ")
    page.list.item(0).setText("Renamed")
    dialog.accept()
    assert warnings and "Stage name" in warnings[0]
    assert services.board.stages() == before
    assert dialog.result() == 0


def header_menu(board: BoardWidget, key: str) -> QMenu:
    column = board.columns[key]
    board.actions_.header_menu(column, column.header.mapToGlobal(column.header.rect().center()))
    menu = board.actions_.last_menu
    assert menu is not None
    return menu


def trigger(menu: QMenu, text: str) -> None:
    for action in menu.actions():
        if action.text().replace("&", "").startswith(text):
            action.trigger()
            menu.close()
            return
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def test_column_header_menu_edits_stages(board: BoardWidget, services: Services, cards):
    board.actions_.prompt = lambda title, label, text: "Shortlisted"
    trigger(header_menu(board, "scheduled"), "Rename stage")
    assert services.board.stages()[1].label == "Shortlisted"
    assert board.columns["scheduled"].header.label.text() == "Shortlisted"

    trigger(header_menu(board, "scheduled"), "Move stage left")
    assert [s.key for s in services.board.stages()][:2] == ["scheduled", "applied"]
    assert list(board.columns)[:2] == ["scheduled", "applied"]

    board.actions_.prompt = lambda title, label, text: "Assessment"
    trigger(header_menu(board, "applied"), "Add a stage after this")
    keys = [s.key for s in services.board.stages()]
    assert services.board.stages()[2].label == "Assessment" and keys[2].startswith("custom-")

    asked: list[str] = []
    board.ask = lambda title, text: asked.append(text) is None
    trigger(header_menu(board, "applied"), "Hide")
    assert asked and "3 interviews" in asked[0]
    assert "applied" not in board.columns
    assert services.board.get(cards.applied[0]).stage_key == "applied"  # cards kept


def test_collapse_from_the_header_and_drop_on_the_collapsed_strip(
    qtbot, board: BoardWidget, services: Services, cards
):
    column = board.columns["offer"]
    trigger(header_menu(board, "offer"), "Collapse")
    assert column.is_collapsed() and column.width() < column.expanded_width()
    assert column.strip.isVisible() and not column.view.isVisible()
    assert "Offer (collapsed)" in column.strip.accessibleName()
    trigger(header_menu(board, "offer"), "Expand")
    assert not column.is_collapsed() and column.view.isVisible()


def card_menu(board: BoardWidget, key: str, row: int = 0) -> QMenu:
    view = board.columns[key].view
    view.select_ids([view.stage_model().id_at(row)])
    board.actions_.card_menu(
        view, view.mapToGlobal(view.visualRect(view.model().index(row, 0)).center())
    )
    menu = board.actions_.last_menu
    assert menu is not None
    return menu


def submenu(menu: QMenu, text: str) -> QMenu:
    for action in menu.actions():
        if action.menu() is not None and action.text().replace("&", "") == text:
            return action.menu()
    raise AssertionError(text)


def test_card_menu_opens_moves_composes_archives_and_deletes(
    board: BoardWidget, services: Services, cards
):
    menu = card_menu(board, "applied")
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Open", "Move to", "Compose", "Archive", "Delete…"]
    move_to = submenu(menu, "Move to")
    targets = {a.text(): a for a in move_to.actions()}
    assert not targets["Applied"].isEnabled()  # where it is already
    assert not submenu(menu, "Compose").isEnabled()  # nobody filled it yet
    targets["Offer"].trigger()
    menu.close()
    assert services.board.get(cards.applied[0]).stage_key == "offer"
    assert board.selected_ids() == [cards.applied[0]]

    filled: list[list[int]] = []

    def hook(compose: QMenu, ids: list[int]) -> None:
        filled.append(ids)
        compose.addAction("Thank-you email…")

    board.compose_menu_hook = hook
    menu = card_menu(board, "scheduled")
    assert filled == [[cards.scheduled[0]]]
    assert submenu(menu, "Compose").isEnabled()
    menu.close()


def test_renamed_stages_keep_their_rules(board: BoardWidget, services: Services, cards):
    from followup_desktop.core.facts import FollowUpKind
    from followup_desktop.store import models as m

    services.board.rename_stage("interviewed", "Met them")
    assert board.columns["interviewed"].header.label.text() == "Met them"
    board.move_cards([cards.applied[0]], "interviewed")
    kinds = {f.kind for f in m.FollowUp.select().where(m.FollowUp.interview == cards.applied[0])}
    assert FollowUpKind.THANK_YOU.value in kinds
    assert board.undo_stack.undoText() == "Move Acme Ltd — Product Designer to Met them"


def test_badges_turn_red_as_time_passes(board: BoardWidget, services: Services, clock, cards):
    from followup_desktop.ui.board.stage_model import CARD_ROLE

    board.move_cards([cards.applied[0]], "interviewed")
    model = board.columns["interviewed"].model
    card = model.index(model.row_of(cards.applied[0])).data(CARD_ROLE)
    assert card.due_today == 1 and card.overdue == 0
    clock.advance(days=4)
    board.refresh_due_states()  # what the minute timer does
    card = model.index(model.row_of(cards.applied[0])).data(CARD_ROLE)
    assert card.overdue == 1
    assert "overdue" in model.index(model.row_of(cards.applied[0])).data(
        Qt.ItemDataRole.AccessibleTextRole
    )
