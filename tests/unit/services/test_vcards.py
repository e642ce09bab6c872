"""vCard import/export with real files: non-ASCII names, several emails, malformed files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import Services, vcards
from followup_desktop.store.db import close_store, open_store

PHONE_CARD = """BEGIN:VCARD\r
VERSION:3.0\r
FN:Zoë Müller-Łukasiewicz\r
N:Müller-Łukasiewicz;Zoë;;;\r
EMAIL;TYPE=INTERNET,WORK:zoe@acme.example\r
EMAIL;TYPE=INTERNET,HOME,PREF:zoe.m@home.example\r
EMAIL;TYPE=INTERNET:z@old.example\r
TEL;TYPE=CELL:+44 7700 900123\r
TEL;TYPE=WORK:+44 113 496 0000\r
ORG:Acme Ltd;Design\r
TITLE:Head of Design\r
ADR;TYPE=WORK:;;1 High St;Leeds;;LS1 1AA;UK\r
NOTE:Met at the careers fair\\, keen on accessibility\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Seán Ó Briain\r
EMAIL:sean@hays.example\r
ORG:Hays Recruitment\r
TITLE:Recruitment Consultant\r
X-FOLLOWUP-KIND:agency_recruiter\r
END:VCARD\r
"""


@pytest.fixture
def services(data_dir: Path) -> Iterator[Services]:
    path = open_store(data_dir)
    yield Services.create(
        clock=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        tz=ZoneInfo("Europe/London"),
        db_path=path,
    )
    close_store()


def test_import_phone_card_keeps_every_email_and_accent(services: Services, tmp_path: Path):
    path = tmp_path / "cards.vcf"
    path.write_text(PHONE_CARD, encoding="utf-8")
    report = vcards.import_file(services, path)
    assert len(report.created) == 2
    zoe = services.contacts.get(report.created[0])
    assert zoe.name == "Zoë Müller-Łukasiewicz"
    assert zoe.email == "zoe.m@home.example"  # the preferred one
    assert zoe.job_title == "Head of Design"
    assert zoe.organization == "Acme Ltd"
    assert "Other email: zoe@acme.example" in zoe.notes
    assert "Other email: z@old.example" in zoe.notes
    assert "Other phone: +44 113 496 0000" in zoe.notes
    assert "Met at the careers fair, keen on accessibility" in zoe.notes
    sean = services.contacts.get(report.created[1])
    assert sean.kind.value == "agency_recruiter"
    assert sean.organization == "Hays Recruitment"


def test_round_trip_through_real_files(services: Services, tmp_path: Path):
    source = tmp_path / "in.vcf"
    source.write_text(PHONE_CARD, encoding="utf-8")
    vcards.import_file(services, source)
    before = services.contacts.list()
    out = tmp_path / "everyone.vcf"
    assert vcards.export_file(before, out) == 2
    text = out.read_text(encoding="utf-8")
    assert "Zoë Müller-Łukasiewicz" in text
    assert text.count("EMAIL") >= 4
    people = vcards.read_file(out)
    by_name = {p.name: p for p in people}
    zoe = next(c for c in before if c.name.startswith("Zoë"))
    again = by_name[zoe.name]
    assert (again.email, again.phone, again.job_title, again.organization, again.kind) == (
        zoe.email,
        zoe.phone,
        zoe.job_title,
        zoe.organization,
        zoe.kind.value,
    )
    assert sorted(again.notes.splitlines()) == sorted(zoe.notes.splitlines())
    # Importing the export again creates nobody twice.
    report = vcards.import_file(services, out)
    assert report.created == [] and len(report.skipped) == 2


def test_export_one_person(services: Services, tmp_path: Path):
    cid = services.contacts.create_contact("Ana Ōtsuka", email="ana@x.example", kind="hr")
    out = tmp_path / "ana.vcf"
    vcards.export_file([services.contacts.get(cid)], out)
    [ana] = vcards.read_file(out)
    assert ana.name == "Ana Ōtsuka" and ana.kind == "hr" and ana.email == "ana@x.example"


@pytest.mark.parametrize(
    "text",
    [
        "BEGIN:VCARD\nVERSION:3.0\nFN Zoe without a colon\nEND:VCARD\n",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Never closed\n",
        "this is a shopping list, not a vCard\n",
        "",
    ],
)
def test_malformed_file_imports_nobody(services: Services, tmp_path: Path, text: str):
    path = tmp_path / "broken.vcf"
    # A good card first: it must not be imported either.
    path.write_text(PHONE_CARD + text, encoding="utf-8")
    if not text:
        path.write_text("", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        vcards.import_file(services, path)
    assert err.value.field == "file"
    assert "broken.vcf" in err.value.message
    assert services.contacts.list() == []


def test_bad_email_in_a_card_names_the_card_and_imports_nobody(services: Services, tmp_path: Path):
    path = tmp_path / "bad.vcf"
    path.write_text(
        PHONE_CARD + "BEGIN:VCARD\nVERSION:3.0\nFN:Bad Email\nEMAIL:not-an-email\nEND:VCARD\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        vcards.import_file(services, path)
    assert "Card 3 (Bad Email)" in err.value.message
    assert services.contacts.list() == []


def test_windows_1252_card_from_an_old_phone(services: Services, tmp_path: Path):
    path = tmp_path / "old.vcf"
    path.write_bytes("BEGIN:VCARD\nVERSION:2.1\nFN:Renée Dubois\nEND:VCARD\n".encode("cp1252"))
    [person] = vcards.read_file(path)
    assert person.name == "Renée Dubois"
