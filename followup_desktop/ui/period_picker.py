"""A date-range filter: a few ready periods ("Last 3 months"...) and From / To dates.

Shared by the Insights view and the job-search report dialog. Days are the user's local days,
both included; "All time" leaves both ends open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from followup_desktop.core.workdays import add_months

#: (label, key); the key picks the first day in :meth:`PeriodPicker._preset_range`.
PRESETS = (
    ("Last 30 days", "30d"),
    ("Last 3 months", "3m"),
    ("Last 12 months", "12m"),
    ("This year", "year"),
    ("All time", "all"),
    ("Custom", "custom"),
)


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class PeriodPicker(QWidget):
    """Pick a period. ``sig_changed`` carries the first and last day (None: open)."""

    #: object, object — first day and last day (``date`` or None), both included
    sig_changed = Signal(object, object)

    def __init__(
        self,
        today: Callable[[], date],
        first_day: Callable[[], date | None],
        preset: str = "3m",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._first_day = first_day
        self._quiet = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Period:", self)
        self.preset = QComboBox(self)
        self.preset.setAccessibleName("Period")
        for text, key in PRESETS:
            self.preset.addItem(text, key)
        label.setBuddy(self.preset)
        self.first = self._date_edit("From")
        self.last = self._date_edit("To")
        from_label = QLabel("&From", self)
        from_label.setBuddy(self.first)
        to_label = QLabel("T&o", self)
        to_label.setBuddy(self.last)
        for w in (label, self.preset, from_label, self.first, to_label, self.last):
            layout.addWidget(w)
        self.preset.currentIndexChanged.connect(self._on_preset)
        self.first.dateChanged.connect(self._on_dates)
        self.last.dateChanged.connect(self._on_dates)
        self.set_preset(preset)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        return edit

    # -- the chosen period --------------------------------------------------------------
    def period(self) -> tuple[date | None, date | None]:
        """The first and last day (both included); ``(None, None)`` for all time."""
        if self.preset.currentData() == "all":
            return None, None
        return from_qdate(self.first.date()), from_qdate(self.last.date())

    def set_preset(self, key: str) -> None:
        """Pick one of :data:`PRESETS` by key (an unknown key picks the first)."""
        self._quiet = True
        self.preset.setCurrentIndex(max(0, self.preset.findData(key)))
        self._quiet = False
        self._on_preset()

    def set_period(self, first: date | None, last: date | None) -> None:
        """Show a given period (as "All time" when both ends are open)."""
        if first is None and last is None:
            self.set_preset("all")
            return
        self._quiet = True
        self.preset.setCurrentIndex(self.preset.findData("custom"))
        today = self._today()
        self.first.setDate(to_qdate(first or self._first_day() or today))
        self.last.setDate(to_qdate(last or today))
        self._quiet = False
        self._emit()

    def _preset_range(self, key: str) -> tuple[date, date] | None:
        today = self._today()
        if key == "30d":
            return today - timedelta(days=29), today
        if key == "3m":
            return add_months(today, -3) + timedelta(days=1), today
        if key == "12m":
            return add_months(today, -12) + timedelta(days=1), today
        if key == "year":
            return date(today.year, 1, 1), today
        if key == "all":
            return (self._first_day() or today), today
        return None

    def _on_preset(self) -> None:
        if self._quiet:
            return
        span = self._preset_range(str(self.preset.currentData()))
        if span is not None:
            self._quiet = True
            self.first.setDate(to_qdate(span[0]))
            self.last.setDate(to_qdate(span[1]))
            self._quiet = False
        self._emit()

    def _on_dates(self) -> None:
        if self._quiet:
            return
        # Typing a date makes the period a custom one; To never comes before From.
        self._quiet = True
        if self.last.date() < self.first.date():
            if self.sender() is self.first:
                self.last.setDate(self.first.date())
            else:
                self.first.setDate(self.last.date())
        custom = self.preset.findData("custom")
        if self.preset.currentIndex() != custom:
            self.preset.setCurrentIndex(custom)
        self._quiet = False
        self._emit()

    def _emit(self) -> None:
        first, last = self.period()
        self.sig_changed.emit(first, last)
