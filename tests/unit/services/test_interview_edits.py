"""Saving a whole interview draft, and undoing it by saving the earlier snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import Services, followup_undo
from followup_desktop.services.interview_edits import (
    PromiseDraft,
    RoundDraft,
    apply_draft,
    snapshot,
)
from followup_desktop.services.timeline import TimelineService
from followup_desktop.store import models as m
from followup_desktop.store.db import close_store, open_store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def services(data_dir: Path) -> Iterator[Services]:
    path = open_store(data_dir)
    yield Services.create(clock=lambda: NOW, tz=ZoneInfo("Europe/London"), db_path=path)
    close_store()


def test_save_everything_then_undo_and_redo(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer", "scheduled")
    hr = services.contacts.create_contact("Hana Ito", kind="hr", organization="Acme Ltd")
    boss = services.contacts.create_contact("Bob Ray", kind="interviewer", job_title="CTO")
    old_round = services.rounds.add_round(
        iid, NOW - timedelta(days=1), NOW - timedelta(days=1, hours=-1)
    )
    services.rounds.add_promise(old_round, "references", boss)
    before = snapshot(services, iid)
    start = NOW + timedelta(days=2)
    draft = replace(
        before,
        role="Senior Designer",
        agency="Reed Talent",
        location="Leeds",
        posting_url="https://jobs.example/1",
        salary_notes="£50k",
        notes="n",
        next_steps="Panel",
        reply_expected_by=date(2026, 3, 20),
        stage_key="interviewed",
        position=None,
        people=((hr, "hr"),),
        rounds=(
            RoundDraft(
                "second_interview",
                start,
                start + timedelta(hours=1),
                "Video",
                "bring laptop",
                (boss,),
                (PromiseDraft("portfolio link", boss, True), PromiseDraft("certificate", None)),
            ),
        ),
    )
    after = apply_draft(services, iid, draft)
    again = snapshot(services, iid)
    assert again == after
    assert again.role == "Senior Designer" and again.agency == "Reed Talent"
    assert again.stage_key == "interviewed"
    assert again.people == ((hr, "hr"),)
    [rnd] = again.rounds
    assert rnd.kind == "second_interview" and rnd.interviewer_ids == (boss,)
    assert [(p.what, p.to_contact_id, p.sent) for p in rnd.promises] == [
        ("portfolio link", boss, True),
        ("certificate", None, False),
    ]
    # Undo: the earlier snapshot comes back (rounds recreated with new ids).
    undone = apply_draft(services, iid, before)

    def strip(d):
        return replace(
            d,
            rounds=tuple(
                replace(r, id=None, promises=tuple(replace(p, id=None) for p in r.promises))
                for r in d.rounds
            ),
        )

    assert strip(undone) == strip(before)
    redone = apply_draft(services, iid, after)
    assert strip(redone) == strip(after)


def test_error_in_a_round_names_it_and_saves_nothing(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer")
    before = snapshot(services, iid)
    bad = replace(
        before, role="Changed", rounds=(RoundDraft("interview", NOW, NOW - timedelta(hours=1)),)
    )
    with pytest.raises(ValidationError) as err:
        apply_draft(services, iid, bad)
    assert err.value.field == "rounds.0.ends_at"
    assert err.value.message.startswith("Round 1:")
    assert snapshot(services, iid) == before


def test_promise_error_is_located(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer")
    before = snapshot(services, iid)
    bad = replace(
        before,
        rounds=(
            RoundDraft(
                "interview",
                NOW,
                NOW + timedelta(hours=1),
                promises=(PromiseDraft("ok"), PromiseDraft("   ")),
            ),
        ),
    )
    with pytest.raises(ValidationError) as err:
        apply_draft(services, iid, bad)
    assert err.value.field == "rounds.0.promises.1.what"


def test_reply_date_question_is_asked_once(services: Services):
    timeline = TimelineService(services.ctx)
    iid = services.board.create_interview("Acme Ltd", "Designer", "scheduled")
    assert timeline.needs_reply_date([iid]) == []
    services.board.move([iid], "interviewed")
    assert timeline.needs_reply_date([iid]) == [iid]
    timeline.mark_asked(iid)
    assert timeline.needs_reply_date([iid]) == []
    other = services.board.create_interview("Globex", "Analyst", "scheduled")
    services.board.update_interview(other, reply_expected_by=date(2026, 3, 9))
    services.board.move([other], "awaiting_reply")
    assert timeline.needs_reply_date([other]) == []


def test_notes_newest_first_and_undoable_delete(services: Services):
    timeline = TimelineService(services.ctx)
    iid = services.board.create_interview("Acme Ltd", "Designer")
    note = services.board.add_note(iid, "Called Hana — they decide on Friday")
    entries = timeline.of_interview(iid)
    assert entries[0].id == note and entries[0].is_note
    assert entries[-1].kind == "created"
    gone = timeline.delete_note(note)
    assert all(e.id != note for e in timeline.of_interview(iid))
    assert timeline.restore_note(iid, gone) == note  # its id was still free
    assert timeline.of_interview(iid)[0].summary == "Called Hana — they decide on Friday"


def test_a_deleted_note_comes_back_though_its_id_was_taken_meanwhile(services: Services):
    timeline = TimelineService(services.ctx)
    iid = services.board.create_interview("Acme Ltd", "Designer")
    note = services.board.add_note(iid, "Called Hana — they decide on Friday")
    gone = timeline.delete_note(note)
    services.board.move([iid], "scheduled")  # its timeline entry takes the freed id
    assert timeline.of_interview(iid)[0].id == note

    back = timeline.restore_note(iid, gone)

    assert back != note
    restored = [e for e in timeline.of_interview(iid) if e.is_note]
    assert [(e.id, e.summary, e.at) for e in restored] == [(back, gone.summary, gone.at)]


def test_undoing_a_round_deletion_keeps_its_done_follow_ups_done(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer", "interviewed")
    hana = services.contacts.create_contact("Hana Ito", kind="hr", organization="Acme Ltd")
    rid = services.rounds.add_round(
        iid, NOW - timedelta(hours=3), NOW - timedelta(hours=2), interviewer_ids=[hana]
    )
    pid = services.rounds.add_promise(rid, "portfolio", hana)
    # Newer rows elsewhere: SQLite would not hand the deleted ids out again by itself.
    other = services.board.create_interview("Globex", "Analyst", "scheduled")
    later = services.rounds.add_round(other, NOW + timedelta(days=2), NOW + timedelta(days=3))
    services.rounds.add_promise(later, "references")
    for row in m.FollowUp.select().where(m.FollowUp.interview == iid):
        services.followups.mark_done(row.id)  # thanked, and sent the portfolio
    done = {r.rule_key: r.state for r in m.FollowUp.select().where(m.FollowUp.interview == iid)}
    assert {f"thank_you:round:{rid}", f"promise:{pid}"} <= set(done)
    assert set(done.values()) == {"done"}
    before = snapshot(services, iid)

    apply_draft(services, iid, replace(before, rounds=()))  # the round deleted
    apply_draft(services, iid, before)  # ...and the deletion undone

    (back,) = services.rounds.rounds_of(iid)
    assert back.id == rid  # its follow-ups name it
    states = {r.rule_key: r.state for r in m.FollowUp.select().where(m.FollowUp.interview == iid)}
    assert states == done  # no second thank-you to send


def test_undoing_a_round_deletion_gives_back_the_users_edits_to_its_follow_ups(
    services: Services,
):
    iid = services.board.create_interview("Acme Ltd", "Designer", "interviewed")
    hana = services.contacts.create_contact("Hana Ito", kind="hr", organization="Acme Ltd")
    rid = services.rounds.add_round(
        iid, NOW - timedelta(hours=3), NOW - timedelta(hours=2), interviewer_ids=[hana]
    )
    services.rounds.add_promise(rid, "portfolio", hana)
    thank = m.FollowUp.get(
        (m.FollowUp.interview == iid) & (m.FollowUp.rule_key == f"thank_you:round:{rid}")
    )
    services.followups.edit(thank.id, title="Thank Hana personally", due_at=NOW + timedelta(days=2))
    before = snapshot(services, iid)
    saved = followup_undo.rows_of(iid)

    apply_draft(services, iid, replace(before, rounds=()))  # the round deleted
    assert not m.FollowUp.select().where(m.FollowUp.rule_key == thank.rule_key).exists()
    taken = followup_undo.taken_by_save(saved, followup_undo.rows_of(iid))
    apply_draft(services, iid, before, followups=taken)  # ...and the save undone

    back = m.FollowUp.get((m.FollowUp.interview == iid) & (m.FollowUp.rule_key == thank.rule_key))
    assert (back.title, back.due_at, back.user_edited) == (
        "Thank Hana personally",
        NOW + timedelta(days=2),
        True,
    )
    fields = followup_undo.FIELDS
    now_rows = {r["rule_key"]: r for r in followup_undo.rows_of(iid)}
    for row in saved:
        assert {f: now_rows[row["rule_key"]][f] for f in fields} == {f: row[f] for f in fields}


def test_undoing_a_save_leaves_what_happened_to_other_follow_ups_since(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer", "interviewed")
    thank = m.FollowUp.get(m.FollowUp.interview == iid)
    before = snapshot(services, iid)
    rows = followup_undo.rows_of(iid)
    apply_draft(services, iid, replace(before, notes="Asked about the team"))
    taken = followup_undo.taken_by_save(rows, followup_undo.rows_of(iid))
    assert taken == ()
    services.followups.mark_notified([thank.id], at=NOW)  # the tray told the user meanwhile

    apply_draft(services, iid, before, followups=taken)

    assert m.FollowUp.get_by_id(thank.id).notified_at == NOW  # not told again


def test_a_done_follow_up_gets_its_round_back_with_the_round(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer", "interviewed")
    rid = services.rounds.add_round(iid, NOW - timedelta(hours=3), NOW - timedelta(hours=2))
    thank = m.FollowUp.get(m.FollowUp.rule_key == f"thank_you:round:{rid}")
    services.followups.mark_done(thank.id)
    before = snapshot(services, iid)
    rows = followup_undo.rows_of(iid)
    apply_draft(services, iid, replace(before, rounds=()))
    assert m.FollowUp.get_by_id(thank.id).round_id is None  # kept (done), cut loose

    taken = followup_undo.taken_by_save(rows, followup_undo.rows_of(iid))
    apply_draft(services, iid, before, followups=taken)

    back = m.FollowUp.get_by_id(thank.id)
    assert (back.state, back.round_id) == ("done", rid)
