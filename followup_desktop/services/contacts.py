"""People and organizations, and who plays which role in an interview."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followup_desktop.core import validation as check
from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.core.facts import ContactKind
from followup_desktop.services import organizations
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.context import Changes, ServiceContext
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import models as m

CONTACT_KINDS = frozenset(k.value for k in ContactKind)
ROLES = CONTACT_KINDS
CONTACT_FIELDS = frozenset({"name", "job_title", "organization", "kind", "email", "phone", "notes"})


@dataclass(frozen=True, slots=True)
class ContactInfo:
    id: int
    name: str
    job_title: str
    organization_id: int | None
    organization: str
    kind: ContactKind
    email: str
    phone: str
    notes: str
    last_contacted_at: datetime | None


@dataclass(frozen=True, slots=True)
class OrganizationInfo:
    id: int
    name: str
    kind: str
    website: str
    address: str
    phone: str
    notes: str


@dataclass(frozen=True, slots=True)
class Link:
    """Where a person appears: for the "delete a linked person" question."""

    interview_id: int
    company: str
    role: str
    what: str  # "HR", "interviewer in First interview", ...


def _kind(value: str) -> ContactKind:
    try:
        return ContactKind(value)
    except ValueError:
        return ContactKind.OTHER


def _info(c: Any, org_name: str | None) -> ContactInfo:
    return ContactInfo(
        c.id,
        c.name,
        c.job_title,
        c.organization_id,
        org_name or "",
        _kind(c.kind),
        c.email,
        c.phone,
        c.notes,
        c.last_contacted_at,
    )


def _role_row(interview_id: int, contact_id: int, role: str) -> Any:
    """The condition matching the one row that gives this person this role on this card."""
    return (
        (m.InterviewContact.interview == interview_id)
        & (m.InterviewContact.contact == contact_id)
        & (m.InterviewContact.role == role)
    )


class ContactService:
    def __init__(self, ctx: ServiceContext, followups: FollowUpService) -> None:
        self.ctx = ctx
        self.followups = followups

    # -- reading -------------------------------------------------------------------------
    def list(self, search: str = "") -> builtins.list[ContactInfo]:
        C = m.Contact
        # Plain rows of the columns shown: the sidebar lists everyone at every start, and
        # peewee objects of whole rows took ~55 ms for 2,800 people.
        query = (
            C.select(
                C.id,
                C.name,
                C.job_title,
                C.organization,
                m.Organization.name,
                C.kind,
                C.email,
                C.phone,
                C.notes,
                C.last_contacted_at,
            )
            .join(m.Organization, m.JOIN.LEFT_OUTER)
            .order_by(C.name.collate("NOCASE"))
        )
        needle = search.strip()
        if needle:
            like = f"%{needle}%"
            query = query.where(
                m.Contact.name.contains(needle)
                | m.Contact.job_title**like
                | m.Organization.name**like
                | m.Contact.email**like
            )
        return [
            ContactInfo(cid, name, title, org_id, org or "", _kind(kind), *rest)
            for cid, name, title, org_id, org, kind, *rest in query.tuples()
        ]

    def get(self, contact_id: int) -> ContactInfo:
        c = (
            m.Contact.select(m.Contact, m.Organization.name.alias("org_name"))
            .join(m.Organization, m.JOIN.LEFT_OUTER)
            .where(m.Contact.id == contact_id)
            .objects()
            .first()
        )
        if c is None:
            raise NotFoundError("contact", "This person no longer exists.")
        return _info(c, c.org_name)

    def organizations(self, kind: str | None = None) -> builtins.list[OrganizationInfo]:
        query = m.Organization.select().order_by(m.Organization.name.collate("NOCASE"))
        if kind:
            query = query.where(m.Organization.kind == kind)
        return [
            OrganizationInfo(o.id, o.name, o.kind, o.website, o.address, o.phone, o.notes)
            for o in query
        ]

    def people_of(self, interview_id: int) -> builtins.list[tuple[ContactInfo, str]]:
        """The people linked to an interview, with their role there."""
        rows = (
            m.InterviewContact.select(
                # the FK too: ``r.contact`` below needs it (without it peewee raised
                # ContactDoesNotExist as soon as anyone was linked)
                m.InterviewContact.role,
                m.InterviewContact.contact,
                m.Contact,
                m.Organization.name.alias("org_name"),
            )
            .join(m.Contact)
            .join(m.Organization, m.JOIN.LEFT_OUTER)
            .where(m.InterviewContact.interview == interview_id)
            .objects()
        )
        return [(_info(r.contact, r.org_name), r.role) for r in rows]

    def interviews_of(self, contact_id: int) -> set[int]:
        """Interviews a person is linked to (directly or as an interviewer in a round)."""
        direct = {
            r.interview_id
            for r in m.InterviewContact.select(m.InterviewContact.interview).where(
                m.InterviewContact.contact == contact_id
            )
        }
        rounds = {
            r.round.interview_id
            for r in m.RoundInterviewer.select(m.RoundInterviewer, m.Round)
            .join(m.Round)
            .where(m.RoundInterviewer.contact == contact_id)
        }
        return direct | rounds

    def links(self, contact_id: int) -> builtins.list[Link]:
        """Everywhere a person is linked: asked before deleting them."""
        out: builtins.list[Link] = []
        for r in (
            m.InterviewContact.select(m.InterviewContact, m.Interview, m.Organization)
            .join(m.Interview)
            .join(m.Organization, on=(m.Interview.employer == m.Organization.id))
            .where(m.InterviewContact.contact == contact_id)
        ):
            label = r.role.replace("_", " ")
            out.append(Link(r.interview_id, r.interview.employer.name, r.role, label))
        for ri in (
            m.RoundInterviewer.select(m.RoundInterviewer, m.Round, m.Interview, m.Organization)
            .join(m.Round)
            .join(m.Interview)
            .join(m.Organization, on=(m.Interview.employer == m.Organization.id))
            .where(m.RoundInterviewer.contact == contact_id)
        ):
            rnd = ri.round
            out.append(
                Link(
                    rnd.interview_id,
                    rnd.interview.employer.name,
                    "interviewer",
                    f"interviewer in {rnd.kind.replace('_', ' ')}",
                )
            )
        for p in (
            m.Promise.select(m.Promise, m.Round, m.Interview, m.Organization)
            .join(m.Round)
            .join(m.Interview)
            .join(m.Organization, on=(m.Interview.employer == m.Organization.id))
            .where(m.Promise.to_contact == contact_id)
        ):
            out.append(
                Link(
                    p.round.interview_id,
                    p.round.interview.employer.name,
                    "promise",
                    f"recipient of “{p.what}”",
                )
            )
        return out

    # -- people --------------------------------------------------------------------------
    def _clean(self, fields: dict[str, Any], current_kind: str | None = None) -> dict[str, Any]:
        unknown = set(fields) - CONTACT_FIELDS
        if unknown:
            name = sorted(unknown)[0]
            raise ValidationError(name, f"Unknown field “{name}”.")
        out: dict[str, Any] = {}
        if "name" in fields:
            out["name"] = check.text(fields["name"], "name", "Name", required=True)
        if "job_title" in fields:
            out["job_title"] = check.text(fields["job_title"], "job_title", "Job title")
        if "kind" in fields:
            out["kind"] = check.choice(fields["kind"], "kind", "Kind", CONTACT_KINDS)
        if "email" in fields:
            out["email"] = check.email(fields["email"])
        if "phone" in fields:
            out["phone"] = check.text(fields["phone"], "phone", "Phone", max_length=50)
        if "notes" in fields:
            out["notes"] = check.text(fields["notes"], "notes", "Notes", multiline=True)
        if "organization" in fields:
            org = fields["organization"]
            if org is None or org == "":
                out["organization"] = None
            elif isinstance(org, int):
                out["organization"] = organizations.get(org).id
            else:
                # An agency recruiter works for an agency, even when only the name is edited.
                person_kind = fields.get("kind", current_kind)
                kind = "agency" if person_kind == ContactKind.AGENCY_RECRUITER else "employer"
                out["organization"] = organizations.find_or_create(
                    str(org), kind, "organization"
                ).id
        return out

    def _affected_interviews(self, contact_id: int, org_id: int | None) -> set[int]:
        ids = self.interviews_of(contact_id)
        if org_id is not None:
            ids |= {
                i.id
                for i in m.Interview.select(m.Interview.id).where(
                    (m.Interview.employer == org_id) | (m.Interview.agency == org_id)
                )
            }
        return ids

    def create_contact(self, name: str, **fields: Any) -> int:
        with self.ctx.transaction() as changes:
            cleaned = self._clean({"name": name, **fields})
            contact_id = int(m.Contact.insert(**cleaned).execute())
            changes.contacts.add(contact_id)
            self.followups.rederive(
                self._affected_interviews(contact_id, cleaned.get("organization")), changes
            )
            return contact_id

    def update_contact(self, contact_id: int, **fields: Any) -> dict[str, Any]:
        """Edit a person; returns the previous values of what changed (for undo)."""
        with self.ctx.transaction() as changes:
            current = m.Contact.get_or_none(m.Contact.id == contact_id)
            if current is None:
                raise NotFoundError("contact", "This person no longer exists.")
            cleaned = self._clean(fields, current.kind)
            before: dict[str, Any] = {}
            for key, value in cleaned.items():
                old = current.organization_id if key == "organization" else getattr(current, key)
                if old != value:
                    before[key] = old
            if not before:
                return {}
            m.Contact.update(**{k: cleaned[k] for k in before}).where(
                m.Contact.id == contact_id
            ).execute()
            changes.contacts.add(contact_id)
            affected = self._affected_interviews(contact_id, current.organization_id)
            affected |= self._affected_interviews(contact_id, cleaned.get("organization"))
            self.followups.rederive(affected, changes)
            changes.interviews |= affected
            return before

    def delete_contact(self, contact_id: int) -> builtins.list[Link]:
        """Delete a person and unlink them everywhere; returns where they were linked."""
        with self.ctx.transaction() as changes:
            current = m.Contact.get_or_none(m.Contact.id == contact_id)
            if current is None:
                raise NotFoundError("contact", "This person no longer exists.")
            links = self.links(contact_id)
            affected = self._affected_interviews(contact_id, current.organization_id)
            for link in links:
                log(
                    ActivityKind.CONTACT_UNLINKED,
                    f"{current.name} ({link.what}) was deleted from contacts",
                    interview_id=link.interview_id,
                )
            current.delete_instance()  # links cascade; promises keep their text
            changes.contacts.add(contact_id)
            self.followups.rederive(affected, changes)
            changes.interviews |= affected
            return links

    def link(self, interview_id: int, contact_id: int, role: str) -> bool:
        """Give a person a role in an interview; False if they already had it."""
        role = check.choice(role, "role", "Role", ROLES)
        with self.ctx.transaction() as changes:
            interview = m.Interview.get_or_none(m.Interview.id == interview_id)
            if interview is None:
                raise NotFoundError("interview", "This interview no longer exists.")
            person = m.Contact.get_or_none(m.Contact.id == contact_id)
            if person is None:
                raise NotFoundError("contact", "This person no longer exists.")
            exists = m.InterviewContact.get_or_none(_role_row(interview_id, contact_id, role))
            if exists is not None:
                return False
            m.InterviewContact.create(interview=interview_id, contact=contact_id, role=role)
            self._role_changed(
                ActivityKind.CONTACT_LINKED,
                f"{person.name} linked as {role.replace('_', ' ')}",
                interview_id,
                contact_id,
                role,
                changes,
            )
            return True

    def unlink(self, interview_id: int, contact_id: int, role: str) -> bool:
        with self.ctx.transaction() as changes:
            n = (
                m.InterviewContact.delete()
                .where(_role_row(interview_id, contact_id, role))
                .execute()
            )
            if not n:
                return False
            person = m.Contact.get_by_id(contact_id)
            self._role_changed(
                ActivityKind.CONTACT_UNLINKED,
                f"{person.name} unlinked ({role.replace('_', ' ')})",
                interview_id,
                contact_id,
                role,
                changes,
            )
            return True

    def _role_changed(
        self,
        kind: ActivityKind,
        text: str,
        interview_id: int,
        contact_id: int,
        role: str,
        changes: Changes,
    ) -> None:
        """Log a role given or taken away, and re-derive what the people on a card decide."""
        log(
            kind,
            text,
            interview_id=interview_id,
            data={"contact_id": contact_id, "role": role},
        )
        self.followups.rederive([interview_id], changes)
        changes.interviews.add(interview_id)
        changes.contacts.add(contact_id)

    # -- organizations -------------------------------------------------------------------
    def create_organization(self, name: str, kind: str = "employer", **fields: Any) -> int:
        with self.ctx.transaction() as changes:
            cleaned = organizations.clean_fields({"name": name, "kind": kind, **fields})
            org_id = int(m.Organization.insert(**cleaned).execute())
            changes.organizations.add(org_id)
            return org_id

    def update_organization(self, organization_id: int, **fields: Any) -> None:
        with self.ctx.transaction() as changes:
            organizations.get(organization_id)
            cleaned = organizations.clean_fields(fields)
            if cleaned:
                m.Organization.update(**cleaned).where(
                    m.Organization.id == organization_id
                ).execute()
            changes.organizations.add(organization_id)
            affected = self._affected_interviews(-1, organization_id)
            # Follow-up titles and notes name the company: re-derive them with the new name.
            self.followups.rederive(affected, changes)
            changes.interviews |= affected
