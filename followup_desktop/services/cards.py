"""What a board card shows, read in batches for the ids a column is about to paint.

The board model holds only interview ids; rows come from here lazily, a screenful at a time,
so a board of 10,000 interviews costs a few hundred small rows, not 10,000 objects.
Also: the searchable text of interviews (for the filter bar) and the archive's list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from followup_desktop.core.facts import DisplayState, FollowUpKind, FollowUpState
from followup_desktop.core.rules import display_state
from followup_desktop.core.stages import WAITING_FOR_REPLY, meaning_of
from followup_desktop.services.context import ServiceContext
from followup_desktop.store import models as m
from followup_desktop.store.facts import chunks
from followup_desktop.store.fields import from_utc_text
from followup_desktop.store.sql import marks, select

#: Short names for follow-up kinds: a card line has little room.
SHORT_KIND = {
    FollowUpKind.PREPARE: "Prepare",
    FollowUpKind.THANK_YOU: "Thank-you",
    FollowUpKind.PROMISED_MATERIAL: "Send what you promised",
    FollowUpKind.CHASE: "Chase",
    FollowUpKind.AGENCY_CONTACTS: "Get company contacts",
    FollowUpKind.FEEDBACK_REQUEST: "Ask for feedback",
    FollowUpKind.KEEP_IN_TOUCH: "Keep in touch",
    FollowUpKind.CLOSE_NO_REPLY: "Close as no reply?",
}

_OPEN = (FollowUpState.PENDING.value, FollowUpState.SNOOZED.value)


class Urgency(StrEnum):
    """How the card's date line is coloured."""

    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class CardRow:
    """Everything one painted card needs."""

    id: int
    company: str
    role: str
    agency: str | None
    stage_key: str
    stage_label: str
    stage_color: str
    #: "Second interview · Tomorrow 11:00", "Thank-you · due today", "" when nothing is next
    next_text: str
    urgency: Urgency
    overdue: int
    due_today: int
    #: waiting for an answer, but nobody noted when the company said it would reply
    no_reply_date: bool
    archived: bool
    #: files kept with the interview (CV sent, job advert...): a paperclip on the card
    attachments: int = 0

    @property
    def title(self) -> str:
        """ "Company — Role", as people say it."""
        return f"{self.company} — {self.role}"

    def due_state(self) -> str:
        """The due state in words, for screen readers ("2 overdue, 1 due today")."""
        parts = []
        if self.overdue:
            parts.append(f"{self.overdue} overdue")
        if self.due_today:
            parts.append(f"{self.due_today} due today")
        return ", ".join(parts) if parts else "nothing due"


@dataclass(frozen=True, slots=True)
class ArchivedRow:
    id: int
    company: str
    role: str
    stage_label: str
    archived_at: datetime


def describe_moment(at: datetime, now: datetime, tz: tzinfo, *, with_time: bool = True) -> str:
    """A moment as a person reads it relative to today: "Today 14:00", "Tomorrow", "Mon 3 Mar"."""
    local = at.astimezone(tz)
    today = now.astimezone(tz).date()
    day = local.date()
    clock = f" {local:%H:%M}" if with_time else ""
    if day == today:
        return f"Today{clock}"
    if day == today + timedelta(days=1):
        return f"Tomorrow{clock}"
    if day == today - timedelta(days=1):
        return f"Yesterday{clock}"
    if today < day < today + timedelta(days=7):
        return f"{local:%a}{clock}"
    text = f"{local:%a} {day.day} {local:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def _lower_relative(text: str) -> str:
    """ "Today" → "today" inside a sentence; day names keep their capital."""
    head, _, rest = text.partition(" ")
    if head in ("Today", "Tomorrow", "Yesterday"):
        return " ".join(filter(None, (head.lower(), rest)))
    return text


def describe_day(day: date, now: datetime, tz: tzinfo) -> str:
    today = now.astimezone(tz).date()
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def _overdue_text(deadline: datetime, now: datetime, tz: tzinfo) -> str:
    days = (now.astimezone(tz).date() - deadline.astimezone(tz).date()).days
    if days <= 0:
        return "overdue"
    return f"overdue {days} day{'s' if days != 1 else ''}"


def _round_label(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


class CardService:
    """Read-only queries for the board (no transaction: nothing is written)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def rows(self, interview_ids: Iterable[int]) -> dict[int, CardRow]:
        """Card rows for these ids (missing ids are left out)."""
        ids = sorted(set(interview_ids))
        now = self.ctx.now()
        out: dict[int, CardRow] = {}
        for batch in chunks(ids):
            out.update(self._rows(batch, now))
        return out

    def _rows(self, ids: Sequence[int], now: datetime) -> dict[int, CardRow]:
        tz = self.ctx.tz
        files = _attachment_counts(ids)
        today = now.astimezone(tz).date()
        # Plain cursors: this runs whenever a card comes into view, and building the SQL
        # with peewee cost more than running it. Values go through the fields' converters.
        in_ids = marks(ids)
        as_moment = m.Round.starts_at.python_value
        as_day = m.Interview.reply_expected_by.python_value
        rows = [
            (*row[:8], as_day(row[8]), row[9], as_moment(row[10]))
            for row in select(
                'SELECT i."id", e."name", i."role", a."name", s."key", s."label", s."color", '
                's."meaning", i."reply_expected_by", i."archived", i."stage_entered_at" '
                'FROM "interview" AS i JOIN "organization" AS e ON e."id" = i."employer_id" '
                'LEFT JOIN "organization" AS a ON a."id" = i."agency_id" '
                'JOIN "stage" AS s ON s."id" = i."stage_id" '
                f'WHERE i."id" IN ({in_ids})',
                ids,
            )
        ]
        # The next round that has not started yet, per interview.
        next_round: dict[int, tuple[datetime, str]] = {}
        for iid, kind, starts in select(
            'SELECT "interview_id", "kind", "starts_at" FROM "round" '
            f'WHERE "interview_id" IN ({in_ids}) AND "starts_at" > ? ORDER BY "starts_at"',
            [*ids, m.Round.starts_at.db_value(now)],
        ):
            next_round.setdefault(iid, (from_utc_text(starts), kind))
        open_followups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for iid, kind, title, state, due_at, deadline_at, snoozed in select(
            'SELECT "interview_id", "kind", "title", "state", "due_at", "deadline_at", '
            f'"snoozed_until" FROM "follow_up" WHERE "interview_id" IN ({in_ids}) '
            # Unary + keeps SQLite on the interview_id index: with three ids or more it
            # chose the (state, due_at) index and read every open follow-up (11 ms at
            # 10,000 interviews, for each screenful of cards) instead of a few rows.
            'AND +"state" IN (?, ?)',
            [*ids, *_OPEN],
        ):
            open_followups[iid].append(
                (kind, title, state, as_moment(due_at), as_moment(deadline_at), as_moment(snoozed))
            )

        out: dict[int, CardRow] = {}
        for (
            iid,
            company,
            role,
            agency,
            key,
            label,
            color,
            meaning,
            reply_by,
            archived,
            entered,
        ) in rows:
            overdue = due_today = 0
            urgent: tuple[datetime, str, Urgency] | None = None  # (deadline, text, urgency)
            upcoming: tuple[datetime, str] | None = None
            for kind, title, state, due_at, deadline_at, snoozed in open_followups[iid]:
                shown = display_state(FollowUpState(state), due_at, deadline_at, snoozed, now)
                name = SHORT_KIND.get(_kind(kind), title)
                if shown is DisplayState.OVERDUE:
                    overdue += 1
                    candidate = (
                        deadline_at,
                        f"{name} · {_overdue_text(deadline_at, now, tz)}",
                        Urgency.OVERDUE,
                    )
                    if (
                        urgent is None
                        or urgent[2] is not Urgency.OVERDUE
                        or deadline_at < urgent[0]
                    ):
                        urgent = candidate
                elif shown is DisplayState.DUE:
                    due_today += 1
                    if urgent is None or (urgent[2] is Urgency.DUE and deadline_at < urgent[0]):
                        by = describe_moment(deadline_at, now, tz, with_time=False)
                        if by in ("Today", "Tomorrow"):
                            text = f"{name} · due {by.lower()}"
                        else:
                            text = f"{name} · due by {by}"
                        urgent = (deadline_at, text, Urgency.DUE)
                else:
                    at = snoozed if shown is DisplayState.SNOOZED and snoozed else due_at
                    if at.astimezone(tz).date() == today:
                        due_today += 1
                    if upcoming is None or at < upcoming[0]:
                        upcoming = (at, f"{name} · {describe_moment(at, now, tz)}")
            if iid in next_round:
                # The next sitting matters more than a reminder before it (prepare, chase).
                starts, kind = next_round[iid]
                upcoming = (starts, f"{_round_label(kind)} · {describe_moment(starts, now, tz)}")
            waiting = meaning_of(meaning) in WAITING_FOR_REPLY
            if urgent is not None:
                text, urgency = urgent[1], urgent[2]
            elif upcoming is not None:
                text, urgency = upcoming[1], Urgency.UPCOMING
            elif waiting and reply_by is not None:
                text, urgency = f"Reply expected {describe_day(reply_by, now, tz)}", Urgency.NONE
            else:
                since = _lower_relative(describe_moment(entered, now, tz, with_time=False))
                text, urgency = f"{label} since {since}", Urgency.NONE
            out[iid] = CardRow(
                id=iid,
                company=company,
                role=role,
                agency=agency,
                stage_key=key,
                stage_label=label,
                stage_color=color,
                next_text=text,
                urgency=urgency,
                overdue=overdue,
                due_today=due_today,
                no_reply_date=waiting and reply_by is None,
                archived=bool(archived),
                attachments=files.get(iid, 0),
            )
        return out

    def column_ids(self, stage_key: str) -> list[int]:
        """A column's card ids in order, like ``BoardService.column_ids``, but faster.

        The board re-reads a column after every move; on a 3,000-card column a plain cursor
        takes about a tenth of the time of building peewee rows.
        """
        cursor = m.database.execute_sql(
            'SELECT i."id" FROM "interview" AS i JOIN "stage" AS s ON s."id" = i."stage_id" '
            'WHERE s."key" = ? AND i."archived" = 0 ORDER BY i."position", i."id"',
            (stage_key,),
        )
        return [row[0] for row in cursor.fetchall()]

    def live_count(self) -> int:
        """How many interviews are on the board (not archived)."""
        return int(m.Interview.select().where(m.Interview.archived == False).count())

    def total_count(self) -> int:
        """How many interviews exist at all, archived included (first run: none)."""
        return int(m.Interview.select().count())

    def search_texts(self, interview_ids: Iterable[int] | None = None) -> dict[int, str]:
        """Casefolded text the filter bar matches, per live interview.

        Company, agency, role, location, notes and the names of everyone linked to the
        interview (as HR, recruiter, interviewer, or in a round). ``None`` means every live
        interview. Matching happens in Python so accents and case fold properly (SQLite's
        LIKE only folds ASCII).
        """
        parts: dict[int, list[str]] = {}
        wanted = None if interview_ids is None else sorted(set(interview_ids))
        batches: Iterable[Sequence[int] | None] = [None] if wanted is None else chunks(wanted)
        for batch in batches:
            where, params = "", ()  # type: tuple[str, tuple[int, ...]]
            if batch is not None:
                where, params = f" IN ({marks(batch)})", tuple(batch)
            for iid, *texts in select(
                'SELECT i."id", e."name", a."name", i."role", i."location", i."notes" '
                'FROM "interview" AS i JOIN "organization" AS e ON e."id" = i."employer_id" '
                'LEFT JOIN "organization" AS a ON a."id" = i."agency_id" '
                'WHERE i."archived" = 0' + (f' AND i."id"{where}' if where else ""),
                params,
            ):
                parts[iid] = [t for t in texts if t]
            for iid, name in select(
                'SELECT ic."interview_id", c."name" FROM "interview_contact" AS ic '
                'JOIN "contact" AS c ON c."id" = ic."contact_id"'
                + (f' WHERE ic."interview_id"{where}' if where else "")
                + ' UNION ALL SELECT r."interview_id", c."name" FROM "round_interviewer" AS ri '
                'JOIN "round" AS r ON r."id" = ri."round_id" '
                'JOIN "contact" AS c ON c."id" = ri."contact_id"'
                + (f' WHERE r."interview_id"{where}' if where else ""),
                params + params,
            ):
                if iid in parts:
                    parts[iid].append(name)
        return {iid: "\n".join(texts).casefold() for iid, texts in parts.items()}

    def archived(self) -> list[ArchivedRow]:
        """Archived interviews, most recently archived first."""
        Employer = m.Organization.alias()
        I, S = m.Interview, m.Stage  # noqa: E741
        query = (
            I.select(I.id, Employer.name, I.role, S.label, I.updated_at)
            .join(Employer, on=(I.employer == Employer.id))
            .switch(I)
            .join(S)
            .where(I.archived == True)
            .order_by(I.updated_at.desc(), I.id.desc())
        )
        return [
            ArchivedRow(iid, company, role, label, _as_datetime(at))
            for iid, company, role, label, at in query.tuples()
        ]


def matching_ids(texts: dict[int, str], needle: str) -> set[int]:
    """The ids whose :meth:`CardService.search_texts` text has every word of ``needle``.

    One pass per word with a comprehension: ~1 ms for 10,000 interviews, so the filter
    keeps up with typing.
    """
    items = list(texts.items())
    for word in needle.casefold().split():
        items = [(iid, text) for iid, text in items if word in text]
    return {iid for iid, _ in items}


def matches(text: str, needle: str) -> bool:
    """Whether a :meth:`CardService.search_texts` text matches every word of ``needle``."""
    return all(word in text for word in needle.casefold().split())


def _kind(value: str) -> FollowUpKind:
    try:
        return FollowUpKind(value)
    except ValueError:
        return FollowUpKind.CUSTOM


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return from_utc_text(str(value))


def _attachment_counts(ids: Sequence[int]) -> dict[int, int]:
    """How many files each of these interviews keeps (contacts feature, migration step 2)."""
    in_ids = marks(ids)
    return {
        int(iid): int(n)
        for iid, n in select(
            'SELECT "interview_id", COUNT(*) FROM "attachment" '
            f'WHERE "interview_id" IN ({in_ids}) GROUP BY "interview_id"',
            ids,
        )
    }
