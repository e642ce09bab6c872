"""Rows → :class:`core.facts.InterviewFacts`, in batches (the rules engine never sees SQL)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import TypeVar

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


def _load_batch(ids: Sequence[int]) -> dict[int, InterviewFacts]:
    Employer = m.Organization.alias()
    Agency = m.Organization.alias()
    rows = list(
        m.Interview.select(
            m.Interview,
            Employer.name.alias("employer_name"),
            Agency.name.alias("agency_name"),
            m.Stage.meaning.alias("stage_meaning"),
        )
        .join(Employer, on=(m.Interview.employer == Employer.id))
        .switch(m.Interview)
        .join(Agency, m.JOIN.LEFT_OUTER, on=(m.Interview.agency == Agency.id))
        .switch(m.Interview)
        .join(m.Stage)
        .where(m.Interview.id.in_(ids))
        .objects()
    )
    if not rows:
        return {}
    employer_ids = {r.employer_id for r in rows}

    R, RI, P, IC, C, A = (
        m.Round,
        m.RoundInterviewer,
        m.Promise,
        m.InterviewContact,
        m.Contact,
        m.Activity,
    )
    # Tuples, not model objects: this runs for every card in bulk seeding and re-deriving.
    rounds: dict[int, list[tuple[int, int, str, datetime, datetime]]] = defaultdict(list)
    round_ids: list[int] = []
    for rid, iid, kind, starts, ends in (
        R.select(R.id, R.interview, R.kind, R.starts_at, R.ends_at)
        .where(R.interview.in_(ids))
        .order_by(R.starts_at)
        .tuples()
    ):
        rounds[iid].append((rid, iid, kind, starts, ends))
        round_ids.append(rid)
    interviewers: dict[int, list[int]] = defaultdict(list)
    promises: dict[int, list[PromiseFact]] = defaultdict(list)
    round_owner = {r[0]: r[1] for rs in rounds.values() for r in rs}
    contact_ids: set[int] = set()
    for batch in chunks(round_ids):
        for rid, cid in RI.select(RI.round, RI.contact).where(RI.round.in_(batch)).tuples():
            interviewers[rid].append(cid)
            contact_ids.add(cid)
        for pid, rid, what, to_id, sent in (
            P.select(P.id, P.round, P.what, P.to_contact, P.sent)
            .where(P.round.in_(batch))
            .order_by(P.id)
            .tuples()
        ):
            promises[round_owner[rid]].append(
                PromiseFact(id=pid, round_id=rid, what=what, to_contact_id=to_id, sent=bool(sent))
            )
            if to_id:
                contact_ids.add(to_id)

    roles: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for iid, cid, role in (
        IC.select(IC.interview, IC.contact, IC.role).where(IC.interview.in_(ids)).tuples()
    ):
        roles[iid].append((cid, role))
        contact_ids.add(cid)

    contacts: dict[int, Person] = {}
    columns = (C.id, C.name, C.email, C.job_title, C.kind, C.organization)
    for batch in chunks(sorted(contact_ids)):
        for row_ in C.select(*columns).where(C.id.in_(batch)).tuples():
            contacts[row_[0]] = _person(*row_)
    at_employer: dict[int, list[Person]] = defaultdict(list)
    for row_ in C.select(*columns).where(C.organization.in_(list(employer_ids))).tuples():
        person = contacts.setdefault(row_[0], _person(*row_))
        at_employer[row_[5]].append(person)

    messages: dict[int, list[MessageFact]] = defaultdict(list)
    for at, org_id, iid, data in (
        A.select(A.at, A.organization, A.interview, A.data)
        .where((A.kind == MESSAGE_SENT) & A.organization.in_(list(employer_ids)))
        .order_by(A.at)
        .tuples()
    ):
        try:
            kind = FollowUpKind((data or {}).get("kind", "custom"))
        except ValueError:
            kind = FollowUpKind.CUSTOM
        messages[org_id].append(MessageFact(sent_at=at, kind=kind, interview_id=iid))

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
