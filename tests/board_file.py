"""Where a card is, read from the database file with a fresh connection (what a restart sees)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: the card's stage key and its row in that column (cards sort by stored key, then id)
_WHERE = (
    "SELECT stage.key, ("
    "  SELECT COUNT(*) FROM interview AS other WHERE other.stage_id = me.stage_id"
    "  AND other.archived = 0 AND (other.position < me.position"
    "  OR (other.position = me.position AND other.id < me.id))"
    ") FROM interview AS me JOIN stage ON stage.id = me.stage_id WHERE me.id = ?"
)


def stage_in_file(db_path: Path, interview_id: int) -> tuple[str, int]:
    """``(stage key, row in the column)`` of an interview, as stored in ``db_path``."""
    with sqlite3.connect(db_path) as db:
        key, row = db.execute(_WHERE, (interview_id,)).fetchone()
    return str(key), int(row)
