"""vCard (.vcf) import and export of people, with the ``vobject`` library.

A business card saved on a phone is a vCard: importing it is the quickest way to note who
interviewed you. Import is all or nothing: the whole file is read and checked first, then
saved in one transaction, so a malformed file imports nobody.

A contact has one email and one phone; a card's other addresses and numbers are kept as
lines of the contact's notes ("Other email: ...", "Other phone: ...", "Address: ...") and
written back as vCard properties on export, so a file survives a round trip.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_desktop.core.errors import ValidationError
from followup_desktop.core.facts import ContactKind

if TYPE_CHECKING:
    from followup_desktop.services import Services
    from followup_desktop.services.contacts import ContactInfo

#: Our own property, so the kind of a person (HR, interviewer...) survives a round trip.
KIND_PROPERTY = "x-followup-kind"
OTHER_EMAIL = "Other email: "
OTHER_PHONE = "Other phone: "
ADDRESS = "Address: "
_EXTRA = re.compile(rf"^({OTHER_EMAIL}|{OTHER_PHONE}|{ADDRESS})(.+)$")
#: Nobody has this many business cards; a bigger file is not an address book.
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class CardPerson:
    """One person read from a card, before it is saved."""

    name: str
    job_title: str = ""
    organization: str = ""
    kind: str = ContactKind.OTHER.value
    email: str = ""
    phone: str = ""
    notes: str = ""


@dataclass
class ImportReport:
    created: list[int] = field(default_factory=list)
    #: names of people already in the contacts (same name and email), not imported twice
    skipped: list[str] = field(default_factory=list)


def _values(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value if v)
    return str(value or "").strip()


def _is_preferred(prop: Any) -> bool:
    types = [t.upper() for t in prop.params.get("TYPE", [])]
    return "PREF" in types or "PREF" in (k.upper() for k in prop.params)


def _name(card: Any) -> str:
    fn = _values(card, "fn")
    if fn and _text(fn[0].value):
        return _text(fn[0].value)
    n = _values(card, "n")
    if n:
        value = n[0].value
        parts = [
            _text(getattr(value, a, ""))
            for a in ("prefix", "given", "additional", "family", "suffix")
        ]
        return " ".join(p for p in parts if p)
    return ""


def _address(value: Any) -> str:
    parts = [
        _text(getattr(value, a, ""))
        for a in ("box", "extended", "street", "city", "region", "code", "country")
    ]
    return ", ".join(p.replace("\n", ", ") for p in parts if p)


def card_person(card: Any, default_kind: str = ContactKind.OTHER.value) -> CardPerson:
    """Read one vCard component."""
    emails = sorted(_values(card, "email"), key=lambda p: not _is_preferred(p))
    phones = sorted(_values(card, "tel"), key=lambda p: not _is_preferred(p))
    email_values = [_text(e.value) for e in emails if _text(e.value)]
    phone_values = [_text(t.value) for t in phones if _text(t.value)]
    orgs = _values(card, "org")
    org_value = orgs[0].value if orgs else ""
    organization = _text(org_value[0] if isinstance(org_value, list) and org_value else org_value)
    titles = _values(card, "title")
    kinds = _values(card, KIND_PROPERTY)
    kind = _text(kinds[0].value) if kinds else default_kind
    if kind not in {k.value for k in ContactKind}:
        kind = default_kind
    notes = [_text(n.value) for n in _values(card, "note") if _text(n.value)]
    extra = [OTHER_EMAIL + e for e in email_values[1:]]
    extra += [OTHER_PHONE + p for p in phone_values[1:]]
    extra += [ADDRESS + _address(a.value) for a in _values(card, "adr") if _address(a.value)]
    body = "\n".join(notes)
    # Lines already in the note (an earlier export) are not added twice.
    extra = [line for line in extra if line not in body.splitlines()]
    return CardPerson(
        name=_name(card),
        job_title=_text(titles[0].value) if titles else "",
        organization=organization,
        kind=kind,
        email=email_values[0] if email_values else "",
        phone=phone_values[0] if phone_values else "",
        notes="\n".join([*notes, *extra]).strip(),
    )


def read_file(path: Path, default_kind: str = ContactKind.OTHER.value) -> list[CardPerson]:
    """Every person in a .vcf file.

    Raises:
        ValidationError: (field ``file``) the file cannot be read or is not a valid vCard
            file; the message says where it went wrong.
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError("file", f"“{path.name}” is too big to be a vCard file.")
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            "file", f"“{path.name}” cannot be read: {exc.strerror or exc}."
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older phones write Windows-1252; anything decodes as Latin-1 as a last resort.
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    return read_text(text, path.name, default_kind)


def read_text(
    text: str, source: str = "the file", default_kind: str = ContactKind.OTHER.value
) -> list[CardPerson]:
    """Every person in vCard text; see :func:`read_file`."""
    # vobject (and dateutil under it) is imported when a card is read or written, not with
    # the contacts sidebar at every start.
    import vobject
    from vobject.base import VObjectError

    people: list[CardPerson] = []
    try:
        for number, component in enumerate(vobject.readComponents(text, validate=False), 1):
            if component.name.upper() != "VCARD":
                raise ValidationError(
                    "file",
                    f"{source} is not a vCard file (it holds a "
                    f"{component.name}, not contact cards).",
                )
            person = card_person(component, default_kind)
            if not person.name:
                raise ValidationError("file", f"Card {number} in {source} has no name.")
            people.append(person)
    except VObjectError as exc:
        raise ValidationError(
            "file", f"{source} is not a valid vCard file ({exc}). Nobody was imported."
        ) from exc
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValidationError(
            "file", f"{source} could not be read as vCard ({exc}). Nobody was imported."
        ) from exc
    if not people:
        raise ValidationError("file", f"{source} holds no contact cards.")
    return people


def import_people(services: Services, people: Iterable[CardPerson]) -> ImportReport:
    """Save people read from cards, in one transaction (all or nobody).

    Raises:
        ValidationError: naming the card and the field that cannot be saved.
    """
    report = ImportReport()
    existing = {(c.name.casefold(), c.email.casefold()) for c in services.contacts.list()}
    with services.ctx.transaction():
        for number, person in enumerate(people, 1):
            key = (person.name.casefold(), person.email.casefold())
            if key in existing:
                report.skipped.append(person.name)
                continue
            try:
                contact_id = services.contacts.create_contact(
                    person.name,
                    job_title=person.job_title,
                    kind=person.kind,
                    email=person.email,
                    phone=person.phone,
                    notes=person.notes,
                    organization=person.organization or None,
                )
            except ValidationError as exc:
                raise ValidationError(
                    exc.field, f"Card {number} ({person.name}): {exc.message} Nobody was imported."
                ) from exc
            existing.add(key)
            report.created.append(contact_id)
    return report


def import_file(
    services: Services, path: Path, default_kind: str = ContactKind.OTHER.value
) -> ImportReport:
    """Read and save a .vcf file: all its people, or nobody."""
    return import_people(services, read_file(path, default_kind))


# -- export --------------------------------------------------------------------------------
def _split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) < 2:
        return name, ""
    return parts[-1], " ".join(parts[:-1])


def to_vcard(person: ContactInfo) -> Any:
    """One contact as a vobject vCard component."""
    import vobject

    card = vobject.vCard()
    card.add("fn").value = person.name
    family, given = _split_name(person.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    note_lines: list[str] = []
    extra_emails: list[str] = []
    extra_phones: list[str] = []
    addresses: list[str] = []
    for line in person.notes.splitlines():
        match = _EXTRA.match(line)
        if match is None:
            note_lines.append(line)
        elif match.group(1) == OTHER_EMAIL:
            extra_emails.append(match.group(2).strip())
        elif match.group(1) == OTHER_PHONE:
            extra_phones.append(match.group(2).strip())
        else:
            addresses.append(match.group(2).strip())
    for number, email in enumerate([person.email, *extra_emails] if person.email else extra_emails):
        prop = card.add("email")
        prop.value = email
        prop.type_param = ["INTERNET", "PREF"] if number == 0 else ["INTERNET"]
    for number, phone in enumerate([person.phone, *extra_phones] if person.phone else extra_phones):
        prop = card.add("tel")
        prop.value = phone
        if number == 0:
            prop.type_param = "PREF"
    for address in addresses:
        # Kept as one line: the parts were joined on import and cannot be told apart again.
        card.add("adr").value = vobject.vcard.Address(street=address)
    if person.organization:
        card.add("org").value = [person.organization]
    if person.job_title:
        card.add("title").value = person.job_title
    note = "\n".join(note_lines).strip()
    if note:
        card.add("note").value = note
    card.add(KIND_PROPERTY).value = person.kind.value
    return card


def export_text(people: Iterable[ContactInfo]) -> str:
    return "".join(to_vcard(p).serialize() for p in people)


def export_file(people: Iterable[ContactInfo], path: Path) -> int:
    """Write people to a .vcf file (UTF-8); returns how many were written.

    Raises:
        ValidationError: (field ``file``) the file cannot be written.
    """
    people = list(people)
    text = export_text(people)
    path = Path(path)
    temp = path.with_name(path.name + ".part")
    try:
        temp.write_text(text, encoding="utf-8", newline="")
        temp.replace(path)  # never leave half a file under the real name
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ValidationError(
            "file", f"“{path.name}” cannot be written: {exc.strerror or exc}."
        ) from exc
    return len(people)
