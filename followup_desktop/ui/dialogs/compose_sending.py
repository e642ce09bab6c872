"""Sending a follow-up from the compose window: where the written message goes.

Through the user's own mail program (``mailto:``), the clipboard, an ``.eml`` draft, a PDF or
the printer, always with the recipients, subject and text exactly as they are on screen.
:class:`ComposeSending` is the part of the compose window
(:class:`~followup_desktop.ui.dialogs.compose_dialog.ComposeDialog`) that does this; the
window itself builds the fields, fills them from the template and marks the message as sent.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)

from followup_desktop.core.errors import FollowUpError
from followup_desktop.core.facts import Recipient
from followup_desktop.core.mail import (
    MAILTO_COMFORTABLE_LENGTH,
    build_eml,
    mailto_url,
    parse_recipients,
)
from followup_desktop.services import Services
from followup_desktop.services.compose import ComposeService, Draft
from followup_desktop.ui.letter_document import print_document, save_pdf

_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_stem(text: str) -> str:
    """A file name from a subject: no path separators or characters Windows refuses."""
    stem = _UNSAFE_FILE_CHARS.sub(" ", text).strip(" .")
    return " ".join(stem.split())[:80] or "Follow-up"


class ComposeSending(QDialog):
    """The compose window's ways out: mail program, clipboard, ``.eml``, PDF, printer.

    The compose window builds the fields named here and fills ``draft``.
    """

    services: Services
    compose: ComposeService
    draft: Draft | None
    to: QLineEdit
    cc: QLineEdit
    subject: QLineEdit
    body: QPlainTextEdit
    status: QLabel
    mark_sent: QPushButton

    # -- what is on screen ---------------------------------------------------------------
    def recipients(self) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]]:
        known = [*self.draft.to, *self.draft.cc] if self.draft else []
        to = self.compose.match_recipients(parse_recipients(self.to.text()), known)
        cc = self.compose.match_recipients(parse_recipients(self.cc.text()), known)
        return to, cc

    def mailto(self) -> str:
        to, cc = self.recipients()
        return mailto_url(
            [r.email for r in to],
            [r.email for r in cc],
            self.subject.text(),
            self.body.toPlainText(),
        )

    def _say(self, text: str) -> None:
        self.status.setText(text)

    # -- actions -------------------------------------------------------------------------
    def open_in_mail_client(self) -> bool:
        to, _cc = self.recipients()
        url = self.mailto()
        if len(url) > MAILTO_COMFORTABLE_LENGTH:
            # Some mail programs cut long links short: the whole text is on the clipboard too.
            self.copy_text()
            extra = " The text is long, so it is also on the clipboard: paste it if it was cut."
        else:
            extra = ""
        if not QDesktopServices.openUrl(QUrl.fromEncoded(url.encode("ascii"))):
            self.copy_text()
            self._say(
                "No mail program answered. The text is on the clipboard: paste it into your email."
            )
            return False
        who = "" if any(r.email for r in to) else " Add the address in your mail program."
        self._say(f"Opened in your mail program.{who}{extra} Once it is sent, click Mark as sent.")
        self.mark_sent.setDefault(True)
        return True

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.body.toPlainText())
        self._say("The text is on the clipboard.")

    def copy_subject(self) -> None:
        QGuiApplication.clipboard().setText(self.subject.text())
        self._say("The subject is on the clipboard.")

    def copy_all(self) -> None:
        lines = [f"To: {self.to.text()}"]
        if self.cc.text().strip():
            lines.append(f"Cc: {self.cc.text()}")
        lines += [f"Subject: {self.subject.text()}", "", self.body.toPlainText()]
        QGuiApplication.clipboard().setText("\n".join(lines))
        self._say("Recipients, subject and text are on the clipboard.")

    def _default_path(self, suffix: str) -> str:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        company = self.draft.company if self.draft else ""
        name = file_stem(f"{company} — {self.subject.text() or 'Letter'}")
        return str(Path(folder) / f"{name}{suffix}")

    def _ask_save_eml(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save as .eml", self._default_path(".eml"), "Email messages (*.eml)"
        )
        if path:
            self.save_eml(Path(path))

    def save_eml(self, path: Path) -> bool:
        """Write the message as an unsent ``.eml`` draft."""
        to, cc = self.recipients()
        sender = self.draft.sender if self.draft else None
        data = build_eml(
            to=[(r.name, r.email) for r in to],
            cc=[(r.name, r.email) for r in cc],
            subject=self.subject.text(),
            body=self.body.toPlainText(),
            sender=sender,
            date=self.services.ctx.now(),
        )
        try:
            path.write_bytes(data)
        except OSError as exc:
            QMessageBox.warning(
                self, "Save as .eml", f"{path.name} could not be saved: {exc.strerror or exc}."
            )
            return False
        self._say(f"Saved {path.name}. Open it with your mail program to send it.")
        return True

    def _pdf_subject(self) -> str:
        # A letter carries its own heading; an email's subject goes on top of the page.
        return "" if self.draft is not None and self.draft.is_letter else self.subject.text()

    def _ask_save_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save as PDF", self._default_path(".pdf"), "PDF documents (*.pdf)"
        )
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> bool:
        try:
            save_pdf(self.body.toPlainText(), path, self._pdf_subject())
        except FollowUpError as exc:
            QMessageBox.warning(self, "Save as PDF", str(exc))
            return False
        self._say(f"Saved {path.name}.")
        return True

    def print_letter(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_document(self.body.toPlainText(), printer, self._pdf_subject())
            self._say("Sent to the printer.")
