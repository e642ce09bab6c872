"""Follow-ups as the user meets them: due, upcoming, snoozed, done, dismissed, edited.

The rules re-derive follow-ups whenever facts change; these tests check that doing so never
duplicates, never resurrects a done or dismissed one, and never overwrites a user's edit.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fixed_clock import START, Clock

from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.core.facts import DisplayState, FollowUpKind, FollowUpState
from followup_desktop.services import Changes, Services
from followup_desktop.services.followups import CLOCK_KEY
from followup_desktop.store import models as m

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def one(services: Services, interview_id: int, kind: FollowUpKind) -> Any:
    (view,) = [f for f in services.followups.for_interview(interview_id) if f.kind is kind]
    return view


def states(interview_id: int) -> dict[str, str]:
    return {
        r.rule_key: r.state for r in m.FollowUp.select().where(m.FollowUp.interview == interview_id)
    }


@pytest.fixture
def interviewed(services: Services) -> int:
    """Interviewed today, 10:00–11:00 London (GMT), HR and an interviewer known."""
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    hr = s.contacts.create_contact(
        "Helen", kind="hr", organization="Acme Ltd", email="helen@acme.example"
    )
    ada = s.contacts.create_contact("Ada", kind="interviewer", email="ada@acme.example")
    s.rounds.add_round(
        iid, START - 2 * HOUR, START - HOUR, kind="first_interview", interviewer_ids=[ada]
    )
    s.contacts.link(iid, hr, "hr")
    return iid


# -- what is due ---------------------------------------------------------------------------------


def test_due_lists_what_fell_due_most_urgent_first(services: Services, interviewed: int):
    s = services
    other = s.board.create_interview("Globex", "Data Analyst", "not_this_time")
    due = s.followups.due()
    assert [f.kind for f in due] == [FollowUpKind.THANK_YOU, FollowUpKind.FEEDBACK_REQUEST]
    thanks = due[0]
    assert (thanks.company, thanks.role, thanks.interview_id) == (
        "Acme Ltd",
        "Product Designer",
        interviewed,
    )
    assert thanks.display is DisplayState.DUE
    assert [r.name for r in thanks.to] == ["Helen"]
    assert [r.name for r in thanks.cc] == ["Ada"]
    # Due the day of the round, by the end of the second day after it (local time).
    assert thanks.due_at == START - HOUR
    assert thanks.deadline_at == datetime(2026, 3, 12, 23, 59, 59, tzinfo=UTC)
    assert due[1].interview_id == other


def test_a_follow_up_past_its_deadline_is_overdue(services: Services, interviewed: int):
    later = START + 3 * DAY
    (thanks,) = [f for f in services.followups.due(later) if f.kind is FollowUpKind.THANK_YOU]
    assert thanks.display is DisplayState.OVERDUE


def test_upcoming_lists_what_falls_due_soon_but_not_yet(services: Services, interviewed: int):
    s = services
    upcoming = s.followups.upcoming()
    assert FollowUpKind.CHASE in [f.kind for f in upcoming]
    assert FollowUpKind.THANK_YOU not in [f.kind for f in upcoming]
    assert all(START < f.due_at <= START + 14 * DAY for f in upcoming)
    assert s.followups.upcoming(days=1) == []


def test_archived_interviews_have_nothing_due(services: Services, interviewed: int):
    fid = services.followups.due()[0].id
    services.board.archive([interviewed])
    assert services.followups.due() == []
    with pytest.raises(NotFoundError) as caught:
        services.followups.get(fid)
    assert caught.value.field == "followup"


def test_next_moment_is_the_next_thing_to_fall_due_or_become_overdue(
    services: Services, interviewed: int
):
    s = services
    thanks = one(s, interviewed, FollowUpKind.THANK_YOU)
    # The thank-you is already due; the next moment is its deadline (nothing else sooner).
    assert s.followups.next_moment() == thanks.deadline_at
    starts = START + 5 * HOUR
    s.rounds.add_round(interviewed, starts, starts + HOUR)
    # Its prepare checklist is already due (08:00); a round that starts and ends changes what
    # the rules say, so the timer must wake then.
    assert one(s, interviewed, FollowUpKind.PREPARE).due_at < START
    assert s.followups.next_moment() == starts
    assert s.followups.next_moment(starts) == starts + HOUR
    assert s.followups.next_moment(starts + HOUR) == thanks.deadline_at


def test_next_moment_with_nothing_left_is_none(services: Services):
    assert services.followups.next_moment() is None
    iid = services.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    assert services.followups.next_moment() is not None
    services.board.archive([iid])
    assert services.followups.next_moment() is None


# -- acting on them ------------------------------------------------------------------------------


def test_snoozing_hides_a_follow_up_until_the_snooze_ends(
    services: Services, interviewed: int, clock: Clock
):
    s = services
    thanks = one(s, interviewed, FollowUpKind.THANK_YOU)
    s.followups.mark_notified([thanks.id])
    until = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)

    s.followups.snooze(thanks.id, until)

    view = s.followups.get(thanks.id)
    assert (view.state, view.display, view.snoozed_until) == (
        FollowUpState.SNOOZED,
        DisplayState.SNOOZED,
        until,
    )
    assert view.notified_at is None  # it will be announced again when the snooze ends
    assert thanks.id not in [f.id for f in s.followups.due()]
    assert thanks.id in [f.id for f in s.followups.upcoming()]
    assert s.followups.next_moment() == until
    activity = m.Activity.select().order_by(m.Activity.id.desc()).first()
    assert activity.summary == "Snoozed until Wed 11 Mar 09:00: Thank Acme Ltd for the interview"

    clock.now = until
    (back,) = [f for f in s.followups.due() if f.id == thanks.id]
    assert back.display is DisplayState.DUE
    assert back.effective_due_at == until


@pytest.mark.parametrize(
    "until",
    [START - HOUR, START, datetime(2026, 3, 11, 9, 0), datetime(2300, 1, 1, tzinfo=UTC), "soon"],
)
def test_snoozing_needs_a_future_time(services: Services, interviewed: int, until: Any):
    fid = one(services, interviewed, FollowUpKind.THANK_YOU).id
    with pytest.raises(ValidationError) as caught:
        services.followups.snooze(fid, until)
    assert caught.value.field == "snoozed_until"
    assert services.followups.get(fid).state is FollowUpState.PENDING


@pytest.mark.parametrize(
    "act",
    [
        lambda s, fid: s.followups.mark_done(fid),
        lambda s, fid: s.followups.dismiss(fid),
        lambda s, fid: s.followups.reopen(fid),
        lambda s, fid: s.followups.snooze(fid, START + DAY),
        lambda s, fid: s.followups.edit(fid, title="x"),
        lambda s, fid: s.followups.get(fid),
    ],
)
def test_a_dangling_follow_up_is_not_found(services: Services, act: Any):
    with pytest.raises(NotFoundError) as caught:
        act(services, 999)
    assert caught.value.field == "followup"


def test_done_is_never_resurrected_however_the_facts_change(
    services: Services, interviewed: int, clock: Clock
):
    s = services
    thanks = one(s, interviewed, FollowUpKind.THANK_YOU)
    s.followups.mark_done(thanks.id)
    assert s.followups.get(thanks.id).state is FollowUpState.DONE
    assert m.FollowUp.get_by_id(thanks.id).done_at == START

    clock.advance(hours=1)
    s.board.update_interview(interviewed, notes="They liked my portfolio")
    s.board.move([interviewed], "applied")
    s.board.move([interviewed], "interviewed")
    s.followups.rederive_all()

    assert states(interviewed)[thanks_key(thanks)] == "done"
    assert [f.kind for f in s.followups.due()].count(FollowUpKind.THANK_YOU) == 0


def thanks_key(view: Any) -> str:
    return str(m.FollowUp.get_by_id(view.id).rule_key)


def test_dismissed_is_never_resurrected_and_reopen_brings_it_back(
    services: Services, interviewed: int
):
    s = services
    thanks = one(s, interviewed, FollowUpKind.THANK_YOU)
    s.followups.dismiss(thanks.id)
    s.followups.rederive_all()
    assert states(interviewed)[thanks_key(thanks)] == "dismissed"
    assert thanks.id not in [f.id for f in s.followups.due()]

    s.followups.reopen(thanks.id)
    assert s.followups.get(thanks.id).state is FollowUpState.PENDING
    kinds = [
        a.kind
        for a in m.Activity.select()
        .where(m.Activity.interview == interviewed)
        .order_by(m.Activity.id)
    ]
    assert kinds[-2:] == ["followup_dismissed", "followup_reopened"]


def test_a_users_edit_is_kept_across_rederiving(services: Services, interviewed: int, clock: Clock):
    s = services
    thanks = one(s, interviewed, FollowUpKind.THANK_YOU)
    chase = one(s, interviewed, FollowUpKind.CHASE)
    new_due = START + 5 * HOUR
    s.followups.edit(thanks.id, title="Thank Helen and Ada", due_at=new_due)

    # Facts change: another interviewer, a reply date, different timings.
    bob = s.contacts.create_contact("Bob", kind="interviewer")
    s.contacts.link(interviewed, bob, "interviewer")
    s.board.update_interview(interviewed, reply_expected_by="2026-03-13")
    s.settings.set_rules(thank_you_days=5)
    clock.advance(hours=1)
    s.followups.rederive_all()

    edited = s.followups.get(thanks.id)
    assert edited.title == "Thank Helen and Ada"
    assert edited.due_at == new_due
    assert edited.user_edited is True
    # ...while the untouched chase followed the new reply date.
    assert s.followups.get(chase.id).due_at != chase.due_at
    assert list(states(interviewed).values()).count("pending") == len(states(interviewed))


def test_editing_validates_and_keeps_deadline_after_due(services: Services, interviewed: int):
    s = services
    fid = one(s, interviewed, FollowUpKind.THANK_YOU).id
    far = START + 10 * DAY
    s.followups.edit(fid, due_at=far)  # past the deadline: the deadline follows
    view = s.followups.get(fid)
    assert view.deadline_at == far
    for kwargs, field in (
        ({"title": " "}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"due_at": datetime(2026, 3, 11, 9, 0)}, "due_at"),
        ({"deadline_at": far - DAY}, "deadline_at"),
        ({"due_at": START, "deadline_at": START - DAY}, "deadline_at"),
    ):
        with pytest.raises(ValidationError) as caught:
            s.followups.edit(fid, **kwargs)
        assert caught.value.field == field
    assert s.followups.get(fid) == view


def test_rederiving_twice_changes_nothing_the_second_time(
    services: Services, interviewed: int, announced: list[Changes]
):
    s = services
    before = {r.id: (r.rule_key, r.due_at, r.title) for r in m.FollowUp.select()}
    announced.clear()
    assert s.followups.rederive_all() == 0
    assert {r.id: (r.rule_key, r.due_at, r.title) for r in m.FollowUp.select()} == before
    assert announced == []


def test_hand_made_follow_ups_are_the_users(services: Services, interviewed: int):
    s = services
    due = START + 2 * HOUR
    fid = s.followups.add_custom(interviewed, "Ring Helen about parking", due)
    view = s.followups.get(fid)
    assert (view.kind, view.title, view.due_at, view.user_edited) == (
        FollowUpKind.CUSTOM,
        "Ring Helen about parking",
        due,
        True,
    )
    s.board.move([interviewed], "applied")  # every rule-made pending one goes
    assert s.followups.get(fid).state is FollowUpState.PENDING
    with pytest.raises(NotFoundError):
        s.followups.add_custom(999, "x", due)
    with pytest.raises(ValidationError) as caught:
        s.followups.add_custom(interviewed, "", due)
    assert caught.value.field == "title"


def test_two_hand_made_follow_ups_in_the_same_second_both_save(
    services: Services, interviewed: int
):
    """The clock does not move between them (a fixed clock, or a quick user)."""
    s = services
    first = s.followups.add_custom(interviewed, "First", START + HOUR)
    s.board.move([interviewed], "applied")  # the rules remove some: the row count drops
    more = [s.followups.add_custom(interviewed, f"More {n}", START + HOUR) for n in range(4)]
    assert len({first, *more}) == 5


def test_actions_are_on_the_timeline_and_announced(
    services: Services, interviewed: int, announced: list[Changes]
):
    s = services
    fid = one(s, interviewed, FollowUpKind.THANK_YOU).id
    announced.clear()
    s.followups.mark_done(fid)
    assert announced and announced[-1].followups and interviewed in announced[-1].interviews
    last = m.Activity.select().order_by(m.Activity.id.desc()).first()
    assert (last.kind, last.summary, last.interview_id) == (
        "followup_done",
        "Done: Thank Acme Ltd for the interview",
        interviewed,
    )
    assert last.data["followup_id"] == fid


def test_for_interview_lists_open_ones_first(services: Services, interviewed: int):
    s = services
    thanks = one(s, interviewed, FollowUpKind.THANK_YOU)
    s.followups.mark_done(thanks.id)
    views = s.followups.for_interview(interviewed)
    assert views[-1].id == thanks.id
    open_ones = [v for v in views if v.state in (FollowUpState.PENDING, FollowUpState.SNOOZED)]
    assert views[: len(open_ones)] == open_ones
    assert [v.effective_due_at for v in open_ones] == sorted(v.effective_due_at for v in open_ones)


# -- catching up with the clock --------------------------------------------------------------------


def test_catch_up_rederives_only_interviews_whose_rounds_started_or_ended(
    services: Services, clock: Clock, monkeypatch: pytest.MonkeyPatch
):
    s = services
    quiet = s.board.create_interview("Globex", "Data Analyst", "awaiting_reply")
    soon = s.board.create_interview("Acme Ltd", "Product Designer", "scheduled")
    rid = s.rounds.add_round(soon, START + HOUR, START + 2 * HOUR)
    later = s.board.create_interview("Initech", "QA Engineer", "scheduled")
    s.rounds.add_round(later, START + 5 * DAY, START + 5 * DAY + HOUR)
    s.followups.catch_up()  # the first time: everything
    assert m.Setting.get_by_id(CLOCK_KEY).value == START.isoformat()
    seen: list[list[int]] = []
    real = s.followups.rederive

    def spy(ids: Any, *args: Any, **kwargs: Any) -> int:
        seen.append(sorted(ids))
        return int(real(ids, *args, **kwargs))

    monkeypatch.setattr(s.followups, "rederive", spy)
    assert f"prepare:round:{rid}" in states(soon)

    clock.advance(hours=3)  # the round has started and ended
    s.followups.catch_up()

    assert seen == [[soon]]
    got = states(soon)
    assert f"prepare:round:{rid}" not in got
    assert got[f"thank_you:round:{rid}"] == "pending"
    assert quiet not in seen[0] and later not in seen[0]

    seen.clear()
    s.followups.catch_up()  # nothing happened since
    assert seen == [[]]


def test_catch_up_after_the_clock_went_back_rederives_everything(
    services: Services, clock: Clock, monkeypatch: pytest.MonkeyPatch
):
    s = services
    ids = [s.board.create_interview(f"Company {i}", "Role", "applied") for i in range(3)]
    s.followups.catch_up()
    seen: list[list[int]] = []
    real = s.followups.rederive
    monkeypatch.setattr(
        s.followups,
        "rederive",
        lambda got, *a, **k: (seen.append(sorted(got)), real(got, *a, **k))[1],
    )
    clock.advance(hours=-5)
    s.followups.catch_up()
    assert seen == [ids]


def test_catch_up_at_a_given_moment_uses_that_moment(services: Services):
    """The reminder timer passes its own clock: the rules must see the same moment."""
    s = services
    iid = s.board.create_interview("Acme Ltd", "Product Designer", "scheduled")
    rid = s.rounds.add_round(iid, START + HOUR, START + 2 * HOUR)
    s.followups.catch_up()

    s.followups.catch_up(START + 3 * HOUR)

    assert states(iid).get(f"thank_you:round:{rid}") == "pending"
