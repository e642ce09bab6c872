"""Who plays which role in this interview (HR, agency recruiter, interviewer, other), edited
as part of the editor's draft. The thank-you goes to HR with the interviewers in copy, so
this is where that is decided."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import ValidationError
from followup_desktop.core.facts import ContactKind
from followup_desktop.services.contacts import ContactInfo
from followup_desktop.ui.contacts.contact_model import KIND_LABEL
from followup_desktop.ui.dialogs.field_errors import error_label
from followup_desktop.ui.dialogs.rounds_editor import person_label

#: Creates a person (name, job title, kind) and returns their id; raises ValidationError.
CreatePerson = Callable[[str, str, str], int]


class PeoplePanel(QWidget):
    sig_changed = Signal()

    def __init__(self, create_person: CreatePerson, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._create = create_person
        self._links: list[tuple[int, str]] = []
        self._people: dict[int, ContactInfo] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(
            "The thank-you goes to HR with the interviewers in copy. With an agency, "
            "add a direct contact at the company too.",
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(hint)
        self.list = QListWidget(self)
        self.list.setObjectName("peopleList")
        self.list.setAccessibleName("People in this interview")
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.person = QComboBox(self)
        self.person.setObjectName("personPicker")
        self.person.setMinimumContentsLength(18)
        self.role = QComboBox(self)
        self.role.setObjectName("rolePicker")
        for kind in (
            ContactKind.HR,
            ContactKind.INTERVIEWER,
            ContactKind.AGENCY_RECRUITER,
            ContactKind.OTHER,
        ):
            self.role.addItem(KIND_LABEL[kind], kind.value)
        self.add_button = QPushButton("Add", self)
        self.add_button.clicked.connect(self._add_picked)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self.remove_current)
        row.addWidget(self.person, 1)
        row.addWidget(self.role)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        new = QHBoxLayout()
        self.new_name = QLineEdit(self)
        self.new_name.setObjectName("newPersonName")
        self.new_name.setPlaceholderText("New person: name")
        self.new_title = QLineEdit(self)
        self.new_title.setPlaceholderText("job title")
        self.new_button = QPushButton("Create and add", self)
        self.new_button.clicked.connect(self.create_person)
        new.addWidget(self.new_name, 1)
        new.addWidget(self.new_title, 1)
        new.addWidget(self.new_button)
        layout.addLayout(new)
        self.error = error_label(self)
        layout.addWidget(self.error)

    def set_people(self, people: list[ContactInfo]) -> None:
        self._people = {p.id: p for p in people}
        self.person.clear()
        for p in people:
            self.person.addItem(person_label(p), p.id)

    def add_known_person(self, person: ContactInfo) -> None:
        if person.id not in self._people:
            self._people[person.id] = person
            self.person.addItem(person_label(person), person.id)

    def set_links(self, links: tuple[tuple[int, str], ...]) -> None:
        self._links = list(links)
        self._refill()

    def links(self) -> tuple[tuple[int, str], ...]:
        return tuple(sorted(set(self._links)))

    def _refill(self) -> None:
        self.list.clear()
        order = {"hr": 0, "interviewer": 1, "agency_recruiter": 2, "other": 3}
        for cid, role in sorted(self._links, key=lambda link: (order.get(link[1], 9), link[0])):
            person = self._people.get(cid)
            label = person_label(person) if person else f"Person {cid}"
            try:
                role_text = KIND_LABEL[ContactKind(role)]
            except ValueError:
                role_text = role
            item = QListWidgetItem(f"{role_text}:  {label}")
            item.setData(Qt.ItemDataRole.UserRole, (cid, role))
            self.list.addItem(item)

    def add_link(self, contact_id: int, role: str) -> None:
        if (contact_id, role) not in self._links:
            self._links.append((contact_id, role))
            self._refill()
            self.sig_changed.emit()

    def _add_picked(self) -> None:
        cid = self.person.currentData()
        if isinstance(cid, int):
            self.add_link(cid, str(self.role.currentData()))

    def remove_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        link = tuple(item.data(Qt.ItemDataRole.UserRole))
        self._links = [x for x in self._links if x != link]
        self._refill()
        self.sig_changed.emit()

    def create_person(self) -> int | None:
        self.error.hide()
        role = str(self.role.currentData())
        try:
            cid = self._create(self.new_name.text(), self.new_title.text(), role)
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return None
        self.new_name.clear()
        self.new_title.clear()
        self.add_link(cid, role)
        return cid
