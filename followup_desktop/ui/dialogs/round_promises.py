"""What you promised to send after a round: each promise (what, to whom, sent) in a table
under the round's interviewers, added, removed and edited in the round's draft.

:class:`RoundPromises` is mixed into :class:`~.rounds_editor.RoundsEditor`, whose rounds,
people and current round it uses; it keeps no state of its own beyond its table.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services.interview_edits import PromiseDraft, RoundDraft
from followup_desktop.ui.dialogs.field_errors import error_label

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from followup_desktop.services.contacts import ContactInfo


class RoundPromises:
    """The promises of the current round (a mixin of ``RoundsEditor``)."""

    if TYPE_CHECKING:
        # What the rounds editor provides.
        @property
        def sig_changed(self) -> SignalInstance: ...

        _rounds: list[RoundDraft]
        _people: list[ContactInfo]
        _loading: bool

        def current(self) -> int: ...

    def _promises_box(self, parent: QWidget) -> QGroupBox:
        """The "What you promised to send" box: the table, its buttons and its error."""
        promised = QGroupBox("What you promised to send", parent)
        promised_layout = QVBoxLayout(promised)
        self.promises = QTableWidget(0, 3, promised)
        self.promises.setObjectName("promiseTable")
        self.promises.setHorizontalHeaderLabels(["What", "To whom", "Sent"])
        header = self.promises.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.promises.verticalHeader().hide()
        self.promises.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.promises.setMinimumHeight(90)
        self.promises.itemChanged.connect(lambda _i: self._store_promises())
        promised_layout.addWidget(self.promises)
        prow = QHBoxLayout()
        self.add_promise_button = QPushButton("Add a promise", promised)
        self.add_promise_button.clicked.connect(lambda: self.add_promise())
        self.remove_promise_button = QPushButton("Remove", promised)
        self.remove_promise_button.clicked.connect(self._remove_promise)
        prow.addWidget(self.add_promise_button)
        prow.addStretch(1)
        prow.addWidget(self.remove_promise_button)
        promised_layout.addLayout(prow)
        self.promise_error = error_label(promised)
        promised_layout.addWidget(self.promise_error)
        return promised

    def _recipient_combo(self, selected: int | None) -> QComboBox:
        combo = QComboBox(self.promises)
        combo.addItem("—", None)
        for person in self._people:
            combo.addItem(person.name, person.id)
        combo.setCurrentIndex(max(0, combo.findData(selected)) if selected is not None else 0)
        combo.currentIndexChanged.connect(lambda _i: self._store_promises())
        return combo

    def _fill_promises(self, rnd: RoundDraft) -> None:
        self.promises.blockSignals(True)
        self.promises.setRowCount(0)
        for promise in rnd.promises:
            r = self.promises.rowCount()
            self.promises.insertRow(r)
            what = QTableWidgetItem(promise.what)
            what.setData(Qt.ItemDataRole.UserRole, promise.id)
            self.promises.setItem(r, 0, what)
            self.promises.setCellWidget(r, 1, self._recipient_combo(promise.to_contact_id))
            sent = QCheckBox(self.promises)
            sent.setChecked(promise.sent)
            sent.toggled.connect(lambda _c: self._store_promises())
            self.promises.setCellWidget(r, 2, sent)
        self.promises.blockSignals(False)

    def add_promise(self, what: str = "", to_contact_id: int | None = None) -> None:
        row = self.current()
        if not 0 <= row < len(self._rounds):
            return
        rnd = self._rounds[row]
        if to_contact_id is None and rnd.interviewer_ids:
            to_contact_id = rnd.interviewer_ids[0]  # usually the person who asked
        self._rounds[row] = replace(
            rnd, promises=(*rnd.promises, PromiseDraft(what, to_contact_id))
        )
        self._fill_promises(self._rounds[row])
        self.sig_changed.emit()
        new_row = self.promises.rowCount() - 1
        self.promises.setCurrentCell(new_row, 0)
        if not what:
            cell = self.promises.item(new_row, 0)
            if cell is not None:
                self.promises.editItem(cell)

    def _remove_promise(self) -> None:
        row, prow = self.current(), self.promises.currentRow()
        if not 0 <= row < len(self._rounds) or prow < 0:
            return
        rnd = self._rounds[row]
        promises = list(rnd.promises)
        if prow < len(promises):
            del promises[prow]
        self._rounds[row] = replace(rnd, promises=tuple(promises))
        self._fill_promises(self._rounds[row])
        self.sig_changed.emit()

    def _store_promises(self) -> None:
        row = self.current()
        if self._loading or not 0 <= row < len(self._rounds):
            return
        old = self._rounds[row].promises
        out: list[PromiseDraft] = []
        for r in range(self.promises.rowCount()):
            what = self.promises.item(r, 0)
            combo = self.promises.cellWidget(r, 1)
            sent = self.promises.cellWidget(r, 2)
            pid = old[r].id if r < len(old) else None
            out.append(
                PromiseDraft(
                    what.text() if what is not None else "",
                    combo.currentData() if isinstance(combo, QComboBox) else None,
                    sent.isChecked() if isinstance(sent, QCheckBox) else False,
                    pid,
                )
            )
        self._rounds[row] = replace(self._rounds[row], promises=tuple(out))
        self.sig_changed.emit()
