"""File → Job-search report…: every application of a period, saved as PDF or CSV.

Some benefits offices ask for a record of job-search activity; this is it, from the activity
log: each application with its dates, stage history, the people contacted and each message.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services import Services
from followup_desktop.services.insights import InsightsService
from followup_desktop.ui.period_picker import PeriodPicker
from followup_desktop.ui.report_files import save_report

FORMATS = {"pdf": "PDF document (*.pdf)", "csv": "CSV spreadsheet (*.csv)"}


class ReportDialog(QDialog):
    """Pick a period and a format, then a file name."""

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        first: date | None = None,
        last: date | None = None,
        preset: str = "3m",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Job-search report")
        self.services = services
        self.saved_to: Path | None = None
        service = InsightsService(services)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Every application with activity in the period: its dates, stage history, the "
            "people you contacted and each message you sent — for your records or a benefits "
            "office.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        def today() -> date:
            return services.ctx.now().astimezone(services.ctx.tz).date()

        self.picker = PeriodPicker(today, service.first_day, preset, self)
        if first is not None or last is not None:
            self.picker.set_period(first, last)
        layout.addWidget(self.picker)
        row = QHBoxLayout()
        row.addWidget(QLabel("Format:", self))
        self.pdf = QRadioButton("P&DF, to print or send", self)
        self.csv = QRadioButton("C&SV, for a spreadsheet", self)
        self.pdf.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.pdf)
        group.addButton(self.csv)
        row.addWidget(self.pdf)
        row.addWidget(self.csv)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            Qt.Orientation.Horizontal,
            self,
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save…")
        buttons.accepted.connect(self._ask_and_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def format(self) -> str:
        return "csv" if self.csv.isChecked() else "pdf"

    def suggested_name(self) -> str:
        first, last = self.picker.period()
        span = "all-time" if first is None else f"{first.isoformat()}-to-{last}"
        return f"job-search-report-{span}.{self.format()}"

    def _ask_and_save(self) -> None:
        fmt = self.format()
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save the job-search report",
            str(Path.home() / self.suggested_name()),
            FORMATS[fmt],
        )
        if name:
            path = Path(name)
            if path.suffix.lower() != f".{fmt}":
                path = path.with_name(path.name + f".{fmt}")
            self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Write the report to ``path``; tells the user (and returns False) if it failed."""
        first, last = self.picker.period()
        # Hundreds of applications make a long PDF: show that the app is working on it.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = save_report(self.services, first, last, self.format(), path)
        except (OSError, ValueError) as exc:
            problem: str | None = str(exc)
        else:
            problem = None
        finally:
            QApplication.restoreOverrideCursor()
        if problem is not None:
            QMessageBox.warning(
                self, "Job-search report", f"The report could not be saved:\n{problem}"
            )
            return False
        self.saved_to = path
        parent = self.parent()
        status = getattr(parent, "statusBar", None)
        if callable(status):
            status().showMessage(f"Report saved to {path} ({summary})", 10000)
        self.accept()
        return True
