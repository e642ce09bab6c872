"""The start-up and memory baseline: a bare PySide6 process showing an empty QMainWindow.

Does what ``followup-desktop --quit-after MS`` does around its first frame, and nothing else:
a 1280×800 main window (the app's default size), "first-paint <time.monotonic()>" on stderr
once the first frame is painted (when ``FOLLOWUP_REPORT_FIRST_PAINT`` is set), then quits
``MS`` milliseconds later.

    python tests/bench/probes/bare_window.py [--quit-after MS]    (-1: never quit)
"""

from __future__ import annotations

import sys

from first_paint import FirstPaint, quit_after  # (this folder: the probes run as scripts)
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    args = sys.argv[1:]
    delay = quit_after(args)
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare")
    window.resize(1280, 800)

    FirstPaint(window, app, delay)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
