"""The tables. Every model binds to :data:`database`, initialised by :func:`store.db.open_store`.

Names follow PRODUCT.md's vocabulary. Datetimes are aware UTC (:class:`UTCDateTimeField`);
``reply_expected_by`` is a local calendar date.
"""

from __future__ import annotations

import uuid as _uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import peewee

from followup_desktop.core.errors import ValidationError
from followup_desktop.store.fields import DateField, JSONField, UTCDateTimeField


class Database(peewee.SqliteDatabase):
    """peewee's SQLite database, refusing text SQLite cannot hold with a typed error.

    A lone UTF-16 surrogate (from a broken file or paste) cannot be encoded as UTF-8, and
    the sqlite3 module raises ``UnicodeEncodeError`` while binding it: before anything is
    written, whatever the query. Services check text fields first; this is the net under
    everything else (keys, searches, message text), so no input can crash the app.
    """

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        try:
            return super().execute_sql(sql, params)  # type: ignore[no-untyped-call]
        except UnicodeEncodeError as exc:
            raise ValidationError(
                "text", "This text contains a broken character, so it cannot be saved."
            ) from exc


#: Deferred: bound to a file by ``store.db.open_store``.
database: peewee.SqliteDatabase = Database(None)
JOIN = peewee.JOIN


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def new_uuid() -> str:
    """A stable identity that survives export and import (ids differ between files)."""
    return str(_uuid.uuid4())


class BaseModel(peewee.Model):
    # peewee adds the auto-increment primary key at class creation; declare it for mypy.
    # Any: on the class it is a query column (Interview.id.in_(...)), on rows an int.
    id: Any

    if TYPE_CHECKING:
        # peewee's rows also carry `<fk>_id` attributes, selected aliases and tuple rows that
        # no static type describes; let mypy accept them instead of scattering ignores.
        def __getattr__(self, name: str) -> Any: ...

        def __getitem__(self, key: Any) -> Any: ...

        def __iter__(self) -> Any: ...

    class Meta:
        database = database
        legacy_table_names = False


class Organization(BaseModel):
    """An employer or a recruitment agency."""

    name = peewee.CharField()
    kind = peewee.CharField(default="employer")  # "employer" | "agency"
    website = peewee.CharField(default="")
    address = peewee.TextField(default="")
    phone = peewee.CharField(default="")
    notes = peewee.TextField(default="")
    created_at = UTCDateTimeField(default=utcnow)
    #: identity across export / import (migration step 3)
    uuid = peewee.CharField(default=new_uuid, unique=True)

    class Meta:
        indexes = ((("kind", "name"), False),)


class Contact(BaseModel):
    """A person met along the way."""

    name = peewee.CharField()
    job_title = peewee.CharField(default="")
    organization = peewee.ForeignKeyField(
        Organization, null=True, backref="contacts", on_delete="SET NULL"
    )
    kind = peewee.CharField(default="other")  # core.facts.ContactKind
    email = peewee.CharField(default="")
    phone = peewee.CharField(default="")
    notes = peewee.TextField(default="")
    last_contacted_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField(default=utcnow)
    #: identity across export / import (migration step 3)
    uuid = peewee.CharField(default=new_uuid, unique=True)


class Stage(BaseModel):
    """A board column. ``meaning`` is fixed (core.stages.StageMeaning); the label is the user's."""

    key = peewee.CharField(unique=True)
    meaning = peewee.CharField()
    label = peewee.CharField()
    position = peewee.IntegerField()
    hidden = peewee.BooleanField(default=False)
    color = peewee.CharField(default="#7b8794")


class Interview(BaseModel):
    """One card: one role at one company."""

    role = peewee.CharField()
    employer = peewee.ForeignKeyField(Organization, backref="interviews", on_delete="RESTRICT")
    agency = peewee.ForeignKeyField(
        Organization, null=True, backref="placed_interviews", on_delete="SET NULL"
    )
    stage = peewee.ForeignKeyField(Stage, backref="interviews", on_delete="RESTRICT")
    #: order inside the column; NULL while archived
    position = peewee.IntegerField(null=True)
    posting_url = peewee.CharField(default="")
    location = peewee.CharField(default="")
    salary_notes = peewee.TextField(default="")
    notes = peewee.TextField(default="")
    next_steps = peewee.TextField(default="")
    reply_expected_by = DateField(null=True)
    archived = peewee.BooleanField(default=False)
    stage_entered_at = UTCDateTimeField(default=utcnow)
    last_reply_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField(default=utcnow)
    updated_at = UTCDateTimeField(default=utcnow)
    #: identity across export / import (migration step 3)
    uuid = peewee.CharField(default=new_uuid, unique=True)

    class Meta:
        # The hot path: the cards of a stage, in order.
        indexes = ((("stage", "archived", "position"), False),)


class InterviewContact(BaseModel):
    """A person's role in an interview: HR, agency recruiter, interviewer, other."""

    interview = peewee.ForeignKeyField(Interview, backref="people", on_delete="CASCADE")
    contact = peewee.ForeignKeyField(Contact, backref="interviews", on_delete="CASCADE")
    role = peewee.CharField()

    class Meta:
        indexes = ((("interview", "contact", "role"), True),)


class Round(BaseModel):
    """One sitting of an interview."""

    interview = peewee.ForeignKeyField(Interview, backref="rounds", on_delete="CASCADE")
    kind = peewee.CharField(default="interview")
    starts_at = UTCDateTimeField()
    ends_at = UTCDateTimeField()
    place = peewee.CharField(default="")
    notes = peewee.TextField(default="")


class RoundInterviewer(BaseModel):
    round = peewee.ForeignKeyField(Round, backref="interviewers", on_delete="CASCADE")
    contact = peewee.ForeignKeyField(Contact, backref="rounds", on_delete="CASCADE")

    class Meta:
        indexes = ((("round", "contact"), True),)


class Promise(BaseModel):
    """Something the candidate said they would send after a round."""

    round = peewee.ForeignKeyField(Round, backref="promises", on_delete="CASCADE")
    what = peewee.CharField()
    to_contact = peewee.ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    sent = peewee.BooleanField(default=False)
    sent_at = UTCDateTimeField(null=True)


class FollowUp(BaseModel):
    """A dated thing to do for an interview; derived by the rules or added by hand."""

    interview = peewee.ForeignKeyField(Interview, backref="followups", on_delete="CASCADE")
    round = peewee.ForeignKeyField(Round, null=True, on_delete="SET NULL")
    promise = peewee.ForeignKeyField(Promise, null=True, on_delete="SET NULL")
    kind = peewee.CharField()
    rule_key = peewee.CharField()
    title = peewee.CharField()
    #: {"to": [recipient...], "cc": [recipient...]};
    #: a recipient is {name, email, contact_id, job_title}
    recipients = JSONField(default=dict)
    note = peewee.TextField(default="")
    checklist = JSONField(default=list)
    due_at = UTCDateTimeField()
    deadline_at = UTCDateTimeField()
    state = peewee.CharField(default="pending")
    snoozed_until = UTCDateTimeField(null=True)
    done_at = UTCDateTimeField(null=True)
    user_edited = peewee.BooleanField(default=False)
    #: when a notification for it was shown (never notify twice)
    notified_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("interview", "rule_key"), True),
            # The hot path: what is due before a time.
            (("state", "due_at"), False),
        )


class Activity(BaseModel):
    """The timeline: stage changes, rounds, messages sent, notes..."""

    interview = peewee.ForeignKeyField(
        Interview, null=True, backref="activities", on_delete="CASCADE"
    )
    organization = peewee.ForeignKeyField(Organization, null=True, on_delete="SET NULL")
    kind = peewee.CharField()
    at = UTCDateTimeField(default=utcnow)
    summary = peewee.TextField()
    data = JSONField(default=dict)

    class Meta:
        indexes = (
            (("interview", "at"), False),
            (("organization", "kind", "at"), False),
        )


class Setting(BaseModel):
    key = peewee.CharField(primary_key=True)
    value = JSONField()


class Attachment(BaseModel):
    """A file kept with an interview (CV sent, job advert) or an organization (business card).

    The file is copied into the data folder; ``stored_path`` is relative to it, so the whole
    folder can be moved. Created by migration step 2, hence not in :data:`ALL_MODELS`.
    """

    interview = peewee.ForeignKeyField(
        Interview, null=True, backref="attachments", on_delete="CASCADE"
    )
    organization = peewee.ForeignKeyField(
        Organization, null=True, backref="attachments", on_delete="CASCADE"
    )
    kind = peewee.CharField(default="other")
    original_name = peewee.CharField()
    stored_path = peewee.CharField()
    added_at = UTCDateTimeField(default=utcnow)

    class Meta:
        indexes = ((("interview",), False), (("organization",), False))


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Organization,
    Contact,
    Stage,
    Interview,
    InterviewContact,
    Round,
    RoundInterviewer,
    Promise,
    FollowUp,
    Activity,
    Setting,
)
"""The tables of schema version 1 (migration step 1 creates exactly these)."""

#: Tables added by later migration steps, in the order of the steps.
LATER_MODELS: tuple[type[BaseModel], ...] = (Attachment,)
