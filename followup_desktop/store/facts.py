"""Rows → :class:`core.facts.InterviewFacts`, in batches (the rules engine never sees SQL)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import NamedTuple, TypeVar

from followup_desktop.core.facts import (
    ContactKind,
    FollowUpKind,
    InterviewFacts,
    MessageFact,
    Person,
    PromiseFact,
    RoundFact,
)
from followup_desktop.core.stages import meaning_of
from followup_desktop.store import models as m
from followup_desktop.store.fields import from_utc_text
from followup_desktop.store.sql import marks, select

T = TypeVar("T")
#: SQLite's default limit on bound variables is 999 on old builds; stay well below.
CHUNK = 500

#: Activity kind of an outbound message (compose → "Mark as sent").
MESSAGE_SENT = "message_sent"


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _person(
    id_: int, name: str, email: str, job_title: str, kind: str, organization_id: int | None
) -> Person:
    try:
        contact_kind = ContactKind(kind)
    except ValueError:
        contact_kind = ContactKind.OTHER
    return Person(
        id=id_,
        name=name,
        email=email,
        job_title=job_title,
        kind=contact_kind,
        organization_id=organization_id,
    )


def load_facts(interview_ids: Iterable[int]) -> dict[int, InterviewFacts]:
    """The facts of the given interviews, keyed by id (missing ids are skipped)."""
    ids = sorted(set(interview_ids))
    result: dict[int, InterviewFacts] = {}
    for batch in chunks(ids):
        result.update(_load_batch(batch))
    return result


def _moment(text: str | None) -> datetime | None:
    return None if text is None else from_utc_text(text)


class _Card(NamedTuple):
    id: int
    role: str
    employer_id: int
    archived: int
    reply_expected_by: date | None
    stage_entered_at: datetime
    created_at: datetime
    last_reply_at: datetime | None
    employer_name: str
    agency_name: str | None
    stage_meaning: str


def _load_batch(ids: Sequence[int]) -> dict[int, InterviewFacts]:
    # Plain statements with the fields' own conversions: this runs on every move and every
    # edit of a card, and building the SQL with peewee cost several times running it (2.5 ms
    # for one card at 10,000 interviews, against ~0.5 ms now).
    rows = [
        _Card(
            iid,
            role,
            employer_id,
            archived,
            None if reply_by is None else date.fromisoformat(reply_by),
            from_utc_text(entered),
            from_utc_text(created),
            _moment(last_reply),
            employer,
            agency,
            meaning,
        )
        for (
            iid,
            role,
            employer_id,
            archived,
            reply_by,
            entered,
            created,
            last_reply,
            employer,
            agency,
            meaning,
        ) in select(
            'SELECT i."id", i."role", i."employer_id", i."archived", i."reply_expected_by", '
            'i."stage_entered_at", i."created_at", i."last_reply_at", e."name", a."name", '
            's."meaning" FROM "interview" AS i '
            'JOIN "organization" AS e ON e."id" = i."employer_id" '
            'LEFT JOIN "organization" AS a ON a."id" = i."agency_id" '
            'JOIN "stage" AS s ON s."id" = i."stage_id" '
            f'WHERE i."id" IN ({marks(ids)})',
            ids,
        )
    ]
    if not rows:
        return {}
    employer_ids = sorted({r.employer_id for r in rows})

    # Tuples, not model objects: this runs for every card in bulk seeding and re-deriving.
    rounds: dict[int, list[tuple[int, int, str, datetime, datetime]]] = defaultdict(list)
    round_ids: list[int] = []
    for rid, iid, kind, starts, ends in select(
        'SELECT "id", "interview_id", "kind", "starts_at", "ends_at" FROM "round" '
        f'WHERE "interview_id" IN ({marks(ids)}) ORDER BY "starts_at"',
        ids,
    ):
        rounds[iid].append((rid, iid, kind, from_utc_text(starts), from_utc_text(ends)))
        round_ids.append(rid)
    interviewers: dict[int, list[int]] = defaultdict(list)
    promises: dict[int, list[PromiseFact]] = defaultdict(list)
    round_owner = {r[0]: r[1] for rs in rounds.values() for r in rs}
    contact_ids: set[int] = set()
    for batch in chunks(round_ids):
        for rid, cid in select(
            'SELECT "round_id", "contact_id" FROM "round_interviewer" '
            f'WHERE "round_id" IN ({marks(batch)}) ORDER BY "id"',
            batch,
        ):
            interviewers[rid].append(cid)
            contact_ids.add(cid)
        for pid, rid, what, to_id, sent in select(
            'SELECT "id", "round_id", "what", "to_contact_id", "sent" FROM "promise" '
            f'WHERE "round_id" IN ({marks(batch)}) ORDER BY "id"',
            batch,
        ):
            promises[round_owner[rid]].append(
                PromiseFact(id=pid, round_id=rid, what=what, to_contact_id=to_id, sent=bool(sent))
            )
            if to_id:
                contact_ids.add(to_id)

    roles: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for iid, cid, role in select(
        'SELECT "interview_id", "contact_id", "role" FROM "interview_contact" '
        f'WHERE "interview_id" IN ({marks(ids)}) ORDER BY "id"',
        ids,
    ):
        roles[iid].append((cid, role))
        contact_ids.add(cid)

    contacts: dict[int, Person] = {}
    columns = 'SELECT "id", "name", "email", "job_title", "kind", "organization_id" FROM "contact"'
    for batch in chunks(sorted(contact_ids)):
        for row_ in select(f'{columns} WHERE "id" IN ({marks(batch)})', batch):
            contacts[row_[0]] = _person(*row_)
    at_employer: dict[int, list[Person]] = defaultdict(list)
    for row_ in select(
        f'{columns} WHERE "organization_id" IN ({marks(employer_ids)}) ORDER BY "id"',
        employer_ids,
    ):
        person = contacts.setdefault(row_[0], _person(*row_))
        at_employer[row_[5]].append(person)

    messages: dict[int, list[MessageFact]] = defaultdict(list)
    for at, org_id, iid, data in select(
        'SELECT "at", "organization_id", "interview_id", "data" FROM "activity" '
        f'WHERE "kind" = ? AND "organization_id" IN ({marks(employer_ids)}) ORDER BY "at"',
        [MESSAGE_SENT, *employer_ids],
    ):
        details = json.loads(data) if data else None
        try:
            kind = FollowUpKind((details or {}).get("kind", "custom"))
        except ValueError:
            kind = FollowUpKind.CUSTOM
        messages[org_id].append(MessageFact(sent_at=from_utc_text(at), kind=kind, interview_id=iid))

    result: dict[int, InterviewFacts] = {}
    for row in rows:
        people: dict[int, Person] = {}
        hr: list[int] = []
        recruiters: list[int] = []
        for contact_id, role in roles[row.id]:
            people[contact_id] = contacts[contact_id]
            if role == ContactKind.HR and contact_id not in hr:
                hr.append(contact_id)
            elif role == ContactKind.AGENCY_RECRUITER and contact_id not in recruiters:
                recruiters.append(contact_id)
        for c in at_employer[row.employer_id]:
            people.setdefault(c.id, c)
            if c.kind is ContactKind.HR and c.id not in hr:
                hr.append(c.id)
        round_facts = []
        for rid, _, kind, starts, ends in rounds[row.id]:
            for cid in interviewers[rid]:
                people.setdefault(cid, contacts[cid])
            round_facts.append(
                RoundFact(
                    id=rid,
                    starts_at=starts,
                    ends_at=ends,
                    kind=kind,
                    interviewer_ids=tuple(interviewers[rid]),
                )
            )
        for p in promises[row.id]:
            if p.to_contact_id is not None and p.to_contact_id in contacts:
                people.setdefault(p.to_contact_id, contacts[p.to_contact_id])
        direct = any(
            c.email and c.organization_id == row.employer_id for c in people.values()
        ) or any(contacts[cid].email for cid in hr)
        result[row.id] = InterviewFacts(
            id=row.id,
            company=row.employer_name,
            role=row.role,
            stage=meaning_of(row.stage_meaning),
            stage_entered_at=row.stage_entered_at,
            created_at=row.created_at,
            agency=row.agency_name,
            reply_expected_by=row.reply_expected_by,
            rounds=tuple(round_facts),
            promises=tuple(promises[row.id]),
            people=tuple(people.values()),
            hr_ids=tuple(hr),
            agency_recruiter_ids=tuple(recruiters),
            has_direct_company_contact=bool(direct),
            messages=tuple(messages[row.employer_id]),
            last_reply_at=row.last_reply_at,
            archived=bool(row.archived),
        )
    return result


def interviews_of_employers(employer_ids: Iterable[int]) -> list[int]:
    """Ids of the live interviews at these employers (rule 7 spans the whole company)."""
    ids = list(set(employer_ids))
    return [
        i.id
        for i in m.Interview.select(m.Interview.id).where(
            m.Interview.employer.in_(ids) & (m.Interview.archived == False)
        )
    ]
