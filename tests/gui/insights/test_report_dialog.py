"""File → Job-search report…: the dialog writes a CSV and a PDF; a failure is said, not raised."""

from __future__ import annotations

import csv
from datetime import date

from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.core.report import CSV_HEADER
from followup_desktop.ui.report_dialog import ReportDialog


def test_saves_csv_read_back(qtbot, sample, tmp_path):
    dialog = ReportDialog(sample, first=date(2025, 12, 1), last=date(2026, 3, 10))
    qtbot.addWidget(dialog)
    dialog.csv.setChecked(True)
    assert dialog.suggested_name() == "job-search-report-2025-12-01-to-2026-03-10.csv"
    target = tmp_path / "report.csv"
    assert dialog.save_to(target)
    assert dialog.saved_to == target and dialog.result() == ReportDialog.DialogCode.Accepted
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) > 50
    assert all("2025-12-01" <= r[0] <= "2026-03-10" for r in rows[1:])


def test_saves_a_real_pdf(qtbot, sample, tmp_path):
    dialog = ReportDialog(sample)
    qtbot.addWidget(dialog)
    assert dialog.format() == "pdf"
    target = tmp_path / "report.pdf"
    assert dialog.save_to(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    assert b"/Title (\xfe\xff" in data or b"Job-search report" in data


def test_a_folder_that_cannot_be_written_is_told(qtbot, sample, tmp_path, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: told.append(text))
    dialog = ReportDialog(sample)
    qtbot.addWidget(dialog)
    assert not dialog.save_to(tmp_path / "missing-folder" / "report.pdf")
    assert told and "could not be saved" in told[0] and "No such file" in told[0]
    assert dialog.saved_to is None
    assert QApplication.overrideCursor() is None  # the wait cursor is gone again
