"""Opening the one SQLite file, on real files: migrations, pragmas, permissions, refusals.

A file the app refuses (newer, foreign, damaged) must stay byte-for-byte as it was: same
bytes, same modification time, and no ``-wal`` / ``-shm`` files appearing beside it.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import peewee
import pytest

from followup_desktop.core.errors import StoreError
from followup_desktop.core.stages import DEFAULT_STAGES
from followup_desktop.services import Services
from followup_desktop.store import db as store_db
from followup_desktop.store import migrations
from followup_desktop.store import models as m
from followup_desktop.store.db import DB_FILENAME, close_store, open_store
from followup_desktop.store.migrations import APPLICATION_ID, SCHEMA_VERSION

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def pragma(name: str) -> object:
    return m.database.execute_sql(f"PRAGMA {name}").fetchone()[0]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def raw(path: Path, *statements: str) -> None:
    """Run SQL on a file with the plain sqlite3 module (not through the app)."""
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def a_good_file(data_dir: Path, interviews: int = 1) -> Path:
    """A real Follow-Up database holding a few interviews, closed again."""
    path = open_store(data_dir)
    services = Services.create(clock=lambda: NOW, tz=ZoneInfo("Europe/London"))
    for i in range(interviews):
        services.board.create_interview(f"Company {i}", "Product Designer", notes="x" * 500)
    close_store()
    return path


@dataclass(frozen=True)
class Snapshot:
    """Everything about a folder that refusing a file must not change."""

    names: tuple[str, ...]
    content: bytes
    mtime_ns: int
    mode: int

    @classmethod
    def of(cls, path: Path) -> Snapshot:
        st = path.stat()
        return cls(
            tuple(sorted(os.listdir(path.parent))),
            path.read_bytes(),
            st.st_mtime_ns,
            stat.S_IMODE(st.st_mode),
        )


def assert_refused(data_dir: Path, reason: str) -> StoreError:
    path = data_dir / DB_FILENAME
    before = Snapshot.of(path)
    with pytest.raises(StoreError) as caught:
        open_store(data_dir)
    assert caught.value.reason == reason
    assert "untouched" in str(caught.value)
    assert Snapshot.of(path) == before
    assert m.database.is_closed()
    return caught.value


# -- a new file ---------------------------------------------------------------------------


def test_migration_from_empty_sets_versions_and_seeds_the_default_stages(data_dir: Path):
    path = open_store(data_dir)

    assert path == data_dir / DB_FILENAME
    assert pragma("user_version") == SCHEMA_VERSION
    assert pragma("application_id") == APPLICATION_ID
    stages = list(m.Stage.select().order_by(m.Stage.position))
    assert [s.key for s in stages] == [s.key for s in DEFAULT_STAGES]
    assert [s.label for s in stages] == [
        "Applied",
        "Scheduled",
        "Interviewed",
        "Awaiting reply",
        "Next round",
        "Offer",
        "Accepted",
        "Not this time",
    ]
    assert [s.position for s in stages] == list(range(8))
    assert [s.meaning for s in stages] == [s.meaning.value for s in DEFAULT_STAGES]
    assert not any(s.hidden for s in stages)
    assert {s.key for s in m.Setting.select()} >= {"rules", "profile"}


def test_the_header_says_follow_up_even_to_other_tools(data_dir: Path):
    path = open_store(data_dir)
    close_store()
    header = path.read_bytes()[:100]
    # application_id sits at offset 68, user_version at 60 (big-endian), per the file format.
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID
    assert int.from_bytes(header[60:64], "big") == SCHEMA_VERSION


def test_wal_foreign_keys_and_synchronous_normal_are_on(data_dir: Path):
    open_store(data_dir)

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 1  # NORMAL
    with pytest.raises(peewee.IntegrityError):
        m.Interview.insert(role="x", employer=12345, stage=12345).execute()


def test_wal_is_recorded_in_the_file_for_other_connections(data_dir: Path):
    path = open_store(data_dir)
    close_store()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_a_new_data_dir_is_private_and_so_is_the_file(tmp_path: Path):
    old_umask = os.umask(0o022)  # the usual, permissive umask
    try:
        data_dir = tmp_path / "nested" / "FollowUp"
        path = open_store(data_dir)
        # A write keeps the -wal and -shm files alive while the store is open.
        m.Setting.insert(key="probe", value=1).on_conflict_replace().execute()

        assert mode(data_dir) == 0o700
        assert mode(path) == 0o600
        for suffix in ("-wal", "-shm"):
            companion = Path(f"{path}{suffix}")
            assert companion.exists()
            assert mode(companion) == 0o600
    finally:
        os.umask(old_umask)


def test_the_hot_paths_use_their_indexes(data_dir: Path):
    open_store(data_dir)

    def plan(sql: str) -> str:
        return " ".join(row[3] for row in m.database.execute_sql(f"EXPLAIN QUERY PLAN {sql}"))

    column = plan("SELECT id FROM interview WHERE stage_id = 1 AND archived = 0 ORDER BY position")
    assert "INDEX interview_stage_id_archived_position" in column
    assert "TEMP B-TREE" not in column  # the order comes from the index, not a sort
    due = plan("SELECT id FROM follow_up WHERE state = 'pending' AND due_at <= '2026-01-01'")
    assert "INDEX follow_up_state_due_at" in due


# -- an existing file -----------------------------------------------------------------------


def test_reopening_a_good_file_keeps_its_data(data_dir: Path):
    path = a_good_file(data_dir, interviews=3)
    size = path.stat().st_size

    assert open_store(data_dir) == path
    assert m.Interview.select().count() == 3
    assert m.Stage.select().count() == len(DEFAULT_STAGES)  # not seeded twice
    assert pragma("user_version") == SCHEMA_VERSION
    assert path.stat().st_size >= size


def test_opening_twice_in_a_row_rebinds_to_the_new_file(tmp_path: Path):
    first = a_good_file(tmp_path / "one", interviews=2)
    open_store(first.parent)
    open_store(tmp_path / "two")  # switching files without closing first
    assert m.Interview.select().count() == 0


def test_an_empty_zero_byte_file_is_accepted_and_initialised(data_dir: Path):
    path = data_dir / DB_FILENAME
    path.write_bytes(b"")
    path.chmod(0o644)

    open_store(data_dir)

    assert pragma("user_version") == SCHEMA_VERSION
    assert m.Stage.select().count() == len(DEFAULT_STAGES)
    assert mode(path) == 0o600


# -- refusals: the file stays exactly as it was -------------------------------------------


def test_a_file_from_a_newer_version_is_refused_and_untouched(data_dir: Path):
    path = a_good_file(data_dir, interviews=2)
    raw(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    assert not Path(f"{path}-wal").exists()

    error = assert_refused(data_dir, "newer")

    assert "newer version" in str(error)
    assert str(SCHEMA_VERSION + 1) in str(error)


def test_a_newer_file_is_refused_by_inspect_alone_without_creating_anything(data_dir: Path):
    path = a_good_file(data_dir)
    raw(path, f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    before = Snapshot.of(path)
    with pytest.raises(StoreError):
        store_db.inspect(path)
    assert Snapshot.of(path) == before


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(2).randbytes(64 * 1024))


def _text_file(path: Path) -> None:
    path.write_text("Dear diary,\nToday I applied for three jobs.\n" * 200, encoding="utf-8")


def _another_apps_database(path: Path) -> None:
    raw(
        path,
        "CREATE TABLE recipe (id INTEGER PRIMARY KEY, title TEXT)",
        "INSERT INTO recipe (title) VALUES ('Apple pie')",
    )


def _another_apps_wal_database(path: Path) -> None:
    raw(
        path,
        "PRAGMA journal_mode = wal",
        "CREATE TABLE song (title TEXT)",
        "INSERT INTO song VALUES ('Blue Monday')",
    )


def _another_apps_id_without_tables(path: Path) -> None:
    raw(path, "PRAGMA application_id = 1234")


def _another_apps_versioned_database(path: Path) -> None:
    raw(path, "PRAGMA user_version = 1", "CREATE TABLE stage (key TEXT)")


@pytest.mark.parametrize(
    "make",
    [
        _random_bytes,
        _text_file,
        _another_apps_database,
        _another_apps_wal_database,
        _another_apps_id_without_tables,
        _another_apps_versioned_database,
    ],
)
def test_foreign_files_are_refused_and_untouched(data_dir: Path, make: Callable[[Path], None]):
    make(data_dir / DB_FILENAME)
    error = assert_refused(data_dir, "foreign")
    assert "not a Follow-Up database" in str(error)


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _scribbled_over(path: Path) -> None:
    data = bytearray(path.read_bytes())
    rng = random.Random(3)
    page = 4096
    for offset in range(page + 16, len(data), 97):  # every page after the header's
        data[offset] = rng.randrange(256)
    path.write_bytes(bytes(data))


def _header_only(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(84))


@pytest.mark.parametrize("damage", [_truncated, _scribbled_over, _header_only])
def test_a_damaged_file_is_refused_and_untouched(data_dir: Path, damage: Callable[[Path], None]):
    path = a_good_file(data_dir, interviews=40)
    assert path.stat().st_size > 8 * 4096  # enough pages for damage to land on data
    damage(path)
    error = assert_refused(data_dir, "damaged")
    assert "damaged" in str(error)


# -- migrations ---------------------------------------------------------------------------


def _add_a_v2_step(monkeypatch: pytest.MonkeyPatch, step: Callable[[peewee.Database], None]) -> int:
    steps = (*migrations.MIGRATIONS, step)
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(steps))
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", len(steps))
    return len(steps)


def test_an_older_file_is_migrated_after_the_backup_hook(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    path = a_good_file(data_dir, interviews=2)
    ran: list[str] = []

    def v2(db: peewee.Database) -> None:
        ran.append("v2")
        db.execute_sql("CREATE TABLE template (id INTEGER PRIMARY KEY, body TEXT)")

    new = _add_a_v2_step(monkeypatch, v2)
    hooked: list[tuple[Path, int, int]] = []

    open_store(data_dir, before_migration=lambda p, old, to: hooked.append((p, old, to)))

    assert hooked == [(path, SCHEMA_VERSION, new)]
    assert ran == ["v2"]
    assert pragma("user_version") == new
    assert m.Interview.select().count() == 2


def test_a_new_file_needs_no_backup_hook(data_dir: Path):
    hooked: list[object] = []
    open_store(data_dir, before_migration=lambda *a: hooked.append(a))
    assert hooked == []


def test_a_failing_migration_leaves_the_previous_version_intact(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    path = a_good_file(data_dir, interviews=2)

    def broken(db: peewee.Database) -> None:
        db.execute_sql("CREATE TABLE half_done (x)")
        db.execute_sql("DROP TABLE interview_contact")
        raise RuntimeError("power cut")

    _add_a_v2_step(monkeypatch, broken)
    with pytest.raises(RuntimeError):
        open_store(data_dir)
    close_store()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "half_done" not in tables
        assert "interview_contact" in tables
        assert conn.execute("SELECT count(*) FROM interview").fetchone()[0] == 2
    finally:
        conn.close()


def test_a_file_left_with_a_wal_after_a_crash_opens_with_its_last_writes(tmp_path: Path):
    import shutil

    first = open_store(tmp_path / "running")
    services = Services.create(clock=lambda: NOW, tz=ZoneInfo("Europe/London"))
    m.database.execute_sql("PRAGMA wal_autocheckpoint = 0")  # keep the write in the -wal
    services.board.create_interview("Acme Ltd", "Product Designer")
    # Copy the files while the app is still running: what a power cut leaves behind.
    crashed = tmp_path / "crashed"
    crashed.mkdir(mode=0o700)
    for suffix in ("", "-wal"):
        shutil.copy(f"{first}{suffix}", crashed / f"{DB_FILENAME}{suffix}")
    close_store()
    assert Path(crashed / f"{DB_FILENAME}-wal").stat().st_size > 0

    open_store(crashed)

    assert [i.role for i in m.Interview.select()] == ["Product Designer"]
