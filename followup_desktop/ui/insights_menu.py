"""View → Insights (Ctrl+Shift+I) and File → Job-search report…: the actions at start, what
they open on first use.

The Insights window and the report dialog import what they compute and draw
(``services/insights.py``, ``core/insights.py``, ``core/history.py``, ``core/report.py``, the
charts): ~30 ms, and building the window ~7 ms more. A start does not need them, so they
wait for the first trigger. The Insights window is made once and kept up to date from then on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from followup_desktop.ui.insights import InsightsWindow
    from followup_desktop.ui.main_window import MainWindow


class InsightsAction(QAction):
    """View → Insights; ``window_`` is the Insights window once it was first shown."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__("&Insights", window)
        self.main_window = window
        self.window_: InsightsWindow | None = None
        self.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.setStatusTip("Where your applications stall, how fast companies answer")
        self.triggered.connect(self.show_insights)

    def show_insights(self) -> InsightsWindow:
        """Bring up the Insights window (built the first time)."""
        if self.window_ is None:
            from followup_desktop.ui.insights import InsightsWindow

            main = self.main_window
            self.window_ = InsightsWindow(main.services, main, main.bridge)
            self.window_.show_action = self
        self.window_.show()
        self.window_.raise_()
        self.window_.activateWindow()
        return self.window_


def install_insights(window: MainWindow) -> InsightsAction:
    """Add View → Insights (Ctrl+Shift+I)."""
    action = InsightsAction(window)
    window.view_menu.addAction(action)
    return action


def install_report(window: MainWindow) -> QAction:
    """Add File → Job-search report…."""
    action = QAction("Job-search &report…", window)
    action.setStatusTip("Save every application of a period as PDF or CSV")

    def open_dialog() -> None:
        from followup_desktop.ui.report_dialog import ReportDialog

        ReportDialog(window.services, window).open()

    action.triggered.connect(open_dialog)
    window.file_menu.addAction(action)
    return action
