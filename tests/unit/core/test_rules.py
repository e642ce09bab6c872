"""The seven follow-up rules, with a fixed clock in Europe/London."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.facts import (
    ContactKind,
    DerivedFollowUp,
    DisplayState,
    FollowUpKind,
    FollowUpState,
    InterviewFacts,
    MessageFact,
    Person,
    PromiseFact,
    Recipient,
    RoundFact,
)
from followup_desktop.core.rules import (
    PREPARE_CHECKLIST,
    derive,
    desperation_warning,
    display_state,
)
from followup_desktop.core.settings import RuleSettings
from followup_desktop.core.stages import StageMeaning

LONDON = ZoneInfo("Europe/London")
S = RuleSettings()

HANA = Person(1, "Hana Reed", "hana@acme.test", "HR Manager", ContactKind.HR)
IAN = Person(2, "Ian Vale", "ian@acme.test", "Head of Design", ContactKind.INTERVIEWER)
JO = Person(3, "Jo Park", "jo@acme.test", "Designer", ContactKind.INTERVIEWER)
RITA = Person(4, "Rita Agent", "rita@agency.test", "Consultant", ContactKind.AGENCY_RECRUITER)


def R(p: Person) -> Recipient:
    return Recipient(p.name, p.email, p.id, p.job_title)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def london(*args: int) -> datetime:
    """A London wall-clock time as an aware datetime (not in a DST overlap)."""
    return datetime(*args, tzinfo=LONDON)


# Thu 12 Nov 2026, 12:00 GMT (= UTC in winter).
NOW = utc(2026, 11, 12, 12)


def facts(**kw) -> InterviewFacts:
    base = {
        "id": 7,
        "company": "Acme Ltd",
        "role": "Product Designer",
        "stage": StageMeaning.INTERVIEWED,
        "stage_entered_at": utc(2026, 11, 9, 16),
        "created_at": utc(2026, 10, 20, 9),
        "people": (HANA, IAN, JO, RITA),
        "hr_ids": (1,),
    }
    base.update(kw)
    return InterviewFacts(**base)


MON_9_NOV_10AM = utc(2026, 11, 9, 10)


def round_(id_=10, start=MON_9_NOV_10AM, minutes=60, kind="first interview", who=(2,)):
    start = start.astimezone(UTC)  # the store hands out UTC, like here
    return RoundFact(id_, start, start + timedelta(minutes=minutes), kind, who)


def by_key(items: list[DerivedFollowUp]) -> dict[str, DerivedFollowUp]:
    keys = [f.rule_key for f in items]
    assert len(keys) == len(set(keys)), keys
    return {f.rule_key: f for f in items}


def derived(f: InterviewFacts, now: datetime = NOW, s: RuleSettings = S):
    return by_key(derive(f, s, now, LONDON))


# --- general -------------------------------------------------------------------------------


def test_archived_interview_derives_nothing():
    assert derive(facts(rounds=(round_(),), archived=True), S, NOW, LONDON) == []


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        derive(facts(), S, datetime(2026, 11, 12, 12), LONDON)


def test_result_is_sorted_and_in_utc():
    out = derive(facts(rounds=(round_(),), agency="Hire Co"), S, NOW, LONDON)
    assert [f.due_at for f in out] == sorted(f.due_at for f in out)
    assert all(f.due_at.tzinfo is UTC and f.deadline_at.tzinfo is UTC for f in out)


def test_applied_stage_without_rounds_derives_nothing():
    assert derive(facts(stage=StageMeaning.APPLIED), S, NOW, LONDON) == []


# --- rule 1: prepare -----------------------------------------------------------------------


def test_prepare_due_at_eight_on_the_day_of_the_round():
    r = round_(start=utc(2026, 11, 16, 14))
    f = derived(facts(stage=StageMeaning.SCHEDULED, rounds=(r,)))["prepare:round:10"]
    assert f.kind is FollowUpKind.PREPARE
    assert f.title == "Prepare for your first interview at Acme Ltd today"
    assert f.due_at == utc(2026, 11, 16, 8)
    assert f.deadline_at == r.starts_at
    assert f.checklist == PREPARE_CHECKLIST
    assert f.round_id == 10
    assert PREPARE_CHECKLIST == (
        "Ask what happens next and when to expect a reply",
        "Note the names and job titles of everyone who interviews you",
        "Take a business card or company literature",
    )


def test_prepare_for_an_early_round_is_an_hour_before():
    r = round_(start=utc(2026, 11, 16, 7, 30))
    f = derived(facts(stage=StageMeaning.SCHEDULED, rounds=(r,)))["prepare:round:10"]
    assert f.due_at == utc(2026, 11, 16, 6, 30)
    r8 = round_(start=utc(2026, 11, 16, 8))
    f8 = derived(facts(stage=StageMeaning.SCHEDULED, rounds=(r8,)))["prepare:round:10"]
    assert f8.due_at == utc(2026, 11, 16, 7)


def test_prepare_uses_prepare_hour_setting():
    r = round_(start=utc(2026, 11, 16, 14))
    s = replace(S, prepare_hour=11)
    f = derived(facts(stage=StageMeaning.SCHEDULED, rounds=(r,)), s=s)["prepare:round:10"]
    assert f.due_at == utc(2026, 11, 16, 11)


def test_no_prepare_once_the_round_started_or_the_interview_closed():
    started = round_(start=utc(2026, 11, 12, 11, 30))  # started before NOW, not ended
    assert "prepare:round:10" not in derived(facts(rounds=(started,)))
    future = round_(start=utc(2026, 11, 16, 14))
    closed = facts(stage=StageMeaning.NOT_THIS_TIME, rounds=(future,))
    assert "prepare:round:10" not in derived(closed)


def test_prepare_on_spring_forward_sunday_stays_at_eight_local():
    # Sun 29 Mar 2026: BST starts at 01:00 UTC. 10:00 BST = 09:00 UTC; 08:00 BST = 07:00 UTC.
    r = round_(start=london(2026, 3, 29, 10))
    f = derived(facts(stage=StageMeaning.SCHEDULED, rounds=(r,)), now=utc(2026, 3, 20))
    assert f["prepare:round:10"].due_at == utc(2026, 3, 29, 7)


def test_prepare_on_autumn_sunday_stays_at_eight_local():
    # Sun 25 Oct 2026: back to GMT at 01:00 UTC, so 08:00 local is 08:00 UTC.
    r = round_(start=london(2026, 10, 25, 10))
    f = derived(facts(stage=StageMeaning.SCHEDULED, rounds=(r,)), now=utc(2026, 10, 20))
    assert f["prepare:round:10"].due_at == utc(2026, 10, 25, 8)


def test_prepare_through_an_agency_adds_a_direct_contact_item():
    r = round_(start=utc(2026, 11, 16, 14))
    f = derived(facts(stage=StageMeaning.SCHEDULED, rounds=(r,), agency="Hire Co"))
    checklist = f["prepare:round:10"].checklist
    assert checklist[:3] == PREPARE_CHECKLIST
    assert "Hire Co" in checklist[3] and "Acme Ltd" in checklist[3]


# --- rule 2: thank-you ---------------------------------------------------------------------


def test_thank_you_per_ended_round_to_hr_cc_interviewers():
    r = round_(who=(2, 3))
    f = derived(facts(rounds=(r,)))["thank_you:round:10"]
    assert f.kind is FollowUpKind.THANK_YOU
    assert f.title == "Thank Acme Ltd for the interview"
    assert f.due_at == utc(2026, 11, 9, 11)
    assert f.deadline_at == utc(2026, 11, 11, 23, 59, 59)
    assert f.to == (R(HANA),)
    assert f.cc == (R(IAN), R(JO))
    assert f.round_id == 10


def test_thank_you_for_each_round_only_once_it_ended():
    first = round_(10, utc(2026, 11, 2, 10), who=(2,))
    second = round_(11, utc(2026, 11, 9, 10), who=(3,))
    later = round_(12, utc(2026, 11, 19, 10), who=(2,))
    out = derived(facts(stage=StageMeaning.NEXT_ROUND, rounds=(first, second, later)))
    assert out["thank_you:round:10"].cc == (R(IAN),)
    assert out["thank_you:round:11"].cc == (R(JO),)
    assert "thank_you:round:12" not in out
    assert "thank_you:interview" not in out


def test_thank_you_for_a_round_ending_at_2350_is_due_two_local_days_later():
    r = round_(start=london(2026, 11, 9, 22, 50))  # ends Mon 23:50
    f = derived(facts(rounds=(r,)))["thank_you:round:10"]
    assert f.deadline_at == utc(2026, 11, 11, 23, 59, 59)


def test_thank_you_deadline_counts_local_days_not_utc_days():
    # Ends 00:30 BST on Fri 2 Oct = 23:30 UTC on Thu 1 Oct: the local day is Friday.
    r = round_(start=london(2026, 10, 1, 23, 30))
    f = derived(facts(rounds=(r,)), now=utc(2026, 10, 2, 9))["thank_you:round:10"]
    assert f.due_at == utc(2026, 10, 1, 23, 30)
    assert f.deadline_at == utc(2026, 10, 4, 22, 59, 59)  # Sun 4 Oct 23:59:59 BST


def test_thank_you_deadline_across_dst_changes():
    spring = round_(start=utc(2026, 3, 28, 15))  # Sat 28 Mar, GMT
    f = derived(facts(rounds=(spring,)), now=utc(2026, 3, 28, 18))["thank_you:round:10"]
    assert f.deadline_at == utc(2026, 3, 30, 22, 59, 59)  # Mon 30 Mar 23:59:59 BST
    autumn = round_(start=london(2026, 10, 24, 15))  # Sat 24 Oct, BST
    f = derived(facts(rounds=(autumn,)), now=utc(2026, 10, 24, 18))["thank_you:round:10"]
    assert f.deadline_at == utc(2026, 10, 26, 23, 59, 59)  # Mon 26 Oct 23:59:59 GMT


def test_thank_you_settings_days():
    r = round_()
    f = derived(facts(rounds=(r,)), s=replace(S, thank_you_days=1))["thank_you:round:10"]
    assert f.deadline_at == utc(2026, 11, 10, 23, 59, 59)


@pytest.mark.parametrize(
    "stage", [StageMeaning.INTERVIEWED, StageMeaning.AWAITING_REPLY, StageMeaning.NEXT_ROUND]
)
def test_dragging_into_interviewed_without_a_round_makes_a_thank_you(stage):
    future = round_(12, utc(2026, 11, 19, 10), who=(2, 3))
    f = derived(facts(stage=stage, rounds=(future,)))["thank_you:interview"]
    assert f.due_at == utc(2026, 11, 9, 16)
    assert f.deadline_at == utc(2026, 11, 11, 23, 59, 59)
    assert f.to == (R(HANA),)
    assert f.cc == (R(IAN), R(JO))
    assert f.round_id is None


def test_no_thank_you_for_the_interview_in_other_stages():
    assert "thank_you:interview" not in derived(facts(stage=StageMeaning.SCHEDULED))
    assert "thank_you:interview" not in derived(facts(stage=StageMeaning.OFFER))


@pytest.mark.parametrize("stage", [StageMeaning.ACCEPTED, StageMeaning.NOT_THIS_TIME])
def test_no_thank_you_once_closed(stage):
    out = derived(facts(stage=stage, rounds=(round_(),)))
    assert not [k for k in out if k.startswith("thank_you")]


def test_thank_you_through_an_agency_without_hr_goes_to_the_recruiter():
    f = derived(facts(rounds=(round_(),), hr_ids=(), agency="Hire Co", agency_recruiter_ids=(4,)))
    assert f["thank_you:round:10"].to == (R(RITA),)
    assert f["thank_you:round:10"].cc == (R(IAN),)


def test_thank_you_without_hr_or_agency_goes_to_the_interviewers():
    f = derived(facts(rounds=(round_(who=(2, 3)),), hr_ids=()))["thank_you:round:10"]
    assert f.to == (R(IAN), R(JO))
    assert f.cc == ()


def test_thank_you_does_not_copy_hr_twice_and_skips_unknown_people():
    f = derived(facts(rounds=(round_(who=(1, 2, 99)),)))["thank_you:round:10"]
    assert f.to == (R(HANA),)
    assert f.cc == (R(IAN),)


def test_thank_you_with_nobody_known():
    f = derived(facts(rounds=(round_(who=()),), hr_ids=()))["thank_you:round:10"]
    assert (f.to, f.cc) == ((), ())


# --- rule 3: promised material -------------------------------------------------------------


def test_promise_due_within_two_days_to_the_person_who_asked():
    p = PromiseFact(5, 10, "a link to my portfolio", to_contact_id=2)
    f = derived(facts(rounds=(round_(),), promises=(p,)))["promise:5"]
    assert f.kind is FollowUpKind.PROMISED_MATERIAL
    assert f.title == "Send a link to my portfolio to Ian Vale"
    assert f.due_at == utc(2026, 11, 9, 11)
    assert f.deadline_at == utc(2026, 11, 11, 23, 59, 59)
    assert f.to == (R(IAN),)
    assert (f.round_id, f.promise_id) == (10, 5)


def test_promise_without_a_person_goes_where_the_thank_you_goes():
    p = PromiseFact(5, 10, "my PRINCE2 certificate")
    f = derived(facts(rounds=(round_(),), promises=(p,)), s=replace(S, promise_days=3))
    assert f["promise:5"].title == "Send my PRINCE2 certificate to Acme Ltd"
    assert f["promise:5"].to == (R(HANA),)
    assert f["promise:5"].deadline_at == utc(2026, 11, 12, 23, 59, 59)


def test_promise_not_derived_when_sent_or_round_not_over_or_round_gone():
    sent = PromiseFact(5, 10, "portfolio", sent=True)
    future = PromiseFact(6, 12, "references")
    orphan = PromiseFact(8, 99, "cv")
    rounds = (round_(), round_(12, utc(2026, 11, 19, 10)))
    out = derived(facts(rounds=rounds, promises=(sent, future, orphan)))
    assert not [k for k in out if k.startswith("promise:")]


# --- rule 4: chase -------------------------------------------------------------------------


def test_chase_next_working_day_after_a_friday_reply_date():
    f = derived(facts(rounds=(round_(),), reply_expected_by=date(2026, 11, 13)))["chase:1"]
    assert f.kind is FollowUpKind.CHASE
    assert f.title == "Politely chase Acme Ltd for a reply"
    assert f.due_at == utc(2026, 11, 16, 9)  # Mon 09:00
    assert f.deadline_at == utc(2026, 11, 18, 23, 59, 59)
    assert f.to == (R(HANA),)
    assert f.cc == ()
    assert "Fri 13 Nov" in f.note


def test_chase_after_a_saturday_reply_date_is_monday():
    f = derived(facts(reply_expected_by=date(2026, 11, 14), stage=StageMeaning.AWAITING_REPLY))
    assert f["chase:1"].due_at == utc(2026, 11, 16, 9)


def test_chase_for_a_reply_date_already_past_is_still_derived():
    f = derived(facts(rounds=(round_(),), reply_expected_by=date(2026, 11, 2)))["chase:1"]
    assert f.due_at == utc(2026, 11, 3, 9)  # Tue 3 Nov, in the past
    assert display_state(FollowUpState.PENDING, f.due_at, f.deadline_at, None, NOW) is (
        DisplayState.OVERDUE
    )


def test_chase_hour_is_local_in_summer():
    f = derived(facts(reply_expected_by=date(2026, 7, 10)), now=utc(2026, 7, 1))
    assert f["chase:1"].due_at == utc(2026, 7, 13, 8)  # Mon 09:00 BST


def test_chase_without_reply_date_is_seven_days_after_the_last_round():
    rounds = (round_(10, utc(2026, 11, 2, 10)), round_(11, utc(2026, 11, 9, 10)))
    f = derived(facts(rounds=rounds))["chase:1"]
    assert f.due_at == utc(2026, 11, 16, 9)
    assert f.note == "No reply date was noted; chasing 7 days after the last round."


def test_chase_without_reply_date_moves_off_the_weekend():
    r = round_(start=utc(2026, 11, 7, 10))  # Sat 7 Nov → Sat 14 Nov → Mon 16 Nov
    f = derived(facts(rounds=(r,)))["chase:1"]
    assert f.due_at == utc(2026, 11, 16, 9)


def test_chase_without_rounds_counts_from_the_stage_change():
    f = derived(facts(stage_entered_at=utc(2026, 11, 10, 16)))["chase:1"]
    assert f.due_at == utc(2026, 11, 17, 9)
    assert f.note == "No reply date was noted; chasing 7 days after the interview."


@pytest.mark.parametrize(
    "stage", [StageMeaning.NEXT_ROUND, StageMeaning.OFFER, StageMeaning.NOT_THIS_TIME]
)
def test_no_chase_unless_waiting_for_a_reply(stage):
    out = derived(facts(stage=stage, rounds=(round_(),), reply_expected_by=date(2026, 11, 13)))
    assert not [k for k in out if k.startswith(("chase", "close_no_reply"))]


def chase_msg(*args: int, interview_id: int | None = 7) -> MessageFact:
    return MessageFact(utc(*args), FollowUpKind.CHASE, interview_id)


def test_second_chase_a_week_after_the_first():
    msgs = (chase_msg(2026, 11, 16, 10),)
    f = derived(facts(reply_expected_by=date(2026, 11, 13), messages=msgs), now=utc(2026, 11, 18))
    assert "chase:1" not in f
    c2 = f["chase:2"]
    assert c2.title == "Politely chase Acme Ltd for a reply a second time"
    assert c2.due_at == utc(2026, 11, 23, 9)
    assert c2.deadline_at == utc(2026, 11, 25, 23, 59, 59)


def test_two_chases_without_reply_suggest_closing_instead_of_a_third():
    msgs = (chase_msg(2026, 11, 16, 10), chase_msg(2026, 11, 23, 10))
    out = derived(facts(reply_expected_by=date(2026, 11, 13), messages=msgs), now=utc(2026, 12, 1))
    assert "chase:3" not in out
    close = out["close_no_reply"]
    assert close.kind is FollowUpKind.CLOSE_NO_REPLY
    assert close.title == "No reply from Acme Ltd after 2 chases — close it as no reply?"
    assert close.due_at == utc(2026, 11, 30, 9)
    assert "Acme Ltd" in close.note and "desperate" in close.note


def test_a_reply_resets_the_chase_count_with_fresh_keys():
    msgs = (chase_msg(2026, 11, 16, 10), chase_msg(2026, 11, 23, 10))
    f = facts(
        reply_expected_by=date(2026, 12, 4),
        messages=msgs,
        last_reply_at=utc(2026, 11, 24, 15),
    )
    out = derived(f, now=utc(2026, 12, 1))
    assert "close_no_reply" not in out
    # Keys count every chase ever sent, so the done "chase:1"/"chase:2" never block this one.
    assert out["chase:3"].title == "Politely chase Acme Ltd for a reply"
    assert out["chase:3"].due_at == utc(2026, 12, 7, 9)


def test_chases_about_another_interview_at_the_company_do_not_count():
    other = (chase_msg(2026, 10, 1, 10, interview_id=8), chase_msg(2026, 10, 9, 10, interview_id=8))
    out = derived(facts(reply_expected_by=date(2026, 11, 13), messages=other))
    assert out["chase:1"].due_at == utc(2026, 11, 16, 9)


def test_chase_through_an_agency_without_hr_goes_to_the_recruiter():
    f = facts(
        reply_expected_by=date(2026, 11, 13), hr_ids=(), agency="Hire Co", agency_recruiter_ids=(4,)
    )
    assert derived(f)["chase:1"].to == (R(RITA),)


# --- rule 7: not desperate -----------------------------------------------------------------


def test_chase_pushed_back_after_a_recent_thank_you():
    thanks = MessageFact(utc(2026, 11, 14, 10), FollowUpKind.THANK_YOU, 7)  # 2 days before base
    out = derived(facts(reply_expected_by=date(2026, 11, 13), messages=(thanks,)))
    f = out["chase:1"]
    assert f.due_at == utc(2026, 11, 19, 9)  # Thu 19 Nov: 14 + 5
    assert f.deadline_at == utc(2026, 11, 21, 23, 59, 59)  # moved 3 days like the due date
    assert f.note.startswith(
        "Pushed back to Thu 19 Nov: you wrote to Acme Ltd on Sat 14 Nov — leave 5 days between "
        "messages so you don't look desperate."
    )
    assert "Fri 13 Nov" in f.note  # the original reason is kept


def test_push_back_lands_on_a_working_day_with_the_seed_wording():
    note_msg = MessageFact(utc(2026, 11, 5, 15), FollowUpKind.PROMISED_MATERIAL, 7)  # Thu 5 Nov
    r = round_(start=utc(2026, 11, 2, 10))  # Mon 2 Nov; chase base Mon 9 Nov 09:00
    f = derived(facts(rounds=(r,), messages=(note_msg,)))["chase:1"]
    assert f.due_at == utc(2026, 11, 10, 9)
    assert f.note.splitlines()[0] == (
        "Pushed back to Tue 10 Nov: you wrote to Acme Ltd on Thu 5 Nov — leave 5 days between "
        "messages so you don't look desperate."
    )
    # Landing on a weekend moves to Monday.
    sat_msg = MessageFact(utc(2026, 11, 7, 15), FollowUpKind.THANK_YOU, 7)  # Sat → Thu 12
    f2 = derived(facts(rounds=(r,), messages=(sat_msg,)))["chase:1"]
    assert f2.due_at == utc(2026, 11, 12, 9)
    tue_msg = MessageFact(utc(2026, 11, 3, 15), FollowUpKind.THANK_YOU, 7)  # Tue → Sun 8 → Mon 9
    f3 = derived(facts(rounds=(r,), messages=(tue_msg,)))["chase:1"]
    assert f3.due_at == utc(2026, 11, 9, 9)
    assert not f3.note.startswith("Pushed")


def test_message_to_the_company_about_another_role_also_pushes_back():
    other = MessageFact(utc(2026, 11, 14, 10), FollowUpKind.THANK_YOU, 8)
    f = derived(facts(reply_expected_by=date(2026, 11, 13), messages=(other,)))["chase:1"]
    assert f.due_at == utc(2026, 11, 19, 9)


def test_message_long_enough_ago_does_not_push_back():
    old = MessageFact(utc(2026, 11, 11, 10), FollowUpKind.THANK_YOU, 7)  # Wed 11 → Mon 16 ok
    f = derived(facts(reply_expected_by=date(2026, 11, 13), messages=(old,)))["chase:1"]
    assert f.due_at == utc(2026, 11, 16, 9)
    assert not f.note.startswith("Pushed")


def test_thank_you_and_promise_are_never_pushed_back():
    yesterday = MessageFact(utc(2026, 11, 11, 10), FollowUpKind.CHASE, 8)
    r = round_(start=utc(2026, 11, 12, 9))
    p = PromiseFact(5, 10, "portfolio", 2)
    out = derived(facts(rounds=(r,), promises=(p,), messages=(yesterday,)))
    assert out["thank_you:round:10"].due_at == utc(2026, 11, 12, 10)
    assert out["promise:5"].due_at == utc(2026, 11, 12, 10)
    assert out["thank_you:round:10"].note == ""


def test_second_chase_pushed_back_by_another_message():
    msgs = (
        chase_msg(2026, 11, 16, 10),
        MessageFact(utc(2026, 11, 22, 10), FollowUpKind.PROMISED_MATERIAL, 7),  # Sun 22 Nov
    )
    f = derived(facts(reply_expected_by=date(2026, 11, 13), messages=msgs), now=utc(2026, 11, 22))
    assert f["chase:2"].due_at == utc(2026, 11, 27, 9)  # Fri 27 Nov


# --- rule 5: agency ------------------------------------------------------------------------


def test_agency_contacts_after_the_first_round():
    rounds = (round_(10, utc(2026, 11, 2, 10)), round_(11, utc(2026, 11, 9, 10)))
    f = facts(rounds=rounds, hr_ids=(), agency="Hire Co", agency_recruiter_ids=(4,))
    a = derived(f)["agency_contacts"]
    assert a.kind is FollowUpKind.AGENCY_CONTACTS
    assert a.title == "Ask Hire Co for Acme Ltd's contact details"
    assert a.due_at == utc(2026, 11, 2, 11)
    assert a.deadline_at == utc(2026, 11, 4, 23, 59, 59)
    assert a.to == (R(RITA),)


def test_agency_contacts_before_any_round_is_due_from_creation():
    f = facts(stage=StageMeaning.APPLIED, agency="Hire Co", agency_recruiter_ids=(4,))
    a = derived(f)["agency_contacts"]
    assert a.due_at == utc(2026, 10, 20, 9)
    assert a.deadline_at == utc(2026, 10, 22, 22, 59, 59)  # 23:59:59 BST


def test_no_agency_contacts_with_a_direct_company_contact_or_no_agency():
    f = facts(agency="Hire Co", agency_recruiter_ids=(4,), has_direct_company_contact=True)
    assert "agency_contacts" not in derived(f)
    assert "agency_contacts" not in derived(facts())


def test_agency_contacts_kept_after_a_no_but_not_after_accepting():
    kw = {"agency": "Hire Co", "agency_recruiter_ids": (4,), "hr_ids": ()}
    assert "agency_contacts" in derived(facts(stage=StageMeaning.NOT_THIS_TIME, **kw))
    assert "agency_contacts" not in derived(facts(stage=StageMeaning.ACCEPTED, **kw))


# --- rule 6: keep in touch -----------------------------------------------------------------


def no_facts(**kw) -> InterviewFacts:
    # "Not this time" on Sat 31 Oct 2026 10:00 GMT.
    base = {"stage": StageMeaning.NOT_THIS_TIME, "stage_entered_at": utc(2026, 10, 31, 10)}
    base.update(kw)
    return facts(**base)


def test_not_this_time_feedback_then_three_and_six_months():
    out = derived(no_facts(rounds=(round_(start=utc(2026, 10, 20, 10)),)))
    fb = out["feedback"]
    assert fb.kind is FollowUpKind.FEEDBACK_REQUEST
    assert fb.due_at == utc(2026, 10, 31, 10)
    assert fb.deadline_at == utc(2026, 11, 2, 23, 59, 59)
    assert fb.to == (R(HANA),)
    k3, k6 = out["keep_in_touch:3m"], out["keep_in_touch:6m"]
    assert k3.kind is k6.kind is FollowUpKind.KEEP_IN_TOUCH
    # 31 Jan 2027 is a Sunday → Mon 1 Feb 09:00 GMT.
    assert k3.due_at == utc(2027, 2, 1, 9)
    assert k3.deadline_at == utc(2027, 2, 8, 23, 59, 59)
    # 31 Oct + 6 months clamps to Fri 30 Apr 2027, 09:00 BST.
    assert k6.due_at == utc(2027, 4, 30, 8)
    assert "Acme Ltd" in k3.title
    assert set(out) == {"feedback", "keep_in_touch:3m", "keep_in_touch:6m"}


def test_keep_in_touch_months_come_from_settings():
    out = derived(no_facts(), s=replace(S, keep_in_touch_months=(1,), feedback_days=5))
    assert out["feedback"].deadline_at == utc(2026, 11, 5, 23, 59, 59)
    assert out["keep_in_touch:1m"].due_at == utc(2026, 11, 30, 9)
    assert "keep_in_touch:3m" not in out


def test_keep_in_touch_recipients_fall_back():
    r = round_(start=utc(2026, 10, 20, 10), who=(2, 3))
    assert derived(no_facts(rounds=(r,), hr_ids=()))["feedback"].to == (R(IAN), R(JO))
    agency = no_facts(hr_ids=(), agency="Hire Co", agency_recruiter_ids=(4,))
    assert derived(agency)["keep_in_touch:3m"].to == (R(RITA),)


def test_keep_in_touch_pushed_back_but_feedback_is_not():
    msg = MessageFact(utc(2027, 1, 29, 10), FollowUpKind.CUSTOM, 8)  # Fri 29 Jan → Wed 3 Feb
    out = derived(no_facts(messages=(msg,)))
    assert out["keep_in_touch:3m"].due_at == utc(2027, 2, 3, 9)
    assert out["keep_in_touch:3m"].deadline_at == utc(2027, 2, 10, 23, 59, 59)
    assert out["keep_in_touch:3m"].note.startswith("Pushed back to Wed 3 Feb: you wrote to Acme")
    assert out["feedback"].due_at == utc(2026, 10, 31, 10)


# --- desperation_warning -------------------------------------------------------------------


def warn(messages, kind, now=NOW, **kw):
    return desperation_warning(messages, "Acme Ltd", kind, now, S, LONDON, **kw)


def test_no_warning_with_nothing_sent():
    assert warn((), FollowUpKind.CHASE) is None


def test_warning_for_a_chase_soon_after_another_message():
    msgs = (MessageFact(utc(2026, 11, 10, 15), FollowUpKind.THANK_YOU, 7),)
    text = warn(msgs, FollowUpKind.CHASE)
    assert text == (
        "You wrote to Acme Ltd on Tue 10 Nov — leave 5 days between messages so you don't look "
        "desperate. You can write again from Sun 15 Nov."
    )
    assert warn(msgs, FollowUpKind.KEEP_IN_TOUCH) == text
    assert warn(msgs, FollowUpKind.CUSTOM) == text
    assert warn(msgs, FollowUpKind.CHASE, now=utc(2026, 11, 15, 0, 1)) is None


def test_no_warning_for_answers_the_company_expects():
    msgs = (MessageFact(utc(2026, 11, 12, 9), FollowUpKind.CHASE, 7),)
    for kind in (
        FollowUpKind.THANK_YOU,
        FollowUpKind.PROMISED_MATERIAL,
        FollowUpKind.FEEDBACK_REQUEST,
        FollowUpKind.AGENCY_CONTACTS,
    ):
        assert warn(msgs, kind) is None


def test_warning_for_a_third_chase_without_reply():
    msgs = (chase_msg(2026, 10, 1, 10), chase_msg(2026, 10, 9, 10))
    text = warn(msgs, FollowUpKind.CHASE)
    assert text is not None
    assert text.startswith("You have already chased Acme Ltd twice without a reply.")
    assert warn(msgs, FollowUpKind.CHASE, last_reply_at=utc(2026, 10, 10)) is None
    assert warn(msgs, FollowUpKind.CHASE, interview_id=8) is None
    assert warn(msgs, FollowUpKind.KEEP_IN_TOUCH) is None


# --- display_state -------------------------------------------------------------------------

DUE, DEADLINE = utc(2026, 11, 12, 9), utc(2026, 11, 14, 23, 59, 59)


@pytest.mark.parametrize(
    ("state", "snoozed_until", "now", "expected"),
    [
        (FollowUpState.PENDING, None, utc(2026, 11, 12, 8, 59), DisplayState.PENDING),
        (FollowUpState.PENDING, None, DUE, DisplayState.DUE),
        (FollowUpState.PENDING, None, DEADLINE, DisplayState.DUE),
        (FollowUpState.PENDING, None, DEADLINE + timedelta(seconds=1), DisplayState.OVERDUE),
        (FollowUpState.DONE, None, DEADLINE + timedelta(days=9), DisplayState.DONE),
        (FollowUpState.DISMISSED, None, DUE, DisplayState.DISMISSED),
        (FollowUpState.SNOOZED, utc(2026, 11, 13), utc(2026, 11, 12, 10), DisplayState.SNOOZED),
        (FollowUpState.SNOOZED, utc(2026, 11, 13), utc(2026, 11, 13), DisplayState.DUE),
        (FollowUpState.SNOOZED, utc(2026, 11, 12, 8), utc(2026, 11, 12, 8, 30), DisplayState.DUE),
        (FollowUpState.SNOOZED, utc(2026, 11, 16), utc(2026, 11, 16, 1), DisplayState.OVERDUE),
        (FollowUpState.SNOOZED, None, utc(2026, 11, 12, 10), DisplayState.DUE),
    ],
)
def test_display_state(state, snoozed_until, now, expected):
    assert display_state(state, DUE, DEADLINE, snoozed_until, now) is expected


def test_local_time_helper_is_sane():
    # Guard the test helper itself: 22:50 GMT in November is 22:50 UTC.
    assert london(2026, 11, 9, 22, 50) == utc(2026, 11, 9, 22, 50)
    assert datetime.combine(date(2026, 7, 1), time(9), LONDON) == utc(2026, 7, 1, 8)


def test_prepare_uses_the_local_date_far_from_utc():
    # 10:00 on Mon 16 Nov in Auckland (NZDT, +13) is 21:00 UTC on Sun 15 Nov.
    auckland = ZoneInfo("Pacific/Auckland")
    start = datetime(2026, 11, 16, 10, tzinfo=auckland).astimezone(UTC)
    out = derive(
        facts(stage=StageMeaning.SCHEDULED, rounds=(round_(start=start),)), S, NOW, auckland
    )
    assert by_key(out)["prepare:round:10"].due_at == utc(2026, 11, 15, 19)  # 08:00 NZDT
