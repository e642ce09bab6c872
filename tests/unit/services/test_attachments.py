"""Attachments are copied into the data folder and removal can be undone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import Services
from followup_desktop.services.attachments import AttachmentService
from followup_desktop.store import models as m
from followup_desktop.store.db import close_store, open_store


@pytest.fixture
def services(data_dir: Path) -> Iterator[Services]:
    path = open_store(data_dir)
    yield Services.create(
        clock=lambda: datetime(2026, 3, 2, 9, tzinfo=UTC),
        tz=ZoneInfo("Europe/London"),
        db_path=path,
    )
    close_store()


def test_copy_list_count_remove_restore(services: Services, data_dir: Path, tmp_path: Path):
    files = AttachmentService(services.ctx, data_dir)
    iid = services.board.create_interview("Acme Ltd", "Designer")
    cv = tmp_path / "CV — Zoë v3.pdf"
    cv.write_bytes(b"%PDF-1.4 cv")
    aid = files.add(cv, "cv", interview_id=iid)
    second = files.add(cv, "cv", interview_id=iid)
    cv.unlink()  # the original may go: the copy stays
    [a, b] = files.of_interview(iid)
    assert a.original_name == "CV — Zoë v3.pdf" and a.kind_label == "CV sent"
    assert files.path_of(a).read_bytes() == b"%PDF-1.4 cv"
    assert files.path_of(a) != files.path_of(b)
    assert files.path_of(a).is_relative_to(data_dir / "attachments")
    assert files.counts([iid, 999]) == {iid: 2}
    info = files.remove(aid)
    assert not files.path_of(info).exists()
    assert [x.id for x in files.of_interview(iid)] == [second]
    files.restore(info)
    assert files.path_of(info).read_bytes() == b"%PDF-1.4 cv"
    assert len(files.of_interview(iid)) == 2


def test_organization_files_and_bad_input(services: Services, data_dir: Path, tmp_path: Path):
    files = AttachmentService(services.ctx, data_dir)
    org = services.contacts.create_organization("Acme Ltd")
    card = tmp_path / "card.jpg"
    card.write_bytes(b"jpeg")
    files.add(card, "business_card", organization_id=org)
    assert [f.kind for f in files.of_organization(org)] == ["business_card"]
    with pytest.raises(ValidationError) as err:
        files.add(tmp_path / "missing.pdf", organization_id=org)
    assert err.value.field == "file"
    with pytest.raises(ValidationError):
        files.add(tmp_path, organization_id=org)
    with pytest.raises(ValidationError):
        files.add(card, "nonsense", organization_id=org)


def test_cards_show_how_many_files(services: Services, data_dir: Path, tmp_path: Path):
    from followup_desktop.services.cards import CardService

    files = AttachmentService(services.ctx, data_dir)
    iid = services.board.create_interview("Acme Ltd", "Designer")
    other = services.board.create_interview("Globex", "Analyst")
    advert = tmp_path / "advert.html"
    advert.write_text("<h1>Designer</h1>", encoding="utf-8")
    files.add(advert, "job_advert", interview_id=iid)
    files.add(advert, "cv", interview_id=iid)
    rows = CardService(services.ctx).rows([iid, other])
    assert (rows[iid].attachments, rows[other].attachments) == (2, 0)


def test_removing_one_of_two_rows_sharing_a_copy_keeps_the_copy(
    services: Services, data_dir: Path, tmp_path: Path
):
    files = AttachmentService(services.ctx, data_dir)
    iid = services.board.create_interview("Acme Ltd", "Designer")
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(b"%PDF the CV")
    first = files.add(cv, "cv", interview_id=iid)
    # What an import merging an identical file does: a second row, the same copy.
    shared = m.Attachment.get_by_id(first)
    second = int(
        m.Attachment.insert(
            interview=iid, kind="cv", original_name="cv.pdf", stored_path=shared.stored_path
        ).execute()
    )
    info = files.remove(first)
    (kept,) = files.of_interview(iid)
    assert kept.id == second
    assert files.path_of(kept).read_bytes() == b"%PDF the CV"
    files.restore(info)  # and undo still works
    assert {a.id for a in files.of_interview(iid)} == {first, second}
    assert files.path_of(files.of_interview(iid)[0]).read_bytes() == b"%PDF the CV"
