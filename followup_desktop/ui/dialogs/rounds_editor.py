"""The rounds of an interview (start, end, kind, place or link, interviewers, notes) and
the promises made in each (what, to whom, sent), edited as a draft the editor saves.

Interviewers are chosen from the contacts or created inline with a name and a job title
(the seed: note the names and job titles of everyone who interviews you). A person created
inline is saved at once (undoably), so the draft only ever holds real contact ids. What was
promised in a round is edited by :class:`~.round_promises.RoundPromises`, mixed in here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta, tzinfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import ValidationError
from followup_desktop.services.contacts import ContactInfo
from followup_desktop.services.interview_edits import RoundDraft
from followup_desktop.services.rounds import ROUND_KIND_ORDER, round_label
from followup_desktop.ui.dialogs.field_errors import error_label
from followup_desktop.ui.dialogs.round_promises import RoundPromises

FORMAT = "ddd d MMM yyyy  HH:mm"


def to_qdatetime(value: datetime, tz: tzinfo) -> QDateTime:
    local = value.astimezone(tz)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qdatetime(value: QDateTime, tz: tzinfo) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=tz)


def person_label(person: ContactInfo) -> str:
    detail = ", ".join(p for p in (person.job_title, person.organization) if p)
    return f"{person.name} — {detail}" if detail else person.name


#: Creates a person from a name and job title; returns the contact id (raises on bad input).
CreatePerson = Callable[[str, str], int]


class RoundsEditor(QWidget, RoundPromises):
    """Edits a list of :class:`RoundDraft`; emits :attr:`sig_changed` on every edit."""

    sig_changed = Signal()

    def __init__(
        self, tz: tzinfo, create_person: CreatePerson, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tz = tz
        self._create_person = create_person
        self._rounds: list[RoundDraft] = []
        self._people: list[ContactInfo] = []
        self._loading = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.error = error_label(self)
        outer.addWidget(self.error)
        split = QSplitter(self)
        outer.addWidget(split, 1)

        left = QWidget(split)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(left)
        self.list.setObjectName("roundList")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        self.list.setAccessibleName("Rounds")
        self.list.currentRowChanged.connect(self._show)
        left_layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add a round", left)
        self.add_button.clicked.connect(lambda: self.add_round())
        self.delete_button = QPushButton("Delete", left)
        self.delete_button.clicked.connect(self.delete_current)
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        left_layout.addLayout(row)

        self.form_box = QWidget(split)
        right = QVBoxLayout(self.form_box)
        right.setContentsMargins(8, 0, 0, 0)
        form = QFormLayout()
        right.addLayout(form)
        self.kind = QComboBox(self.form_box)
        self.kind.setObjectName("roundKind")
        for kind in ROUND_KIND_ORDER:
            self.kind.addItem(round_label(kind), kind)
        form.addRow("&Kind", self.kind)
        self.starts = QDateTimeEdit(self.form_box)
        self.starts.setObjectName("roundStart")
        self.starts.setCalendarPopup(True)
        self.starts.setDisplayFormat(FORMAT)
        form.addRow("&Start", self.starts)
        self.ends = QDateTimeEdit(self.form_box)
        self.ends.setObjectName("roundEnd")
        self.ends.setCalendarPopup(True)
        self.ends.setDisplayFormat(FORMAT)
        ends_box = QVBoxLayout()
        ends_box.setSpacing(2)
        ends_box.addWidget(self.ends)
        self.ends_error = error_label(self.form_box)
        ends_box.addWidget(self.ends_error)
        ends_label = QLabel("&End", self.form_box)
        ends_label.setBuddy(self.ends)
        form.addRow(ends_label, ends_box)
        self.place = QLineEdit(self.form_box)
        self.place.setObjectName("roundPlace")
        self.place.setPlaceholderText("Address, room, or video link")
        form.addRow("&Place or link", self.place)
        self.notes = QPlainTextEdit(self.form_box)
        self.notes.setObjectName("roundNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(54)
        form.addRow("&Notes", self.notes)

        who = QGroupBox("Interviewers", self.form_box)
        who_layout = QVBoxLayout(who)
        self.interviewers = QListWidget(who)
        self.interviewers.setObjectName("interviewerList")
        self.interviewers.setMaximumHeight(84)
        who_layout.addWidget(self.interviewers)
        pick = QHBoxLayout()
        self.pick = QComboBox(who)
        self.pick.setObjectName("interviewerPicker")
        self.pick.setMinimumContentsLength(18)
        pick.addWidget(self.pick, 1)
        self.pick_button = QPushButton("Add", who)
        self.pick_button.clicked.connect(self._add_picked)
        pick.addWidget(self.pick_button)
        self.remove_interviewer = QPushButton("Remove", who)
        self.remove_interviewer.clicked.connect(self._remove_interviewer)
        pick.addWidget(self.remove_interviewer)
        who_layout.addLayout(pick)
        new = QHBoxLayout()
        self.new_name = QLineEdit(who)
        self.new_name.setObjectName("newInterviewerName")
        self.new_name.setPlaceholderText("New: name")
        self.new_title = QLineEdit(who)
        self.new_title.setObjectName("newInterviewerTitle")
        self.new_title.setPlaceholderText("job title")
        self.new_button = QPushButton("Create", who)
        self.new_button.clicked.connect(self.create_interviewer)
        new.addWidget(self.new_name, 1)
        new.addWidget(self.new_title, 1)
        new.addWidget(self.new_button)
        who_layout.addLayout(new)
        self.new_error = error_label(who)
        who_layout.addWidget(self.new_error)
        right.addWidget(who)

        right.addWidget(self._promises_box(self.form_box), 1)
        split.setSizes([220, 520])

        self.kind.currentIndexChanged.connect(lambda _i: self._store())
        self.starts.dateTimeChanged.connect(self._start_moved)
        self.ends.dateTimeChanged.connect(lambda _v: self._store())
        self.place.textChanged.connect(lambda _t: self._store())
        self.notes.textChanged.connect(self._store)
        self._show(-1)

    # -- data in and out -----------------------------------------------------------------
    def set_people(self, people: list[ContactInfo]) -> None:
        """Everyone who can be picked as an interviewer or a promise's recipient."""
        self._people = list(people)
        self.pick.clear()
        for person in self._people:
            self.pick.addItem(person_label(person), person.id)

    def add_known_person(self, person: ContactInfo) -> None:
        if all(p.id != person.id for p in self._people):
            self._people.append(person)
            self.pick.addItem(person_label(person), person.id)

    def set_rounds(self, rounds: tuple[RoundDraft, ...]) -> None:
        self._rounds = list(rounds)
        self._refill_list()
        self.list.setCurrentRow(0 if self._rounds else -1)
        self._show(self.list.currentRow())

    def rounds(self) -> tuple[RoundDraft, ...]:
        return tuple(self._rounds)

    def _name(self, contact_id: int | None) -> str:
        for p in self._people:
            if p.id == contact_id:
                return p.name
        return "someone deleted" if contact_id is not None else ""

    def _summary(self, rnd: RoundDraft) -> str:
        local = rnd.starts_at.astimezone(self.tz)
        names = ", ".join(self._name(i) for i in rnd.interviewer_ids) or "interviewers not noted"
        return f"{round_label(rnd.kind)}\n{local.strftime('%a %d %b %Y, %H:%M')} · {names}"

    def _refill_list(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for rnd in self._rounds:
            self.list.addItem(QListWidgetItem(self._summary(rnd)))
        self.list.blockSignals(False)
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    # -- showing one round -------------------------------------------------------------------
    def current(self) -> int:
        return self.list.currentRow()

    def _show(self, row: int) -> None:
        self._loading = True
        try:
            has = 0 <= row < len(self._rounds)
            self.form_box.setEnabled(has)
            self.delete_button.setEnabled(has)
            self.ends_error.hide()
            if not has:
                self.interviewers.clear()
                self.promises.setRowCount(0)
                return
            rnd = self._rounds[row]
            self.kind.setCurrentIndex(max(0, self.kind.findData(rnd.kind)))
            self.starts.setDateTime(to_qdatetime(rnd.starts_at, self.tz))
            self.ends.setDateTime(to_qdatetime(rnd.ends_at, self.tz))
            self.place.setText(rnd.place)
            self.notes.setPlainText(rnd.notes)
            self._fill_interviewers(rnd)
            self._fill_promises(rnd)
        finally:
            self._loading = False

    def _fill_interviewers(self, rnd: RoundDraft) -> None:
        self.interviewers.clear()
        for cid in rnd.interviewer_ids:
            person = next((p for p in self._people if p.id == cid), None)
            item = QListWidgetItem(person_label(person) if person else self._name(cid))
            item.setData(Qt.ItemDataRole.UserRole, cid)
            self.interviewers.addItem(item)

    # -- editing -------------------------------------------------------------------------
    def _start_moved(self, value: QDateTime) -> None:
        """Moving the start moves the end with it (a round keeps its length)."""
        row = self.current()
        if self._loading or not 0 <= row < len(self._rounds):
            return
        old = self._rounds[row]
        start = from_qdatetime(value, self.tz)
        length = old.ends_at - old.starts_at
        self._loading = True
        self.ends.setDateTime(to_qdatetime(start + max(length, timedelta(0)), self.tz))
        self._loading = False
        self._store()

    def _store(self) -> None:
        row = self.current()
        if self._loading or not 0 <= row < len(self._rounds):
            return
        self._rounds[row] = replace(
            self._rounds[row],
            kind=str(self.kind.currentData()),
            starts_at=from_qdatetime(self.starts.dateTime(), self.tz),
            ends_at=from_qdatetime(self.ends.dateTime(), self.tz),
            place=self.place.text(),
            notes=self.notes.toPlainText(),
        )
        self._after_edit()

    def _after_edit(self) -> None:
        row = self.current()
        item = self.list.item(row)
        if item is not None:
            item.setText(self._summary(self._rounds[row]))
        self.sig_changed.emit()

    def add_round(self, starts_at: datetime | None = None, kind: str = "first_interview") -> int:
        if starts_at is None:
            tomorrow = datetime.now(self.tz).date() + timedelta(days=1)
            starts_at = datetime.combine(tomorrow, time(10, 0), tzinfo=self.tz)
        rnd = RoundDraft(kind=kind, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
        self._rounds.append(rnd)
        self._refill_list()
        self.list.setCurrentRow(len(self._rounds) - 1)
        self.sig_changed.emit()
        return len(self._rounds) - 1

    def delete_current(self) -> None:
        row = self.current()
        if 0 <= row < len(self._rounds):
            del self._rounds[row]
            self._refill_list()
            self.list.setCurrentRow(min(row, len(self._rounds) - 1))
            self._show(self.list.currentRow())
            self.sig_changed.emit()

    def set_interviewers(self, contact_ids: tuple[int, ...]) -> None:
        row = self.current()
        if not 0 <= row < len(self._rounds):
            return
        self._rounds[row] = replace(
            self._rounds[row], interviewer_ids=tuple(dict.fromkeys(contact_ids))
        )
        self._fill_interviewers(self._rounds[row])
        self._after_edit()

    def _add_picked(self) -> None:
        cid = self.pick.currentData()
        row = self.current()
        if isinstance(cid, int) and 0 <= row < len(self._rounds):
            self.set_interviewers((*self._rounds[row].interviewer_ids, cid))

    def _remove_interviewer(self) -> None:
        item = self.interviewers.currentItem()
        row = self.current()
        if item is None or not 0 <= row < len(self._rounds):
            return
        cid = item.data(Qt.ItemDataRole.UserRole)
        self.set_interviewers(tuple(i for i in self._rounds[row].interviewer_ids if i != cid))

    def create_interviewer(self) -> int | None:
        """Create a person from the inline name and job title and seat them in this round."""
        self.new_error.hide()
        try:
            cid = self._create_person(self.new_name.text(), self.new_title.text())
        except ValidationError as exc:
            self.new_error.setText(str(exc))
            self.new_error.show()
            return None
        self.new_name.clear()
        self.new_title.clear()
        row = self.current()
        if 0 <= row < len(self._rounds):
            self.set_interviewers((*self._rounds[row].interviewer_ids, cid))
        return cid

    # -- errors --------------------------------------------------------------------------
    def show_error(self, error: ValidationError) -> None:
        """Point at the round (and promise) an error names: ``rounds.<i>[.promises.<j>]``."""
        parts = error.field.split(".")
        index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1
        if 0 <= index < len(self._rounds):
            self.list.setCurrentRow(index)
        if "promises" in parts:
            self.promise_error.setText(error.message)
            self.promise_error.show()
        elif parts[-1] in ("ends_at", "starts_at"):
            self.ends_error.setText(error.message)
            self.ends_error.show()
        else:
            self.error.setText(error.message)
            self.error.show()

    def clear_errors(self) -> None:
        for label in (self.error, self.ends_error, self.promise_error, self.new_error):
            label.hide()
