"""Settings ▸ Templates: read the built-in letters and emails, make them your own.

The list shows the built-ins and the user's own templates. A built-in is read-only until
**Edit a copy**; **Save as new…** starts a template of one's own from the text shown;
**Reset to built-in** (or **Delete** for one's own) removes the user's file. Everything waits
for Apply / OK, like the other pages. The preview fills the text, as it is typed, from an
interview of the user's choice; a mistake shows with its line, which is highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import ValidationError
from followup_desktop.core.facts import FollowUpKind
from followup_desktop.core.templating import TemplateProblem, check_syntax, describe
from followup_desktop.services import Services
from followup_desktop.services.template_files import check_name, kind_of
from followup_desktop.ui.dialogs.field_errors import ERROR_STYLE
from followup_desktop.ui.settings.registry import SettingsPage, register_page

ORDER = 40
PREVIEW_DELAY_MS = 300


@dataclass
class _Entry:
    """One template as the page holds it until Apply."""

    name: str
    builtin: bool
    #: the text shown (the user's version, the built-in, or an unsaved edit)
    source: str
    #: the user has (or will have, after Apply) their own file for it
    customized: bool
    dirty: bool = False

    @property
    def editable(self) -> bool:
        return self.customized

    def label(self) -> str:
        title = describe(self.source).partition(" — ")[0].strip() or self.name
        suffix = " (your own)" if not self.builtin else " (edited)" if self.customized else ""
        return f"{title}{suffix}{' *' if self.dirty else ''}"


class TemplatesPage(SettingsPage):
    title = "Templates"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("templatesPage")
        # Imported with the page, not at start (the mail code under it is ~25 ms).
        from followup_desktop.services.compose import ComposeService

        self.compose = ComposeService(services)
        self.library = self.compose.library
        self.entries: dict[str, _Entry] = {}
        #: user files to remove on Apply (reset to built-in, or delete one's own)
        self.removed: set[str] = set()
        self._loading = False
        self._build()
        self._load_entries()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.list.setCurrentRow(0)

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        intro = QLabel(
            "The texts Follow-Up fills in when you write a follow-up. Edit a copy to make one "
            "your own; the built-in stays one click away.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("templateList")
        self.list.setAccessibleName("Templates")
        self.list.currentItemChanged.connect(self._on_selected)
        self.edit_copy = QPushButton("&Edit a copy", self)
        self.edit_copy.clicked.connect(self.make_copy)
        self.save_new = QPushButton("Save as &new…", self)
        self.save_new.clicked.connect(self._ask_new_name)
        self.reset = QPushButton("&Reset to built-in", self)
        self.reset.setObjectName("templateReset")
        self.reset.clicked.connect(self._ask_reset)
        buttons = QHBoxLayout()
        for button in (self.edit_copy, self.save_new, self.reset):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.description = QLabel(self)
        self.description.setObjectName("templateDescription")
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("templateEditor")
        self.editor.setAccessibleName("Template text")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.editor.textChanged.connect(self._on_text_changed)
        self.error = QLabel(self)
        self.error.setObjectName("templateError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()

        self.interview = QComboBox(self)
        self.interview.setObjectName("templatePreviewInterview")
        self.interview.setAccessibleName("Preview with interview")
        for interview_id, label in self.compose.interview_choices():
            self.interview.addItem(label, interview_id)
        self.interview.currentIndexChanged.connect(lambda _i: self.refresh_preview())
        self.preview_subject = QLabel(self)
        self.preview_subject.setObjectName("templatePreviewSubject")
        self.preview_subject.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_subject.setWordWrap(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("templatePreview")
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview")

        edit_side = QWidget(self)
        edit_layout = QVBoxLayout(edit_side)
        edit_layout.setContentsMargins(0, 0, 0, 0)
        edit_layout.addWidget(self.description)
        edit_layout.addWidget(self.editor, 1)
        edit_layout.addWidget(self.error)
        edit_layout.addLayout(buttons)
        preview_side = QWidget(self)
        preview_layout = QVBoxLayout(preview_side)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        with_label = QLabel("Preview &with:", self)
        with_label.setBuddy(self.interview)
        row.addWidget(with_label)
        row.addWidget(self.interview, 1)
        preview_layout.addLayout(row)
        preview_layout.addWidget(self.preview_subject)
        preview_layout.addWidget(self.preview, 1)

        # Text above, its preview below: both stay readable in a dialog of modest width.
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(edit_side)
        right.addWidget(preview_side)
        right.setChildrenCollapsible(False)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        unit = self.fontMetrics().height()
        self.list.setMinimumWidth(unit * 9)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        split.setSizes([unit * 12, unit * 40])
        right.setSizes([unit * 18, unit * 14])
        # Room for the text and its preview; the Settings dialog grows to fit.
        self.setMinimumSize(unit * 44, unit * 30)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        if not self.interview.count():
            self.interview.addItem("(add an interview to see a preview)", None)

    def _load_entries(self) -> None:
        for info in self.library.templates():
            try:
                source = self.library.source(info.name)
            except ValidationError as exc:
                source = f"{{# {exc.message} #}}\n"
            self.entries[info.name] = _Entry(info.name, info.builtin, source, info.customized)
        self._refill_list()

    def _refill_list(self, select: str | None = None) -> None:
        current = select or self.current_name()
        self._loading = True
        try:
            self.list.clear()
            for entry in self.entries.values():
                item = QListWidgetItem(entry.label(), self.list)
                item.setData(Qt.ItemDataRole.UserRole, entry.name)
                item.setToolTip(f"{entry.name}.j2")
        finally:
            self._loading = False
        names = list(self.entries)
        if current in names:
            self.list.setCurrentRow(names.index(current))

    # -- selection and editing -----------------------------------------------------------
    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def current(self) -> _Entry | None:
        name = self.current_name()
        return self.entries.get(name) if name else None

    def select(self, name: str) -> None:
        names = list(self.entries)
        if name in names:
            self.list.setCurrentRow(names.index(name))

    def _on_selected(self, *_args: object) -> None:
        if self._loading:
            return
        entry = self.current()
        if entry is None:
            return
        self._loading = True
        try:
            self.editor.setPlainText(entry.source)
        finally:
            self._loading = False
        self.editor.setReadOnly(not entry.editable)
        text = describe(entry.source) or entry.name
        if not entry.editable:
            text += "\nA built-in template: Edit a copy to change it."
        elif entry.builtin:
            text += "\nYour copy of a built-in template: Reset to built-in brings it back."
        self.description.setText(text)
        self.edit_copy.setEnabled(not entry.editable)
        self.reset.setText("&Reset to built-in" if entry.builtin else "&Delete")
        self.reset.setEnabled(entry.customized)
        self.refresh_preview()

    def _on_text_changed(self) -> None:
        entry = self.current()
        if self._loading or entry is None or not entry.editable:
            return
        entry.source = self.editor.toPlainText()
        if not entry.dirty:
            entry.dirty = True
            item = self.list.currentItem()
            if item is not None:
                item.setText(entry.label())
        self._timer.start()

    def make_copy(self) -> None:
        """Edit a copy: the built-in's text becomes the user's, editable."""
        entry = self.current()
        if entry is None or entry.editable:
            return
        entry.customized = entry.dirty = True
        self.removed.discard(entry.name)
        self._refill_list(entry.name)
        self._on_selected()
        self.editor.setFocus()

    def _ask_new_name(self) -> None:
        entry = self.current()
        if entry is None:
            return
        name, ok = QInputDialog.getText(
            self,
            "Save as new template",
            "Name (start it with what it is for, e.g. thank_you_… or chase_…):",
            text=self.library.free_name(entry.name),
        )
        if ok:
            try:
                self.save_as_new(name)
            except ValidationError as exc:
                QMessageBox.warning(self, "Save as new template", exc.message)

    def save_as_new(self, name: str) -> str:
        """A template of one's own, starting from the text shown (saved on Apply)."""
        entry = self.current()
        clean = check_name(name)
        if clean in self.entries:
            raise ValidationError("name", f"There is already a template called “{clean}”.")
        source = entry.source if entry is not None else ""
        self.entries[clean] = _Entry(clean, False, source, customized=True, dirty=True)
        self.removed.discard(clean)
        self._refill_list(clean)
        self._on_selected()
        return clean

    def _ask_reset(self) -> None:
        entry = self.current()
        if entry is None:
            return
        question = (
            f"Go back to the built-in “{entry.label()}”? Your changes to it are removed."
            if entry.builtin
            else f"Delete your template “{entry.name}”?"
        )
        if QMessageBox.question(self, "Templates", question) == QMessageBox.StandardButton.Yes:
            self.reset_current()

    def reset_current(self) -> None:
        """Reset to built-in (or delete one's own); the file goes on Apply."""
        entry = self.current()
        if entry is None or not entry.customized:
            return
        self.removed.add(entry.name)
        if entry.builtin:
            entry.source = self.library.builtin_source(entry.name)
            entry.customized = entry.dirty = False
            self._refill_list(entry.name)
        else:
            del self.entries[entry.name]
            self._refill_list()
            self.list.setCurrentRow(0)
        self._on_selected()

    # -- preview -------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        entry = self.current()
        if entry is None:
            return
        problem = check_syntax(entry.source, entry.name)
        interview_id = self.interview.currentData()
        subject, body = "", ""
        if problem is None and interview_id is not None:
            kind = kind_of(entry.name) or FollowUpKind.CUSTOM
            try:
                out = self.compose.preview(entry.source, int(interview_id), kind, entry.name)
                subject, body = out.subject, out.body
            except TemplateProblem as exc:
                problem = exc
            except ValidationError as exc:
                problem = TemplateProblem(exc.message)
        self.preview_subject.setText(f"Subject: {subject}" if subject else "")
        self.preview.setPlainText(body)
        self._show_problem(problem)

    def _show_problem(self, problem: TemplateProblem | None) -> None:
        self.error.setText(str(problem) if problem else "")
        self.error.setVisible(problem is not None)
        marks: list[QTextEdit.ExtraSelection] = []
        if problem is not None and problem.line:
            block = self.editor.document().findBlockByNumber(problem.line - 1)
            if block.isValid():
                mark = QTextEdit.ExtraSelection()
                mark.format.setBackground(QColor("#fee2e2"))
                mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                mark.cursor = QTextCursor(block)
                marks.append(mark)
        self.editor.setExtraSelections(marks)

    def problem_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    # -- saving --------------------------------------------------------------------------
    def apply(self) -> None:
        for name in sorted(self.removed):
            if name not in self.entries or not self.entries[name].customized:
                self.library.reset(name)
        self.removed.clear()
        for entry in self.entries.values():
            if not (entry.dirty and entry.customized):
                continue
            try:
                self.library.save(entry.name, entry.source)
            except TemplateProblem as exc:
                self.select(entry.name)
                raise ValidationError(
                    "template", f"The template “{entry.name}” was not saved. {exc.message}"
                ) from exc
            entry.dirty = False
        self._refill_list()


def register() -> None:
    register_page(ORDER, TemplatesPage)
