"""Insights: where applications stall, how fast companies answer, how follow-ups went.

Pure: computed from :class:`~.history.InterviewHistory` values, never from the database, so
each figure is tested on small hand-made histories. The precise definitions are in
``docs/insights.md``; the short version is in each function's docstring.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from followup_desktop.core.facts import FollowUpKind, FollowUpState
from followup_desktop.core.history import (
    InterviewHistory,
    Period,
    StageRef,
    answers,
    stage_visits,
    wait_starts,
)
from followup_desktop.core.stages import StageMeaning

#: Follow-up kinds left out of the on-time figures: "close it as no reply?" is a suggestion,
#: not something to send (it is counted under *went quiet* instead).
NOT_A_TASK = frozenset({FollowUpKind.CLOSE_NO_REPLY})


# -- the funnel ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FunnelStep:
    """One stage of the funnel."""

    stage: StageRef
    #: interviews that were in this stage or got further
    reached: int
    #: share of them that reached the next step (None for the last step, or when none reached)
    to_next: float | None
    #: interviews whose furthest stage was this one and that ended in "Not this time"
    ended_here: int


@dataclass(frozen=True, slots=True)
class Funnel:
    """How far the applications of a period got."""

    steps: tuple[FunnelStep, ...]
    #: interviews added in the period
    total: int
    #: of them, how many ended in "Not this time"
    not_this_time: int


def funnel_stages(board: Sequence[StageRef]) -> list[StageRef]:
    """The funnel's steps: the board's stages in board order, one per meaning.

    "Not this time" is an ending, not a step forward, and custom stages have no meaning the
    funnel could compare, so both are left out.
    """
    steps: list[StageRef] = []
    seen: set[StageMeaning] = set()
    for stage in board:
        if stage.meaning in (StageMeaning.CUSTOM, StageMeaning.NOT_THIS_TIME):
            continue
        if stage.meaning not in seen:
            seen.add(stage.meaning)
            steps.append(stage)
    return steps


def funnel(
    histories: Iterable[InterviewHistory],
    board: Sequence[StageRef],
    period: Period,
    hidden: Collection[str] = (),
) -> Funnel:
    """Count how many interviews added in ``period`` reached each stage.

    An interview *reached* a step when, before the period's end, it was in that stage or in a
    later one (in board order): a card added straight to Interviewed did apply, and a card moved
    backwards and forwards counts once per stage. Every interview reached the first step.
    Stages whose keys are in ``hidden`` are counted but not shown: their "ended here" goes to
    the shown step before them.
    """
    steps = funnel_stages(board)
    index = {s.meaning: i for i, s in enumerate(steps)}
    reached = [0] * len(steps)
    ended = [0] * len(steps)
    total = nos = 0
    for history in histories:
        if not period.contains(history.created_at):
            continue
        total += 1
        furthest = 0
        said_no = False
        for at, stage in stage_visits(history):
            if not period.before_end(at):
                break
            if stage.meaning is StageMeaning.NOT_THIS_TIME:
                said_no = True
            furthest = max(furthest, index.get(stage.meaning, 0))
        for i in range(furthest + 1 if steps else 0):
            reached[i] += 1
        if said_no:
            nos += 1
            if steps:
                ended[furthest] += 1
    shown = [i for i, s in enumerate(steps) if s.key not in hidden] or list(range(len(steps)))
    for i in range(len(steps)):
        if i not in shown:
            # A hidden stage's endings belong to the last shown stage before it (or the first).
            before = [j for j in shown if j < i]
            ended[before[-1] if before else shown[0]] += ended[i]
    out = []
    for n, i in enumerate(shown):
        nxt = shown[n + 1] if n + 1 < len(shown) else None
        following = reached[nxt] / reached[i] if nxt is not None and reached[i] else None
        out.append(FunnelStep(steps[i], reached[i], following, ended[i]))
    return Funnel(tuple(out), total, nos)


# -- reply times --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReplyWait:
    """One wait for the company: from its start to the company's answer."""

    interview_id: int
    company: str
    started_at: datetime
    answered_at: datetime

    @property
    def length(self) -> timedelta:
        return self.answered_at - self.started_at


@dataclass(frozen=True, slots=True)
class ReplyStats:
    """Median and range of a set of waits."""

    company: str
    count: int
    median: timedelta
    shortest: timedelta
    longest: timedelta


@dataclass(frozen=True, slots=True)
class ReplyTimes:
    """How long companies took to answer, overall and per company (fastest first)."""

    overall: ReplyStats | None
    by_company: tuple[ReplyStats, ...]
    waits: tuple[ReplyWait, ...]


def reply_waits(history: InterviewHistory) -> list[ReplyWait]:
    """Every answered wait of one interview.

    Each company answer closes the wait that began at the first start (application, message
    sent, round ended) after the previous answer and before this one. An answer with no such
    start (a second answer in a row) closes no wait.
    """
    starts = wait_starts(history)
    waits: list[ReplyWait] = []
    previous: datetime | None = None
    for answer in answers(history):
        open_since = [s for s in starts if (previous is None or s > previous) and s < answer.at]
        if open_since:
            waits.append(ReplyWait(history.id, history.company, open_since[0], answer.at))
        previous = answer.at
    return waits


def _stats(company: str, waits: Sequence[ReplyWait]) -> ReplyStats:
    lengths = sorted(w.length for w in waits)
    median = timedelta(seconds=statistics.median(t.total_seconds() for t in lengths))
    return ReplyStats(company, len(lengths), median, lengths[0], lengths[-1])


def reply_times(histories: Iterable[InterviewHistory], period: Period) -> ReplyTimes:
    """Median and range of the waits whose answer came within ``period``."""
    waits: list[ReplyWait] = []
    groups: dict[tuple[int, str], list[ReplyWait]] = defaultdict(list)
    for history in histories:
        for wait in reply_waits(history):
            if period.contains(wait.answered_at):
                waits.append(wait)
                groups[history.company_key].append(wait)
    if not waits:
        return ReplyTimes(None, (), ())
    per_company = [_stats(group[0].company, group) for group in groups.values()]
    per_company.sort(key=lambda s: (s.median, s.company.casefold()))
    waits.sort(key=lambda w: w.answered_at)
    return ReplyTimes(_stats("All companies", waits), tuple(per_company), tuple(waits))


# -- follow-ups ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Outcomes:
    """What became of follow-ups: done on time, done late, skipped, or not due yet."""

    on_time: int = 0
    late: int = 0
    #: the user dismissed them
    dismissed: int = 0
    #: still open after their deadline
    missed: int = 0
    #: still open, deadline not passed yet (in none of the three groups)
    open: int = 0

    @property
    def skipped(self) -> int:
        return self.dismissed + self.missed

    @property
    def settled(self) -> int:
        """On time + late + skipped: the follow-ups whose outcome is known."""
        return self.on_time + self.late + self.skipped

    def add(self, other: Outcomes) -> Outcomes:
        return Outcomes(
            self.on_time + other.on_time,
            self.late + other.late,
            self.dismissed + other.dismissed,
            self.missed + other.missed,
            self.open + other.open,
        )


@dataclass(frozen=True, slots=True)
class FollowUpOutcomes:
    total: Outcomes
    #: per kind, in FollowUpKind order, only kinds that occurred
    by_kind: tuple[tuple[FollowUpKind, Outcomes], ...] = field(default=())


def outcome_of(
    state: FollowUpState, deadline_at: datetime, done_at: datetime | None, now: datetime
) -> Outcomes:
    """One follow-up's outcome, as an :class:`Outcomes` with a single 1 in it."""
    if state is FollowUpState.DONE:
        late = done_at is not None and done_at > deadline_at
        return Outcomes(late=1) if late else Outcomes(on_time=1)
    if state is FollowUpState.DISMISSED:
        return Outcomes(dismissed=1)
    return Outcomes(missed=1) if deadline_at < now else Outcomes(open=1)


def followup_outcomes(
    histories: Iterable[InterviewHistory], period: Period, now: datetime
) -> FollowUpOutcomes:
    """Outcomes of the follow-ups whose deadline falls within ``period``.

    Done by the deadline: on time; done after it: late; dismissed, or still open after the
    deadline: skipped. "Close it as no reply?" suggestions are left out.
    """
    kinds: dict[FollowUpKind, Outcomes] = {}
    total = Outcomes()
    for history in histories:
        for f in history.followups:
            if f.kind in NOT_A_TASK or not period.contains(f.deadline_at):
                continue
            one = outcome_of(f.state, f.deadline_at, f.done_at, now)
            total = total.add(one)
            kinds[f.kind] = kinds.get(f.kind, Outcomes()).add(one)
    order = list(FollowUpKind)
    return FollowUpOutcomes(total, tuple(sorted(kinds.items(), key=lambda kv: order.index(kv[0]))))


# -- gone quiet ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class QuietInterview:
    """An interview the company stopped answering."""

    interview_id: int
    company: str
    role: str
    stage: str
    #: chases sent since the company last answered
    chases: int
    #: when it went quiet: the last allowed chase, or when "close it as no reply?" fell due
    since: datetime
    #: the company's last answer, if it ever answered
    last_answer: datetime | None
    #: since when the candidate has been waiting: the first application, message or round
    #: after the last answer (the interview's creation when there is none)
    waiting_since: datetime


def quiet_since(history: InterviewHistory, max_chases: int, now: datetime) -> QuietInterview | None:
    """When the company went quiet on this interview, or None if it did not.

    Quiet: ``max_chases`` chases sent since the company's last answer, or a "close it as no
    reply?" follow-up due (and not dismissed), with no answer since. A move into "Not this
    time" after that is the user closing it, so it does not end the silence; a logged reply
    or a move into Next round, Offer or Accepted does.
    """
    told = [a.at for a in answers(history) if not a.is_no and a.at <= now]
    last_answer = told[-1] if told else None
    chases = sorted(
        m.at
        for m in history.messages
        if m.kind == FollowUpKind.CHASE.value and (last_answer is None or m.at > last_answer)
    )
    moments: list[datetime] = []
    if max_chases > 0 and len(chases) >= max_chases:
        moments.append(chases[max_chases - 1])
    for f in history.followups:
        if (
            f.kind is FollowUpKind.CLOSE_NO_REPLY
            and f.state is not FollowUpState.DISMISSED
            and f.due_at <= now
            and (last_answer is None or f.due_at > last_answer)
        ):
            moments.append(f.due_at)
    if not moments:
        return None
    starts = [s for s in wait_starts(history) if last_answer is None or s > last_answer]
    return QuietInterview(
        history.id,
        history.company,
        history.role,
        history.current_stage.label,
        len(chases),
        min(moments),
        last_answer,
        starts[0] if starts else history.created_at,
    )


def went_quiet(
    histories: Iterable[InterviewHistory], max_chases: int, period: Period, now: datetime
) -> list[QuietInterview]:
    """Interviews that went quiet within ``period``, the longest wait first."""
    found = []
    for history in histories:
        quiet = quiet_since(history, max_chases, now)
        if quiet is not None and period.contains(quiet.since):
            found.append(quiet)
    return sorted(found, key=lambda q: (q.waiting_since, q.company.casefold()))


# -- all of it ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Insights:
    period: Period
    now: datetime
    funnel: Funnel
    replies: ReplyTimes
    followups: FollowUpOutcomes
    quiet: tuple[QuietInterview, ...]


def compute(
    histories: Sequence[InterviewHistory],
    board: Sequence[StageRef],
    period: Period,
    now: datetime,
    max_chases: int,
    hidden: Collection[str] = (),
) -> Insights:
    """Every figure of the Insights view for one period (``hidden``: see :func:`funnel`)."""
    return Insights(
        period=period,
        now=now,
        funnel=funnel(histories, board, period, hidden),
        replies=reply_times(histories, period),
        followups=followup_outcomes(histories, period, now),
        quiet=tuple(went_quiet(histories, max_chases, period, now)),
    )
