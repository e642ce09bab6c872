"""What is due, counted and capped in SQL, for the reminder scheduler, tray and due panel.

``FollowUpService.due()`` builds a view of *every* due follow-up; with 10,000 cards that can be
thousands of rows and a second of work, too slow to run after every change. The scheduler
needs only counts, the few never announced, and the most urgent ones to list, so these
queries count in SQL and fetch with ``LIMIT``, in the same order as ``due()`` (deadline, then
when it fell due).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from peewee import Case

from followup_desktop.core.facts import FollowUpState
from followup_desktop.services.followup_views import FollowUpView
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import models as m
from followup_desktop.store.facts import chunks

F = m.FollowUp
_PENDING = FollowUpState.PENDING.value
_SNOOZED = FollowUpState.SNOOZED.value
#: when an open follow-up falls (or fell) due: the end of its snooze, else its due time
EFFECTIVE_DUE = Case(F.state, [(_SNOOZED, F.snoozed_until)], F.due_at)


def _due_at(now: datetime) -> Any:
    return ((F.state == _PENDING) & (F.due_at <= now)) | (
        (F.state == _SNOOZED) & (F.snoozed_until <= now)
    )


def _due_between(start: datetime, end: datetime) -> Any:
    """Open follow-ups falling due after ``start`` and up to ``end``."""
    return ((F.state == _PENDING) & (F.due_at > start) & (F.due_at <= end)) | (
        (F.state == _SNOOZED) & (F.snoozed_until > start) & (F.snoozed_until <= end)
    )


class DueList:
    """Counted and capped queries over the follow-ups that are (or soon will be) due."""

    def __init__(self, followups: FollowUpService) -> None:
        self.followups = followups

    def _views(self, query: Any, now: datetime) -> list[FollowUpView]:
        # _query() / views() are FollowUpService's own row shape: lists everywhere agree.
        return self.followups.views(query, now)

    def counts(self, now: datetime) -> tuple[int, int]:
        """How many follow-ups are due at ``now``, and how many of those are overdue."""
        due = int(self.followups._query().where(_due_at(now)).count())
        overdue = int(self.followups._query().where(_due_at(now) & (F.deadline_at < now)).count())
        return due, overdue

    def most_urgent(self, now: datetime, limit: int) -> list[FollowUpView]:
        """The due follow-ups, most urgent first (as ``due()`` orders them), at most ``limit``."""
        query = (
            self.followups._query()
            .where(_due_at(now))
            .order_by(F.deadline_at, EFFECTIVE_DUE, F.id)
            .limit(limit)
        )
        return self._views(query, now)

    def never_announced(self, now: datetime) -> list[FollowUpView]:
        """Due follow-ups with no notification yet (``notified_at`` empty), most urgent first."""
        query = (
            self.followups._query()
            .where(_due_at(now) & F.notified_at.is_null())
            .order_by(F.deadline_at, EFFECTIVE_DUE, F.id)
        )
        return self._views(query, now)

    def upcoming(self, now: datetime, until: datetime, limit: int) -> list[FollowUpView]:
        """Follow-ups falling due after ``now`` and up to ``until``, soonest first."""
        query = (
            self.followups._query()
            .where(_due_between(now, until))
            .order_by(EFFECTIVE_DUE, F.id)
            .limit(limit)
        )
        return self._views(query, now)

    def upcoming_count(self, now: datetime, until: datetime) -> int:
        return int(self.followups._query().where(_due_between(now, until)).count())

    def still_due(self, followup_ids: Iterable[int], now: datetime) -> set[int]:
        """Which of ``followup_ids`` are still due (not done, dismissed, snoozed or gone)."""
        found: set[int] = set()
        for batch in chunks(list(followup_ids)):
            query = self.followups._query().where(_due_at(now) & F.id.in_(batch))
            found.update(int(fid) for (fid,) in query.select(F.id).tuples())
        return found
