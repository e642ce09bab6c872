"""People and organizations: create, edit, delete, link to interviews; the rules follow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fixed_clock import START

from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.core.facts import ContactKind, FollowUpKind
from followup_desktop.services import Changes, Services
from followup_desktop.store import models as m


def timeline(interview_id: int) -> list[tuple[str, str]]:
    return [
        (a.kind, a.summary)
        for a in m.Activity.select()
        .where(m.Activity.interview == interview_id)
        .order_by(m.Activity.id)
    ]


def thank_you(services: Services, interview_id: int) -> Any:
    (view,) = [
        f
        for f in services.followups.for_interview(interview_id)
        if f.kind is FollowUpKind.THANK_YOU
    ]
    return view


def _interviewed_with_a_round(services: Services, company: str = "Acme Ltd", **kw: Any) -> int:
    iid = services.board.create_interview(company, "Product Designer", "interviewed", **kw)
    services.rounds.add_round(iid, START - timedelta(hours=2), START - timedelta(hours=1))
    return iid


# -- people ----------------------------------------------------------------------------------


def test_a_person_is_created_with_an_organization_found_or_made(services: Services):
    c = services.contacts
    ada = c.create_contact(
        " Ada Lovelace ",
        job_title="Head of Design",
        organization="Acme Ltd",
        kind="interviewer",
        email=" ada@acme.example ",
        phone="+44 20 7946 0000",
        notes="Met at the first interview.\nLikes tea.",
    )
    info = c.get(ada)
    assert (info.name, info.job_title, info.organization, info.kind) == (
        "Ada Lovelace",
        "Head of Design",
        "Acme Ltd",
        ContactKind.INTERVIEWER,
    )
    assert info.email == "ada@acme.example"
    assert info.last_contacted_at is None
    # The same organization by name (any case) or by id.
    bob = c.create_contact("Bob", organization="ACME LTD")
    cat = c.create_contact("Cat", organization=info.organization_id)
    assert c.get(bob).organization_id == c.get(cat).organization_id == info.organization_id
    nobody = c.create_contact("Dee")
    assert c.get(nobody).organization_id is None


def test_an_agency_recruiters_organization_is_an_agency(services: Services):
    rita = services.contacts.create_contact(
        "Rita", organization="Hays Recruitment", kind="agency_recruiter"
    )
    (org,) = services.contacts.organizations("agency")
    assert org.name == "Hays Recruitment"
    assert services.contacts.get(rita).organization_id == org.id


def test_editing_an_agency_recruiters_organization_by_name_finds_the_agency(services: Services):
    c = services.contacts
    agency = c.create_organization("Hays Recruitment", "agency")
    rita = c.create_contact("Rita", kind="agency_recruiter")
    c.update_contact(rita, organization="Hays Recruitment")
    assert c.get(rita).organization_id == agency
    assert [o.name for o in c.organizations("employer")] == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Ada\x07"}, "name"),
        ({"name": "Ada", "email": "not-an-email"}, "email"),
        ({"name": "Ada", "email": "a@b"}, "email"),
        ({"name": "Ada", "kind": "boss"}, "kind"),
        ({"name": "Ada", "phone": "1" * 51}, "phone"),
        ({"name": "Ada", "job_title": "CTO\nand CFO"}, "job_title"),
        ({"name": "Ada", "notes": "n" * 100_001}, "notes"),
        ({"name": "Ada", "organization": 999}, "organization"),
        ({"name": "Ada", "organization": "  "}, "organization"),
        ({"name": "Ada", "favourite_colour": "blue"}, "favourite_colour"),
    ],
)
def test_bad_people_are_refused_naming_the_field(
    services: Services, fields: dict[str, Any], field: str
):
    with pytest.raises(ValidationError) as caught:
        services.contacts.create_contact(**fields)
    assert caught.value.field == field
    assert m.Contact.select().count() == 0
    assert m.Organization.select().count() == 0


def test_editing_returns_what_changed_and_nothing_when_nothing_did(
    services: Services, announced: list[Changes]
):
    c = services.contacts
    ada = c.create_contact("Ada", job_title="Designer", email="ada@acme.example")
    announced.clear()
    assert c.update_contact(ada, job_title="Head of Design", email="ada@acme.example") == {
        "job_title": "Designer"
    }
    assert c.get(ada).job_title == "Head of Design"
    assert len(announced) == 1 and ada in announced[0].contacts
    announced.clear()
    assert c.update_contact(ada, job_title="Head of Design") == {}
    assert announced == []
    with pytest.raises(NotFoundError) as caught:
        c.update_contact(999, name="Ghost")
    assert caught.value.field == "contact"
    with pytest.raises(ValidationError) as caught:
        c.update_contact(ada, email="nope")
    assert caught.value.field == "email"
    assert c.get(ada).email == "ada@acme.example"


def test_search_finds_by_name_job_title_organization_and_email(services: Services):
    c = services.contacts
    c.create_contact("Zoë Müller", job_title="CTO", organization="Globex")
    c.create_contact("adam smith", job_title="HR Business Partner", organization="Acme Ltd")
    c.create_contact("Bea", email="bea@initech.example")
    assert [p.name for p in c.list()] == ["adam smith", "Bea", "Zoë Müller"]
    assert [p.name for p in c.list("ADAM")] == ["adam smith"]
    assert [p.name for p in c.list("business")] == ["adam smith"]
    assert [p.name for p in c.list("globex")] == ["Zoë Müller"]
    assert [p.name for p in c.list("initech")] == ["Bea"]
    assert [p.name for p in c.list("  ")] == ["adam smith", "Bea", "Zoë Müller"]
    assert c.list("nobody") == []


# -- linking -----------------------------------------------------------------------------------


def test_linking_gives_a_role_logs_it_and_is_idempotent(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer")
    hr = s.contacts.create_contact("Helen", kind="hr", email="helen@acme.example")

    assert s.contacts.link(iid, hr, "hr") is True
    assert s.contacts.link(iid, hr, "hr") is False
    assert [(p.name, role) for p, role in s.contacts.people_of(iid)] == [("Helen", "hr")]
    assert s.contacts.interviews_of(hr) == {iid}
    assert timeline(iid)[-1] == ("contact_linked", "Helen linked as hr")

    assert s.contacts.unlink(iid, hr, "hr") is True
    assert s.contacts.unlink(iid, hr, "hr") is False
    assert s.contacts.people_of(iid) == []
    assert timeline(iid)[-1] == ("contact_unlinked", "Helen unlinked (hr)")


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda s, i, c: s.contacts.link(i, c, "boss"), ValidationError, "role"),
        (lambda s, i, c: s.contacts.link(999, c, "hr"), NotFoundError, "interview"),
        (lambda s, i, c: s.contacts.link(i, 999, "hr"), NotFoundError, "contact"),
        (lambda s, i, c: s.contacts.delete_contact(999), NotFoundError, "contact"),
        (lambda s, i, c: s.contacts.get(999), NotFoundError, "contact"),
    ],
)
def test_linking_errors_name_the_field(
    services: Services, call: Callable[..., Any], error: type[Exception], field: str
):
    iid = services.board.create_interview("Acme Ltd", "Product Designer")
    person = services.contacts.create_contact("Helen")
    with pytest.raises(error) as caught:
        call(services, iid, person)
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert m.InterviewContact.select().count() == 0


def test_the_thank_you_goes_to_hr_with_the_interviewers_in_copy(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    ada = s.contacts.create_contact("Ada", kind="interviewer", email="ada@acme.example")
    s.rounds.add_round(
        iid, START - timedelta(hours=2), START - timedelta(hours=1), interviewer_ids=[ada]
    )
    assert [r.name for r in thank_you(s, iid).to] == ["Ada"]  # nobody else known yet

    hr = s.contacts.create_contact("Helen", kind="hr", email="helen@acme.example")
    s.contacts.link(iid, hr, "hr")

    view = thank_you(s, iid)
    assert [(r.name, r.email) for r in view.to] == [("Helen", "helen@acme.example")]
    assert [r.name for r in view.cc] == ["Ada"]


def test_hr_working_at_the_employer_counts_without_a_link(services: Services):
    s = services
    iid = _interviewed_with_a_round(s)
    s.contacts.create_contact("Helen", kind="hr", organization="Acme Ltd", email="h@acme.example")
    assert [r.name for r in thank_you(s, iid).to] == ["Helen"]


def test_editing_a_person_updates_the_follow_ups_that_name_them(services: Services):
    s = services
    iid = _interviewed_with_a_round(s)
    hr = s.contacts.create_contact("Helen", kind="hr", organization="Acme Ltd")
    s.contacts.update_contact(hr, name="Helen Smith", email="helen@acme.example")
    assert [(r.name, r.email) for r in thank_you(s, iid).to] == [
        ("Helen Smith", "helen@acme.example")
    ]


def test_an_agency_case_without_direct_contact_asks_for_one_until_there_is_one(
    services: Services,
):
    s = services
    iid = _interviewed_with_a_round(s, agency="Reed Talent")
    rita = s.contacts.create_contact(
        "Rita", kind="agency_recruiter", organization="Reed Talent", email="rita@reed.example"
    )
    s.contacts.link(iid, rita, "agency_recruiter")
    kinds = {f.kind for f in s.followups.for_interview(iid)}
    assert FollowUpKind.AGENCY_CONTACTS in kinds
    assert [r.name for r in thank_you(s, iid).to] == ["Rita"]  # no HR known: the agency

    # A business card from the company arrives: an HR email at the employer.
    s.contacts.create_contact("Helen", kind="hr", organization="Acme Ltd", email="h@acme.example")

    kinds = {f.kind for f in s.followups.for_interview(iid)}
    assert FollowUpKind.AGENCY_CONTACTS not in kinds
    assert [r.name for r in thank_you(s, iid).to] == ["Helen"]


def test_deleting_a_person_unlinks_them_everywhere_and_says_where(services: Services):
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    ada = s.contacts.create_contact("Ada", kind="interviewer", organization="Acme Ltd")
    rid = s.rounds.add_round(
        iid, START - timedelta(hours=2), START - timedelta(hours=1), interviewer_ids=[ada]
    )
    promise = s.rounds.add_promise(rid, "link to my portfolio", ada)
    s.contacts.link(iid, ada, "interviewer")

    links = s.contacts.delete_contact(ada)

    assert sorted(link.role for link in links) == ["interviewer", "interviewer", "promise"]
    assert {link.interview_id for link in links} == {iid}
    assert {link.company for link in links} == {"Acme Ltd"}
    assert m.InterviewContact.select().count() == 0
    assert m.RoundInterviewer.select().count() == 0
    assert s.rounds.promises_of(rid)[0].to_contact_id is None  # the promise keeps its text
    assert s.rounds.promises_of(rid)[0].id == promise
    assert [k for k, _ in timeline(iid)].count("contact_unlinked") == 3
    # The follow-ups no longer name her.
    for f in s.followups.for_interview(iid):
        assert "Ada" not in [r.name for r in (*f.to, *f.cc)]


def test_a_person_with_no_links_is_deleted_quietly(services: Services):
    ada = services.contacts.create_contact("Ada")
    assert services.contacts.delete_contact(ada) == []
    assert m.Activity.select().count() == 0
    with pytest.raises(NotFoundError):
        services.contacts.get(ada)


# -- organizations -----------------------------------------------------------------------------


def test_organizations_are_created_edited_and_validated(services: Services):
    c = services.contacts
    acme = c.create_organization("Acme Ltd", website="acme.example", phone="0113 496 0000")
    hays = c.create_organization("Hays", "agency")
    assert [o.name for o in c.organizations()] == ["Acme Ltd", "Hays"]
    assert c.organizations("employer")[0].website == "https://acme.example"
    c.update_organization(acme, address="1 High Street\nLeeds")
    assert c.organizations("employer")[0].address == "1 High Street\nLeeds"
    assert c.organizations("agency")[0].id == hays

    for call, field in (
        (lambda: c.create_organization(""), "name"),
        (lambda: c.create_organization("X", "charity"), "kind"),
        (lambda: c.create_organization("X", phone="9" * 51), "phone"),
        (lambda: c.update_organization(acme, name=" "), "name"),
        (lambda: c.update_organization(acme, colour="red"), "colour"),
        (lambda: c.update_organization(999, name="Ghost"), "organization"),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.field == field
    assert len(c.organizations()) == 2


def test_renaming_an_employer_renames_its_follow_ups(services: Services):
    s = services
    iid = _interviewed_with_a_round(s)
    employer = s.board.get(iid).employer_id
    s.contacts.update_organization(employer, name="Acme Group")
    assert s.board.get(iid).company == "Acme Group"
    assert "Acme Group" in thank_you(s, iid).title
