"""The board service: cards created, edited, archived, restored and deleted.

Every call validates (errors name the field), writes in one transaction (a failure writes
nothing), logs the timeline, and announces its Changes only after the commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fixed_clock import START, Clock

from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.services import Changes, Services
from followup_desktop.services import moves as moves_module
from followup_desktop.store import models as m


def counts() -> dict[str, int]:
    return {model.__name__: int(model.select().count()) for model in m.ALL_MODELS}


def timeline(interview_id: int) -> list[tuple[str, str]]:
    return [
        (a.kind, a.summary)
        for a in m.Activity.select()
        .where(m.Activity.interview == interview_id)
        .order_by(m.Activity.id)
    ]


def kinds(interview_id: int) -> list[str]:
    return [kind for kind, _ in timeline(interview_id)]


def positions(services: Services, stage: str) -> list[int | None]:
    return [services.board.get(i).position for i in services.board.column_ids(stage)]


# -- creating -------------------------------------------------------------------------------


def test_a_new_card_goes_to_the_end_of_its_column(services: Services):
    b = services.board
    first = b.create_interview("Acme Ltd", "Product Designer")
    second = b.create_interview("Globex", "Data Analyst")
    top = b.create_interview("Initech", "QA Engineer", position=0)
    far = b.create_interview("Hooli", "Office Manager", position=99)

    assert b.column_ids("applied") == [top, first, second, far]
    assert positions(services, "applied") == [0, 1, 2, 3]
    details = b.get(first)
    assert (details.company, details.role, details.stage_key) == (
        "Acme Ltd",
        "Product Designer",
        "applied",
    )
    assert details.created_at == START
    assert details.stage_entered_at == START
    assert details.archived is False


def test_details_are_cleaned_and_kept(services: Services):
    b = services.board
    iid = b.create_interview(
        "  Acme Ltd  ",
        " Product Designer ",
        "scheduled",
        agency="Hays Recruitment",
        posting_url="jobs.acme.example/42",
        location="Leeds",
        salary_notes="£40k–£45k",
        notes="Line one\nLine two",
        next_steps="They will call",
        reply_expected_by="2026-03-20",
    )
    d = b.get(iid)
    assert d.company == "Acme Ltd"
    assert d.role == "Product Designer"
    assert d.agency == "Hays Recruitment"
    assert d.posting_url == "https://jobs.acme.example/42"
    assert d.notes == "Line one\nLine two"
    assert d.reply_expected_by == date(2026, 3, 20)


def test_the_same_company_in_any_case_is_one_employer(services: Services):
    b = services.board
    a = b.create_interview("Acme Ltd", "Product Designer")
    c = b.create_interview("ACME LTD", "Data Analyst")
    assert b.get(a).employer_id == b.get(c).employer_id
    assert b.get(c).company == "Acme Ltd"
    assert [d.id for d in b.interviews_at(" acme ltd ")] == [a, c]
    assert b.interviews_at("Nobody") == []


def test_creating_logs_and_announces(services: Services, announced: list[Changes]):
    iid = services.board.create_interview("Acme Ltd", "Product Designer", "scheduled")
    assert timeline(iid) == [("created", "Added Acme Ltd — Product Designer to Scheduled")]
    activity = m.Activity.get(m.Activity.interview == iid)
    assert activity.organization_id == services.board.get(iid).employer_id
    assert len(announced) == 1
    assert iid in announced[0].interviews
    assert "scheduled" in announced[0].columns


# -- validation: the error names the field ---------------------------------------------------

LONG = "x" * 201


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s: s.board.create_interview("", "Designer"), "company"),
        (lambda s: s.board.create_interview("   ", "Designer"), "company"),
        (lambda s: s.board.create_interview(None, "Designer"), "company"),
        (lambda s: s.board.create_interview("Acme", ""), "role"),
        (lambda s: s.board.create_interview("Acme", "Designer", "no-such-stage"), "stage"),
        (lambda s: s.board.create_interview(LONG, "Designer"), "company"),
        (lambda s: s.board.create_interview("Acme", LONG), "role"),
        (lambda s: s.board.create_interview("Acme", "Designer", notes="n" * 100_001), "notes"),
        (lambda s: s.board.create_interview("Ac\x07me", "Designer"), "company"),
        (lambda s: s.board.create_interview("Acme", "Design\x00er"), "role"),
        (lambda s: s.board.create_interview("Acme", "Designer\nLead"), "role"),
        (lambda s: s.board.create_interview("Acme", "Designer", location="A\u2028B"), "location"),
        (lambda s: s.board.create_interview("Acme", "Designer", agency="x" * 300), "agency"),
        (lambda s: s.board.create_interview("Acme", 42), "role"),
        (
            lambda s: s.board.create_interview("Acme", "D", reply_expected_by=date(1900, 1, 1)),
            "reply_expected_by",
        ),
        (
            lambda s: s.board.create_interview("Acme", "D", reply_expected_by=date(2999, 1, 1)),
            "reply_expected_by",
        ),
        (
            lambda s: s.board.create_interview("Acme", "D", reply_expected_by="next Tuesday"),
            "reply_expected_by",
        ),
        (
            lambda s: s.board.create_interview("Acme", "D", reply_expected_by=datetime.now(UTC)),
            "reply_expected_by",
        ),
        (
            lambda s: s.board.create_interview("Acme", "D", posting_url="https://a b.example"),
            "posting_url",
        ),
        (lambda s: s.board.create_interview("Acme", "D", salary="lots"), "salary"),
        (lambda s: s.board.add_stage(""), "label"),
        (lambda s: s.board.rename_stage("applied", "y" * 61), "label"),
        (lambda s: s.board.rename_stage("nope", "Nope"), "stage"),
        (lambda s: s.board.reorder_stages(["applied"]), "stages"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    services: Services, call: Callable[[Services], Any], field: str
):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call(services)
    assert caught.value.field == field
    assert str(caught.value)  # a sentence a person can read
    assert counts() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("company", ""),
        ("role", "\x1b[31mred"),
        ("reply_expected_by", date(1969, 12, 31)),
        ("next_steps", "s" * 100_001),
        ("stage", "interviewed"),  # not editable here: moving is a move
    ],
)
def test_bad_edits_are_refused_naming_the_field(services: Services, field: str, value: Any):
    iid = services.board.create_interview("Acme Ltd", "Product Designer")
    before = services.board.get(iid)
    with pytest.raises(ValidationError) as caught:
        services.board.update_interview(iid, **{field: value})
    assert caught.value.field == field
    assert services.board.get(iid) == before


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.board.get(999),
        lambda s: s.board.update_interview(999, role="x"),
        lambda s: s.board.move([999], "offer"),
        lambda s: s.board.archive([999]),
        lambda s: s.board.restore([999]),
        lambda s: s.board.delete([999]),
        lambda s: s.board.add_note(999, "hello"),
        lambda s: s.board.log_reply(999),
    ],
)
def test_a_dangling_id_is_a_not_found_error(services: Services, call: Callable[[Services], Any]):
    services.board.create_interview("Acme Ltd", "Product Designer")
    before = counts()
    with pytest.raises(NotFoundError) as caught:
        call(services)
    assert caught.value.field in {"interview", "interviews"}
    assert counts() == before


def test_a_dangling_id_among_good_ones_changes_nothing(services: Services):
    b = services.board
    ids = [b.create_interview(f"Company {i}", "Role") for i in range(3)]
    with pytest.raises(NotFoundError):
        b.move([ids[0], 999], "offer")
    with pytest.raises(NotFoundError):
        b.delete([ids[1], 999])
    assert b.column_ids("applied") == ids


# -- editing -----------------------------------------------------------------------------------


def test_editing_returns_what_it_replaced_and_logs_the_fields(services: Services, clock: Clock):
    b = services.board
    iid = b.create_interview("Acme Ltd", "Product Designer", location="Leeds")
    clock.advance(hours=1)
    before = b.update_interview(iid, role="Senior Product Designer", location="Leeds", notes="Hi")
    assert before == {"role": "Product Designer", "notes": ""}
    d = b.get(iid)
    assert d.role == "Senior Product Designer"
    assert d.updated_at == START + timedelta(hours=1)
    assert timeline(iid)[-1] == ("edited", "Edited notes, role")
    # Undo is just applying the returned values.
    b.update_interview(iid, **before)
    assert b.get(iid).role == "Product Designer"


def test_an_edit_that_changes_nothing_writes_and_announces_nothing(
    services: Services, announced: list[Changes]
):
    b = services.board
    iid = b.create_interview("Acme Ltd", "Product Designer")
    announced.clear()
    before = counts()
    assert b.update_interview(iid, role=" Product Designer ", location="") == {}
    assert counts() == before
    assert announced == []


def test_changing_the_company_moves_the_card_to_that_employer(services: Services):
    b = services.board
    iid = b.create_interview("Acme Ltd", "Product Designer", agency="Reed Talent")
    before = b.update_interview(iid, company="Globex", agency="")
    d = b.get(iid)
    assert (d.company, d.agency, d.agency_id) == ("Globex", None, None)
    assert before == {"company": "Acme Ltd", "agency": "Reed Talent"}


def test_notes_and_replies_go_on_the_timeline(services: Services, clock: Clock):
    b = services.board
    iid = b.create_interview("Acme Ltd", "Product Designer", "awaiting_reply")
    b.add_note(iid, "Nice office.\nFree coffee.")
    b.log_reply(iid, START - timedelta(hours=2), "They asked for references")
    assert timeline(iid)[1:] == [
        ("note", "Nice office.\nFree coffee."),
        ("reply_received", "They asked for references"),
    ]
    assert b.get(iid).last_reply_at == START - timedelta(hours=2)
    with pytest.raises(ValidationError) as caught:
        b.add_note(iid, "   ")
    assert caught.value.field == "note"
    with pytest.raises(ValidationError) as caught:
        b.log_reply(iid, datetime(2026, 3, 1, 12, 0))  # naive
    assert caught.value.field == "at"


# -- moving: timeline and announcements --------------------------------------------------------


def test_a_stage_change_is_on_the_timeline_but_a_reorder_is_not(services: Services):
    b = services.board
    a = b.create_interview("Acme Ltd", "Product Designer")
    c = b.create_interview("Globex", "Data Analyst")
    b.move([c], "applied", 0)
    assert kinds(c) == ["created"]
    b.move([a], "scheduled")
    assert timeline(a)[-1] == ("stage_changed", "Moved from Applied to Scheduled")
    activity = m.Activity.select().where(m.Activity.interview == a).order_by(m.Activity.id)[-1]
    assert activity.data == {"from": "applied", "to": "scheduled"}


def test_a_move_announces_both_columns(services: Services, announced: list[Changes]):
    b = services.board
    a = b.create_interview("Acme Ltd", "Product Designer")
    announced.clear()
    b.move([a], "offer")
    assert len(announced) == 1
    assert announced[0].columns == {"applied", "offer"}
    assert a in announced[0].interviews


# -- archive, restore, delete --------------------------------------------------------------


def test_archiving_takes_cards_off_the_board_and_restoring_brings_them_back(
    services: Services,
):
    b = services.board
    ids = [b.create_interview(f"Company {i}", "Role") for i in range(4)]
    placements = b.archive([ids[1], ids[2]])

    assert b.column_ids("applied") == [ids[0], ids[3]]
    assert positions(services, "applied") == [0, 1]
    assert set(b.archived_ids()) == {ids[1], ids[2]}
    assert b.get(ids[1]).archived is True
    assert b.get(ids[1]).position is None
    assert kinds(ids[1])[-1] == "archived"

    b.restore([ids[2]])  # no placement: to the end of its column
    assert b.column_ids("applied") == [ids[0], ids[3], ids[2]]
    b.archive([ids[2]])
    b.restore([ids[1], ids[2]], placements)  # undo of the archive: exactly where they were
    assert b.column_ids("applied") == ids
    assert positions(services, "applied") == [0, 1, 2, 3]
    assert kinds(ids[1])[-1] == "restored"
    assert b.archived_ids() == []


def test_archived_cards_cannot_be_moved_and_archiving_twice_is_harmless(services: Services):
    b = services.board
    a = b.create_interview("Acme Ltd", "Product Designer")
    b.archive([a])
    with pytest.raises(ValidationError) as caught:
        b.move([a], "offer")
    assert caught.value.field == "interviews"
    assert b.archive([a]) == []
    assert kinds(a).count("archived") == 1


def test_archived_cards_follow_ups_are_not_listed(services: Services):
    b = services.board
    a = b.create_interview("Acme Ltd", "Product Designer", "interviewed")
    assert services.followups.for_interview(a)
    b.archive([a])
    assert services.followups.due(START + timedelta(days=30)) == []
    assert services.followups.for_interview(a) == []


def test_deleting_removes_the_card_with_everything_it_owns(services: Services):
    s = services
    ids = [s.board.create_interview(f"Company {i}", "Role", "interviewed") for i in range(3)]
    person = s.contacts.create_contact("Ada", organization="Company 1", kind="interviewer")
    rid = s.rounds.add_round(
        ids[1], START - timedelta(hours=3), START - timedelta(hours=2), interviewer_ids=[person]
    )
    s.rounds.add_promise(rid, "portfolio", person)
    s.contacts.link(ids[1], person, "interviewer")

    s.board.delete([ids[1]])

    assert s.board.column_ids("interviewed") == [ids[0], ids[2]]
    assert positions(s, "interviewed") == [0, 1]
    for model in (m.Round, m.RoundInterviewer, m.Promise, m.InterviewContact):
        assert model.select().count() == 0, model.__name__
    assert m.FollowUp.select().where(m.FollowUp.interview == ids[1]).count() == 0
    assert timeline(ids[1]) == []
    assert s.contacts.get(person).name == "Ada"  # people stay
    assert m.Organization.select().where(m.Organization.name == "Company 1").exists()


# -- one call = one transaction ----------------------------------------------------------------


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("the rules engine fell over")


@pytest.mark.parametrize(
    "call",
    [
        lambda s, ids: s.board.create_interview("Brand New Ltd", "Role", agency="New Agency"),
        lambda s, ids: s.board.update_interview(ids[0], company="Another New Ltd", notes="n"),
        lambda s, ids: s.board.move([ids[0], ids[2]], "not_this_time", 0),
        lambda s, ids: s.board.restore([ids[3]]),
        lambda s, ids: s.board.log_reply(ids[1]),
        lambda s, ids: s.rounds.add_round(ids[0], START, START + timedelta(hours=1)),
        lambda s, ids: s.contacts.create_contact("Eve", organization="Fresh Org Ltd"),
    ],
)
def test_a_call_that_fails_half_way_writes_nothing(
    services: Services,
    announced: list[Changes],
    monkeypatch: pytest.MonkeyPatch,
    call: Callable[[Services, list[int]], Any],
):
    b = services.board
    ids = [b.create_interview(f"Company {i}", "Role", "interviewed") for i in range(4)]
    b.archive([ids[3]])
    board_before = {k: b.column_ids(k) for k in ("applied", "interviewed", "not_this_time")}
    rows_before = counts()
    dump_before = list(m.database.connection().iterdump())
    announced.clear()
    monkeypatch.setattr(services.followups, "rederive", _boom)

    with pytest.raises(RuntimeError):
        call(services, ids)

    assert counts() == rows_before
    assert list(m.database.connection().iterdump()) == dump_before
    assert {k: b.column_ids(k) for k in board_before} == board_before
    assert announced == []


def test_archive_failing_at_its_last_step_writes_nothing(
    services: Services, monkeypatch: pytest.MonkeyPatch
):
    b = services.board
    ids = [b.create_interview(f"Company {i}", "Role") for i in range(3)]
    calls = 0

    def log_then_fail(*args: Any, **kwargs: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("disk full")
        return 0

    monkeypatch.setattr(moves_module, "log", log_then_fail)
    with pytest.raises(RuntimeError):
        b.archive(ids[:2])
    assert b.column_ids("applied") == ids
    assert b.archived_ids() == []


def test_a_validation_error_inside_the_transaction_leaves_no_new_organization(
    services: Services,
):
    with pytest.raises(ValidationError):
        services.board.create_interview("Brand New Ltd", "Role", "no-such-stage")
    assert not m.Organization.select().where(m.Organization.name == "Brand New Ltd").exists()


# -- announcements -----------------------------------------------------------------------------


def test_changes_are_announced_after_commit(services: Services):
    """A listener sees the data from another connection: it was committed before the call."""
    assert services.db_path is not None
    seen: list[int] = []

    def listener(changes: Changes) -> None:
        other = sqlite3.connect(services.db_path)  # type: ignore[arg-type]
        try:
            seen.append(other.execute("SELECT count(*) FROM interview").fetchone()[0])
        finally:
            other.close()

    services.ctx.subscribe(listener)
    services.board.create_interview("Acme Ltd", "Product Designer")
    services.board.create_interview("Globex", "Data Analyst")
    assert seen == [1, 2]


def test_nested_calls_announce_once_after_the_outer_commit(
    services: Services, announced: list[Changes]
):
    b = services.board
    with services.ctx.transaction() as outer:
        a = b.create_interview("Acme Ltd", "Product Designer")
        c = b.create_interview("Globex", "Data Analyst", "offer")
        assert announced == []
        outer.settings = True
    assert len(announced) == 1
    assert {a, c} <= announced[0].interviews
    assert announced[0].columns >= {"applied", "offer"}
    assert announced[0].settings


def test_an_outer_failure_rolls_back_the_inner_calls_and_announces_nothing(
    services: Services, announced: list[Changes]
):
    with pytest.raises(KeyError), services.ctx.transaction():
        services.board.create_interview("Acme Ltd", "Product Designer")
        raise KeyError("later step failed")
    assert m.Interview.select().count() == 0
    assert announced == []
    # ...and the next call announces normally again.
    services.board.create_interview("Globex", "Data Analyst")
    assert len(announced) == 1


def test_a_listener_can_unsubscribe(services: Services):
    got: list[Changes] = []
    services.ctx.subscribe(got.append)
    services.ctx.unsubscribe(got.append)
    services.ctx.unsubscribe(got.append)  # twice is harmless
    services.board.create_interview("Acme Ltd", "Product Designer")
    assert got == []


# -- stages ------------------------------------------------------------------------------------


def test_stages_can_be_renamed_hidden_reordered_and_added(services: Services):
    b = services.board
    b.rename_stage("applied", "  Sent CV ")
    key = b.add_stage("Phone call booked", "#123456")
    b.set_stage_hidden("accepted", True)
    keys = [s.key for s in b.stages()]
    b.reorder_stages([key, *[k for k in keys if k != key]])

    stages = b.stages()
    assert stages[0].key == key
    assert stages[1].label == "Sent CV"
    assert [s.position for s in stages] == list(range(len(stages)))
    assert "accepted" not in [s.key for s in b.stages(include_hidden=False)]
    assert b.add_stage("Another") != key


def test_the_last_visible_stage_cannot_be_hidden(services: Services):
    b = services.board
    keys = [s.key for s in b.stages()]
    for key in keys[1:]:
        b.set_stage_hidden(key, True)
    with pytest.raises(ValidationError) as caught:
        b.set_stage_hidden(keys[0], True)
    assert caught.value.field == "hidden"
