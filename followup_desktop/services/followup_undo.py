"""Undo for follow-ups: save one exactly as it is and put it back exactly; and, for the undo
of an interview's save, give back what that save took from its follow-ups.

Done, dismiss, snooze and a new due date each change several fields; undoing them by
calling the opposite action was not exact (undoing Done on a snoozed follow-up lost the
snooze, undoing a snooze wiped ``notified_at`` so the user was told again, undoing a new due
date left the follow-up marked as the user's own edit, so the rules stopped moving it).

A follow-up is named by its interview and rule key, never by its id alone: an undo of an
interview's save can bring a follow-up back under another id (SQLite hands freed ids on),
while ``(interview, rule_key)`` is unique and stays.
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
    """A follow-up's changeable fields as they were, and who it is."""

    interview_id: int
    rule_key: str
    state: str
    title: str
    due_at: datetime
    deadline_at: datetime
    snoozed_until: datetime | None
    done_at: datetime | None
    notified_at: datetime | None
    user_edited: bool


def _gone() -> NotFoundError:
    return NotFoundError("followup", "This follow-up no longer exists.")


def save(followup_id: int) -> SavedFollowUp:
    """The follow-up as it is now (raises NotFoundError when it is gone)."""
    row = m.FollowUp.get_or_none(m.FollowUp.id == followup_id)
    if row is None:
        raise _gone()
    return SavedFollowUp(
        interview_id=row.interview_id,
        rule_key=row.rule_key,
        state=row.state,
        title=row.title,
        due_at=row.due_at,
        deadline_at=row.deadline_at,
        snoozed_until=row.snoozed_until,
        done_at=row.done_at,
        notified_at=row.notified_at,
        user_edited=bool(row.user_edited),
    )


def current_id(saved: SavedFollowUp) -> int:
    """The id the saved follow-up has now (NotFoundError when it is gone)."""
    row = m.FollowUp.get_or_none(
        (m.FollowUp.interview == saved.interview_id) & (m.FollowUp.rule_key == saved.rule_key)
    )
    if row is None:
        raise _gone()
    return int(row.id)


def put_back(ctx: ServiceContext, saved: SavedFollowUp) -> None:
    """Undo: every changeable field as :func:`save` found it, in one transaction."""
    with ctx.transaction() as changes:
        followup_id = current_id(saved)
        row = m.FollowUp.get_by_id(followup_id)
        m.FollowUp.update(**{name: getattr(saved, name) for name in FIELDS}).where(
            m.FollowUp.id == followup_id
        ).execute()
        reopened = row.state not in _OPEN and saved.state in _OPEN
        log(
            ActivityKind.FOLLOWUP_REOPENED if reopened else ActivityKind.FOLLOWUP_EDITED,
            f"{'Reopened' if reopened else 'Change undone'}: {saved.title}",
            interview_id=saved.interview_id,
            data={"followup_id": followup_id},
        )
        changes.followups = True
        changes.interviews.add(saved.interview_id)


# -- the undo of an interview's save -----------------------------------------------------
def rows_of(interview_id: int) -> tuple[dict[str, Any], ...]:
    """Every follow-up of an interview, whole (before and after a save)."""
    query = m.FollowUp.select().where(m.FollowUp.interview == interview_id).order_by(m.FollowUp.id)
    return tuple(dict(r) for r in query.dicts())


def taken_by_save(
    before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], ...]:
    """What a save took from follow-ups (a round or promise deleted): its undo gives it back.

    A follow-up the save removed comes back whole (``"whole": True``); one that stayed (done
    ones do) but lost its round or promise gets only that link back. The others keep
    whatever happened to them since (announced, done from the tray), and the rules keep
    following the stage and rounds the undo puts back.
    """
    now = {r["rule_key"]: r for r in after}
    taken: list[dict[str, Any]] = []
    for row in before:
        kept = now.get(row["rule_key"])
        if kept is None:
            taken.append({**row, "whole": True})
        elif (kept["round"], kept["promise"]) != (row["round"], row["promise"]):
            taken.append({**row, "whole": False})
    return tuple(taken)


def put_back_rows(ctx: ServiceContext, interview_id: int, rows: Sequence[dict[str, Any]]) -> None:
    """Give follow-ups a save removed back what they had (in the undo's transaction, after
    the rules ran): the user's edits, done and snoozed states, and their round and promise.

    Matched by rule key among those the rules derive again (the round is back); a key the
    rules no longer want stays gone.
    """
    with ctx.transaction() as changes:
        now_by_key = {
            r.rule_key: r.id
            for r in m.FollowUp.select(m.FollowUp.id, m.FollowUp.rule_key).where(
                m.FollowUp.interview == interview_id
            )
        }
        rounds = {r.id for r in m.Round.select(m.Round.id).where(m.Round.interview == interview_id)}
        promises = {
            p.id
            for p in m.Promise.select(m.Promise.id)
            .join(m.Round)
            .where(m.Round.interview == interview_id)
        }
        for row in rows:
            current = now_by_key.get(row["rule_key"])
            if current is None:
                continue
            fields = {name: row[name] for name in FIELDS} if row.get("whole", True) else {}
            if row["round"] in rounds:
                fields["round"] = row["round"]
            if row["promise"] in promises:
                fields["promise"] = row["promise"]
            if fields:
                m.FollowUp.update(**fields).where(m.FollowUp.id == current).execute()
                changes.interviews.add(interview_id)
        changes.followups = True
