"""The sample data behind ``--demo``, ``followup-desktop demo`` and the benchmarks.

Its follow-ups come from the real rules at the real time, so whatever the hour and weekday
someone tries ``demo`` then ``due``, both a thank-you and a chase must be due.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop import sample_data
from followup_desktop.core.facts import FollowUpKind
from followup_desktop.core.stages import DEFAULT_STAGES
from followup_desktop.services import Services
from followup_desktop.store import models as m
from followup_desktop.store.db import close_store, open_store

#: A Monday at midnight UTC: the week that follows covers every weekday and hour.
MONDAY = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    close_store()


def demo_at(folder: Path, now: datetime, tz: str = "Europe/London", size: int = 30) -> Services:
    open_store(folder)
    services = Services.create(clock=lambda: now, tz=ZoneInfo(tz))
    sample_data.generate(services, size=size)
    return services


def _empty_again() -> None:
    """Back to a fresh file's content, quicker than making a new file every hour."""
    for model in reversed(m.ALL_MODELS):
        if model not in (m.Stage, m.Setting):
            model.delete().execute()
    m.Setting.delete().where(m.Setting.key.not_in(["rules", "profile"])).execute()


@pytest.mark.parametrize(("tz", "step"), [("Europe/London", 2), ("Pacific/Auckland", 3)])
def test_a_thank_you_and_a_chase_are_due_at_every_hour_of_the_week(fresh: Path, tz: str, step: int):
    open_store(fresh)
    m.database.execute_sql("PRAGMA synchronous = OFF")  # a scratch file: no need to fsync
    missing: list[str] = []
    for hour in range(0, 7 * 24, step):
        now = MONDAY + timedelta(hours=hour, minutes=17)
        services = Services.create(clock=lambda now=now: now, tz=ZoneInfo(tz))
        sample_data.generate(services, size=30)
        kinds = {f.kind for f in services.followups.due()}
        for wanted in (FollowUpKind.THANK_YOU, FollowUpKind.CHASE):
            if wanted not in kinds:
                missing.append(f"{wanted} at {now.astimezone(ZoneInfo(tz)):%a %H:%M}")
        _empty_again()
    assert missing == []


def test_the_board_has_every_stage_and_dense_columns(fresh: Path):
    services = demo_at(fresh, MONDAY + timedelta(days=2, hours=10))
    for stage in DEFAULT_STAGES:
        ids = services.board.column_ids(stage.key)
        assert ids, stage.key
        assert [services.board.get(i).position for i in ids] == list(range(len(ids)))
    counts = Counter(
        row.state for row in m.FollowUp.select(m.FollowUp.state)
    )  # due, future, done: a lively list
    assert counts["pending"] and counts["done"]


def test_the_same_seed_gives_the_same_board(tmp_path: Path):
    now = MONDAY + timedelta(days=3, hours=15)

    def board(folder: Path) -> list[tuple[str, str, str]]:
        services = demo_at(folder, now)
        rows = [
            (d.company, d.role, d.stage_key)
            for d in (services.board.get(i.id) for i in m.Interview.select(m.Interview.id))
        ]
        close_store()
        return rows

    assert board(tmp_path / "a") == board(tmp_path / "b")


def test_sample_data_only_goes_into_an_empty_database(fresh: Path):
    services = demo_at(fresh, MONDAY, size=8)
    with pytest.raises(ValueError, match="empty"):
        sample_data.generate(services, size=8)
    assert m.Interview.select().count() == 8
