"""The start-up floor: the least a process must do to paint a board like the app's.

No app code: PySide6, ``sqlite3``, a 1280×800 ``QMainWindow`` with the app's four menu titles
and a status bar, and in the middle one column per stage (a title and a ``QListView`` over a
``QStringListModel`` of the stage's interview ids, as the app keeps them), each card painted
by a Python ``QStyledItemDelegate`` (a rounded card, the role in bold, the employer) from rows
read with ``sqlite3`` for the cards in view. Reports its first painted frame exactly as
``bare_window.py`` and the app do, so the three can be compared in one run: how far the app
is from what Python + PySide6 need for a painted board, and how far that is from the bare
window.

    python tests/bench/probes/floor_board.py DATA_DIR [--quit-after MS]    (-1: never quit)
"""

from __future__ import annotations

import os
import sqlite3
import sys

from first_paint import FirstPaint, quit_after  # (this folder: the probes run as scripts)
from PySide6.QtCore import QRect, QSize, QStringListModel, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

#: cards read per column: more than fit in an 800 px tall window
VISIBLE = 30


class Delegate(QStyledItemDelegate):
    def __init__(self, rows: dict[int, tuple[str, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.rows = rows

    def sizeHint(self, option, index):
        return QSize(120, option.fontMetrics.height() * 3 + 16)

    def paint(self, painter, option, index):
        role, employer = self.rows.get(int(index.data(Qt.ItemDataRole.DisplayRole)), ("", ""))
        rect = option.rect.adjusted(6, 4, -6, -4)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Selection and focus are part of a board too; the first use of ``QStyle`` builds its
        # enums (~9 ms), as the app's card delegate does.
        selected = option.state & QStyle.StateFlag.State_Selected
        edge = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Mid
        painter.setPen(option.palette.color(edge))
        painter.setBrush(option.palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 6, 6)
        line = option.fontMetrics.height()
        # A real board names Qt's enums (alignment, roles, flags): the first use of
        # ``Qt`` builds all of them (~20 ms), so the floor pays it too.
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        text = rect.adjusted(10, 6, -8, -6)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.drawText(QRect(text.x(), text.y(), text.width(), line), left, role)
        painter.setFont(option.font)
        painter.setPen(QColor("#6b7280"))
        painter.drawText(QRect(text.x(), text.y() + line + 2, text.width(), line), left, employer)
        painter.restore()


def build(window: QMainWindow, db: sqlite3.Connection) -> None:
    bar = window.menuBar()
    for title in ("&File", "&Edit", "&View", "&Help"):
        bar.addMenu(title)
    window.statusBar().showMessage("")
    central = QWidget(window)
    columns = QHBoxLayout(central)
    stages = db.execute("SELECT id, label FROM stage WHERE hidden = 0 ORDER BY position")
    for stage_id, label in stages.fetchall():
        ids = [
            str(i)
            for (i,) in db.execute(
                "SELECT id FROM interview WHERE stage_id = ? AND archived = 0 ORDER BY position",
                (stage_id,),
            )
        ]
        shown = ids[:VISIBLE]
        rows = {
            i: (role, name)
            for i, role, name in db.execute(
                "SELECT i.id, i.role, o.name FROM interview i JOIN organization o"
                f" ON o.id = i.employer_id WHERE i.id IN ({','.join('?' * len(shown))})",
                shown,
            )
        }
        column = QVBoxLayout()
        column.addWidget(QLabel(f"{label}  {len(ids)}", central))
        view = QListView(central)
        view.setModel(QStringListModel(ids, view))
        view.setItemDelegate(Delegate(rows, view))
        view.setUniformItemSizes(True)
        column.addWidget(view)
        columns.addLayout(column)
    window.setCentralWidget(central)


def main() -> int:
    args = sys.argv[1:]
    delay = quit_after(args)
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Floor")
    window.resize(1280, 800)
    db = sqlite3.connect(os.path.join(args[0], "followup.sqlite3"))
    build(window, db)

    FirstPaint(window, app, delay)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
