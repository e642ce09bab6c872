"""People grouped by kind (Interviewers, HR, Agency recruiters, Other), as a two-level tree.

Top-level rows are the groups, their children the people. The model holds
:class:`ContactInfo` values read from the contact service; it never touches the database.
Rows carry the ids of the people linked to the card selected on the board in
:data:`HighlightRole`, so the delegate can mark them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from followup_desktop.core.facts import ContactKind
from followup_desktop.services.contacts import ContactInfo
from followup_desktop.ui.contacts import mime

#: The groups, in the order the sidebar shows them.
GROUPS: tuple[tuple[ContactKind, str], ...] = (
    (ContactKind.INTERVIEWER, "Interviewers"),
    (ContactKind.HR, "HR"),
    (ContactKind.AGENCY_RECRUITER, "Agency recruiters"),
    (ContactKind.OTHER, "Other"),
)
KIND_LABEL = {
    ContactKind.INTERVIEWER: "Interviewer",
    ContactKind.HR: "HR",
    ContactKind.AGENCY_RECRUITER: "Agency recruiter",
    ContactKind.OTHER: "Other",
}

ContactRole = Qt.ItemDataRole.UserRole + 1  #: the row's ContactInfo (None on a group)
IsGroupRole = Qt.ItemDataRole.UserRole + 2
HighlightRole = Qt.ItemDataRole.UserRole + 3  #: True when linked to the selected card
CountRole = Qt.ItemDataRole.UserRole + 4  #: people in a group
LastContactedRole = Qt.ItemDataRole.UserRole + 5  #: "never", "3 days ago"...
ContactIdRole = Qt.ItemDataRole.UserRole + 6

Index = QModelIndex | QPersistentModelIndex


def last_contacted_text(when: datetime | None, now: datetime, tz: tzinfo) -> str:
    """When a person was last contacted, as people say it."""
    if when is None:
        return "never"
    day = when.astimezone(tz).date()
    today = now.astimezone(tz).date()
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    if days < 31:
        weeks = days // 7
        return "1 week ago" if weeks == 1 else f"{weeks} weeks ago"
    if day.year == today.year:
        return day.strftime("%d %b").lstrip("0")
    return day.strftime("%d %b %Y").lstrip("0")


class ContactTreeModel(QAbstractItemModel):
    """The sidebar's model. Call :meth:`set_people` with a (searched) list of people."""

    def __init__(self, now: datetime, tz: tzinfo, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._now = now
        self._tz = tz
        self._groups: list[tuple[ContactKind, str, list[ContactInfo]]] = []
        self._highlighted: set[int] = set()

    # -- filling -------------------------------------------------------------------------
    def set_people(self, people: Iterable[ContactInfo], now: datetime | None = None) -> None:
        if now is not None:
            self._now = now
        by_kind: dict[ContactKind, list[ContactInfo]] = {k: [] for k, _ in GROUPS}
        for person in people:
            by_kind.setdefault(person.kind, []).append(person)
        self.beginResetModel()
        # Empty groups are left out: the sidebar shows who is there, not what is missing.
        self._groups = [(k, label, by_kind[k]) for k, label in GROUPS if by_kind[k]]
        self.endResetModel()

    def set_highlighted(self, contact_ids: Iterable[int]) -> None:
        """Mark the people linked to the card selected on the board."""
        new = set(contact_ids)
        if new == self._highlighted:
            return
        changed = new ^ self._highlighted
        self._highlighted = new
        # Only the rows that changed: a tree view re-measures every row a dataChanged spans,
        # and spanning thousands of people made each card selection cost ~130 ms.
        for g, (_, _, people) in enumerate(self._groups):
            rows = [r for r, person in enumerate(people) if person.id in changed]
            if rows:
                parent = self.index(g, 0)
                for row in rows:
                    index = self.index(row, 0, parent)
                    self.dataChanged.emit(index, index, [HighlightRole])

    def highlighted(self) -> set[int]:
        return set(self._highlighted)

    # -- lookups -------------------------------------------------------------------------
    def group_labels(self) -> list[str]:
        return [label for _, label, _ in self._groups]

    def people_in(self, kind: ContactKind) -> list[ContactInfo]:
        for k, _, people in self._groups:
            if k == kind:
                return list(people)
        return []

    def index_of(self, contact_id: int) -> QModelIndex:
        for g, (_, _, people) in enumerate(self._groups):
            for r, person in enumerate(people):
                if person.id == contact_id:
                    return self.index(r, 0, self.index(g, 0))
        return QModelIndex()

    def person(self, index: Index) -> ContactInfo | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        g = int(index.internalId()) - 1
        if not 0 <= g < len(self._groups):
            return None
        people = self._groups[g][2]
        return people[index.row()] if 0 <= index.row() < len(people) else None

    # -- Qt's model interface ------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        g = parent.row()
        if g >= len(self._groups) or row >= len(self._groups[g][2]):
            return QModelIndex()
        return self.createIndex(row, 0, g + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.row() < len(self._groups):
            return len(self._groups[parent.row()][2])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if index.row() >= len(self._groups):
                return None
            _kind, label, people = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return label
            if role == IsGroupRole:
                return True
            if role == CountRole:
                return len(people)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{label}, {len(people)} {'person' if len(people) == 1 else 'people'}"
            return None
        person = self.person(index)
        if person is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return person.name
        if role == ContactRole:
            return person
        if role == ContactIdRole:
            return person.id
        if role == IsGroupRole:
            return False
        if role == HighlightRole:
            return person.id in self._highlighted
        if role == LastContactedRole:
            return last_contacted_text(person.last_contacted_at, self._now, self._tz)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            parts = [person.name, person.job_title, person.organization, person.email]
            text = ", ".join(p for p in parts if p)
            last = last_contacted_text(person.last_contacted_at, self._now, self._tz)
            return f"{text}. Last contacted: {last}."
        return None

    # -- dragging ------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [mime.MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = [p.id for p in (self.person(i) for i in indexes) if p is not None]
        data = mime.encode(ids)
        names = [p.name for p in (self.person(i) for i in indexes) if p is not None]
        data.setText(", ".join(names))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.LinkAction | Qt.DropAction.CopyAction
