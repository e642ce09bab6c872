"""Private by default: the data folder is 0700; the database, backups and exports are 0600,
whatever the umask (a job search is nobody else's business on a shared computer)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.services import Services
from followup_desktop.services.exchange import ExchangeService
from followup_desktop.store import backup
from followup_desktop.store.db import DB_FILENAME, close_store, open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most careless umask there is: everything readable and writable by everyone."""
    old = os.umask(0)
    yield
    os.umask(old)
    close_store()


def test_the_store_backups_and_exports_are_private(tmp_path: Path, open_umask: None) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    path = open_store(folder)
    services = Services.create(clock=lambda: NOW, tz=ZoneInfo("Europe/London"), db_path=path)
    services.board.create_interview("Acme Ltd", "Designer")
    assert mode(folder) == 0o700
    assert mode(path) == 0o600
    for side in ("-wal", "-shm"):
        assert mode(Path(f"{path}{side}")) == 0o600
    exchange = ExchangeService.of(services)
    daily = exchange.take_daily_backup()
    assert daily is not None
    assert mode(daily.parent) == 0o700
    assert mode(daily) == 0o600
    assert mode(exchange.back_up(tmp_path / "elsewhere.sqlite3")) == 0o600
    for fmt in ("json", "csv", "ics"):
        for written in exchange.export(tmp_path / f"export.{fmt}", fmt):
            assert mode(written) == 0o600, written
    # A restore keeps the file private too.
    exchange.restore(daily)
    assert mode(path) == 0o600
    assert all(mode(b.path) == 0o600 for b in backup.list_backups(path))


def test_the_real_app_creates_everything_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "followup_desktop",
            "--data-dir",
            str(folder),
            "--quit-after",
            "2500",
        ],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        preexec_fn=lambda: os.umask(0),
        check=True,
        timeout=60,
        capture_output=True,
    )
    assert mode(folder) == 0o700
    assert mode(folder / DB_FILENAME) == 0o600
    for side in ("-wal", "-shm"):
        extra = folder / f"{DB_FILENAME}{side}"
        if extra.exists():
            assert mode(extra) == 0o600
    (daily,) = (folder / "backups").iterdir()
    assert mode(folder / "backups") == 0o700
    assert mode(daily) == 0o600
    for item in folder.rglob("*"):
        assert not mode(item) & 0o077, f"{item} is readable by others: {oct(mode(item))}"
