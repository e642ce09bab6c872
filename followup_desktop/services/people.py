"""Everything about one person, so that deleting them can be undone exactly.

:func:`capture` takes the person and every place they are linked (roles in interviews,
seats in rounds, promises made to them); :func:`restore` puts all of it back under the same
id, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from followup_desktop.core.errors import NotFoundError
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.context import ServiceContext
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import models as m

if TYPE_CHECKING:
    from followup_desktop.services.contacts import ContactService


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: int
    name: str
    job_title: str
    organization_id: int | None
    kind: str
    email: str
    phone: str
    notes: str
    last_contacted_at: datetime | None
    created_at: datetime
    roles: tuple[tuple[int, str], ...]  # (interview id, role)
    round_seats: tuple[int, ...]  # round ids
    promises: tuple[int, ...]  # promise ids made to them
    #: the export identity, when the file has one (kept so an undo changes nothing)
    uuid: str | None = None
    #: their organization's identity: its id may have been handed to another one by then
    organization_uuid: str | None = None


def capture(contact_id: int) -> PersonRecord:
    c = m.Contact.get_or_none(m.Contact.id == contact_id)
    if c is None:
        raise NotFoundError("contact", "This person no longer exists.")
    roles = tuple(
        (r.interview_id, r.role)
        for r in m.InterviewContact.select()
        .where(m.InterviewContact.contact == contact_id)
        .order_by(m.InterviewContact.id)
    )
    seats = tuple(
        r.round_id
        for r in m.RoundInterviewer.select()
        .where(m.RoundInterviewer.contact == contact_id)
        .order_by(m.RoundInterviewer.id)
    )
    promises = tuple(
        p.id for p in m.Promise.select(m.Promise.id).where(m.Promise.to_contact == contact_id)
    )
    return PersonRecord(
        c.id,
        c.name,
        c.job_title,
        c.organization_id,
        c.kind,
        c.email,
        c.phone,
        c.notes,
        c.last_contacted_at,
        c.created_at,
        roles,
        seats,
        promises,
        getattr(c, "uuid", None),
        _organization_uuid(c.organization_id),
    )


def _organization_uuid(organization_id: int | None) -> str | None:
    if organization_id is None:
        return None
    org = m.Organization.get_or_none(m.Organization.id == organization_id)
    return None if org is None else str(org.uuid)


def restore(ctx: ServiceContext, followups: FollowUpService, record: PersonRecord) -> None:
    """Undo a delete: the person, their roles, round seats and promises come back.

    Links to interviews, rounds or promises deleted in the meantime are skipped.
    """
    with ctx.transaction() as changes:
        org = record.organization_id
        if record.organization_uuid is not None:  # the same organization, wherever it is now
            same = m.Organization.get_or_none(m.Organization.uuid == record.organization_uuid)
            org = same.id if same is not None else None
        elif org is not None and m.Organization.get_or_none(m.Organization.id == org) is None:
            org = None
        extra = {"uuid": record.uuid} if record.uuid else {}
        m.Contact.insert(
            **extra,
            id=record.id,
            name=record.name,
            job_title=record.job_title,
            organization=org,
            kind=record.kind,
            email=record.email,
            phone=record.phone,
            notes=record.notes,
            last_contacted_at=record.last_contacted_at,
            created_at=record.created_at,
        ).execute()
        interviews: set[int] = set()
        live = {
            i
            for (i,) in m.Interview.select(m.Interview.id)
            .where(m.Interview.id.in_([i for i, _ in record.roles]))
            .tuples()
        }
        for interview_id, role in record.roles:
            if interview_id in live:
                m.InterviewContact.insert(
                    interview=interview_id, contact=record.id, role=role
                ).on_conflict_ignore().execute()
                interviews.add(interview_id)
        for rnd in m.Round.select().where(m.Round.id.in_(list(record.round_seats))):
            m.RoundInterviewer.insert(
                round=rnd.id, contact=record.id
            ).on_conflict_ignore().execute()
            interviews.add(rnd.interview_id)
        for p in (
            m.Promise.select(m.Promise, m.Round)
            .join(m.Round)
            .where(m.Promise.id.in_(list(record.promises)))
        ):
            m.Promise.update(to_contact=record.id).where(m.Promise.id == p.id).execute()
            interviews.add(p.round.interview_id)
        for interview_id in sorted(interviews):
            log(
                ActivityKind.CONTACT_LINKED,
                f"{record.name} is back in contacts",
                interview_id=interview_id,
                data={"contact_id": record.id},
            )
        if org is not None:
            interviews |= {
                i
                for (i,) in m.Interview.select(m.Interview.id)
                .where((m.Interview.employer == org) | (m.Interview.agency == org))
                .tuples()
            }
        followups.rederive(interviews, changes)
        changes.contacts.add(record.id)
        changes.interviews |= interviews


def capture_and_delete(
    ctx: ServiceContext, contacts: ContactService, contact_ids: Sequence[int]
) -> list[PersonRecord]:
    """Delete these people in one transaction (all or none), returning what restores them."""
    with ctx.transaction():
        records = [capture(i) for i in contact_ids]
        for i in contact_ids:
            contacts.delete_contact(i)
        return records
