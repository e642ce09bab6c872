"""Fast bulk inserts: one prepared statement through ``executemany``.

peewee's ``insert_many`` builds a large SQL text in Python, which dominates the cost of
seeding 10,000 interviews; this path converts values with each field's ``db_value``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import peewee

from followup_desktop.store import models as m


def bulk_insert(model: type[m.BaseModel], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (field name → value); missing fields take their defaults."""
    if not rows:
        return
    meta = model._meta
    names = [
        name
        for name in meta.sorted_field_names
        if not (isinstance(meta.fields[name], peewee.AutoField) and name not in rows[0])
    ]
    fields = [meta.fields[name] for name in names]
    defaults: dict[str, Any] = {}
    for f in fields:
        if f.default is not None:
            defaults[f.name] = f.default
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join("?" for _ in fields)
    sql = f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({marks})'

    def value(row: dict[str, Any], f: peewee.Field) -> Any:
        if f.name in row:
            v = row[f.name]
        elif f.name in defaults:
            d = defaults[f.name]
            v = d() if callable(d) else d
        else:
            v = None
        if isinstance(v, peewee.Model):
            v = v.get_id()
        return None if v is None else f.db_value(v)

    params = [tuple(value(row, f) for f in fields) for row in rows]
    # Through peewee's wrapper, so failures raise peewee's errors, as the ORM's do.
    with peewee.__exception_wrapper__:  # type: ignore[attr-defined]  # not in the stubs
        m.database.cursor().executemany(sql, params)
