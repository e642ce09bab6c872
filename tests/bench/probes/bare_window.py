"""The start-up and memory baseline: a bare PySide6 process showing an empty QMainWindow.

Does what ``followup-desktop --quit-after MS`` does around its first frame, and nothing else:
a 1280×800 main window (the app's default size), "first-paint <time.monotonic()>" on stderr
once the first frame is painted (when ``FOLLOWUP_REPORT_FIRST_PAINT`` is set), then quits
``MS`` milliseconds later.

    python tests/bench/probes/bare_window.py [--quit-after MS]    (-1: never quit)
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    args = sys.argv[1:]
    delay = int(args[args.index("--quit-after") + 1]) if "--quit-after" in args else 0
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare")
    window.resize(1280, 800)

    def report() -> None:
        if os.environ.get("FOLLOWUP_REPORT_FIRST_PAINT"):
            print(f"first-paint {time.monotonic():.6f}", file=sys.stderr, flush=True)

    class FirstPaint(QObject):
        fired = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if not self.fired and event.type() == QEvent.Type.Paint:
                self.fired = True
                QTimer.singleShot(0, report)
                if delay >= 0:
                    QTimer.singleShot(delay, app.quit)
            return False

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
