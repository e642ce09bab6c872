"""Migration step 2 adds the attachment table to a version-1 file without touching its data."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.store import migrations
from followup_desktop.store import models as m
from followup_desktop.store.db import DB_FILENAME, close_store, open_store


def test_version_1_file_gains_attachments(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    # Build a real version-1 file with step 1 only.
    m.database.init(str(path))
    m.database.connect()
    with m.database.atomic():
        migrations.MIGRATIONS[0](m.database)
        m.database.execute_sql(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        m.database.execute_sql("PRAGMA user_version = 1")
    org = m.Organization.create(name="Acme Ltd")
    m.database.close()

    open_store(data_dir)
    try:
        assert migrations.user_version(m.database) == migrations.SCHEMA_VERSION >= 2
        assert "attachment" in m.database.get_tables()
        assert m.Organization.get_by_id(org.id).name == "Acme Ltd"
        m.Attachment.create(
            organization=org.id,
            kind="business_card",
            original_name="card.jpg",
            stored_path="attachments/x/card.jpg",
        )
        assert m.Attachment.select().count() == 1
    finally:
        close_store()


def test_new_file_has_attachments(data_dir: Path) -> None:
    open_store(data_dir)
    try:
        assert "attachment" in m.database.get_tables()
        assert m.Attachment not in m.ALL_MODELS
    finally:
        close_store()
