"""Importing people from vCard files (.vcf business cards) into the contacts sidebar, and
exporting the selected people or everyone as a vCard file.

An import is one undoable step: all of a file's people, or (on any error) nobody. What it did
is said in the status bar and kept in :attr:`ContactsSidebar.last_message`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMainWindow

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import people, vcards
from followup_desktop.ui.contacts.commands import run_and_push

if TYPE_CHECKING:
    from followup_desktop.ui.contacts.sidebar import ContactsSidebar


def ask_and_import(sidebar: ContactsSidebar) -> None:
    """Ask for .vcf files, then import the people in them."""
    paths, _ = QFileDialog.getOpenFileNames(
        sidebar, "Import people from vCard", "", "vCard files (*.vcf *.vcard);;All files (*)"
    )
    if paths:
        import_vcards(sidebar, [Path(p) for p in paths])


def import_vcards(sidebar: ContactsSidebar, paths: Sequence[Path]) -> list[int]:
    """Import people from .vcf files: all of a file, or (on any error) nobody."""
    services = sidebar.services
    created: list[int] = []
    skipped: list[str] = []
    records: list[people.PersonRecord] = []
    try:
        cards = [person for path in paths for person in vcards.read_file(path)]
    except ValidationError as exc:
        sidebar.warn(str(exc))
        return []

    def redo() -> None:
        if records:
            for record in records:
                people.restore(services.ctx, services.followups, record)
            return
        report = vcards.import_people(services, cards)
        created.extend(report.created)
        skipped.extend(report.skipped)

    def undo() -> None:  # all of them in one transaction, or none
        records[:] = people.capture_and_delete(services.ctx, services.contacts, created)

    try:
        run_and_push(sidebar.undo_stack, "Import vCard", redo, undo)
    except ValidationError as exc:
        sidebar.warn(str(exc))
        return []
    text = f"Imported {len(created)} {'person' if len(created) == 1 else 'people'}."
    if skipped:
        text += f" Already in your contacts: {', '.join(skipped[:5])}."
    sidebar.last_message = text
    window = sidebar.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 8000)
    if created:
        sidebar.select_person(created[0])
    return created


def ask_and_export_selected(sidebar: ContactsSidebar) -> None:
    """Ask where to save the selected people, then write them there."""
    chosen = sidebar.selected_people()
    if not chosen:
        return
    name = chosen[0].name if len(chosen) == 1 else "contacts"
    path, _ = QFileDialog.getSaveFileName(
        sidebar, "Export as vCard", f"{name}.vcf", "vCard files (*.vcf)"
    )
    if path:
        export_vcards(sidebar, [p.id for p in chosen], Path(path))


def ask_and_export_everyone(sidebar: ContactsSidebar) -> None:
    """Ask where to save everyone, then write them there."""
    path, _ = QFileDialog.getSaveFileName(
        sidebar, "Export everyone as vCard", "Follow-Up contacts.vcf", "vCard files (*.vcf)"
    )
    if path:
        export_vcards(sidebar, None, Path(path))


def export_vcards(sidebar: ContactsSidebar, contact_ids: Sequence[int] | None, path: Path) -> int:
    """Write these people (None: everyone) to a .vcf file; how many were written."""
    everyone = sidebar.services.contacts.list()
    chosen = everyone if contact_ids is None else [p for p in everyone if p.id in set(contact_ids)]
    try:
        return vcards.export_file(chosen, path)
    except ValidationError as exc:
        sidebar.warn(str(exc))
        return 0
