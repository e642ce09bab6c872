"""Every figure of the Insights view, on small hand-made histories."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from history_helpers import BOARD, STAGE, day, followup, history, message

from followup_desktop.core.facts import FollowUpKind, FollowUpState
from followup_desktop.core.history import Period, StageRef, answers, wait_starts
from followup_desktop.core.insights import (
    compute,
    followup_outcomes,
    funnel,
    funnel_stages,
    quiet_since,
    reply_times,
    reply_waits,
    went_quiet,
)
from followup_desktop.core.insights_text import describe, duration, period_text
from followup_desktop.core.stages import StageMeaning

ALL = Period()
LONDON = ZoneInfo("Europe/London")
NOW = day(60)


def reached(f):
    return {s.stage.key: s.reached for s in f.steps}


# -- funnel -------------------------------------------------------------------------------
def test_funnel_steps_follow_the_board_without_not_this_time_or_custom():
    custom = StageRef("custom_1", StageMeaning.CUSTOM, "Thinking it over")
    board = (STAGE["scheduled"], custom, STAGE["applied"], *BOARD[2:])
    keys = [s.key for s in funnel_stages(board)]
    assert keys == [
        "scheduled",
        "applied",
        "interviewed",
        "awaiting_reply",
        "next_round",
        "offer",
        "accepted",
    ]


def test_empty_funnel():
    f = funnel([], BOARD, ALL)
    assert f.total == 0 and f.not_this_time == 0
    assert all(s.reached == 0 and s.to_next is None and s.ended_here == 0 for s in f.steps)
    assert len(f.steps) == 7


def test_single_interview_just_applied():
    f = funnel([history()], BOARD, ALL)
    assert f.total == 1
    assert reached(f) == {
        "applied": 1,
        "scheduled": 0,
        "interviewed": 0,
        "awaiting_reply": 0,
        "next_round": 0,
        "offer": 0,
        "accepted": 0,
    }
    assert f.steps[0].to_next == 0.0
    assert f.steps[1].to_next is None  # nobody reached Scheduled: no share to give


def test_skipped_stages_count_as_passed_and_conversions():
    a = history(1, path=((2, "scheduled"), (5, "interviewed")))
    b = history(2, first="interviewed", created=1)  # added after the fact: did apply
    c = history(3, path=((3, "not_this_time"),))
    d = history(4, path=((2, "offer"),))
    f = funnel([a, b, c, d], BOARD, ALL)
    r = reached(f)
    assert r["applied"] == 4
    assert r["scheduled"] == 3  # a, b (passed it), d (passed it)
    assert r["interviewed"] == 3
    assert r["awaiting_reply"] == 1  # d only
    assert r["offer"] == 1 and r["accepted"] == 0
    assert f.steps[0].to_next == pytest.approx(3 / 4)
    assert f.steps[1].to_next == pytest.approx(1.0)
    assert f.steps[2].to_next == pytest.approx(1 / 3)
    assert f.not_this_time == 1
    assert f.steps[0].ended_here == 1  # c ended at Applied


def test_interview_moved_backwards_counts_once_per_stage():
    h = history(
        path=(
            (1, "scheduled"),
            (2, "interviewed"),
            (3, "scheduled"),  # moved back by mistake
            (4, "interviewed"),
            (5, "awaiting_reply"),
            (6, "interviewed"),  # and back again
        )
    )
    r = reached(funnel([h], BOARD, ALL))
    assert r == {
        "applied": 1,
        "scheduled": 1,
        "interviewed": 1,
        "awaiting_reply": 1,
        "next_round": 0,
        "offer": 0,
        "accepted": 0,
    }


def test_ended_here_is_the_furthest_stage_before_the_no():
    h = history(path=((1, "scheduled"), (2, "interviewed"), (9, "not_this_time")))
    f = funnel([h], BOARD, ALL)
    assert [s.ended_here for s in f.steps] == [0, 0, 1, 0, 0, 0, 0]


def test_funnel_period_takes_interviews_added_in_it_and_events_before_its_end():
    early = history(1, created=0, path=((20, "interviewed"),))
    late = history(2, created=15, path=((16, "scheduled"),))
    period = Period(day(10), day(18))
    f = funnel([early, late], BOARD, period)
    assert f.total == 1  # only "late" was added in the period
    assert reached(f)["scheduled"] == 1
    # The same interview seen in a period that ends before its move: it was only applied.
    f2 = funnel([late], BOARD, Period(day(10), day(16)))
    assert reached(f2)["scheduled"] == 0


def test_custom_only_stage_still_counts_as_applied():
    custom = StageRef("custom_1", StageMeaning.CUSTOM, "Thinking")
    h = history()
    h = type(h)(**{**{f: getattr(h, f) for f in h.__slots__}, "first_stage": custom})
    f = funnel([h], (*BOARD, custom), ALL)
    assert reached(f)["applied"] == 1 and reached(f)["scheduled"] == 0


# -- reply times --------------------------------------------------------------------------
def test_answers_and_wait_starts():
    h = history(
        path=((3, "scheduled"), (8, "interviewed"), (9, "awaiting_reply"), (14, "next_round")),
        rounds=((8, 8.05),),
        messages=(message(8.5),),
        replies=(11,),
    )
    assert [a.at for a in answers(h)] == [day(3), day(11), day(14)]
    assert [a.how for a in answers(h)] == ["scheduled", "reply", "next_round"]
    assert wait_starts(h) == [day(0), day(8.05), day(8.5)]


def test_reply_waits_pair_each_answer_with_the_first_start_after_the_previous_answer():
    h = history(
        path=((3, "scheduled"), (14, "next_round")),
        rounds=((8, 8.25),),
        messages=(message(8.5), message(12, FollowUpKind.CHASE)),
        replies=(11,),
    )
    waits = reply_waits(h)
    assert [(w.started_at, w.answered_at) for w in waits] == [
        (day(0), day(3)),  # the application, answered with an invitation
        (day(8.25), day(11)),  # the round's end, answered by a reply
        (day(12), day(14)),  # the chase, answered by the move to Next round
    ]


def test_an_answer_with_nothing_open_closes_no_wait():
    # Added straight to Interviewed (no application start), then a reply: nothing to time.
    h = history(first="interviewed", replies=(2,))
    assert reply_waits(h) == []
    # Two answers in a row: the second has no new start.
    h2 = history(replies=(2, 3))
    assert [w.length for w in reply_waits(h2)] == [timedelta(days=2)]


def test_reply_times_median_and_range_per_company_and_overall():
    acme1 = history(1, "Acme Ltd", employer_id=10, replies=(2,))
    acme2 = history(2, "Acme Ltd", employer_id=10, replies=(6,))
    acme3 = history(3, "Acme Ltd", employer_id=10, replies=(4,))
    globex = history(4, "Globex", employer_id=20, replies=(1,))
    quiet = history(5, "Initech", employer_id=30)
    r = reply_times([acme1, acme2, acme3, globex, quiet], ALL)
    assert r.overall is not None
    assert r.overall.count == 4
    assert r.overall.median == timedelta(days=3)  # 1, 2, 4, 6
    assert r.overall.shortest == timedelta(days=1)
    assert r.overall.longest == timedelta(days=6)
    assert [(s.company, s.count, s.median) for s in r.by_company] == [
        ("Globex", 1, timedelta(days=1)),
        ("Acme Ltd", 3, timedelta(days=4)),
    ]
    acme = r.by_company[1]
    assert (acme.shortest, acme.longest) == (timedelta(days=2), timedelta(days=6))


def test_reply_times_empty_and_filtered_by_when_the_answer_came():
    assert reply_times([], ALL).overall is None
    h = history(replies=(2,))
    assert reply_times([h], Period(day(3), None)).overall is None
    assert reply_times([h], Period(day(1), day(3))).overall.count == 1


def test_two_companies_with_one_name_stay_apart():
    a = history(1, "Acme", employer_id=1, replies=(1,))
    b = history(2, "Acme", employer_id=2, replies=(3,))
    assert [s.count for s in reply_times([a, b], ALL).by_company] == [1, 1]


# -- follow-ups ---------------------------------------------------------------------------
def test_followup_outcomes():
    fs = (
        followup(FollowUpKind.THANK_YOU, FollowUpState.DONE, deadline=2, done=1.5),  # on time
        followup(FollowUpKind.THANK_YOU, FollowUpState.DONE, deadline=2, done=3),  # late
        followup(FollowUpKind.CHASE, FollowUpState.DISMISSED, deadline=5),  # skipped
        followup(FollowUpKind.PROMISED_MATERIAL, FollowUpState.PENDING, deadline=6),  # missed
        followup(FollowUpKind.PROMISED_MATERIAL, FollowUpState.SNOOZED, deadline=70),  # open
        followup(FollowUpKind.CLOSE_NO_REPLY, FollowUpState.PENDING, deadline=7),  # left out
    )
    out = followup_outcomes([history(followups=fs)], ALL, NOW)
    t = out.total
    assert (t.on_time, t.late, t.dismissed, t.missed, t.open) == (1, 1, 1, 1, 1)
    assert t.skipped == 2 and t.settled == 4
    kinds = dict(out.by_kind)
    assert list(kinds) == [
        FollowUpKind.THANK_YOU,
        FollowUpKind.PROMISED_MATERIAL,
        FollowUpKind.CHASE,
    ]
    assert (kinds[FollowUpKind.THANK_YOU].on_time, kinds[FollowUpKind.THANK_YOU].late) == (1, 1)
    assert kinds[FollowUpKind.PROMISED_MATERIAL].missed == 1


def test_done_exactly_at_the_deadline_is_on_time():
    f = followup(FollowUpKind.THANK_YOU, FollowUpState.DONE, deadline=2, done=2)
    assert followup_outcomes([history(followups=(f,))], ALL, NOW).total.on_time == 1


def test_followup_outcomes_by_deadline_in_period_and_empty():
    f1 = followup(FollowUpKind.THANK_YOU, FollowUpState.DONE, deadline=2, done=1)
    f2 = followup(FollowUpKind.THANK_YOU, FollowUpState.DONE, deadline=20, done=19)
    out = followup_outcomes([history(followups=(f1, f2))], Period(day(10), day(30)), NOW)
    assert out.total.on_time == 1
    empty = followup_outcomes([], ALL, NOW)
    assert empty.total.settled == 0 and empty.by_kind == ()


# -- went quiet ---------------------------------------------------------------------------
def chase(at: float):
    return message(at, FollowUpKind.CHASE)


def test_quiet_after_the_allowed_chases():
    h = history(
        path=((3, "scheduled"), (8, "interviewed"), (9, "awaiting_reply")),
        messages=(message(8.5), chase(20), chase(27)),
    )
    q = quiet_since(h, max_chases=2, now=NOW)
    assert q is not None and q.chases == 2 and q.since == day(27)
    assert q.last_answer == day(3)
    assert quiet_since(h, max_chases=3, now=NOW) is None


def test_a_reply_after_the_chases_ends_the_silence_but_a_no_does_not():
    msgs = (chase(20), chase(27))
    answered = history(messages=msgs, replies=(30,))
    assert quiet_since(answered, 2, NOW) is None
    closed = history(messages=msgs, path=((35, "not_this_time"),))
    assert quiet_since(closed, 2, NOW) is not None
    # Chases before the last answer do not count.
    earlier = history(messages=msgs, replies=(25,))
    assert quiet_since(earlier, 2, NOW) is None


def test_quiet_when_close_no_reply_is_due_and_not_dismissed():
    due = followup(FollowUpKind.CLOSE_NO_REPLY, FollowUpState.PENDING, deadline=31, due=30)
    assert quiet_since(history(followups=(due,)), 2, NOW).since == day(30)
    assert quiet_since(history(followups=(due,)), 2, day(29)) is None  # not due yet
    dismissed = followup(FollowUpKind.CLOSE_NO_REPLY, FollowUpState.DISMISSED, 31, due=30)
    assert quiet_since(history(followups=(dismissed,)), 2, NOW) is None


def test_went_quiet_filtered_by_when_it_went_quiet():
    a = history(1, "Acme", messages=(chase(5), chase(12)))
    b = history(2, "Globex", messages=(chase(30), chase(40)))
    assert [q.company for q in went_quiet([a, b], 2, ALL, NOW)] == ["Acme", "Globex"]
    assert [q.company for q in went_quiet([a, b], 2, Period(day(20), None), NOW)] == ["Globex"]
    assert went_quiet([], 2, ALL, NOW) == []


# -- all together, and in words -----------------------------------------------------------
def test_compute_and_describe_empty():
    insights = compute([], BOARD, ALL, NOW, 2)
    text = [line for s in describe(insights, LONDON) for line in s.lines]
    assert "No interviews were added in this period." in text
    assert "No company answered in this period." in text


def test_describe_names_every_number():
    hs = [
        history(1, "Acme Ltd", path=((3, "scheduled"), (9, "not_this_time"))),
        history(2, "Globex", messages=(chase(5), chase(12))),
    ]
    sections = describe(compute(hs, BOARD, ALL, NOW, 2), LONDON)
    funnel_text = " ".join(sections[0].lines)
    assert "2 interviews added" in funnel_text
    assert "Applied: 2; 50% of them went on to Scheduled." in funnel_text
    assert "Scheduled: 1; 0% of them went on to Interviewed; 1 ended here with a no." in (
        funnel_text
    )
    assert "Acme Ltd: answered once, after 3 days." in sections[1].lines
    assert sections[3].lines[1].startswith("Globex — Designer (Applied): 2 chases, quiet since")


@pytest.mark.parametrize(
    ("length", "text"),
    [
        (timedelta(minutes=20), "under an hour"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=30), "30 hours"),
        (timedelta(days=1.5), "1.5 days"),
        (timedelta(days=3), "3 days"),
        (timedelta(days=12.4), "12 days"),
    ],
)
def test_duration_words(length, text):
    assert duration(length) == text


def test_period_from_local_days_and_its_text():
    from datetime import date

    p = Period.from_dates(date(2026, 3, 1), date(2026, 3, 31), LONDON)
    assert p.contains(day(0)) and not p.contains(day(40))
    # 31 March is in British Summer Time: the period ends at local midnight, 23:00 UTC.
    assert p.end.astimezone(UTC).isoformat() == "2026-03-31T23:00:00+00:00"
    assert period_text(p, LONDON) == "1 Mar 2026 to 31 Mar 2026"
    assert period_text(Period(), LONDON) == "all time"
    with pytest.raises(ValueError, match="ends before it starts"):
        Period.from_dates(date(2026, 3, 2), date(2026, 3, 1), LONDON)


def test_hidden_stages_are_counted_but_not_shown():
    a = history(1, path=((1, "scheduled"), (2, "interviewed")))
    b = history(2, path=((1, "scheduled"), (3, "not_this_time")))
    c = history(3)
    f = funnel([a, b, c], BOARD, ALL, hidden={"scheduled"})
    assert [s.stage.key for s in f.steps][:2] == ["applied", "interviewed"]
    assert reached(f)["applied"] == 3 and reached(f)["interviewed"] == 1
    assert f.steps[0].to_next == pytest.approx(1 / 3)  # Applied → Interviewed, skipping it
    assert f.steps[0].ended_here == 1  # b ended in the hidden Scheduled


def test_quiet_waiting_since_is_the_first_start_after_the_last_answer():
    h = history(
        path=((3, "scheduled"), (8, "interviewed"), (9, "awaiting_reply")),
        rounds=((8, 8.05),),
        messages=(message(8.5), chase(20), chase(27)),
    )
    q = quiet_since(h, 2, NOW)
    assert q.waiting_since == day(8.05)  # the round's end, after the invitation on day 3
    assert quiet_since(history(messages=(chase(5), chase(12))), 2, NOW).waiting_since == day(0)
