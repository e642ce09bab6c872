"""Moves and reorders: a column's keys stay strictly increasing, no card is lost or
duplicated, undo is exact, and a move writes only the cards that moved.

A pure-Python model of the board (a list of ids per column) is run beside the real store;
after every step the two must agree exactly.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fixed_clock import START, Clock
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from followup_desktop.core.facts import FollowUpKind
from followup_desktop.services import Services
from followup_desktop.services.moves import Placement
from followup_desktop.store import models as m
from followup_desktop.store.db import close_store, open_store

STAGES = ("applied", "scheduled", "interviewed", "not_this_time")
Board = dict[str, list[int]]


# -- the model -----------------------------------------------------------------------------


def model_move(board: Board, ids: list[int], stage: str, position: int | None) -> None:
    """What a drop does: ``position`` is the row in the target column before the move."""
    target = board[stage]
    pos = len(target) if position is None else max(0, min(position, len(target)))
    pos -= sum(1 for i in target[:pos] if i in ids)
    for column in board.values():
        column[:] = [i for i in column if i not in ids]
    target[pos:pos] = ids


def db_board(services: Services) -> Board:
    """The board as the service shows it."""
    return {key: services.board.column_ids(key) for key in STAGES}


def stored_board() -> tuple[Board, dict[int, int | None]]:
    """The board as stored, in one query: columns in position order, and every position."""
    board: Board = {key: [] for key in STAGES}
    where: dict[int, int | None] = {}
    rows = m.database.execute_sql(
        "SELECT s.key, i.id, i.position, i.archived FROM interview i"
        " JOIN stage s ON s.id = i.stage_id ORDER BY s.key, i.position, i.id"
    )
    for key, iid, position, archived in rows:
        where[iid] = position
        if not archived:
            board[key].append(iid)
        else:
            assert position is None, f"archived card {iid} kept position {position}"
    return board, where


def keys_increase(keys: list[int | None]) -> bool:
    """Every key set and strictly above the one before (no ties left for the id to break)."""
    placed = [k for k in keys if k is not None]
    return len(placed) == len(keys) and all(a < b for a, b in pairwise(placed))


def db_positions_are_ordered(services: Services) -> None:
    board, where = stored_board()
    for key, ids in board.items():
        got = [where[i] for i in ids]
        assert keys_increase(got), (key, got)


# -- the state machine ---------------------------------------------------------------------


class BoardMachine(RuleBasedStateMachine):
    """Random sequences of creates, moves, reorders, archives, restores, deletes and undos."""

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="followup-moves-"))
        open_store(self.dir)
        self.services = Services.create(clock=Clock(START), tz=ZoneInfo("Europe/London"))
        self.board: Board = {key: [] for key in STAGES}
        self.archived: dict[int, str] = {}
        self.counter = 0

    def teardown(self) -> None:
        close_store()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _live(self) -> list[int]:
        return [i for column in self.board.values() for i in column]

    @initialize(n=st.integers(2, 6))
    def seed(self, n: int) -> None:
        for _ in range(n):
            self._create("applied", None)

    def _create(self, stage: str, position: int | None) -> int:
        self.counter += 1
        iid = self.services.board.create_interview(
            f"Company {self.counter}", "Role", stage, position=position
        )
        column = self.board[stage]
        pos = len(column) if position is None else max(0, min(position, len(column)))
        column.insert(pos, iid)
        return iid

    @rule(stage=st.sampled_from(STAGES), position=st.none() | st.integers(-2, 8))
    def create(self, stage: str, position: int | None) -> None:
        self._create(stage, position)

    @precondition(lambda self: self._live())
    @rule(
        data=st.data(),
        # None: a reorder inside the first card's own column.
        stage=st.none() | st.sampled_from(STAGES),
        # Mostly rows inside short columns: a drop above a card's own row is the tricky case.
        position=st.none() | st.integers(-1, 4),
        undo=st.booleans(),
    )
    def move(
        self, data: st.DataObject, stage: str | None, position: int | None, undo: bool
    ) -> None:
        live = self._live()
        ids = data.draw(st.lists(st.sampled_from(live), min_size=1, max_size=3, unique=True))
        if stage is None:
            stage = next(key for key, column in self.board.items() if ids[0] in column)
        before = {k: list(v) for k, v in self.board.items()}
        placements = self.services.board.move(ids, stage, position)
        model_move(self.board, ids, stage, position)
        assert db_board(self.services) == self.board
        if undo:
            self.services.board.restore_placements(placements)
            self.board = before

    @precondition(lambda self: self._live())
    @rule(data=st.data(), undo=st.booleans())
    def archive(self, data: st.DataObject, undo: bool) -> None:
        ids = data.draw(
            st.lists(st.sampled_from(self._live()), min_size=1, max_size=3, unique=True)
        )
        before = {k: list(v) for k, v in self.board.items()}
        placements = self.services.board.archive(ids)
        for stage, column in self.board.items():
            for i in ids:
                if i in column:
                    self.archived[i] = stage
            column[:] = [i for i in column if i not in ids]
        assert db_board(self.services) == self.board
        if undo:
            self.services.board.restore(ids, placements)
            self.board = before
            for i in ids:
                del self.archived[i]

    @precondition(lambda self: self.archived)
    @rule(data=st.data())
    def restore_to_the_end(self, data: st.DataObject) -> None:
        iid = data.draw(st.sampled_from(sorted(self.archived)))
        self.services.board.restore([iid])
        self.board[self.archived.pop(iid)].append(iid)

    @precondition(lambda self: self._live() or self.archived)
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        every = self._live() + sorted(self.archived)
        ids = data.draw(st.lists(st.sampled_from(every), min_size=1, max_size=2, unique=True))
        self.services.board.delete(ids)
        for column in self.board.values():
            column[:] = [i for i in column if i not in ids]
        for i in ids:
            self.archived.pop(i, None)

    @invariant()
    def same_as_the_model_with_ordered_keys_and_nothing_lost(self) -> None:
        board, where = stored_board()
        assert board == self.board
        for key, ids in board.items():
            assert keys_increase([where[i] for i in ids]), key
        live = self._live()
        assert len(live) == len(set(live))
        assert set(where) == set(live) | set(self.archived)  # nothing lost, nothing extra


BoardMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # The explain phase traces every line on Python < 3.12: minutes for a failing case.
    phases=[phase for phase in Phase if phase is not Phase.explain],
)
TestBoardMoves = BoardMachine.TestCase


# -- undo, explicitly ----------------------------------------------------------------------


def _fill(services: Services, layout: dict[str, int]) -> Board:
    n = 0
    for stage, count in layout.items():
        for _ in range(count):
            n += 1
            services.board.create_interview(f"Company {n}", "Role", stage)
    return db_board(services)


@pytest.mark.parametrize(
    ("pick", "stage", "position"),
    [
        ([3], "applied", 0),  # a card moved up its own column
        ([0], "applied", None),  # ...and down to the end
        ([0, 2], "applied", 4),  # two cards down, past each other's old rows
        ([1], "interviewed", 1),  # across columns
        ([3, 0, 5], "interviewed", 0),  # from two columns, in a chosen order
        ([4, 1], "applied", 2),
    ],
)
def test_undo_of_a_move_returns_to_the_exact_previous_board(
    services: Services, pick: list[int], stage: str, position: int | None
):
    before = _fill(services, {"applied": 4, "interviewed": 3})
    everyone = before["applied"] + before["interviewed"]
    ids = [everyone[i] for i in pick]
    details_before = {i: services.board.get(i) for i in everyone}

    placements = services.board.move(ids, stage, position)
    services.board.restore_placements(placements)

    assert db_board(services) == before
    db_positions_are_ordered(services)
    for i in everyone:
        after = services.board.get(i)
        assert after.stage_key == details_before[i].stage_key
        assert after.stage_entered_at == details_before[i].stage_entered_at
        assert after.last_reply_at == details_before[i].last_reply_at


def test_undo_restores_the_follow_ups_of_the_old_stage(services: Services, clock: Clock):
    (iid,) = _fill(services, {"interviewed": 1})["interviewed"]
    kinds_before = {f.kind for f in services.followups.for_interview(iid)}
    clock.advance(hours=1)
    placements = services.board.move([iid], "not_this_time")
    services.board.restore_placements(placements)
    assert {f.kind for f in services.followups.for_interview(iid)} == kinds_before


def test_placements_say_where_cards_were(services: Services):
    before = _fill(services, {"applied": 3})
    a, _b, c = before["applied"]
    placements = services.board.move([c, a], "offer")
    assert [(p.interview_id, p.stage_key, p.position) for p in placements] == [
        (c, "applied", 2),
        (a, "applied", 0),
    ]
    assert all(isinstance(p, Placement) for p in placements)
    assert services.board.column_ids("offer") == [c, a]
    assert services.board.move([], "offer") == []


# -- the rules react to moves --------------------------------------------------------------


def kinds_of(services: Services, iid: int) -> dict[str, str]:
    """rule key → state of an interview's follow-ups."""
    return {
        row.rule_key: row.state for row in m.FollowUp.select().where(m.FollowUp.interview == iid)
    }


def test_moving_into_interviewed_creates_the_thank_you(services: Services, clock: Clock):
    iid = services.board.create_interview("Acme Ltd", "Product Designer", "scheduled")
    assert "thank_you:interview" not in kinds_of(services, iid)
    clock.advance(hours=2)
    services.board.move([iid], "interviewed")
    views = {f.kind: f for f in services.followups.for_interview(iid)}
    assert FollowUpKind.THANK_YOU in views
    assert views[FollowUpKind.THANK_YOU].due_at == clock.now  # reminded the same day
    assert views[FollowUpKind.THANK_YOU].deadline_at > clock.now


def test_moving_into_not_this_time_creates_feedback_and_keep_in_touch(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Product Designer", "awaiting_reply")
    services.board.move([iid], "not_this_time")
    got = kinds_of(services, iid)
    assert {"feedback", "keep_in_touch:3m", "keep_in_touch:6m"} <= set(got)
    assert not any(key.startswith(("chase", "thank_you")) for key in got)
    views = {f.kind for f in services.followups.for_interview(iid)}
    assert {FollowUpKind.FEEDBACK_REQUEST, FollowUpKind.KEEP_IN_TOUCH} <= views
    assert services.board.get(iid).last_reply_at == START  # a "no" is an answer


def test_moving_back_removes_pending_ones_but_keeps_done_ones(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Product Designer", "scheduled")
    services.board.move([iid], "not_this_time")
    feedback = m.FollowUp.get((m.FollowUp.interview == iid) & (m.FollowUp.rule_key == "feedback"))
    services.followups.mark_done(feedback.id)

    services.board.move([iid], "applied")

    assert kinds_of(services, iid) == {"feedback": "done"}
    # ...and moving there again never brings a done one back as pending.
    services.board.move([iid], "not_this_time")
    got = kinds_of(services, iid)
    assert got["feedback"] == "done"
    assert got["keep_in_touch:3m"] == "pending"


def test_moving_out_of_interviewed_removes_the_pending_thank_you(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Product Designer", "interviewed")
    assert "thank_you:interview" in kinds_of(services, iid)
    services.board.move([iid], "applied")
    assert not any(k.startswith("thank_you") for k in kinds_of(services, iid))


def test_many_moves_keep_a_column_of_a_hundred_in_order(services: Services):
    ids = [services.board.create_interview(f"C{i}", "Role") for i in range(100)]
    model = {key: [] for key in STAGES}
    model["applied"] = list(ids)
    for step in range(60):
        pick = [ids[(step * 7) % 100], ids[(step * 13 + 5) % 100]]
        pick = list(dict.fromkeys(pick))
        stage = STAGES[step % 2] if step % 3 else "applied"
        position = (step * 11) % 40
        services.board.move(pick, stage, position)
        model_move(model, pick, stage, position)
    assert db_board(services) == model
    db_positions_are_ordered(services)


def stored_keys() -> dict[int, int | None]:
    return dict(m.database.execute_sql("SELECT id, position FROM interview").fetchall())


def test_a_move_writes_only_the_moved_card(services: Services):
    ids = [services.board.create_interview(f"C{i}", "Role") for i in range(100)]
    before = stored_keys()
    services.board.move([ids[90]], "applied", 10)  # up its own column
    assert services.board.column_ids("applied")[10] == ids[90]
    services.board.move([ids[5]], "scheduled", 0)  # to another column
    after = stored_keys()
    assert {i for i in ids if after[i] != before[i]} == {ids[90], ids[5]}


def test_drops_at_the_same_row_renumber_the_column_when_the_gap_runs_out(
    services: Services,
):
    ids = [services.board.create_interview(f"C{i}", "Role") for i in range(6)]
    model = {key: [] for key in STAGES}
    model["applied"] = list(ids)
    # Each new card lands between the same two neighbours: the gap halves every time.
    for n in range(40):
        iid = services.board.create_interview(f"D{n}", "Role", "scheduled")
        model["scheduled"].append(iid)
        services.board.move([iid], "applied", 3)
        model_move(model, [iid], "applied", 3)
        assert db_board(services) == model, n
    db_positions_are_ordered(services)
    # Several cards at once into a column with room for fewer.
    services.board.move(model["applied"][:5], "applied", 20)
    model_move(model, model["applied"][:5], "applied", 20)
    assert db_board(services) == model
    db_positions_are_ordered(services)


def test_details_and_placements_give_rows_not_stored_keys(services: Services):
    ids = [services.board.create_interview(f"C{i}", "Role") for i in range(4)]
    assert [services.board.get(i).position for i in ids] == [0, 1, 2, 3]
    placements = services.board.archive([ids[2]])
    assert [(p.stage_key, p.position) for p in placements] == [("applied", 2)]
    assert services.board.get(ids[2]).position is None
    services.board.restore([ids[2]], placements)
    assert services.board.column_ids("applied") == ids


def test_the_clock_used_for_stage_entry_is_the_services_clock(services: Services):
    clock = Clock(datetime(2026, 7, 1, 9, 30, tzinfo=UTC))
    services.ctx.set_clock(clock)
    iid = services.board.create_interview("Acme Ltd", "Product Designer")
    clock.advance(days=1)
    services.board.move([iid], "scheduled")
    assert services.board.get(iid).stage_entered_at == datetime(2026, 7, 2, 9, 30, tzinfo=UTC)
    assert services.board.get(iid).created_at == clock.now - timedelta(days=1)
