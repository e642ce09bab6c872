"""One board column as a list model of interview ids, with rows loaded lazily into a cache.

The model never holds more than ids; a card's text comes from :class:`CardCache`, which
asks :class:`~followup_desktop.services.cards.CardService` for a screenful of rows the first
time the view paints them. Refreshes are surgical: when the column's order changes the model
removes, reorders and inserts only what moved (so selection and scroll position survive);
when an interview changes only its row is re-read.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)

from followup_desktop.services.board import StageInfo
from followup_desktop.services.cards import CardRow, CardService
from followup_desktop.ui.board import mime

ModelIndex = QModelIndex | QPersistentModelIndex

#: The interview id of a card (int).
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The :class:`CardRow` of a card (or None when it vanished).
CARD_ROLE = Qt.ItemDataRole.UserRole + 2

#: Rows read around a missing one: a screenful and a bit, in one query.
FETCH_BEFORE = 8
FETCH_AFTER = 48
#: More insert/remove runs than this and a reset is cheaper than many small signals.
MAX_RUNS = 64


class CardCache:
    """Card rows shared by every column, filled on demand and dropped when stale."""

    def __init__(self, cards: CardService) -> None:
        self._cards = cards
        self._rows: dict[int, CardRow | None] = {}
        #: how many rows were read from the database (tests and benchmarks look at it)
        self.loaded = 0

    def get(self, interview_id: int) -> CardRow | None:
        return self._rows.get(interview_id)

    def has(self, interview_id: int) -> bool:
        return interview_id in self._rows

    def load(self, interview_ids: Iterable[int]) -> None:
        missing = [i for i in interview_ids if i not in self._rows]
        if not missing:
            return
        found = self._cards.rows(missing)
        self.loaded += len(found)
        for interview_id in missing:
            # None remembers a vanished id, so painting does not query for it again.
            self._rows[interview_id] = found.get(interview_id)

    def invalidate(self, interview_ids: Iterable[int]) -> None:
        for interview_id in interview_ids:
            self._rows.pop(interview_id, None)

    def clear(self) -> None:
        self._rows.clear()

    def __len__(self) -> int:
        return len(self._rows)


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions of a longest strictly increasing subsequence of ``values`` (patience sort)."""
    tails: list[int] = []  # smallest tail value of an increasing run of each length
    tail_at: list[int] = []  # ...and its position
    previous = [-1] * len(values)
    for pos, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(pos)
        else:
            tails[k] = value
            tail_at[k] = pos
        previous[pos] = tail_at[k - 1] if k else -1
    keep: set[int] = set()
    pos = tail_at[-1] if tail_at else -1
    while pos >= 0:
        keep.add(pos)
        pos = previous[pos]
    return keep


def _first_difference(shorter: Sequence[int], longer: Sequence[int]) -> int:
    """The first index where ``shorter`` and ``longer`` differ (``len(shorter)`` if none).

    A binary search on prefixes: each comparison runs in C, so a 3,000-card column takes
    about a dozen slice comparisons instead of a Python loop over every card.
    """
    low, high = 0, len(shorter)
    while low < high:
        middle = (low + high) // 2
        if shorter[low : middle + 1] == longer[low : middle + 1]:
            low = middle + 1
        else:
            high = middle
    return low


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted row numbers → (first, last) of each contiguous run."""
    out: list[tuple[int, int]] = []
    for row in rows:
        if out and out[-1][1] == row - 1:
            out[-1] = (out[-1][0], row)
        else:
            out.append((row, row))
    return out


class StageModel(QStringListModel):
    """The cards of one stage, in their order, as far as the filter lets them show.

    A ``QStringListModel`` underneath, holding one empty string per card, only so that
    ``rowCount()`` and ``index()`` run in C++: ``QListView`` calls them for every row each
    time it lays a column out, and a Python ``rowCount`` made that 30 times slower (9 ms
    instead of 0.3 ms for 3,000 cards, twice per drop). The ids live in ``_ids``, kept in
    step with the C++ rows by the few methods below that add, remove and move rows.
    """

    #: list[int] ids, str stage key, object position (int row in the column, or None = end)
    sig_cards_dropped = Signal(list, str, object)

    def __init__(self, stage: StageInfo, cache: CardCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self._cache = cache
        #: the whole column, in order (position = index)
        self._all: list[int] = []
        #: the rows shown: ``_all`` narrowed by the filter
        self._ids: list[int] = []
        self._matches: set[int] | None = None
        self._row_of: dict[int, int] | None = None
        self._searched = False  # row_of searched the list once since the last change
        self._index_in_all: dict[int, int] | None = None
        #: the ids as they will be once the C++ rows change: switched to exactly between
        #: Qt's "about to" and "done" signals (connected here first, so before any view)
        self._pending: list[int] | None = None
        for done in (self.rowsRemoved, self.rowsInserted, self.rowsMoved, self.modelReset):
            done.connect(self._switch)

    # -- content --------------------------------------------------------------------------
    @property
    def stage_key(self) -> str:
        return self.stage.key

    def ids(self) -> list[int]:
        """The ids shown, in order."""
        return list(self._ids)

    def id_at(self, row: int) -> int:
        """The id shown at ``row`` (no copy of the column, unlike :meth:`ids`)."""
        return self._ids[row]

    def all_ids(self) -> list[int]:
        """The whole column, filter or not."""
        return list(self._all)

    def total(self) -> int:
        return len(self._all)

    def is_filtered(self) -> bool:
        return self._matches is not None

    def set_stage(self, stage: StageInfo) -> None:
        """New label or colour: every card's edge and text may change."""
        self.stage = stage
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    def set_column(self, interview_ids: Sequence[int]) -> None:
        """The column's ids in order, as the board service reads them."""
        self._all = list(interview_ids)
        self._index_in_all = None
        self._apply(self._visible())

    def set_matches(self, matches: set[int] | None) -> None:
        """Show only these ids (``None``: show everything)."""
        self._matches = matches
        self._apply(self._visible())

    def _visible(self) -> list[int]:
        if self._matches is None:
            return list(self._all)
        return [i for i in self._all if i in self._matches]

    def row_of(self, interview_id: int) -> int:
        """The row of an id, or -1 when it is not shown here."""
        if self._row_of is None:
            # The first look after a change searches the list (in C); a second builds the
            # index. A drop looks up one card per column, and building an index of a
            # 3,000-card column for it cost more than the search.
            if not self._searched:
                self._searched = True
                try:
                    return self._ids.index(interview_id)
                except ValueError:
                    return -1
            self._row_of = {iid: row for row, iid in enumerate(self._ids)}
        return self._row_of.get(interview_id, -1)

    def refresh(self, interview_ids: Iterable[int] | None = None) -> None:
        """Repaint these cards (all when ``None``) after their rows were dropped from the cache."""
        if not self._ids:
            return
        if interview_ids is None:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))
            return
        rows = sorted(r for r in (self.row_of(i) for i in interview_ids) if r >= 0)
        for first, last in _runs(rows):
            self.dataChanged.emit(self.index(first), self.index(last))

    def position_for_row(self, row: int) -> int | None:
        """The position in the whole column of a drop before shown ``row`` (None: the end).

        With a filter on, a drop between two shown cards lands just before the lower one in
        the real column; a drop below the last shown card lands just after it.
        """
        if 0 <= row < len(self._ids):
            return self._position_in_all(self._ids[row])
        if self._matches is None or not self._ids:
            return None
        return self._position_in_all(self._ids[-1]) + 1

    def _position_in_all(self, interview_id: int) -> int:
        if self._index_in_all is None:
            self._index_in_all = {iid: pos for pos, iid in enumerate(self._all)}
        return self._index_in_all[interview_id]

    # -- surgical updates ------------------------------------------------------------------
    def _apply(self, new: list[int]) -> None:
        old = self._ids
        if old == new:
            return
        if abs(len(new) - len(old)) == 1 and self._one_row(old, new):
            return
        new_set = set(new)
        removed = [row for row, iid in enumerate(old) if iid not in new_set]
        kept = {iid for iid in old if iid in new_set}
        added = [row for row, iid in enumerate(new) if iid not in kept]
        if len(_runs(removed)) + len(_runs(added)) > MAX_RUNS:
            self._reset(new)
            return
        for first, last in reversed(_runs(removed)):
            self._change(
                [*self._ids[:first], *self._ids[last + 1 :]],
                self.removeRows,
                first,
                last - first + 1,
            )
        order = [iid for iid in new if iid in kept]
        if self._ids != order and not self._reorder(order):
            self._reset(new)
            return
        for first, last in _runs(added):
            ids = [*self._ids[:first], *new[first : last + 1], *self._ids[first:]]
            self._change(ids, self.insertRows, first, last - first + 1)

    def _one_row(self, old: list[int], new: list[int]) -> bool:
        """One card came or went (a drop's two columns): change that row alone.

        The general diff below builds sets and lists of the whole column in Python, ~0.6 ms
        for 3,000 cards on each side of every drop; here the lists are compared in C.
        Returns False when the change is something else.
        """
        shorter, longer = (new, old) if len(new) < len(old) else (old, new)
        row = _first_difference(shorter, longer)
        if shorter[row:] != longer[row + 1 :]:
            return False
        if longer is old:
            self._change(list(new), self.removeRows, row, 1)
        else:
            self._change(list(new), self.insertRows, row, 1)
        return True

    def _change(self, ids: list[int], mutation: Callable[..., object], *args: object) -> None:
        """Run a C++ row change; ``_ids`` becomes ``ids`` the moment Qt says it is done."""
        self._pending = ids
        mutation(*args)
        self._switch()  # in case Qt said nothing (an empty change)

    def _switch(self, *_args: object) -> None:
        if self._pending is not None:
            self._ids = self._pending
            self._pending = None
            self._row_of = None
            self._searched = False

    def _reset(self, new: list[int]) -> None:
        self._change(list(new), self.setStringList, [""] * len(new))

    def _reorder(self, order: list[int]) -> bool:
        """Same ids, new order, by moving the fewest rows (those outside the longest run
        already in order); selection and current card move with their rows.

        Returns False when that would take too many moves (the caller resets instead).
        """
        target = {iid: pos for pos, iid in enumerate(order)}
        current = list(self._ids)
        keep = _longest_increasing([target[iid] for iid in current])
        movers = sorted(
            (iid for pos, iid in enumerate(current) if pos not in keep), key=target.__getitem__
        )
        if len(movers) > MAX_RUNS:
            return False
        root = QModelIndex()
        for iid in movers:
            t = target[iid]
            j = current.index(iid)
            if t == 0:
                final = 0
            else:
                before = current.index(order[t - 1])
                final = before if j < before else before + 1
            if final == j:
                continue
            current.insert(final, current.pop(j))
            # Qt's destination is the row to insert before, counted before the move.
            self._change(
                list(current), self.moveRows, root, j, 1, root, final + 1 if final > j else final
            )
        return self._ids == order

    # -- Qt model interface -------------------------------------------------------------
    def card(self, row: int) -> CardRow | None:
        """The row of the card at ``row``, reading a screenful around it when missing."""
        interview_id = self._ids[row]
        if not self._cache.has(interview_id):
            window = self._ids[max(0, row - FETCH_BEFORE) : row + FETCH_AFTER]
            self._cache.load(window)
        return self._cache.get(interview_id)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in _CARD_ROLES:
            return None
        card = self.card(index.row())
        if role == CARD_ROLE:
            return card
        if card is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return card.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = f"{card.title}, {card.due_state()}"
            return f"{text}, {card.next_text}" if card.next_text else text
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"<b>{_html(card.company)}</b> — {_html(card.role)}"]
            if card.agency:
                lines.append(f"Through {_html(card.agency)}")
            if card.next_text:
                lines.append(_html(card.next_text))
            if card.no_reply_date:
                lines.append("No reply date noted — ask when to expect an answer.")
            if card.overdue or card.due_today:
                lines.append(_html(card.due_state().capitalize()))
            return "<br>".join(lines)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land between cards, never onto one.
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [mime.MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return mime.encode([self._ids[r] for r in rows], self.stage.key)

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: ModelIndex,
    ) -> bool:
        return action in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction) and bool(
            mime.decode(data)
        )

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: ModelIndex,
    ) -> bool:
        """Announce the drop; the board moves the cards and this model refreshes after."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        ids = mime.decode(data)
        if not ids or action not in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction):
            return False
        if parent.isValid():
            row = parent.row()
        shown = row if 0 <= row <= len(self._ids) else len(self._ids)
        self.sig_cards_dropped.emit(ids, self.stage.key, self.position_for_row(shown))
        return True


_CARD_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        CARD_ROLE,
    }
)


def _html(text: str) -> str:
    from html import escape

    return escape(text)
