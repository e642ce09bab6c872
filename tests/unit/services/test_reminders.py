"""The reminder scheduler, on a fake clock: one timer armed for the right moment, re-armed
after changes, one announcement per follow-up, quiet hours, pauses and snoozes respected."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta

import pytest
from fixed_clock import LONDON, START, Clock

from followup_desktop.services import Services
from followup_desktop.services.announcements import Announcement
from followup_desktop.services.reminders import (
    AFTER_CHANGE_MS,
    GUARD,
    DueSnapshot,
    ReminderScheduler,
)
from followup_desktop.store import models as m


class FakeNotifier:
    """Records announcements; ``working = False`` plays a notifier that cannot show one."""

    def __init__(self) -> None:
        self.shown: list[Announcement] = []
        self.working = True

    def notify(self, announcement: Announcement) -> bool:
        if self.working:
            self.shown.append(announcement)
        return self.working


class Monotonic:
    """A monotonic clock that moves with the wall clock unless told otherwise."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.offset = 0.0

    def __call__(self) -> float:
        return (self.clock.now - START).total_seconds() + self.offset


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


@pytest.fixture
def monotonic(clock: Clock) -> Monotonic:
    return Monotonic(clock)


@pytest.fixture
def scheduler(
    qapp, services: Services, clock: Clock, notifier: FakeNotifier, monotonic: Monotonic
) -> Iterator[ReminderScheduler]:
    s = ReminderScheduler(services, notifier, clock=clock, monotonic=monotonic)
    yield s
    s.stop()


@pytest.fixture
def interview(services: Services) -> int:
    return services.board.create_interview("Acme Ltd", "Product Designer", "applied")


def add(services: Services, interview: int, title: str, due: datetime) -> int:
    return services.followups.add_custom(interview, title, due)


def notified_at(followup_id: int) -> datetime | None:
    return m.FollowUp.get_by_id(followup_id).notified_at


def started(scheduler: ReminderScheduler) -> DueSnapshot:
    """Start the scheduler and run its first check at once (not waiting for the loop)."""
    scheduler.start()
    scheduler.timer.stop()
    return scheduler.check_now()


def test_arms_for_the_moment_the_next_follow_up_falls_due(scheduler, services, interview):
    due = START + timedelta(minutes=5)
    add(services, interview, "Send my portfolio to Acme Ltd", due)

    started(scheduler)

    assert scheduler.next_moment == due
    assert scheduler.next_wakeup == due
    assert scheduler.timer.isActive() and scheduler.timer.isSingleShot()
    assert 299_000 <= scheduler.timer.remainingTime() <= 300_100


def test_a_far_moment_is_waited_for_in_guard_steps(scheduler, services, interview):
    due = START + timedelta(days=3)
    add(services, interview, "Send my portfolio to Acme Ltd", due)

    started(scheduler)

    assert scheduler.next_moment == due
    assert scheduler.next_wakeup == START + GUARD
    assert scheduler.timer.remainingTime() <= GUARD.total_seconds() * 1000 + 100


def test_nothing_at_all_still_arms_the_guard(scheduler):
    started(scheduler)

    assert scheduler.next_moment is None
    assert scheduler.next_wakeup == START + GUARD


def test_notifies_once_when_the_moment_comes(scheduler, services, interview, clock, notifier):
    due = START + timedelta(minutes=5)
    fid = add(services, interview, "Send my portfolio to Acme Ltd", due)
    started(scheduler)
    assert notifier.shown == []

    clock.now = due
    scheduler.timer_fired()

    assert [a.followup_ids for a in notifier.shown] == [(fid,)]
    assert notifier.shown[0].title == "Send my portfolio to Acme Ltd"
    assert notified_at(fid) == due


def test_never_notifies_twice_for_the_same_follow_up(
    scheduler, services, interview, clock, notifier, monotonic
):
    fid = add(services, interview, "Send my portfolio to Acme Ltd", START)
    started(scheduler)
    for minutes in (1, 2, 60 * 30):  # later checks, and well after it became overdue
        clock.now = START + timedelta(minutes=minutes)
        scheduler.timer_fired()
    services.followups.rederive([interview])  # the rules run again over it
    scheduler.check_now()
    # and the app starting again
    again = ReminderScheduler(services, notifier, clock=clock, monotonic=monotonic)
    again.check_now()

    assert [a.followup_ids for a in notifier.shown] == [(fid,)]


def test_several_at_once_become_one_grouped_announcement(
    scheduler, services, interview, clock, notifier
):
    due = START + timedelta(minutes=5)
    ids = [add(services, interview, f"Thing {n} for Acme Ltd", due) for n in range(3)]
    started(scheduler)

    clock.now = due
    scheduler.timer_fired()

    assert len(notifier.shown) == 1
    announcement = notifier.shown[0]
    assert announcement.grouped and not announcement.at_start
    assert set(announcement.followup_ids) == set(ids)
    assert announcement.title == "3 follow-ups are due"


def test_what_fell_due_while_closed_is_one_summary_at_start(
    scheduler, services, interview, notifier
):
    for n in range(2):
        add(services, interview, f"Thing {n} for Acme Ltd", START - timedelta(hours=n + 1))

    started(scheduler)

    assert len(notifier.shown) == 1
    assert notifier.shown[0].at_start
    assert notifier.shown[0].title == "2 follow-ups fell due while Follow-Up was closed"


def test_re_arms_after_a_change(qtbot, scheduler, services, interview):
    add(services, interview, "Later", START + timedelta(hours=1))
    started(scheduler)
    assert scheduler.next_wakeup == START + GUARD

    sooner = START + timedelta(minutes=2)
    add(services, interview, "Sooner", sooner)

    qtbot.waitUntil(lambda: scheduler.next_wakeup == sooner, timeout=2000)


def test_counts_are_published_after_an_action(qtbot, scheduler, services, interview):
    fid = add(services, interview, "Send my portfolio to Acme Ltd", START)
    assert len(started(scheduler).due) == 1

    with qtbot.waitSignal(scheduler.sig_due_changed, timeout=2000) as published:
        services.followups.mark_done(fid)

    assert published.args[0].due == ()


def test_quiet_hours_hold_notifications_until_they_end(
    scheduler, services, interview, clock, notifier
):
    evening = datetime(2026, 3, 10, 22, 0, tzinfo=LONDON)
    clock.now = evening
    fid = add(services, interview, "Send my portfolio to Acme Ltd", evening - timedelta(minutes=30))

    snapshot = started(scheduler)

    morning = datetime(2026, 3, 11, 8, 0, tzinfo=LONDON)
    assert notifier.shown == []
    assert snapshot.quiet and [f.id for f in snapshot.due] == [fid]  # counts still update
    assert snapshot.held_until == morning
    assert scheduler.next_moment is not None and scheduler.next_moment <= morning

    clock.now = datetime(2026, 3, 11, 7, 59, tzinfo=LONDON)
    scheduler.timer_fired()
    assert notifier.shown == []
    clock.now = morning
    scheduler.timer_fired()
    assert [a.followup_ids for a in notifier.shown] == [(fid,)]


def test_quiet_hours_are_a_setting(scheduler, services, interview, clock, notifier):
    evening = datetime(2026, 3, 10, 22, 0, tzinfo=LONDON)
    clock.now = evening
    add(services, interview, "Send my portfolio to Acme Ltd", evening)
    scheduler.prefs.set_quiet_hours(time(23, 0), time(7, 0))

    started(scheduler)

    assert len(notifier.shown) == 1


def test_a_snoozed_follow_up_is_announced_again_when_the_snooze_ends(
    scheduler, services, interview, clock, notifier
):
    fid = add(services, interview, "Send my portfolio to Acme Ltd", START)
    started(scheduler)
    assert len(notifier.shown) == 1

    until = START + timedelta(hours=1)
    services.followups.snooze(fid, until)
    clock.now = START + timedelta(minutes=30)
    snapshot = scheduler.check_now()
    assert snapshot.due == () and len(notifier.shown) == 1
    assert scheduler.next_moment == until

    clock.now = until
    scheduler.timer_fired()
    assert [a.followup_ids for a in notifier.shown] == [(fid,), (fid,)]


def test_a_pause_holds_notifications_until_it_ends(scheduler, services, interview, clock, notifier):
    scheduler.prefs.pause(START + timedelta(hours=2))
    fid = add(services, interview, "Send my portfolio to Acme Ltd", START)

    snapshot = started(scheduler)
    assert snapshot.paused and notifier.shown == []
    assert snapshot.held_until == START + timedelta(hours=2)

    clock.now = START + timedelta(hours=2)
    scheduler.timer_fired()
    assert [a.followup_ids for a in notifier.shown] == [(fid,)]


def test_resuming_an_open_ended_pause_announces_at_once(
    qtbot, scheduler, services, interview, notifier
):
    scheduler.prefs.pause(None)
    add(services, interview, "Send my portfolio to Acme Ltd", START)
    snapshot = started(scheduler)
    assert snapshot.paused and snapshot.held_until is None and notifier.shown == []

    scheduler.prefs.resume()

    qtbot.waitUntil(lambda: len(notifier.shown) == 1, timeout=2000)


def test_an_announcement_that_could_not_be_shown_is_tried_again(
    scheduler, services, interview, clock, notifier
):
    fid = add(services, interview, "Send my portfolio to Acme Ltd", START)
    notifier.working = False
    started(scheduler)
    assert notified_at(fid) is None

    notifier.working = True
    clock.now += timedelta(minutes=1)
    scheduler.timer_fired()
    assert [a.followup_ids for a in notifier.shown] == [(fid,)]


def test_a_round_ending_brings_its_thank_you(scheduler, services, interview, clock, notifier):
    hr = services.contacts.create_contact("Jane Smith", email="jane@acme.test")
    services.contacts.link(interview, hr, "hr")
    starts, ends = START + timedelta(minutes=10), START + timedelta(minutes=70)
    services.rounds.add_round(interview, starts, ends)
    started(scheduler)
    assert scheduler.next_moment == starts

    clock.now = ends
    scheduler.timer_fired()

    thanks = [a for a in notifier.shown if a.title == "Thank Acme Ltd for the interview"]
    assert len(thanks) == 1
    assert thanks[0].body.startswith("To Jane Smith — by ")


def test_a_clock_jump_is_noticed(qtbot, scheduler, services, clock, monotonic):
    started(scheduler)

    clock.now += timedelta(hours=3)  # the wall clock moved three hours...
    monotonic.offset -= 3 * 3600 - 600  # ...while the timer counted its ten minutes
    with qtbot.waitSignal(scheduler.sig_clock_jumped, timeout=1000) as jumped:
        scheduler.timer_fired()

    assert jumped.args[0] == pytest.approx(3 * 3600 - 600)
    assert scheduler.last is not None and scheduler.last.now == clock.now


def test_an_on_time_timer_is_no_jump(qtbot, scheduler, clock):
    started(scheduler)
    clock.now += GUARD
    with qtbot.assertNotEmitted(scheduler.sig_clock_jumped):
        scheduler.timer_fired()


def test_stopped_scheduler_does_not_arm(scheduler, services, interview):
    scheduler.check_now()
    assert not scheduler.timer.isActive()


def test_waking_up_checks_at_once(qtbot, scheduler, services, interview, clock, notifier):
    fid = add(services, interview, "Send my portfolio to Acme Ltd", START + timedelta(hours=4))
    started(scheduler)
    clock.now = START + timedelta(hours=5)  # the machine slept through the moment

    with qtbot.waitSignal(scheduler.sig_due_changed, timeout=1000):
        scheduler.wake_up()

    assert [a.followup_ids for a in notifier.shown] == [(fid,)]


def test_a_burst_of_changes_is_one_check(qtbot, scheduler, services, interview):
    started(scheduler)
    checks: list[DueSnapshot] = []
    scheduler.sig_due_changed.connect(checks.append)

    for n in range(5):
        add(services, interview, f"Thing {n} for Acme Ltd", START + timedelta(hours=n + 1))
    assert scheduler.timer.remainingTime() <= AFTER_CHANGE_MS

    qtbot.waitUntil(lambda: len(checks) == 1, timeout=2000)
    qtbot.wait(AFTER_CHANGE_MS + 50)
    assert len(checks) == 1
    assert scheduler.next_moment == START + timedelta(hours=1)
