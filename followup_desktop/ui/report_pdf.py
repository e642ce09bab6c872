"""The job-search report as a printable PDF: ``core.report.report_html`` through QPdfWriter.

QtGui only (no widgets), so the command line can make a PDF with a ``QGuiApplication``. Page
numbers and the period go at the foot of every page, so printed pages stay in order.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from followup_desktop import APP_NAME
from followup_desktop.core.insights_text import period_text
from followup_desktop.core.report import JobSearchReport, report_html

MARGIN_MM = 16
FOOTER_MM = 8


def write_pdf(report: JobSearchReport, path: Path, tz: tzinfo, candidate: str = "") -> None:
    """Write ``report`` as an A4 PDF at ``path``.

    Raises:
        OSError: if the file cannot be written (said in words: QPdfWriter would fail silently).
    """
    with path.open("wb"):
        pass  # fail here, with the system's reason, rather than silently inside QPdfWriter
    writer = QPdfWriter(str(path))
    writer.setTitle("Job-search report")
    writer.setCreator(APP_NAME)
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM + FOOTER_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = QTextDocument()
    # Measure fonts at the writer's 300 dpi, not the screen's: else text comes out a third size.
    doc.documentLayout().setPaintDevice(writer)
    doc.setDocumentMargin(0)
    font = QFont("sans-serif")
    font.setPointSizeF(10)
    doc.setDefaultFont(font)
    doc.setHtml(report_html(report, tz, candidate))
    # Lay the text out on the printable area, measured in the writer's device pixels.
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(area.width(), area.height()))
    footer = f"Job-search report · {period_text(report.period, tz)}"
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"Could not write a PDF to {path}.")
    try:
        pages = max(1, doc.pageCount())
        foot_font = QFont(font)
        foot_font.setPointSizeF(8)
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * area.height())
            clip = QRectF(0, page * area.height(), area.width(), area.height())
            doc.drawContents(painter, clip)
            painter.restore()
            painter.setFont(foot_font)
            painter.setPen(QColor("#555b65"))
            dpmm = writer.resolution() / 25.4
            y = area.height() + FOOTER_MM * dpmm * 0.55
            painter.drawText(QPointF(0, y), footer)
            text = f"Page {page + 1} of {pages}"
            rect = QRectF(0, y - 60, area.width(), 80)
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, text)
    finally:
        painter.end()
