"""Reading an interview's timeline (its Activity, newest first) and keeping free notes.

Also remembers which interviews the app already asked "when did they say they would
reply?" (the seed: ask before you leave when to expect a reply), so it asks once only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from followup_desktop.core import validation as check
from followup_desktop.core.errors import NotFoundError
from followup_desktop.core.stages import WAITING_FOR_REPLY, meaning_of
from followup_desktop.services.activity import ActivityKind
from followup_desktop.services.context import ServiceContext
from followup_desktop.store import models as m
from followup_desktop.store.facts import chunks

#: Setting: ids of interviews already asked for their reply date.
ASKED_KEY = "reply_date_asked"
#: A card counts as "just entered" its stage for this long (the prompt follows a move).
JUST_ENTERED = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    id: int
    at: datetime
    kind: str
    summary: str
    data: dict[str, Any]

    @property
    def is_note(self) -> bool:
        return self.kind == ActivityKind.NOTE.value


class TimelineService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def of_interview(self, interview_id: int, limit: int = 500) -> list[TimelineEntry]:
        """The newest ``limit`` entries of an interview's timeline, newest first."""
        query = (
            m.Activity.select()
            .where(m.Activity.interview == interview_id)
            .order_by(m.Activity.at.desc(), m.Activity.id.desc())
            .limit(limit)
        )
        return [TimelineEntry(a.id, a.at, a.kind, a.summary, dict(a.data or {})) for a in query]

    def delete_note(self, activity_id: int) -> TimelineEntry:
        """Remove a free note (not other entries: those are history). Returns it for undo."""
        with self.ctx.transaction() as changes:
            row = m.Activity.get_or_none(m.Activity.id == activity_id)
            if row is None or row.kind != ActivityKind.NOTE.value:
                raise NotFoundError("note", "This note no longer exists.")
            entry = TimelineEntry(row.id, row.at, row.kind, row.summary, dict(row.data or {}))
            interview_id = row.interview_id
            row.delete_instance()
            changes.interviews.add(interview_id)
            return entry

    def restore_note(self, interview_id: int, entry: TimelineEntry) -> int:
        """Undo :meth:`delete_note`: the note comes back with its time, and its id if free.

        Returns the note's id: a new one when another timeline entry took the freed id
        meanwhile (SQLite hands it to the next row; moves and the tray write entries outside
        the undo stack).
        """
        text = check.text(entry.summary, "note", "Note", required=True, multiline=True)
        with self.ctx.transaction() as changes:
            free = not m.Activity.select().where(m.Activity.id == entry.id).exists()
            note_id = m.Activity.insert(
                **({"id": entry.id} if free else {}),
                interview=interview_id,
                kind=ActivityKind.NOTE.value,
                at=entry.at,
                summary=text,
                data=entry.data,
            ).execute()
            changes.interviews.add(interview_id)
            return int(note_id)

    # -- the reply-date question -------------------------------------------------------------
    def _asked(self) -> set[int]:
        row = m.Setting.get_or_none(m.Setting.key == ASKED_KEY)
        return {int(i) for i in (row.value if row else [])}

    def needs_reply_date(self, interview_ids: Iterable[int]) -> list[int]:
        """Those that just entered Interviewed / Awaiting reply with no reply date noted and
        were never asked for it."""
        ids = sorted(set(interview_ids))
        if not ids:
            return []
        asked = self._asked()
        since = self.ctx.now() - JUST_ENTERED
        out: list[int] = []
        for batch in chunks(ids):
            rows = (
                m.Interview.select(
                    m.Interview.id, m.Interview.stage_entered_at, m.Stage.meaning.alias("meaning")
                )
                .join(m.Stage)
                .where(
                    m.Interview.id.in_(batch)
                    & m.Interview.reply_expected_by.is_null()
                    & (m.Interview.archived == False)
                )
                .objects()
            )
            out.extend(
                r.id
                for r in rows
                if r.id not in asked
                and meaning_of(r.meaning) in WAITING_FOR_REPLY
                and r.stage_entered_at >= since
            )
        return sorted(out)

    def mark_asked(self, interview_id: int) -> None:
        """Remember the question was put (whatever the answer), so it is not asked again."""
        with self.ctx.transaction():
            asked = self._asked() | {interview_id}
            # Only ids that still exist, so the list does not grow forever.
            alive = {
                i
                for (i,) in m.Interview.select(m.Interview.id)
                .where(m.Interview.id.in_(sorted(asked)))
                .tuples()
            }
            m.Setting.insert(key=ASKED_KEY, value=sorted(alive)).on_conflict_replace().execute()

    def was_asked(self, interview_id: int) -> bool:
        return interview_id in self._asked()
