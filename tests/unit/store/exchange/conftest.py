"""A data folder holding one of everything, built through the real services."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fixed_clock import Clock

from followup_desktop.services import Services
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.attachments import AttachmentService
from followup_desktop.store import models as m
from followup_desktop.store.db import close_store, open_store

LONDON = ZoneInfo("Europe/London")
#: A Tuesday in GMT.
START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
#: The clock when :func:`fill` is done.
FILLED = START + timedelta(days=2)


def fill(services: Services, data_dir: Path, clock: Clock) -> dict[str, int]:
    """Organizations, people, interviews in many stages, rounds, promises, follow-ups in
    every state, notes, a renamed / hidden / added stage, changed settings, a file."""
    board, people, rounds, followups = (
        services.board,
        services.contacts,
        services.rounds,
        services.followups,
    )
    services.settings.set_rules(thank_you_days=3, keep_in_touch_months=[2, 5])
    services.settings.set_profile(name="Zoë Ahmed", email="zoe@example.org")
    board.rename_stage("awaiting_reply", "Waiting ⏳")
    board.set_stage_hidden("offer", True)
    custom = board.add_stage("Talked to a friend", "#112233")

    acme = board.create_interview(
        "Acme Ltd",
        "Product Designer 🎨",
        "scheduled",
        agency="Reed Talent",
        location="London",
        posting_url="https://jobs.example/1",
        notes="Line one\nLine two — with “quotes”, commas, and ‏עברית‏",
        salary_notes="£45k",
        next_steps="They will write by Friday",
        reply_expected_by=date(2026, 3, 20),
    )
    globex = board.create_interview("Globex", "Data Analyst", "applied")
    board.create_interview("Initech", "=SUM(A1:A2)", "applied")
    archived = board.create_interview("Umbrella", "Researcher", "applied")
    board.create_interview("Hooli", "Engineer", custom)

    hr = people.create_contact(
        "Priya Patel", organization="Acme Ltd", kind="hr", email="priya@acme.example"
    )
    boss = people.create_contact(
        "James O'Brien", organization="Acme Ltd", kind="interviewer", job_title="Head of Design"
    )
    agent = people.create_contact(
        "Sam Reed", organization="Reed Talent", kind="agency_recruiter", phone="+44 20 7946 0000"
    )
    people.link(acme, hr, "hr")
    people.link(acme, agent, "agency_recruiter")

    first = rounds.add_round(
        acme,
        START + timedelta(days=1),
        START + timedelta(days=1, hours=1),
        kind="first_interview",
        place="https://meet.example/abc",
        interviewer_ids=[boss],
        notes="Bring the portfolio",
    )
    rounds.add_promise(first, "link to my portfolio", boss)
    sent = rounds.add_promise(first, "two references", hr)
    board.add_note(acme, "Felt good about it 🙂")
    board.move([globex], "awaiting_reply")
    board.move([globex], "next_round")

    clock.now = FILLED
    followups.catch_up()
    rounds.update_promise(sent, sent=True)
    open_ones = followups.for_interview(acme)
    assert len(open_ones) >= 2
    followups.mark_done(open_ones[0].id)
    followups.snooze(open_ones[1].id, clock.now + timedelta(days=1))
    custom_id = followups.add_custom(globex, "Ask Ravi about the team", clock.now)
    followups.edit(custom_id, title="Ask Ravi about the team 🤝")
    with services.ctx.transaction():
        log(
            ActivityKind.MESSAGE_SENT,
            "Sent a thank-you email to Priya Patel",
            interview_id=acme,
            organization_id=m.Interview.get_by_id(acme).employer_id,
            data={
                "kind": "thank_you",
                "followup_id": open_ones[0].id,
                "to": [{"name": "Priya Patel", "contact_id": hr}],
                "round_id": first,
            },
        )
    board.archive([archived])
    card = data_dir.parent / "business card.txt"
    card.write_bytes(b"Priya Patel\nHR\n\x00\xff binary too")
    files = AttachmentService(services.ctx, data_dir)
    files.add(card, "business_card", organization_id=m.Interview.get_by_id(acme).employer_id)
    files.add(card, "other", interview_id=acme)
    return {"acme": acme, "globex": globex, "hr": hr, "round": first}


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def open_folder(clock: Clock) -> Iterator[Callable[[Path], Services]]:
    """Open (or switch to) a data folder; the store is closed after the test."""

    def opener(folder: Path) -> Services:
        path = open_store(folder)
        return Services.create(clock=clock, tz=LONDON, db_path=path)

    yield opener
    close_store()


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One of everything, built once; each test gets its own copy (``full``)."""
    folder = tmp_path_factory.mktemp("prepared") / "data"
    clock = Clock(START)
    path = open_store(folder)
    try:
        fill(Services.create(clock=clock, tz=LONDON, db_path=path), folder, clock)
        assert clock.now == FILLED
    finally:
        close_store()
    return folder


@pytest.fixture
def full(
    prepared: Path, data_dir: Path, clock: Clock, open_folder: Callable[[Path], Services]
) -> Services:
    """The data folder ``data_dir``, open, holding one of everything (clock at FILLED)."""
    shutil.rmtree(data_dir)
    shutil.copytree(prepared, data_dir)
    clock.now = FILLED
    return open_folder(data_dir)
