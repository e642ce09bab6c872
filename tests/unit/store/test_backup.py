"""Online backups, rotation, the pre-migration backup and restoring, on real files."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import peewee
import pytest

from followup_desktop.core.errors import StoreError
from followup_desktop.services import Services
from followup_desktop.store import backup, migrations
from followup_desktop.store import models as m
from followup_desktop.store.backup import BackupKind
from followup_desktop.store.db import DB_FILENAME, close_store, open_store

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def roles(path: Path) -> list[str]:
    """The interview roles in a database file, read with plain sqlite3."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT role FROM interview ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def services(data_dir: Path) -> Services:
    path = open_store(data_dir)
    return Services.create(clock=lambda: NOW, tz=LONDON, db_path=path)


def test_backup_is_a_private_consistent_copy(data_dir: Path, services: Services) -> None:
    services.board.create_interview("Acme Ltd", "Product Designer")
    assert services.db_path is not None
    made = backup.back_up(services.db_path, now=NOW)
    assert made.parent == data_dir / "backups"
    assert made.name == "followup-2026-03-10T120000Z-manual.sqlite3"
    assert mode(made) == 0o600
    assert mode(made.parent) == 0o700
    assert roles(made) == ["Product Designer"]
    # Self-contained: a single file in rollback-journal mode, no -wal beside it.
    assert not Path(f"{made}-wal").exists()
    with made.open("rb") as fh:
        header = fh.read(20)
    assert header[18:20] == b"\x01\x01"
    assert backup.list_backups(services.db_path)[0].kind is BackupKind.MANUAL


def test_backup_while_a_write_is_in_flight_sees_only_committed_data(
    services: Services,
) -> None:
    services.board.create_interview("Acme Ltd", "Committed")
    assert services.db_path is not None
    with m.database.atomic():
        services.board.create_interview("Globex", "Not yet committed")
        made = backup.back_up(services.db_path, now=NOW)
    assert roles(made) == ["Committed"]
    assert [i.role for i in m.Interview.select().order_by(m.Interview.id)] == [
        "Committed",
        "Not yet committed",
    ]


def test_backup_to_a_chosen_file_never_overwrites_by_accident(
    tmp_path: Path, services: Services
) -> None:
    assert services.db_path is not None
    target = tmp_path / "usb" / "my-job-search.sqlite3"
    assert backup.back_up(services.db_path, to=target) == target
    assert mode(target) == 0o600
    with pytest.raises(StoreError, match="already exists"):
        backup.back_up(services.db_path, to=target)
    assert backup.back_up(services.db_path, to=target, overwrite=True) == target
    with pytest.raises(StoreError, match="cannot replace"):
        backup.back_up(services.db_path, to=services.db_path, overwrite=True)
    # Backing up somewhere else does not fill the backups folder.
    assert backup.list_backups(services.db_path) == []


def test_daily_backup_at_most_once_a_day(services: Services) -> None:
    db_path = services.db_path
    assert db_path is not None
    first = backup.take_daily_backup(db_path, now=NOW, tz=LONDON)
    assert first is not None
    assert backup.take_daily_backup(db_path, now=NOW + timedelta(hours=8), tz=LONDON) is None
    # A manual backup does not count as the day's automatic one, nor the other way round.
    backup.back_up(db_path, BackupKind.MANUAL, now=NOW + timedelta(days=1))
    second = backup.take_daily_backup(db_path, now=NOW + timedelta(days=1, hours=1), tz=LONDON)
    assert second is not None
    kinds = [b.kind for b in backup.list_backups(db_path)]
    assert kinds == [BackupKind.DAILY, BackupKind.MANUAL, BackupKind.DAILY]


def test_the_day_is_the_local_day(services: Services) -> None:
    db_path = services.db_path
    assert db_path is not None
    tokyo = ZoneInfo("Asia/Tokyo")
    # 14:00 UTC is 23:00 in Tokyo; 16:00 UTC is already the next day there, not in London.
    assert backup.take_daily_backup(db_path, now=NOW.replace(hour=14), tz=tokyo) is not None
    assert backup.take_daily_backup(db_path, now=NOW.replace(hour=16), tz=LONDON) is None
    assert backup.take_daily_backup(db_path, now=NOW.replace(hour=16), tz=tokyo) is not None


def test_rotation_keeps_seven_daily_and_four_weekly(services: Services) -> None:
    db_path = services.db_path
    assert db_path is not None
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)  # a Thursday
    for day in range(60):
        assert backup.take_daily_backup(db_path, now=start + timedelta(days=day), tz=LONDON)
    kept = {b.taken_at.date() for b in backup.list_backups(db_path)}
    last = (start + timedelta(days=59)).date()
    daily = {last - timedelta(days=n) for n in range(7)}
    # The newest backup of each of the four newest ISO weeks (Sunday ends a week).
    weekly = {d for d in kept if d not in daily}
    assert daily <= kept
    assert len(kept) <= 7 + 4
    newest_of_week: dict[tuple[int, int], object] = {}
    for d in sorted(kept, reverse=True):
        newest_of_week.setdefault(d.isocalendar()[:2], d)
    assert len(newest_of_week) == 4
    assert weekly <= set(newest_of_week.values())
    files = sorted(p.name for p in (db_path.parent / "backups").iterdir())
    assert len(files) == len(kept)


def test_rotation_keeps_ten_of_each_reason_and_removes_stale_temp_files(
    services: Services,
) -> None:
    db_path = services.db_path
    assert db_path is not None
    for n in range(12):
        backup.back_up(db_path, BackupKind.BEFORE_IMPORT, now=NOW + timedelta(minutes=n))
    backup.back_up(db_path, BackupKind.BEFORE_MIGRATION, now=NOW - timedelta(days=400))
    folder = db_path.parent / "backups"
    stale = folder / ".followup-x.sqlite3.tmp"
    fresh = folder / ".followup-y.sqlite3.tmp"
    stale.write_bytes(b"half a backup")
    fresh.write_bytes(b"a backup being written right now")
    old = (NOW - timedelta(hours=2)).timestamp()
    os.utime(stale, (old, old))
    os.utime(fresh, (NOW.timestamp(), NOW.timestamp()))
    backup.rotate(db_path, now=NOW)
    infos = backup.list_backups(db_path)
    imports = [b for b in infos if b.kind is BackupKind.BEFORE_IMPORT]
    assert len(imports) == 10
    assert min(b.taken_at for b in imports) == NOW + timedelta(minutes=2)
    assert any(b.kind is BackupKind.BEFORE_MIGRATION for b in infos)
    assert not stale.exists()
    assert fresh.exists()


def test_files_that_are_not_backups_are_left_alone(services: Services) -> None:
    db_path = services.db_path
    assert db_path is not None
    folder = db_path.parent / "backups"
    folder.mkdir()
    mine = folder / "my notes.txt"
    mine.write_text("keep me")
    for day in range(10):
        backup.take_daily_backup(db_path, now=NOW + timedelta(days=day), tz=LONDON)
    assert mine.read_text() == "keep me"


def test_a_file_is_backed_up_before_it_is_migrated(
    data_dir: Path, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.board.create_interview("Acme Ltd", "Product Designer")
    close_store()
    current = migrations.SCHEMA_VERSION

    def next_step(db: peewee.SqliteDatabase) -> None:
        db.execute_sql("CREATE TABLE future_feature (x INTEGER)")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, next_step))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    seen: list[tuple[int, int]] = []
    open_store(data_dir, before_migration=lambda _p, old, new: seen.append((old, new)))
    assert seen == [(current, current + 1)]
    (made,) = backup.list_backups(data_dir / DB_FILENAME)
    assert made.kind is BackupKind.BEFORE_MIGRATION
    conn = sqlite3.connect(made.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == current
        assert conn.execute("SELECT role FROM interview").fetchall() == [("Product Designer",)]
    finally:
        conn.close()
    assert migrations.user_version(m.database) == current + 1


def test_no_backup_no_migration(
    data_dir: Path, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    close_store()
    current = migrations.SCHEMA_VERSION
    (data_dir / "backups").write_text("a file where the backups folder should be")

    def next_step(db: peewee.SqliteDatabase) -> None:
        db.execute_sql("CREATE TABLE future_feature (x INTEGER)")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, next_step))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    with pytest.raises(StoreError):
        open_store(data_dir)
    close_store()
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == current
    finally:
        conn.close()


def test_restore_backs_up_the_current_file_first(services: Services) -> None:
    db_path = services.db_path
    assert db_path is not None
    services.board.create_interview("Acme Ltd", "Before")
    saved = backup.back_up(db_path, now=NOW)
    services.board.create_interview("Globex", "After")
    safety = backup.restore(saved, db_path, now=NOW + timedelta(minutes=5))
    assert safety is not None
    assert backup.list_backups(db_path)[0].kind is BackupKind.BEFORE_RESTORE
    # The live connection sees the restored content at once.
    assert [i.role for i in m.Interview.select()] == ["Before"]
    assert roles(safety) == ["Before", "After"]
    assert m.database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert m.database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    # The restore itself can be undone from that safety backup.
    backup.restore(safety, db_path, now=NOW + timedelta(minutes=6))
    assert [i.role for i in m.Interview.select()] == ["Before", "After"]


def test_restore_refuses_what_is_not_a_good_backup(tmp_path: Path, services: Services) -> None:
    db_path = services.db_path
    assert db_path is not None
    services.board.create_interview("Acme Ltd", "Mine")
    before = db_path.read_bytes()
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database")
    newer = backup.back_up(db_path, to=tmp_path / "newer.sqlite3")
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    for bad in (empty, text, newer, tmp_path / "missing.sqlite3"):
        with pytest.raises(StoreError):
            backup.restore(bad, db_path)
    assert [i.role for i in m.Interview.select()] == ["Mine"]
    assert backup.list_backups(db_path) == []
    del before


def test_restore_into_a_folder_whose_file_was_set_aside(data_dir: Path, services: Services) -> None:
    db_path = services.db_path
    assert db_path is not None
    services.board.create_interview("Acme Ltd", "Saved")
    saved = backup.back_up(db_path, now=NOW)
    close_store()
    aside = backup.set_aside(db_path, "damaged", now=NOW)
    assert aside.name == "followup.sqlite3.damaged-2026-03-10T120000Z"
    assert not db_path.exists()
    assert not Path(f"{db_path}-wal").exists()
    assert backup.restore(saved, db_path) is None
    open_store(data_dir)
    assert [i.role for i in m.Interview.select()] == ["Saved"]
    assert mode(db_path) == 0o600


def test_newest_good_backup_skips_damaged_ones(services: Services) -> None:
    db_path = services.db_path
    assert db_path is not None
    good = backup.back_up(db_path, now=NOW)
    broken = backup.back_up(db_path, now=NOW + timedelta(hours=1))
    with broken.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\xff" * 3000)
    found = backup.newest_good_backup(db_path)
    assert found is not None
    assert found.path == good


def test_restoring_a_backup_from_an_older_version_migrates_it(
    tmp_path: Path, services: Services
) -> None:
    db_path = services.db_path
    assert db_path is not None
    services.board.create_interview("Acme Ltd", "From long ago")
    old = backup.back_up(db_path, to=tmp_path / "old.sqlite3")
    conn = sqlite3.connect(old)
    for table in migrations.UUID_TABLES:  # what version 2 had: no uuid columns
        conn.execute(f'DROP INDEX "{table}_uuid"')
        conn.execute(f'ALTER TABLE "{table}" DROP COLUMN "uuid"')
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    services.board.create_interview("Globex", "Newer")
    backup.restore(old, db_path)
    assert migrations.user_version(m.database) == migrations.SCHEMA_VERSION
    (card,) = m.Interview.select()
    assert card.role == "From long ago"
    assert len(card.uuid) == 36
    services.board.create_interview("Initech", "After the restore")
    assert m.database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
