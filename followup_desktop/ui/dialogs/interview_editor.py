"""The interview editor: every field of a card, "What happens next?", rounds and promises,
the people and the agency, files, this interview's follow-ups and its timeline.

Opened by Enter or a double-click on a card. Details, people and rounds are a *draft*
saved together by Save (one transaction, one undo step; a validation error shows beside
its field and nothing is saved). Follow-up actions, notes and files act at once, each
undoable on its own. Closing with unsaved changes asks first. The "What happens next?" box
and the people added inline are mixed in (``what_happens_next.py``, ``adding_people.py``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError, ValidationError
from followup_desktop.services import Changes, Services, followup_undo
from followup_desktop.services.interview_edits import InterviewDraft, apply_draft, snapshot
from followup_desktop.ui.contacts.commands import ServiceCommand
from followup_desktop.ui.dialogs.adding_people import AddingPeople
from followup_desktop.ui.dialogs.attachments_panel import AttachmentsPanel
from followup_desktop.ui.dialogs.field_errors import FieldErrors, add_form_row, error_label
from followup_desktop.ui.dialogs.followups_panel import FollowUpsPanel
from followup_desktop.ui.dialogs.people_panel import PeoplePanel
from followup_desktop.ui.dialogs.rounds_editor import RoundsEditor
from followup_desktop.ui.dialogs.timeline_panel import TimelinePanel
from followup_desktop.ui.dialogs.what_happens_next import WhatHappensNext


class InterviewEditor(QDialog, WhatHappensNext, AddingPeople):
    """Edit one interview. ``sig_saved(interview_id)`` after each successful save."""

    sig_saved = Signal(int)

    def __init__(
        self,
        services: Services,
        undo_stack: QUndoStack | None,
        interview_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interviewEditor")
        self.services = services
        self.undo_stack = undo_stack
        self.interview_id = interview_id
        #: the message box asking about unsaved changes (non-blocking; tests reach it here)
        self.pending_box: QMessageBox | None = None
        self._closing = False
        self.resize(1120, 760)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 14, 10)
        self.title = QLabel(self)
        self.title.setObjectName("editorTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel(self)
        self.subtitle.setStyleSheet("color: palette(placeholder-text);")
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(QLabel("Stage", self))
        self.stage = QComboBox(self)
        self.stage.setObjectName("stage")
        for stage in services.board.stages():
            self.stage.addItem(stage.label + (" (hidden)" if stage.hidden else ""), stage.key)
        head.addWidget(self.stage)
        outer.addLayout(head)
        self.general = error_label(self)
        outer.addWidget(self.general)
        self.errors = FieldErrors(self.general)

        split = QSplitter(self)
        outer.addWidget(split, 1)
        self.tabs = QTabWidget(split)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._details_tab(), "Details")
        self.rounds = RoundsEditor(services.ctx.tz, self._create_interviewer, self.tabs)
        self.tabs.addTab(self.rounds, "Rounds && promises")
        self.people = PeoplePanel(self._create_person, self.tabs)
        self.tabs.addTab(self.people, "People")
        self.files = AttachmentsPanel(services, undo_stack, self.tabs)
        self.files.set_owner(interview_id)
        self.tabs.addTab(self.files, "Files")
        split.addWidget(self._side_column(split))
        split.setSizes([640, 460])
        split.setChildrenCollapsible(False)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save_and_close)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.dirty_label = QLabel("", self)
        self.dirty_label.setStyleSheet("color: #92400e;")
        bottom = QHBoxLayout()
        bottom.addWidget(self.dirty_label, 1)
        bottom.addWidget(buttons)
        outer.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)

        self.load()
        for signal in (self.rounds.sig_changed, self.people.sig_changed):
            signal.connect(self._mark_dirty)
        for line in (self.company, self.role, self.location, self.posting_url):
            line.textChanged.connect(self._mark_dirty)
        for text in (self.salary_notes, self.notes, self.next_steps):
            text.textChanged.connect(self._mark_dirty)
        self.agency.currentTextChanged.connect(self._mark_dirty)
        self.stage.currentIndexChanged.connect(self._mark_dirty)
        self.reply_known.toggled.connect(self._mark_dirty)
        self.reply_date.dateChanged.connect(self._mark_dirty)

    # -- building ------------------------------------------------------------------------
    def _row(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> None:
        add_form_row(form, label, field, widget, self.errors)

    def _details_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.company = QLineEdit(page)
        self.company.setObjectName("company")
        self._row(form, "&Company", "company", self.company)
        self.role = QLineEdit(page)
        self.role.setObjectName("role")
        self._row(form, "&Role", "role", self.role)
        self.agency = QComboBox(page)
        self.agency.setObjectName("agency")
        self.agency.setEditable(True)
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency.addItem("")
        self.agency.addItems([o.name for o in self.services.contacts.organizations("agency")])
        agency_line = self.agency.lineEdit()
        if agency_line is not None:
            agency_line.setPlaceholderText("None — I applied directly")
        self._row(form, "Recruitment &agency", "agency", self.agency)
        self.location = QLineEdit(page)
        self.location.setObjectName("location")
        self._row(form, "&Location", "location", self.location)
        self.posting_url = QLineEdit(page)
        self.posting_url.setObjectName("posting_url")
        self.posting_url.setPlaceholderText("https://… (save the advert itself under Files)")
        self._row(form, "Job &posting", "posting_url", self.posting_url)
        self.salary_notes = QPlainTextEdit(page)
        self.salary_notes.setObjectName("salary_notes")
        self.salary_notes.setTabChangesFocus(True)
        self.salary_notes.setFixedHeight(52)
        self._row(form, "&Salary notes", "salary_notes", self.salary_notes)
        self.notes = QPlainTextEdit(page)
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self._row(form, "&Notes", "notes", self.notes)
        return page

    def _side_column(self, parent: QWidget) -> QWidget:
        side = QWidget(parent)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self._what_next_box(side))

        fu = QGroupBox("Follow-ups", side)
        fu_layout = QVBoxLayout(fu)
        self.followups = FollowUpsPanel(self.services, self.undo_stack, fu)
        self.followups.set_interview(self.interview_id)
        fu_layout.addWidget(self.followups)
        layout.addWidget(fu, 2)

        tl = QGroupBox("Timeline", side)
        tl_layout = QVBoxLayout(tl)
        self.timeline = TimelinePanel(self.services, self.undo_stack, tl)
        self.timeline.set_interview(self.interview_id)
        tl_layout.addWidget(self.timeline)
        layout.addWidget(tl, 3)
        line = QFrame(side)
        line.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(line)
        return side

    # -- loading -------------------------------------------------------------------------
    def load(self, draft: InterviewDraft | None = None) -> None:
        """Fill the editor from the stored interview (or from ``draft``)."""
        self._loading = True
        try:
            current = draft or snapshot(self.services, self.interview_id)
            self._saved = current
            details = self.services.board.get(self.interview_id)
            self.setWindowTitle(f"{current.company} — {current.role}")
            self.title.setText(f"{current.company} — {current.role}")
            stage_label = next(
                (s.label for s in self.services.board.stages() if s.key == current.stage_key),
                current.stage_key,
            )
            since = details.stage_entered_at.astimezone(self.services.ctx.tz)
            via = f" · via {current.agency}" if current.agency else ""
            self.subtitle.setText(f"{stage_label} since {since.strftime('%d %b %Y')}{via}")
            self.company.setText(current.company)
            self.role.setText(current.role)
            self.agency.setCurrentText(current.agency or "")
            self.location.setText(current.location)
            self.posting_url.setText(current.posting_url)
            self.salary_notes.setPlainText(current.salary_notes)
            self.notes.setPlainText(current.notes)
            self.next_steps.setPlainText(current.next_steps)
            self.stage.setCurrentIndex(max(0, self.stage.findData(current.stage_key)))
            self._show_reply_date(current.reply_expected_by)
            people = self._everyone()
            self.rounds.set_people(people)
            self.people.set_people(people)
            self.rounds.set_rounds(current.rounds)
            self.people.set_links(current.people)
        finally:
            self._loading = False
        self._update_reply_hint()
        self._mark_dirty()

    # -- the draft -----------------------------------------------------------------------
    def draft(self) -> InterviewDraft:
        """What the editor shows now, as a value."""
        stage_key = str(self.stage.currentData())
        return InterviewDraft(
            company=self.company.text(),
            role=self.role.text(),
            stage_key=stage_key,
            agency=self.agency.currentText().strip() or None,
            posting_url=self.posting_url.text(),
            location=self.location.text(),
            salary_notes=self.salary_notes.toPlainText(),
            notes=self.notes.toPlainText(),
            next_steps=self.next_steps.toPlainText(),
            reply_expected_by=self._reply_expected_by(),
            people=self.people.links(),
            rounds=self.rounds.rounds(),
            # Moved by the editor: to the end of the new column.
            position=None if stage_key != self._saved.stage_key else self._saved.position,
        )

    def is_dirty(self) -> bool:
        return _normalised(self.draft()) != _normalised(self._saved)

    def _mark_dirty(self, *_args: object) -> None:
        if getattr(self, "_loading", False):
            return
        dirty = self.is_dirty()
        self.dirty_label.setText("Unsaved changes" if dirty else "")
        self._update_reply_hint()

    # -- saving --------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the draft in one transaction; errors show beside their field."""
        self.errors.clear()
        self.rounds.clear_errors()
        if not self.is_dirty():
            return True
        draft = self.draft()
        # What is stored now, not what the editor last loaded (the board may have moved the
        # card meanwhile): the undo puts back exactly this. And the follow-ups as they are:
        # the rules alone would not give back the user's edits to those of a round this
        # save deletes.
        before = snapshot(self.services, self.interview_id)
        followups_before = followup_undo.rows_of(self.interview_id)
        try:
            after = apply_draft(self.services, self.interview_id, draft)
        except ValidationError as exc:
            self._show_error(exc)
            return False
        except FollowUpError as exc:
            self.general.setText(str(exc))
            self.general.show()
            return False
        holder = {"before": before, "after": after}
        iid = self.interview_id
        taken = followup_undo.taken_by_save(followups_before, followup_undo.rows_of(iid))

        def redo() -> None:
            holder["after"] = apply_draft(self.services, iid, holder["after"])

        def undo() -> None:
            holder["before"] = apply_draft(self.services, iid, holder["before"], followups=taken)

        if self.undo_stack is not None:
            self.undo_stack.push(ServiceCommand(f"Edit {after.company} — {after.role}", redo, undo))
        tab = self.tabs.currentIndex()
        round_row = self.rounds.current()
        self.load(after)
        self.tabs.setCurrentIndex(tab)
        if round_row >= 0:
            self.rounds.list.setCurrentRow(round_row)
        self.followups.refresh()
        self.timeline.refresh()
        self.sig_saved.emit(self.interview_id)
        return True

    def _show_error(self, error: ValidationError) -> None:
        if error.field.startswith("rounds."):
            self.tabs.setCurrentWidget(self.rounds)
            self.rounds.show_error(error)
            return
        label = self.errors.show(error)
        if label is self.general and error.field in ("contact", "role", "interviewers"):
            self.tabs.setCurrentWidget(self.people)
        elif label is not self.general:
            page = label.parentWidget()
            while page is not None and self.tabs.indexOf(page) < 0:
                page = page.parentWidget()
            if page is not None:
                self.tabs.setCurrentWidget(page)

    def save_and_close(self) -> None:
        if self.save():
            self._closing = True
            self.accept()

    # -- live refresh and closing --------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        """Refresh the live panels (follow-ups, timeline, files) from committed changes."""
        if changes.everything or self.interview_id in changes.interviews or changes.followups:
            try:
                self.services.board.get(self.interview_id)
            except FollowUpError:
                self._closing = True
                self.reject()  # the card was deleted under us
                return
            self.followups.refresh()
            self.timeline.refresh()
            self.files.refresh()
            if not self.is_dirty():
                self.load()

    def reject(self) -> None:
        if self._closing or not self.is_dirty():
            self._closing = True
            super().reject()
            return
        self.ask_unsaved()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing or not self.is_dirty():
            self._closing = True
            event.accept()
            return
        event.ignore()
        self.ask_unsaved()

    def ask_unsaved(self) -> QMessageBox:
        """Ask what to do with unsaved changes: save, discard or keep editing."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Unsaved changes",
            f"Save your changes to {self._saved.company} — {self._saved.role}?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("unsavedBox")
        box.setDefaultButton(QMessageBox.StandardButton.Save)

        def answered(_code: int) -> None:
            button = box.standardButton(box.clickedButton())
            if button == QMessageBox.StandardButton.Save:
                self.save_and_close()
            elif button == QMessageBox.StandardButton.Discard:
                self._closing = True
                QDialog.reject(self)

        box.finished.connect(answered)
        self.pending_box = box
        box.open()
        return box


def _normalised(draft: InterviewDraft) -> InterviewDraft:
    """Compare what the user sees: text is saved stripped, "" agency means none."""
    from dataclasses import replace

    return replace(
        draft,
        company=draft.company.strip(),
        role=draft.role.strip(),
        agency=(draft.agency or "").strip() or None,
        posting_url=draft.posting_url.strip(),
        location=draft.location.strip(),
        salary_notes=draft.salary_notes.strip(),
        notes=draft.notes.strip(),
        next_steps=draft.next_steps.strip(),
        people=tuple(sorted(set(draft.people))),
    )
