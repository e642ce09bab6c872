"""Follow-up views read from plain rows (the fast path) are the views peewee's objects gave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fixed_clock import START, Clock

from followup_desktop import sample_data
from followup_desktop.services.due_list import DueList
from followup_desktop.store import models as m
from followup_desktop.store.fields import from_utc_text


@pytest.fixture
def busy(services, clock: Clock):
    """Sample data, with follow-ups snoozed (some back already), announced and hand-made."""
    sample_data.generate(services, size=40)
    open_ids = [
        f.id
        for f in m.FollowUp.select(m.FollowUp.id)
        .where(m.FollowUp.state == "pending")
        .order_by(m.FollowUp.id)
    ]
    services.followups.snooze(open_ids[0], START + timedelta(hours=5))
    services.followups.snooze(open_ids[1], START + timedelta(minutes=5))
    services.followups.mark_notified(open_ids[2:6], START)
    interview = m.Interview.select().first().id
    services.followups.add_custom(interview, "Ring back", START - timedelta(days=2))
    clock.advance(hours=1)
    return services


def test_plain_rows_give_the_views_model_objects_gave(busy):
    now = busy.ctx.now()
    query = busy.followups._query().order_by(m.FollowUp.id)
    from_objects = [busy.followups._view(row, now) for row in query.objects()]
    assert len(from_objects) > 50
    assert busy.followups.views(query, now) == from_objects
    # Recipients, checklists, snoozes and announcements all came through.
    assert any(v.to for v in from_objects) and any(v.checklist for v in from_objects)
    assert any(v.snoozed_until for v in from_objects)
    assert any(v.notified_at for v in from_objects)


def test_due_is_ordered_by_deadline_then_when_it_fell_due(busy):
    now = busy.ctx.now()
    due = busy.followups.due(now)
    assert len(due) > 10
    assert due == sorted(due, key=lambda v: (v.deadline_at, v.effective_due_at, v.id))
    assert [v.id for v in DueList(busy.followups).most_urgent(now, 500)] == [v.id for v in due]
    back = [v for v in due if v.snoozed_until is not None]
    assert back, "a snooze that ran out brings the follow-up back as due"


def test_get_and_for_interview_use_the_same_views(busy):
    now = busy.ctx.now()
    some = busy.followups.due(now)[0]
    assert (
        busy.followups.get(some.id)
        == busy.followups.views(busy.followups._query().where(m.FollowUp.id == some.id), now)[0]
    )
    assert some.id in [v.id for v in busy.followups.for_interview(some.interview_id)]


def test_stored_times_read_back_as_aware_utc():
    moment = from_utc_text("2026-03-10 12:00:00")
    assert moment == datetime(2026, 3, 10, 12, tzinfo=UTC)
    assert moment.tzinfo is UTC
    for bad in ("2026-03-10T12:00:00", "2026-03-10 12:00", "", "10/03/2026 12:00:00"):
        with pytest.raises(ValueError):
            from_utc_text(bad)
