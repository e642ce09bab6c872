"""The timeline: one Activity row for every change a user would want to see later."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from followup_desktop.services.context import transaction_now
from followup_desktop.store import models as m


class ActivityKind(StrEnum):
    CREATED = "created"
    EDITED = "edited"
    STAGE_CHANGED = "stage_changed"
    MOVED = "moved"
    ARCHIVED = "archived"
    RESTORED = "restored"
    ROUND_ADDED = "round_added"
    ROUND_EDITED = "round_edited"
    ROUND_DELETED = "round_deleted"
    PROMISE_ADDED = "promise_added"
    PROMISE_EDITED = "promise_edited"
    PROMISE_DELETED = "promise_deleted"
    CONTACT_LINKED = "contact_linked"
    CONTACT_UNLINKED = "contact_unlinked"
    MESSAGE_SENT = "message_sent"
    REPLY_RECEIVED = "reply_received"
    NOTE = "note"
    FOLLOWUP_DONE = "followup_done"
    FOLLOWUP_DISMISSED = "followup_dismissed"
    FOLLOWUP_SNOOZED = "followup_snoozed"
    FOLLOWUP_EDITED = "followup_edited"
    FOLLOWUP_REOPENED = "followup_reopened"


def log(
    kind: ActivityKind,
    summary: str,
    *,
    interview_id: int | None = None,
    organization_id: int | None = None,
    data: dict[str, Any] | None = None,
    at: Any = None,
) -> int:
    """Append one timeline entry (inside the caller's transaction)."""
    if at is None:
        at = transaction_now() or m.utcnow()
    # One fixed statement, values through the fields' own conversions: every change writes
    # one of these, and peewee building the INSERT cost more than running it.
    cursor = m.database.execute_sql(
        'INSERT INTO "activity" ("interview_id", "organization_id", "kind", "at", "summary", '
        '"data") VALUES (?, ?, ?, ?, ?, ?)',
        (
            interview_id,
            organization_id,
            kind.value,
            m.Activity.at.db_value(at),
            summary,
            m.Activity.data.db_value(data or {}),
        ),
    )
    return int(cursor.lastrowid)
