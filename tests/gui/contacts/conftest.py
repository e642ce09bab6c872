"""A real main window (board + contacts feature) over a real SQLite file, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from shown_window import shown_window

from followup_desktop.services import Services
from followup_desktop.store.db import close_store, open_store

LONDON = ZoneInfo("Europe/London")
#: Wednesday 4 March 2026, 10:00 in London.
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@dataclass
class World:
    """The people and interviews every test starts with."""

    acme: int  # Acme Ltd — Product Designer, Scheduled
    globex: int  # Globex — Data Analyst, Applied, through Reed Talent
    hana: int  # HR at Acme
    bob: int  # interviewer at Acme (CTO)
    zoe: int  # agency recruiter at Reed Talent
    ola: int  # other


@pytest.fixture
def services(data_dir: Path) -> Iterator[Services]:
    path = open_store(data_dir)
    yield Services.create(clock=lambda: NOW, tz=LONDON, db_path=path)
    close_store()


@pytest.fixture
def world(services: Services) -> World:
    acme = services.board.create_interview("Acme Ltd", "Product Designer", "scheduled")
    globex = services.board.create_interview(
        "Globex", "Data Analyst", "applied", agency="Reed Talent"
    )
    c = services.contacts
    hana = c.create_contact(
        "Hana Ito",
        job_title="HR Business Partner",
        kind="hr",
        organization="Acme Ltd",
        email="hana@acme.example",
    )
    bob = c.create_contact("Bob Ray", job_title="CTO", kind="interviewer", organization="Acme Ltd")
    zoe = c.create_contact(
        "Zoë Müller",
        job_title="Recruitment Consultant",
        kind="agency_recruiter",
        organization="Reed Talent",
    )
    ola = c.create_contact("Ola Nordmann", kind="other")
    c.link(acme, hana, "hr")
    start = NOW - timedelta(days=1)
    services.rounds.add_round(
        acme, start, start + timedelta(hours=1), kind="first_interview", interviewer_ids=[bob]
    )
    c.link(globex, zoe, "agency_recruiter")
    return World(acme, globex, hana, bob, zoe, ola)


@pytest.fixture
def window(qtbot, services: Services, world: World):
    from followup_desktop.ui.contacts.wiring import install_contacts

    win = shown_window(qtbot, services, install_contacts)
    yield win
    win.bridge.detach()
