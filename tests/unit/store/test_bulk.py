"""Bulk inserts: the same rows as the ORM would write, much faster."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import peewee
import pytest

from followup_desktop.store import models as m
from followup_desktop.store.bulk import bulk_insert
from followup_desktop.store.db import close_store, open_store

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(data_dir: Path) -> Iterator[None]:
    open_store(data_dir)
    yield
    close_store()


def _stage_id(key: str = "applied") -> int:
    return int(m.Stage.get(m.Stage.key == key).id)


@pytest.mark.usefixtures("store")
def test_rows_read_back_like_orm_rows_with_defaults_filled_in():
    bulk_insert(m.Organization, [{"name": "Acme Ltd"}, {"name": "Hays", "kind": "agency"}])
    acme, hays = m.Organization.select().order_by(m.Organization.id)
    assert (acme.name, acme.kind, acme.website, acme.notes) == ("Acme Ltd", "employer", "", "")
    assert hays.kind == "agency"
    # A callable default (utcnow) runs per row and gives an aware UTC time.
    assert acme.created_at.tzinfo is not None
    assert abs(acme.created_at - datetime.now(UTC)) < timedelta(minutes=1)


@pytest.mark.usefixtures("store")
def test_explicit_ids_model_instances_dates_and_json_are_converted():
    org = m.Organization.create(name="Acme Ltd")
    plus_two = timezone(timedelta(hours=2))
    bulk_insert(
        m.Interview,
        [
            {
                "id": 41,
                "role": "Product Designer",
                "employer": org,
                "stage": _stage_id(),
                "position": 0,
                "reply_expected_by": date(2026, 3, 20),
                "created_at": datetime(2026, 3, 10, 14, 0, tzinfo=plus_two),
            }
        ],
    )
    bulk_insert(
        m.FollowUp,
        [
            {
                "interview": 41,
                "kind": "chase",
                "rule_key": "chase:1",
                "title": "Chase",
                "due_at": NOW,
                "deadline_at": NOW + timedelta(days=2),
                "recipients": {"to": [{"name": "Zoë", "email": "z@acme.example"}], "cc": []},
            }
        ],
    )

    card = m.Interview.get_by_id(41)
    assert card.employer_id == org.id
    assert card.reply_expected_by == date(2026, 3, 20)
    assert card.created_at == datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # stored as UTC
    assert card.archived is False
    follow_up = m.FollowUp.get()
    assert follow_up.recipients["to"][0]["name"] == "Zoë"
    assert follow_up.checklist == []  # JSON default
    assert follow_up.state == "pending"
    assert follow_up.user_edited is False


@pytest.mark.usefixtures("store")
def test_nothing_to_insert_is_fine():
    bulk_insert(m.Organization, [])
    assert m.Organization.select().count() == 0


@pytest.mark.usefixtures("store")
def test_naive_datetimes_are_refused():
    org = m.Organization.create(name="Acme Ltd")
    with pytest.raises(ValueError, match="naive"):
        bulk_insert(
            m.Interview,
            [
                {
                    "role": "x",
                    "employer": org,
                    "stage": _stage_id(),
                    "created_at": datetime(2026, 3, 10, 12, 0),
                }
            ],
        )


@pytest.mark.usefixtures("store")
def test_constraints_still_hold():
    with pytest.raises(peewee.IntegrityError):
        bulk_insert(m.Interview, [{"role": "x", "employer": 999, "stage": _stage_id()}])
    org = m.Organization.create(name="Acme Ltd")
    bulk_insert(m.Interview, [{"id": 1, "role": "x", "employer": org, "stage": _stage_id()}])
    row = {
        "interview": 1,
        "kind": "chase",
        "rule_key": "chase:1",
        "title": "Chase",
        "due_at": NOW,
        "deadline_at": NOW,
    }
    with pytest.raises(peewee.IntegrityError):
        bulk_insert(m.FollowUp, [row, dict(row)])  # (interview, rule_key) is unique


@pytest.mark.usefixtures("store")
def test_a_failing_bulk_insert_rolls_back_with_its_transaction():
    org = m.Organization.create(name="Acme Ltd")
    rows = [{"role": f"Role {i}", "employer": org, "stage": _stage_id()} for i in range(10)]
    rows.append({"role": "bad", "employer": 999, "stage": _stage_id()})
    with pytest.raises(peewee.IntegrityError), m.database.atomic():
        bulk_insert(m.Interview, rows)
    assert m.Interview.select().count() == 0


@pytest.mark.usefixtures("store")
def test_ten_thousand_rows_in_one_go():
    org = m.Organization.create(name="Acme Ltd")
    stage = _stage_id()
    with m.database.atomic():
        bulk_insert(
            m.Interview,
            [
                {"role": f"Role {i}", "employer": org.id, "stage": stage, "position": i}
                for i in range(10_000)
            ],
        )
    assert m.Interview.select().count() == 10_000
    positions = [
        p
        for (p,) in m.Interview.select(m.Interview.position).order_by(m.Interview.position).tuples()
    ]
    assert positions == list(range(10_000))
