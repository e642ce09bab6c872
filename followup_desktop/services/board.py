"""The board: interviews (cards), their stages and their order in each column."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from peewee import fn

from followup_desktop.core import validation as check
from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.core.stages import StageMeaning, meaning_of
from followup_desktop.services import organizations
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.context import Moved, ServiceContext
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import models as m
from followup_desktop.store import places
from followup_desktop.store.facts import chunks
from followup_desktop.store.fields import from_utc_text

#: Moving into these stages means the company answered (resets the chase count, rule 7).
ANSWER_STAGES = frozenset(
    {StageMeaning.NEXT_ROUND, StageMeaning.OFFER, StageMeaning.ACCEPTED, StageMeaning.NOT_THIS_TIME}
)

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
class Placement:
    """Where a card was: enough to put it back (undo)."""

    interview_id: int
    stage_key: str
    position: int
    stage_entered_at: datetime
    last_reply_at: datetime | None


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


_STAGE_COLUMNS = ("id", "key", "meaning", "label", "position", "hidden", "color")


class _CardPlace(NamedTuple):
    """Where a card is: what moves, archives and their undo read and write."""

    id: int
    stage_id: int
    position: int | None
    archived: bool
    stage_entered_at: datetime
    last_reply_at: datetime | None
    stage_key: str


def _stage_info(s: m.Stage) -> StageInfo:
    return StageInfo(s.key, meaning_of(s.meaning), s.label, s.position, bool(s.hidden), s.color)


class BoardService:
    def __init__(self, ctx: ServiceContext, followups: FollowUpService) -> None:
        self.ctx = ctx
        self.followups = followups

    # -- stages --------------------------------------------------------------------------
    def stages(self, *, include_hidden: bool = True) -> list[StageInfo]:
        query = m.Stage.select().order_by(m.Stage.position)
        if not include_hidden:
            query = query.where(m.Stage.hidden == False)
        return [_stage_info(s) for s in query]

    def _stage(self, key: str, field: str = "stage") -> m.Stage:
        # A plain statement: every move asks, and peewee building it cost more than running it.
        row = m.database.execute_sql(
            'SELECT "id", "key", "meaning", "label", "position", "hidden", "color" '
            'FROM "stage" WHERE "key" = ?',
            (key,),
        ).fetchone()
        if row is None:
            raise ValidationError(field, f"Unknown stage “{key}”.")
        return m.Stage(**dict(zip(_STAGE_COLUMNS, row, strict=True)))

    def rename_stage(self, key: str, label: str) -> None:
        label = check.text(label, "label", "Stage name", required=True, max_length=60)
        with self.ctx.transaction() as changes:
            stage = self._stage(key)
            stage.label = label
            stage.save()
            changes.stages = True

    def set_stage_hidden(self, key: str, hidden: bool) -> None:
        with self.ctx.transaction() as changes:
            stage = self._stage(key)
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
        stage = self._stage(stage_key)
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
            stage = self._stage(stage_key)
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

    # -- moving --------------------------------------------------------------------------
    def _live_rows(self, ids: Sequence[int], field: str = "interviews") -> list[_CardPlace]:
        rows: list[_CardPlace] = []
        wanted = list(dict.fromkeys(ids))
        for batch in chunks(wanted):
            marks = ", ".join("?" * len(batch))
            rows += [
                _CardPlace(
                    iid,
                    stage_id,
                    position,
                    bool(archived),
                    from_utc_text(entered),
                    None if replied is None else from_utc_text(replied),
                    key,
                )
                for iid, stage_id, position, archived, entered, replied, key in (
                    m.database.execute_sql(
                        'SELECT i."id", i."stage_id", i."position", i."archived", '
                        'i."stage_entered_at", i."last_reply_at", s."key" FROM "interview" AS i '
                        f'JOIN "stage" AS s ON s."id" = i."stage_id" WHERE i."id" IN ({marks})',
                        batch,
                    ).fetchall()
                )
            ]
        if len(rows) != len(wanted):
            raise NotFoundError(field, "One of these interviews no longer exists.")
        return rows

    @staticmethod
    def _placement(row: _CardPlace) -> Placement:
        """Where a card is now: its stage and its row in that column."""
        place = places.row_of(row.id, row.stage_id, None if row.archived else row.position)
        return Placement(row.id, row.stage_key, place or 0, row.stage_entered_at, row.last_reply_at)

    def move(
        self, interview_ids: Sequence[int], stage_key: str, position: int | None = None
    ) -> list[Placement]:
        """Move cards, in the given order, to ``stage_key`` at ``position``.

        ``position`` is the row in the target column as shown *before* the move (a drop
        row); ``None`` means the end. Returns where the cards were, for undo. Only the moved
        cards are written (see :mod:`followup_desktop.store.places`).
        """
        ids = list(dict.fromkeys(interview_ids))
        if not ids:
            return []
        with self.ctx.transaction() as changes:
            target = self._stage(stage_key)
            rows = self._live_rows(ids)
            if any(r.archived for r in rows):
                raise ValidationError("interviews", "Archived interviews cannot be moved.")
            by_id = {r.id: r for r in rows}
            before = [self._placement(by_id[i]) for i in ids]
            pos = None if position is None else max(0, position)
            if pos is not None:
                # Cards moved from above the drop row in the same column shift the row up.
                pos -= sum(1 for p in before if p.stage_key == target.key and p.position < pos)
            places.take_out(ids)
            now = self.ctx.now()
            changed_stage: list[int] = []
            target_meaning = meaning_of(target.meaning)
            for interview_id in ids:
                row = by_id[interview_id]
                if row.stage_id == target.id:
                    continue
                fields: dict[str, Any] = {
                    "stage": target.id,
                    "stage_entered_at": now,
                    "updated_at": now,
                }
                if target_meaning in ANSWER_STAGES:
                    fields["last_reply_at"] = now
                changed_stage.append(interview_id)
                changes.columns.add(row.stage_key)
                m.Interview.update(**fields).where(m.Interview.id == interview_id).execute()
            places.put(target.id, pos, ids)
            labels: dict[str, str] = (
                {s.key: s.label for s in m.Stage.select(m.Stage.key, m.Stage.label)}
                if changed_stage
                else {}
            )
            for interview_id in changed_stage:
                old = by_id[interview_id].stage_key
                log(
                    ActivityKind.STAGE_CHANGED,
                    f"Moved from {labels.get(old, old)} to {target.label}",
                    interview_id=interview_id,
                    data={"from": old, "to": target.key},
                    at=now,
                )
            self.followups.rederive(changed_stage, changes)
            changes.columns.add(target.key)
            changes.interviews.update(ids)
            if not self.ctx.nested:
                # The board applies this instead of re-reading both columns (3,000 ids).
                changes.moved = Moved(tuple(ids), target.key, pos)
            return before

    def restore_placements(self, placements: Iterable[Placement]) -> None:
        """Put cards back exactly where they were (undo of a move)."""
        items = sorted(placements, key=lambda p: (p.stage_key, p.position))
        if not items:
            return
        with self.ctx.transaction() as changes:
            # Take every card out first, then put each back at its old row, lowest first.
            # (Moving them one by one read each row as a drop row: a card that had moved
            # up its own column came back one row too high.)
            rows = self._live_rows([p.interview_id for p in items])
            if any(r.archived for r in rows):
                raise ValidationError("interviews", "Archived interviews cannot be moved.")
            by_id = {r.id: r for r in rows}
            places.take_out(list(by_id))
            labels = {s.key: s.label for s in m.Stage.select(m.Stage.key, m.Stage.label)}
            now = self.ctx.now()
            for p in items:
                stage = self._stage(p.stage_key)
                fields: dict[str, Any] = {
                    "stage": stage.id,
                    "stage_entered_at": p.stage_entered_at,
                    "last_reply_at": p.last_reply_at,
                }
                old = by_id[p.interview_id].stage_key
                if old != p.stage_key:
                    fields["updated_at"] = now
                    log(
                        ActivityKind.STAGE_CHANGED,
                        f"Moved back from {labels.get(old, old)} to {stage.label}",
                        interview_id=p.interview_id,
                        data={"from": old, "to": stage.key, "undo": True},
                        at=now,
                    )
                m.Interview.update(**fields).where(m.Interview.id == p.interview_id).execute()
                places.put(stage.id, max(0, p.position), [p.interview_id])
                changes.columns.update({old, p.stage_key})
            self.followups.rederive([p.interview_id for p in items], changes)
            changes.interviews.update(p.interview_id for p in items)

    # -- archive, restore, delete ----------------------------------------------------------
    def archive(self, interview_ids: Sequence[int]) -> list[Placement]:
        ids = list(dict.fromkeys(interview_ids))
        with self.ctx.transaction() as changes:
            rows = [r for r in self._live_rows(ids) if not r.archived]
            before = [self._placement(r) for r in rows]
            places.take_out([r.id for r in rows])
            now = self.ctx.now()
            for r in rows:
                m.Interview.update(archived=True, updated_at=now).where(
                    m.Interview.id == r.id
                ).execute()
                log(ActivityKind.ARCHIVED, "Archived", interview_id=r.id)
                changes.columns.add(r.stage_key)
            changes.interviews.update(r.id for r in rows)
            changes.followups = True
            return before

    def restore(self, interview_ids: Sequence[int], placements: Sequence[Placement] = ()) -> None:
        """Bring archived cards back: to ``placements`` when given, else their column's end."""
        ids = list(dict.fromkeys(interview_ids))
        where = {p.interview_id: p for p in placements}
        with self.ctx.transaction() as changes:
            rows = [r for r in self._live_rows(ids) if r.archived]
            rows.sort(key=lambda r: where[r.id].position if r.id in where else 1 << 30)
            now = self.ctx.now()
            for r in rows:
                place = where.get(r.id)
                m.Interview.update(archived=False, updated_at=now).where(
                    m.Interview.id == r.id
                ).execute()
                places.put(r.stage_id, None if place is None else max(0, place.position), [r.id])
                log(ActivityKind.RESTORED, "Restored from the archive", interview_id=r.id)
                changes.columns.add(r.stage_key)
            self.followups.rederive([r.id for r in rows], changes)
            changes.interviews.update(r.id for r in rows)
            changes.followups = True

    def delete(self, interview_ids: Sequence[int]) -> None:
        """Delete cards for good, with their rounds, follow-ups and timeline."""
        ids = list(dict.fromkeys(interview_ids))
        with self.ctx.transaction() as changes:
            rows = self._live_rows(ids)
            employers = {
                e
                for (e,) in m.Interview.select(m.Interview.employer)
                .where(m.Interview.id.in_(ids))
                .tuples()
            }
            for batch in chunks(ids):
                m.Interview.delete().where(m.Interview.id.in_(batch)).execute()
            # Their messages went with them: the company's other interviews pace again (rule 7).
            from followup_desktop.store.facts import interviews_of_employers

            self.followups.rederive(interviews_of_employers(employers), changes)
            changes.columns.update(r.stage_key for r in rows)
            changes.interviews.update(ids)
            changes.followups = True
