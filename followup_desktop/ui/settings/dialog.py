"""The Settings dialog: a list of pages on the left (from the page registry), OK / Apply.

Each feature registers its own page (:mod:`.registry`); the dialog knows none of them.
A page's ``apply()`` raising :class:`ValidationError` keeps the dialog open on that page and
says what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import FollowUpError
from followup_desktop.services import Services
from followup_desktop.ui.settings import stages_page
from followup_desktop.ui.settings.registry import SettingsPage, page_factories

stages_page.register()


class SettingsDialog(QDialog):
    """Every registered settings page, in order."""

    def __init__(
        self, services: Services, parent: QWidget | None = None, page: str | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Settings")
        self.setObjectName("settings-dialog")
        #: shows a page's error (tests replace it): (title, text)
        self.warn: Callable[[str, str], object] = lambda title, text: QMessageBox.warning(
            self, title, text
        )
        unit = self.fontMetrics().height()
        self.resize(unit * 44, unit * 30)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Settings pages")
        self.list.setSpacing(max(2, unit // 5))
        self.stack = QStackedWidget(self)
        self.pages: list[SettingsPage] = []
        for factory in page_factories():
            widget = factory(services, self.stack)
            self.pages.append(widget)
            self.stack.addWidget(widget)
            self.list.addItem(widget.title)
        # As wide as the longest page name (translations and large fonts included).
        widest = max(
            (self.list.fontMetrics().horizontalAdvance(p.title) for p in self.pages),
            default=unit * 8,
        )
        self.list.setFixedWidth(widest + unit * 3)
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        apply = buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply.clicked.connect(self.apply)
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)
        if page is not None:
            self.show_page(page)

    def show_page(self, title: str) -> SettingsPage | None:
        """Switch to the page with this title; returns it."""
        for i, widget in enumerate(self.pages):
            if widget.title == title:
                self.list.setCurrentRow(i)
                return widget
        return None

    def apply(self) -> bool:
        """Save every page; on the first error, show it on its page and stop."""
        for i, widget in enumerate(self.pages):
            try:
                widget.apply()
            except FollowUpError as exc:
                self.list.setCurrentRow(i)
                self.warn(f"{widget.title} settings", str(exc))
                return False
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()
