"""The tables of the JSON document, column by column: one description for export and import.

Each table of the database is a list of rows in the document, keyed by the names below, in
the order they are written and imported (a row only refers to rows of earlier tables). Every
row carries its ``id`` in the exporting file; references between rows use those ids. Stages
are referred to by their ``key``, settings are one object of key → value.

A test checks that every column of every model appears here, so a new column cannot be
silently left out of exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from followup_desktop.core.facts import ContactKind, FollowUpKind, FollowUpState
from followup_desktop.core.stages import StageMeaning
from followup_desktop.store import models as m

#: The document's name and version: a reader refuses a higher version.
FORMAT_NAME = "followup-desktop"
FORMAT_VERSION = 1

ColumnKind = Literal[
    "line",  # one line of text
    "text",  # text with line breaks
    "int",
    "bool",
    "datetime",  # "YYYY-MM-DDTHH:MM:SSZ" (UTC)
    "date",  # "YYYY-MM-DD" (the user's local date)
    "json",  # any JSON value kept as it is (ids inside are translated, see importer)
    "choice",  # one of ``choices``
    "name",  # a short lower-case identifier: a kind of round, activity, attachment
    "ref",  # the id of a row of table ``ref``
    "stage",  # a stage key
    "uuid",  # the row's identity across files
    "path",  # a relative path inside the data folder
]

#: Single-line text: generous, since a company name can travel into a follow-up title.
LINE = 2000
#: Multi-line text (notes, letters).
TEXT = 200_000


@dataclass(frozen=True, slots=True)
class Column:
    kind: ColumnKind
    nullable: bool = False
    required: bool = False  # non-empty text
    choices: frozenset[str] = frozenset()
    ref: str = ""
    limit: int = LINE


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the document (``name``) and the model it fills."""

    name: str
    model: type[m.BaseModel]
    columns: dict[str, Column]
    #: what a row is, for error messages ("interview", "round"...)
    noun: str


def _line(required: bool = False, limit: int = LINE) -> Column:
    return Column("line", required=required, limit=limit)


TEXT_COL = Column("text", limit=TEXT)
WHEN = Column("datetime")
MAYBE_WHEN = Column("datetime", nullable=True)
UUID = Column("uuid")

ORGANIZATION_KINDS = frozenset({"employer", "agency"})
CONTACT_KINDS = frozenset(k.value for k in ContactKind)
FOLLOWUP_KINDS = frozenset(k.value for k in FollowUpKind)
FOLLOWUP_STATES = frozenset(s.value for s in FollowUpState)
STAGE_MEANINGS = frozenset(s.value for s in StageMeaning)


def _ref(table: str, nullable: bool = False) -> Column:
    return Column("ref", ref=table, nullable=nullable)


TABLES: tuple[Table, ...] = (
    Table(
        "organizations",
        m.Organization,
        {
            "uuid": UUID,
            "name": _line(required=True),
            "kind": Column("choice", choices=ORGANIZATION_KINDS),
            "website": _line(),
            "address": TEXT_COL,
            "phone": _line(),
            "notes": TEXT_COL,
            "created_at": WHEN,
        },
        "organization",
    ),
    Table(
        "contacts",
        m.Contact,
        {
            "uuid": UUID,
            "name": _line(required=True),
            "job_title": _line(),
            "organization": _ref("organizations", nullable=True),
            "kind": Column("choice", choices=CONTACT_KINDS),
            "email": _line(),
            "phone": _line(),
            "notes": TEXT_COL,
            "last_contacted_at": MAYBE_WHEN,
            "created_at": WHEN,
        },
        "contact",
    ),
    Table(
        "interviews",
        m.Interview,
        {
            "uuid": UUID,
            "role": _line(required=True),
            "employer": _ref("organizations"),
            "agency": _ref("organizations", nullable=True),
            "stage": Column("stage"),
            "position": Column("int", nullable=True),
            "posting_url": _line(),
            "location": _line(),
            "salary_notes": TEXT_COL,
            "notes": TEXT_COL,
            "next_steps": TEXT_COL,
            "reply_expected_by": Column("date", nullable=True),
            "archived": Column("bool"),
            "stage_entered_at": WHEN,
            "last_reply_at": MAYBE_WHEN,
            "created_at": WHEN,
            "updated_at": WHEN,
        },
        "interview",
    ),
    Table(
        "interview_contacts",
        m.InterviewContact,
        {
            "interview": _ref("interviews"),
            "contact": _ref("contacts"),
            "role": Column("choice", choices=CONTACT_KINDS),
        },
        "person's role in an interview",
    ),
    Table(
        "rounds",
        m.Round,
        {
            "interview": _ref("interviews"),
            "kind": Column("name"),
            "starts_at": WHEN,
            "ends_at": WHEN,
            "place": _line(),
            "notes": TEXT_COL,
        },
        "round",
    ),
    Table(
        "round_interviewers",
        m.RoundInterviewer,
        {"round": _ref("rounds"), "contact": _ref("contacts")},
        "interviewer of a round",
    ),
    Table(
        "promises",
        m.Promise,
        {
            "round": _ref("rounds"),
            "what": _line(required=True),
            "to_contact": _ref("contacts", nullable=True),
            "sent": Column("bool"),
            "sent_at": MAYBE_WHEN,
        },
        "promise",
    ),
    Table(
        "followups",
        m.FollowUp,
        {
            "interview": _ref("interviews"),
            "round": _ref("rounds", nullable=True),
            "promise": _ref("promises", nullable=True),
            "kind": Column("choice", choices=FOLLOWUP_KINDS),
            "rule_key": _line(required=True, limit=200),
            "title": _line(required=True),
            "recipients": Column("json"),
            "note": TEXT_COL,
            "checklist": Column("json"),
            "due_at": WHEN,
            "deadline_at": WHEN,
            "state": Column("choice", choices=FOLLOWUP_STATES),
            "snoozed_until": MAYBE_WHEN,
            "done_at": MAYBE_WHEN,
            "user_edited": Column("bool"),
            "notified_at": MAYBE_WHEN,
            "created_at": WHEN,
        },
        "follow-up",
    ),
    Table(
        "activities",
        m.Activity,
        {
            "interview": _ref("interviews", nullable=True),
            "organization": _ref("organizations", nullable=True),
            "kind": Column("name"),
            "at": WHEN,
            "summary": TEXT_COL,
            "data": Column("json"),
        },
        "timeline entry",
    ),
    Table(
        "attachments",
        m.Attachment,
        {
            "interview": _ref("interviews", nullable=True),
            "organization": _ref("organizations", nullable=True),
            "kind": Column("name"),
            "original_name": _line(required=True, limit=255),
            "stored_path": Column("path"),
            "added_at": WHEN,
        },
        "attached file",
    ),
)

TABLE_BY_NAME = {t.name: t for t in TABLES}

#: Stage rows: referred to by key, not id.
STAGE_COLUMNS: dict[str, Column] = {
    "key": _line(required=True, limit=60),
    "meaning": Column("choice", choices=STAGE_MEANINGS),
    "label": _line(required=True, limit=200),
    "position": Column("int"),
    "hidden": Column("bool"),
    "color": _line(limit=20),
}

#: Tables with a ``uuid`` column: matched by it on import.
UUID_TABLE_NAMES = frozenset({"organizations", "contacts", "interviews"})

#: Keys inside ``json`` columns (activity data, follow-up recipients) that hold row ids.
ID_KEYS: dict[str, str] = {
    "contact_id": "contacts",
    "round_id": "rounds",
    "promise_id": "promises",
    "followup_id": "followups",
    "attachment_id": "attachments",
    "interview_id": "interviews",
    "organization_id": "organizations",
}
