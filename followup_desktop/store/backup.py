"""Online backups of the one SQLite file, their rotation, and restoring one.

Backups are taken through SQLite's backup API from a separate connection, so they are a
consistent snapshot even while the app is writing. They live in ``<data dir>/backups/``
(folder 0700, files 0600) and are named after the moment and the reason they were taken::

    followup-2026-03-10T120000Z-daily.sqlite3

Rotation keeps the newest *daily* backup of each of the last 7 days that have one, and of
each of the last 4 weeks; the backups taken for a reason (before a migration, a restore, an
import, or on request) are kept 10 deep per reason. A restore always backs up the current
file first, so a restore can itself be undone.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path

from followup_desktop.core.errors import StoreError
from followup_desktop.store import models
from followup_desktop.store.db import inspect
from followup_desktop.store.migrations import migrate

BACKUP_DIRNAME = "backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
#: Backups taken for a reason (migration, restore, import, request): this many per reason.
KEEP_PER_REASON = 10
#: A half-written temporary file older than this was left by a crash (or a kill).
STALE_TEMP = timedelta(minutes=10)

_NAME = re.compile(r"^followup-(\d{4}-\d{2}-\d{2}T\d{6}Z)-([a-z-]+?)(?:-(\d+))?\.sqlite3$")
_STAMP = "%Y-%m-%dT%H%M%SZ"


class BackupKind(StrEnum):
    """Why a backup was taken."""

    DAILY = "daily"
    BEFORE_MIGRATION = "before-migration"
    BEFORE_RESTORE = "before-restore"
    BEFORE_IMPORT = "before-import"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file in the backups folder."""

    path: Path
    taken_at: datetime
    kind: BackupKind
    size: int


def backups_dir(db_path: Path) -> Path:
    """The backups folder of the database at ``db_path``."""
    return db_path.parent / BACKUP_DIRNAME


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@contextlib.contextmanager
def _private_files() -> Iterator[None]:
    old = os.umask(0o077)
    try:
        yield None
    finally:
        os.umask(old)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; directories cannot be opened like this on Windows.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _connect_source(db_path: Path) -> sqlite3.Connection:
    if not db_path.exists():
        raise StoreError(f"There is no database at {db_path} to back up.", reason="unusable")
    # A normal (not read-only) connection: a WAL reader may need to create the -shm file.
    conn = sqlite3.connect(db_path, timeout=10)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def copy_database(source: Path, target: Path) -> None:
    """Write a consistent copy of ``source`` to ``target`` (0600, replaced atomically).

    The copy is a self-contained file (rollback journal, no ``-wal``) that passed
    ``PRAGMA quick_check``.

    Raises:
        StoreError: the source cannot be read, or the copy cannot be written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    try:
        src = _connect_source(source)
        try:
            with _private_files():
                dst = sqlite3.connect(temp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                check = dst.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise StoreError(
                        f"The copy of {source.name} failed its check ({check}).",
                        reason="damaged",
                    )
            finally:
                dst.close()
        finally:
            src.close()
        os.chmod(temp, 0o600)
        with temp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, target)
        _fsync_dir(target.parent)
    except sqlite3.Error as exc:
        raise StoreError(
            f"Could not copy {source.name} to {target}: {exc}.", reason="damaged"
        ) from exc
    except OSError as exc:
        raise StoreError(f"Could not write {target}: {exc.strerror or exc}.") from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _backup_name(taken_at: datetime, kind: BackupKind, folder: Path) -> Path:
    stem = f"followup-{taken_at.astimezone(UTC).strftime(_STAMP)}-{kind.value}"
    candidate = folder / f"{stem}.sqlite3"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}.sqlite3"
        n += 1
    return candidate


def _ensure_folder(folder: Path) -> None:
    try:
        with _private_files():
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"Could not create the backups folder {folder}: {exc.strerror or exc}."
        ) from exc
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)


def back_up(
    db_path: Path,
    kind: BackupKind = BackupKind.MANUAL,
    *,
    to: Path | None = None,
    now: datetime | None = None,
    overwrite: bool = False,
) -> Path:
    """Back up ``db_path`` now; return the backup's path.

    Args:
        db_path: the live database.
        kind: why (names the file in the backups folder; rotation depends on it).
        to: write here instead of the backups folder (e.g. a USB stick).
        now: the moment to name the file after (tests).
        overwrite: replace ``to`` if it exists (a save dialog already asked).

    Raises:
        StoreError: nothing to back up, the target exists, or writing failed.
    """
    if to is not None:
        target = Path(to).expanduser().absolute()
        if target.resolve() == db_path.resolve():
            raise StoreError("A backup cannot replace the database it copies.")
        if target.exists() and not overwrite:
            raise StoreError(f"{target} already exists; choose another name.")
    else:
        folder = backups_dir(db_path)
        _ensure_folder(folder)
        target = _backup_name(now or _utcnow(), kind, folder)
    copy_database(db_path, target)
    if to is None:
        rotate(db_path)
    return target


def back_up_before_migration(db_path: Path, old: int, new: int) -> None:
    """The ``open_store`` hook: a file about to be migrated is backed up first."""
    del old, new
    back_up(db_path, BackupKind.BEFORE_MIGRATION)


def _parse(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        kind = BackupKind(match.group(2))
        taken_at = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, taken_at, kind, size)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups in the backups folder, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = [info for p in folder.iterdir() if (info := _parse(p)) is not None]
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def take_daily_backup(
    db_path: Path, *, now: datetime | None = None, tz: tzinfo | None = None
) -> Path | None:
    """At start: back up unless today already has a daily backup; then rotate.

    Returns the new backup, or ``None`` when today already had one.
    """
    now = now or _utcnow()
    today = _local(now, tz).date()
    for info in list_backups(db_path):
        if info.kind is BackupKind.DAILY and _local(info.taken_at, tz).date() == today:
            return None
    folder = backups_dir(db_path)
    _ensure_folder(folder)
    target = _backup_name(now, BackupKind.DAILY, folder)
    copy_database(db_path, target)
    rotate(db_path, now=now, tz=tz)
    return target


def rotate(db_path: Path, *, now: datetime | None = None, tz: tzinfo | None = None) -> list[Path]:
    """Delete the backups rotation no longer keeps; return what was deleted."""
    now = now or _utcnow()
    everything = list_backups(db_path)
    keep: set[Path] = set()
    days: dict[object, Path] = {}
    weeks: dict[object, Path] = {}
    per_reason: dict[BackupKind, int] = {}
    for info in everything:  # newest first
        if info.kind is BackupKind.DAILY:
            local = _local(info.taken_at, tz).date()
            if local not in days and len(days) < KEEP_DAILY:
                days[local] = info.path
            week = local.isocalendar()[:2]
            if week not in weeks and len(weeks) < KEEP_WEEKLY:
                weeks[week] = info.path
        else:
            count = per_reason.get(info.kind, 0)
            if count < KEEP_PER_REASON:
                keep.add(info.path)
            per_reason[info.kind] = count + 1
    keep |= set(days.values()) | set(weeks.values())
    removed: list[Path] = []
    for info in everything:
        if info.path not in keep:
            with contextlib.suppress(OSError):
                info.path.unlink()
                removed.append(info.path)
    folder = backups_dir(db_path)
    if folder.is_dir():
        for temp in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                age = now - datetime.fromtimestamp(temp.stat().st_mtime, UTC)
                if age > STALE_TEMP:
                    temp.unlink()
                    removed.append(temp)
    return removed


def check_backup(path: Path) -> None:
    """Make sure ``path`` is a whole Follow-Up database this version can read.

    Raises:
        StoreError: empty, not ours, newer, or damaged.
    """
    if inspect(path) is None:
        raise StoreError(f"{path.name} is empty: it is not a backup.", reason="foreign")


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that passes :func:`check_backup` (damaged ones are skipped)."""
    for info in list_backups(db_path):
        try:
            check_backup(info.path)
        except StoreError:
            continue
        return info
    return None


def set_aside(db_path: Path, reason: str = "damaged", *, now: datetime | None = None) -> Path:
    """Rename a refused database (and its ``-wal`` / ``-shm``) out of the way, unchanged.

    Returns the new name, e.g. ``followup.sqlite3.damaged-2026-03-10T120000Z``; ``reason``
    is the :class:`StoreError` reason (damaged, newer, foreign...).
    """
    stamp = (now or _utcnow()).astimezone(UTC).strftime(_STAMP)
    label = re.sub(r"[^a-z]", "", reason.lower()) or "refused"
    target = db_path.with_name(f"{db_path.name}.{label}-{stamp}")
    n = 2
    while target.exists():
        target = db_path.with_name(f"{db_path.name}.{label}-{stamp}-{n}")
        n += 1
    try:
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{target}{suffix}"))
        os.replace(db_path, target)
    except OSError as exc:
        raise StoreError(f"Could not move {db_path.name} aside: {exc.strerror or exc}.") from exc
    return target


def _bound_to(db_path: Path) -> bool:
    db = models.database
    if db.database is None or db.is_closed():
        return False
    with contextlib.suppress(OSError):
        return Path(str(db.database)).resolve() == db_path.resolve()
    return False


def restore(backup_path: Path, db_path: Path, *, now: datetime | None = None) -> Path | None:
    """Put the content of ``backup_path`` into the database at ``db_path``.

    The current file is backed up first (kind ``before-restore``); its path is returned
    (``None`` when there was no file, e.g. a damaged one was set aside). When the store is
    open on ``db_path`` the restore happens through the live connection, in one
    transaction, and an older backup is migrated at once; the caller then announces that
    everything changed.

    Raises:
        StoreError: the backup is empty, not ours, newer or damaged (nothing was changed),
            or the restore failed (the current content stays).
    """
    check_backup(backup_path)
    if not db_path.exists() or db_path.stat().st_size == 0:
        copy_database(backup_path, db_path)
        return None
    safety = back_up(db_path, BackupKind.BEFORE_RESTORE, now=now)
    live = _bound_to(db_path)
    try:
        src = sqlite3.connect(f"{backup_path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            if live:
                src.backup(models.database.connection())
            else:
                dst = sqlite3.connect(db_path, timeout=10)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise StoreError(
            f"Could not restore {backup_path.name}: {exc}. Your data was not changed.",
            reason="unusable",
        ) from exc
    if live:
        migrate(models.database)
    return safety
