"""Rows → InterviewFacts: what the rules engine gets to see of an interview."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.facts import ContactKind, FollowUpKind, MessageFact
from followup_desktop.core.stages import StageMeaning
from followup_desktop.services import Services
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.store import facts as store_facts
from followup_desktop.store import models as m
from followup_desktop.store.db import close_store, open_store
from followup_desktop.store.facts import interviews_of_employers, load_facts

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
T = TypeVar("T")


@pytest.fixture
def services(data_dir: Path) -> Iterator[Services]:
    open_store(data_dir)
    yield Services.create(clock=lambda: NOW, tz=ZoneInfo("Europe/London"))
    close_store()


def at(days: float, hours: float = 0) -> datetime:
    return NOW + timedelta(days=days, hours=hours)


def sent(services: Services, interview_id: int, when: datetime, kind: str) -> None:
    """Log an outbound message the way compose's "Mark as sent" does."""
    org = services.board.get(interview_id).employer_id
    with services.ctx.transaction():
        log(
            ActivityKind.MESSAGE_SENT,
            "Sent",
            interview_id=interview_id,
            organization_id=org,
            at=when,
            data={"kind": kind},
        )


def test_rounds_come_in_time_order_with_their_interviewers(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    ada = s.contacts.create_contact("Ada Lovelace", organization="Acme Ltd", kind="interviewer")
    bob = s.contacts.create_contact("Bob Smith", organization="Acme Ltd", kind="interviewer")
    second = s.rounds.add_round(
        iid, at(-1), at(-1, 1), kind="second_interview", interviewer_ids=[bob, ada]
    )
    first = s.rounds.add_round(iid, at(-5), at(-5, 1), kind="phone_screen", interviewer_ids=[ada])

    facts = load_facts([iid])[iid]

    assert [r.id for r in facts.rounds] == [first, second]
    assert [r.kind for r in facts.rounds] == ["phone_screen", "second_interview"]
    assert facts.rounds[0].interviewer_ids == (ada,)
    assert set(facts.rounds[1].interviewer_ids) == {ada, bob}
    assert facts.rounds[0].starts_at == at(-5)
    assert facts.rounds[0].ends_at == at(-5, 1)
    assert {p.id for p in facts.people} >= {ada, bob}
    assert facts.person(ada) is not None
    assert facts.person(ada).kind is ContactKind.INTERVIEWER  # type: ignore[union-attr]


def test_promises_are_gathered_with_their_round_recipient_and_state(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    ada = s.contacts.create_contact("Ada Lovelace", organization="Acme Ltd", kind="interviewer")
    rid = s.rounds.add_round(iid, at(-1), at(-1, 1))
    portfolio = s.rounds.add_promise(rid, "link to my portfolio", ada)
    certificate = s.rounds.add_promise(rid, "copy of my PRINCE2 certificate")
    s.rounds.update_promise(certificate, sent=True)

    facts = load_facts([iid])[iid]

    assert [(p.id, p.round_id, p.what, p.to_contact_id, p.sent) for p in facts.promises] == [
        (portfolio, rid, "link to my portfolio", ada, False),
        (certificate, rid, "copy of my PRINCE2 certificate", None, True),
    ]
    assert facts.person(ada) is not None


def test_hr_comes_from_links_and_from_the_employers_own_contacts(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    linked = s.contacts.create_contact("Linked HR", kind="hr", email="hr@elsewhere.example")
    s.contacts.link(iid, linked, "hr")
    staff = s.contacts.create_contact(
        "Acme HR", organization="Acme Ltd", kind="hr", email="people@acme.example"
    )
    s.contacts.create_contact(
        "Globex HR", organization="Globex", kind="hr", email="hr@globex.example"
    )

    facts = load_facts([iid])[iid]

    assert facts.hr_ids == (linked, staff)
    names = {p.name for p in facts.people}
    assert {"Linked HR", "Acme HR"} <= names
    assert "Globex HR" not in names


def test_a_person_linked_as_hr_counts_once(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer")
    hr = s.contacts.create_contact("Acme HR", organization="Acme Ltd", kind="hr")
    s.contacts.link(iid, hr, "hr")
    facts = load_facts([iid])[iid]
    assert facts.hr_ids == (hr,)
    assert [p.id for p in facts.people].count(hr) == 1


def test_agency_recruiters_and_direct_company_contact(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", agency="Hays Recruitment")
    recruiter = s.contacts.create_contact(
        "Rita Recruiter",
        organization="Hays Recruitment",
        kind="agency_recruiter",
        email="rita@hays.example",
    )
    s.contacts.link(iid, recruiter, "agency_recruiter")
    # An interviewer at the employer, but without an email: still no direct line in.
    s.contacts.create_contact("No Email", organization="Acme Ltd", kind="interviewer")

    facts = load_facts([iid])[iid]
    assert facts.agency == "Hays Recruitment"
    assert facts.agency_recruiter_ids == (recruiter,)
    assert facts.hr_ids == ()
    assert facts.has_direct_company_contact is False

    s.contacts.create_contact("Acme Person", organization="Acme Ltd", email="p@acme.example")
    assert load_facts([iid])[iid].has_direct_company_contact is True


def test_an_hr_contact_with_an_email_is_a_direct_contact_even_without_organization(
    services: Services,
):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", agency="Reed Talent")
    hr = s.contacts.create_contact("Helen HR", kind="hr", email="helen@acme.example")
    s.contacts.link(iid, hr, "hr")
    assert load_facts([iid])[iid].has_direct_company_contact is True


def test_messages_are_per_company_across_its_interviews_oldest_first(services: Services):
    s = services
    designer = s.board.create_interview("Acme Ltd", "Product Designer", "awaiting_reply")
    analyst = s.board.create_interview("acme ltd", "Data Analyst", "applied")  # same employer
    other = s.board.create_interview("Globex", "QA Engineer", "awaiting_reply")
    sent(s, analyst, at(-2), FollowUpKind.CHASE.value)
    sent(s, designer, at(-4), FollowUpKind.THANK_YOU.value)
    sent(s, other, at(-1), FollowUpKind.CHASE.value)
    sent(s, designer, at(-3), "something-from-a-newer-version")

    facts = load_facts([designer, other])

    assert facts[designer].messages == (
        MessageFact(sent_at=at(-4), kind=FollowUpKind.THANK_YOU, interview_id=designer),
        MessageFact(sent_at=at(-3), kind=FollowUpKind.CUSTOM, interview_id=designer),
        MessageFact(sent_at=at(-2), kind=FollowUpKind.CHASE, interview_id=analyst),
    )
    assert facts[other].messages == (
        MessageFact(sent_at=at(-1), kind=FollowUpKind.CHASE, interview_id=other),
    )


def test_the_card_itself(services: Services):
    s = services
    iid = s.board.create_interview(
        "Acme Ltd", "Product Designer", "awaiting_reply", reply_expected_by=date(2026, 3, 13)
    )
    s.board.log_reply(iid, at(-1))

    facts = load_facts([iid])[iid]

    assert facts.id == iid
    assert facts.company == "Acme Ltd"
    assert facts.role == "Product Designer"
    assert facts.stage is StageMeaning.AWAITING_REPLY
    assert facts.stage_entered_at == NOW
    assert facts.reply_expected_by == date(2026, 3, 13)
    assert facts.last_reply_at == at(-1)
    assert facts.agency is None
    assert facts.archived is False
    assert facts.stage_entered_at.tzinfo is not None

    s.board.archive([iid])
    assert load_facts([iid])[iid].archived is True


def test_custom_stages_read_as_custom(services: Services):
    key = services.board.add_stage("Phone call booked")
    iid = services.board.create_interview("Acme Ltd", "Product Designer", key)
    assert load_facts([iid])[iid].stage is StageMeaning.CUSTOM


def test_missing_ids_are_skipped_and_duplicates_ignored(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Product Designer")
    assert set(load_facts([iid, iid, 9999])) == {iid}
    assert load_facts([]) == {}


def test_batches_give_the_same_facts_as_one_go(services: Services, monkeypatch: pytest.MonkeyPatch):
    s = services
    ids = []
    for n in range(5):
        iid = s.board.create_interview(
            f"Company {n % 2}", f"Role {n}", "interviewed", agency="Reed Talent" if n % 2 else None
        )
        person = s.contacts.create_contact(
            f"Person {n}", organization=f"Company {n % 2}", kind="hr", email=f"p{n}@example.org"
        )
        rid = s.rounds.add_round(iid, at(-2, n), at(-2, n + 1), interviewer_ids=[person])
        s.rounds.add_promise(rid, f"thing {n}", person)
        sent(s, iid, at(-1, n), "thank_you")
        ids.append(iid)
    whole = load_facts(ids)

    def tiny_chunks(items: Sequence[T], size: int = 2) -> Iterator[Sequence[T]]:
        for start in range(0, len(items), 2):
            yield items[start : start + 2]

    monkeypatch.setattr(store_facts, "chunks", tiny_chunks)
    assert load_facts(ids) == whole


def test_interviews_of_employers_lists_live_interviews_only(services: Services):
    s = services
    a = s.board.create_interview("Acme Ltd", "Product Designer")
    b = s.board.create_interview("Acme Ltd", "Data Analyst")
    s.board.create_interview("Globex", "QA Engineer")
    s.board.archive([b])
    employer = s.board.get(a).employer_id
    assert interviews_of_employers([employer, employer]) == [a]


def _row_count(model: Any) -> int:
    return int(model.select().count())


def test_loading_facts_writes_nothing(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Product Designer")
    before = {model.__name__: _row_count(model) for model in m.ALL_MODELS}
    load_facts([iid])
    assert {model.__name__: _row_count(model) for model in m.ALL_MODELS} == before
