"""Reads interview histories out of the store for the Insights view and the job-search report.

Read-only: nothing here writes, so no transaction and no announcement. The figures themselves
are computed in ``core/insights.py`` and ``core/report.py`` from the plain histories returned
by :meth:`InsightsService.histories`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from followup_desktop.core.facts import FollowUpKind, FollowUpState
from followup_desktop.core.history import (
    FollowUpRecord,
    InterviewHistory,
    Period,
    Reply,
    RoundHeld,
    SentMessage,
    StageChange,
    StageRef,
)
from followup_desktop.core.insights import Insights, compute
from followup_desktop.core.report import JobSearchReport, build_report
from followup_desktop.core.stages import meaning_of
from followup_desktop.services.activity import ActivityKind
from followup_desktop.store import models as m

if TYPE_CHECKING:
    from followup_desktop.services import Services

_HISTORY_KINDS = (
    ActivityKind.STAGE_CHANGED.value,
    ActivityKind.MESSAGE_SENT.value,
    ActivityKind.REPLY_RECEIVED.value,
)


def person_text(value: Any) -> str:
    """One recipient as logged by compose (``{"name", "email"}``) or as plain text."""
    if isinstance(value, dict):
        name = str(value.get("name") or "").strip()
        email = str(value.get("email") or "").strip()
        if name and email:
            return f"{name} <{email}>"
        return name or email
    return str(value or "").strip()


def people_text(value: Any) -> tuple[str, ...]:
    """Recipients (a list, one recipient or a text) as display strings, blanks left out."""
    items = value if isinstance(value, list | tuple) else [value]
    return tuple(t for t in (person_text(v) for v in items) if t)


def _reverses(move: StageChange, earlier: StageChange) -> bool:
    return (
        move.from_stage.key == earlier.to_stage.key and move.to_stage.key == earlier.from_stage.key
    )


def _with_title(name: str, title: str) -> str:
    return f"{name} ({title})" if title else name


def _utc(text: str | None) -> Any:
    """A stored UTC time (``YYYY-MM-DD HH:MM:SS``) as an aware datetime; None stays None."""
    # 20x faster than the field's strptime: it matters when reading every activity at once.
    return None if text is None else datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)


def _raw(query: Any) -> Any:
    """The query's rows as SQLite returns them (text times, JSON text), skipping peewee's
    per-value conversion, which costs more than the whole computation at 10,000 interviews."""
    return m.database.execute(query)


def _json(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _kind(value: str) -> FollowUpKind:
    try:
        return FollowUpKind(value)
    except ValueError:
        return FollowUpKind.CUSTOM


def _state(value: str) -> FollowUpState:
    try:
        return FollowUpState(value)
    except ValueError:
        return FollowUpState.PENDING


class InsightsService:
    """Histories, insights and reports over the open store."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.ctx = services.ctx

    # -- the board ----------------------------------------------------------------------
    def board(self) -> list[StageRef]:
        """Every stage (hidden ones too), in board order."""
        return [
            StageRef(s.key, meaning_of(s.meaning), s.label)
            for s in m.Stage.select().order_by(m.Stage.position, m.Stage.id)
        ]

    def hidden_stages(self) -> set[str]:
        return {s.key for s in m.Stage.select(m.Stage.key).where(m.Stage.hidden == True)}

    # -- histories ----------------------------------------------------------------------
    def histories(self, interview_ids: Iterable[int] | None = None) -> list[InterviewHistory]:
        """The history of every interview (archived ones too), or of the given ones."""
        stage_rows = list(m.Stage.select())
        by_key = {s.key: StageRef(s.key, meaning_of(s.meaning), s.label) for s in stage_rows}
        by_id = {s.id: by_key[s.key] for s in stage_rows}

        def stage(key: Any) -> StageRef:
            text = str(key or "")
            return by_key.get(text) or StageRef(text, meaning_of("custom"), text or "?")

        wanted = None if interview_ids is None else set(interview_ids)
        employer = m.Organization.alias()
        agency = m.Organization.alias()
        query = (
            m.Interview.select(
                m.Interview.id,
                m.Interview.role,
                m.Interview.created_at,
                m.Interview.stage,
                m.Interview.archived,
                m.Interview.location,
                m.Interview.posting_url,
                employer.id,
                employer.name,
                agency.name,
            )
            .join(employer, on=(m.Interview.employer == employer.id))
            .switch(m.Interview)
            .join(agency, m.JOIN.LEFT_OUTER, on=(m.Interview.agency == agency.id))
            .order_by(m.Interview.id)
        )
        if wanted is not None:
            query = query.where(m.Interview.id.in_(sorted(wanted)))
        rows = list(_raw(query))

        changes: dict[int, list[StageChange]] = defaultdict(list)
        messages: dict[int, list[SentMessage]] = defaultdict(list)
        replies: dict[int, list[Reply]] = defaultdict(list)
        A = m.Activity
        activity = (
            A.select(A.interview, A.kind, A.at, A.summary, A.data)
            .where(A.kind.in_(_HISTORY_KINDS) & A.interview.is_null(False))
            .order_by(A.at, A.id)
        )
        for iid, kind, at_text, summary, data_text in _raw(activity):
            if wanted is not None and iid not in wanted:
                continue
            at = _utc(at_text)
            data = _json(data_text)
            if kind == ActivityKind.STAGE_CHANGED.value:
                move = StageChange(at, stage(data.get("from")), stage(data.get("to")))
                moves = changes[iid]
                if data.get("undo") and moves and _reverses(move, moves[-1]):
                    moves.pop()  # an undone move did not happen: it reached nothing
                else:
                    moves.append(move)
            elif kind == ActivityKind.MESSAGE_SENT.value:
                messages[iid].append(
                    SentMessage(
                        at=at,
                        kind=_kind(str(data.get("kind") or "custom")).value,
                        to=people_text(data.get("to", [])),
                        cc=people_text(data.get("cc", [])),
                        subject=str(data.get("subject") or ""),
                        summary=summary or "",
                    )
                )
            else:
                replies[iid].append(Reply(at, summary or ""))

        interviewers: dict[int, list[str]] = defaultdict(list)
        RI, C = m.RoundInterviewer, m.Contact
        for rid, name, title in _raw(
            RI.select(RI.round, C.name, C.job_title).join(C).order_by(C.name)
        ):
            interviewers[rid].append(_with_title(name, title))
        rounds: dict[int, list[RoundHeld]] = defaultdict(list)
        R = m.Round
        for rid, iid, kind, starts, ends in _raw(
            R.select(R.id, R.interview, R.kind, R.starts_at, R.ends_at).order_by(R.starts_at)
        ):
            rounds[iid].append(RoundHeld(_utc(starts), _utc(ends), kind, tuple(interviewers[rid])))

        followups: dict[int, list[FollowUpRecord]] = defaultdict(list)
        F = m.FollowUp
        query_f = F.select(
            F.interview, F.kind, F.title, F.state, F.due_at, F.deadline_at, F.done_at
        )
        for iid, kind, title, state, due, deadline, done in _raw(query_f):
            followups[iid].append(
                FollowUpRecord(
                    _kind(kind), title, _state(state), _utc(due), _utc(deadline), _utc(done)
                )
            )

        out = []
        for iid, role, created, stage_id, archived, loc, url, emp_id, emp, agency_name in rows:
            moves = changes[iid]
            current = by_id.get(stage_id) or stage(None)
            out.append(
                InterviewHistory(
                    id=iid,
                    company=emp,
                    role=role,
                    created_at=_utc(created),
                    first_stage=moves[0].from_stage if moves else current,
                    current_stage=current,
                    employer_id=emp_id,
                    agency=agency_name or "",
                    location=loc or "",
                    posting_url=url or "",
                    archived=bool(archived),
                    stage_changes=tuple(moves),
                    messages=tuple(messages[iid]),
                    replies=tuple(replies[iid]),
                    rounds=tuple(rounds[iid]),
                    followups=tuple(followups[iid]),
                )
            )
        return out

    # -- figures ------------------------------------------------------------------------
    def period(self, first: date | None, last: date | None) -> Period:
        """The user's local days ``first`` to ``last`` (both included; None: open)."""
        return Period.from_dates(first, last, self.ctx.tz)

    def insights(self, first: date | None, last: date | None) -> Insights:
        """Every figure of the Insights view for the local days ``first`` to ``last``."""
        return compute(
            self.histories(),
            self.board(),
            self.period(first, last),
            self.ctx.now(),
            self.services.settings.rules().max_chases,
            self.hidden_stages(),
        )

    def report(self, first: date | None, last: date | None) -> JobSearchReport:
        """The job-search report for the local days ``first`` to ``last``."""
        return build_report(self.histories(), self.period(first, last), self.ctx.now())

    def candidate_name(self) -> str:
        """The user's name from their profile, for the report's heading."""
        return self.services.settings.profile().name

    def first_day(self) -> date | None:
        """The local date of the oldest interview (for "all time"), or None with no data."""
        row = m.Interview.select(m.Interview.created_at).order_by(m.Interview.created_at).first()
        return row.created_at.astimezone(self.ctx.tz).date() if row is not None else None
