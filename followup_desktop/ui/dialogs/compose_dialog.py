"""Write a follow-up: recipients, subject and body filled in, every field editable.

Opened for one follow-up (from the card menu, the due panel, the tray, a notification).
The message leaves through the user's own mail client (``mailto:``), the clipboard, an
``.eml`` draft, a PDF or the printer (:mod:`.compose_sending`); **Mark as sent** then logs
it, completes the follow-up and updates last-contacted, as one undoable step (with the offered
stage move).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

from followup_desktop.core.errors import FollowUpError
from followup_desktop.core.mail import format_recipients
from followup_desktop.services import Changes
from followup_desktop.services.compose import ComposeService, Draft
from followup_desktop.ui.compose_commands import push_mark_as_sent
from followup_desktop.ui.dialogs.compose_sending import ComposeSending
from followup_desktop.ui.dialogs.compose_sending import file_stem as file_stem
from followup_desktop.ui.main_window import MainWindow

_BANNER = (
    "QLabel {{ background: {bg}; border: 1px solid {border}; border-radius: 6px; "
    "padding: 6px 8px; color: #1f2937; }}"
)
WARNING_STYLE = _BANNER.format(bg="#fef3c7", border="#f59e0b")
PROBLEM_STYLE = _BANNER.format(bg="#fee2e2", border="#ef4444")
NOTE_STYLE = "QLabel { font-size: 92%; }"


class ComposeDialog(ComposeSending):
    """The compose window for one follow-up (how the message leaves it: :class:`ComposeSending`)."""

    #: emitted after "Mark as sent" went through (the dialog then closes)
    sig_sent = Signal()

    def __init__(self, window: MainWindow, followup_id: int) -> None:
        super().__init__(window)
        self.window_ = window
        self.services = window.services
        self.compose = ComposeService(window.services)
        self.followup_id = followup_id
        self.draft: Draft | None = None
        self._filling = False
        self.edited = False
        self.setObjectName("compose-dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        unit = self.fontMetrics().height()
        self.resize(unit * 46, unit * 40)
        self._build()
        self.load()
        # A bound method of this QObject: disconnected when the dialog is deleted on close.
        window.bridge.sig_changed.connect(self._on_changes)

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("compose-heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.subheading = QLabel(self)
        self.subheading.setObjectName("compose-subheading")

        self.warning = self._banner("compose-warning", WARNING_STYLE)
        self.problem = self._banner("compose-problem", PROBLEM_STYLE)
        self.problem_action = QPushButton(self)
        self.problem_action.setObjectName("compose-problem-action")
        self.problem_action.hide()
        self.problem_action.clicked.connect(self._fix_problem)
        self.notes = QLabel(self)
        self.notes.setObjectName("compose-notes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(NOTE_STYLE)

        self.template = QComboBox(self)
        self.template.setObjectName("compose-template")
        self.template.setAccessibleName("Template")
        self.template.activated.connect(self._on_template_chosen)
        self.to = QLineEdit(self)
        self.to.setObjectName("compose-to")
        self.to.setPlaceholderText("Name <email>, …")
        self.cc = QLineEdit(self)
        self.cc.setObjectName("compose-cc")
        self.subject = QLineEdit(self)
        self.subject.setObjectName("compose-subject")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("compose-body")
        self.body.setAccessibleName("Message")
        self.body.setTabChangesFocus(True)
        for edit in (self.to, self.cc, self.subject):
            edit.textEdited.connect(self._mark_edited)
        self.body.textChanged.connect(self._mark_edited)
        self.body.textChanged.connect(self._update_actions)

        form = QFormLayout()
        form.addRow("&Template:", self.template)
        form.addRow("&To:", self.to)
        form.addRow("&Cc:", self.cc)
        form.addRow("&Subject:", self.subject)

        self.open_mail = QPushButton("&Open in mail client", self)
        self.open_mail.setObjectName("compose-open-mail")
        self.open_mail.setToolTip("Opens your own mail program with this message, ready to send")
        self.open_mail.clicked.connect(self.open_in_mail_client)
        self.copy = QToolButton(self)
        self.copy.setObjectName("compose-copy")
        self.copy.setText("Cop&y")
        self.copy.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.copy.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.copy.clicked.connect(self.copy_text)
        copy_menu = QMenu(self.copy)
        copy_menu.addAction("Copy the text", self.copy_text)
        copy_menu.addAction("Copy the subject", self.copy_subject)
        copy_menu.addAction("Copy recipients, subject and text", self.copy_all)
        self.copy.setMenu(copy_menu)
        self.save_eml_button = QPushButton("Save as .&eml…", self)
        self.save_eml_button.setToolTip("A draft file any mail program opens, ready to send")
        self.save_eml_button.clicked.connect(self._ask_save_eml)
        self.save_pdf_button = QPushButton("Save as &PDF…", self)
        self.save_pdf_button.clicked.connect(self._ask_save_pdf)
        self.print_button = QPushButton("P&rint…", self)
        self.print_button.clicked.connect(self.print_letter)

        self.move_next = QCheckBox(self)
        self.move_next.setObjectName("compose-move-next")
        self.move_next.setChecked(True)
        self.mark_sent = QPushButton("&Mark as sent", self)
        self.mark_sent.setObjectName("compose-mark-sent")
        self.mark_sent.setToolTip(
            "Log it on the timeline, complete the follow-up and note who you contacted "
            "(Undo takes it back)"
        )
        self.mark_sent.clicked.connect(self.mark_as_sent)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        close.setShortcut(QKeySequence.StandardKey.Close)
        self.status = QLabel(self)
        self.status.setObjectName("compose-status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(NOTE_STYLE)

        send_row = QHBoxLayout()
        for button in (
            self.open_mail,
            self.copy,
            self.save_eml_button,
            self.save_pdf_button,
            self.print_button,
        ):
            send_row.addWidget(button)
        send_row.addStretch(1)
        done_row = QHBoxLayout()
        done_row.addWidget(self.status, 1)
        done_row.addWidget(self.move_next)
        done_row.addWidget(self.mark_sent)
        done_row.addWidget(close)

        problem_row = QHBoxLayout()
        problem_row.addWidget(self.problem, 1)
        problem_row.addWidget(self.problem_action, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.warning)
        layout.addLayout(problem_row)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.notes)
        layout.addLayout(send_row)
        layout.addLayout(done_row)

    def _banner(self, name: str, style: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.hide()
        return label

    # -- filling -------------------------------------------------------------------------
    def load(self, template: str | None = None) -> bool:
        """Fill every field from the template (default: the follow-up kind's own)."""
        try:
            draft = self.compose.draft(self.followup_id, template)
        except FollowUpError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            self.mark_sent.setEnabled(False)
            return False
        self.draft = draft
        self._filling = True
        try:
            self._fill(draft)
        finally:
            self._filling = False
        self.edited = False
        return True

    def _fill(self, d: Draft) -> None:
        self.setWindowTitle(f"{'Letter' if d.is_letter else 'Email'} — {d.title}")
        self.heading.setText(d.title)
        self.subheading.setText(f"{d.company} — {d.role}")
        self.template.clear()
        for info in self.compose.library.for_kind(d.kind):
            self.template.addItem(info.label, info.name)
            self.template.setItemData(
                self.template.count() - 1, info.description, Qt.ItemDataRole.ToolTipRole
            )
        self.template.setCurrentIndex(max(0, self.template.findData(d.template)))
        self.to.setText(format_recipients((r.name, r.email) for r in d.to))
        self.cc.setText(format_recipients((r.name, r.email) for r in d.cc))
        self.subject.setText(d.subject)
        self.body.setPlainText(d.body)
        self.warning.setText(f"⚠  {d.warning}" if d.warning else "")
        self.warning.setVisible(bool(d.warning))
        self.problem.setText(self._problem_text())
        self.problem.setToolTip(str(d.problem) if d.problem else "")
        self.problem.setVisible(d.problem is not None)
        fix = self._problem_fix()
        self.problem_action.setText(fix or "")
        self.problem_action.setVisible(bool(fix))
        self.notes.setText("\n".join(f"•  {n}" for n in d.notes))
        self.notes.setVisible(bool(d.notes))
        self.move_next.setVisible(d.next_stage is not None)
        if d.next_stage is not None:
            self.move_next.setText(f"Then move the card to {d.next_stage.label}")
        letter = d.is_letter
        # A letter is printed or saved as PDF; an email goes through the mail program.
        self.open_mail.setVisible(not letter)
        self.save_eml_button.setVisible(not letter)
        self.save_pdf_button.setText("Save letter as &PDF…" if letter else "Save as &PDF…")
        (self.save_pdf_button if letter else self.open_mail).setDefault(True)
        self.mark_sent.setText("&Mark as sent" if not letter else "&Mark as sent (posted)")
        self._update_actions()

    def _problem_text(self) -> str:
        d = self.draft
        if d is None or d.problem is None:
            return ""
        if "Settings → Profile" in str(d.problem):
            # The usual first-day problem: say it in plain words, not template words.
            return (
                "Your profile is not filled in yet, so this message cannot be signed: "
                "add your name (and, for letters, your address) in Settings → Profile. "
                f"\n\n({d.problem})"
            )
        return f"The template “{d.template}” could not be filled.\n{d.problem}"

    def _problem_fix(self) -> str | None:
        d = self.draft
        if d is None or d.problem is None:
            return None
        if "Settings → Profile" in str(d.problem):
            return "Open Profile…"
        return "Edit template…"

    def _fix_problem(self) -> None:
        page = "Profile" if self.problem_action.text().startswith("Open Profile") else "Templates"
        self.window_.open_settings(page)

    def _update_actions(self) -> None:
        has_text = bool(self.body.toPlainText().strip())
        for button in (
            self.open_mail,
            self.copy,
            self.save_eml_button,
            self.save_pdf_button,
            self.print_button,
            self.mark_sent,
        ):
            button.setEnabled(has_text and self.draft is not None)

    def _mark_edited(self) -> None:
        if not self._filling:
            self.edited = True

    def _on_template_chosen(self, index: int) -> None:
        name = self.template.itemData(index)
        if not name or (self.draft is not None and name == self.draft.template):
            return
        if (
            self.edited
            and QMessageBox.question(
                self,
                "Use another template?",
                "Replace what you have written with the new template?",
            )
            != QMessageBox.StandardButton.Yes
        ):
            self.template.setCurrentIndex(
                self.template.findData(self.draft.template) if self.draft else 0
            )
            return
        self.load(str(name))

    def _on_changes(self, changes: Changes) -> None:
        # New profile or contact details arrive in an untouched draft (a problem fixed in
        # Settings); what the user typed is never overwritten.
        if (
            not self.edited
            and self.draft is not None
            and (
                changes.settings
                or changes.contacts
                or changes.organizations
                or changes.everything
                or self.draft.interview_id in changes.interviews
            )
        ):
            self.load(self.draft.template)

    # -- done ----------------------------------------------------------------------------
    def mark_as_sent(self) -> bool:
        """Log the message as sent (and move the card on when ticked), undoably; then close."""
        if self.draft is None:
            return False
        to, cc = self.recipients()
        stage = self.draft.next_stage if self.move_next.isChecked() else None
        try:
            push_mark_as_sent(
                self.window_,
                self.compose,
                self.followup_id,
                to=to,
                cc=cc,
                subject=self.subject.text(),
                body=self.body.toPlainText(),
                letter=self.draft.is_letter,
                next_stage=stage,
                title=self.draft.title,
            )
        except FollowUpError as exc:
            QMessageBox.warning(self, "Mark as sent", str(exc))
            return False
        self.sig_sent.emit()
        self.close()
        return True


def open_compose(window: MainWindow, followup_id: int) -> ComposeDialog:
    """Show the compose window for a follow-up (the one already open for it, if any)."""
    for dialog in window.findChildren(ComposeDialog):
        if dialog.followup_id == followup_id and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return dialog
    window.show_and_raise()
    dialog = ComposeDialog(window, followup_id)
    dialog.show()
    return dialog
