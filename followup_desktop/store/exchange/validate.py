"""Checking a whole JSON document before anything is written.

Every problem raises :class:`ValidationError` whose ``field`` is the path of the value in
the document, such as ``interviews[3].role`` (0-based, like a JSON path), and whose
message starts with that path, so a person can find it in the file.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from followup_desktop.core import validation as check
from followup_desktop.core.errors import ValidationError
from followup_desktop.core.settings import RuleSettings
from followup_desktop.store.exchange.schema import (
    FORMAT_NAME,
    FORMAT_VERSION,
    STAGE_COLUMNS,
    TABLES,
    UUID_TABLE_NAMES,
    Column,
)

#: An attached file larger than this is refused (the app's own limit).
MAX_FILE_BYTES = 200 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x85]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_MAX_DEPTH = 64


@dataclass
class Document:
    """A checked document: Python values (datetimes, dates), ids as in the file."""

    version: int
    settings: dict[str, Any] = field(default_factory=dict)
    stages: list[dict[str, Any]] = field(default_factory=list)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: attachment id → the file's bytes (``None`` when the export had lost the file)
    files: dict[int, bytes | None] = field(default_factory=dict)


def fail(path: str, problem: str) -> ValidationError:
    return ValidationError(path, f"{path}: {problem}")


def _json_value(value: Any, path: str, depth: int = 0) -> None:
    """Any JSON value, as long as SQLite can store it (no lone surrogates) and not too deep."""
    if depth > _MAX_DEPTH:
        raise fail(path, "is nested too deeply.")
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise fail(path, "contains a broken character (a lone UTF-16 surrogate).")
    elif isinstance(value, dict):
        for key, item in value.items():
            _json_value(key, path, depth + 1)
            _json_value(item, f"{path}.{key}", depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _json_value(item, f"{path}[{i}]", depth + 1)


def validate_text(value: Any, path: str, col: Column) -> str:
    """Text as the store keeps it: no control characters, within ``col``'s limits."""
    if not isinstance(value, str):
        raise fail(path, "must be text.")
    if _SURROGATE.search(value):
        raise fail(path, "contains a broken character (a lone UTF-16 surrogate).")
    if len(value) > col.limit:
        raise fail(path, f"is too long ({len(value):,} characters; at most {col.limit:,}).")
    if _CONTROL.search(value):
        raise fail(path, "contains an invisible control character.")
    if col.kind != "text" and _LINE_BREAK.search(value):
        raise fail(path, "must fit on one line.")
    if col.required and not value.strip():
        raise fail(path, "is required.")
    return value


def _moment(value: Any, path: str) -> datetime:
    if not isinstance(value, str):
        raise fail(path, "must be a date and time such as 2026-03-10T12:00:00Z.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise fail(
            path, f"“{value[:40]}” is not a date and time such as 2026-03-10T12:00:00Z."
        ) from None
    if parsed.tzinfo is None:
        raise fail(path, f"“{value}” has no time zone (write Z for UTC).")
    if not check.MIN_YEAR <= parsed.astimezone(UTC).year <= check.MAX_YEAR:
        raise fail(path, f"{parsed.year} is out of range ({check.MIN_YEAR}–{check.MAX_YEAR}).")
    return parsed.astimezone(UTC).replace(microsecond=0)


def _day(value: Any, path: str) -> date:
    if not isinstance(value, str):
        raise fail(path, "must be a date such as 2026-03-10.")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise fail(path, f"“{value[:40]}” is not a date such as 2026-03-10.") from None
    if not check.MIN_YEAR <= parsed.year <= check.MAX_YEAR:
        raise fail(path, f"{parsed.year} is out of range ({check.MIN_YEAR}–{check.MAX_YEAR}).")
    return parsed


def _int(value: Any, path: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(path, "must be a whole number.")
    if not minimum <= value <= 2**62:
        raise fail(path, f"{value} is out of range.")
    return value


def _path(value: Any, path: str) -> str:
    text = validate_text(value, path, Column("line", required=True, limit=1000))
    parts = text.split("/")
    if (
        parts[0] != "attachments"
        or len(parts) < 2
        or any(p in ("", ".", "..") for p in parts)
        or "\\" in text
        or ":" in text
    ):
        raise fail(path, f"“{text[:80]}” is not a file inside the attachments folder.")
    return text


def _value(col: Column, value: Any, path: str, ids: dict[str, set[int]]) -> Any:
    """One checked value, converted to what the model stores."""
    if value is None:
        if col.nullable:
            return None
        raise fail(path, "is required.")
    kind = col.kind
    if kind in ("line", "text"):
        return validate_text(value, path, col)
    if kind == "int":
        return _int(value, path)
    if kind == "bool":
        if not isinstance(value, bool):
            raise fail(path, "must be true or false.")
        return value
    if kind == "datetime":
        return _moment(value, path)
    if kind == "date":
        return _day(value, path)
    if kind == "json":
        _json_value(value, path)
        return value
    if kind == "choice":
        if not isinstance(value, str) or value not in col.choices:
            options = ", ".join(sorted(col.choices))
            raise fail(path, f"“{str(value)[:40]}” is not one of: {options}.")
        return value
    if kind == "name":
        if not isinstance(value, str) or not _NAME.match(value):
            raise fail(path, f"“{str(value)[:40]}” is not a kind (lower-case letters, _).")
        return value
    if kind == "ref":
        number = _int(value, path, minimum=1)
        if number not in ids[col.ref]:
            raise fail(path, f"refers to {col.ref} id {number}, which is not in the file.")
        return number
    if kind == "stage":
        return validate_text(value, path, Column("line", required=True, limit=60))
    if kind == "uuid":
        return validate_text(value, path, Column("line", required=True, limit=100))
    if kind == "path":
        return _path(value, path)
    raise AssertionError(kind)


def _rows(raw: dict[str, Any], name: str) -> list[Any]:
    rows = raw.get(name, [])
    if not isinstance(rows, list):
        raise fail(name, "must be a list.")
    return rows


def _row(item: Any, path: str, columns: dict[str, Column], extra: frozenset[str]) -> None:
    if not isinstance(item, dict):
        raise fail(path, "must be an object.")
    unknown = set(item) - set(columns) - extra
    if unknown:
        raise fail(f"{path}.{sorted(unknown)[0]}", "is not a field of this format.")


def _settings(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise fail("settings", "must be an object.")
    for key, value in raw.items():
        validate_text(key, "settings", Column("line", required=True, limit=200))
        _json_value(value, f"settings.{key}")
    rules = raw.get("rules")
    if rules is not None:
        _rules(rules)
    return dict(raw)


_HOURS = frozenset({"prepare_hour", "chase_hour"})


def _rules(value: Any) -> None:
    """The follow-up timings must be readable, or the rules could not run at all."""
    path = "settings.rules"
    if not isinstance(value, dict):
        raise fail(path, "must be an object.")
    try:
        rules = RuleSettings.from_json(value)
    except (TypeError, ValueError) as exc:
        raise fail(path, f"is not valid follow-up timings ({exc}).") from exc
    for name in RuleSettings.__dataclass_fields__:
        number = getattr(rules, name)
        if name in ("quiet_start", "quiet_end"):
            continue
        if name == "keep_in_touch_months":
            if not all(isinstance(n, int) and 1 <= n <= 120 for n in number):
                raise fail(f"{path}.{name}", "must be whole numbers of months from 1 to 120.")
            continue
        top = 23 if name in _HOURS else 365
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= top:
            raise fail(f"{path}.{name}", f"must be a whole number from 0 to {top}.")


def _stages(raw: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(_rows(raw, "stages")):
        path = f"stages[{i}]"
        _row(item, path, STAGE_COLUMNS, frozenset())
        row = {}
        for name, col in STAGE_COLUMNS.items():
            if name not in item:
                raise fail(f"{path}.{name}", "is required.")
            row[name] = _value(col, item[name], f"{path}.{name}", {})
        if row["key"] in seen:
            raise fail(f"{path}.key", f"“{row['key']}” is listed twice.")
        if not _COLOR.match(row["color"]):
            raise fail(f"{path}.color", f"“{row['color']}” is not a colour such as #3b82f6.")
        seen.add(row["key"])
        out.append(row)
    return out


def _file(value: Any, path: str) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail(path, "must be the file's content in base64.")
    if len(value) > MAX_FILE_BYTES * 4 // 3 + 4:
        raise fail(path, "is larger than 200 MB.")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise fail(path, "is not valid base64.") from None


def validate(raw: Any) -> Document:
    """Check a parsed JSON document completely; return it with Python values.

    Raises:
        ValidationError: the first problem, with its path in the document.
    """
    if not isinstance(raw, dict):
        raise fail("file", "is not a Follow-Up export (it is not a JSON object).")
    if raw.get("format") != FORMAT_NAME:
        raise fail("format", f"is not “{FORMAT_NAME}”: this is not a Follow-Up export.")
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise fail("version", "must be a whole number.")
    if version > FORMAT_VERSION:
        raise fail(
            "version",
            f"{version}: this file was written by a newer Follow-Up (this one reads up to "
            f"{FORMAT_VERSION}). Please update Follow-Up to import it.",
        )
    doc = Document(version=version, settings=_settings(raw.get("settings", {})))
    doc.stages = _stages(raw)
    ids: dict[str, set[int]] = {}
    uniques: dict[str, set[Any]] = {}
    index: dict[str, dict[int, dict[str, Any]]] = {}
    for table in TABLES:
        ids[table.name] = set()
        index[table.name] = {}
        out: list[dict[str, Any]] = []
        extra = frozenset({"id", "content"} if table.name == "attachments" else {"id"})
        for i, item in enumerate(_rows(raw, table.name)):
            path = f"{table.name}[{i}]"
            _row(item, path, table.columns, extra)
            if "id" not in item:
                raise fail(f"{path}.id", "is required.")
            row_id = _int(item["id"], f"{path}.id", minimum=1)
            if row_id in ids[table.name]:
                raise fail(f"{path}.id", f"{row_id} is used by another {table.noun}.")
            row: dict[str, Any] = {"id": row_id}
            for name, col in table.columns.items():
                if name not in item:
                    raise fail(f"{path}.{name}", "is required.")
                row[name] = _value(col, item[name], f"{path}.{name}", ids)
            _consistent(table.name, row, path, uniques, index)
            if table.name == "attachments":
                doc.files[row_id] = _file(item.get("content"), f"{path}.content")
            ids[table.name].add(row_id)
            index[table.name][row_id] = row
            out.append(row)
        doc.tables[table.name] = out
    return doc


def _consistent(
    name: str,
    row: dict[str, Any],
    path: str,
    uniques: dict[str, set[Any]],
    index: dict[str, dict[int, dict[str, Any]]],
) -> None:
    """Rules between the values of a row, and across rows of a table."""
    key: Any = None
    if name in UUID_TABLE_NAMES:
        key = ("uuid", row["uuid"])
    elif name == "interview_contacts":
        key = (row["interview"], row["contact"], row["role"])
    elif name == "round_interviewers":
        key = (row["round"], row["contact"])
    elif name == "followups":
        key = (row["interview"], row["rule_key"])
    if key is not None:
        seen = uniques.setdefault(name, set())
        if key in seen:
            if name in UUID_TABLE_NAMES:
                raise fail(f"{path}.uuid", "is the uuid of an earlier row.")
            raise fail(path, "repeats an earlier row.")
        seen.add(key)
    if name == "rounds" and row["ends_at"] < row["starts_at"]:
        raise fail(f"{path}.ends_at", "is before the round's start.")
    if name == "followups":
        rounds, promises = index["rounds"], index["promises"]
        if row["round"] is not None and rounds[row["round"]]["interview"] != row["interview"]:
            raise fail(f"{path}.round", "belongs to another interview.")
        if row["promise"] is not None:
            owner = rounds[promises[row["promise"]]["round"]]["interview"]
            if owner != row["interview"]:
                raise fail(f"{path}.promise", "belongs to another interview.")
        recipients = row["recipients"]
        if not isinstance(recipients, dict) or not all(
            isinstance(recipients.get(k, []), list)
            and all(isinstance(r, dict) for r in recipients.get(k, []))
            for k in ("to", "cc")
        ):
            raise fail(f"{path}.recipients", "must be an object with “to” and “cc” lists.")
        if not isinstance(row["checklist"], list) or not all(
            isinstance(x, str) for x in row["checklist"]
        ):
            raise fail(f"{path}.checklist", "must be a list of texts.")
    if name == "activities" and not isinstance(row["data"], dict):
        raise fail(f"{path}.data", "must be an object.")
    if name == "attachments" and (row["interview"] is None) == (row["organization"] is None):
        raise fail(path, "a file belongs to one interview or one organization.")
