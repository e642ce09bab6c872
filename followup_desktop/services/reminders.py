"""The reminder scheduler: one single-shot timer armed for the next moment something changes.

There is no polling loop. After every check the one ``QTimer`` is armed for the earliest of:
the next moment a follow-up falls due, becomes overdue or ends its snooze, a round starts or
ends (the rules then derive new follow-ups), quiet hours or a pause end (held notifications
go out then). Every committed change re-arms it within 200 ms (a follow-up done, snoozed, a
round added, a setting changed; a burst of changes shares one check).

Two things a monotonic timer cannot see are handled apart:

* **Sleep.** Qt's timers run on the monotonic clock, which stops while the machine sleeps;
  a timer armed for 09:00 before a night's sleep would fire hours late. On Linux logind's
  ``PrepareForSleep(false)`` (system bus) re-checks on waking; where it is unavailable this
  degrades silently to the guard below.
* **Clock jumps** (the user or NTP sets the clock, a time-zone trip). No event announces them
  portably, so the timer is never armed for more than :data:`GUARD` (10 minutes): a guard
  firing early costs five indexed ``MIN()`` queries and re-arms. A timer that fires with the
  wall clock having moved more than the monotonic one is reported as a jump.

Each check: ``catch_up`` (rules re-derive what the passing of time changed), ask what is due,
hand the follow-ups never announced to the notifier as *one* announcement, then
``mark_notified`` so nobody is told twice. In quiet hours or while paused the announcement
waits (the timer is armed for the end) but the due counts are still published.
"""

from __future__ import annotations

import logging
import math
import time as _time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from followup_desktop.core.errors import FollowUpError
from followup_desktop.core.workdays import in_quiet_hours, quiet_hours_end
from followup_desktop.services.announcements import Announcement, announce
from followup_desktop.services.context import Changes
from followup_desktop.services.due_list import DueList
from followup_desktop.services.followup_views import FollowUpView
from followup_desktop.services.notification_prefs import NotificationPrefsService

if TYPE_CHECKING:
    from followup_desktop.services import Services

log = logging.getLogger(__name__)

#: the timer is never armed for longer than this, so clock jumps are noticed soon enough
GUARD = timedelta(minutes=10)
#: wall and monotonic time may disagree by this much before it counts as a jump or a sleep
JUMP_TOLERANCE = 60.0
#: how soon after a change the check runs (changes within this time share one check)
AFTER_CHANGE_MS = 200


class Notifier(Protocol):
    """Whatever shows announcements (desktop notification, tray balloon, in-window bar)."""

    def notify(self, announcement: Announcement) -> bool:
        """Show it; return False when it could not be shown (it is then retried later)."""
        ...


#: how many of the most urgent due follow-ups a snapshot carries (the lists show no more)
LIST_LIMIT = 100


@dataclass(frozen=True, slots=True)
class DueSnapshot:
    """What is due at ``now``: published after every check (tray badge, due panel)."""

    now: datetime
    #: the most urgent due follow-ups, at most :data:`LIST_LIMIT`
    due: tuple[FollowUpView, ...]
    #: how many are due (all of them), and how many of those are overdue
    due_count: int = 0
    overdue_count: int = 0
    quiet: bool = False
    paused: bool = False
    #: when held-back notifications go out (end of quiet hours or pause), if they wait
    held_until: datetime | None = None


class ReminderScheduler(QObject):
    """Arms one single-shot timer for the next moment; notifies once per follow-up.

    Args:
        services: the app's services.
        notifier: shows announcements; may be set later through :attr:`notifier`.
        clock: the current (aware) moment; defaults to the services' clock. Tests pass a
            fake clock here and to ``Services.create``.
        monotonic: seconds on a clock that never jumps (for detecting clock jumps).
    """

    #: DueSnapshot — after every check
    sig_due_changed = Signal(object)
    #: Announcement — after a notifier has shown it
    sig_announced = Signal(object)
    #: float — seconds the wall clock moved beyond the monotonic clock (a jump or a sleep)
    sig_clock_jumped = Signal(float)

    def __init__(
        self,
        services: Services,
        notifier: Notifier | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = _time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.notifier = notifier
        self.prefs = NotificationPrefsService(services.settings)
        self.due_list = DueList(services.followups)
        self._clock = clock or services.ctx.now
        self._monotonic = monotonic
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.timer_fired)
        #: when the timer is due to fire (at most GUARD ahead), and what it waits for
        self.next_wakeup: datetime | None = None
        self.next_moment: datetime | None = None
        self.last: DueSnapshot | None = None
        self._armed_at: tuple[datetime, float] | None = None
        self._first_check = True
        self._checking = False
        self._running = False
        self._sleep_watch: QObject | None = None

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Begin: the first check (soon after the event loop runs) announces what fell due
        while the app was closed, as one summary."""
        if self._running:
            return
        self._running = True
        self.services.ctx.subscribe(self._on_changes)
        self._sleep_watch = _watch_for_wake(self, self.wake_up)
        self.timer.start(0)

    def stop(self) -> None:
        self._running = False
        self.timer.stop()
        self.services.ctx.unsubscribe(self._on_changes)

    def wake_up(self) -> None:
        """Check now (the machine woke up, or something changed)."""
        if self._running:
            self.timer.start(0)

    # -- the check -----------------------------------------------------------------------
    def check_now(self) -> DueSnapshot:
        """Catch up with the clock, announce what newly fell due, re-arm, publish counts."""
        now = self._clock()
        self._checking = True
        try:
            try:
                self.services.followups.catch_up(now)
            except FollowUpError:
                log.exception("catching up with the clock failed")
            due_count, overdue_count = self.due_list.counts(now)
            due = tuple(self.due_list.most_urgent(now, LIST_LIMIT)) if due_count else ()
            prefs = self.prefs.get()
            quiet_start, quiet_end = self.prefs.quiet_hours()
            tz = self.services.ctx.tz
            quiet = in_quiet_hours(now, quiet_start, quiet_end, tz)
            paused = prefs.is_paused(now)
            fresh = self.due_list.never_announced(now) if due_count else []
            held_until: datetime | None = None
            if fresh and (quiet or paused):
                ends = [quiet_hours_end(now, quiet_start, quiet_end, tz)] if quiet else []
                if paused:
                    # Paused "until I resume" has no end: resuming is a settings change,
                    # which re-checks at once.
                    ends.append(prefs.paused_until or datetime.max.replace(tzinfo=now.tzinfo))
                held_until = max(ends)
                if held_until.year == datetime.max.year:
                    held_until = None
            elif fresh and self.notifier is not None:
                self._announce(fresh, now, at_start=self._first_check)
            self._first_check = False
            wake_for_pause = prefs.paused_until if paused else None
            self._arm(now, [held_until, wake_for_pause])
            snapshot = DueSnapshot(now, due, due_count, overdue_count, quiet, paused, held_until)
            self.last = snapshot
        finally:
            self._checking = False
        self.sig_due_changed.emit(snapshot)
        return snapshot

    def _announce(self, fresh: list[FollowUpView], now: datetime, *, at_start: bool) -> None:
        assert self.notifier is not None
        announcement = announce(fresh, now, self.services.ctx.tz, at_start=at_start)
        try:
            shown = self.notifier.notify(announcement)
        except Exception:  # a broken backend must not stop the reminders
            log.exception("showing a notification failed")
            shown = False
        if shown:
            self.services.followups.mark_notified(announcement.followup_ids, now)
            self.sig_announced.emit(announcement)

    def _arm(self, now: datetime, extra: list[datetime | None]) -> None:
        moments = [m for m in [self.services.followups.next_moment(now), *extra] if m]
        self.next_moment = min(moments) if moments else None
        wake = min(self.next_moment, now + GUARD) if self.next_moment else now + GUARD
        wake = max(wake, now)
        self.next_wakeup = wake
        # Round up, plus a little: waking a hair early would only re-arm for the remainder.
        msec = math.ceil((wake - now).total_seconds() * 1000) + 20
        self._armed_at = (now, self._monotonic())
        if self._running:
            self.timer.start(msec)

    # -- events --------------------------------------------------------------------------
    @Slot()
    def timer_fired(self) -> None:
        """What the timer runs (tests call it to play the timer firing)."""
        if self._armed_at is not None:
            armed_wall, armed_mono = self._armed_at
            wall = (self._clock() - armed_wall).total_seconds()
            drift = wall - (self._monotonic() - armed_mono)
            if abs(drift) > JUMP_TOLERANCE:
                log.info("clock moved %.0f s more than the timer: re-checking", drift)
                self.sig_clock_jumped.emit(drift)
        self.check_now()

    def _on_changes(self, changes: Changes) -> None:
        # Our own catch-up inside a check is covered by that check's own query.
        relevant = changes.followups or changes.settings or changes.everything
        if self._checking or not self._running or not (relevant or changes.interviews):
            return
        # Soon, not at once: a burst of changes (an import, a stream of edits) becomes one
        # check per AFTER_CHANGE_MS, and a timer already due sooner is left alone.
        if not self.timer.isActive() or self.timer.remainingTime() > AFTER_CHANGE_MS:
            self.timer.start(AFTER_CHANGE_MS)


def _watch_for_wake(parent: QObject, on_wake: Callable[[], None]) -> QObject | None:
    """Call ``on_wake`` when logind says the machine resumed; None where that is unavailable."""
    try:
        from followup_desktop.services.sleep_watch import LogindSleepWatch

        return LogindSleepWatch.create(on_wake, parent)
    except Exception:  # no QtDBus, no bus: the guard interval covers it
        log.debug("no wake-up notices", exc_info=True)
        return None
