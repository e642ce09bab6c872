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
