"""Undo of delete: a snapshot brings an interview back whole, with the same ids and place."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fixed_clock import START

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import Changes, Services
from followup_desktop.services.attachments import attachment_service
from followup_desktop.services.snapshots import SnapshotService
from followup_desktop.store import models as m


def dump() -> dict[str, list[dict[str, Any]]]:
    tables = (
        m.Interview,
        m.InterviewContact,
        m.Round,
        m.RoundInterviewer,
        m.Promise,
        m.FollowUp,
        m.Activity,
        m.Attachment,
    )
    return {t.__name__: list(t.select().order_by(t.id).dicts()) for t in tables}


def rich_interview(services: Services) -> int:
    iid = services.board.create_interview("Acme Ltd", "Designer", "scheduled", notes="Note")
    hr = services.contacts.create_contact(
        "Priya Patel", kind="hr", email="priya@acme.example", organization="Acme Ltd"
    )
    panel = services.contacts.create_contact("Tom Smith", kind="interviewer")
    services.contacts.link(iid, hr, "hr")
    rid = services.rounds.add_round(
        iid, START - timedelta(hours=3), START - timedelta(hours=2), interviewer_ids=[panel]
    )
    services.rounds.add_promise(rid, "portfolio link", panel)
    services.board.add_note(iid, "They liked the case study")
    services.board.move([iid], "interviewed")
    return iid


def test_delete_then_restore_gives_back_every_row_unchanged(services: Services, tmp_path: Path):
    keep = services.board.create_interview("Globex", "Analyst", "interviewed")
    iid = rich_interview(services)
    below = services.board.create_interview("Initech", "QA", "interviewed")
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(b"%PDF-1.4 the CV they were sent")
    files = attachment_service(services)
    files.add(cv, interview_id=iid)
    before = dump()
    column = services.board.column_ids("interviewed")
    assert column == [keep, iid, below]
    snapshots = SnapshotService(services.ctx, services.followups)

    snap = snapshots.take([iid])
    services.board.delete([iid])
    assert services.board.column_ids("interviewed") == [keep, below]
    assert not m.FollowUp.select().where(m.FollowUp.interview == iid).exists()

    snapshots.restore(snap)
    assert services.board.column_ids("interviewed") == column
    assert dump() == before
    (kept,) = files.of_interview(iid)  # the file came back with its row
    assert files.path_of(kept).read_bytes() == cv.read_bytes()


def test_restore_announces_the_columns_and_interviews(services: Services, announced: list[Changes]):
    iid = services.board.create_interview("Acme Ltd", "Designer")
    snapshots = SnapshotService(services.ctx, services.followups)
    snap = snapshots.take([iid])
    services.board.delete([iid])
    announced.clear()
    snapshots.restore(snap)
    assert len(announced) == 1
    assert iid in announced[0].interviews and "applied" in announced[0].columns


def test_restoring_twice_is_refused(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer")
    snapshots = SnapshotService(services.ctx, services.followups)
    snap = snapshots.take([iid])
    services.board.delete([iid])
    snapshots.restore(snap)
    with pytest.raises(ValidationError) as error:
        snapshots.restore(snap)
    assert error.value.field == "interviews"


def test_people_deleted_meanwhile_are_left_out_and_a_removed_employer_comes_back(
    services: Services,
):
    iid = rich_interview(services)
    snapshots = SnapshotService(services.ctx, services.followups)
    snap = snapshots.take([iid])
    services.board.delete([iid])
    panel = m.Contact.get(m.Contact.name == "Tom Smith").id
    services.contacts.delete_contact(panel)
    m.Contact.update(organization=None).execute()
    m.Organization.delete().where(m.Organization.name == "Acme Ltd").execute()

    snapshots.restore(snap)
    details = services.board.get(iid)
    assert details.company == "Acme Ltd"
    assert not m.RoundInterviewer.select().exists()
    promise = m.Promise.get()
    assert promise.to_contact_id is None
    assert [name for name, _ in [(c.name, r) for c, r in services.contacts.people_of(iid)]] == [
        "Priya Patel"
    ]


def test_an_archived_interview_comes_back_archived(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer")
    services.board.archive([iid])
    snapshots = SnapshotService(services.ctx, services.followups)
    snap = snapshots.take([iid])
    services.board.delete([iid])
    snapshots.restore(snap)
    assert services.board.get(iid).archived
    assert services.board.column_ids("applied") == []


def chase_due(interview_id: int):
    row = (
        m.FollowUp.select(m.FollowUp.due_at)
        .where((m.FollowUp.interview == interview_id) & (m.FollowUp.kind == "chase"))
        .first()
    )
    return None if row is None else row.due_at


def test_deleting_an_interview_frees_the_company_pacing_and_undo_restores_it(
    services: Services, clock
):
    from datetime import date

    from followup_desktop.services.activity import ActivityKind, log

    # A thank-you went to Acme about one interview yesterday; the other interview's chase
    # is pushed back so Acme does not hear from us twice within five days (rule 7).
    sent = services.board.create_interview("Acme Ltd", "Designer", "awaiting_reply")
    waiting = services.board.create_interview(
        "Acme Ltd", "Analyst", "awaiting_reply", reply_expected_by=date(2026, 3, 9)
    )
    org = services.board.get(sent).employer_id
    with services.ctx.transaction():
        log(
            ActivityKind.MESSAGE_SENT,
            "Thank-you sent",
            interview_id=sent,
            organization_id=org,
            at=START - timedelta(days=1),
            data={"kind": "thank_you"},
        )
        services.followups.rederive([waiting])
    paced = chase_due(waiting)
    assert paced is not None

    snapshots = SnapshotService(services.ctx, services.followups)
    snap = snapshots.take([sent])
    services.board.delete([sent])  # its message goes with it
    freed = chase_due(waiting)
    assert freed < paced

    snapshots.restore(snap)
    assert chase_due(waiting) == paced


def test_several_interviews_deleted_together_come_back_together(services: Services):
    first = rich_interview(services)
    second = services.board.create_interview("Globex", "Analyst", "interviewed")
    services.board.add_note(second, "Second round likely")
    services.contacts.link(second, m.Contact.get(m.Contact.name == "Tom Smith").id, "other")
    before = dump()
    snapshots = SnapshotService(services.ctx, services.followups)

    snap = snapshots.take([first, second])
    services.board.delete([first, second])
    snapshots.restore(snap)

    assert dump() == before


def test_a_recreated_employer_gets_back_its_messages_not_whoever_took_its_old_id(
    services: Services,
):
    iid = services.board.create_interview("Acme Ltd", "Designer", "interviewed")
    acme = m.Interview.get_by_id(iid).employer_id
    m.Activity.insert(
        interview=iid, organization=acme, kind="message_sent", summary="Thank-you sent"
    ).execute()
    snapshots = SnapshotService(services.ctx, services.followups)
    snap = snapshots.take([iid])
    services.board.delete([iid])
    m.Organization.delete().where(m.Organization.id == acme).execute()
    # SQLite hands the freed id to the next organization.
    other = services.contacts.create_organization("Globex")
    assert other == acme

    snapshots.restore(snap)

    employer = m.Interview.get_by_id(iid).employer_id
    assert employer != other
    sent = m.Activity.get((m.Activity.interview == iid) & (m.Activity.kind == "message_sent"))
    assert sent.organization_id == employer


def test_a_person_deleted_meanwhile_is_not_replaced_by_whoever_took_their_id(
    services: Services,
):
    iid = services.board.create_interview("Acme Ltd", "Designer", "applied")
    priya = services.contacts.create_contact("Priya Patel", kind="hr")
    services.contacts.link(iid, priya, "hr")
    snapshots = SnapshotService(services.ctx, services.followups)
    snap = snapshots.take([iid])
    services.board.delete([iid])
    services.contacts.delete_contact(priya)
    stranger = services.contacts.create_contact("Sam Stranger", kind="other")
    assert stranger == priya  # SQLite hands the freed id on

    snapshots.restore(snap)

    assert not m.InterviewContact.select().where(m.InterviewContact.interview == iid).exists()


def test_follow_up_ids_taken_meanwhile_do_not_stop_the_undo(services: Services):
    other = services.board.create_interview("Globex", "Analyst", "applied")
    iid = services.board.create_interview("Acme Ltd", "Designer", "interviewed")
    thank_you = m.FollowUp.get(m.FollowUp.interview == iid)
    services.followups.mark_done(thank_you.id)  # the timeline names it
    snapshots = SnapshotService(services.ctx, services.followups)
    snap = snapshots.take([iid])
    services.board.delete([iid])
    # Outside the undo stack (as the rules do when time passes) a new follow-up takes the
    # freed id.
    services.board.move([other], "interviewed")
    assert m.FollowUp.get(m.FollowUp.interview == other).id == thank_you.id

    snapshots.restore(snap)

    back = m.FollowUp.get(m.FollowUp.interview == iid)
    assert back.id != thank_you.id and back.state == "done"
    done = m.Activity.get((m.Activity.interview == iid) & (m.Activity.kind == "followup_done"))
    assert done.data["followup_id"] == back.id
    assert m.FollowUp.get(m.FollowUp.interview == other).id == thank_you.id  # untouched
