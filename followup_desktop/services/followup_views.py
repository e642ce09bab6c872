"""Follow-ups as lists, the tray and the CLI show them: views built from plain rows.

Kept apart from the service (services/followups.py) because this is the hot path of
``due()`` over thousands of rows (docs/performance.md) and has nothing to do with writing.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from followup_desktop.core.facts import DisplayState, FollowUpKind, FollowUpState, Recipient
from followup_desktop.core.rules import display_state
from followup_desktop.store.fields import from_utc_text


def recipients_to_json(to: Sequence[Recipient], cc: Sequence[Recipient]) -> dict[str, Any]:
    def one(r: Recipient) -> dict[str, Any]:
        return {
            "name": r.name,
            "email": r.email,
            "contact_id": r.contact_id,
            "job_title": r.job_title,
        }

    return {"to": [one(r) for r in to], "cc": [one(r) for r in cc]}


def recipients_from_json(data: dict[str, Any] | None, key: str) -> tuple[Recipient, ...]:
    return tuple(
        Recipient(
            name=str(r.get("name", "")),
            email=str(r.get("email", "")),
            contact_id=r.get("contact_id"),
            job_title=str(r.get("job_title", "")),
        )
        for r in (data or {}).get(key, [])
    )


@dataclass(frozen=True, slots=True)
class FollowUpView:
    """A follow-up as lists, the tray and the CLI show it."""

    id: int
    interview_id: int
    company: str
    role: str
    kind: FollowUpKind
    title: str
    due_at: datetime
    deadline_at: datetime
    state: FollowUpState
    display: DisplayState
    to: tuple[Recipient, ...]
    cc: tuple[Recipient, ...]
    note: str
    checklist: tuple[str, ...]
    snoozed_until: datetime | None
    notified_at: datetime | None
    round_id: int | None
    user_edited: bool

    @property
    def effective_due_at(self) -> datetime:
        if self.state is FollowUpState.SNOOZED and self.snoozed_until is not None:
            return self.snoozed_until
        return self.due_at


def _kind(value: str) -> FollowUpKind:
    try:
        return FollowUpKind(value)
    except ValueError:
        return FollowUpKind.CUSTOM


_KINDS = {k.value: k for k in FollowUpKind}
_STATES = {s.value: s for s in FollowUpState}


@lru_cache(maxsize=4096)
def _recipients(text: str) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]]:
    """To and cc from the stored JSON; rows share their few distinct texts (views are frozen)."""
    data = json.loads(text) if text else None
    return recipients_from_json(data, "to"), recipients_from_json(data, "cc")


@lru_cache(maxsize=1024)
def _checklist(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text) or ()) if text else ()


def _view_from_row(row: Sequence[Any], now: datetime) -> FollowUpView:
    """A plain row of ``FollowUpService._query()``'s columns → a view."""
    (
        fid,
        interview_id,
        kind,
        title,
        due,
        deadline,
        state_text,
        recipients,
        note,
        checklist,
        snoozed,
        notified,
        round_id,
        user_edited,
        company,
        role,
    ) = row
    due_at = from_utc_text(due)
    deadline_at = from_utc_text(deadline)
    snoozed_until = from_utc_text(snoozed) if snoozed is not None else None
    state = _STATES.get(state_text) or FollowUpState(state_text)
    to, cc = _recipients(recipients)
    return _new_view(
        (
            fid,
            interview_id,
            company,
            role,
            _KINDS.get(kind) or _kind(kind),
            title,
            due_at,
            deadline_at,
            state,
            display_state(state, due_at, deadline_at, snoozed_until, now),
            to,
            cc,
            note,
            _checklist(checklist),
            snoozed_until,
            from_utc_text(notified) if notified is not None else None,
            round_id,
            bool(user_edited),
        )
    )


#: Each field's slot, in FollowUpView's field order.
_VIEW_SLOTS = tuple(FollowUpView.__dict__[f.name] for f in dataclasses.fields(FollowUpView))


def _new_view(values: tuple[Any, ...]) -> FollowUpView:
    """A FollowUpView from its field values in field order, without the frozen ``__init__``.

    The generated ``__init__`` of a frozen dataclass goes through ``object.__setattr__`` for
    each of the 18 fields, half the cost of a view; due() builds thousands, and that alone
    kept it above twice the raw SQL (docs/performance.md). Filling the slots directly gives
    the same object (tests/unit/services/test_followup_views.py compares them).
    """
    view = object.__new__(FollowUpView)
    for slot, value in zip(_VIEW_SLOTS, values, strict=True):
        slot.__set__(view, value)
    return view
