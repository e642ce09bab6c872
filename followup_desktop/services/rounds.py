"""Rounds (sittings of an interview) and the promises made in them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followup_desktop.core import validation as check
from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.context import Changes, ServiceContext
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import models as m

#: The kinds of round, in the order they are offered (the most common first).
ROUND_KIND_ORDER = (
    "phone_screen",
    "video_call",
    "first_interview",
    "second_interview",
    "final_interview",
    "assessment",
    "interview",
    "other",
)
ROUND_KINDS = frozenset(ROUND_KIND_ORDER)


def round_label(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class RoundInfo:
    id: int
    interview_id: int
    kind: str
    starts_at: datetime
    ends_at: datetime
    place: str
    notes: str
    interviewer_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PromiseInfo:
    id: int
    round_id: int
    what: str
    to_contact_id: int | None
    sent: bool
    sent_at: datetime | None


class RoundService:
    def __init__(self, ctx: ServiceContext, followups: FollowUpService) -> None:
        self.ctx = ctx
        self.followups = followups

    def rounds_of(self, interview_id: int) -> list[RoundInfo]:
        rounds = list(
            m.Round.select().where(m.Round.interview == interview_id).order_by(m.Round.starts_at)
        )
        out = []
        for r in rounds:
            ids = tuple(
                x.contact_id
                for x in m.RoundInterviewer.select()
                .where(m.RoundInterviewer.round == r.id)
                .order_by(m.RoundInterviewer.id)
            )
            out.append(
                RoundInfo(
                    r.id, r.interview_id, r.kind, r.starts_at, r.ends_at, r.place, r.notes, ids
                )
            )
        return out

    def promises_of(self, round_id: int) -> list[PromiseInfo]:
        return [
            PromiseInfo(p.id, p.round_id, p.what, p.to_contact_id, bool(p.sent), p.sent_at)
            for p in m.Promise.select().where(m.Promise.round == round_id).order_by(m.Promise.id)
        ]

    def _clean(self, fields: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "kind" in fields:
            out["kind"] = check.choice(fields["kind"], "kind", "Round kind", ROUND_KINDS)
        if "starts_at" in fields:
            out["starts_at"] = check.moment(fields["starts_at"], "starts_at", "Start")
        if "ends_at" in fields:
            out["ends_at"] = check.moment(fields["ends_at"], "ends_at", "End")
        if "place" in fields:
            out["place"] = check.text(fields["place"], "place", "Place or link", max_length=2000)
        if "notes" in fields:
            out["notes"] = check.text(fields["notes"], "notes", "Notes", multiline=True)
        unknown = set(fields) - {"kind", "starts_at", "ends_at", "place", "notes"}
        if unknown:
            name = sorted(unknown)[0]
            raise ValidationError(name, f"Unknown field “{name}”.")
        return out

    def _set_interviewers(self, round_id: int, contact_ids: Sequence[int]) -> None:
        ids = list(dict.fromkeys(contact_ids))
        found = {c.id for c in m.Contact.select(m.Contact.id).where(m.Contact.id.in_(ids))}
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFoundError("interviewers", "One of the interviewers no longer exists.")
        m.RoundInterviewer.delete().where(m.RoundInterviewer.round == round_id).execute()
        for cid in ids:
            m.RoundInterviewer.create(round=round_id, contact=cid)

    def add_round(
        self,
        interview_id: int,
        starts_at: datetime,
        ends_at: datetime,
        *,
        kind: str = "interview",
        place: str = "",
        notes: str = "",
        interviewer_ids: Sequence[int] = (),
        reuse_id: int | None = None,
    ) -> int:
        """A new round; ``reuse_id`` brings a deleted one back under its id when still free
        (undo: its follow-ups' rule keys name the id, so a done thank-you stays done)."""
        fields = self._clean(
            {
                "kind": kind,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "place": place,
                "notes": notes,
            }
        )
        if fields["ends_at"] < fields["starts_at"]:
            raise ValidationError("ends_at", "The end of a round cannot be before its start.")
        with self.ctx.transaction() as changes:
            if m.Interview.get_or_none(m.Interview.id == interview_id) is None:
                raise NotFoundError("interview", "This interview no longer exists.")
            round_id = int(
                m.Round.insert(
                    **_free_id(m.Round, reuse_id), interview=interview_id, **fields
                ).execute()
            )
            self._set_interviewers(round_id, interviewer_ids)
            local = fields["starts_at"].astimezone(self.ctx.tz).strftime("%a %d %b %Y %H:%M")
            self._record(
                ActivityKind.ROUND_ADDED,
                f"{round_label(fields['kind'])} on {local}",
                interview_id,
                changes,
                {"round_id": round_id},
            )
            return round_id

    def _record(
        self,
        kind: ActivityKind,
        summary: str,
        interview_id: int,
        changes: Changes,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Log a change to an interview's rounds or promises and re-derive its follow-ups."""
        log(kind, summary, interview_id=interview_id, data=data)
        self.followups.rederive([interview_id], changes)
        changes.interviews.add(interview_id)

    def _round(self, round_id: int) -> m.Round:
        rnd = m.Round.get_or_none(m.Round.id == round_id)
        if rnd is None:
            raise NotFoundError("round", "This round no longer exists.")
        return rnd

    def update_round(
        self, round_id: int, *, interviewer_ids: Sequence[int] | None = None, **fields: Any
    ) -> None:
        cleaned = self._clean(fields)
        with self.ctx.transaction() as changes:
            rnd = self._round(round_id)
            starts = cleaned.get("starts_at", rnd.starts_at)
            ends = cleaned.get("ends_at", rnd.ends_at)
            if ends < starts:
                raise ValidationError("ends_at", "The end of a round cannot be before its start.")
            if cleaned:
                m.Round.update(**cleaned).where(m.Round.id == round_id).execute()
            if interviewer_ids is not None:
                self._set_interviewers(round_id, interviewer_ids)
            self._record(
                ActivityKind.ROUND_EDITED,
                f"Edited {round_label(cleaned.get('kind', rnd.kind))}",
                rnd.interview_id,
                changes,
                {"round_id": round_id},
            )

    def delete_round(self, round_id: int) -> None:
        with self.ctx.transaction() as changes:
            rnd = self._round(round_id)
            interview_id = rnd.interview_id
            rnd.delete_instance()
            self._record(
                ActivityKind.ROUND_DELETED,
                f"Deleted {round_label(rnd.kind)}",
                interview_id,
                changes,
                {"round_id": round_id},
            )

    # -- promises ------------------------------------------------------------------------
    def add_promise(
        self,
        round_id: int,
        what: str,
        to_contact_id: int | None = None,
        *,
        reuse_id: int | None = None,
    ) -> int:
        """A new promise; ``reuse_id`` as for :meth:`add_round`."""
        what = check.text(what, "what", "What you promised", required=True)
        with self.ctx.transaction() as changes:
            rnd = self._round(round_id)
            if (
                to_contact_id is not None
                and m.Contact.get_or_none(m.Contact.id == to_contact_id) is None
            ):
                raise NotFoundError("to_contact", "That person no longer exists.")
            promise_id = int(
                m.Promise.insert(
                    **_free_id(m.Promise, reuse_id),
                    round=round_id,
                    what=what,
                    to_contact=to_contact_id,
                ).execute()
            )
            self._record(
                ActivityKind.PROMISE_ADDED,
                f"Promised: {what}",
                rnd.interview_id,
                changes,
                {"promise_id": promise_id},
            )
            return promise_id

    def update_promise(
        self,
        promise_id: int,
        *,
        what: str | None = None,
        to_contact_id: int | None = None,
        sent: bool | None = None,
    ) -> None:
        with self.ctx.transaction() as changes:
            p = m.Promise.get_or_none(m.Promise.id == promise_id)
            if p is None:
                raise NotFoundError("promise", "This promise no longer exists.")
            fields: dict[str, Any] = {}
            if what is not None:
                cleaned = check.text(what, "what", "What you promised", required=True)
                if cleaned != p.what:
                    fields["what"] = cleaned
            if to_contact_id is not None:
                if m.Contact.get_or_none(m.Contact.id == to_contact_id) is None:
                    raise NotFoundError("to_contact", "That person no longer exists.")
                if to_contact_id != p.to_contact_id:
                    fields["to_contact"] = to_contact_id
            if sent is not None and sent != p.sent:
                fields["sent"] = sent
                fields["sent_at"] = self.ctx.now() if sent else None
                # The promise's follow-up is done (or open again) with it.
                m.FollowUp.update(
                    state="done" if sent else "pending", done_at=fields["sent_at"]
                ).where(
                    (m.FollowUp.promise == promise_id)
                    & m.FollowUp.state.in_(["pending", "snoozed", "done"])
                ).execute()
            if not fields:
                return  # nothing changed: no timeline entry, no announcement
            m.Promise.update(**fields).where(m.Promise.id == promise_id).execute()
            interview_id = p.round.interview_id
            summary = (
                f"Sent: {fields.get('what', p.what)}"
                if fields.get("sent")
                else (f"Edited promise: {fields.get('what', p.what)}")
            )
            self._record(
                ActivityKind.PROMISE_EDITED,
                summary,
                interview_id,
                changes,
                {"promise_id": promise_id},
            )
            changes.followups = True

    def delete_promise(self, promise_id: int) -> None:
        with self.ctx.transaction() as changes:
            p = m.Promise.get_or_none(m.Promise.id == promise_id)
            if p is None:
                raise NotFoundError("promise", "This promise no longer exists.")
            interview_id = p.round.interview_id
            p.delete_instance()
            self._record(
                ActivityKind.PROMISE_DELETED, f"Deleted promise: {p.what}", interview_id, changes
            )


def _free_id(model: type[m.BaseModel], wanted: int | None) -> dict[str, int]:
    """``{"id": wanted}`` when no row has that id (SQLite may have handed it on), else ``{}``."""
    if wanted is None or model.select().where(model.id == wanted).exists():
        return {}
    return {"id": wanted}
