"""What every start-up probe does around its first frame, exactly as the app does it.

With ``FOLLOWUP_REPORT_FIRST_PAINT`` set, "first-paint <time.monotonic()>" goes to stderr once
the window's first paint pass is over (a zero timer after its first ``Paint`` event); then the
probe quits ``delay`` ms later (never when ``delay`` is negative). The probes run as scripts,
so they import this module from their own folder.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def _report() -> None:
    if os.environ.get("FOLLOWUP_REPORT_FIRST_PAINT"):
        print(f"first-paint {time.monotonic():.6f}", file=sys.stderr, flush=True)


class FirstPaint(QObject):
    """Reports the first frame of the window it filters, then quits the app after ``delay``."""

    def __init__(self, window: QWidget, app: QApplication, delay: int) -> None:
        super().__init__(window)
        self.fired = False
        self._app = app
        self._delay = delay
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.fired and event.type() == QEvent.Type.Paint:
            self.fired = True
            QTimer.singleShot(0, _report)
            if self._delay >= 0:
                QTimer.singleShot(self._delay, self._app.quit)
        return False


def quit_after(args: list[str]) -> int:
    """The ``--quit-after MS`` argument (0 when absent)."""
    return int(args[args.index("--quit-after") + 1]) if "--quit-after" in args else 0
