"""The filter field above the board: every column narrows as you type; Esc clears."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

#: A pause this long in typing applies the filter (keeps fast typing smooth at 10,000 cards).
DEBOUNCE_MS = 60


class FilterEdit(QLineEdit):
    """A line edit that clears itself on Esc and says so."""

    sig_escape = Signal()
    #: the field got focus: a good moment to get the search index ready
    sig_focused = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.sig_focused.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.sig_escape.emit()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Down / Enter go to the cards, like in a search box of a list.
            self.sig_escape.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class FilterBar(QWidget):
    """Text to filter by, and how many interviews it leaves."""

    #: str — the filter text, after a short pause in typing (or at once on clear)
    sig_filter_changed = Signal(str)
    #: the user is done with the filter field (Esc, Enter, Down): focus the board
    sig_done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = FilterEdit(self)
        self.edit.setObjectName("board-filter")
        self.edit.setPlaceholderText("Filter by company, role, person or notes  (Ctrl+F)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Filter interviews")
        self.summary = QLabel(self)
        self.summary.setObjectName("board-filter-summary")
        layout = QHBoxLayout(self)
        unit = self.fontMetrics().height()
        layout.setContentsMargins(
            round(unit * 0.6), round(unit * 0.5), round(unit * 0.6), round(unit * 0.2)
        )
        layout.setSpacing(round(unit * 0.6))
        self.edit.setMaximumWidth(unit * 26)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.summary)
        layout.addStretch(0)
        self._layout = layout

    def add_button(self, widget: QWidget) -> None:
        """A button at the right end of the bar (the board puts "New interview" there)."""
        self._layout.addWidget(widget)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self.edit.textChanged.connect(self._on_text)
        self.edit.sig_escape.connect(self.sig_done)

    def text(self) -> str:
        return self.edit.text().strip()

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def clear(self) -> None:
        self.edit.clear()

    def set_summary(self, shown: int, total: int) -> None:
        if self.text():
            noun = "interview" if total == 1 else "interviews"
            self.summary.setText(f"{shown} of {total} {noun} match")
        else:
            self.summary.setText("")

    def _on_text(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self._emit()
        else:
            self._timer.start()

    def _emit(self) -> None:
        self.sig_filter_changed.emit(self.text())
