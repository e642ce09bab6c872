"""Undo of done, dismiss, snooze and a new due date puts a follow-up back exactly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fixed_clock import Clock

from followup_desktop.core.errors import NotFoundError
from followup_desktop.services import Services, followup_undo
from followup_desktop.store import models as m


def stored(followup_id: int) -> dict[str, object]:
    row = m.FollowUp.get_by_id(followup_id)
    return {name: getattr(row, name) for name in followup_undo.FIELDS}


@pytest.fixture
def thank_you(services: Services) -> int:
    iid = services.board.create_interview("Acme Ltd", "Designer", "interviewed")
    return int(m.FollowUp.get(m.FollowUp.interview == iid).id)


def test_undoing_done_on_a_snoozed_follow_up_keeps_the_snooze(
    services: Services, clock: Clock, thank_you: int
):
    fs = services.followups
    fs.mark_notified([thank_you])
    fs.snooze(thank_you, clock.now + timedelta(days=2))
    before = stored(thank_you)
    saved = followup_undo.save(thank_you)
    fs.mark_done(thank_you)
    followup_undo.put_back(services.ctx, saved)
    assert stored(thank_you) == before


def test_undoing_a_snooze_does_not_announce_it_again(
    services: Services, clock: Clock, thank_you: int
):
    fs = services.followups
    fs.mark_notified([thank_you], at=clock.now)
    before = stored(thank_you)
    saved = followup_undo.save(thank_you)
    fs.snooze(thank_you, clock.now + timedelta(hours=3))
    followup_undo.put_back(services.ctx, saved)
    assert stored(thank_you) == before
    assert before["notified_at"] is not None


def test_undoing_a_new_due_date_lets_the_rules_move_it_again(
    services: Services, clock: Clock, thank_you: int
):
    fs = services.followups
    before = stored(thank_you)
    assert before["user_edited"] is False
    saved = followup_undo.save(thank_you)
    fs.edit(thank_you, due_at=clock.now + timedelta(days=5))
    followup_undo.put_back(services.ctx, saved)
    assert stored(thank_you) == before  # not the user's own edit any more


def test_undoing_a_dismiss_reopens_and_says_so(services: Services, thank_you: int):
    saved = followup_undo.save(thank_you)
    services.followups.dismiss(thank_you)
    followup_undo.put_back(services.ctx, saved)
    assert m.FollowUp.get_by_id(thank_you).state == "pending"
    last = m.Activity.select().order_by(m.Activity.id.desc()).first()
    assert last.kind == "followup_reopened" and last.data == {"followup_id": thank_you}


def test_a_follow_up_gone_meanwhile_is_named(services: Services, thank_you: int):
    saved = followup_undo.save(thank_you)
    services.board.delete([m.FollowUp.get_by_id(thank_you).interview_id])
    with pytest.raises(NotFoundError) as error:
        followup_undo.put_back(services.ctx, saved)
    assert error.value.field == "followup"
    with pytest.raises(NotFoundError):
        followup_undo.save(thank_you)


def test_it_is_found_by_interview_and_rule_key_when_its_id_changed(
    services: Services, clock: Clock, thank_you: int
):
    """An undone interview save can bring a follow-up back under another id."""
    saved = followup_undo.save(thank_you)
    services.followups.snooze(thank_you, clock.now + timedelta(days=1))
    row = m.FollowUp.get_by_id(thank_you)
    moved = m.FollowUp.select().where(m.FollowUp.id == thank_you).dicts().get()
    row.delete_instance()
    newer = services.board.create_interview("Globex", "Analyst", "applied")
    del moved["id"]
    new_id = int(m.FollowUp.insert(**moved).execute())
    assert new_id != thank_you and newer

    assert followup_undo.current_id(saved) == new_id
    followup_undo.put_back(services.ctx, saved)
    assert m.FollowUp.get_by_id(new_id).state == "pending"
