"""Opening the one SQLite file: checks first, then WAL, foreign keys and migrations.

A file that is not ours, comes from a newer version, or is damaged is refused with a
:class:`StoreError` *before* anything writes to it: it stays byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.core.errors import StoreError
from followup_desktop.store import models
from followup_desktop.store.migrations import APPLICATION_ID, SCHEMA_VERSION, migrate

DB_FILENAME = "followup.sqlite3"
_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class Inspection:
    """What a read-only look at an existing file found."""

    user_version: int
    application_id: int
    tables: int


def inspect(path: Path) -> Inspection | None:
    """Look at ``path`` without writing to it; ``None`` if absent or empty.

    Raises:
        StoreError: not a Follow-Up database, from a newer version, or damaged.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as fh:
        header = fh.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        raise StoreError(
            f"{path.name} is not a Follow-Up database (it is not an SQLite file at all). "
            "It was left untouched.",
            reason="foreign",
        )
    # A read-only connection to a WAL-mode file still creates -wal and -shm files beside it.
    # With no -wal to read, "immutable" reads the file alone and creates nothing.
    query = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path.name} cannot be opened: {exc}.", reason="unusable") from exc
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        if app_id != APPLICATION_ID and (tables or version or app_id):
            raise StoreError(
                f"{path.name} is an SQLite file, but not a Follow-Up database. "
                "It was left untouched.",
                reason="foreign",
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path.name} was written by a newer version of Follow-Up (data format "
                f"{version}; this version reads up to {SCHEMA_VERSION}). Please update "
                "Follow-Up. The file was left untouched.",
                reason="newer",
            )
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(
                f"{path.name} is damaged (SQLite says: {check}). It was left untouched.",
                reason="damaged",
            )
        return Inspection(version, app_id, tables)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path.name} is damaged or is not a Follow-Up database ({exc}). "
            "It was left untouched.",
            reason="damaged",
        ) from exc
    finally:
        conn.close()


@contextlib.contextmanager
def _private_umask() -> Iterator[None]:
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _tighten_permissions(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(candidate, 0o600)


def open_store(
    data_dir: Path,
    *,
    before_migration: Callable[[Path, int, int], None] | None = None,
) -> Path:
    """Open (creating if needed) ``data_dir/followup.sqlite3`` and bind the models to it.

    Returns the database path. An existing file about to be migrated is first backed up
    into ``data_dir/backups/``; then ``before_migration(path, old, new)`` runs, if given.
    """
    with _private_umask():
        data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    path = data_dir / DB_FILENAME
    inspect(path)
    db = models.database
    if not db.is_closed():
        db.close()
    with _private_umask():
        db.init(
            str(path),
            pragmas={
                "journal_mode": "wal",
                "foreign_keys": 1,
                "synchronous": 1,  # NORMAL: durable at checkpoints, safe in WAL
                "busy_timeout": 5000,
            },
        )
        db.connect(reuse_if_open=True)

        def hook(old: int, new: int) -> None:
            # Never migrate without a backup of the file as it was (store/backup.py).
            from followup_desktop.store.backup import back_up_before_migration

            back_up_before_migration(path, old, new)
            if before_migration is not None:
                before_migration(path, old, new)

        migrate(db, hook)
    _tighten_permissions(path)
    return path


def close_store() -> None:
    db = models.database
    if db.database is not None and not db.is_closed():
        db.close()
