"""The main window: menus, status bar; the board, sidebar and panels plug in here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from followup_desktop import APP_NAME, __version__
from followup_desktop.services import Changes, Services
from followup_desktop.ui.bridge import ChangeBridge


class MainWindow(QMainWindow):
    def __init__(self, services: Services, *, demo: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.demo = demo
        self.bridge = ChangeBridge(services, self)
        self.setWindowTitle(f"{APP_NAME} — sample data" if demo else APP_NAME)
        self.setObjectName("MainWindow")
        self.resize(1200, 760)
        placeholder = QLabel(self)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(placeholder)
        self._build_menus()
        self.bridge.sig_changed.connect(self._on_changes)
        self._refresh_status()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.edit_menu = bar.addMenu("&Edit")
        self.view_menu = bar.addMenu("&View")
        help_menu = bar.addMenu("&Help")
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>Keeps every job interview on a board and "
            "reminds you to thank, send what you promised and follow up — without ever "
            "looking desperate.</p><p>Your data stays in one file on this computer.</p>",
        )

    def _on_changes(self, changes: Changes) -> None:
        self._refresh_status()

    def _refresh_status(self) -> None:
        due = self.services.followups.due()
        overdue = sum(1 for f in due if f.display.value == "overdue")
        text = f"{len(due)} follow-ups due" + (f", {overdue} overdue" if overdue else "")
        self.statusBar().showMessage(text)
