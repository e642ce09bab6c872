"""Employers and agencies: find by name (case-insensitive) or create."""

from __future__ import annotations

from typing import Any

from peewee import fn

from followup_desktop.core import validation as check
from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.store import models as m

ORGANIZATION_KINDS = frozenset({"employer", "agency"})


def find_or_create(name: str, kind: str, field: str) -> m.Organization:
    """The organization called ``name`` (any case), created when new."""
    label = "Agency" if kind == "agency" else "Company"
    name = check.text(name, field, label, required=True)
    existing = (
        m.Organization.select()
        .where((fn.lower(m.Organization.name) == name.lower()) & (m.Organization.kind == kind))
        .first()
    )
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    created: m.Organization = m.Organization.create(name=name, kind=kind)
    return created


def get(organization_id: int, field: str = "organization") -> m.Organization:
    org = m.Organization.get_or_none(m.Organization.id == organization_id)
    if org is None:
        raise NotFoundError(field, "This organization no longer exists.")
    return org


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate the editable fields of an organization."""
    out: dict[str, Any] = {}
    if "name" in fields:
        out["name"] = check.text(fields["name"], "name", "Name", required=True)
    if "kind" in fields:
        out["kind"] = check.choice(fields["kind"], "kind", "Kind", ORGANIZATION_KINDS)
    if "website" in fields:
        out["website"] = check.url(fields["website"], "website", "Website")
    if "address" in fields:
        out["address"] = check.text(
            fields["address"], "address", "Address", multiline=True, max_length=2000
        )
    if "phone" in fields:
        out["phone"] = check.text(fields["phone"], "phone", "Phone", max_length=50)
    if "notes" in fields:
        out["notes"] = check.text(fields["notes"], "notes", "Notes", multiline=True)
    unknown = set(fields) - {"name", "kind", "website", "address", "phone", "notes"}
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"Unknown field “{sorted(unknown)[0]}”.")
    return out
