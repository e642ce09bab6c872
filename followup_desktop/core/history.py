"""Plain histories of interviews, as the insights and the job-search report read them.

Pure: no Qt, no SQL. ``services/insights.py`` builds these from the store (the activity log,
rounds, follow-ups); :mod:`.insights` and :mod:`.report` compute from them. Every datetime is
timezone-aware. The definitions shared by several figures live here: what counts as a
*company answer* and as the *start of a wait* (see ``docs/insights.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from followup_desktop.core.facts import FollowUpKind, FollowUpState
from followup_desktop.core.stages import ANSWER_STAGES, StageMeaning
from followup_desktop.core.workdays import local_datetime


@dataclass(frozen=True, slots=True)
class StageRef:
    """A board column as it stood: its fixed key and meaning, and the user's label."""

    key: str
    meaning: StageMeaning
    label: str


@dataclass(frozen=True, slots=True)
class StageChange:
    """One move of the card from a stage to another (a ``stage_changed`` activity)."""

    at: datetime
    from_stage: StageRef
    to_stage: StageRef


@dataclass(frozen=True, slots=True)
class SentMessage:
    """An outbound message logged as sent (a ``message_sent`` activity)."""

    at: datetime
    #: the follow-up kind it answered (``FollowUpKind`` value), "custom" when unknown
    kind: str
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    #: the timeline's one-line summary ("Sent a thank-you email to ...")
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Reply:
    """The company answered (a ``reply_received`` activity)."""

    at: datetime
    summary: str = ""


@dataclass(frozen=True, slots=True)
class RoundHeld:
    """One sitting of the interview."""

    starts_at: datetime
    ends_at: datetime
    kind: str = "interview"
    #: "Name (job title)" of everyone who interviewed
    interviewers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FollowUpRecord:
    """A follow-up as it stands: what it was for, when it was due, and what became of it."""

    kind: FollowUpKind
    title: str
    state: FollowUpState
    due_at: datetime
    deadline_at: datetime
    done_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class InterviewHistory:
    """Everything the insights and the report need to know about one interview."""

    id: int
    company: str
    role: str
    created_at: datetime
    #: the stage the card was added to
    first_stage: StageRef
    current_stage: StageRef
    #: the employer's id: two companies with the same name stay apart (0: group by name)
    employer_id: int = 0
    agency: str = ""
    location: str = ""
    posting_url: str = ""
    archived: bool = False
    stage_changes: tuple[StageChange, ...] = ()
    messages: tuple[SentMessage, ...] = ()
    replies: tuple[Reply, ...] = ()
    rounds: tuple[RoundHeld, ...] = ()
    followups: tuple[FollowUpRecord, ...] = ()

    @property
    def company_key(self) -> tuple[int, str]:
        """Groups the interviews of one company (by id, by name when the id is unknown)."""
        return (self.employer_id, "" if self.employer_id else self.company.casefold())


@dataclass(frozen=True, slots=True)
class Period:
    """A span of time: ``start`` included, ``end`` excluded; ``None`` leaves that side open."""

    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("The period ends before it starts.")

    def contains(self, at: datetime) -> bool:
        """Return True when ``at`` falls inside the period."""
        if self.start is not None and at < self.start:
            return False
        return self.end is None or at < self.end

    def before_end(self, at: datetime) -> bool:
        """Return True when ``at`` is before the period's end (what had happened by then)."""
        return self.end is None or at < self.end

    @classmethod
    def from_dates(cls, first: date | None, last: date | None, tz: tzinfo) -> Period:
        """The local days ``first`` to ``last``, both included (midnight to midnight in ``tz``).

        Raises:
            ValueError: if ``last`` is before ``first``.
        """
        if first is not None and last is not None and last < first:
            raise ValueError("The period ends before it starts.")
        start = local_datetime(first, time(0), tz) if first is not None else None
        end = local_datetime(last + timedelta(days=1), time(0), tz) if last is not None else None
        return cls(start, end)


@dataclass(frozen=True, slots=True)
class Answer:
    """A moment the company answered."""

    at: datetime
    #: "reply" for a logged reply, else the meaning of the stage the card moved into
    how: str

    @property
    def is_no(self) -> bool:
        """True for a move into "Not this time" (which may also be the user closing it)."""
        return self.how == StageMeaning.NOT_THIS_TIME.value


def stage_visits(history: InterviewHistory) -> list[tuple[datetime, StageRef]]:
    """Every stage the card was in, with when it got there, oldest first."""
    visits = [(history.created_at, history.first_stage)]
    for change in sorted(history.stage_changes, key=lambda c: c.at):
        visits.append((change.at, change.to_stage))
    return visits


def answers(history: InterviewHistory) -> list[Answer]:
    """Every company answer, oldest first.

    An answer is a logged reply; a move into Next round, Offer, Accepted or Not this time;
    or a move out of Applied into a later stage (an invitation to interview).
    """
    found = [Answer(r.at, "reply") for r in history.replies]
    for change in history.stage_changes:
        to = change.to_stage.meaning
        if to in ANSWER_STAGES or (
            change.from_stage.meaning is StageMeaning.APPLIED
            and to not in (StageMeaning.APPLIED, StageMeaning.CUSTOM)
        ):
            found.append(Answer(change.at, to.value))
    return sorted(found, key=lambda a: a.at)


def wait_starts(history: InterviewHistory) -> list[datetime]:
    """Moments after which the candidate waits for the company, oldest first.

    The application itself (a card added to Applied), every message sent about the interview,
    and the end of every round.
    """
    starts = [m.at for m in history.messages]
    starts.extend(r.ends_at for r in history.rounds)
    if history.first_stage.meaning is StageMeaning.APPLIED:
        starts.append(history.created_at)
    return sorted(starts)
