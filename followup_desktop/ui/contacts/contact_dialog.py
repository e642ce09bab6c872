"""Add or edit one person: name, job title, organization, kind, email, phone, notes.

The seed: note the names and job titles of everyone who interviews you. The dialog saves
through a callback that raises :class:`ValidationError`; the message appears under the
field it names and the dialog stays open with everything typed so far.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import ValidationError
from followup_desktop.core.facts import ContactKind
from followup_desktop.services.contacts import ContactInfo
from followup_desktop.ui.contacts.contact_model import KIND_LABEL
from followup_desktop.ui.dialogs.field_errors import FieldErrors, add_form_row, error_label

SaveFn = Callable[[dict[str, Any]], object]


class ContactDialog(QDialog):
    """Person form. ``save(fields)`` stores them (raising ValidationError on bad input)."""

    def __init__(
        self,
        save: SaveFn,
        organizations: Sequence[str],
        person: ContactInfo | None = None,
        parent: QWidget | None = None,
        *,
        kind: ContactKind = ContactKind.OTHER,
        organization: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactDialog")
        self._save = save
        self.person = person
        self.setWindowTitle("Edit person" if person else "Add a person")
        self.setMinimumWidth(420)

        layout = QVBoxLayout(self)
        heading = QLabel("Who did you meet?" if person is None else person.name, self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        hint = QLabel(
            "Note the name and job title of everyone who interviews you — the "
            "thank-you goes to HR with them in copy.",
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(hint)

        self.general = error_label(self)
        layout.addWidget(self.general)
        self.errors = FieldErrors(self.general)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(form)

        def row(label: str, field: str, widget: QWidget) -> None:
            add_form_row(form, label, field, widget, self.errors)

        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.name.setPlaceholderText("e.g. Priya Patel")
        row("&Name", "name", self.name)
        self.job_title = QLineEdit(self)
        self.job_title.setObjectName("job_title")
        self.job_title.setPlaceholderText("e.g. Head of Design")
        row("&Job title", "job_title", self.job_title)
        self.organization = QComboBox(self)
        self.organization.setObjectName("organization")
        self.organization.setEditable(True)
        self.organization.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.organization.addItem("")
        self.organization.addItems(list(organizations))
        line = self.organization.lineEdit()
        if line is not None:
            line.setPlaceholderText("Company or agency")
        row("&Organization", "organization", self.organization)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for k in ContactKind:
            self.kind.addItem(KIND_LABEL[k], k.value)
        row("&Kind", "kind", self.kind)
        self.email = QLineEdit(self)
        self.email.setObjectName("email")
        self.email.setPlaceholderText("name@company.example")
        row("&Email", "email", self.email)
        self.phone = QLineEdit(self)
        self.phone.setObjectName("phone")
        row("&Phone", "phone", self.phone)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)
        row("No&tes", "notes", self.notes)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons

        if person is not None:
            self.name.setText(person.name)
            self.job_title.setText(person.job_title)
            self.organization.setCurrentText(person.organization)
            self.kind.setCurrentIndex(self.kind.findData(person.kind.value))
            self.email.setText(person.email)
            self.phone.setText(person.phone)
            self.notes.setPlainText(person.notes)
        else:
            self.kind.setCurrentIndex(self.kind.findData(kind.value))
            self.organization.setCurrentText(organization)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "job_title": self.job_title.text(),
            "organization": self.organization.currentText().strip() or None,
            "kind": self.kind.currentData(),
            "email": self.email.text(),
            "phone": self.phone.text(),
            "notes": self.notes.toPlainText(),
        }

    def try_save(self) -> bool:
        """Save; on a validation error show it beside its field and stay open."""
        try:
            self._save(self.values())
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        self.accept()
        return True
