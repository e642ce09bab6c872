"""The contacts sidebar: a dock on the left with people grouped by kind, a search field, and
add / edit / delete, vCard import and export, and the organizations editor.

It talks to the board through two hooks the wiring connects (``ui/contacts/wiring.py``):
:attr:`sig_highlight_interviews` (the cards of the selected people) and
:meth:`highlight_people_of` (the people of the selected card). A person dragged onto a card
arrives in :meth:`link_dropped`, which asks in a small menu which role they play there.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError, ValidationError
from followup_desktop.core.facts import ContactKind
from followup_desktop.services import Changes, Services, people, vcards
from followup_desktop.services.contacts import ContactInfo
from followup_desktop.ui.contacts.commands import run_and_push
from followup_desktop.ui.contacts.contact_delegate import ContactDelegate
from followup_desktop.ui.contacts.contact_dialog import ContactDialog
from followup_desktop.ui.contacts.contact_model import ContactRole, ContactTreeModel, IsGroupRole
from followup_desktop.ui.contacts.link_menu import LinkChoice, build_link_menu


class ContactsSidebar(QDockWidget):
    """People grouped by kind; see the module docstring."""

    #: list[int] — the interviews of the selected people (the board highlights them)
    sig_highlight_interviews = Signal(list)
    #: list[int] — the selected people
    sig_people_selected = Signal(list)

    def __init__(
        self,
        services: Services,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Contacts", parent)
        self.setObjectName("ContactsSidebar")
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.services = services
        self.undo_stack = undo_stack
        self._card: int | None = None
        self._cards: list[int] = []
        #: groups the user folded (by label), kept across refreshes
        self._folded: set[str] = set()
        #: the last message box / menu opened (non-blocking; tests reach them here)
        self.pending_box: QMessageBox | None = None
        self.link_menu: QMenu | None = None
        self.dialog: ContactDialog | None = None
        #: what the last import said (also shown in the status bar)
        self.last_message = ""

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(4)
        self.search = QLineEdit(body)
        self.search.setObjectName("contactSearch")
        self.search.setPlaceholderText("Search people, titles, companies…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search contacts")
        top.addWidget(self.search, 1)
        self.add_button = QToolButton(body)
        self.add_button.setText("+")
        self.add_button.setToolTip("Add a person")
        self.add_button.setAccessibleName("Add a person")
        self.add_button.setAutoRaise(True)
        self.add_button.clicked.connect(lambda: self.add_person())
        top.addWidget(self.add_button)
        self.more_button = QToolButton(body)
        self.more_button.setText("⋯")
        self.more_button.setToolTip("Import, export, organizations")
        self.more_button.setAccessibleName("More contact actions")
        self.more_button.setAutoRaise(True)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        top.addWidget(self.more_button)
        layout.addLayout(top)

        self.model = ContactTreeModel(services.ctx.now(), services.ctx.tz, self)
        self.view = QTreeView(body)
        self.view.setObjectName("contactList")
        # Room for a name, a job title and "3 weeks ago" side by side.
        self.view.setMinimumWidth(290)
        self.view.setAccessibleName("Contacts")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ContactDelegate(self.view))
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setIndentation(0)
        self.view.setItemsExpandable(False)
        self.view.setExpandsOnDoubleClick(False)
        self.view.setMouseTracking(True)
        self.view.setFrameShape(QTreeView.Shape.NoFrame)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setDefaultDropAction(Qt.DropAction.LinkAction)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.clicked.connect(self._toggle_group)
        self.view.doubleClicked.connect(self._edit_index)
        self.view.activated.connect(self._edit_index)
        layout.addWidget(self.view, 1)
        self.empty = QLabel(body)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px 12px;")
        layout.addWidget(self.empty)
        self.setWidget(body)

        self._build_actions()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.refresh)
        # A change to the selected cards re-marks their people once the change's own
        # repaint is done (a drop at 10,000 interviews must repaint the board first).
        self._remark_timer = QTimer(self)
        self._remark_timer.setSingleShot(True)
        self._remark_timer.setInterval(0)
        self._remark_timer.timeout.connect(lambda: self.highlight_people_of_cards(self._cards))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        selection = self.view.selectionModel()
        selection.selectionChanged.connect(self._on_selection)
        # In the main window the list fills right after the board's first frame: at 10,000
        # interviews (2,800 people) filling it held the first frame back by ~75 ms.
        after_first_frame = getattr(parent, "after_first_frame", None)
        if callable(after_first_frame):
            after_first_frame(self.refresh)
        else:
            self.refresh()

    # -- actions -------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(text: str, slot: object, shortcut: str | None = None) -> QAction:
            act = QAction(text, self)
            act.triggered.connect(slot)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.view.addAction(act)
            return act

        self.add_action = action("&Add a person…", lambda: self.add_person())
        self.edit_action = action("&Edit…", self.edit_selected, "F2")
        self.delete_action = action("&Delete", self.delete_selected, "Del")
        self.copy_email_action = action("Copy &email address", self._copy_email)
        self.export_selected_action = action("Export selected as vCard…", self._export_selected)
        self.import_action = action("&Import vCard…", self._import_dialog)
        self.export_all_action = action("Export &everyone as vCard…", self._export_all)
        self.organizations_action = action("&Organizations…", self.open_organizations)
        more = QMenu(self)
        for act in (self.add_action, self.import_action, self.export_all_action):
            more.addAction(act)
        more.addSeparator()
        more.addAction(self.organizations_action)
        self.more_button.setMenu(more)

    def _context_menu(self, pos: QPoint) -> None:
        if not self.selected_people():
            menu = QMenu(self)
            menu.addAction(self.add_action)
            menu.addAction(self.import_action)
            menu.popup(self.view.viewport().mapToGlobal(pos))
            return
        menu = QMenu(self)
        for act in (self.edit_action, self.copy_email_action, self.export_selected_action):
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    # -- reading -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the people (keeping the selection and the highlight)."""
        selected = [p.id for p in self.selected_people()]
        self.model.set_people(
            self.services.contacts.list(self.search.text()), self.services.ctx.now()
        )
        for row, label in enumerate(self.model.group_labels()):
            self.view.setExpanded(self.model.index(row, 0), label not in self._folded)
        self._reselect(selected)
        has_rows = self.model.rowCount() > 0
        self.view.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if not has_rows:
            self.empty.setText(
                f"Nobody matches “{self.search.text().strip()}”."
                if self.search.text().strip()
                else "No people yet.\n\nAdd the people who interview you, HR and agency "
                "recruiters — or import a business card (.vcf)."
            )
        if self._cards:
            self.highlight_people_of_cards(self._cards)

    def _toggle_group(self, index: QModelIndex) -> None:
        """A click on a group header folds or unfolds it."""
        if index.data(IsGroupRole):
            label = str(index.data(Qt.ItemDataRole.DisplayRole))
            expanded = not self.view.isExpanded(index)
            self.view.setExpanded(index, expanded)
            if expanded:
                self._folded.discard(label)
            else:
                self._folded.add(label)

    def _reselect(self, ids: Sequence[int]) -> None:
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        try:
            selection.clearSelection()
            for cid in ids:
                index = self.model.index_of(cid)
                if index.isValid():
                    selection.select(index, QItemSelectionModel.SelectionFlag.Select)
        finally:
            selection.blockSignals(False)

    def selected_people(self) -> list[ContactInfo]:
        out = []
        for index in self.view.selectionModel().selectedIndexes():
            person = index.data(ContactRole)
            if isinstance(person, ContactInfo):
                out.append(person)
        return out

    def select_person(self, contact_id: int) -> bool:
        index = self.model.index_of(contact_id)
        if not index.isValid():
            return False
        self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def on_changes(self, changes: Changes) -> None:
        """Refresh from a committed operation (connected to the bridge)."""
        if changes.everything or changes.contacts or changes.organizations:
            self.refresh()
        elif set(self._cards) & changes.interviews:
            self._remark_timer.start()

    # -- highlight both ways ---------------------------------------------------------------
    def _on_selection(self, *_args: object) -> None:
        chosen = self.selected_people()
        self.sig_people_selected.emit([p.id for p in chosen])
        interviews: set[int] = set()
        for person in chosen:
            interviews |= self.services.contacts.interviews_of(person.id)
        self.sig_highlight_interviews.emit(sorted(interviews))

    def people_of(self, interview_id: int) -> set[int]:
        """Everyone linked to a card: direct roles and interviewers of its rounds."""
        ids = {c.id for c, _ in self.services.contacts.people_of(interview_id)}
        for rnd in self.services.rounds.rounds_of(interview_id):
            ids.update(rnd.interviewer_ids)
        return ids

    def highlight_people_of(self, interview_id: int | None) -> None:
        """Mark the people of the card selected on the board (None: nobody)."""
        self.highlight_people_of_cards([] if interview_id is None else [interview_id])

    def highlight_people_of_cards(self, interview_ids: Sequence[int]) -> None:
        """Mark the people of the cards selected on the board (empty: nobody)."""
        self._cards = list(interview_ids)
        self._card = self._cards[0] if self._cards else None
        ids: set[int] = set()
        for interview_id in self._cards:
            try:
                ids |= self.people_of(interview_id)
            except FollowUpError:
                continue
        self.model.set_highlighted(ids)
        first = min(
            (self.model.index_of(i) for i in ids),
            key=lambda ix: (ix.parent().row(), ix.row()),
            default=QModelIndex(),
        )
        if first.isValid():
            self.view.scrollTo(first)

    # -- add, edit, delete -----------------------------------------------------------------
    def _org_names(self) -> list[str]:
        return [o.name for o in self.services.contacts.organizations()]

    def add_person(
        self, kind: ContactKind = ContactKind.OTHER, organization: str = "", name: str = ""
    ) -> ContactDialog:
        """Open the person form (non-blocking); saving creates the person, undoably."""
        contacts = self.services.contacts
        created: list[int] = []

        def save(fields: dict[str, object]) -> None:
            record: list[people.PersonRecord] = []

            def redo() -> None:
                if record:
                    people.restore(self.services.ctx, self.services.followups, record[0])
                else:
                    f = dict(fields)
                    created.append(contacts.create_contact(str(f.pop("name")), **f))

            def undo() -> None:
                record[:] = [people.capture(created[0])]
                contacts.delete_contact(created[0])

            run_and_push(self.undo_stack, f"Add {str(fields['name']).strip()}", redo, undo)
            QTimer.singleShot(0, lambda: created and self.select_person(created[0]))

        dialog = ContactDialog(
            save, self._org_names(), None, self, kind=kind, organization=organization
        )
        dialog.name.setText(name)
        self._open(dialog)
        return dialog

    def edit_selected(self) -> None:
        chosen = self.selected_people()
        if chosen:
            self.edit_person(chosen[0].id)

    def _edit_index(self, index: QModelIndex) -> None:
        person = index.data(ContactRole)
        if isinstance(person, ContactInfo):
            self.edit_person(person.id)

    def edit_person(self, contact_id: int) -> ContactDialog:
        person = self.services.contacts.get(contact_id)
        contacts = self.services.contacts

        def save(fields: dict[str, object]) -> None:
            before: dict[str, object] = {}

            def redo() -> None:
                before.clear()
                before.update(contacts.update_contact(contact_id, **fields))

            def undo() -> None:
                contacts.update_contact(contact_id, **before)

            run_and_push(self.undo_stack, f"Edit {person.name}", redo, undo)

        dialog = ContactDialog(save, self._org_names(), person, self)
        self._open(dialog)
        return dialog

    def _open(self, dialog: ContactDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def delete_selected(self) -> None:
        for person in self.selected_people()[:1]:
            self.delete_person(person.id)

    def delete_person(self, contact_id: int) -> QMessageBox:
        """Ask (saying where they are linked), then delete and unlink them, undoably."""
        person = self.services.contacts.get(contact_id)
        links = self.services.contacts.links(contact_id)
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
            self,
        )
        box.setObjectName("deletePersonBox")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def done() -> None:
            if box.clickedButton() is not delete:
                return
            record = people.capture(contact_id)

            def redo() -> None:
                self.services.contacts.delete_contact(contact_id)

            def undo() -> None:
                people.restore(self.services.ctx, self.services.followups, record)

            try:
                run_and_push(self.undo_stack, f"Delete {person.name}", redo, undo)
            except FollowUpError as exc:
                self._warn(str(exc))

        box.finished.connect(done)
        self.pending_box = box
        box.open()
        return box

    def _warn(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Contacts", text, QMessageBox.StandardButton.Ok, self
        )
        self.pending_box = box
        box.open()

    def _copy_email(self) -> None:
        emails = [p.email for p in self.selected_people() if p.email]
        if emails:
            QGuiApplication.clipboard().setText(", ".join(emails))

    # -- linking by drag and drop ----------------------------------------------------------
    def link_dropped(
        self, interview_id: int, contact_ids: Sequence[int], at: QPoint | None = None
    ) -> QMenu | None:
        """People were dropped on a card: ask which role they play there, then link them."""
        ids = [i for i in dict.fromkeys(contact_ids)]
        try:
            names = ", ".join(self.services.contacts.get(i).name for i in ids)
        except FollowUpError as exc:
            self._warn(str(exc))
            return None
        if not ids:
            return None
        menu = build_link_menu(
            self.services,
            interview_id,
            names,
            lambda choice: self.link(interview_id, ids, choice),
            self,
        )
        self.link_menu = menu
        menu.popup(at if at is not None else self.cursor().pos())
        return menu

    def link(self, interview_id: int, contact_ids: Sequence[int], choice: LinkChoice) -> None:
        """Give these people a role in an interview (undoably)."""
        contacts, rounds = self.services.contacts, self.services.rounds
        ids = list(contact_ids)
        names = ", ".join(contacts.get(i).name for i in ids)
        try:
            if choice.round_id is not None:
                round_id = choice.round_id
                before = next(r for r in rounds.rounds_of(interview_id) if r.id == round_id)
                after = tuple(dict.fromkeys([*before.interviewer_ids, *ids]))
                run_and_push(
                    self.undo_stack,
                    f"Link {names}",
                    lambda: rounds.update_round(round_id, interviewer_ids=after),
                    lambda: rounds.update_round(round_id, interviewer_ids=before.interviewer_ids),
                )
            else:
                added: list[int] = []

                def redo() -> None:
                    added.clear()
                    added.extend(i for i in ids if contacts.link(interview_id, i, choice.role))

                def undo() -> None:
                    for i in added:
                        contacts.unlink(interview_id, i, choice.role)

                run_and_push(self.undo_stack, f"Link {names}", redo, undo)
        except (FollowUpError, StopIteration) as exc:
            self._warn(str(exc) or "That round no longer exists.")
            return
        self.highlight_people_of(interview_id)

    # -- vCard ---------------------------------------------------------------------------
    def _import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import people from vCard", "", "vCard files (*.vcf *.vcard);;All files (*)"
        )
        if paths:
            self.import_vcards([Path(p) for p in paths])

    def import_vcards(self, paths: Sequence[Path]) -> list[int]:
        """Import people from .vcf files: all of a file, or (on any error) nobody."""
        created: list[int] = []
        skipped: list[str] = []
        records: list[people.PersonRecord] = []
        try:
            cards = [person for path in paths for person in vcards.read_file(path)]
        except ValidationError as exc:
            self._warn(str(exc))
            return []

        def redo() -> None:
            if records:
                for record in records:
                    people.restore(self.services.ctx, self.services.followups, record)
                return
            report = vcards.import_people(self.services, cards)
            created.extend(report.created)
            skipped.extend(report.skipped)

        def undo() -> None:
            records[:] = [people.capture(i) for i in created]
            for i in created:
                self.services.contacts.delete_contact(i)

        try:
            run_and_push(self.undo_stack, "Import vCard", redo, undo)
        except ValidationError as exc:
            self._warn(str(exc))
            return []
        text = f"Imported {len(created)} {'person' if len(created) == 1 else 'people'}."
        if skipped:
            text += f" Already in your contacts: {', '.join(skipped[:5])}."
        self.last_message = text
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)
        if created:
            self.select_person(created[0])
        return created

    def _export_selected(self) -> None:
        chosen = self.selected_people()
        if not chosen:
            return
        name = chosen[0].name if len(chosen) == 1 else "contacts"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export as vCard", f"{name}.vcf", "vCard files (*.vcf)"
        )
        if path:
            self.export_vcards([p.id for p in chosen], Path(path))

    def _export_all(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export everyone as vCard", "Follow-Up contacts.vcf", "vCard files (*.vcf)"
        )
        if path:
            self.export_vcards(None, Path(path))

    def export_vcards(self, contact_ids: Sequence[int] | None, path: Path) -> int:
        """Write these people (None: everyone) to a .vcf file."""
        everyone = self.services.contacts.list()
        chosen = (
            everyone if contact_ids is None else [p for p in everyone if p.id in set(contact_ids)]
        )
        try:
            return vcards.export_file(chosen, path)
        except ValidationError as exc:
            self._warn(str(exc))
            return 0

    # -- organizations -------------------------------------------------------------------
    def open_organizations(self, organization_id: int | None = None) -> QWidget:
        from followup_desktop.ui.dialogs.organizations import OrganizationsDialog

        dialog = OrganizationsDialog(self.services, self.undo_stack, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if organization_id is not None:
            dialog.select(organization_id)
        dialog.open()
        return dialog
