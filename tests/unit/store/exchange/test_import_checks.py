"""A wrong file is refused as a whole, before anything is written; the error names where."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import Changes, Services
from followup_desktop.services.exchange import ExchangeService
from followup_desktop.store import backup
from followup_desktop.store import models as m
from followup_desktop.store.exchange import json_format


@pytest.fixture
def good(full: Services, data_dir: Path) -> dict[str, Any]:
    return json.loads(json_format.dumps(json_format.export_document(data_dir)))


def last(doc: dict[str, Any], table: str) -> dict[str, Any]:
    return doc[table][-1]


Mutation = Callable[[dict[str, Any]], None]
CASES: list[tuple[str, Mutation, str, str]] = [
    (
        "missing role",
        lambda d: last(d, "interviews").update(role=""),
        "interviews[4].role",
        "required",
    ),
    (
        "role as a number",
        lambda d: last(d, "interviews").update(role=7),
        "interviews[4].role",
        "must be text",
    ),
    (
        "NUL in a name",
        lambda d: last(d, "contacts").update(name="Pri\x00ya"),
        "contacts[2].name",
        "control character",
    ),
    (
        "line break in a one-line field",
        lambda d: last(d, "contacts").update(name="a\nb"),
        "contacts[2].name",
        "one line",
    ),
    (
        "a lone surrogate",
        lambda d: last(d, "organizations").update(notes="\ud800"),
        "organizations[5].notes",
        "broken character",
    ),
    (
        "1 MB of notes",
        lambda d: last(d, "interviews").update(notes="x" * 1_000_000),
        "interviews[4].notes",
        "too long",
    ),
    (
        "a date that is not one",
        lambda d: last(d, "interviews").update(created_at="31/02/2026"),
        "interviews[4].created_at",
        "not a date and time",
    ),
    (
        "a time without zone",
        lambda d: last(d, "interviews").update(created_at="2026-03-10T12:00:00"),
        "interviews[4].created_at",
        "no time zone",
    ),
    (
        "year 9999",
        lambda d: last(d, "rounds").update(ends_at="9999-12-31T23:59:59Z"),
        "rounds[0].ends_at",
        "out of range",
    ),
    (
        "year 1",
        lambda d: last(d, "interviews").update(reply_expected_by="0001-01-01"),
        "interviews[4].reply_expected_by",
        "out of range",
    ),
    (
        "a round ending before it starts",
        lambda d: last(d, "rounds").update(ends_at="2000-01-01T00:00:00Z"),
        "rounds[0].ends_at",
        "before",
    ),
    (
        "an unknown field",
        lambda d: last(d, "contacts").update(shoe_size=44),
        "contacts[2].shoe_size",
        "not a field",
    ),
    (
        "a missing field",
        lambda d: last(d, "contacts").pop("email"),
        "contacts[2].email",
        "required",
    ),
    ("a missing id", lambda d: last(d, "rounds").pop("id"), "rounds[0].id", "required"),
    (
        "a repeated id",
        lambda d: last(d, "contacts").update(id=1),
        "contacts[2].id",
        "another contact",
    ),
    (
        "a repeated uuid",
        lambda d: last(d, "interviews").update(uuid=d["interviews"][0]["uuid"]),
        "interviews[4].uuid",
        "earlier row",
    ),
    (
        "a reference to nothing",
        lambda d: last(d, "interviews").update(employer=999),
        "interviews[4].employer",
        "not in the file",
    ),
    (
        "an unknown state",
        lambda d: last(d, "followups").update(state="maybe"),
        "followups[4].state",
        "not one of",
    ),
    (
        "a boolean as text",
        lambda d: last(d, "interviews").update(archived="yes"),
        "interviews[4].archived",
        "true or false",
    ),
    (
        "a path out of the folder",
        lambda d: last(d, "attachments").update(stored_path="attachments/../../../etc/passwd"),
        "attachments[1].stored_path",
        "attachments folder",
    ),
    (
        "an absolute path",
        lambda d: last(d, "attachments").update(stored_path="/etc/passwd"),
        "attachments[1].stored_path",
        "attachments folder",
    ),
    (
        "a file that is not base64",
        lambda d: last(d, "attachments").update(content="!!!"),
        "attachments[1].content",
        "base64",
    ),
    (
        "a follow-up of another interview's round",
        lambda d: next(f for f in d["followups"] if f["round"]).update(interview=2),
        "followups",
        "another interview",
    ),
    (
        "timings out of range",
        lambda d: d["settings"]["rules"].update(thank_you_days=-3),
        "settings.rules.thank_you_days",
        "0 to 365",
    ),
    (
        "timings of the wrong type",
        lambda d: d["settings"].update(rules=[1, 2]),
        "settings.rules",
        "object",
    ),
    ("a stage colour", lambda d: d["stages"][0].update(color="red"), "stages[0].color", "colour"),
    (
        "a repeated stage",
        lambda d: d["stages"].append(dict(d["stages"][0])),
        "stages[9].key",
        "twice",
    ),
    (
        "another format",
        lambda d: d.update(format="something-else"),
        "format",
        "not a Follow-Up export",
    ),
    ("a newer version", lambda d: d.update(version=99), "version", "newer Follow-Up"),
    ("a table that is not a list", lambda d: d.update(contacts={}), "contacts", "list"),
]


def changes_of(services: Services) -> list[Changes]:
    seen: list[Changes] = []
    services.ctx.subscribe(seen.append)
    return seen


@pytest.mark.parametrize(("name", "mutate", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_wrong_document_writes_nothing(
    name: str,
    mutate: Mutation,
    field: str,
    words: str,
    good: dict[str, Any],
    tmp_path: Path,
    full: Services,
    data_dir: Path,
) -> None:
    doc = copy.deepcopy(good)
    mutate(doc)
    path = tmp_path / "wrong.json"
    # ASCII escapes, so a lone surrogate reaches the reader as JSON text (\\ud800).
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = json_format.dumps(json_format.export_document(data_dir))
    backups = backup.list_backups(data_dir / "followup.sqlite3")
    announced = changes_of(full)
    with pytest.raises(ValidationError) as caught:
        ExchangeService.of(full).import_file(path)
    assert caught.value.field.startswith(field), caught.value.field
    assert words in caught.value.message
    assert caught.value.message.startswith(caught.value.field)
    assert json_format.dumps(json_format.export_document(data_dir)) == before
    assert backup.list_backups(data_dir / "followup.sqlite3") == backups
    assert announced == []


def test_the_last_row_being_wrong_stops_the_first_ones_too(
    good: dict[str, Any], tmp_path: Path, clock, open_folder
) -> None:
    doc = copy.deepcopy(good)
    doc["interviews"][-1]["role"] = "   "
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    exchange = ExchangeService.of(open_folder(tmp_path / "empty"))
    with pytest.raises(ValidationError, match=r"^interviews\[4\]\.role: is required"):
        exchange.import_file(path)
    assert not m.Interview.select().exists()
    assert not m.Organization.select().exists()


def test_an_unknown_stage_is_found_before_writing(
    good: dict[str, Any], tmp_path: Path, open_folder
) -> None:
    doc = copy.deepcopy(good)
    doc["stages"] = []
    doc["interviews"][-1]["stage"] = "no-such-stage"
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    exchange = ExchangeService.of(open_folder(tmp_path / "empty"))
    with pytest.raises(ValidationError, match=r"interviews\[4\]\.stage"):
        exchange.import_file(path)
    assert not m.Interview.select().exists()
    assert m.database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"format": "followup-desktop",\n "version": 1,\n "contacts": [,]}', "line 3, column"),
        ('{"format": "followup-desktop", "format": "x"}', "appears twice"),
        ('{"format": "followup-desktop", "version": NaN}', "NaN"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("\ufeff{", "line 1, column 2"),
        ("[1, 2]", "not a Follow-Up export"),
    ],
)
def test_malformed_json_names_line_and_column(
    text: str, where: str, tmp_path: Path, data_dir: Path, full: Services
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match=where):
        ExchangeService.of(full).import_file(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"{\xff\xfe}", "not UTF-8"),
        (b"\x00\x01\x02", "not a text file"),
        (b"SQLite format 3\x00" + b"\x00" * 100, "Restore from backup"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "calendar"),
    ],
)
def test_files_that_are_not_exports(
    content: bytes, words: str, tmp_path: Path, full: Services
) -> None:
    path = tmp_path / "odd.json"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=words):
        ExchangeService.of(full).import_file(path)


def test_a_folder_or_missing_file(tmp_path: Path, full: Services) -> None:
    with pytest.raises(ValidationError, match="folder"):
        ExchangeService.of(full).import_file(tmp_path)
    with pytest.raises(ValidationError, match="no file"):
        ExchangeService.of(full).import_file(tmp_path / "missing.json")


def test_a_good_import_is_backed_up_first_and_announced(
    good: dict[str, Any], tmp_path: Path, full: Services, data_dir: Path
) -> None:
    doc = copy.deepcopy(good)
    for table in ("organizations", "contacts", "interviews"):
        for row in doc[table]:
            row["uuid"] = "copy-" + row["uuid"]
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    announced = changes_of(full)
    result = ExchangeService.of(full).import_file(path)
    assert result.added["interviews"] == 5
    (made,) = backup.list_backups(data_dir / "followup.sqlite3")
    assert made.kind is backup.BackupKind.BEFORE_IMPORT
    assert len(announced) == 1
    assert announced[0].everything


def test_a_failure_after_the_rows_are_written_leaves_nothing_behind(
    good: dict[str, Any], tmp_path: Path, open_folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "all.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    target = tmp_path / "empty"
    services = open_folder(target)

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(services.followups, "rederive", broken)
    with pytest.raises(RuntimeError):
        ExchangeService.of(services).import_file(path)
    assert not m.Interview.select().exists()
    assert not m.Attachment.select().exists()
    assert [p for p in target.rglob("*") if p.is_file() and "attachments" in p.parts] == []
