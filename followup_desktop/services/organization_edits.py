"""Undoing the creation of an organization: it may go only while nothing refers to it."""

from __future__ import annotations

from followup_desktop.core.errors import NotFoundError, ValidationError
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
