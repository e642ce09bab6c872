"""The New interview dialog: company (existing or new), role and stage — and a reminder of
any interviews already at that company ("did I already apply there?").

Full editing (agency, rounds, people...) belongs to the interview editor.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError, ValidationError
from followup_desktop.services import Services

#: Adds the interview: (company, role, stage key) -> its id. Raises ValidationError.
Submit = Callable[[str, str, str], int]

HISTORY_DELAY_MS = 150


class NewInterviewDialog(QDialog):
    """Asks for company, role and stage; shows the company's earlier interviews."""

    def __init__(
        self,
        services: Services,
        submit: Submit,
        stage_key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._submit = submit
        #: the id of the interview added (0 until then)
        self.interview_id = 0
        self.setWindowTitle("New interview")
        self.setObjectName("new-interview-dialog")
        unit = self.fontMetrics().height()
        self.setMinimumWidth(unit * 26)

        self.company = QLineEdit(self)
        self.company.setObjectName("company")
        self.company.setPlaceholderText("e.g. Acme Ltd")
        self.company.setAccessibleName("Company")
        names = [o.name for o in services.contacts.organizations("employer")]
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.company.setCompleter(completer)
        self.role = QLineEdit(self)
        self.role.setObjectName("role")
        self.role.setPlaceholderText("e.g. Product Designer")
        self.role.setAccessibleName("Role")
        self.stage = QComboBox(self)
        self.stage.setObjectName("stage")
        self.stage.setAccessibleName("Stage")
        self._labels: dict[str, str] = {}
        for stage in services.board.stages():
            self._labels[stage.key] = stage.label
            if not stage.hidden:
                self.stage.addItem(stage.label, stage.key)
        if stage_key is not None and self.stage.findData(stage_key) >= 0:
            self.stage.setCurrentIndex(self.stage.findData(stage_key))

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, label, widget in (
            ("company", "&Company:", self.company),
            ("role", "&Role:", self.role),
            ("stage", "&Stage:", self.stage),
        ):
            form.addRow(label, widget)
            error = QLabel(self)
            error.setObjectName(f"{name}-error")
            error.setStyleSheet("color: #dc2626;")
            error.setWordWrap(True)
            error.hide()
            form.addRow("", error)
            self.errors[name] = error

        self.history = QLabel(self)
        self.history.setObjectName("company-history")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.hide()
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet("color: #dc2626;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Add to board")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.history)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HISTORY_DELAY_MS)
        self._timer.timeout.connect(self.update_history)
        self.company.textChanged.connect(lambda _t: self._timer.start())
        self.company.textChanged.connect(lambda _t: self._clear_error("company"))
        self.role.textChanged.connect(lambda _t: self._clear_error("role"))
        completer.activated.connect(lambda _t: self.update_history())

    def update_history(self) -> None:
        """Show the interviews already at the company typed, archived ones too."""
        self._timer.stop()
        company = self.company.text().strip()
        past = self.services.board.interviews_at(company) if company else []
        if not past:
            self.history.hide()
            self.history.clear()
            return
        items = []
        for interview in sorted(past, key=lambda i: i.created_at, reverse=True):
            where = self._labels.get(interview.stage_key, interview.stage_key)
            if interview.archived:
                where += ", archived"
            added = interview.created_at.astimezone(self.services.ctx.tz)
            items.append(
                f"<li>{escape(interview.role)} — {escape(where)} "
                f"<span style='color:gray'>(added {added:%d %b %Y})</span></li>"
            )
        n = len(past)
        self.history.setText(
            f"<b>You already have {n} interview{'s' if n != 1 else ''} at "
            f"{escape(past[0].company)}:</b><ul style='margin-left:-20px'>{''.join(items)}</ul>"
        )
        self.history.show()

    def _clear_error(self, field: str) -> None:
        self.errors[field].hide()

    def show_error(self, error: FollowUpError) -> None:
        """Show a service's error next to the field it names."""
        field = error.field if isinstance(error, ValidationError) else ""
        label = self.errors.get(field)
        if label is None:
            self.general_error.setText(str(error))
            self.general_error.show()
            return
        label.setText(str(error))
        label.show()
        widget = {"company": self.company, "role": self.role, "stage": self.stage}[field]
        widget.setFocus()

    def accept(self) -> None:
        stage = self.stage.currentData()
        try:
            self.interview_id = self._submit(
                self.company.text(), self.role.text(), str(stage or "")
            )
        except FollowUpError as exc:
            self.show_error(exc)
            return
        super().accept()
