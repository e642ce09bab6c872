"""Plain SQL statements for the hot paths, where building the statement with peewee cost
more than SQLite running it (a move, a screenful of cards, the rules' facts).

Values go in as parameters and come out as tuples; callers convert them with the fields' own
``python_value`` / :func:`~followup_desktop.store.fields.from_utc_text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from followup_desktop.store import models as m


def select(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Every row of a statement, as tuples."""
    return list(m.database.execute_sql(sql, tuple(params)).fetchall())


def marks(values: Sequence[object]) -> str:
    """``?, ?, ?``: one parameter per value, for ``IN (...)``."""
    return ", ".join("?" * len(values))
