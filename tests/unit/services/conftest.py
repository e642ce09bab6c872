"""Services over a real SQLite file, with a clock the test moves by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fixed_clock import Clock

from followup_desktop.services import Changes, Services
from followup_desktop.store.db import close_store, open_store

LONDON = ZoneInfo("Europe/London")
#: A Tuesday, in GMT (British Summer Time starts on 29 March 2026).
START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def services(data_dir: Path, clock: Clock) -> Iterator[Services]:
    path = open_store(data_dir)
    yield Services.create(clock=clock, tz=LONDON, db_path=path)
    close_store()


@pytest.fixture
def announced(services: Services) -> list[Changes]:
    """Every :class:`Changes` the services announce, in order."""
    got: list[Changes] = []
    services.ctx.subscribe(got.append)
    return got
