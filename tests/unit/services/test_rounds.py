"""Rounds and promises: validated, logged, and the follow-ups they cause come and go."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fixed_clock import START, Clock

from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.core.facts import FollowUpKind
from followup_desktop.services import Services
from followup_desktop.store import models as m

HOUR = timedelta(hours=1)


def keys(services: Services, interview_id: int) -> dict[str, str]:
    """rule key → state."""
    return {
        r.rule_key: r.state for r in m.FollowUp.select().where(m.FollowUp.interview == interview_id)
    }


def last_activity(interview_id: int) -> tuple[str, str]:
    a = (
        m.Activity.select()
        .where(m.Activity.interview == interview_id)
        .order_by(m.Activity.id.desc())
        .first()
    )
    return a.kind, a.summary


@pytest.fixture
def interview(services: Services) -> int:
    return services.board.create_interview("Acme Ltd", "Product Designer", "scheduled")


def test_a_round_is_stored_with_its_interviewers_and_logged(services: Services, interview: int):
    s = services
    ada = s.contacts.create_contact("Ada", kind="interviewer")
    bob = s.contacts.create_contact("Bob", kind="interviewer")
    starts = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
    rid = s.rounds.add_round(
        interview,
        starts,
        starts + HOUR,
        kind="first_interview",
        place="Head office, 2nd floor",
        notes="Bring ID",
        interviewer_ids=[bob, ada, bob],
    )
    (r,) = s.rounds.rounds_of(interview)
    assert (r.id, r.kind, r.starts_at, r.ends_at, r.place, r.notes) == (
        rid,
        "first_interview",
        starts,
        starts + HOUR,
        "Head office, 2nd floor",
        "Bring ID",
    )
    assert r.interviewer_ids == (bob, ada)  # duplicates dropped, order kept
    assert last_activity(interview) == ("round_added", "First interview on Thu 12 Mar 2026 10:00")


def test_an_upcoming_round_brings_the_prepare_checklist(services: Services, interview: int):
    starts = START + timedelta(days=2)
    rid = services.rounds.add_round(interview, starts, starts + HOUR)
    assert keys(services, interview)[f"prepare:round:{rid}"] == "pending"
    (prepare,) = [
        f for f in services.followups.for_interview(interview) if f.kind is FollowUpKind.PREPARE
    ]
    assert prepare.checklist
    assert prepare.deadline_at == starts


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s, i: s.rounds.add_round(i, START, START - HOUR), "ends_at"),
        (lambda s, i: s.rounds.add_round(i, START, START + HOUR, kind="party"), "kind"),
        (
            lambda s, i: s.rounds.add_round(i, datetime(2026, 3, 1, 10), START),
            "starts_at",
        ),  # naive
        (
            lambda s, i: s.rounds.add_round(
                i, datetime(1900, 1, 1, tzinfo=UTC), datetime(1900, 1, 1, 1, tzinfo=UTC)
            ),
            "starts_at",
        ),
        (
            lambda s, i: s.rounds.add_round(i, START, datetime(2400, 1, 1, tzinfo=UTC)),
            "ends_at",
        ),
        (lambda s, i: s.rounds.add_round(i, START, START + HOUR, place="p" * 2001), "place"),
        (lambda s, i: s.rounds.add_round(i, START, START + HOUR, notes="\x00"), "notes"),
        (lambda s, i: s.rounds.add_round(i, "tomorrow", START), "starts_at"),
        (lambda s, i: s.rounds.add_round(999, START, START + HOUR), "interview"),
        (
            lambda s, i: s.rounds.add_round(i, START, START + HOUR, interviewer_ids=[999]),
            "interviewers",
        ),
    ],
)
def test_bad_rounds_are_refused_naming_the_field(
    services: Services, interview: int, call: Callable[..., Any], field: str
):
    with pytest.raises(ValidationError) as caught:
        call(services, interview)
    assert caught.value.field == field
    assert m.Round.select().count() == 0
    assert m.RoundInterviewer.select().count() == 0


def test_editing_a_round_validates_against_what_is_stored(services: Services, interview: int):
    s = services
    rid = s.rounds.add_round(
        interview, START + timedelta(days=1), START + timedelta(days=1, hours=1)
    )
    with pytest.raises(ValidationError) as caught:
        s.rounds.update_round(rid, ends_at=START)  # before the stored start
    assert caught.value.field == "ends_at"
    with pytest.raises(ValidationError) as caught:
        s.rounds.update_round(rid, venue="Leeds")
    assert caught.value.field == "venue"
    with pytest.raises(NotFoundError) as caught:
        s.rounds.update_round(999, place="x")
    assert caught.value.field == "round"
    ada = s.contacts.create_contact("Ada")
    s.rounds.update_round(
        rid, kind="video_call", place="https://meet.example/x", interviewer_ids=[ada]
    )
    (r,) = s.rounds.rounds_of(interview)
    assert (r.kind, r.place, r.interviewer_ids) == ("video_call", "https://meet.example/x", (ada,))
    assert last_activity(interview) == ("round_edited", "Edited Video call")


def test_a_round_that_ends_brings_the_thank_you(services: Services, clock: Clock):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    rid = s.rounds.add_round(iid, START - 2 * HOUR, START - HOUR)
    got = keys(s, iid)
    assert got[f"thank_you:round:{rid}"] == "pending"
    assert "thank_you:interview" not in got  # the round's thank-you replaces the general one


def test_deleting_a_round_removes_its_pending_follow_ups(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    rid = s.rounds.add_round(iid, START - 2 * HOUR, START - HOUR)
    p = s.rounds.add_promise(rid, "two references")
    assert {f"thank_you:round:{rid}", f"promise:{p}"} <= set(keys(s, iid))

    s.rounds.delete_round(rid)

    got = keys(s, iid)
    assert f"thank_you:round:{rid}" not in got
    assert f"promise:{p}" not in got
    assert m.Promise.select().count() == 0
    assert last_activity(iid) == ("round_deleted", "Deleted Interview")
    with pytest.raises(NotFoundError):
        s.rounds.delete_round(rid)


def test_a_done_thank_you_survives_its_round_being_deleted(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    rid = s.rounds.add_round(iid, START - 2 * HOUR, START - HOUR)
    fid = m.FollowUp.get(m.FollowUp.rule_key == f"thank_you:round:{rid}").id
    s.followups.mark_done(fid)
    s.rounds.delete_round(rid)
    assert m.FollowUp.get_by_id(fid).state == "done"


# -- promises ----------------------------------------------------------------------------------


def test_a_promise_made_in_a_round_is_due_to_the_person_who_asked(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    ada = s.contacts.create_contact("Ada", email="ada@acme.example", kind="interviewer")
    rid = s.rounds.add_round(iid, START - 2 * HOUR, START - HOUR, interviewer_ids=[ada])
    pid = s.rounds.add_promise(rid, " link to my portfolio ", ada)

    (info,) = s.rounds.promises_of(rid)
    assert (info.id, info.what, info.to_contact_id, info.sent) == (
        pid,
        "link to my portfolio",
        ada,
        False,
    )
    (view,) = [
        f for f in s.followups.for_interview(iid) if f.kind is FollowUpKind.PROMISED_MATERIAL
    ]
    assert view.title == "Send link to my portfolio to Ada"
    assert [r.email for r in view.to] == ["ada@acme.example"]
    assert last_activity(iid) == ("promise_added", "Promised: link to my portfolio")


def test_a_promise_sent_marks_its_follow_up_done_and_unsent_reopens_it(
    services: Services, clock: Clock
):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    rid = s.rounds.add_round(iid, START - 2 * HOUR, START - HOUR)
    pid = s.rounds.add_promise(rid, "copy of my PRINCE2 certificate")
    clock.advance(hours=3)

    s.rounds.update_promise(pid, sent=True)

    row = m.FollowUp.get(m.FollowUp.rule_key == f"promise:{pid}")
    assert (row.state, row.done_at) == ("done", clock.now)
    assert s.rounds.promises_of(rid)[0].sent_at == clock.now
    assert last_activity(iid) == ("promise_edited", "Sent: copy of my PRINCE2 certificate")
    assert not [f for f in s.followups.due() if f.kind is FollowUpKind.PROMISED_MATERIAL]

    s.rounds.update_promise(pid, sent=False)
    row = m.FollowUp.get(m.FollowUp.rule_key == f"promise:{pid}")
    assert (row.state, row.done_at) == ("pending", None)
    assert s.rounds.promises_of(rid)[0].sent_at is None


def test_a_promise_sent_before_the_round_ends_never_falls_due(services: Services, clock: Clock):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "scheduled")
    rid = s.rounds.add_round(iid, START + HOUR, START + 2 * HOUR)
    pid = s.rounds.add_promise(rid, "writing samples")
    s.rounds.update_promise(pid, sent=True)
    clock.advance(hours=3)
    s.followups.catch_up()
    assert f"promise:{pid}" not in keys(s, iid)


def test_promise_errors_name_the_field(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    rid = s.rounds.add_round(iid, START - 2 * HOUR, START - HOUR)
    pid = s.rounds.add_promise(rid, "references")
    for call, error, field in (
        (lambda: s.rounds.add_promise(rid, ""), ValidationError, "what"),
        (lambda: s.rounds.add_promise(rid, "x" * 201), ValidationError, "what"),
        (lambda: s.rounds.add_promise(999, "x"), NotFoundError, "round"),
        (lambda: s.rounds.add_promise(rid, "x", 999), NotFoundError, "to_contact"),
        (lambda: s.rounds.update_promise(999, sent=True), NotFoundError, "promise"),
        (lambda: s.rounds.update_promise(pid, what=" "), ValidationError, "what"),
        (lambda: s.rounds.update_promise(pid, to_contact_id=999), NotFoundError, "to_contact"),
        (lambda: s.rounds.delete_promise(999), NotFoundError, "promise"),
    ):
        with pytest.raises(error) as caught:
            call()
        assert caught.value.field == field  # type: ignore[attr-defined]
    assert [p.what for p in s.rounds.promises_of(rid)] == ["references"]


def test_an_edit_that_changes_nothing_logs_nothing(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    rid = s.rounds.add_round(iid, START - 2 * HOUR, START - HOUR)
    pid = s.rounds.add_promise(rid, "references")
    s.rounds.update_promise(pid, sent=True)
    before = m.Activity.select().count()
    s.rounds.update_promise(pid, sent=True)  # already sent
    s.rounds.update_promise(pid, what="references")
    assert m.Activity.select().count() == before


def test_deleting_a_promise_removes_its_pending_follow_up(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    rid = s.rounds.add_round(iid, START - 2 * HOUR, START - HOUR)
    pid = s.rounds.add_promise(rid, "references")
    assert f"promise:{pid}" in keys(s, iid)
    s.rounds.delete_promise(pid)
    assert f"promise:{pid}" not in keys(s, iid)
    assert last_activity(iid) == ("promise_deleted", "Deleted promise: references")
