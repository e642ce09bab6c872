"""A real main window with the compose feature, over a real SQLite file, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fixed_clock import Clock
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from shown_window import shown_window

from followup_desktop.core.facts import FollowUpKind
from followup_desktop.services import Services

#: Tuesday 10 March 2026, 12:00 in London (GMT).
PROFILE = {
    "name": "Ana Silva",
    "email": "ana@home.example",
    "phone": "07700 900123",
    "address": "12 Elm Road\nLeeds LS1 4AB",
}


@dataclass
class Acme:
    interview: int
    employer: int
    hana: int
    ian: int
    jo: int
    thank_you: int


@pytest.fixture
def acme(services: Services, clock: Clock) -> Acme:
    """Acme Ltd — Product Designer: interviewed 3 hours ago by Ian (email) and Jo (none)."""
    services.settings.set_profile(**PROFILE)
    iid = services.board.create_interview("Acme Ltd", "Product Designer", "scheduled")
    employer = services.board.get(iid).employer_id
    c = services.contacts
    hana = c.create_contact(
        "Hana Reed",
        kind="hr",
        email="hana@acme.example",
        job_title="HR Manager",
        organization=employer,
    )
    ian = c.create_contact(
        "Ian Vale",
        kind="interviewer",
        email="ian@acme.example",
        job_title="Head of Design",
        organization=employer,
    )
    jo = c.create_contact("Jo Park", kind="interviewer", organization=employer)
    c.link(iid, hana, "hr")
    start = clock.now - timedelta(hours=3)
    services.rounds.add_round(
        iid, start, start + timedelta(hours=1), kind="first_interview", interviewer_ids=[ian, jo]
    )
    services.board.move([iid], "interviewed")
    thanks = next(
        f.id for f in services.followups.for_interview(iid) if f.kind == FollowUpKind.THANK_YOU
    )
    return Acme(iid, employer, hana, ian, jo, thanks)


@pytest.fixture
def window(qtbot, services: Services, acme: Acme):
    from followup_desktop.ui.compose_wiring import install_compose

    win = shown_window(qtbot, services, install_compose)
    yield win
    win.bridge.detach()


class UrlCatcher(QObject):
    """Stands in for the user's mail program: receives what QDesktopServices.openUrl opens."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def mail_program(qapp) -> Iterator[UrlCatcher]:
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("mailto", catcher, "handle")
    yield catcher
    QDesktopServices.unsetUrlHandler("mailto")
