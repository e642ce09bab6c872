"""A board column: a header (stage name, card count, collapse, menu) over the cards.

Collapsed, the column becomes a narrow strip with the stage name written upwards and the
count; it still takes drops (cards go to the end of that stage) and a click opens it again.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services.board import StageInfo
from followup_desktop.ui.board import mime
from followup_desktop.ui.board.card_delegate import CardDelegate
from followup_desktop.ui.board.card_look import is_dark, mix
from followup_desktop.ui.board.stage_model import StageModel
from followup_desktop.ui.board.stage_view import StageView


class StageDot(QWidget):
    """A small round swatch of the stage's colour."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = QColor(colour)
        side = max(8, QFontMetrics(self.font()).height() // 2)
        self.setFixedSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        painter.drawEllipse(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        painter.end()


class CountPill(QLabel):
    """The number of cards, on a soft rounded background."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        painter.setPen(Qt.PenStyle.NoPen)
        # Light: a white pill on the grey column; dark: a lighter grey one.
        painter.setBrush(base if not is_dark(palette) else mix(base, text, 0.18))
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        painter.setPen(mix(text, base, 0.25))
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, self.text())
        painter.end()

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        h = fm.height() + 2
        return QSize(max(h + 4, fm.horizontalAdvance(self.text()) + h), h)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class ElidedLabel(QLabel):
    """A label that ends in "…" when narrow, instead of being cut mid-letter."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.width()
        )
        painter.drawText(
            self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown
        )
        painter.end()


class ColumnHeader(QWidget):
    """Stage name, count, and the collapse and menu buttons."""

    def __init__(self, stage: StageInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fm = QFontMetrics(self.font())
        unit = fm.height()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(
            round(unit * 0.6), round(unit * 0.45), round(unit * 0.25), round(unit * 0.3)
        )
        layout.setSpacing(round(unit * 0.4))
        self.dot = StageDot(stage.color, self)
        self.label = ElidedLabel(stage.label, self)
        self.label.setToolTip(stage.label)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(unit * 2)
        self.count = CountPill("0", self)
        self.collapse_button = QToolButton(self)
        self.collapse_button.setAutoRaise(True)
        self.collapse_button.setText("‹")
        self.collapse_button.setToolTip("Collapse this column")
        self.collapse_button.setAccessibleName(f"Collapse {stage.label}")
        self.menu_button = QToolButton(self)
        self.menu_button.setAutoRaise(True)
        self.menu_button.setText("⋯")
        self.menu_button.setToolTip("Stage options")
        self.menu_button.setAccessibleName(f"{stage.label} stage options")
        layout.addWidget(self.dot)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.collapse_button)
        layout.addWidget(self.menu_button)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def set_stage(self, stage: StageInfo) -> None:
        self.label.setText(stage.label)
        self.label.setToolTip(stage.label)
        self.dot.colour = QColor(stage.color)
        self.dot.update()
        self.collapse_button.setAccessibleName(f"Collapse {stage.label}")
        self.menu_button.setAccessibleName(f"{stage.label} stage options")


class CollapsedStrip(QWidget):
    """A collapsed column: the stage name upwards, the count, and a drop target."""

    sig_expand_requested = Signal()

    def __init__(self, column: StageColumn) -> None:
        super().__init__(column)
        self._column = column
        self._drop_hover = False
        self.setAcceptDrops(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_expand_requested.emit()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.sig_expand_requested.emit()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if mime.decode(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self._drop_hover = True
            self.update()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._drop_hover = False
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._drop_hover = False
        self.update()
        model = self._column.model
        if not mime.decode(event.mimeData()):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        # Collapsed columns take cards at their end, past any filter.
        model.sig_cards_dropped.emit(mime.decode(event.mimeData()), model.stage_key, None)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        fm = QFontMetrics(self.font())
        unit = fm.height()
        stage = self._column.model.stage
        if self._drop_hover:
            accent = palette.color(QPalette.ColorRole.Highlight)
            painter.setPen(QPen(accent, 2.0))
            painter.setBrush(mix(base, accent, 0.15))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(2, 2, -2, -2), 6, 6)
        dot = unit / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(stage.color))
        painter.drawEllipse(QRectF((self.width() - dot) / 2, unit * 0.7, dot, dot))
        painter.setPen(mix(text, base, 0.2))
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        label = f"{stage.label}  ·  {self._column.count_text()}"
        painter.translate(self.width() / 2 + fm.ascent() / 2 - fm.descent(), unit * 1.6)
        painter.rotate(90)
        painter.drawText(QPoint(0, 0), label)
        painter.end()


class StageColumn(QFrame):
    """One stage: header and cards, or a collapsed strip."""

    sig_collapsed_changed = Signal(bool)

    def __init__(
        self,
        model: StageModel,
        delegate: CardDelegate,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName(f"stage-column-{model.stage_key}")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.header = ColumnHeader(model.stage, self)
        self.view = StageView(model, delegate, self)
        self.strip = CollapsedStrip(self)
        self.strip.setAccessibleName(f"{model.stage.label} (collapsed)")
        self.strip.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.strip, 1)
        self._width = 0
        self._collapsed = False
        self.header.collapse_button.clicked.connect(lambda: self.set_collapsed(True))
        self.strip.sig_expand_requested.connect(lambda: self.set_collapsed(False))
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.modelReset,
            model.layoutChanged,
        ):
            signal.connect(self.update_count)
        self.update_count()

    @property
    def stage_key(self) -> str:
        return self.model.stage_key

    def count_text(self) -> str:
        shown, total = self.model.rowCount(), self.model.total()
        return f"{shown} of {total}" if self.model.is_filtered() else str(total)

    def update_count(self) -> None:
        text = self.count_text()
        self.header.count.setText(text)
        self.header.count.updateGeometry()
        label = self.model.stage.label
        noun = "interview" if self.model.total() == 1 else "interviews"
        self.header.count.setAccessibleName(f"{text} {noun}")
        self.header.count.setToolTip(
            f"{text} {noun} match the filter" if self.model.is_filtered() else f"{text} {noun}"
        )
        self.strip.setAccessibleName(f"{label} (collapsed), {text} {noun}")
        self.strip.update()

    def set_stage(self, stage: StageInfo) -> None:
        self.model.set_stage(stage)
        self.header.set_stage(stage)
        self.view.setAccessibleName(stage.label)
        self.update_count()

    # -- width and collapse ----------------------------------------------------------------
    def collapsed_width(self) -> int:
        return round(QFontMetrics(self.font()).height() * 2.2)

    def set_width(self, width: int) -> None:
        """The expanded width (kept while collapsed)."""
        self._width = width
        if not self._collapsed:
            self.setFixedWidth(width)

    def expanded_width(self) -> int:
        return self._width

    def is_collapsed(self) -> bool:
        return self._collapsed

    def set_collapsed(self, collapsed: bool) -> None:
        if collapsed == self._collapsed:
            return
        self._collapsed = collapsed
        self.header.setVisible(not collapsed)
        self.view.setVisible(not collapsed)
        self.strip.setVisible(collapsed)
        self.setFixedWidth(self.collapsed_width() if collapsed else self._width)
        if collapsed:
            self.view.clearSelection()
        self.sig_collapsed_changed.emit(collapsed)
