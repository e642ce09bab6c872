"""Undo for follow-ups: save one exactly as it is, and put it back exactly (or all of an
interview's, for the undo of an interview's save).

Done, dismiss, snooze and a new due date each change several fields; undoing them by
calling the opposite action was not exact (undoing Done on a snoozed follow-up lost the
snooze, undoing a snooze wiped ``notified_at`` so the user was told again, undoing a new due
date left the follow-up marked as the user's own edit, so the rules stopped moving it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followup_desktop.core.errors import NotFoundError
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.context import ServiceContext
from followup_desktop.store import models as m

#: what an undo puts back (the fields a user's action on a follow-up can change)
FIELDS = (
    "state",
    "title",
    "due_at",
    "deadline_at",
    "snoozed_until",
    "done_at",
    "notified_at",
    "user_edited",
)
_OPEN = ("pending", "snoozed")


@dataclass(frozen=True, slots=True)
class SavedFollowUp:
    """A follow-up's changeable fields as they were."""

    id: int
    state: str
    title: str
    due_at: datetime
    deadline_at: datetime
    snoozed_until: datetime | None
    done_at: datetime | None
    notified_at: datetime | None
    user_edited: bool


def save(followup_id: int) -> SavedFollowUp:
    """The follow-up as it is now (raises NotFoundError when it is gone)."""
    row = m.FollowUp.get_or_none(m.FollowUp.id == followup_id)
    if row is None:
        raise NotFoundError("followup", "This follow-up no longer exists.")
    return SavedFollowUp(
        id=row.id,
        state=row.state,
        title=row.title,
        due_at=row.due_at,
        deadline_at=row.deadline_at,
        snoozed_until=row.snoozed_until,
        done_at=row.done_at,
        notified_at=row.notified_at,
        user_edited=bool(row.user_edited),
    )


def put_back(ctx: ServiceContext, saved: SavedFollowUp) -> None:
    """Undo: every changeable field as :func:`save` found it, in one transaction."""
    with ctx.transaction() as changes:
        row = m.FollowUp.get_or_none(m.FollowUp.id == saved.id)
        if row is None:
            raise NotFoundError("followup", "This follow-up no longer exists.")
        m.FollowUp.update(**{name: getattr(saved, name) for name in FIELDS}).where(
            m.FollowUp.id == saved.id
        ).execute()
        reopened = row.state not in _OPEN and saved.state in _OPEN
        log(
            ActivityKind.FOLLOWUP_REOPENED if reopened else ActivityKind.FOLLOWUP_EDITED,
            f"{'Reopened' if reopened else 'Change undone'}: {saved.title}",
            interview_id=row.interview_id,
            data={"followup_id": saved.id},
        )
        changes.followups = True
        changes.interviews.add(row.interview_id)


def rows_of(interview_id: int) -> tuple[dict[str, Any], ...]:
    """Every follow-up of an interview, whole, to put back with :func:`put_back_rows`."""
    query = m.FollowUp.select().where(m.FollowUp.interview == interview_id).order_by(m.FollowUp.id)
    return tuple(dict(r) for r in query.dicts())


def put_back_rows(ctx: ServiceContext, interview_id: int, rows: Sequence[dict[str, Any]]) -> None:
    """Give an interview's follow-ups back the fields :func:`rows_of` saw (inside the caller's
    transaction, after the rules ran): matched by rule key; one that is gone comes back whole
    (its id when still free), pointing at its round and promise if they exist again."""
    with ctx.transaction() as changes:
        now_by_key = {
            r.rule_key: r.id
            for r in m.FollowUp.select(m.FollowUp.id, m.FollowUp.rule_key).where(
                m.FollowUp.interview == interview_id
            )
        }
        for row in rows:
            current = now_by_key.get(row["rule_key"])
            if current is not None:
                m.FollowUp.update(**{name: row[name] for name in FIELDS}).where(
                    m.FollowUp.id == current
                ).execute()
                continue
            again = dict(row)
            if m.FollowUp.select().where(m.FollowUp.id == row["id"]).exists():
                del again["id"]
            for name, model in (("round", m.Round), ("promise", m.Promise)):
                if (
                    again[name] is not None
                    and not model.select().where(model.id == again[name]).exists()
                ):
                    again[name] = None
            m.FollowUp.insert(**again).execute()
        changes.followups = True
        changes.interviews.add(interview_id)
