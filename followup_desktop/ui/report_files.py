"""Saving the job-search report as a file, for the File menu and the command line.

No Qt at import: a CSV is written by ``core/report.py`` alone; only a PDF loads QtGui
(``ui/report_pdf.py``), and needs a ``QGuiApplication`` to exist.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.core.insights_text import plural
from followup_desktop.core.report import INTERVIEW, MESSAGE, write_csv
from followup_desktop.services.insights import InsightsService

if TYPE_CHECKING:
    from followup_desktop.services import Services

FORMATS = ("pdf", "csv")


def format_of(path: Path, given: str | None = None) -> str:
    """The report format: ``given``, else the file's extension.

    Raises:
        ValueError: if neither names pdf or csv.
    """
    fmt = (given or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(
            f"Which format? {path.name} does not end in .pdf or .csv: add --format pdf or csv."
        )
    return fmt


def save_report(
    services: Services, first: date | None, last: date | None, fmt: str, path: Path
) -> str:
    """Write the report for the local days ``first`` to ``last``; returns a one-line summary.

    Raises:
        OSError: if the file cannot be written.
        ValueError: for an unknown format or a period that ends before it starts.
    """
    fmt = format_of(path, fmt)
    service = InsightsService(services)
    report = service.report(first, last)
    if fmt == "csv":
        write_csv(report, path, services.ctx.tz)
    else:
        from followup_desktop.ui.report_pdf import write_pdf

        write_pdf(report, path, services.ctx.tz, service.candidate_name())
    return (
        f"{plural(len(report.applications), 'application')}, "
        f"{plural(report.count(MESSAGE), 'message')} sent, "
        f"{plural(report.count(INTERVIEW), 'interview')}"
    )
