"""Shared test set-up for every test of Follow-Up.

Runs before any test module imports Qt:
- ``QT_QPA_PLATFORM`` defaults to ``offscreen`` (scripts/test.sh sets ``xcb`` for the e2e run);
- the XDG base directories and ``XDG_RUNTIME_DIR`` point into a private temporary folder, so no
  test reads or writes the real user's settings or data, and Qt does not warn about a missing
  or too open runtime directory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixed_clock import LONDON, START, Clock
from hypothesis import settings

from followup_desktop.services import Services
from followup_desktop.store.db import close_store, open_store

# Timing is what the benchmarks measure; a busy 2-core CI machine must not fail a property
# test for being slow. Examples are not saved between runs either.
settings.register_profile("followup", deadline=None, database=None)
settings.load_profile("followup")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


_SESSION_HOME = Path(tempfile.mkdtemp(prefix="followup-tests-"))
for _var, _sub in {
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_CACHE_HOME": "cache",
    "XDG_STATE_HOME": "state",
}.items():
    os.environ[_var] = str(_private_dir(_SESSION_HOME / _sub))
if not os.environ.get("XDG_RUNTIME_DIR") or not os.access(os.environ["XDG_RUNTIME_DIR"], os.W_OK):
    os.environ["XDG_RUNTIME_DIR"] = str(_private_dir(_SESSION_HOME / "runtime"))


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty, private (mode 0700) folder for the app's data (database, exports...)."""
    return _private_dir(tmp_path / "data")


@pytest.fixture
def clock() -> Clock:
    """The services' clock, at :data:`fixed_clock.START`, moved by the test."""
    return Clock(START)


@pytest.fixture
def services(data_dir: Path, clock: Clock) -> Iterator[Services]:
    """The services over a fresh database file in ``data_dir``, on ``clock``, in London."""
    path = open_store(data_dir)
    yield Services.create(clock=clock, tz=LONDON, db_path=path)
    close_store()
