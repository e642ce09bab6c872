"""Undo for organizations: the creation goes only while nothing refers to it, and comes back
as the same organization (same uuid, and same id when still free).

Undo commands name an organization by uuid: SQLite hands a freed id to the next row, so after
an undo and other changes an id alone may name another company.
"""

from __future__ import annotations

from typing import Any

from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.services import organizations
from followup_desktop.services.context import ServiceContext
from followup_desktop.store import models as m


def delete_unused(ctx: ServiceContext, organization_id: int) -> None:
    """Delete an organization no interview, person or file refers to.

    Raises:
        ValidationError: it is in use (an interview, a person or a file names it).
    """
    with ctx.transaction() as changes:
        org = m.Organization.get_or_none(m.Organization.id == organization_id)
        if org is None:
            raise NotFoundError("organization", "This organization no longer exists.")
        used = (
            m.Interview.select()
            .where(
                (m.Interview.employer == organization_id) | (m.Interview.agency == organization_id)
            )
            .exists()
            or m.Contact.select().where(m.Contact.organization == organization_id).exists()
            or m.Attachment.select().where(m.Attachment.organization == organization_id).exists()
        )
        if used:
            raise ValidationError(
                "organization",
                f"{org.name} is in use by now (an interview, a person or a file), so it stays.",
            )
        org.delete_instance()
        changes.organizations.add(organization_id)


def uuid_of(organization_id: int) -> str:
    """The organization's lasting identity (NotFoundError when it is gone)."""
    org = m.Organization.get_or_none(m.Organization.id == organization_id)
    if org is None:
        raise NotFoundError("organization", "This organization no longer exists.")
    return str(org.uuid)


def id_of(uuid: str) -> int:
    """The id the organization with this uuid has now (NotFoundError when it is gone)."""
    org = m.Organization.get_or_none(m.Organization.uuid == uuid)
    if org is None:
        raise NotFoundError("organization", "This organization no longer exists.")
    return int(org.id)


def recreate(ctx: ServiceContext, organization_id: int, uuid: str, fields: dict[str, Any]) -> int:
    """Redo of a creation undone by :func:`delete_unused`: the same organization again.

    Returns its id: the old one when it is still free, else a new one.
    """
    with ctx.transaction() as changes:
        cleaned = organizations.clean_fields(fields)
        free = not m.Organization.select().where(m.Organization.id == organization_id).exists()
        org_id = int(
            m.Organization.insert(
                **({"id": organization_id} if free else {}), uuid=uuid, **cleaned
            ).execute()
        )
        changes.organizations.add(org_id)
        return org_id
