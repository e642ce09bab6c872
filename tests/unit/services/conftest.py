"""The service tests' own fixtures (the services and their clock come from tests/conftest.py)."""

from __future__ import annotations

import pytest

from followup_desktop.services import Changes, Services


@pytest.fixture
def announced(services: Services) -> list[Changes]:
    """Every :class:`Changes` the services announce, in order."""
    got: list[Changes] = []
    services.ctx.subscribe(got.append)
    return got
