"""The column model: ids only, rows loaded lazily, surgical updates, drops announced."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from followup_desktop.services import Services
from followup_desktop.services.cards import CardService
from followup_desktop.ui.board import mime
from followup_desktop.ui.board.stage_model import (
    CARD_ROLE,
    ID_ROLE,
    CardCache,
    StageModel,
)


def make_model(services: Services, ids: list[int] | None = None) -> tuple[StageModel, CardCache]:
    stage = services.board.stages()[0]
    cache = CardCache(CardService(services.ctx))
    model = StageModel(stage, cache)
    model.set_column(services.board.column_ids(stage.key) if ids is None else ids)
    return model, cache


def many(services: Services, n: int) -> list[int]:
    return [services.board.create_interview(f"Company {i}", f"Role {i}") for i in range(n)]


def test_the_model_passes_qts_model_tester(qtmodeltester, services: Services):
    many(services, 5)
    model, _ = make_model(services)
    qtmodeltester.check(model)


def test_the_model_stays_consistent_through_inserts_removals_reorders_and_filters(
    qtmodeltester, services: Services
):
    ids = many(services, 8)
    model, _ = make_model(services, ids[:4])
    qtmodeltester.check(model)  # keeps watching every signal from here on
    model.set_column([ids[3], *ids[:3]])  # reorder
    model.set_column([ids[3], ids[0], ids[5], ids[1], ids[2], ids[6]])  # insert + remove
    model.set_matches({ids[0], ids[2], ids[6]})
    model.set_column(ids)
    model.set_matches(None)
    model.set_column([])
    assert model.rowCount() == 0


def test_rows_load_lazily_a_screenful_at_a_time(services: Services):
    ids = many(services, 120)
    model, cache = make_model(services)
    assert model.rowCount() == 120
    assert cache.loaded == 0  # nothing read until something is shown
    card = model.index(0).data(CARD_ROLE)
    assert card.company == "Company 0"
    assert 0 < cache.loaded <= 60
    model.index(1).data(Qt.ItemDataRole.DisplayRole)
    assert cache.loaded <= 60  # already cached
    assert model.index(100).data(ID_ROLE) == ids[100]  # ids need no row
    assert cache.loaded <= 60


def test_display_and_accessible_text(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer")
    model, _ = make_model(services)
    index = model.index(model.row_of(iid))
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Acme Ltd — Designer"
    accessible = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert accessible.startswith("Acme Ltd — Designer, nothing due")
    assert "Acme Ltd" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_selection_follows_a_card_when_the_column_is_reordered(services: Services):
    ids = many(services, 4)
    model, _ = make_model(services, ids)
    tracked = QPersistentModelIndex(model.index(1))
    model.set_column([ids[3], ids[2], ids[1], ids[0]])
    assert tracked.row() == 2
    assert tracked.data(ID_ROLE) == ids[1]
    model.set_column([ids[3], ids[0]])
    assert not tracked.isValid()


def test_a_filter_narrows_rows_and_keeps_the_whole_column(services: Services):
    ids = many(services, 5)
    model, _ = make_model(services, ids)
    model.set_matches({ids[1], ids[3]})
    assert model.ids() == [ids[1], ids[3]]
    assert model.total() == 5 and model.is_filtered()
    # Drop rows map to positions in the whole column.
    assert model.position_for_row(0) == 1
    assert model.position_for_row(1) == 3
    assert model.position_for_row(2) == 4  # just below the last shown card
    model.set_matches(None)
    assert model.position_for_row(5) is None  # the end


def test_drops_are_announced_not_applied(qtbot, services: Services):
    ids = many(services, 3)
    model, _ = make_model(services, ids)
    data = mime.encode([ids[2]], "applied")
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    with qtbot.waitSignal(model.sig_cards_dropped) as blocker:
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert blocker.args == [[ids[2]], "applied", 0]
    assert model.ids() == ids  # unchanged until the board service moves them
    with qtbot.waitSignal(model.sig_cards_dropped) as blocker:
        model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert blocker.args[2] is None  # dropped below the last card: the end


def test_foreign_or_broken_mime_data_is_refused(services: Services):
    from PySide6.QtCore import QMimeData

    model, _ = make_model(services, many(services, 1))
    text = QMimeData()
    text.setText("1,2,3")
    broken = QMimeData()
    broken.setData(mime.MIME_TYPE, b"{not json")
    negative = mime.encode([1])
    negative.setData(mime.MIME_TYPE, b'{"ids": [-4, "x"]}')
    for data in (text, broken, negative):
        assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
        assert not model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_mime_data_carries_ids_in_row_order(services: Services):
    ids = many(services, 3)
    model, _ = make_model(services, ids)
    data = model.mimeData([model.index(2), model.index(0)])
    assert data.formats() == [mime.MIME_TYPE]
    assert mime.decode(data) == [ids[0], ids[2]]
    assert mime.source_stage(data) == "applied"


def test_cards_can_be_dragged_but_not_dropped_onto(services: Services):
    model, _ = make_model(services, many(services, 1))
    flags = model.flags(model.index(0))
    assert flags & Qt.ItemFlag.ItemIsDragEnabled
    assert not flags & Qt.ItemFlag.ItemIsDropEnabled
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled


def test_reorders_move_few_rows_and_selection_follows(qtmodeltester, services: Services):
    import random

    ids = many(services, 30)
    model, _ = make_model(services, ids)
    qtmodeltester.check(model)
    moved: list[tuple[int, int, int]] = []
    model.rowsMoved.connect(lambda _p, first, last, _d, dest: moved.append((first, last, dest)))
    tracked = QPersistentModelIndex(model.index(0))  # the first card, selected say
    down = [*ids[1:20], ids[0], *ids[20:]]  # the first card dropped lower down
    model.set_column(down)
    assert model.ids() == down
    assert len(moved) == 1  # one row moved, not 19
    assert tracked.row() == 19 and tracked.data(ID_ROLE) == ids[0]
    rng = random.Random(4)
    order = list(down)
    for _ in range(25):  # random drops of one to three cards
        cards = rng.sample(order, rng.randint(1, 3))
        rest = [i for i in order if i not in cards]
        at = rng.randint(0, len(rest))
        order = rest[:at] + cards + rest[at:]
        model.set_column(order)
        assert model.ids() == order
        assert [model.index(r).data(ID_ROLE) for r in range(model.rowCount())] == order


def test_one_card_in_or_out_changes_one_row(qtmodeltester, services: Services):
    """A drop's two columns: one row inserted or removed where the card is, nothing else."""
    import random

    ids = many(services, 12)
    model, _ = make_model(services, ids[:6])
    qtmodeltester.check(model)
    signals: list[tuple[str, int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: signals.append(("in", first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: signals.append(("out", first, last)))
    model.modelReset.connect(lambda: signals.append(("reset", -1, -1)))
    rng = random.Random(7)
    column = list(ids[:6])
    for step in range(40):
        signals.clear()
        outside = [i for i in ids if i not in column]
        if column and (not outside or step % 2):
            row = rng.randrange(len(column))
            column.pop(row)
            expected = ("out", row, row)
        else:
            row = rng.randint(0, len(column))
            column.insert(row, rng.choice(outside))
            expected = ("in", row, row)
        model.set_column(column)
        assert signals == [expected]
        assert [model.index(r).data(ID_ROLE) for r in range(model.rowCount())] == column
