"""What a new user sees: a friendly empty board, and a way to try the app on sample data.

"Explore with sample data" starts a second copy of the app on a throwaway demo database
(``--demo``), so sample interviews never mix with the user's own file.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


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
        text.setMaximumWidth(unit * 30)
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
