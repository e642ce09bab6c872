"""A letter (or an email) as a printable page: PDF with ``QPdfWriter``, paper with ``QPrinter``.

The text is the template's plain text, laid out line for line as the compose window shows it
(a business letter in the block style: everything flush left, a blank line between
paragraphs) on A4 with 25 mm margins, in a serif face. It is inserted as plain text, so
nothing typed can become markup.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from followup_desktop import APP_NAME
from followup_desktop.core.errors import ValidationError

#: Page margins, in millimetres (a typical business letter).
MARGINS_MM = 25.0
FONT_POINTS = 11
LINE_HEIGHT_PERCENT = 120.0
LINE_HEIGHT_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value


def letter_document(text: str, subject: str = "") -> QTextDocument:
    """The text as a document, line for line as in the editor, in a serif face.

    Inserted as plain text (never parsed as markup); ``subject`` becomes a bold first line
    (for an email; a letter has its own "Re:" line).
    """
    doc = QTextDocument()
    font = QFont()
    font.setFamilies(["DejaVu Serif", "Georgia", "Times New Roman", "Liberation Serif"])
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSize(FONT_POINTS)
    doc.setDefaultFont(font)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, subject)
    block = QTextBlockFormat()
    block.setLineHeight(LINE_HEIGHT_PERCENT, LINE_HEIGHT_PROPORTIONAL)
    cursor = QTextCursor(doc)
    cursor.setBlockFormat(block)
    plain = QTextCharFormat()
    if subject:
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        cursor.insertText(subject, bold)
        cursor.insertBlock(block, plain)
        cursor.insertBlock(block, plain)
    # insertText turns every "\n" into a new block with the same format.
    cursor.insertText(text.replace("\r\n", "\n").rstrip("\n"), plain)
    return doc


def _lay_out(doc: QTextDocument, device: QPagedPaintDevice) -> None:
    """Paginate ``doc`` in ``device``'s own pixels, on its printable area.

    Laid out for the device itself, fonts come out at their point size whatever the screen's
    resolution, and a paginated document prints without Qt's page numbers.
    """
    doc.documentLayout().setPaintDevice(device)
    dpi = device.logicalDpiX()
    area = device.pageLayout().paintRectPixels(dpi)
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(area.width(), area.height()))


def save_pdf(text: str, path: Path, subject: str = "") -> None:
    """Write the letter to ``path`` as an A4 PDF.

    Raises:
        ValidationError: the file cannot be written (the message says why).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab"):
            pass  # fail here, in words, rather than silently inside QPdfWriter
    except OSError as exc:
        raise ValidationError("path", f"Cannot write {path.name}: {exc.strerror or exc}.") from exc
    writer = QPdfWriter(str(path))
    writer.setTitle(subject or "Letter")
    writer.setCreator(APP_NAME)
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGINS_MM, MARGINS_MM, MARGINS_MM, MARGINS_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = letter_document(text, subject)
    _lay_out(doc, writer)
    doc.print_(writer)
    del writer  # finishes the file
    if not path.is_file() or path.stat().st_size == 0:
        raise ValidationError("path", f"The PDF {path.name} could not be written.")


def print_document(text: str, printer: QPagedPaintDevice, subject: str = "") -> None:
    """Print the letter on ``printer`` (a ``QPrinter`` set up by the print dialog)."""
    doc = letter_document(text, subject)
    _lay_out(doc, printer)
    doc.print_(printer)
