"""Migration step 3 gives organizations, contacts and interviews a stable uuid."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.services import Services
from followup_desktop.store import backup, migrations
from followup_desktop.store import models as m
from followup_desktop.store.db import DB_FILENAME, close_store, open_store

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def a_version_2_file(data_dir: Path) -> Path:
    """A real file as version 2 wrote it: no uuid columns."""
    path = open_store(data_dir)
    services = Services.create(clock=lambda: NOW, tz=ZoneInfo("Europe/London"))
    interview = services.board.create_interview("Acme Ltd", "Product Designer", agency="Reed")
    services.contacts.create_contact("Priya Patel", organization="Acme Ltd", kind="hr")
    services.contacts.link(interview, 1, "hr")
    close_store()
    conn = sqlite3.connect(path)
    for table in migrations.UUID_TABLES:
        conn.execute(f'DROP INDEX "{table}_uuid"')
        conn.execute(f'ALTER TABLE "{table}" DROP COLUMN "uuid"')
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    return path


def test_new_files_have_uuids_on_every_row(data_dir: Path) -> None:
    open_store(data_dir)
    services = Services.create(clock=lambda: NOW, tz=ZoneInfo("Europe/London"))
    services.board.create_interview("Acme Ltd", "Product Designer")
    for model in (m.Organization, m.Interview):
        (row,) = model.select()
        assert uuid.UUID(row.uuid)


def test_a_version_2_file_gains_a_unique_uuid_per_row(data_dir: Path) -> None:
    path = a_version_2_file(data_dir)
    open_store(data_dir)
    assert migrations.user_version(m.database) == migrations.SCHEMA_VERSION
    seen: set[str] = set()
    for model in (m.Organization, m.Contact, m.Interview):
        for row in model.select():
            assert uuid.UUID(row.uuid)
            seen.add(row.uuid)
    assert len(seen) == 2 + 1 + 1  # employer and agency, Priya, the interview
    # Nothing else changed, and the file as it was is kept as a backup.
    assert m.Interview.get().role == "Product Designer"
    assert m.Contact.get().name == "Priya Patel"
    (kept,) = backup.list_backups(path)
    assert kept.kind is backup.BackupKind.BEFORE_MIGRATION
    # The uniqueness is enforced by the file, not only by the models.
    with pytest.raises(Exception, match="UNIQUE"):
        m.Organization.create(name="Globex", uuid=m.Organization.get().uuid)
    assert (data_dir / DB_FILENAME).exists()


def test_new_rows_after_the_migration_get_uuids(data_dir: Path) -> None:
    a_version_2_file(data_dir)
    open_store(data_dir)
    services = Services.create(clock=lambda: NOW, tz=ZoneInfo("Europe/London"))
    new = services.board.create_interview("Globex", "Data Analyst")
    assert uuid.UUID(m.Interview.get_by_id(new).uuid)
