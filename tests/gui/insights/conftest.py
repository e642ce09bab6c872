"""The Insights view over a real SQLite file with sample data, offscreen, at a fixed time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop import sample_data
from followup_desktop.services import Services
from followup_desktop.store.db import close_store, open_store

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def services(data_dir: Path) -> Iterator[Services]:
    path = open_store(data_dir)
    yield Services.create(clock=lambda: NOW, tz=LONDON, db_path=path)
    close_store()


@pytest.fixture
def sample(services: Services) -> Services:
    sample_data.generate(services, size=40)
    return services
