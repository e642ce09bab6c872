"""Writing a checked document into the open database: all of it, or nothing.

Two cases:

- **An empty data folder** (no organizations, contacts, interviews, timeline or files yet):
  everything is written with the ids it had, the board's stages and the settings included,
  so exporting again gives the same document.
- **A data folder in use**: only what is new is added. An interview, contact or organization
  already here (same ``uuid``; an organization also by kind and name, a contact also by name
  and email) is left exactly as it is, with everything that belongs to it. New rows get new
  ids; references inside them (also in follow-up keys, recipients and timeline details) are
  translated. Your stages and settings stay; stages the file needs and you lack are added.

So importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import fn

from followup_desktop.core.errors import ValidationError
from followup_desktop.store import models as m
from followup_desktop.store import places
from followup_desktop.store.bulk import bulk_insert
from followup_desktop.store.exchange.schema import ID_KEYS, TABLES, Table
from followup_desktop.store.exchange.validate import Document, fail

_ROUND_KEY = re.compile(r"^((?:prepare|thank_you):round:)(\d+)$")
_PROMISE_KEY = re.compile(r"^(promise:)(\d+)$")


@dataclass
class ImportResult:
    """What an import did."""

    #: True when the data folder was empty: everything was taken over as it was
    fresh: bool
    #: rows added, by table name of the document
    added: dict[str, int] = field(default_factory=dict)
    #: organizations, contacts and interviews that were already here (left unchanged)
    already_here: dict[str, int] = field(default_factory=dict)
    #: the new interviews' ids (the rules look at them again)
    interview_ids: list[int] = field(default_factory=list)
    #: employers of the new interviews (rule 7 counts messages per company)
    employer_ids: set[int] = field(default_factory=set)
    #: attached files written into the data folder
    files_written: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """One sentence for people: what was added and what was already here."""
        parts = [
            f"{n} {_plural(name, n)}"
            for name, n in self.added.items()
            if n and name in ("interviews", "contacts", "organizations", "rounds", "attachments")
        ]
        text = "Imported " + ", ".join(parts) + "." if parts else "Nothing new to import."
        here = [f"{n} {_plural(k, n)}" for k, n in self.already_here.items() if n]
        if here:
            text += " Already here, left as they were: " + ", ".join(here) + "."
        return text


def _plural(table: str, n: int) -> str:
    words = {
        "organizations": "organization",
        "contacts": "contact",
        "interviews": "interview",
        "rounds": "round",
        "attachments": "attached file",
    }
    word = words.get(table, table)
    return word if n == 1 else f"{word}s"


CONTENT_MODELS = tuple(t.model for t in TABLES)


def is_empty() -> bool:
    """True when the open database holds nothing but stages and settings."""
    return not any(model.select().exists() for model in CONTENT_MODELS)


def _translate(value: Any, maps: dict[str, dict[int, int]]) -> Any:
    """Row ids inside free-form JSON (``contact_id``, ``round_id``...), mapped to new ones."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            table = ID_KEYS.get(key)
            if table and isinstance(item, int) and not isinstance(item, bool):
                out[key] = maps[table].get(item)
            else:
                out[key] = _translate(item, maps)
        return out
    if isinstance(value, list):
        return [_translate(v, maps) for v in value]
    return value


def _rule_key(key: str, maps: dict[str, dict[int, int]]) -> str:
    for pattern, table in ((_ROUND_KEY, "rounds"), (_PROMISE_KEY, "promises")):
        match = pattern.match(key)
        if match and int(match.group(2)) in maps[table]:
            return f"{match.group(1)}{maps[table][int(match.group(2))]}"
    return key


class _Plan:
    """Which rows are new, and the local id of every row of the document."""

    def __init__(self, doc: Document, fresh: bool) -> None:
        self.doc = doc
        self.fresh = fresh
        self.maps: dict[str, dict[int, int]] = {t.name: {} for t in TABLES}
        self.new: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
        self.matched: dict[str, int] = defaultdict(int)

    def match(self) -> None:
        if self.fresh:
            return
        orgs_by_uuid = {
            u: i for i, u in m.Organization.select(m.Organization.id, m.Organization.uuid).tuples()
        }
        orgs_by_name = {
            (k, n.casefold()): i
            for i, k, n in m.Organization.select(
                m.Organization.id, m.Organization.kind, m.Organization.name
            ).tuples()
        }
        for row in self.doc.tables["organizations"]:
            local = orgs_by_uuid.get(row["uuid"]) or orgs_by_name.get(
                (row["kind"], row["name"].casefold())
            )
            self._matched("organizations", row, local)
        people_by_uuid = {u: i for i, u in m.Contact.select(m.Contact.id, m.Contact.uuid).tuples()}
        people_by_name = {
            (n.casefold(), e.casefold()): i
            for i, n, e in m.Contact.select(m.Contact.id, m.Contact.name, m.Contact.email)
            .where(m.Contact.email != "")
            .tuples()
        }
        for row in self.doc.tables["contacts"]:
            local = people_by_uuid.get(row["uuid"])
            if local is None and row["email"]:
                local = people_by_name.get((row["name"].casefold(), row["email"].casefold()))
            self._matched("contacts", row, local)
        cards = {u: i for i, u in m.Interview.select(m.Interview.id, m.Interview.uuid).tuples()}
        for row in self.doc.tables["interviews"]:
            self._matched("interviews", row, cards.get(row["uuid"]))

    def _matched(self, table: str, row: dict[str, Any], local: int | None) -> None:
        if local is not None:
            self.maps[table][row["id"]] = local
            self.matched[table] += 1

    def choose_new_rows(self) -> None:
        """A row is new when it is not matched, and whatever it belongs to is new."""
        doc = self.doc
        new_ids: dict[str, set[int]] = {t.name: set() for t in TABLES}
        owner = {
            "interview_contacts": "interview",
            "rounds": "interview",
            "followups": "interview",
            "round_interviewers": "round",
            "promises": "round",
        }
        parent = {"interview": "interviews", "round": "rounds", "organization": "organizations"}
        for table in TABLES:
            for row in doc.tables[table.name]:
                if table.name in ("organizations", "contacts", "interviews"):
                    is_new = row["id"] not in self.maps[table.name]
                elif table.name in owner:
                    key = owner[table.name]
                    is_new = row[key] in new_ids[parent[key]]
                else:  # activities and attachments: of an interview, an organization, or none
                    if row["interview"] is not None:
                        is_new = row["interview"] in new_ids["interviews"]
                    elif row["organization"] is not None:
                        is_new = row["organization"] in new_ids["organizations"]
                    else:
                        is_new = self.fresh
                if is_new:
                    new_ids[table.name].add(row["id"])
                    self.new[table.name].append(row)

    def assign_ids(self) -> None:
        for table in TABLES:
            if self.fresh:
                start = 0
            else:
                start = int(table.model.select(fn.MAX(table.model.id)).scalar() or 0)
            for n, row in enumerate(self.new[table.name], start=1):
                self.maps[table.name][row["id"]] = row["id"] if self.fresh else start + n


def import_document(doc: Document, data_dir: Path) -> ImportResult:
    """Write ``doc`` into the open database in one transaction (see the module docstring).

    Every check that needs the database (unknown stages) runs before the first write.

    Raises:
        ValidationError: the document does not fit this database; nothing was written.
    """
    with m.database.atomic():
        fresh = is_empty()
        plan = _Plan(doc, fresh)
        plan.match()
        plan.choose_new_rows()
        stage_ids = _stages(doc, plan, fresh)
        plan.assign_ids()
        result = ImportResult(fresh=fresh, already_here=dict(plan.matched))
        if fresh:
            for key, value in doc.settings.items():
                m.Setting.insert(key=key, value=value).on_conflict_replace().execute()
        positions = _positions(plan, stage_ids)
        written: list[Path] = []
        try:
            for table in TABLES:
                rows = [
                    _model_row(table, r, plan, stage_ids, positions) for r in plan.new[table.name]
                ]
                if table.name == "attachments":
                    for row, source in zip(rows, plan.new[table.name], strict=True):
                        _write_file(row, doc.files.get(source["id"]), data_dir, fresh, written)
                bulk_insert(table.model, rows)
                result.added[table.name] = len(rows)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        result.files_written = written
        result.interview_ids = [plan.maps["interviews"][r["id"]] for r in plan.new["interviews"]]
        result.employer_ids = {
            plan.maps["organizations"][r["employer"]] for r in plan.new["interviews"]
        }
        return result


def _stages(doc: Document, plan: _Plan, fresh: bool) -> dict[str, int]:
    """Stage key → local id, after adding (or, when fresh, taking over) the file's stages."""
    local = {s.key: s for s in m.Stage.select()}
    wanted = {r["stage"] for r in plan.new["interviews"]}
    listed = {s["key"] for s in doc.stages}
    for i, row in enumerate(doc.tables["interviews"]):
        if row["stage"] not in listed and row["stage"] not in local:
            raise fail(f"interviews[{i}].stage", f"“{row['stage']}” is not a stage.")
    position = max((s.position for s in local.values()), default=-1)
    for stage in doc.stages:
        existing = local.get(stage["key"])
        if fresh and existing is not None:
            m.Stage.update(**stage).where(m.Stage.id == existing.id).execute()
        elif existing is None and (fresh or stage["key"] in wanted):
            if not fresh:
                position += 1
                stage = {**stage, "position": position}
            m.Stage.insert(**stage).execute()
    return {key: sid for sid, key in m.Stage.select(m.Stage.id, m.Stage.key).tuples()}


def _positions(plan: _Plan, stage_ids: dict[str, int]) -> dict[int, int | None]:
    """New cards go after the cards already in their column, in the file's order.

    The file gives each card's row in its column; the database keeps sort keys
    :data:`~followup_desktop.store.places.GAP` apart (:mod:`followup_desktop.store.places`).
    """
    columns: dict[str, list[dict[str, Any]]] = defaultdict(list)
    out: dict[int, int | None] = {}
    for row in plan.new["interviews"]:
        if row["archived"] or row["position"] is None:
            out[row["id"]] = None
        else:
            columns[row["stage"]].append(row)
    for key, rows in columns.items():
        last = None if plan.fresh else places.last_key(stage_ids[key])
        start = 0 if last is None else last + places.GAP
        rows.sort(key=lambda r: (r["position"], r["id"]))
        for n, row in enumerate(rows):
            out[row["id"]] = start + n * places.GAP
    return out


def _model_row(
    table: Table,
    row: dict[str, Any],
    plan: _Plan,
    stage_ids: dict[str, int],
    positions: dict[int, int | None],
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": plan.maps[table.name][row["id"]]}
    for name, col in table.columns.items():
        value = row[name]
        if col.kind == "ref" and value is not None:
            value = plan.maps[col.ref][value]
        elif col.kind == "stage":
            value = stage_ids[value]
        elif col.kind == "json" and not plan.fresh:
            value = _translate(value, plan.maps)
        out[name] = value
    if table.name == "interviews":
        out["position"] = positions[row["id"]]
    if table.name == "followups" and not plan.fresh:
        out["rule_key"] = _rule_key(row["rule_key"], plan.maps)
    return out


def _write_file(
    row: dict[str, Any], content: bytes | None, data_dir: Path, fresh: bool, written: list[Path]
) -> None:
    """Put an attached file into the data folder; never overwrite a different file."""
    if content is None:
        return
    name = row["stored_path"].rsplit("/", 1)[-1]
    if fresh:
        relative = row["stored_path"]
    elif row["interview"] is not None:
        relative = f"attachments/interview-{row['interview']}/{name}"
    else:
        relative = f"attachments/organization-{row['organization']}/{name}"
    target = data_dir / relative
    stem, dot, suffix = name.rpartition(".")
    n = 2
    while target.exists() and target.read_bytes() != content:
        variant = f"{stem}-{n}.{suffix}" if dot and stem else f"{name}-{n}"
        target = target.with_name(variant)
        n += 1
    row["stored_path"] = target.relative_to(data_dir).as_posix()
    if target.exists():
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    except OSError as exc:
        raise ValidationError(
            "attachments", f"Could not write the attached file {name}: {exc.strerror or exc}."
        ) from exc
    written.append(target)
