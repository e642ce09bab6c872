"""The contacts sidebar: grouping, search, highlight both ways, linking by drag, delete."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.core.facts import ContactKind
from followup_desktop.store import models as m
from followup_desktop.ui.board import mime as board_mime
from followup_desktop.ui.contacts import mime
from followup_desktop.ui.contacts.contact_model import HighlightRole, LastContactedRole


def feature(window):
    return window.contacts_feature


def names(sidebar, kind):
    return [p.name for p in sidebar.model.people_in(kind)]


def test_docked_left_with_view_toggle_and_ctrl_1(window):
    sidebar = feature(window).sidebar
    assert window.dockWidgetArea(sidebar) == Qt.DockWidgetArea.LeftDockWidgetArea
    toggle = sidebar.toggleViewAction()
    assert toggle in window.view_menu.actions()
    assert toggle.shortcut().toString() == "Ctrl+1"
    toggle.trigger()
    assert not sidebar.isVisible()
    toggle.trigger()
    assert sidebar.isVisible()


def test_people_grouped_by_kind(window, world):
    sidebar = feature(window).sidebar
    assert sidebar.model.group_labels() == ["Interviewers", "HR", "Agency recruiters", "Other"]
    assert names(sidebar, ContactKind.INTERVIEWER) == ["Bob Ray"]
    assert names(sidebar, ContactKind.HR) == ["Hana Ito"]
    assert names(sidebar, ContactKind.AGENCY_RECRUITER) == ["Zoë Müller"]
    assert names(sidebar, ContactKind.OTHER) == ["Ola Nordmann"]
    hana = sidebar.model.index_of(world.hana)
    assert "HR Business Partner" in hana.data(Qt.ItemDataRole.ToolTipRole)
    assert "never" in hana.data(Qt.ItemDataRole.ToolTipRole)


def test_last_contacted_is_shown_relative(window, services, world, qtbot):
    # What the compose engineer's "mark as sent" records (Contact.last_contacted_at).
    with services.ctx.transaction() as changes:
        m.Contact.update(last_contacted_at=services.ctx.now() - timedelta(days=3)).where(
            m.Contact.id == world.hana
        ).execute()
        changes.contacts.add(world.hana)
    sidebar = feature(window).sidebar
    assert sidebar.model.index_of(world.hana).data(LastContactedRole) == "3 days ago"
    assert sidebar.model.index_of(world.bob).data(LastContactedRole) == "never"


def test_search_filters_by_name_title_and_company(window, qtbot):
    sidebar = feature(window).sidebar
    qtbot.keyClicks(sidebar.search, "acme")
    qtbot.waitUntil(lambda: sidebar.model.group_labels() == ["Interviewers", "HR"])
    sidebar.search.clear()
    qtbot.keyClicks(sidebar.search, "consultant")
    qtbot.waitUntil(lambda: sidebar.model.group_labels() == ["Agency recruiters"])
    sidebar.search.setText("nobody-like-this")
    qtbot.waitUntil(lambda: sidebar.model.rowCount() == 0)
    assert sidebar.empty.isVisible() and "Nobody matches" in sidebar.empty.text()


def test_selecting_a_person_highlights_their_cards(window, world, qtbot):
    sidebar = feature(window).sidebar
    with qtbot.waitSignal(sidebar.sig_highlight_interviews) as blocker:
        sidebar.select_person(world.bob)  # interviewer in Acme's round
    assert blocker.args == [[world.acme]]
    assert window.board.delegate.highlighted == frozenset({world.acme})
    sidebar.select_person(world.zoe)
    assert window.board.delegate.highlighted == frozenset({world.globex})


def test_selecting_a_card_highlights_its_people(window, world, qtbot):
    sidebar = feature(window).sidebar
    window.board.select_ids([world.acme])
    qtbot.waitUntil(lambda: sidebar.model.highlighted() == {world.hana, world.bob})
    assert sidebar.model.index_of(world.hana).data(HighlightRole) is True
    assert sidebar.model.index_of(world.zoe).data(HighlightRole) is False
    window.board.select_ids([world.globex])
    qtbot.waitUntil(lambda: sidebar.model.highlighted() == {world.zoe})


def _drag_event(cls, pos, actions, data):
    """A drag event at ``pos``: QPointF where this PySide6 has it (6.12 deprecates QPoint),
    else QPoint (6.11 has only that)."""
    args = (actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    try:
        return cls(QPointF(pos), *args)
    except TypeError:
        return cls(pos, *args)


def _drop_on_card(window, stage_key, interview_id, data: QMimeData):
    """Real drag-enter, drag-move and drop events on the board's column view."""
    view = window.board.columns[stage_key].view
    row = view.stage_model().row_of(interview_id)
    pos = view.visualRect(view.stage_model().index(row)).center()
    actions = Qt.DropAction.LinkAction | Qt.DropAction.CopyAction
    enter = _drag_event(QDragEnterEvent, pos, actions, data)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    move = _drag_event(QDragMoveEvent, pos, actions, data)
    QApplication.sendEvent(view.viewport(), move)
    assert move.isAccepted()
    drop = QDropEvent(
        QPointF(pos), actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(view.viewport(), drop)
    return drop


def test_drag_a_person_onto_a_card_asks_the_role_and_links(window, services, world, qtbot):
    sidebar = feature(window).sidebar
    assert mime.MIME_TYPE == board_mime.CONTACT_MIME_TYPE
    index = sidebar.model.index_of(world.ola)
    data = sidebar.model.mimeData([index])
    drop = _drop_on_card(window, "applied", world.globex, data)
    assert drop.isAccepted()
    menu = sidebar.link_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    texts = [a.text() for a in menu.actions()]
    assert "HR" in texts and any(t.startswith("Agency recruiter") for t in texts)
    hr = next(a for a in menu.actions() if a.text() == "HR")
    hr.trigger()
    menu.close()
    assert (world.ola, "hr") in {(c.id, r) for c, r in services.contacts.people_of(world.globex)}
    window.undo_stack.undo()
    assert world.ola not in {c.id for c, _ in services.contacts.people_of(world.globex)}
    window.undo_stack.redo()
    assert world.ola in {c.id for c, _ in services.contacts.people_of(world.globex)}


def test_drop_as_interviewer_in_a_round(window, services, world, qtbot):
    sidebar = feature(window).sidebar
    data = sidebar.model.mimeData([sidebar.model.index_of(world.ola)])
    _drop_on_card(window, "scheduled", world.acme, data)
    menu = sidebar.link_menu
    action = next(a for a in menu.actions() if a.text().startswith("Interviewer in first"))
    action.trigger()
    menu.close()
    [rnd] = services.rounds.rounds_of(world.acme)
    assert rnd.interviewer_ids == (world.bob, world.ola)
    window.undo_stack.undo()
    assert services.rounds.rounds_of(world.acme)[0].interviewer_ids == (world.bob,)


def test_drop_between_cards_links_nobody(window, services, world):
    sidebar = feature(window).sidebar
    view = window.board.columns["applied"].view
    data = sidebar.model.mimeData([sidebar.model.index_of(world.ola)])
    below = QPointF(10, view.viewport().height() - 3)
    drop = QDropEvent(
        below,
        Qt.DropAction.LinkAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), drop)
    assert not drop.isAccepted()
    assert sidebar.link_menu is None


def test_delete_linked_person_says_where_and_unlinks(window, services, world, qtbot):
    sidebar = feature(window).sidebar
    box = sidebar.delete_person(world.bob)
    qtbot.waitUntil(box.isVisible)
    assert "Acme Ltd" in box.text() and "interviewer in first interview" in box.text()
    delete = next(b for b in box.buttons() if b.text() == "Delete")
    delete.click()
    qtbot.waitUntil(lambda: sidebar.model.index_of(world.bob) == QModelIndex())
    assert services.rounds.rounds_of(world.acme)[0].interviewer_ids == ()
    assert all(p.id != world.bob for p in services.contacts.list())
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: sidebar.model.index_of(world.bob).isValid())
    assert services.rounds.rounds_of(world.acme)[0].interviewer_ids == (world.bob,)


def test_cancel_delete_keeps_the_person(window, services, world, qtbot):
    sidebar = feature(window).sidebar
    box = sidebar.delete_person(world.hana)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert services.contacts.get(world.hana).name == "Hana Ito"


def test_add_and_edit_person_with_inline_errors(window, services, qtbot):
    sidebar = feature(window).sidebar
    dialog = sidebar.add_person(ContactKind.INTERVIEWER, "Acme Ltd")
    qtbot.keyClicks(dialog.name, "Priya Patel")
    qtbot.keyClicks(dialog.job_title, "Head of Design")
    qtbot.keyClicks(dialog.email, "priya at acme")
    assert not dialog.try_save()
    assert "does not look like an email" in dialog.errors.label("email").text()
    assert dialog.errors.label("email").isVisible()
    assert dialog.isVisible()
    dialog.email.setText("priya@acme.example")
    assert dialog.try_save()
    qtbot.waitUntil(lambda: any(p.name == "Priya Patel" for p in services.contacts.list()))
    priya = next(p for p in services.contacts.list() if p.name == "Priya Patel")
    assert (priya.job_title, priya.organization, priya.kind) == (
        "Head of Design",
        "Acme Ltd",
        ContactKind.INTERVIEWER,
    )
    editor = sidebar.edit_person(priya.id)
    editor.job_title.setText("Design Director")
    assert editor.try_save()
    assert services.contacts.get(priya.id).job_title == "Design Director"
    window.undo_stack.undo()
    assert services.contacts.get(priya.id).job_title == "Head of Design"
    window.undo_stack.undo()
    assert all(p.name != "Priya Patel" for p in services.contacts.list())
    window.undo_stack.redo()
    assert services.contacts.get(priya.id).name == "Priya Patel"


def test_name_too_long_is_refused_not_truncated(window, services, qtbot):
    sidebar = feature(window).sidebar
    dialog = sidebar.add_person()
    dialog.name.setText("A" * 250)
    assert not dialog.try_save()
    assert "too long" in dialog.errors.label("name").text()
    assert dialog.name.text() == "A" * 250
    assert all(len(p.name) < 250 for p in services.contacts.list())
