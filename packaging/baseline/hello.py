"""The size baseline: the smallest PySide6 app, one empty main window.

Built by packaging/baseline/hello.spec with the same options as Follow-Up, so the test can hold
Follow-Up's bundle within a fixed factor of it (tests/packaging/test_bundle.py).
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Hello")
window.show()
if "--quit" in sys.argv:
    QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
