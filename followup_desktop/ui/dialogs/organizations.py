"""Organizations: employers and agencies, with their details and the files they handed out.

The seed: when an agency sits in between, gather what you can about the company (a business
card, brochures) and build your own lines to it. Every save is undoable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
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
from followup_desktop.services import Services, organization_edits
from followup_desktop.services.contacts import OrganizationInfo
from followup_desktop.ui.contacts.commands import run_and_push
from followup_desktop.ui.dialogs.attachments_panel import AttachmentsPanel
from followup_desktop.ui.dialogs.field_errors import FieldErrors, add_form_row, error_label

KINDS = (("employer", "Employer"), ("agency", "Recruitment agency"))
FIELDS = ("name", "kind", "website", "address", "phone", "notes")


class OrganizationsDialog(QDialog):
    def __init__(
        self, services: Services, undo_stack: QUndoStack | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("organizationsDialog")
        self.setWindowTitle("Organizations")
        self.resize(820, 560)
        self.services = services
        self.undo_stack = undo_stack
        self._current: int | None = None

        layout = QVBoxLayout(self)
        split = QSplitter(self)
        layout.addWidget(split, 1)

        left = QWidget(split)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit(left)
        self.filter.setPlaceholderText("Filter organizations…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _t: self.refresh())
        left_layout.addWidget(self.filter)
        self.list = QListWidget(left)
        self.list.setObjectName("organizationList")
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(lambda item, _old: self._show(item))
        left_layout.addWidget(self.list, 1)
        self.new_button = QPushButton("New organization", left)
        self.new_button.clicked.connect(self.new_organization)
        left_layout.addWidget(self.new_button)

        right = QWidget(split)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        self.general = error_label(right)
        right_layout.addWidget(self.general)
        self.errors = FieldErrors(self.general)
        form = QFormLayout()
        right_layout.addLayout(form)

        def row(label: str, field: str, widget: QWidget) -> None:
            add_form_row(form, label, field, widget, self.errors)

        self.name = QLineEdit(right)
        row("&Name", "name", self.name)
        self.kind = QComboBox(right)
        for value, label in KINDS:
            self.kind.addItem(label, value)
        row("&Kind", "kind", self.kind)
        self.website = QLineEdit(right)
        self.website.setPlaceholderText("https://")
        row("&Website", "website", self.website)
        self.phone = QLineEdit(right)
        row("&Phone", "phone", self.phone)
        self.address = QPlainTextEdit(right)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(60)
        row("&Address", "address", self.address)
        self.notes = QPlainTextEdit(right)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        row("N&otes", "notes", self.notes)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        self.saved = QLabel("", right)
        self.saved.setStyleSheet("color: #15803d;")
        save_row.addWidget(self.saved)
        self.save_button = QPushButton("Save changes", right)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        save_row.addWidget(self.save_button)
        right_layout.addLayout(save_row)

        files = QGroupBox("Business card, brochures and other files", right)
        files_layout = QVBoxLayout(files)
        self.attachments = AttachmentsPanel(services, undo_stack, files, for_organization=True)
        files_layout.addWidget(self.attachments)
        right_layout.addWidget(files, 1)
        split.setSizes([260, 560])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    # -- list ----------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self._current
        needle = self.filter.text().strip().casefold()
        self.list.blockSignals(True)
        self.list.clear()
        for org in self.services.contacts.organizations():
            if needle and needle not in org.name.casefold():
                continue
            item = QListWidgetItem(org.name)
            if org.kind == "agency":
                item.setText(f"{org.name}  · agency")
                item.setForeground(QColor("#b45309"))
            item.setToolTip("Recruitment agency" if org.kind == "agency" else "Employer")
            item.setData(Qt.ItemDataRole.UserRole, org)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if keep is not None and self.select(keep):
            return
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._show(None)

    def select(self, organization_id: int) -> bool:
        for row in range(self.list.count()):
            org = self.list.item(row).data(Qt.ItemDataRole.UserRole)
            if isinstance(org, OrganizationInfo) and org.id == organization_id:
                self.list.setCurrentRow(row)
                self._show(self.list.item(row))
                return True
        return False

    def _show(self, item: QListWidgetItem | None) -> None:
        self.errors.clear()
        self.saved.clear()
        org = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(org, OrganizationInfo):
            self._current = None
            for w in (self.name, self.website, self.phone):
                w.clear()
            self.address.clear()
            self.notes.clear()
            self.attachments.set_owner(None)
            return
        self._current = org.id
        self.name.setText(org.name)
        self.kind.setCurrentIndex(self.kind.findData(org.kind))
        self.website.setText(org.website)
        self.phone.setText(org.phone)
        self.address.setPlainText(org.address)
        self.notes.setPlainText(org.notes)
        self.attachments.set_owner(org.id)

    # -- editing -------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        return {
            "name": self.name.text(),
            "kind": str(self.kind.currentData()),
            "website": self.website.text(),
            "address": self.address.toPlainText(),
            "phone": self.phone.text(),
            "notes": self.notes.toPlainText(),
        }

    def new_organization(self) -> None:
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self._show(None)
        self.name.setFocus()

    def save(self) -> bool:
        """Create or update the organization shown; errors appear next to their field."""
        self.errors.clear()
        fields = self.values()
        contacts = self.services.contacts
        try:
            ctx = self.services.ctx
            if self._current is None:
                created: list[int] = []
                identity: list[str] = []

                def redo_create() -> None:
                    if identity:  # redo after undo: the same organization comes back
                        created[:] = [
                            organization_edits.recreate(ctx, created[0], identity[0], fields)
                        ]
                        return
                    f = dict(fields)
                    created[:] = [contacts.create_organization(f.pop("name"), f.pop("kind"), **f)]
                    identity[:] = [organization_edits.uuid_of(created[0])]

                run_and_push(
                    self.undo_stack,
                    f"Add {fields['name'].strip()}",
                    redo_create,
                    lambda: organization_edits.delete_unused(ctx, created[0]),
                )
                self._current = created[0]
            else:
                org_id = self._current
                uuid = organization_edits.uuid_of(org_id)
                before = next(o for o in contacts.organizations() if o.id == org_id)
                old = {f: getattr(before, f) for f in FIELDS}
                # By uuid: undoing and redoing its creation may give it another id.
                run_and_push(
                    self.undo_stack,
                    f"Edit {fields['name'].strip()}",
                    lambda: contacts.update_organization(organization_edits.id_of(uuid), **fields),
                    lambda: contacts.update_organization(organization_edits.id_of(uuid), **old),
                )
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        self.refresh()
        self.saved.setText("Saved")
        return True
