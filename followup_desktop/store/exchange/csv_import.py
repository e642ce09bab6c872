"""A spreadsheet list of applications or of people → a checked document to import.

Reads what :mod:`.csv_format` writes, and lists people kept by hand before they had
Follow-Up: a header row naming the columns (any order, any case), then one row per
interview (``Company`` and ``Role`` required) or per person (``Name`` required). Other
columns are ignored. Commas, semicolons or tabs separate the cells; UTF-8 (with or without a
byte-order mark), Windows-1252 (as Excel saves it) or UTF-16 text. An error names the row
as a spreadsheet numbers it (the header is row 1) and the column:
``row 7, Applied on: “31/02/2026” is not a date such as 2026-03-10``.

Rows without an ``ID`` get one made from their content, so importing the same list twice
adds nothing the second time.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from followup_desktop.core import validation as check
from followup_desktop.core.errors import ValidationError
from followup_desktop.store import models as m
from followup_desktop.store.exchange.csv_format import KIND_LABELS
from followup_desktop.store.exchange.schema import FORMAT_NAME, FORMAT_VERSION, LINE, TEXT, Column
from followup_desktop.store.exchange.validate import Document, validate, validate_text

#: uuids made from a row's content live in their own namespace.
NAMESPACE = uuid.UUID("6b1f3c52-8d4e-4f0a-9a47-3c2d1e0f5a6b")
_TRUE = {"yes", "y", "true", "1", "archived", "x"}
_FALSE = {"no", "n", "false", "0", ""}
_FORMULA_GUARD = ("'=", "'+", "'-", "'@", "'\t", "'\r")
MAX_ROWS = 200_000


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


class _Rows:
    """Cells by header name, with their row number."""

    def __init__(self, text: str) -> None:
        # Room for a cell over the text limit, so it is refused by name, not by the reader.
        csv.field_size_limit(max(csv.field_size_limit(), TEXT * 8))
        first = text.split("\n", 1)[0]
        self.reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
        try:
            header = next(self.reader)
        except (StopIteration, csv.Error) as exc:
            raise ValidationError("row 1", "row 1: there is no header row.") from exc
        self.columns = {h.strip().casefold(): i for i, h in enumerate(header) if h.strip()}
        self.names = {h.strip().casefold(): h.strip() for h in header if h.strip()}

    def __iter__(self) -> Any:
        """(row number as a spreadsheet shows it, cells) for every row that is not blank."""
        row = 1
        while True:
            row += 1
            try:
                cells = next(self.reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ValidationError(f"row {row}", f"row {row}: {exc}.") from exc
            if row > MAX_ROWS:
                raise ValidationError(f"row {row}", f"row {row}: too many rows.")
            if any(c.strip() for c in cells):
                yield row, cells

    def has(self, name: str) -> bool:
        return name.casefold() in self.columns


def _cell(cells: list[str], rows: _Rows, name: str) -> str:
    index = rows.columns.get(name.casefold())
    if index is None or index >= len(cells):
        return ""
    value = cells[index].strip()
    return value[1:] if value.startswith(_FORMULA_GUARD) else value


class _Reader:
    def __init__(self, rows: _Rows, now: datetime) -> None:
        self.rows = rows
        self.now = now

    def text(
        self,
        cells: list[str],
        line: int,
        name: str,
        *,
        required: bool = False,
        multiline: bool = False,
    ) -> str:
        value = _cell(cells, self.rows, name)
        label = self.rows.names.get(name.casefold(), name)
        col = Column(
            "text" if multiline else "line", required=required, limit=TEXT if multiline else LINE
        )
        return validate_text(value, f"row {line}, {label}", col)

    def day(self, cells: list[str], line: int, name: str) -> date | None:
        value = _cell(cells, self.rows, name)
        label = self.rows.names.get(name.casefold(), name)
        try:
            return check.day(value[:10] if len(value) > 10 else value, name, label)
        except ValidationError as exc:
            raise ValidationError(
                f"row {line}, {label}",
                f"row {line}, {label}: “{value[:40]}” is not a date such as 2026-03-10.",
            ) from exc

    def moment(self, cells: list[str], line: int, name: str) -> str | None:
        when = self.day(cells, line, name)
        if when is None:
            return None
        return datetime.combine(when, time(12, 0), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stage_keys() -> dict[str, str]:
    """Stage label or key (any case) → key, from the open database's board."""
    out: dict[str, str] = {}
    for key, label in m.Stage.select(m.Stage.key, m.Stage.label).tuples():
        out[key.casefold()] = key
        out[label.casefold()] = key
    return out


def _org(orgs: dict[tuple[str, str], dict[str, Any]], name: str, kind: str, at: str) -> int:
    found = orgs.get((kind, name.casefold()))
    if found is None:
        found = {
            "id": len(orgs) + 1,
            "uuid": str(uuid.uuid5(NAMESPACE, f"{kind}:{name.casefold()}")),
            "name": name,
            "kind": kind,
            "website": "",
            "address": "",
            "phone": "",
            "notes": "",
            "created_at": at,
        }
        orgs[(kind, name.casefold())] = found
    return int(found["id"])


def _once(seen: dict[str, int], ident: str, line: int, what: str) -> None:
    if ident in seen:
        raise ValidationError(
            f"row {line}",
            f"row {line}: the same {what} as row {seen[ident]} (same ID, or the same details).",
        )
    seen[ident] = line


def read_document(data: bytes, now: datetime | None = None) -> Document:
    """Read a whole CSV list into a checked :class:`Document` (nothing is written)."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    rows = _Rows(_decode(data))
    if rows.has("company") and rows.has("role"):
        raw = _interviews(rows, _Reader(rows, now), now)
    elif rows.has("name"):
        raw = _contacts(rows, _Reader(rows, now), now)
    else:
        raise ValidationError(
            "row 1",
            "row 1: the header row needs “Company” and “Role” (a list of "
            "applications) or “Name” (a list of people).",
        )
    return validate(raw)


def _interviews(rows: _Rows, read: _Reader, now: datetime) -> dict[str, Any]:
    stages = _stage_keys()
    today = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    orgs: dict[tuple[str, str], dict[str, Any]] = {}
    cards: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        company = read.text(cells, line, "Company", required=True)
        role = read.text(cells, line, "Role", required=True)
        agency = read.text(cells, line, "Agency")
        stage_text = read.text(cells, line, "Stage") or "applied"
        stage = stages.get(stage_text.casefold())
        if stage is None:
            raise ValidationError(
                f"row {line}, Stage",
                f"row {line}, Stage: “{stage_text}” is not a column of your board.",
            )
        applied = read.moment(cells, line, "Applied on") or today
        archived_text = _cell(cells, rows, "Archived").casefold()
        if archived_text not in _TRUE | _FALSE:
            raise ValidationError(
                f"row {line}, Archived", f"row {line}, Archived: write yes or no."
            )
        ident = read.text(cells, line, "ID") or str(
            uuid.uuid5(NAMESPACE, f"{company.casefold()}\n{role.casefold()}\n{applied[:10]}")
        )
        _once(seen, ident, line, "application")
        reply = read.day(cells, line, "Reply expected by")
        card = {
            "id": len(cards) + 1,
            "uuid": ident,
            "role": role,
            "employer": _org(orgs, company, "employer", applied),
            "agency": _org(orgs, agency, "agency", applied) if agency else None,
            "stage": stage,
            "position": len(cards),
            "archived": archived_text in _TRUE,
            "posting_url": read.text(cells, line, "Job posting"),
            "location": read.text(cells, line, "Location"),
            "salary_notes": "",
            "next_steps": "",
            "notes": read.text(cells, line, "Notes", multiline=True),
            "reply_expected_by": reply.isoformat() if reply else None,
            "stage_entered_at": applied,
            "last_reply_at": None,
            "created_at": applied,
            "updated_at": applied,
        }
        cards.append(card)
        activities.append(
            {
                "id": len(activities) + 1,
                "interview": card["id"],
                "organization": card["employer"],
                "kind": "created",
                "at": applied,
                "data": {},
                "summary": f"Added {company} — {role} (imported from a list)",
            }
        )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "organizations": list(orgs.values()),
        "interviews": cards,
        "activities": activities,
    }


def _contacts(rows: _Rows, read: _Reader, now: datetime) -> dict[str, Any]:
    kinds = {label.casefold(): key for key, label in KIND_LABELS.items()}
    kinds.update({key: key for key in KIND_LABELS})
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    orgs: dict[tuple[str, str], dict[str, Any]] = {}
    people: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        name = read.text(cells, line, "Name", required=True)
        kind_text = read.text(cells, line, "Kind") or "other"
        kind = kinds.get(kind_text.casefold())
        if kind is None:
            options = ", ".join(KIND_LABELS.values())
            raise ValidationError(
                f"row {line}, Kind", f"row {line}, Kind: “{kind_text}” is not one of {options}."
            )
        email = read.text(cells, line, "Email")
        try:
            check.email(email)
        except ValidationError as exc:
            raise ValidationError(f"row {line}, Email", f"row {line}, Email: {exc}") from exc
        org_name = read.text(cells, line, "Organization")
        org_kind = "agency" if kind == "agency_recruiter" else "employer"
        ident = read.text(cells, line, "ID") or str(
            uuid.uuid5(NAMESPACE, f"{name.casefold()}\n{email.casefold()}\n{org_name.casefold()}")
        )
        _once(seen, ident, line, "person")
        people.append(
            {
                "id": len(people) + 1,
                "uuid": ident,
                "name": name,
                "job_title": read.text(cells, line, "Job title"),
                "organization": _org(orgs, org_name, org_kind, stamp) if org_name else None,
                "kind": kind,
                "email": email,
                "phone": read.text(cells, line, "Phone"),
                "notes": read.text(cells, line, "Notes", multiline=True),
                "last_contacted_at": read.moment(cells, line, "Last contacted"),
                "created_at": stamp,
            }
        )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "organizations": list(orgs.values()),
        "contacts": people,
    }
