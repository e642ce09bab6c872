"""What a new user sees: a friendly empty board, and a way to try the app on sample data.

"Explore with sample data" starts a second copy of the app on a throwaway demo database
(``--demo``), so sample interviews never mix with the user's own file.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QProcess, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from followup_desktop.ui.board.card_look import mix


def sample_data_command() -> tuple[str, list[str]]:
    """The program and arguments that start Follow-Up on throwaway sample data."""
    if getattr(sys, "frozen", False):
        # A PyInstaller bundle: the executable is the app itself.
        return sys.executable, ["--demo"]
    return sys.executable, ["-m", "followup_desktop", "--demo"]


def launch_sample_data() -> bool:
    """Start a separate Follow-Up on sample data; True when it started."""
    program, arguments = sample_data_command()
    ok, _pid = QProcess.startDetached(program, arguments)
    return bool(ok)


class MiniBoard(QWidget):
    """A small drawing of a board: three columns, a card on its way to the next one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        unit = self.fontMetrics().height()
        self.setFixedSize(unit * 12, unit * 6)
        self.setAccessibleName("")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        base = palette.color(QPalette.ColorRole.Base)
        w, h = self.width(), self.height()
        gap = w * 0.04
        col_w = (w - gap * 4) / 3
        colours = ("#7b8794", "#3b82f6", "#8b5cf6")
        cards_per_column = (2, 1, 0)
        card_h = h * 0.2
        for i, (colour, count) in enumerate(zip(colours, cards_per_column, strict=True)):
            x = gap + i * (col_w + gap)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mix(window, text, 0.07))
            painter.drawRoundedRect(QRectF(x, 0, col_w, h), 6, 6)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QRectF(x + gap, gap, h * 0.08, h * 0.08))
            for n in range(count):
                card = QRectF(x + gap, h * 0.2 + n * (card_h + gap), col_w - 2 * gap, card_h)
                self._card(painter, card, base, text, QColor(colour))
        # A card on its way from the second column to the third, with a dashed drop slot.
        x3 = gap + 2 * (col_w + gap)
        slot = QRectF(x3 + gap, h * 0.2, col_w - 2 * gap, card_h)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(slot, 4, 4)
        moving = slot.translated(-col_w * 0.45, card_h * 0.9)
        self._card(painter, moving, base, text, QColor("#8b5cf6"), lifted=True)
        painter.end()

    @staticmethod
    def _card(
        painter: QPainter,
        rect: QRectF,
        base: QColor,
        text: QColor,
        edge: QColor,
        lifted: bool = False,
    ) -> None:
        if lifted:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 40))
            painter.drawRoundedRect(rect.translated(2, 3), 4, 4)
        painter.setPen(QPen(mix(base, text, 0.2), 1))
        painter.setBrush(base)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(edge)
        painter.drawRect(QRectF(rect.left() + 1, rect.top() + 3, 3, rect.height() - 6))
        painter.setBrush(mix(base, text, 0.35))
        line = rect.height() * 0.16
        painter.drawRoundedRect(
            QRectF(rect.left() + 8, rect.top() + line * 1.5, rect.width() * 0.55, line), 2, 2
        )
        painter.setBrush(mix(base, text, 0.18))
        painter.drawRoundedRect(
            QRectF(rect.left() + 8, rect.top() + line * 3.5, rect.width() * 0.4, line), 2, 2
        )


class EmptyBoard(QWidget):
    """The first-run page of the board."""

    sig_add_requested = Signal()
    sig_explore_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty-board")
        unit = self.fontMetrics().height()
        title = QLabel("Your job search starts here", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Add each job you apply for. After an interview, drag its card to "
            "<b>Interviewed</b>: Follow-Up reminds you to say thank you, to send what you "
            "promised, and to follow up politely — never too often.",
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(unit * 30)
        # Centred widgets get no height-for-width from the layout: give the lines room.
        text.setMinimumHeight(text.heightForWidth(unit * 30))
        self.add_button = QPushButton("Add your first interview", self)
        self.add_button.setDefault(True)
        self.add_button.setAutoDefault(True)
        self.add_button.setMinimumHeight(round(unit * 2.2))
        self.add_button.setMinimumWidth(unit * 14)
        self.explore_button = QPushButton("Explore with sample data", self)
        self.explore_button.setMinimumHeight(round(unit * 2.2))
        self.explore_button.setMinimumWidth(unit * 14)
        self.explore_button.setToolTip(
            "Opens a separate window with made-up interviews to play with. "
            "Your own data is not touched."
        )
        note = QLabel("Sample data opens in its own window and is thrown away when you close it.")
        note.setEnabled(False)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(MiniBoard(self), 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(unit)
        for widget in (title, text):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(unit)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.explore_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(unit // 2)
        layout.addWidget(note, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        layout.setSpacing(round(unit * 0.6))
        self.add_button.clicked.connect(self.sig_add_requested)
        self.explore_button.clicked.connect(self.sig_explore_requested)
