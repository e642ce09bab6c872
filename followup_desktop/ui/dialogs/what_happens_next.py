"""The "What happens next?" box of the interview editor: the next steps the company
described, the date by which they said they would reply, and, while the interview waits for
an answer with no reply date noted, when a polite chase will be suggested instead.

:class:`WhatHappensNext` is mixed into :class:`~.interview_editor.InterviewEditor`, whose
services, stage and field errors it uses; its fields are part of the editor's draft.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox

    from followup_desktop.services import Services

NEXT_STYLE = (
    "QGroupBox#whatNext { background: #fff7e6; border: 1px solid #f5c26b; "
    "border-radius: 8px; margin-top: 14px; padding: 10px 8px 8px 8px; "
    "font-weight: 600; } QGroupBox#whatNext::title { subcontrol-origin: margin; "
    "left: 10px; padding: 0 4px; color: #92400e; }"
)


def _to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class WhatHappensNext:
    """Next steps, the reply date and its reminder (a mixin of ``InterviewEditor``)."""

    if TYPE_CHECKING:
        # What the editor provides.
        services: Services
        stage: QComboBox

        def _row(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> None: ...

    def _what_next_box(self, parent: QWidget) -> QGroupBox:
        """The box; ticking "They will reply by" enables the date, then updates the hint."""
        nxt = QGroupBox("What happens next?", parent)
        nxt.setObjectName("whatNext")
        nxt.setStyleSheet(NEXT_STYLE)
        form = QFormLayout(nxt)
        self.next_steps = QPlainTextEdit(nxt)
        self.next_steps.setObjectName("next_steps")
        self.next_steps.setTabChangesFocus(True)
        self.next_steps.setPlaceholderText(
            "What did they say happens next? Another round, a decision by the end of the month…"
        )
        self.next_steps.setFixedHeight(62)
        self.next_steps.setStyleSheet("font-weight: normal;")
        self._row(form, "Next steps", "next_steps", self.next_steps)
        reply = QHBoxLayout()
        self.reply_known = QCheckBox("They will reply by", nxt)
        self.reply_known.setObjectName("reply_known")
        self.reply_known.setStyleSheet("font-weight: normal;")
        self.reply_date = QDateEdit(nxt)
        self.reply_date.setObjectName("reply_expected_by")
        self.reply_date.setCalendarPopup(True)
        self.reply_date.setDisplayFormat("ddd d MMM yyyy")
        self.reply_known.toggled.connect(self.reply_date.setEnabled)
        reply.addWidget(self.reply_known)
        reply.addWidget(self.reply_date, 1)
        holder = QWidget(nxt)
        holder.setLayout(reply)
        reply.setContentsMargins(0, 0, 0, 0)
        self._row(form, "", "reply_expected_by", holder)
        self.reply_hint = QLabel("", nxt)
        self.reply_hint.setWordWrap(True)
        self.reply_hint.setStyleSheet("font-weight: normal; color: #92400e;")
        form.addRow(self.reply_hint)
        self.reply_known.toggled.connect(lambda _c: self._update_reply_hint())
        return nxt

    def _show_reply_date(self, reply_expected_by: date | None) -> None:
        """Show the noted reply date, or none noted with a week from today ready to pick."""
        today = self.services.ctx.now().astimezone(self.services.ctx.tz).date()
        self.reply_known.setChecked(reply_expected_by is not None)
        self.reply_date.setDate(_to_qdate(reply_expected_by or today + timedelta(days=7)))
        self.reply_date.setEnabled(reply_expected_by is not None)

    def _reply_expected_by(self) -> date | None:
        """The reply date as the draft holds it: none unless the box is ticked."""
        return _from_qdate(self.reply_date.date()) if self.reply_known.isChecked() else None

    def _update_reply_hint(self) -> None:
        key = self.stage.currentData()
        waiting = key in ("interviewed", "awaiting_reply")
        if waiting and not self.reply_known.isChecked():
            self.reply_hint.setText(
                "No reply date noted: a polite chase will be suggested "
                f"{self.services.settings.rules().chase_default_days} days "
                "after the last round."
            )
        else:
            self.reply_hint.setText("")
        self.reply_hint.setVisible(bool(self.reply_hint.text()))
