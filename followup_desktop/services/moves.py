"""Moving cards: between and within columns, to the archive and back, and deleting them.

Each operation is one transaction that writes only the cards it moves (their places are sort
keys with gaps, :mod:`followup_desktop.store.places`), runs the rules for cards that changed
stage and logs the timeline; undo records (:class:`Placement`) give rows, not keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.core.stages import ANSWER_STAGES, meaning_of
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.context import Moved, ServiceContext
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import models as m
from followup_desktop.store import places
from followup_desktop.store.facts import chunks
from followup_desktop.store.fields import from_utc_text
from followup_desktop.store.sql import marks, select


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a card was: enough to put it back (undo)."""

    interview_id: int
    stage_key: str
    position: int
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


def find_stage(key: str, field: str = "stage") -> m.Stage:
    """The stage with this key (ValidationError naming ``field`` when there is none)."""
    # A plain statement: every move asks, and peewee building it cost more than running it.
    row = m.database.execute_sql(
        'SELECT "id", "key", "meaning", "label", "position", "hidden", "color" '
        'FROM "stage" WHERE "key" = ?',
        (key,),
    ).fetchone()
    if row is None:
        raise ValidationError(field, f"Unknown stage “{key}”.")
    return m.Stage(**dict(zip(_STAGE_COLUMNS, row, strict=True)))


class CardMoves:
    """The moving half of :class:`~followup_desktop.services.board.BoardService`."""

    ctx: ServiceContext
    followups: FollowUpService

    # -- moving --------------------------------------------------------------------------
    def _live_rows(self, ids: Sequence[int], field: str = "interviews") -> list[_CardPlace]:
        rows: list[_CardPlace] = []
        wanted = list(dict.fromkeys(ids))
        for batch in chunks(wanted):
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
                    select(
                        'SELECT i."id", i."stage_id", i."position", i."archived", '
                        'i."stage_entered_at", i."last_reply_at", s."key" FROM "interview" AS i '
                        'JOIN "stage" AS s ON s."id" = i."stage_id" '
                        f'WHERE i."id" IN ({marks(batch)})',
                        batch,
                    )
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
            target = find_stage(stage_key)
            rows = self._live_rows(ids)
            if any(r.archived for r in rows):
                raise ValidationError("interviews", "Archived interviews cannot be moved.")
            by_id = {r.id: r for r in rows}
            before = [self._placement(by_id[i]) for i in ids]
            drop = None if position is None else max(0, position)
            pos = drop
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
                changes.moved = Moved(tuple(ids), target.key, drop)
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
                stage = find_stage(p.stage_key)
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
