"""How the board is laid out: the columns' backgrounds, the grips that resize them, and
the memory of each column's width and collapsed state (QSettings, per stage key).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from followup_desktop.ui.board.card_look import is_dark, mix
from followup_desktop.ui.board.column import StageColumn

WIDTHS_KEY = "board/column_widths"
COLLAPSED_KEY = "board/collapsed"


class ColumnGrip(QWidget):
    """The gap between two columns; dragging it resizes the column on its left."""

    def __init__(self, column: StageColumn, on_resized: Callable[[], None]) -> None:
        super().__init__(column.parentWidget())
        self.column = column
        self._on_resized = on_resized
        self._start: tuple[int, int] | None = None
        self.setCursor(Qt.CursorShape.SplitHCursor)
        self.setFixedWidth(max(6, self.fontMetrics().height() // 2))
        self.setToolTip("Drag to resize the column; double-click to reset it")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.column.is_collapsed():
            self._start = (round(event.globalPosition().x()), self.column.expanded_width())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._start is not None:
            x0, w0 = self._start
            board = self.column.parentWidget()
            unit = self.fontMetrics().height()
            width = max(unit * 9, min(unit * 40, w0 + round(event.globalPosition().x()) - x0))
            self.column.set_width(width)
            if board is not None:
                board.updateGeometry()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._start is not None:
            self._start = None
            self._on_resized()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.column.set_width(default_column_width(self))
        self._on_resized()


def default_column_width(widget: QWidget) -> int:
    return round(widget.fontMetrics().height() * 16.5)


class ColumnsArea(QWidget):
    """The row of columns; paints each column's rounded background."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        fill = mix(window, text, 0.045 if not is_dark(palette) else 0.07)
        radius = self.fontMetrics().height() * 0.5
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        # This runs under every repaint of a card list (their viewports show it through), so
        # only the columns in the damaged area, found among the direct children: searching
        # every descendant and filling all eight shapes was a third of a drop's repaint.
        dirty = event.rect()
        for child in self.findChildren(
            StageColumn, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            shape = child.geometry().adjusted(0, 0, 0, -2)
            if child.isVisible() and shape.intersects(dirty):
                painter.drawRoundedRect(shape, radius, radius)
        painter.end()


class LayoutMemory:
    """Column widths and collapsed columns, kept as JSON in QSettings (same on every OS)."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def _json(self, key: str) -> object:
        raw = self.settings.value(key)
        if not isinstance(raw, str):
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def widths(self) -> dict[str, int]:
        value = self._json(WIDTHS_KEY)
        if not isinstance(value, dict):
            return {}
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, int)}

    def collapsed(self) -> set[str]:
        value = self._json(COLLAPSED_KEY)
        return {k for k in value if isinstance(k, str)} if isinstance(value, list) else set()

    def save(self, columns: Iterable[StageColumn]) -> None:
        """Remember these columns (others, e.g. hidden stages, keep what they had)."""
        widths = self.widths()
        collapsed = self.collapsed()
        for column in columns:
            widths[column.stage_key] = column.expanded_width()
            if column.is_collapsed():
                collapsed.add(column.stage_key)
            else:
                collapsed.discard(column.stage_key)
        self.settings.setValue(WIDTHS_KEY, json.dumps(widths, sort_keys=True))
        self.settings.setValue(COLLAPSED_KEY, json.dumps(sorted(collapsed)))
        self.settings.sync()
