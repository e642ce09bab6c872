"""The whole database as one versioned JSON document (docs/data-format.md), and back.

The document holds every table, so exporting, importing into an empty data folder and
exporting again gives the same bytes. It has no export timestamp for that reason.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from followup_desktop import __version__
from followup_desktop.core.errors import ValidationError
from followup_desktop.store import models as m
from followup_desktop.store import places
from followup_desktop.store.exchange.files import read_import, write_private
from followup_desktop.store.exchange.schema import (
    FORMAT_NAME,
    FORMAT_VERSION,
    STAGE_COLUMNS,
    TABLES,
    Column,
)
from followup_desktop.store.exchange.validate import Document, validate

_STAMP = "%Y-%m-%dT%H:%M:%SZ"


def utc_text(value: datetime) -> str:
    """A stored moment as the document writes it: ``2026-03-10T12:00:00Z``."""
    return value.astimezone(UTC).strftime(_STAMP)


def _encode(column: Column, value: Any, stage_keys: dict[int, str]) -> Any:
    if value is None:
        return None
    if column.kind == "datetime":
        assert isinstance(value, datetime)
        return utc_text(value)
    if column.kind == "date":
        assert isinstance(value, date)
        return value.isoformat()
    if column.kind == "bool":
        return bool(value)
    if column.kind == "stage":
        return stage_keys[int(value)]
    return value


def export_document(data_dir: Path) -> dict[str, Any]:
    """Everything in the open database (and the attached files of ``data_dir``)."""
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "generator": f"Follow-Up {__version__}",
        "settings": {row.key: row.value for row in m.Setting.select().order_by(m.Setting.key)},
    }
    stages = list(m.Stage.select().order_by(m.Stage.position, m.Stage.key))
    stage_keys = {s.id: s.key for s in stages}
    doc["stages"] = [
        {name: _encode(col, getattr(s, name), stage_keys) for name, col in STAGE_COLUMNS.items()}
        for s in stages
    ]
    card_rows = places.rows_by_id()  # the file keeps rows in a column, not sort keys
    for table in TABLES:
        model = table.model
        rows = []
        for raw in model.select().order_by(model.id).dicts():
            if table.name == "interviews":
                raw["position"] = card_rows.get(raw["id"])
            row: dict[str, Any] = {"id": raw["id"]}
            for name, col in table.columns.items():
                row[name] = _encode(col, raw[name], stage_keys)
            if table.name == "attachments":
                row["content"] = _file_content(data_dir, str(raw["stored_path"]))
            rows.append(row)
        doc[table.name] = rows
    return doc


def _file_content(data_dir: Path, stored_path: str) -> str | None:
    """An attached file as base64; ``None`` when the file is gone from the data folder."""
    try:
        return base64.b64encode((data_dir / stored_path).read_bytes()).decode("ascii")
    except OSError:
        return None


def dumps(doc: dict[str, Any]) -> str:
    """The document as text: UTF-8 friendly, indented, ending with a newline."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_json(path: Path, data_dir: Path) -> Path:
    """Export the open database to ``path`` (0600, replaced atomically)."""
    return write_private(path, dumps(export_document(data_dir)).encode("utf-8"))


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key “{key}” appears twice in one object")
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a Follow-Up file")


def parse(text: str) -> Any:
    """JSON text → Python values; a syntax error names its line and column.

    Raises:
        ValidationError: field ``file``; the message says where and what.
    """
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            "file", f"line {exc.lineno}, column {exc.colno}: {exc.msg}. This is not valid JSON."
        ) from exc
    except ValueError as exc:
        raise ValidationError("file", f"{exc}.") from exc
    except RecursionError as exc:
        raise ValidationError("file", "The file is nested too deeply to be read.") from exc


def read_document(data: bytes) -> Document:
    """Bytes of a JSON export → a checked :class:`Document` (nothing is written)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "file", f"byte {exc.start}: the file is not UTF-8 text, so not a Follow-Up export."
        ) from exc
    return validate(parse(text))


def read_json(path: Path) -> Document:
    """Read and check a whole JSON export before anything is written."""
    return read_document(read_import(path))
