"""A list of attached files with Add / Open / Remove, for an interview or an organization.

Files are copied into the data folder by the attachment service; opening uses the system
viewer (``QDesktopServices``). Files can also be dropped here from the file manager.
Adding and removing are undoable.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError, ValidationError
from followup_desktop.services import Services
from followup_desktop.services.attachments import (
    ATTACHMENT_KINDS,
    AttachmentInfo,
    attachment_service,
)
from followup_desktop.ui.contacts.commands import run_and_push
from followup_desktop.ui.dialogs.field_errors import error_label

INTERVIEW_KINDS = ("cv", "cover_letter", "job_advert", "certificate", "other")
ORGANIZATION_KINDS = ("business_card", "brochure", "other")


class AttachmentsPanel(QWidget):
    """Files of one interview (``interview_id``) or one organization (``organization_id``)."""

    #: the path handed to the system viewer (tests listen instead of opening a viewer)
    sig_opened = Signal(str)

    def __init__(
        self,
        services: Services,
        undo_stack: QUndoStack | None,
        parent: QWidget | None = None,
        *,
        for_organization: bool = False,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.files = attachment_service(services)
        self.undo_stack = undo_stack
        self.for_organization = for_organization
        self.owner: int | None = None
        #: tests set this to False so no real viewer starts
        self.open_with_system = True
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(self)
        self.list.setObjectName("attachmentList")
        self.list.setAccessibleName("Attached files")
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(lambda item: self.open_item(item))
        self.list.itemDoubleClicked.connect(lambda item: self.open_item(item))
        self.list.setMinimumHeight(72)
        layout.addWidget(self.list, 1)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.hint)
        self.error = error_label(self)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.add_button = QPushButton("Attach a file…", self)
        menu = QMenu(self.add_button)
        for kind in ORGANIZATION_KINDS if for_organization else INTERVIEW_KINDS:
            act = menu.addAction(ATTACHMENT_KINDS[kind] + "…")
            act.triggered.connect(lambda _c=False, k=kind: self._choose_file(k))
        self.add_button.setMenu(menu)
        self.open_button = QPushButton("Open", self)
        self.open_button.clicked.connect(lambda: self.open_item(self.list.currentItem()))
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self.remove_current)
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.set_owner(None)

    # -- owner and listing -------------------------------------------------------------
    def set_owner(self, owner_id: int | None) -> None:
        self.owner = owner_id
        self.refresh()

    def attachments(self) -> list[AttachmentInfo]:
        if self.owner is None:
            return []
        if self.for_organization:
            return self.files.of_organization(self.owner)
        return self.files.of_interview(self.owner)

    def refresh(self) -> None:
        self.list.clear()
        tz = self.services.ctx.tz
        for info in self.attachments():
            when = info.added_at.astimezone(tz).strftime("%d %b %Y").lstrip("0")
            item = QListWidgetItem(f"{info.original_name}\n{info.kind_label} · added {when}")
            item.setData(Qt.ItemDataRole.UserRole, info)
            item.setToolTip(str(self.files.path_of(info)))
            self.list.addItem(item)
        empty = self.list.count() == 0
        if self.for_organization:
            self.hint.setText(
                "Keep their business card and brochures here: they help you "
                "build your own lines to the company."
                if empty
                else ""
            )
        else:
            self.hint.setText(
                "Keep the CV and cover letter you sent and the job advert "
                "(adverts disappear once the job is filled)."
                if empty
                else ""
            )
        self.hint.setVisible(empty)
        self.add_button.setEnabled(self.owner is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.list.currentItem() is not None
        self.open_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    # -- adding ------------------------------------------------------------------------
    def _choose_file(self, kind: str) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, f"Attach: {ATTACHMENT_KINDS[kind]}")
        for path in paths:
            self.add_file(Path(path), kind)

    def add_file(self, path: Path, kind: str = "other") -> int | None:
        """Copy a file in (undoably); errors show under the list."""
        self.error.hide()
        if self.owner is None:
            return None
        owner = self.owner
        key = "organization_id" if self.for_organization else "interview_id"
        added: list[int] = []
        parked: list[AttachmentInfo] = []

        def redo() -> None:
            if parked:
                self.files.restore(parked.pop())
            else:
                added.append(self.files.add(path, kind, **{key: owner}))

        def undo() -> None:
            parked.append(self.files.remove(added[-1]))

        try:
            run_and_push(self.undo_stack, f"Attach {path.name}", redo, undo)
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return None
        self.refresh()
        return added[-1]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.owner is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.add_file(Path(url.toLocalFile()))
        event.acceptProposedAction()

    # -- opening and removing ------------------------------------------------------------
    def open_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        info = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(info, AttachmentInfo):
            return
        path = self.files.path_of(info)
        if not path.exists():
            self.error.setText(f"“{info.original_name}” is missing from the data folder ({path}).")
            self.error.show()
            return
        self.sig_opened.emit(str(path))
        if self.open_with_system:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_current(self) -> None:
        item = self.list.currentItem()
        info = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(info, AttachmentInfo):
            return
        kept: list[AttachmentInfo] = []

        def redo() -> None:
            kept[:] = [self.files.remove(info.id)]

        def undo() -> None:
            self.files.restore(kept[0])

        try:
            run_and_push(self.undo_stack, f"Remove {info.original_name}", redo, undo)
        except FollowUpError as exc:
            self.error.setText(str(exc))
            self.error.show()
        self.refresh()
