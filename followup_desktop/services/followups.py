"""Follow-ups: re-derived from facts by the rules engine, and acted on by the user."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from peewee import Case, fn

from followup_desktop.core import validation as check
from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.core.facts import (
    DerivedFollowUp,
    FollowUpKind,
    FollowUpState,
)
from followup_desktop.core.reconcile import StoredFollowUp, plan_reconcile
from followup_desktop.core.rules import derive, display_state
from followup_desktop.core.settings import RuleSettings
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.context import Changes, ServiceContext
from followup_desktop.services.followup_views import (
    FollowUpView,
    _kind,
    _view_from_row,
    recipients_from_json,
    recipients_to_json,
)
from followup_desktop.store import models as m
from followup_desktop.store.bulk import bulk_insert
from followup_desktop.store.facts import chunks, load_facts
from followup_desktop.store.fields import from_utc_text
from followup_desktop.store.sql import marks, select

#: Setting that remembers when the rules last caught up with the clock.
CLOCK_KEY = "rules_clock"

OPEN_STATES = (FollowUpState.PENDING.value, FollowUpState.SNOOZED.value)


class FollowUpService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- settings ----------------------------------------------------------------------
    def rule_settings(self) -> RuleSettings:
        row = m.database.execute_sql(
            'SELECT "value" FROM "setting" WHERE "key" = ?', ("rules",)
        ).fetchone()
        return RuleSettings.from_json(m.Setting.value.python_value(row[0]) if row else {})

    # -- the rules -----------------------------------------------------------------------
    def rederive(
        self,
        interview_ids: Iterable[int],
        changes: Changes | None = None,
        *,
        now: datetime | None = None,
    ) -> int:
        """Apply the rules to these interviews (inside the caller's transaction).

        ``now`` defaults to the services' clock. Returns how many follow-ups were created,
        updated or removed.
        """
        ids = sorted(set(interview_ids))
        if not ids:
            return 0
        facts = load_facts(ids)
        settings = self.rule_settings()
        now = now or self.ctx.now()
        stored: dict[int, list[StoredFollowUp]] = defaultdict(list)
        for batch in chunks(ids):
            for row in _stored_rows(batch):
                stored[row[0]].append(_stored(row))
        creates: list[dict[str, Any]] = []
        touched = 0
        for interview_id in ids:
            fact = facts.get(interview_id)
            derived = derive(fact, settings, now, self.ctx.tz) if fact is not None else []
            plan = plan_reconcile(stored[interview_id], derived)
            for d in plan.create:
                creates.append({"interview": interview_id, **_derived_fields(d)})
            for fid, d in plan.update:
                m.FollowUp.update(**_derived_fields(d)).where(m.FollowUp.id == fid).execute()
            if plan.delete:
                m.FollowUp.delete().where(m.FollowUp.id.in_(plan.delete)).execute()
            touched += len(plan.create) + len(plan.update) + len(plan.delete)
            if changes is not None and (plan.create or plan.update or plan.delete):
                changes.interviews.add(interview_id)
        bulk_insert(m.FollowUp, creates)
        if changes is not None and touched:
            changes.followups = True
        return touched

    def rederive_all(self) -> int:
        """Re-derive every live interview (after an import, or new rule settings)."""
        with self.ctx.transaction() as changes:
            ids = [
                i.id
                for i in m.Interview.select(m.Interview.id).where(m.Interview.archived == False)
            ]
            return self.rederive(ids, changes)

    def catch_up(self, now: datetime | None = None) -> int:
        """Re-derive what the passing of time changed since the last time.

        The rules depend on ``now`` only through rounds starting (the prepare checklist
        goes) and ending (thank-you and promised material appear), so only interviews
        with such a moment since the last catch-up are re-derived: start-up stays fast
        at 10,000 cards. A clock that went backwards re-derives everything.
        """
        now = now or self.ctx.now()
        row = m.Setting.get_or_none(m.Setting.key == CLOCK_KEY)
        last = datetime.fromisoformat(row.value) if row is not None else None
        with self.ctx.transaction() as changes:
            if last is None or now < last:
                ids = [
                    i
                    for (i,) in m.Interview.select(m.Interview.id)
                    .where(m.Interview.archived == False)
                    .tuples()
                ]
            else:
                R = m.Round
                ids = sorted(
                    {
                        i
                        for (i,) in R.select(R.interview)
                        .where(
                            ((R.starts_at > last) & (R.starts_at <= now))
                            | ((R.ends_at > last) & (R.ends_at <= now))
                        )
                        .tuples()
                    }
                )
            # The rules must see the moment the rounds were picked for: a round that ended
            # before ``now`` but after the services' clock would otherwise be skipped for good.
            touched = self.rederive(ids, changes, now=now)
            m.Setting.insert(key=CLOCK_KEY, value=now.isoformat()).on_conflict_replace().execute()
            return touched

    # -- queries -------------------------------------------------------------------------
    def _query(self) -> Any:
        """Open-interview follow-ups with exactly the columns of a view, in ``_VIEW_ROW`` order.

        Read by :meth:`views` as plain rows; ``.objects()`` rows still suit :meth:`_view`.
        """
        F = m.FollowUp
        return (
            F.select(
                F.id,
                F.interview,
                F.kind,
                F.title,
                F.due_at,
                F.deadline_at,
                F.state,
                F.recipients,
                F.note,
                F.checklist,
                F.snoozed_until,
                F.notified_at,
                F.round,
                F.user_edited,
                m.Organization.name.alias("company"),
                m.Interview.role.alias("role"),
            )
            .join(m.Interview)
            .join(m.Organization, on=(m.Interview.employer == m.Organization.id))
            .where(m.Interview.archived == False)
        )

    def views(self, query: Any, now: datetime) -> list[FollowUpView]:
        """The rows of a :meth:`_query` (narrowed, ordered, limited) as views, in query order.

        Plain cursor rows converted here: peewee building a model object per row made
        ``due()`` over thousands of due follow-ups several times slower than the SQL itself
        (docs/performance.md).
        """
        sql, params = query.sql()
        cursor = m.database.execute_sql(sql, params)
        return [_view_from_row(row, now) for row in cursor.fetchall()]

    def _view(self, row: Any, now: datetime) -> FollowUpView:
        state = FollowUpState(row.state)
        return FollowUpView(
            id=row.id,
            interview_id=row.interview_id,
            company=row.company,
            role=row.role,
            kind=_kind(row.kind),
            title=row.title,
            due_at=row.due_at,
            deadline_at=row.deadline_at,
            state=state,
            display=display_state(state, row.due_at, row.deadline_at, row.snoozed_until, now),
            to=recipients_from_json(row.recipients, "to"),
            cc=recipients_from_json(row.recipients, "cc"),
            note=row.note,
            checklist=tuple(row.checklist or ()),
            snoozed_until=row.snoozed_until,
            notified_at=row.notified_at,
            round_id=row.round_id,
            user_edited=bool(row.user_edited),
        )

    def due(self, now: datetime | None = None) -> list[FollowUpView]:
        """Open follow-ups due at ``now`` (due or overdue), most urgent first."""
        now = now or self.ctx.now()
        F = m.FollowUp
        query = (
            self._query()
            .where(
                ((F.state == FollowUpState.PENDING.value) & (F.due_at <= now))
                | ((F.state == FollowUpState.SNOOZED.value) & (F.snoozed_until <= now))
            )
            # Stored times are fixed-width UTC text: SQL orders them as the datetimes sort
            # (deadline, then when it fell due: the snooze's end if snoozed, else due_at).
            .order_by(
                F.deadline_at,
                Case(F.state, [(FollowUpState.SNOOZED.value, F.snoozed_until)], F.due_at),
                F.id,
            )
        )
        return self.views(query, now)

    def upcoming(self, now: datetime | None = None, days: int = 14) -> list[FollowUpView]:
        """Open follow-ups that fall due within ``days`` (not yet due)."""
        now = now or self.ctx.now()
        until = now + timedelta(days=days)
        F = m.FollowUp
        query = self._query().where(
            ((F.state == FollowUpState.PENDING.value) & (F.due_at > now) & (F.due_at <= until))
            | (
                (F.state == FollowUpState.SNOOZED.value)
                & (F.snoozed_until > now)
                & (F.snoozed_until <= until)
            )
        )
        views = self.views(query, now)
        views.sort(key=lambda v: (v.effective_due_at, v.id))
        return views

    def for_interview(self, interview_id: int) -> list[FollowUpView]:
        now = self.ctx.now()
        query = self._query().where(m.FollowUp.interview == interview_id)
        views = self.views(query, now)
        views.sort(
            key=lambda v: (
                v.state in (FollowUpState.DONE, FollowUpState.DISMISSED),
                v.effective_due_at,
            )
        )
        return views

    def get(self, followup_id: int) -> FollowUpView:
        found = self.views(self._query().where(m.FollowUp.id == followup_id), self.ctx.now())
        if not found:
            raise NotFoundError("followup", "This follow-up no longer exists.")
        return found[0]

    def next_moment(self, now: datetime | None = None) -> datetime | None:
        """The next time something falls due or becomes overdue (for the reminder timer)."""
        now = now or self.ctx.now()
        F = m.FollowUp
        candidates: list[datetime] = []
        for column, condition in (
            (F.due_at, (F.state == FollowUpState.PENDING.value) & (F.due_at > now)),
            (F.snoozed_until, (F.state == FollowUpState.SNOOZED.value) & (F.snoozed_until > now)),
            (F.deadline_at, F.state.in_(OPEN_STATES) & (F.deadline_at > now)),
        ):
            text = (
                F.select(fn.MIN(column))
                .join(m.Interview)
                .where(condition & (m.Interview.archived == False))
                .scalar()
            )
            if text:
                candidates.append(_as_moment(text))
        R = m.Round
        for column in (R.starts_at, R.ends_at):
            text = (
                R.select(fn.MIN(column))
                .join(m.Interview)
                .where((column > now) & (m.Interview.archived == False))
                .scalar()
            )
            if text:
                candidates.append(_as_moment(text))
        return min(candidates) if candidates else None

    # -- actions -------------------------------------------------------------------------
    def _row(self, followup_id: int) -> m.FollowUp:
        row = m.FollowUp.get_or_none(m.FollowUp.id == followup_id)
        if row is None:
            raise NotFoundError("followup", "This follow-up no longer exists.")
        return row

    def _finish(self, followup_id: int, state: FollowUpState, kind: ActivityKind) -> None:
        with self.ctx.transaction() as changes:
            row = self._row(followup_id)
            now = self.ctx.now()
            m.FollowUp.update(
                state=state.value,
                done_at=now if state is FollowUpState.DONE else None,
                snoozed_until=None,
            ).where(m.FollowUp.id == followup_id).execute()
            verb = "Done" if state is FollowUpState.DONE else "Dismissed"
            log(
                kind,
                f"{verb}: {row.title}",
                interview_id=row.interview_id,
                data={"followup_id": followup_id, "rule_key": row.rule_key},
            )
            changes.followups = True
            changes.interviews.add(row.interview_id)

    def mark_done(self, followup_id: int) -> None:
        self._finish(followup_id, FollowUpState.DONE, ActivityKind.FOLLOWUP_DONE)

    def dismiss(self, followup_id: int) -> None:
        self._finish(followup_id, FollowUpState.DISMISSED, ActivityKind.FOLLOWUP_DISMISSED)

    def reopen(self, followup_id: int) -> None:
        """Undo of done / dismiss: back to pending."""
        with self.ctx.transaction() as changes:
            row = self._row(followup_id)
            m.FollowUp.update(
                state=FollowUpState.PENDING.value, done_at=None, snoozed_until=None
            ).where(m.FollowUp.id == followup_id).execute()
            log(
                ActivityKind.FOLLOWUP_REOPENED,
                f"Reopened: {row.title}",
                interview_id=row.interview_id,
                data={"followup_id": followup_id},
            )
            changes.followups = True
            changes.interviews.add(row.interview_id)

    def snooze(self, followup_id: int, until: datetime) -> None:
        until = check.moment(until, "snoozed_until", "Snooze until")
        with self.ctx.transaction() as changes:
            row = self._row(followup_id)
            if until <= self.ctx.now():
                raise ValidationError("snoozed_until", "Snooze until must be in the future.")
            m.FollowUp.update(
                state=FollowUpState.SNOOZED.value, snoozed_until=until, notified_at=None
            ).where(m.FollowUp.id == followup_id).execute()
            local = until.astimezone(self.ctx.tz).strftime("%a %d %b %H:%M")
            log(
                ActivityKind.FOLLOWUP_SNOOZED,
                f"Snoozed until {local}: {row.title}",
                interview_id=row.interview_id,
                data={"followup_id": followup_id, "until": until.isoformat()},
            )
            changes.followups = True
            changes.interviews.add(row.interview_id)

    def edit(
        self,
        followup_id: int,
        *,
        title: str | None = None,
        due_at: datetime | None = None,
        deadline_at: datetime | None = None,
    ) -> None:
        """The user's own edit of a follow-up: the rules will not overwrite it."""
        with self.ctx.transaction() as changes:
            row = self._row(followup_id)
            fields: dict[str, Any] = {"user_edited": True}
            if title is not None:
                fields["title"] = check.text(title, "title", "Title", required=True)
            if due_at is not None:
                fields["due_at"] = check.moment(due_at, "due_at", "Due")
                fields["notified_at"] = None
            if deadline_at is not None:
                fields["deadline_at"] = check.moment(deadline_at, "deadline_at", "Deadline")
            new_due = fields.get("due_at", row.due_at)
            new_deadline = fields.get("deadline_at", row.deadline_at)
            if new_deadline < new_due:
                if deadline_at is None:
                    fields["deadline_at"] = new_due
                else:
                    raise ValidationError(
                        "deadline_at", "The deadline cannot be before the due time."
                    )
            m.FollowUp.update(**fields).where(m.FollowUp.id == followup_id).execute()
            log(
                ActivityKind.FOLLOWUP_EDITED,
                f"Edited follow-up: {fields.get('title', row.title)}",
                interview_id=row.interview_id,
                data={"followup_id": followup_id},
            )
            changes.followups = True
            changes.interviews.add(row.interview_id)

    def add_custom(self, interview_id: int, title: str, due_at: datetime) -> int:
        """A follow-up the user adds by hand (the rules never touch it)."""
        title = check.text(title, "title", "Title", required=True)
        due_at = check.moment(due_at, "due_at", "Due")
        with self.ctx.transaction() as changes:
            if m.Interview.get_or_none(m.Interview.id == interview_id) is None:
                raise NotFoundError("interview", "This interview no longer exists.")
            # Unique whatever the clock and the row count do (both can repeat).
            key = f"manual:{self.ctx.now().timestamp():.0f}:{uuid.uuid4().hex[:12]}"
            fid = int(
                m.FollowUp.insert(
                    interview=interview_id,
                    kind=FollowUpKind.CUSTOM.value,
                    rule_key=key,
                    title=title,
                    due_at=due_at,
                    deadline_at=due_at + timedelta(days=1),
                    user_edited=True,
                ).execute()
            )
            log(
                ActivityKind.FOLLOWUP_EDITED,
                f"Added follow-up: {title}",
                interview_id=interview_id,
                data={"followup_id": fid},
            )
            changes.followups = True
            changes.interviews.add(interview_id)
            return fid

    def mark_notified(self, followup_ids: Iterable[int], at: datetime | None = None) -> None:
        """Remember that these were announced, so nobody is told twice."""
        ids = list(followup_ids)
        if not ids:
            return
        at = at or self.ctx.now()
        with self.ctx.transaction():
            for batch in chunks(ids):
                m.FollowUp.update(notified_at=at).where(m.FollowUp.id.in_(batch)).execute()


def _as_moment(value: datetime | str) -> datetime:
    # fn.MIN(column) is converted by the column's own field: a datetime, not text.
    return value if isinstance(value, datetime) else from_utc_text(value)


def _stored_rows(interview_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """The stored follow-ups of these interviews, for the rules to reconcile with.

    A fixed statement: this runs on every move and edit of a card, and peewee building the
    query and a model object per row cost more than SQLite running it.
    """
    return select(
        'SELECT "interview_id", "id", "rule_key", "kind", "state", "user_edited", "title", '
        '"due_at", "deadline_at", "recipients", "round_id", "promise_id", "note" '
        f'FROM "follow_up" WHERE "interview_id" IN ({marks(interview_ids)}) ORDER BY "id"',
        interview_ids,
    )


def _stored(row: tuple[Any, ...]) -> StoredFollowUp:
    """A row of :func:`_stored_rows` as the rules compare it."""
    (_, id_, rule_key, kind, state, edited, title, due_at, deadline_at, recipients) = row[:10]
    parsed = m.FollowUp.recipients.python_value(recipients)
    return StoredFollowUp(
        id=id_,
        rule_key=rule_key,
        kind=_kind(kind),
        state=FollowUpState(state),
        user_edited=bool(edited),
        title=title,
        due_at=from_utc_text(due_at),
        deadline_at=from_utc_text(deadline_at),
        to=recipients_from_json(parsed, "to"),
        cc=recipients_from_json(parsed, "cc"),
        round_id=row[10],
        promise_id=row[11],
        note=row[12],
    )


def _derived_fields(d: DerivedFollowUp) -> dict[str, Any]:
    return {
        "kind": d.kind.value,
        "rule_key": d.rule_key,
        "title": d.title,
        "due_at": d.due_at,
        "deadline_at": d.deadline_at,
        "recipients": recipients_to_json(d.to, d.cc),
        "round": d.round_id,
        "promise": d.promise_id,
        "note": d.note,
        "checklist": list(d.checklist),
    }
