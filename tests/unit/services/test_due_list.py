"""Counted and capped due lists agree with FollowUpService.due() / upcoming()."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fixed_clock import START, Clock

from followup_desktop.services.due_list import DueList


@pytest.fixture
def due_list(services) -> DueList:
    return DueList(services.followups)


@pytest.fixture
def followups(services) -> list[int]:
    """Overdue, due, snoozed-and-back, snoozed, upcoming, far off, done."""
    interview = services.board.create_interview("Acme Ltd", "Product Designer", "applied")
    add = services.followups.add_custom
    ids = [
        add(interview, "Overdue", START - timedelta(days=3)),
        add(interview, "Due", START - timedelta(hours=1)),
        add(interview, "Snoozed until just now", START - timedelta(days=1)),
        add(interview, "Snoozed until later", START - timedelta(hours=2)),
        add(interview, "Upcoming", START + timedelta(days=2)),
        add(interview, "Far off", START + timedelta(days=40)),
        add(interview, "Done", START - timedelta(hours=5)),
    ]
    return ids


def test_counts_and_order_match_due(services, due_list, followups, clock: Clock):
    clock.now = START - timedelta(minutes=30)
    services.followups.snooze(followups[2], START - timedelta(minutes=10))
    services.followups.snooze(followups[3], START + timedelta(hours=3))
    clock.now = START
    services.followups.mark_done(followups[6])

    full = services.followups.due(START)
    assert due_list.counts(START) == (3, 1)
    assert [f.id for f in due_list.most_urgent(START, 10)] == [f.id for f in full]
    assert [f.title for f in full] == ["Overdue", "Snoozed until just now", "Due"]
    assert [f.id for f in due_list.most_urgent(START, 2)] == [f.id for f in full[:2]]


def test_never_announced(services, due_list, followups):
    services.followups.mark_notified([followups[0]], START)
    expected = [f.id for f in services.followups.due(START) if f.notified_at is None]
    assert [f.id for f in due_list.never_announced(START)] == expected
    assert followups[0] not in expected and len(expected) == 4


def test_upcoming_window_and_count(services, due_list, followups):
    until = START + timedelta(days=14)
    assert [f.title for f in due_list.upcoming(START, until, 10)] == ["Upcoming"]
    assert due_list.upcoming_count(START, until) == 1
    assert [f.id for f in due_list.upcoming(START, until, 10)] == [
        f.id for f in services.followups.upcoming(START, days=14)
    ]


def test_still_due(services, due_list, followups):
    services.followups.mark_done(followups[1])
    assert due_list.still_due(followups, START) == {
        followups[0],
        followups[2],
        followups[3],
        followups[6],
    }
