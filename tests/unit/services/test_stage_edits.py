"""Stage settings saved as one transaction: rename, reorder, hide, add — all or nothing."""

from __future__ import annotations

import pytest

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import Changes, Services
from followup_desktop.services.stage_edits import StageEdit, add_stage_after, apply_stage_edits


def current(services: Services) -> list[StageEdit]:
    return [StageEdit(s.key, s.label, s.hidden) for s in services.board.stages()]


def test_rename_reorder_hide_and_add_in_one_go(services: Services, announced: list[Changes]):
    edits = current(services)
    edits[0] = StageEdit("applied", "Sent CV")
    edits[1], edits[2] = edits[2], edits[1]
    edits[6] = StageEdit("accepted", "Accepted", hidden=True)
    edits.insert(3, StageEdit("", "Assessment"))
    keys = apply_stage_edits(services.board, edits)

    stages = services.board.stages()
    assert [s.key for s in stages] == keys
    assert [s.label for s in stages][:5] == [
        "Sent CV",
        "Interviewed",
        "Scheduled",
        "Assessment",
        "Awaiting reply",
    ]
    assert [s.key for s in stages if s.hidden] == ["accepted"]
    assert keys[3].startswith("custom-")
    assert len(announced) == 1 and announced[0].stages


def test_nothing_changed_announces_nothing(services: Services, announced: list[Changes]):
    apply_stage_edits(services.board, current(services))
    assert announced == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: [StageEdit(x.key, x.label, True) for x in e], "hidden"),
        (lambda e: [StageEdit(e[0].key, "  "), *e[1:]], "label"),
        (lambda e: [*e, StageEdit("", "")], "label"),
        (lambda e: [StageEdit("nope", "Nope"), *e], "stage"),
    ],
)
def test_a_bad_edit_saves_nothing_and_names_the_field(services: Services, change, field):
    before = current(services)
    with pytest.raises(ValidationError) as error:
        apply_stage_edits(services.board, change(before))
    assert error.value.field == field
    assert current(services) == before


def test_hidden_stage_shown_again_while_another_is_hidden(services: Services):
    services.board.set_stage_hidden("offer", True)
    edits = [StageEdit(e.key, e.label, e.key != "offer") for e in current(services)]
    edits[0] = StageEdit(edits[0].key, edits[0].label, False)
    apply_stage_edits(services.board, edits)
    visible = [s.key for s in services.board.stages(include_hidden=False)]
    assert sorted(visible) == ["applied", "offer"]


def test_add_a_stage_after_another(services: Services, announced: list[Changes]):
    key = add_stage_after(services.board, "Assessment", "scheduled")
    keys = [s.key for s in services.board.stages()]
    assert keys[keys.index("scheduled") + 1] == key
    assert len(announced) == 1
