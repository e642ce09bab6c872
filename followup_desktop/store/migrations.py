"""Ordered schema steps keyed on ``PRAGMA user_version``.

Step *n* turns a version *n-1* file into version *n*. Each runs in its own transaction with
the version bump, so a crash mid-migration leaves the previous version intact.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

from followup_desktop.core.settings import Profile, RuleSettings
from followup_desktop.core.stages import DEFAULT_STAGES
from followup_desktop.store import models as m

#: Written into the file header so we can tell our databases from others (ASCII "FUP1").
APPLICATION_ID = 0x46555031


def _v1_initial(db: peewee.SqliteDatabase) -> None:
    db.create_tables(m.ALL_MODELS)
    for position, stage in enumerate(DEFAULT_STAGES):
        m.Stage.create(
            key=stage.key,
            meaning=stage.meaning.value,
            label=stage.label,
            position=position,
            color=stage.color,
        )
    m.Setting.create(key="rules", value=RuleSettings().to_json())
    m.Setting.create(key="profile", value=Profile().to_json())


def _v2_attachments(db: peewee.SqliteDatabase) -> None:
    """Files kept with interviews and organizations (CV sent, job advert, business card)."""
    db.create_tables([m.Attachment])


#: Tables whose rows carry a ``uuid``: the identity an export uses, so that importing the
#: same file twice adds nothing (store/exchange). Their other rows belong to an interview.
UUID_TABLES = ("organization", "contact", "interview")


def _v3_uuids(db: peewee.SqliteDatabase) -> None:
    """A stable ``uuid`` for organizations, contacts and interviews.

    Step 1 creates tables from the current models, so a new file already has the column;
    an older file gains it here, with a fresh uuid for every row.
    """
    import uuid

    empty = "''"
    for table in UUID_TABLES:
        columns = {row[1] for row in db.execute_sql(f'PRAGMA table_info("{table}")')}
        if "uuid" not in columns:
            db.execute_sql(
                f'ALTER TABLE "{table}" ADD COLUMN "uuid" VARCHAR(255) NOT NULL DEFAULT {empty}'
            )
        ids = [row[0] for row in db.execute_sql(f'SELECT id FROM "{table}" WHERE uuid = {empty}')]
        db.cursor().executemany(
            f'UPDATE "{table}" SET uuid = ? WHERE id = ?', [(str(uuid.uuid4()), i) for i in ids]
        )
        db.execute_sql(f'CREATE UNIQUE INDEX IF NOT EXISTS "{table}_uuid" ON "{table}" ("uuid")')


MIGRATIONS: tuple[Callable[[peewee.SqliteDatabase], None], ...] = (
    _v1_initial,
    _v2_attachments,
    _v3_uuids,
)

#: The schema version this build writes. Files with a higher one are refused.
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(db: peewee.SqliteDatabase) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def migrate(db: peewee.SqliteDatabase, before: Callable[[int, int], None] | None = None) -> int:
    """Bring the database to :data:`SCHEMA_VERSION`; return the version it had.

    ``before(old, new)`` runs first when there is something to do (e.g. a backup).
    """
    start = user_version(db)
    if start < SCHEMA_VERSION and before is not None and start > 0:
        before(start, SCHEMA_VERSION)
    for version in range(start + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            MIGRATIONS[version - 1](db)
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute_sql(f"PRAGMA user_version = {version}")
    return start
