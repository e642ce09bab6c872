"""Where cards sit in their columns: sort keys with gaps, so a move writes only what moved.

A live card's ``interview.position`` is a sort key: its column shows cards by
``(position, id)``. Keys are spaced :data:`GAP` apart, so a card dropped between two others
takes a key between theirs and no other card is touched. Only when two neighbours have no
room left between them is that one column renumbered (``0, GAP, 2·GAP...``), which happens
once in about ten drops at the same spot. Archived cards have no position (NULL).

Everything outside the store speaks *rows*: the 0-based place of a card among the live cards
of its column, as the board shows them. Undo records (``Placement``), ``InterviewDetails``,
snapshots and the JSON export all carry rows, never keys, so the gaps stay an internal detail.

These functions run inside the caller's transaction and use fixed SQL statements: at 10,000
interviews, building the statements with peewee cost more than running them (a move's
renumbering of every card below the drop row was a third of a drop at 10,000 cards).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from followup_desktop.store import models as m
from followup_desktop.store.sql import marks

#: room left between two neighbouring keys when a column is (re)numbered
GAP = 1024

_LIVE = 'FROM "interview" WHERE "stage_id" = ? AND "archived" = 0 AND "position" IS NOT NULL'


def _scalar(sql: str, params: Sequence[object]) -> Any:
    row = m.database.execute_sql(sql, params).fetchone()
    return None if row is None else row[0]


def live_count(stage_id: int) -> int:
    """How many cards are placed in the column."""
    return int(_scalar(f"SELECT COUNT(*) {_LIVE}", (stage_id,)) or 0)


def row_of(interview_id: int, stage_id: int, position: int | None) -> int | None:
    """The card's row in its column (None when it is not placed: archived)."""
    if position is None:
        return None
    before = _scalar(
        f'SELECT COUNT(*) {_LIVE} AND ("position" < ? OR ("position" = ? AND "id" < ?))',
        (stage_id, position, position, interview_id),
    )
    return int(before or 0)


def take_out(interview_ids: Iterable[int]) -> None:
    """Lift cards out of their columns (the others keep their keys: no gap to close)."""
    ids = list(interview_ids)
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        m.database.execute_sql(
            f'UPDATE "interview" SET "position" = NULL WHERE "id" IN ({marks(batch)})', batch
        )


def put(stage_id: int, row: int | None, interview_ids: Sequence[int]) -> None:
    """Place lifted cards, in this order, before ``row`` of the column (None: at the end).

    ``row`` counts the cards placed in the column now (the lifted ones are not); a row past
    the end means the end.
    """
    ids = list(interview_ids)
    if not ids:
        return
    keys = _keys_between(stage_id, row, len(ids))
    if keys is None:
        _renumber(stage_id, row or 0, ids)
        return
    m.database.cursor().executemany(
        'UPDATE "interview" SET "position" = ? WHERE "id" = ?', list(zip(keys, ids, strict=True))
    )


def _keys_between(stage_id: int, row: int | None, count: int) -> list[int] | None:
    """``count`` free keys before ``row``, or None when the neighbours leave no room."""
    low: int | None
    high: int | None
    if row is None or row < 0:
        low, high = last_key(stage_id), None
    elif row == 0:
        low, high = None, _key_at(stage_id, 0)
    else:
        pair = m.database.execute_sql(
            f'SELECT "position" {_LIVE} ORDER BY "position", "id" LIMIT 2 OFFSET ?',
            (stage_id, row - 1),
        ).fetchall()
        if not pair:  # past the end
            low, high = last_key(stage_id), None
        else:
            low = pair[0][0]
            high = pair[1][0] if len(pair) > 1 else None
    if low is None and high is None:
        return [n * GAP for n in range(count)]
    if low is None:
        assert high is not None
        return [high - (count - n) * GAP for n in range(count)]
    if high is None:
        return [low + (n + 1) * GAP for n in range(count)]
    if high - low <= count:
        return None
    step = (high - low) // (count + 1)
    return [low + (n + 1) * step for n in range(count)]


def _key_at(stage_id: int, row: int) -> int | None:
    key = _scalar(
        f'SELECT "position" {_LIVE} ORDER BY "position", "id" LIMIT 1 OFFSET ?', (stage_id, row)
    )
    return None if key is None else int(key)


def last_key(stage_id: int) -> int | None:
    """The key of the column's last card (None: the column is empty)."""
    key = _scalar(f'SELECT MAX("position") {_LIVE}', (stage_id,))
    return None if key is None else int(key)


def rows_by_id() -> dict[int, int]:
    """Every placed card's row in its column, keyed by interview id."""
    cursor = m.database.execute_sql(
        'SELECT "id", ROW_NUMBER() OVER (PARTITION BY "stage_id" ORDER BY "position", "id") - 1 '
        'FROM "interview" WHERE "archived" = 0 AND "position" IS NOT NULL'
    )
    return {int(i): int(row) for i, row in cursor.fetchall()}


def _renumber(stage_id: int, row: int, inserted: Sequence[int]) -> None:
    """Renumber the whole column ``GAP`` apart, with ``inserted`` placed before ``row``."""
    placed = [
        r[0]
        for r in m.database.execute_sql(
            f'SELECT "id" {_LIVE} ORDER BY "position", "id"', (stage_id,)
        ).fetchall()
    ]
    order = [*placed[:row], *inserted, *placed[row:]]
    m.database.cursor().executemany(
        'UPDATE "interview" SET "position" = ? WHERE "id" = ?',
        [(n * GAP, interview_id) for n, interview_id in enumerate(order)],
    )
