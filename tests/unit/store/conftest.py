"""Store tests open real SQLite files; close the shared connection after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from followup_desktop.store.db import close_store


@pytest.fixture(autouse=True)
def _closed_store_afterwards() -> Iterator[None]:
    yield
    close_store()
