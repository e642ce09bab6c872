"""CSV for spreadsheets: BOM, header, ISO dates, stage history, formula guard; and reading back."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import Services
from followup_desktop.services.exchange import ExchangeService
from followup_desktop.store import models as m
from followup_desktop.store.exchange import csv_format

from .conftest import LONDON


def read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    text = raw.decode("utf-8-sig")
    assert text.split("\r\n", 1)[0].startswith(("Company,", "Name,"))
    assert text.endswith("\r\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_interviews_with_their_stage_history(tmp_path: Path, full: Services) -> None:
    interviews, contacts = ExchangeService.of(full).export(tmp_path / "jobs.csv", "csv")
    assert contacts == tmp_path / "jobs-contacts.csv"
    rows = read(interviews)
    assert list(rows[0]) == list(csv_format.INTERVIEW_COLUMNS)
    assert len(rows) == 5
    by_company = {r["Company"]: r for r in rows}
    acme = by_company["Acme Ltd"]
    assert acme["Role"] == "Product Designer 🎨"
    assert acme["Agency"] == "Reed Talent"
    assert acme["Applied on"] == "2026-03-10"
    assert acme["Reply expected by"] == "2026-03-20"
    assert acme["Rounds"] == "2026-03-11 09:00 First interview (James O'Brien)"
    assert acme["People"] == "Priya Patel (HR); Sam Reed (Agency recruiter)"
    assert acme["Notes"].startswith("Line one\nLine two")
    # The stage history: where it started and every move since, with the user's labels.
    globex = by_company["Globex"]
    assert globex["Stage"] == "Next round"
    assert re.fullmatch(
        r"2026-03-10 Applied; \d{4}-\d\d-\d\d Waiting ⏳; \d{4}-\d\d-\d\d Next round",
        globex["Stage history"],
    )
    assert by_company["Umbrella"]["Archived"] == "yes"
    # A cell that a spreadsheet would run as a formula is text.
    assert by_company["Initech"]["Role"] == "'=SUM(A1:A2)"


def test_contacts_file(tmp_path: Path, full: Services) -> None:
    _, path = ExchangeService.of(full).export(tmp_path / "jobs.csv", "csv")
    rows = read(path)
    assert list(rows[0]) == list(csv_format.CONTACT_COLUMNS)
    assert [r["Name"] for r in rows] == ["James O'Brien", "Priya Patel", "Sam Reed"]
    sam = rows[2]
    assert sam["Kind"] == "Agency recruiter"
    assert sam["Phone"] == "'+44 20 7946 0000"
    assert rows[1]["Interviews"] == "Acme Ltd — Product Designer 🎨"


def test_dates_are_the_users_local_dates(full: Services) -> None:
    # 23:30 UTC on 31 March is already 1 April in London (summer time started on the 29th).
    globex = m.Interview.get(m.Interview.role == "Data Analyst").id
    late = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    full.rounds.add_round(globex, late, late + timedelta(hours=1), kind="phone_screen")
    rows = {r[0]: r for r in csv_format.interview_rows(LONDON)}
    assert rows["Globex"][6] == "2026-04-01 00:30 Phone screen"
    assert csv_format.interview_rows(ZoneInfo("America/New_York"))[1][6].startswith(
        "2026-03-31 19:30"
    )


def test_a_csv_list_reads_back_and_never_twice(
    tmp_path: Path, full: Services, open_folder: Callable[[Path], Services]
) -> None:
    interviews, contacts = ExchangeService.of(full).export(tmp_path / "jobs.csv", "csv")
    new = open_folder(tmp_path / "new")
    exchange = ExchangeService.of(new)
    # A stage label the board does not have is named, with its row, and nothing is written.
    with pytest.raises(ValidationError, match="row 6, Stage: “Talked to a friend”"):
        exchange.import_file(interviews)
    assert not m.Interview.select().exists()
    new.board.add_stage("Talked to a friend")
    new.board.rename_stage("awaiting_reply", "Waiting ⏳")
    first = exchange.import_file(interviews)
    assert first.added["interviews"] == 5
    again = exchange.import_file(interviews)
    assert sum(again.added.values()) == 0
    people = exchange.import_file(contacts)
    assert people.added["contacts"] == 3
    assert sum(exchange.import_file(contacts).added.values()) == 0
    roles = {i.role for i in m.Interview.select()}
    assert "=SUM(A1:A2)" in roles  # the apostrophe guard is taken off again
    umbrella = (
        m.Interview.select()
        .join(m.Organization, on=m.Interview.employer)
        .where(m.Organization.name == "Umbrella")
        .get()
    )
    assert umbrella.archived
    assert umbrella.position is None
    assert m.Contact.get(m.Contact.name == "Sam Reed").phone == "+44 20 7946 0000"


def test_a_hand_made_list_from_excel(
    tmp_path: Path, open_folder: Callable[[Path], Services]
) -> None:
    exchange = ExchangeService.of(open_folder(tmp_path / "new"))
    path = tmp_path / "my applications.csv"
    # Excel in many countries: semicolons, Windows-1252, its own column order.
    path.write_bytes(
        "role;company;stage;applied on\r\n"
        "Café manager;Crème Brûlée Ltd;Interviewed;2026-02-01\r\n"
        "Barista;Bean There;;\r\n".encode("cp1252")
    )
    result = exchange.import_file(path)
    assert result.added["interviews"] == 2
    cafe = m.Interview.get(m.Interview.role == "Café manager")
    assert cafe.employer.name == "Crème Brûlée Ltd"
    assert cafe.stage.key == "interviewed"
    assert cafe.created_at.date().isoformat() == "2026-02-01"
    assert m.Interview.get(m.Interview.role == "Barista").stage.key == "applied"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Company,Role\r\nAcme,Designer\r\n\r\nGlobex,\r\n", "row 4, Role: is required."),
        ("Company,Role,Stage\r\nAcme,Designer,Dreaming\r\n", "row 2, Stage: “Dreaming”"),
        (
            "Company,Role,Applied on\r\nAcme,Designer,31/02/2026\r\n",
            "row 2, Applied on: “31/02/2026” is not a date",
        ),
        ("Company,Role,Archived\r\nAcme,Designer,perhaps\r\n", "row 2, Archived"),
        ("Company,Role\r\nAcme,Designer\r\nAcme,Designer\r\n", "row 3: the same application"),
        ('Company,Role\r\nAcme,"Designer\x07"\r\n', "row 2, Role: contains an invisible"),
        ('Company,Role\r\nAcme,"Line\nbreak"\r\n', "row 2, Role: must fit on one line"),
        ("Name,Email\r\nPriya,not-an-email\r\n", "row 2, Email"),
        ("Name,Kind\r\nPriya,Boss\r\n", "row 2, Kind: “Boss” is not one of"),
        ("Colour,Size\r\nred,9\r\n", "row 1: the header row needs"),
        ('Company,Role\r\n"Acme,Designer\r\n', "row 2"),
    ],
)
def test_a_wrong_list_names_the_line_and_column(
    text: str,
    message: str,
    tmp_path: Path,
    open_folder: Callable[[Path], Services],
) -> None:
    exchange = ExchangeService.of(open_folder(tmp_path / "new"))
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        exchange.import_file(path)
    assert message in caught.value.message
    assert not m.Interview.select().exists()
    assert not m.Contact.select().exists()
