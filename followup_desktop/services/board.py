"""The board: interviews (cards) and their stages; moving cards is in ``moves.py``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import fn

from followup_desktop.core import validation as check
from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.core.stages import StageMeaning, meaning_of
from followup_desktop.services import organizations
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.context import ServiceContext
from followup_desktop.services.followups import FollowUpService
from followup_desktop.services.moves import CardMoves, find_stage
from followup_desktop.store import models as m
from followup_desktop.store import places

#: The card fields a user edits, in the order the interview editor shows them.
CARD_FIELDS = (
    "company",
    "role",
    "agency",
    "posting_url",
    "location",
    "salary_notes",
    "notes",
    "next_steps",
    "reply_expected_by",
)
EDITABLE_FIELDS = frozenset(CARD_FIELDS)


@dataclass(frozen=True, slots=True)
class StageInfo:
    key: str
    meaning: StageMeaning
    label: str
    position: int
    hidden: bool
    color: str


@dataclass(frozen=True, slots=True)
class InterviewDetails:
    id: int
    company: str
    employer_id: int
    agency: str | None
    agency_id: int | None
    role: str
    stage_key: str
    position: int | None
    posting_url: str
    location: str
    salary_notes: str
    notes: str
    next_steps: str
    reply_expected_by: date | None
    archived: bool
    created_at: datetime
    updated_at: datetime
    stage_entered_at: datetime
    last_reply_at: datetime | None


def _stage_info(s: m.Stage) -> StageInfo:
    return StageInfo(s.key, meaning_of(s.meaning), s.label, s.position, bool(s.hidden), s.color)


class BoardService(CardMoves):
    """Stages, reading cards, creating and editing them; moving them comes from
    :class:`~followup_desktop.services.moves.CardMoves`."""

    def __init__(self, ctx: ServiceContext, followups: FollowUpService) -> None:
        self.ctx = ctx
        self.followups = followups

    # -- stages --------------------------------------------------------------------------
    def stages(self, *, include_hidden: bool = True) -> list[StageInfo]:
        query = m.Stage.select().order_by(m.Stage.position)
        if not include_hidden:
            query = query.where(m.Stage.hidden == False)
        return [_stage_info(s) for s in query]

    def rename_stage(self, key: str, label: str) -> None:
        label = check.text(label, "label", "Stage name", required=True, max_length=60)
        with self.ctx.transaction() as changes:
            stage = find_stage(key)
            stage.label = label
            stage.save()
            changes.stages = True

    def set_stage_hidden(self, key: str, hidden: bool) -> None:
        with self.ctx.transaction() as changes:
            stage = find_stage(key)
            if hidden and m.Stage.select().where(m.Stage.hidden == False).count() <= 1:
                raise ValidationError("hidden", "At least one stage must stay visible.")
            stage.hidden = hidden
            stage.save()
            changes.stages = True

    def reorder_stages(self, keys: Sequence[str]) -> None:
        with self.ctx.transaction() as changes:
            existing = {s.key for s in m.Stage.select(m.Stage.key)}
            if sorted(keys) != sorted(existing):
                raise ValidationError("stages", "The new order must list every stage once.")
            for position, key in enumerate(keys):
                m.Stage.update(position=position).where(m.Stage.key == key).execute()
            changes.stages = True

    def add_stage(self, label: str, color: str = "#64748b") -> str:
        label = check.text(label, "label", "Stage name", required=True, max_length=60)
        with self.ctx.transaction() as changes:
            n = 1
            while m.Stage.get_or_none(m.Stage.key == f"custom-{n}") is not None:
                n += 1
            key = f"custom-{n}"
            last = m.Stage.select(fn.MAX(m.Stage.position)).scalar() or 0
            m.Stage.create(
                key=key,
                meaning=StageMeaning.CUSTOM.value,
                label=label,
                position=last + 1,
                color=color,
            )
            changes.stages = True
            return key

    # -- reading -------------------------------------------------------------------------
    def column_ids(self, stage_key: str) -> list[int]:
        """The ids of a column's cards, in order (the board model holds only these)."""
        stage = find_stage(stage_key)
        return [
            row[0]
            for row in m.Interview.select(m.Interview.id)
            .where((m.Interview.stage == stage.id) & (m.Interview.archived == False))
            .order_by(m.Interview.position, m.Interview.id)
            .tuples()
        ]

    def archived_ids(self) -> list[int]:
        return [
            row[0]
            for row in m.Interview.select(m.Interview.id)
            .where(m.Interview.archived == True)
            .order_by(m.Interview.updated_at.desc())
            .tuples()
        ]

    def get(self, interview_id: int) -> InterviewDetails:
        Employer = m.Organization.alias()
        Agency = m.Organization.alias()
        row = (
            m.Interview.select(
                m.Interview,
                Employer.name.alias("company"),
                Agency.name.alias("agency_name"),
                m.Stage.key.alias("stage_key"),
            )
            .join(Employer, on=(m.Interview.employer == Employer.id))
            .switch(m.Interview)
            .join(Agency, m.JOIN.LEFT_OUTER, on=(m.Interview.agency == Agency.id))
            .switch(m.Interview)
            .join(m.Stage)
            .where(m.Interview.id == interview_id)
            .objects()
            .first()
        )
        if row is None:
            raise NotFoundError("interview", "This interview no longer exists.")
        return InterviewDetails(
            id=row.id,
            company=row.company,
            employer_id=row.employer_id,
            agency=row.agency_name,
            agency_id=row.agency_id,
            role=row.role,
            stage_key=row.stage_key,
            position=places.row_of(row.id, row.stage_id, None if row.archived else row.position),
            posting_url=row.posting_url,
            location=row.location,
            salary_notes=row.salary_notes,
            notes=row.notes,
            next_steps=row.next_steps,
            reply_expected_by=row.reply_expected_by,
            archived=bool(row.archived),
            created_at=row.created_at,
            updated_at=row.updated_at,
            stage_entered_at=row.stage_entered_at,
            last_reply_at=row.last_reply_at,
        )

    def interviews_at(self, company: str) -> list[InterviewDetails]:
        """Every interview (archived too) at a company of that name: "did I apply there?"."""
        org = (
            m.Organization.select()
            .where(fn.lower(m.Organization.name) == company.strip().lower())
            .first()
        )
        if org is None:
            return []
        ids = [i.id for i in m.Interview.select(m.Interview.id).where(m.Interview.employer == org)]
        return [self.get(i) for i in ids]

    # -- creating and editing ------------------------------------------------------------
    def _clean(self, fields: dict[str, Any]) -> dict[str, Any]:
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            name = sorted(unknown)[0]
            raise ValidationError(name, f"Unknown field “{name}”.")
        out: dict[str, Any] = {}
        if "company" in fields:
            out["company"] = check.text(fields["company"], "company", "Company", required=True)
        if "role" in fields:
            out["role"] = check.text(fields["role"], "role", "Role", required=True)
        if "agency" in fields:
            agency = check.text(fields["agency"], "agency", "Agency")
            out["agency"] = agency or None
        if "posting_url" in fields:
            out["posting_url"] = check.url(fields["posting_url"], "posting_url", "Job posting URL")
        if "location" in fields:
            out["location"] = check.text(fields["location"], "location", "Location")
        for name, label in (
            ("salary_notes", "Salary notes"),
            ("notes", "Notes"),
            ("next_steps", "Next steps"),
        ):
            if name in fields:
                out[name] = check.text(fields[name], name, label, multiline=True)
        if "reply_expected_by" in fields:
            out["reply_expected_by"] = check.day(
                fields["reply_expected_by"], "reply_expected_by", "Reply expected by"
            )
        return out

    def create_interview(
        self,
        company: str,
        role: str,
        stage_key: str = "applied",
        *,
        position: int | None = None,
        **details: Any,
    ) -> int:
        """A new card; at the end of its column unless ``position`` is given."""
        fields = self._clean({"company": company, "role": role, **details})
        with self.ctx.transaction() as changes:
            stage = find_stage(stage_key)
            employer = organizations.find_or_create(fields.pop("company"), "employer", "company")
            agency_name = fields.pop("agency", None)
            agency = (
                organizations.find_or_create(agency_name, "agency", "agency")
                if agency_name
                else None
            )
            now = self.ctx.now()
            interview_id = int(
                m.Interview.insert(
                    employer=employer.id,
                    agency=agency.id if agency else None,
                    stage=stage.id,
                    position=None,
                    stage_entered_at=now,
                    created_at=now,
                    updated_at=now,
                    **fields,
                ).execute()
            )
            places.put(stage.id, None if position is None else max(0, position), [interview_id])
            log(
                ActivityKind.CREATED,
                f"Added {employer.name} — {fields['role']} to {stage.label}",
                interview_id=interview_id,
                organization_id=employer.id,
                at=now,
            )
            self.followups.rederive([interview_id], changes)
            changes.interviews.add(interview_id)
            changes.columns.add(stage.key)
            return interview_id

    def update_interview(self, interview_id: int, **fields: Any) -> dict[str, Any]:
        """Edit card fields; returns the previous values of what changed (for undo)."""
        cleaned = self._clean(fields)
        with self.ctx.transaction() as changes:
            current = self.get(interview_id)
            before: dict[str, Any] = {}
            update: dict[str, Any] = {}
            rederive_employers = {current.employer_id}
            if "company" in cleaned and cleaned["company"] != current.company:
                org = organizations.find_or_create(cleaned["company"], "employer", "company")
                before["company"] = current.company
                update["employer"] = org.id
                rederive_employers.add(org.id)
            if "agency" in cleaned and cleaned["agency"] != current.agency:
                agency = cleaned["agency"]
                before["agency"] = current.agency
                update["agency"] = (
                    organizations.find_or_create(agency, "agency", "agency").id if agency else None
                )
            for name in EDITABLE_FIELDS - {"company", "agency"}:
                if name in cleaned and cleaned[name] != getattr(current, name):
                    before[name] = getattr(current, name)
                    update[name] = cleaned[name]
            if not update:
                return {}
            update["updated_at"] = self.ctx.now()
            m.Interview.update(**update).where(m.Interview.id == interview_id).execute()
            names = ", ".join(sorted(before))
            log(
                ActivityKind.EDITED,
                f"Edited {names}",
                interview_id=interview_id,
                data={"fields": sorted(before)},
            )
            from followup_desktop.store.facts import interviews_of_employers

            self.followups.rederive(
                {interview_id, *interviews_of_employers(rederive_employers)}, changes
            )
            changes.interviews.add(interview_id)
            return before

    def add_note(self, interview_id: int, text: str) -> int:
        text = check.text(text, "note", "Note", required=True, multiline=True)
        with self.ctx.transaction() as changes:
            self.get(interview_id)
            activity = log(ActivityKind.NOTE, text, interview_id=interview_id)
            changes.interviews.add(interview_id)
            return activity

    def log_reply(self, interview_id: int, at: datetime | None = None, summary: str = "") -> None:
        """The company answered: chases start counting again (rule 7)."""
        at = check.moment(at or self.ctx.now(), "at", "Reply time")
        summary = check.text(summary, "summary", "Summary", multiline=True)
        with self.ctx.transaction() as changes:
            details = self.get(interview_id)
            m.Interview.update(last_reply_at=at).where(m.Interview.id == interview_id).execute()
            log(
                ActivityKind.REPLY_RECEIVED,
                summary or f"{details.company} replied",
                interview_id=interview_id,
                organization_id=details.employer_id,
                at=at,
            )
            self.followups.rederive([interview_id], changes)
            changes.interviews.add(interview_id)
