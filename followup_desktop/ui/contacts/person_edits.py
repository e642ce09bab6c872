"""Adding, editing and deleting a person from the contacts sidebar, each one undoable step.

The person form and the delete question open without blocking; the sidebar keeps the last
one opened (:attr:`ContactsSidebar.dialog`, :attr:`ContactsSidebar.pending_box`) so tests can
reach them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from followup_desktop.core.errors import FollowUpError
from followup_desktop.core.facts import ContactKind
from followup_desktop.services import people
from followup_desktop.ui.contacts.commands import run_and_push
from followup_desktop.ui.contacts.contact_dialog import ContactDialog

if TYPE_CHECKING:
    from followup_desktop.ui.contacts.sidebar import ContactsSidebar


def _organization_names(sidebar: ContactsSidebar) -> list[str]:
    return [o.name for o in sidebar.services.contacts.organizations()]


def _open(sidebar: ContactsSidebar, dialog: ContactDialog) -> None:
    sidebar.dialog = dialog
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def add_person(
    sidebar: ContactsSidebar,
    kind: ContactKind = ContactKind.OTHER,
    organization: str = "",
    name: str = "",
) -> ContactDialog:
    """Open the person form (non-blocking); saving creates the person, undoably."""
    services = sidebar.services
    contacts = services.contacts
    created: list[int] = []

    def save(fields: dict[str, object]) -> None:
        record: list[people.PersonRecord] = []

        def redo() -> None:
            if record:
                people.restore(services.ctx, services.followups, record[0])
            else:
                f = dict(fields)
                created.append(contacts.create_contact(str(f.pop("name")), **f))

        def undo() -> None:
            record[:] = [people.capture(created[0])]
            contacts.delete_contact(created[0])

        run_and_push(sidebar.undo_stack, f"Add {str(fields['name']).strip()}", redo, undo)
        QTimer.singleShot(0, lambda: created and sidebar.select_person(created[0]))

    dialog = ContactDialog(
        save, _organization_names(sidebar), None, sidebar, kind=kind, organization=organization
    )
    dialog.name.setText(name)
    _open(sidebar, dialog)
    return dialog


def edit_person(sidebar: ContactsSidebar, contact_id: int) -> ContactDialog:
    """Open the person form on someone (non-blocking); saving updates them, undoably."""
    contacts = sidebar.services.contacts
    person = contacts.get(contact_id)

    def save(fields: dict[str, object]) -> None:
        before: dict[str, object] = {}

        def redo() -> None:
            before.clear()
            before.update(contacts.update_contact(contact_id, **fields))

        def undo() -> None:
            contacts.update_contact(contact_id, **before)

        run_and_push(sidebar.undo_stack, f"Edit {person.name}", redo, undo)

    dialog = ContactDialog(save, _organization_names(sidebar), person, sidebar)
    _open(sidebar, dialog)
    return dialog


def delete_person(sidebar: ContactsSidebar, contact_id: int) -> QMessageBox:
    """Ask (saying where they are linked), then delete and unlink them, undoably."""
    services = sidebar.services
    person = services.contacts.get(contact_id)
    links = services.contacts.links(contact_id)
    if links:
        places = "".join(f"<li>{link.company}: {link.what}</li>" for link in links[:12])
        more = f"<li>… and {len(links) - 12} more</li>" if len(links) > 12 else ""
        text = (
            f"<p><b>{person.name}</b> is linked to:</p><ul>{places}{more}</ul>"
            "<p>Deleting them removes these links too. Promises made to them keep "
            "their text.</p>"
        )
    else:
        text = f"<p>Delete <b>{person.name}</b> from your contacts?</p>"
    box = QMessageBox(
        QMessageBox.Icon.Question,
        f"Delete {person.name}?",
        text,
        QMessageBox.StandardButton.Cancel,
        sidebar,
    )
    box.setObjectName("deletePersonBox")
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def done() -> None:
        if box.clickedButton() is not delete:
            return
        record = people.capture(contact_id)

        def redo() -> None:
            services.contacts.delete_contact(contact_id)

        def undo() -> None:
            people.restore(services.ctx, services.followups, record)

        try:
            run_and_push(sidebar.undo_stack, f"Delete {person.name}", redo, undo)
        except FollowUpError as exc:
            sidebar.warn(str(exc))

    box.finished.connect(done)
    sidebar.pending_box = box
    box.open()
    return box
