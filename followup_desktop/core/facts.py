"""Plain facts the rules engine reads, and the follow-ups it derives.

The store turns rows into these; the rules engine (:mod:`.rules`) never sees the database.
Every datetime here is timezone-aware (UTC in the store); dates are the user's local dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from followup_desktop.core.stages import StageMeaning


class ContactKind(StrEnum):
    INTERVIEWER = "interviewer"
    HR = "hr"
    AGENCY_RECRUITER = "agency_recruiter"
    OTHER = "other"


class FollowUpKind(StrEnum):
    """One kind per rule outcome; templates are chosen by kind."""

    PREPARE = "prepare"  # rule 1
    THANK_YOU = "thank_you"  # rule 2
    PROMISED_MATERIAL = "promised_material"  # rule 3
    CHASE = "chase"  # rule 4
    AGENCY_CONTACTS = "agency_contacts"  # rule 5
    FEEDBACK_REQUEST = "feedback_request"  # rule 6: thank you for considering me
    KEEP_IN_TOUCH = "keep_in_touch"  # rule 6: 3 and 6 months later
    CLOSE_NO_REPLY = "close_no_reply"  # rule 7: stop chasing, close the interview
    CUSTOM = "custom"  # added by the user by hand


#: Kinds that are an outbound message to the company (rule 7 counts these).
MESSAGE_KINDS = frozenset(
    {
        FollowUpKind.THANK_YOU,
        FollowUpKind.PROMISED_MATERIAL,
        FollowUpKind.CHASE,
        FollowUpKind.FEEDBACK_REQUEST,
        FollowUpKind.KEEP_IN_TOUCH,
    }
)


class FollowUpState(StrEnum):
    """Stored state. *due* and *overdue* are not stored: see :func:`display_state`."""

    PENDING = "pending"
    SNOOZED = "snoozed"
    DONE = "done"
    DISMISSED = "dismissed"


class DisplayState(StrEnum):
    PENDING = "pending"
    DUE = "due"
    OVERDUE = "overdue"
    SNOOZED = "snoozed"
    DONE = "done"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class Person:
    """A contact as the rules see it."""

    id: int
    name: str
    email: str = ""
    job_title: str = ""
    kind: ContactKind = ContactKind.OTHER
    #: the organization the person works for (employer or agency), if known
    organization_id: int | None = None


@dataclass(frozen=True, slots=True)
class RoundFact:
    id: int
    starts_at: datetime
    ends_at: datetime
    kind: str = "interview"
    interviewer_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PromiseFact:
    id: int
    round_id: int
    what: str
    to_contact_id: int | None = None
    sent: bool = False


@dataclass(frozen=True, slots=True)
class MessageFact:
    """An outbound message already sent to the company (from the activity log)."""

    sent_at: datetime
    kind: FollowUpKind
    interview_id: int | None = None


@dataclass(frozen=True, slots=True)
class InterviewFacts:
    """Everything the rules need to know about one interview."""

    id: int
    company: str
    role: str
    stage: StageMeaning
    #: when the card entered its current stage
    stage_entered_at: datetime
    created_at: datetime
    agency: str | None = None
    reply_expected_by: date | None = None
    rounds: tuple[RoundFact, ...] = ()
    promises: tuple[PromiseFact, ...] = ()
    #: everyone linked to the interview or to its employer / agency, by id
    people: tuple[Person, ...] = ()
    #: HR contacts of the employer (linked to the interview, or working there)
    hr_ids: tuple[int, ...] = ()
    #: the agency recruiters linked to the interview
    agency_recruiter_ids: tuple[int, ...] = ()
    #: True when some person at the employer has an email (rule 5 is then satisfied)
    has_direct_company_contact: bool = False
    #: every outbound message to this *company* (any of its interviews), oldest first
    messages: tuple[MessageFact, ...] = ()
    #: when the company last answered (a reply logged by the user, or a stage it caused)
    last_reply_at: datetime | None = None
    archived: bool = False

    def person(self, contact_id: int) -> Person | None:
        for p in self.people:
            if p.id == contact_id:
                return p
        return None


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    email: str = ""
    contact_id: int | None = None
    job_title: str = ""


@dataclass(frozen=True, slots=True)
class DerivedFollowUp:
    """A follow-up that the rules say should exist.

    ``rule_key`` is stable per interview (e.g. ``"thank_you:round:12"``, ``"chase:1"``): the
    reconcile step matches stored follow-ups by it, so re-deriving never duplicates.
    """

    rule_key: str
    kind: FollowUpKind
    title: str
    #: when it falls due: the reminder moment
    due_at: datetime
    #: by when it should be done; after this it is overdue
    deadline_at: datetime
    to: tuple[Recipient, ...] = ()
    cc: tuple[Recipient, ...] = ()
    round_id: int | None = None
    promise_id: int | None = None
    #: a checklist or explanation shown with it (rule 1's checklist, rule 7's reason)
    note: str = ""
    checklist: tuple[str, ...] = field(default=())
