"""The contacts sidebar: a dock on the left with people grouped by kind, a search field, and
add / edit / delete, vCard import and export, and the organizations editor.

What its actions do lives beside it: adding, editing and deleting a person in
``person_edits.py``, vCard import and export in ``vcard_exchange.py``, linking people dropped
on a card in ``linking.py``; the dock keeps the list, the menus and the highlight.

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
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError
from followup_desktop.core.facts import ContactKind
from followup_desktop.services import Changes, Services
from followup_desktop.services.contacts import ContactInfo
from followup_desktop.ui.contacts import linking, person_edits, vcard_exchange
from followup_desktop.ui.contacts.contact_delegate import ContactDelegate
from followup_desktop.ui.contacts.contact_dialog import ContactDialog
from followup_desktop.ui.contacts.contact_model import ContactRole, ContactTreeModel, IsGroupRole
from followup_desktop.ui.contacts.link_menu import LinkChoice


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
        self.export_selected_action = action(
            "Export selected as vCard…", lambda: vcard_exchange.ask_and_export_selected(self)
        )
        self.import_action = action("&Import vCard…", lambda: vcard_exchange.ask_and_import(self))
        self.export_all_action = action(
            "Export &everyone as vCard…", lambda: vcard_exchange.ask_and_export_everyone(self)
        )
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

    # -- add, edit, delete (person_edits.py) -----------------------------------------------
    def add_person(
        self, kind: ContactKind = ContactKind.OTHER, organization: str = "", name: str = ""
    ) -> ContactDialog:
        """Open the person form (non-blocking); saving creates the person, undoably."""
        return person_edits.add_person(self, kind, organization, name)

    def edit_selected(self) -> None:
        chosen = self.selected_people()
        if chosen:
            self.edit_person(chosen[0].id)

    def _edit_index(self, index: QModelIndex) -> None:
        person = index.data(ContactRole)
        if isinstance(person, ContactInfo):
            self.edit_person(person.id)

    def edit_person(self, contact_id: int) -> ContactDialog:
        """Open the person form on someone (non-blocking); saving updates them, undoably."""
        return person_edits.edit_person(self, contact_id)

    def delete_selected(self) -> None:
        for person in self.selected_people()[:1]:
            self.delete_person(person.id)

    def delete_person(self, contact_id: int) -> QMessageBox:
        """Ask (saying where they are linked), then delete and unlink them, undoably."""
        return person_edits.delete_person(self, contact_id)

    def warn(self, text: str) -> None:
        """Say what went wrong in a message box (non-blocking; kept in ``pending_box``)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Contacts", text, QMessageBox.StandardButton.Ok, self
        )
        self.pending_box = box
        box.open()

    def _copy_email(self) -> None:
        emails = [p.email for p in self.selected_people() if p.email]
        if emails:
            QGuiApplication.clipboard().setText(", ".join(emails))

    # -- linking by drag and drop (linking.py) ----------------------------------------------
    def link_dropped(
        self, interview_id: int, contact_ids: Sequence[int], at: QPoint | None = None
    ) -> QMenu | None:
        """People were dropped on a card: ask which role they play there, then link them."""
        return linking.link_dropped(self, interview_id, contact_ids, at)

    def link(self, interview_id: int, contact_ids: Sequence[int], choice: LinkChoice) -> None:
        """Give these people a role in an interview (undoably)."""
        linking.link(self, interview_id, contact_ids, choice)

    # -- vCard (vcard_exchange.py) ----------------------------------------------------------
    def import_vcards(self, paths: Sequence[Path]) -> list[int]:
        """Import people from .vcf files: all of a file, or (on any error) nobody."""
        return vcard_exchange.import_vcards(self, paths)

    def export_vcards(self, contact_ids: Sequence[int] | None, path: Path) -> int:
        """Write these people (None: everyone) to a .vcf file."""
        return vcard_exchange.export_vcards(self, contact_ids, path)

    # -- organizations -------------------------------------------------------------------
    def open_organizations(self, organization_id: int | None = None) -> QWidget:
        from followup_desktop.ui.dialogs.organizations import OrganizationsDialog

        dialog = OrganizationsDialog(self.services, self.undo_stack, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if organization_id is not None:
            dialog.select(organization_id)
        dialog.open()
        return dialog
