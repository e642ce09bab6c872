"""Selecting a card re-marks only the people whose highlight changed (a tree view re-measures
every row a dataChanged spans: spanning every person cost ~130 ms a selection at 10,000)."""

from __future__ import annotations

from followup_desktop.ui.contacts.contact_model import HighlightRole


def test_only_the_rows_that_change_are_announced(window, world):
    model = window.contacts_feature.sidebar.model
    spans: list[tuple[int, int, int]] = []
    model.dataChanged.connect(
        lambda top, bottom, roles: spans.append((top.parent().row(), top.row(), bottom.row()))
    )
    model.set_highlighted({world.hana, world.bob})
    assert len(spans) == 2 and all(top == bottom for _, top, bottom in spans)
    assert model.index_of(world.hana).data(HighlightRole)
    spans.clear()
    model.set_highlighted({world.hana, world.zoe})  # Bob off, Zoë on, Hana unchanged
    assert len(spans) == 2
    assert not model.index_of(world.bob).data(HighlightRole)
    assert model.index_of(world.zoe).data(HighlightRole)
    spans.clear()
    model.set_highlighted({world.hana, world.zoe})
    assert spans == []


def test_the_people_of_selected_cards_are_looked_up_once_after_the_selection_settles(
    window, world, qtbot, monkeypatch
):
    sidebar = window.contacts_feature.sidebar
    looked_up: list[list[int]] = []
    original = sidebar.people_of
    monkeypatch.setattr(sidebar, "people_of", lambda iid: looked_up.append(iid) or original(iid))
    window.board.select_ids([world.globex])
    window.board.select_ids([world.acme])
    assert looked_up == []  # not while the board is still handling the selection
    qtbot.waitUntil(lambda: sidebar.model.highlighted() == {world.hana, world.bob})
    assert looked_up == [world.acme]
