"""The complete JSON export: round trip byte for byte, no duplicates, merging, coverage."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

from followup_desktop.services import Services
from followup_desktop.services.exchange import ExchangeService
from followup_desktop.store import models as m
from followup_desktop.store.exchange import importer, json_format, schema

from .conftest import fill


def export_text(folder: Path) -> str:
    return json_format.dumps(json_format.export_document(folder))


def integrity() -> tuple[str, list[object]]:
    ok = m.database.execute_sql("PRAGMA integrity_check").fetchone()[0]
    dangling = list(m.database.execute_sql("PRAGMA foreign_key_check").fetchall())
    return ok, dangling


def test_export_import_export_gives_the_same_bytes(
    tmp_path: Path, data_dir: Path, full: Services, open_folder: Callable[[Path], Services]
) -> None:
    # An archived card keeps its open follow-ups (a thank-you here): so must an import.
    shelved = full.board.create_interview("Wonka", "Chocolatier", "interviewed")
    full.board.archive([shelved])
    assert m.FollowUp.select().where(m.FollowUp.interview == shelved).exists()
    first = export_text(data_dir)
    doc = json.loads(first)
    assert doc["format"] == "followup-desktop"
    assert doc["version"] == schema.FORMAT_VERSION
    # Every table is there and none is empty: the test data exercises all of them.
    for table in schema.TABLES:
        assert doc[table.name], table.name
    assert doc["settings"]["rules"]["thank_you_days"] == 3
    assert any(s["label"] == "Waiting ⏳" for s in doc["stages"])

    path = json_format.write_json(tmp_path / "all.json", data_dir)
    other = tmp_path / "other"
    result = ExchangeService.of(open_folder(other)).import_file(path)
    assert result.fresh
    assert export_text(other) == first
    assert integrity() == ("ok", [])
    # The attached files came along, byte for byte.
    for row in m.Attachment.select():
        assert (other / row.stored_path).read_bytes().endswith(b"\x00\xff binary too")


def test_the_export_is_private_and_has_no_timestamp(tmp_path: Path, data_dir: Path, full: Services):
    path = json_format.write_json(tmp_path / "export.json", data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == export_text(data_dir)
    assert not list(tmp_path.glob(".*.tmp"))


def test_importing_the_same_file_twice_adds_nothing(
    tmp_path: Path, data_dir: Path, full: Services, open_folder: Callable[[Path], Services]
) -> None:
    path = json_format.write_json(tmp_path / "all.json", data_dir)
    other = tmp_path / "other"
    exchange = ExchangeService.of(open_folder(other))
    exchange.import_file(path)
    once = export_text(other)
    again = exchange.import_file(path)
    assert not again.fresh
    assert sum(again.added.values()) == 0
    assert again.already_here == {"organizations": 6, "contacts": 3, "interviews": 5}
    assert "Nothing new to import" in again.summary()
    assert export_text(other) == once
    # Importing into the very folder it came from adds nothing either.
    exchange_home = ExchangeService.of(open_folder(data_dir))
    before = export_text(data_dir)
    assert sum(exchange_home.import_file(path).added.values()) == 0
    assert export_text(data_dir) == before


def test_merging_into_a_folder_in_use_keeps_what_is_there_and_translates_ids(
    tmp_path: Path,
    data_dir: Path,
    full: Services,
    clock,
    open_folder: Callable[[Path], Services],
) -> None:
    path = json_format.write_json(tmp_path / "all.json", data_dir)
    other = tmp_path / "other"
    mine = open_folder(other)
    # Their own data first, so every id of the file is taken by something else here.
    fill(mine, other, clock)
    mine.board.rename_stage("applied", "Sent my CV")
    mine_before = json.loads(export_text(other))
    # Pretend it is another person's file: new identities for everything.
    doc = json.loads(path.read_text(encoding="utf-8"))
    for table in ("organizations", "contacts", "interviews"):
        for i, row in enumerate(doc[table]):
            row["uuid"] = f"theirs-{table}-{i}"
    doc["settings"]["rules"]["thank_you_days"] = 9
    path.write_text(json.dumps(doc), encoding="utf-8")

    result = ExchangeService.of(mine).import_file(path)
    assert not result.fresh
    assert result.added["interviews"] == 5
    # Organizations are matched by kind and name, people with an email by name and email.
    assert result.already_here == {"organizations": 6, "contacts": 1}
    assert integrity() == ("ok", [])
    after = json.loads(export_text(other))
    # What was here is unchanged, row for row; settings and stage names stay mine.
    for table in schema.TABLES:
        if table.name in ("followups",):
            continue
        kept = {r["id"]: r for r in after[table.name]}
        for row in mine_before[table.name]:
            assert kept[row["id"]] == row, table.name
    assert after["settings"]["rules"]["thank_you_days"] == 3
    assert next(s for s in after["stages"] if s["key"] == "applied")["label"] == "Sent my CV"
    # New rows point at their own new rows: rule keys, recipients and timeline details too.
    had = {r["id"] for r in mine_before["interviews"]}
    new_cards = {r["id"] for r in after["interviews"]} - had
    rounds = {r["id"]: r for r in after["rounds"]}
    promises = {p["id"]: p for p in after["promises"]}
    contacts = {c["id"]: c for c in after["contacts"]}
    for f in after["followups"]:
        if f["interview"] not in new_cards:
            continue
        if f["rule_key"].startswith("thank_you:round:"):
            assert rounds[int(f["rule_key"].rsplit(":", 1)[1])]["interview"] == f["interview"]
            assert f["round"] == int(f["rule_key"].rsplit(":", 1)[1])
        if f["rule_key"].startswith("promise:"):
            assert promises[int(f["rule_key"].split(":")[1])]["id"] == f["promise"]
        for r in f["recipients"].get("to", []) + f["recipients"].get("cc", []):
            if r.get("contact_id") is not None:
                assert contacts[r["contact_id"]]["name"] == r["name"]
    sent = [
        a
        for a in after["activities"]
        if a["kind"] == "message_sent" and a["interview"] in new_cards
    ]
    assert len(sent) == 1
    assert rounds[sent[0]["data"]["round_id"]]["interview"] == sent[0]["interview"]
    assert contacts[sent[0]["data"]["to"][0]["contact_id"]]["name"] == "Priya Patel"
    # New cards go to the end of their columns; every column stays numbered 0..n-1.
    for stage in after["stages"]:
        positions = sorted(
            r["position"]
            for r in after["interviews"]
            if r["stage"] == stage["key"] and not r["archived"]
        )
        assert positions == list(range(len(positions)))
    # Files of new rows are written beside the ones already there, never over them.
    stored = [a["stored_path"] for a in after["attachments"]]
    # (Acme was already here, with its own files: its business card stays theirs.)
    assert len(stored) == len(set(stored)) == 3
    for a in after["attachments"]:
        assert (other / a["stored_path"]).exists()


def test_every_column_of_every_table_is_exported(full: Services) -> None:
    for table in schema.TABLES:
        columns = set(table.model._meta.sorted_field_names) - {"id"}
        assert columns == set(table.columns), table.name
    assert set(m.Stage._meta.sorted_field_names) - {"id"} == set(schema.STAGE_COLUMNS)
    covered = {t.model._meta.table_name for t in schema.TABLES} | {"stage", "setting"}
    assert set(m.database.get_tables()) == covered


def test_an_empty_database_exports_a_valid_document(
    data_dir: Path, open_folder: Callable[[Path], Services]
) -> None:
    open_folder(data_dir)
    doc = json_format.read_document(export_text(data_dir).encode())
    assert doc.tables["interviews"] == []
    assert importer.is_empty()
