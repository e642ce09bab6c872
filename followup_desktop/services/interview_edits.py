"""The whole of one interview as a value, and applying such a value in one transaction.

The interview editor edits a :class:`InterviewDraft` in memory and saves it with
:func:`apply_draft`: card fields, stage, the people and their roles, the rounds with their
interviewers and promises, all in one transaction (a validation error anywhere leaves the
file as it was). Undo is the same call with the draft taken before the save
(:func:`snapshot`), so an edit and its undo cannot drift apart.

Rounds and promises are matched by id: a draft round whose id is not among the interview's
rounds is created, an interview round missing from the draft is deleted. Ids are never
trusted across interviews.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import followup_undo
from followup_desktop.services.board import CARD_FIELDS

if TYPE_CHECKING:
    from followup_desktop.services import Services

#: The card fields the editor shows.
FIELDS = CARD_FIELDS


@dataclass(frozen=True, slots=True)
class PromiseDraft:
    """Something promised in a round. ``id`` is None until saved."""

    what: str
    to_contact_id: int | None = None
    sent: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class RoundDraft:
    """One sitting: times are aware datetimes; ``interviewer_ids`` are contact ids."""

    kind: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    notes: str = ""
    interviewer_ids: tuple[int, ...] = ()
    promises: tuple[PromiseDraft, ...] = ()
    id: int | None = None


@dataclass(frozen=True, slots=True)
class InterviewDraft:
    """Everything the interview editor edits."""

    company: str
    role: str
    stage_key: str
    agency: str | None = None
    posting_url: str = ""
    location: str = ""
    salary_notes: str = ""
    notes: str = ""
    next_steps: str = ""
    reply_expected_by: date | None = None
    #: direct roles: (contact id, role) — HR, agency recruiter, interviewer, other
    people: tuple[tuple[int, str], ...] = ()
    rounds: tuple[RoundDraft, ...] = ()
    #: the row in the stage's column, used when undo moves a card back
    position: int | None = field(default=None, compare=False)

    def fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in FIELDS}


def snapshot(services: Services, interview_id: int) -> InterviewDraft:
    """The interview as it is stored now."""
    details = services.board.get(interview_id)
    rounds = tuple(
        RoundDraft(
            kind=r.kind,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            place=r.place,
            notes=r.notes,
            interviewer_ids=r.interviewer_ids,
            promises=tuple(
                PromiseDraft(p.what, p.to_contact_id, p.sent, p.id)
                for p in services.rounds.promises_of(r.id)
            ),
            id=r.id,
        )
        for r in services.rounds.rounds_of(interview_id)
    )
    people = tuple(sorted((c.id, role) for c, role in services.contacts.people_of(interview_id)))
    return InterviewDraft(
        company=details.company,
        role=details.role,
        stage_key=details.stage_key,
        agency=details.agency,
        posting_url=details.posting_url,
        location=details.location,
        salary_notes=details.salary_notes,
        notes=details.notes,
        next_steps=details.next_steps,
        reply_expected_by=details.reply_expected_by,
        people=people,
        rounds=rounds,
        position=details.position,
    )


def _located(error: ValidationError, prefix: str, label: str) -> ValidationError:
    """The same error, with its field prefixed so the editor can point at the right row."""
    return ValidationError(f"{prefix}.{error.field}", f"{label}: {error.message}")


def apply_draft(
    services: Services,
    interview_id: int,
    draft: InterviewDraft,
    *,
    followups: tuple[dict[str, Any], ...] | None = None,
) -> InterviewDraft:
    """Make the stored interview equal ``draft``; returns the stored result (with new ids).

    ``followups`` (:func:`followup_undo.taken_by_save` of a save) get back what that save
    took from them, in the same transaction: the undo of a save that deleted a round gives
    its follow-ups back their round, the user's own edits and their states, which the rules
    alone would not.

    Raises:
        ValidationError: with ``field`` naming a card field (``"role"``), or a round
            (``"rounds.2.ends_at"``) or a promise (``"rounds.0.promises.1.what"``).
    """
    with services.ctx.transaction():
        current = snapshot(services, interview_id)
        services.board.update_interview(interview_id, **draft.fields())
        if draft.stage_key != current.stage_key:
            services.board.move([interview_id], draft.stage_key, draft.position)
        _apply_people(services, interview_id, current.people, draft.people)
        _apply_rounds(services, interview_id, current.rounds, draft.rounds)
        if followups is not None:
            followup_undo.put_back_rows(services.ctx, interview_id, followups)
        return snapshot(services, interview_id)


def _apply_people(
    services: Services,
    interview_id: int,
    before: tuple[tuple[int, str], ...],
    after: tuple[tuple[int, str], ...],
) -> None:
    for contact_id, role in sorted(set(before) - set(after)):
        services.contacts.unlink(interview_id, contact_id, role)
    for contact_id, role in sorted(set(after) - set(before)):
        services.contacts.link(interview_id, contact_id, role)


def _apply_rounds(
    services: Services,
    interview_id: int,
    before: tuple[RoundDraft, ...],
    after: tuple[RoundDraft, ...],
) -> None:
    existing = {r.id: r for r in before}
    wanted = {r.id for r in after if r.id in existing}
    for round_id in existing.keys() - wanted:
        assert round_id is not None
        services.rounds.delete_round(round_id)
    for index, rnd in enumerate(after):
        prefix, label = f"rounds.{index}", f"Round {index + 1}"
        try:
            if rnd.id in existing:
                old = existing[rnd.id]
                assert rnd.id is not None
                round_id = rnd.id
                if replace(old, promises=()) != replace(rnd, promises=()):
                    services.rounds.update_round(
                        round_id,
                        kind=rnd.kind,
                        starts_at=rnd.starts_at,
                        ends_at=rnd.ends_at,
                        place=rnd.place,
                        notes=rnd.notes,
                        interviewer_ids=rnd.interviewer_ids,
                    )
                old_promises = old.promises
            else:
                round_id = services.rounds.add_round(
                    interview_id,
                    rnd.starts_at,
                    rnd.ends_at,
                    kind=rnd.kind,
                    place=rnd.place,
                    notes=rnd.notes,
                    interviewer_ids=rnd.interviewer_ids,
                    reuse_id=rnd.id,  # an undo putting a deleted round back
                )
                old_promises = ()
        except ValidationError as exc:
            raise _located(exc, prefix, label) from exc
        _apply_promises(services, round_id, old_promises, rnd.promises, prefix, label)


def _apply_promises(
    services: Services,
    round_id: int,
    before: tuple[PromiseDraft, ...],
    after: tuple[PromiseDraft, ...],
    prefix: str,
    label: str,
) -> None:
    existing = {p.id: p for p in before}
    wanted = {p.id for p in after if p.id in existing}
    for promise_id in existing.keys() - wanted:
        assert promise_id is not None
        services.rounds.delete_promise(promise_id)
    for index, promise in enumerate(after):
        where = f"{prefix}.promises.{index}"
        try:
            if promise.id in existing:
                old = existing[promise.id]
                assert promise.id is not None
                if old == promise:
                    continue
                if old.to_contact_id is not None and promise.to_contact_id is None:
                    # "to nobody" cannot be said by update_promise: make it again.
                    services.rounds.delete_promise(promise.id)
                    new_id = services.rounds.add_promise(
                        round_id, promise.what, None, reuse_id=promise.id
                    )
                    if promise.sent:
                        services.rounds.update_promise(new_id, sent=True)
                    continue
                services.rounds.update_promise(
                    promise.id,
                    what=promise.what if promise.what != old.what else None,
                    to_contact_id=promise.to_contact_id,
                    sent=promise.sent,
                )
            else:
                new_id = services.rounds.add_promise(
                    round_id, promise.what, promise.to_contact_id, reuse_id=promise.id
                )
                if promise.sent:
                    services.rounds.update_promise(new_id, sent=True)
        except ValidationError as exc:
            raise _located(exc, where, f"{label}, promise {index + 1}") from exc
