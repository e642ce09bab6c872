"""Composing follow-ups: templates filled from the store, routing, rule 7, Mark as sent + undo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from followup_desktop import sample_data
from followup_desktop.core.errors import ValidationError
from followup_desktop.core.facts import FollowUpKind, Recipient
from followup_desktop.core.mail import build_eml, mailto_url, parse_eml, parse_mailto
from followup_desktop.core.templating import TemplateProblem
from followup_desktop.services import Services
from followup_desktop.services.compose import ComposeService
from followup_desktop.services.template_context import CONTEXT_NAMES, ContextBuilder, Subject
from followup_desktop.services.template_files import COMPOSABLE_KINDS, kind_of
from followup_desktop.store import models as m

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
    hana: int | None
    ian: int
    jo: int
    round: int
    rita: int | None = None


def acme(
    services: Services,
    clock,
    *,
    hr: bool = True,
    agency: str | None = None,
    interviewer_name: str = "Ian Vale",
    ian_email: str = "ian@acme.example",
) -> Acme:
    """An interview at Acme that ended three hours ago, moved to Interviewed."""
    details = {"agency": agency} if agency else {}
    iid = services.board.create_interview("Acme Ltd", "Product Designer", "scheduled", **details)
    employer = services.board.get(iid).employer_id
    c = services.contacts
    hana = (
        c.create_contact(
            "Hana Reed",
            kind="hr",
            email="hana@acme.example",
            job_title="HR Manager",
            organization=employer,
        )
        if hr
        else None
    )
    ian = c.create_contact(
        interviewer_name,
        kind="interviewer",
        email=ian_email,
        job_title="Head of Design",
        organization=employer,
    )
    jo = c.create_contact(
        "Jo Park", kind="interviewer", job_title="Designer", organization=employer
    )
    if hana:
        c.link(iid, hana, "hr")
    rita = None
    if agency:
        rita = c.create_contact(
            "Rita Agent", kind="agency_recruiter", email="rita@hays.example", organization=agency
        )
        c.link(iid, rita, "agency_recruiter")
    start = clock.now - timedelta(hours=3)
    rid = services.rounds.add_round(
        iid, start, start + timedelta(hours=1), kind="first_interview", interviewer_ids=[ian, jo]
    )
    services.board.move([iid], "interviewed")
    return Acme(iid, employer, hana, ian, jo, rid, rita)


def followup_of(services: Services, interview: int, kind: FollowUpKind) -> int:
    return next(f.id for f in services.followups.for_interview(interview) if f.kind == kind)


@pytest.fixture
def compose(services: Services) -> ComposeService:
    services.settings.set_profile(**PROFILE)
    return ComposeService(services)


# -- built-in templates against sample data ----------------------------------------------
def test_every_builtin_template_renders_against_every_sample_interview(services, compose):
    sample_data.generate(services, size=30)
    builtins = [t for t in compose.library.templates() if t.builtin]
    assert {t.kind for t in builtins} == COMPOSABLE_KINDS
    assert {t.name for t in builtins if t.is_letter} == {"thank_you_letter"}
    rendered = 0
    for interview_id, _label in compose.interview_choices():
        has_agency = services.board.get(interview_id).agency is not None
        for t in builtins:
            if t.kind == FollowUpKind.AGENCY_CONTACTS and not has_agency:
                continue  # written to an agency: it names the agency, as it should
            out = compose.preview(compose.library.source(t.name), interview_id, t.kind, t.name)
            assert out.subject and out.body.strip(), t.name
            assert "None" not in out.body and "Absent" not in out.body
            assert out.body.rstrip().endswith(("Ana Silva", "ana@home.example")), t.name
            rendered += 1
    assert rendered > 180


def test_every_composable_sample_followup_drafts_without_a_problem(services, compose):
    sample_data.generate(services, size=40)
    kinds = set()
    for f in m.FollowUp.select():
        kind = FollowUpKind(f.kind)
        if not compose.can_compose(kind):
            with pytest.raises(ValidationError):
                compose.draft(f.id)
            continue
        for t in compose.library.for_kind(kind):
            if t.kind == kind:
                draft = compose.draft(f.id, t.name)
                assert draft.problem is None, (t.name, draft.problem)
                assert draft.subject and "Dear " in draft.body
        kinds.add(kind)
    assert {FollowUpKind.THANK_YOU, FollowUpKind.CHASE, FollowUpKind.FEEDBACK_REQUEST} <= kinds


def test_without_a_profile_the_draft_says_what_to_fill_in(services, clock):
    a = acme(services, clock)
    draft = ComposeService(services).draft(
        followup_of(services, a.interview, FollowUpKind.THANK_YOU)
    )
    assert draft.problem is not None and draft.body == ""
    assert "candidate.signature" in str(draft.problem)
    assert "Settings → Profile" in str(draft.problem)
    assert draft.problem.line is not None


# -- routing -----------------------------------------------------------------------------
def test_thank_you_goes_to_hr_with_that_rounds_interviewers_in_copy(services, clock, compose):
    a = acme(services, clock)
    draft = compose.draft(followup_of(services, a.interview, FollowUpKind.THANK_YOU))
    assert draft.problem is None
    assert [r.contact_id for r in draft.to] == [a.hana]
    assert [r.contact_id for r in draft.cc] == [a.ian, a.jo]
    assert draft.subject.startswith("Thank you — Product Designer interview")
    assert draft.body.startswith("Dear Hana Reed,\n\n")
    assert "Ian Vale and Jo Park, whom I have copied in" in draft.body
    assert any("No email address for Jo Park" in n for n in draft.notes)
    assert draft.next_stage is not None and draft.next_stage.key == "awaiting_reply"
    assert draft.sender == ("Ana Silva", "ana@home.example")
    url = mailto_url(
        [r.email for r in draft.to], [r.email for r in draft.cc], draft.subject, draft.body
    )
    mail = parse_mailto(url)
    assert mail.to == ("hana@acme.example",) and mail.cc == ("ian@acme.example",)
    assert mail.body == draft.body


def test_without_hr_an_agency_interview_goes_to_the_recruiter(services, clock, compose):
    # Nobody at Acme has an email: rule 5 asks the agency for direct contacts.
    a = acme(services, clock, hr=False, agency="Hays Recruitment", ian_email="")
    draft = compose.draft(followup_of(services, a.interview, FollowUpKind.THANK_YOU))
    assert [r.contact_id for r in draft.to] == [a.rita]
    assert [r.contact_id for r in draft.cc] == [a.ian, a.jo]
    agency = compose.draft(followup_of(services, a.interview, FollowUpKind.AGENCY_CONTACTS))
    assert agency.problem is None
    assert [r.contact_id for r in agency.to] == [a.rita]
    assert agency.body.startswith("Dear Rita,")
    assert "contact details you hold for Acme Ltd" in agency.body


def test_the_letter_carries_both_addresses_and_the_date(services, clock, compose):
    a = acme(services, clock)
    services.contacts.update_organization(a.employer, address="1 Acme Way\nLondon EC1A 1AA")
    draft = compose.draft(
        followup_of(services, a.interview, FollowUpKind.THANK_YOU), "thank_you_letter"
    )
    assert draft.is_letter and draft.problem is None
    lines = draft.body.splitlines()
    assert lines[:5] == [
        "Ana Silva",
        "12 Elm Road",
        "Leeds LS1 4AB",
        "07700 900123",
        "ana@home.example",
    ]
    assert "Tuesday 10 March 2026" in lines
    assert "1 Acme Way" in lines and "London EC1A 1AA" in lines
    assert lines[lines.index("Acme Ltd") - 2 : lines.index("Acme Ltd")] == [
        "Hana Reed",
        "HR Manager",
    ]
    assert "Yours sincerely," in lines
    assert draft.notes == ()


def test_chase_mentions_the_reply_date_and_warns_when_too_soon(services, clock, compose):
    a = acme(services, clock)
    services.board.update_interview(a.interview, reply_expected_by="2026-03-13")
    thanks = followup_of(services, a.interview, FollowUpKind.THANK_YOU)
    d = compose.draft(thanks)
    compose.mark_as_sent(thanks, to=d.to, cc=d.cc, subject=d.subject, body=d.body)
    chase = followup_of(services, a.interview, FollowUpKind.CHASE)
    draft = compose.draft(chase)
    assert "by Friday 13 March 2026" in draft.body
    assert draft.warning is not None and "Acme Ltd" in draft.warning
    assert "desperate" in draft.warning
    clock.advance(days=6)
    assert compose.draft(chase).warning is None


# -- user data is data -------------------------------------------------------------------
def test_template_syntax_typed_into_user_data_is_printed_literally(services, clock, compose):
    a = acme(services, clock, interviewer_name="Ian {{ 7*7 }} {% raw %}")
    services.board.update_interview(a.interview, notes="{{ candidate.__class__ }} {% if %}")
    draft = compose.draft(followup_of(services, a.interview, FollowUpKind.THANK_YOU))
    assert draft.problem is None
    assert "Ian {{ 7*7 }} {% raw %} and Jo Park" in draft.body and "49" not in draft.body
    own = compose.library
    own.save("thank_you_notes", "{{ interview.notes }}|{{ cc[0].name }}")
    body = compose.draft(
        followup_of(services, a.interview, FollowUpKind.THANK_YOU), "thank_you_notes"
    ).body
    assert body == "{{ candidate.__class__ }} {% if %}|Ian {{ 7*7 }} {% raw %}\n"


def test_a_name_with_a_line_break_cannot_inject_a_header(services, clock, compose):
    a = acme(services, clock)
    # Imported data can hold what the contact form refuses.
    m.Contact.update(name="Hana\r\nBcc: evil@example.com").where(m.Contact.id == a.hana).execute()
    draft = compose.draft(followup_of(services, a.interview, FollowUpKind.THANK_YOU))
    assert draft.to[0].name == "Hana\r\nBcc: evil@example.com"
    url = mailto_url(
        [r.email for r in draft.to],
        [r.email for r in draft.cc],
        draft.subject + "\r\nBcc: evil@example.com",
        draft.body,
    )
    assert "evil" not in url.split("&body=")[0].replace("Bcc%3A%20evil", "")
    assert parse_mailto(url).to == ("hana@acme.example",)
    eml = parse_eml(
        build_eml(to=[(r.name, r.email) for r in draft.to], subject=draft.subject, body=draft.body)
    )
    assert eml.to == (("Hana Bcc: evil@example.com", "hana@acme.example"),)
    assert "Bcc" not in eml.headers


# -- mark as sent --------------------------------------------------------------------------
def test_mark_as_sent_does_all_four_things_and_undo_reverts_them(services, clock, compose):
    a = acme(services, clock)
    fid = followup_of(services, a.interview, FollowUpKind.THANK_YOU)
    draft = compose.draft(fid)
    clock.advance(minutes=30)
    record = compose.mark_as_sent(
        fid, to=draft.to, cc=draft.cc, subject=draft.subject, body=draft.body
    )
    sent = m.Activity.get_by_id(record.activity_id)
    assert sent.kind == "message_sent" and sent.organization_id == a.employer
    assert sent.interview_id == a.interview
    assert sent.data["kind"] == "thank_you" and sent.data["medium"] == "email"
    assert [p["contact_id"] for p in sent.data["to"]] == [a.hana]
    assert [p["contact_id"] for p in sent.data["cc"]] == [a.ian, a.jo]
    assert sent.data["subject"] == draft.subject and sent.data["text"] == draft.body
    assert sent.summary == "Sent a thank-you email to Hana Reed (copy: Ian Vale, Jo Park)"
    assert services.followups.get(fid).state.value == "done"
    for cid in (a.hana, a.ian, a.jo):
        assert services.contacts.get(cid).last_contacted_at == clock.now
    assert record.next_stage is not None and record.next_stage.label == "Awaiting reply"
    # The rules count it (rule 7): a hand-written message now warns.
    assert ContextBuilder(services).facts(a.interview).messages[-1].kind == "thank_you"

    compose.undo_mark_as_sent(record)
    assert m.Activity.get_or_none(m.Activity.id == record.activity_id) is None
    assert services.followups.get(fid).state.value == "pending"
    for cid in (a.hana, a.ian, a.jo):
        assert services.contacts.get(cid).last_contacted_at is None
    assert ContextBuilder(services).facts(a.interview).messages == ()


def test_typed_recipients_are_matched_back_to_contacts(services, clock, compose):
    a = acme(services, clock)
    fid = followup_of(services, a.interview, FollowUpKind.THANK_YOU)
    draft = compose.draft(fid)
    typed = [("Hana R.", "HANA@acme.example"), ("Jo Park", ""), ("", "new@person.example")]
    people = compose.match_recipients(typed, [*draft.to, *draft.cc])
    assert [p.contact_id for p in people] == [a.hana, a.jo, None]
    assert people[0].name == "Hana R." and people[1].email == ""
    record = compose.mark_as_sent(fid, to=people[:1], cc=people[1:], subject="s", body="b")
    assert {c for c, _ in record.contacts_before} == {a.hana, a.jo}
    assert services.contacts.get(a.ian).last_contacted_at is None


def test_sending_promised_material_marks_the_promise_sent_and_undo_unmarks(
    services, clock, compose
):
    a = acme(services, clock)
    pid = services.rounds.add_promise(a.round, "link to my portfolio", a.ian)
    fid = followup_of(services, a.interview, FollowUpKind.PROMISED_MATERIAL)
    draft = compose.draft(fid)
    assert draft.subject == "Link to my portfolio — Product Designer"
    assert "- Link to my portfolio" in draft.body and draft.body.startswith("Dear Ian Vale,")
    assert any("Attach the file" in n for n in draft.notes)
    record = compose.mark_as_sent(fid, to=draft.to, subject=draft.subject, body=draft.body)
    assert m.Promise.get_by_id(pid).sent is True
    assert record.next_stage is None
    compose.undo_mark_as_sent(record)
    assert m.Promise.get_by_id(pid).sent is False
    assert services.followups.get(fid).state.value == "pending"


def test_mark_as_sent_announces_one_change(services, clock, compose, announced):
    a = acme(services, clock)
    fid = followup_of(services, a.interview, FollowUpKind.THANK_YOU)
    announced.clear()
    compose.mark_as_sent(fid, to=compose.draft(fid).to, subject="s", body="b")
    assert len(announced) == 1
    assert announced[0].followups and a.interview in announced[0].interviews
    assert a.hana in announced[0].contacts


# -- the user's own templates --------------------------------------------------------------
def test_a_users_copy_replaces_the_builtin_until_reset(services, clock, compose):
    a = acme(services, clock)
    fid = followup_of(services, a.interview, FollowUpKind.THANK_YOU)
    lib = compose.library
    assert lib.user_dir == services.db_path.parent / "templates"
    lib.save("thank_you_email", "Subject: Cheers\n\nThanks, {{ addressee.first_name }}!\n")
    assert (lib.user_dir / "thank_you_email.j2").is_file()
    info = lib.info("thank_you_email")
    assert info.builtin and info.customized and info.label.endswith("(edited)")
    draft = compose.draft(fid)
    assert (draft.subject, draft.body) == ("Cheers", "Thanks, Hana!\n")
    lib.reset("thank_you_email")
    assert compose.draft(fid).subject.startswith("Thank you —")


def test_own_templates_are_listed_for_their_kind_and_can_be_removed(services, compose):
    lib = compose.library
    name = lib.free_name("chase_email")
    assert name == "chase_email_copy"
    lib.save(name, lib.builtin_source("chase_email"))
    assert lib.free_name("chase_email") == "chase_email_copy_2"
    info = lib.info(name)
    assert not info.builtin and info.kind == FollowUpKind.CHASE
    assert info.label == "Polite chase (your own)"
    names = [t.name for t in lib.for_kind(FollowUpKind.CHASE)]
    assert names[:2] == ["chase_email", "chase_email_copy"]
    lib.reset(name)
    assert name not in lib.user_names()


def test_saving_a_broken_template_is_refused_with_its_line(compose):
    with pytest.raises(TemplateProblem) as info:
        compose.library.save("thank_you_email", "Subject: x\n\nDear {{ addressee.name }\n")
    assert info.value.line == 3 and info.value.field == "template"
    assert compose.library.user_names() == set()
    with pytest.raises(ValidationError) as bad_name:
        compose.library.save("../evil", "x")
    assert bad_name.value.field == "name"


def test_an_unreadable_user_template_is_a_problem_not_a_crash(services, clock, compose):
    a = acme(services, clock)
    compose.library.user_dir.mkdir(parents=True, exist_ok=True)
    (compose.library.user_dir / "thank_you_email.j2").write_bytes(b"\xff\xfe broken")
    draft = compose.draft(followup_of(services, a.interview, FollowUpKind.THANK_YOU))
    assert draft.problem is not None and "not UTF-8" in str(draft.problem)


def test_kind_is_read_from_the_name():
    assert kind_of("keep_in_touch_email_short") == FollowUpKind.KEEP_IN_TOUCH
    assert kind_of("thank_you_letter") == FollowUpKind.THANK_YOU
    assert kind_of("general_email") == FollowUpKind.CUSTOM
    assert kind_of("my_note") is None


# -- the documented context ------------------------------------------------------------------
def test_the_context_has_exactly_the_documented_names(services, clock, compose):
    from pathlib import Path

    a = acme(services, clock)
    context = ContextBuilder(services).build(Subject(a.interview, FollowUpKind.THANK_YOU))
    assert tuple(context) == CONTEXT_NAMES
    doc = (Path(__file__).resolve().parents[3] / "docs" / "templates.md").read_text()
    for name in CONTEXT_NAMES:
        assert f"`{name}`" in doc, name
    assert isinstance(context["to"], list) and context["to"][0].name == "Hana Reed"
    assert Recipient("x").name == "x"


def test_a_hand_made_followup_gets_the_general_email_and_the_rule_7_warning(
    services, clock, compose
):
    a = acme(services, clock)
    thanks = followup_of(services, a.interview, FollowUpKind.THANK_YOU)
    compose.mark_as_sent(thanks, to=compose.draft(thanks).to, subject="s", body="b")
    fid = services.followups.add_custom(
        a.interview, "Send my updated CV", clock.now + timedelta(days=1)
    )
    draft = compose.draft(fid)
    assert draft.template == "general_email" and draft.problem is None
    assert [r.contact_id for r in draft.to] == [a.hana]  # HR, as for the company's messages
    assert draft.subject == "Product Designer — Ana Silva"
    assert draft.warning is not None and "leave 5 days between messages" in draft.warning


def test_a_changed_contact_shows_in_the_next_draft(services, clock, compose):
    a = acme(services, clock)
    fid = followup_of(services, a.interview, FollowUpKind.THANK_YOU)
    assert compose.draft(fid).to[0].email == "hana@acme.example"
    services.contacts.update_contact(a.hana, email="hana.reed@acme.example", name="Hana Ito")
    draft = compose.draft(fid)
    assert (draft.to[0].name, draft.to[0].email) == ("Hana Ito", "hana.reed@acme.example")
    assert draft.body.startswith("Dear Hana Ito,")
