"""One column's list of cards: selection, keyboard, and drag and drop with a clear indicator.

The view never edits data: a drop hands the ids and the drop row to the model, which
announces it; the board moves the cards through the board service and every column refreshes
from the change signal.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QWidget

from followup_desktop.ui.board import mime
from followup_desktop.ui.board.card_delegate import CardDelegate, paint_card
from followup_desktop.ui.board.card_look import mix
from followup_desktop.ui.board.stage_model import CARD_ROLE, ID_ROLE, StageModel

#: Cards drawn in the drag pixmap (more show as a count).
PIXMAP_CARDS = 3


class StageView(QListView):
    """The cards of one stage."""

    #: int: -1 left / +1 right — the arrow keys asked to move the selection to a neighbour
    sig_neighbour_requested = Signal(int)
    #: int interview id — Enter or a double-click
    sig_open_requested = Signal(int)
    #: QPoint (global) — a context menu was asked for over the selected cards
    sig_menu_requested = Signal(QPoint)
    #: the view received focus (the board tracks the active column)
    sig_focused = Signal()
    #: int interview id, list[int] contact ids — people from the sidebar dropped on a card
    sig_contacts_dropped = Signal(int, list)

    def __init__(
        self, model: StageModel, delegate: CardDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(delegate)
        self._delegate = delegate
        self.setObjectName(f"stage-view-{model.stage_key}")
        self.setAccessibleName(model.stage.label)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        # We paint a clearer indicator ourselves (a thick accent line in the gap).
        self.setDropIndicatorShown(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setAutoScroll(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_menu)
        self.doubleClicked.connect(self._on_double_click)
        self.viewport().setAutoFillBackground(False)
        #: the shown row a drop would land before, while a drag hovers here
        self._drop_row: int | None = None
        #: the row of the card people from the sidebar would be linked to
        self._contact_row: int | None = None
        #: what the empty column says
        self.empty_text = "No interviews here yet"

    def stage_model(self) -> StageModel:
        model = self.model()
        assert isinstance(model, StageModel)
        return model

    # -- selection ----------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """The selected cards' ids, top to bottom."""
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        model = self.stage_model()
        count = model.rowCount()
        return [model.id_at(r) for r in rows if r < count]

    def select_ids(self, ids: list[int], *, current: int | None = None) -> None:
        """Select these cards (those shown here) and make one current."""
        model = self.stage_model()
        selection = self.selectionModel()
        selection.clearSelection()
        rows = [r for r in (model.row_of(i) for i in ids) if r >= 0]
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        block = QItemSelection()
        for r in rows:
            block.select(model.index(r), model.index(r))
        selection.select(block, QItemSelectionModel.SelectionFlag.Select)
        target = model.row_of(current) if current is not None else (rows[0] if rows else -1)
        if target >= 0:
            selection.setCurrentIndex(
                model.index(target), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.scrollTo(model.index(target))

    # -- keyboard -----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and mods == Qt.KeyboardModifier.NoModifier:
            self.sig_neighbour_requested.emit(-1 if key == Qt.Key.Key_Left else 1)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods in (
            Qt.KeyboardModifier.NoModifier,
        ):
            current = self.currentIndex()
            if current.isValid():
                self.sig_open_requested.emit(int(current.data(ID_ROLE)))
            event.accept()
            return
        if key == Qt.Key.Key_Menu:
            rect = self.visualRect(self.currentIndex())
            self.sig_menu_requested.emit(self.viewport().mapToGlobal(rect.center()))
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        model = self.stage_model()
        # Keyboard users land on a card, not on nothing.
        if not self.currentIndex().isValid() and model.rowCount() > 0:
            self.setCurrentIndex(model.index(0))
        self.sig_focused.emit()

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open_requested.emit(int(index.data(ID_ROLE)))

    def _on_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        if not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        self.sig_menu_requested.emit(self.viewport().mapToGlobal(pos))

    # -- dragging out ------------------------------------------------------------------
    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        indexes = sorted(self.selectionModel().selectedIndexes(), key=lambda i: i.row())
        if not indexes:
            return
        data = self.stage_model().mimeData(indexes)
        drag = QDrag(self)
        drag.setMimeData(data)
        pixmap, hot_spot = self.drag_pixmap(indexes)
        drag.setPixmap(pixmap)
        drag.setHotSpot(hot_spot)
        # No removal afterwards (unlike QAbstractItemView): the change signal refreshes us.
        drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)

    def drag_pixmap(self, indexes: list[QModelIndex]) -> tuple[QPixmap, QPoint]:
        """A picture of the dragged cards: up to three, stacked, with a count for more."""
        m = self._delegate.metrics(self.font())
        width = max(self.viewport().width(), m.line * 12)
        step = max(4, m.margin_y * 2)
        shown = indexes[:PIXMAP_CARDS]
        d = m.line * 1.4  # the count badge, hanging over the top right corner
        inset = round(d / 2) if len(indexes) > 1 else 0
        ratio = self.devicePixelRatioF()
        cards = QPixmap(
            QSize(width + step * (len(shown) - 1), m.height + step * (len(shown) - 1)) * ratio
        )
        cards.setDevicePixelRatio(ratio)
        cards.fill(Qt.GlobalColor.transparent)
        painter = QPainter(cards)
        # Opaque cards, back to front, so the ones behind never show through.
        for n, index in reversed(list(enumerate(shown))):
            rect = QRect(step * n, step * n, width, m.height)
            data = index.data(CARD_ROLE)
            paint_card(painter, rect, self.font(), self.palette(), data, metrics=m, selected=n == 0)
        painter.end()
        size = cards.deviceIndependentSize().toSize() + QSize(inset, inset)
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setOpacity(0.9)  # see where it goes, through the card
        painter.drawPixmap(QPoint(0, inset), cards)
        if len(indexes) > 1:
            painter.setOpacity(1.0)
            badge = QRectF(width - m.margin_x - d / 2, 0, d, d)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.palette().color(QPalette.ColorRole.Highlight))
            painter.drawEllipse(badge)
            painter.setPen(self.palette().color(QPalette.ColorRole.HighlightedText))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(len(indexes)))
        painter.end()
        first = self.visualRect(indexes[0])
        cursor = self.viewport().mapFromGlobal(self.cursor().pos())
        hot = cursor - first.topLeft() + QPoint(0, inset)
        if not QRect(0, inset, width, m.height).contains(hot):
            hot = QPoint(m.line * 2, inset + m.height // 2)
        return pixmap, hot

    # -- dropping in -------------------------------------------------------------------
    def drop_row_at(self, pos: QPoint) -> int:
        """The shown row a drop at ``pos`` (viewport coordinates) lands before."""
        model = self.stage_model()
        count = model.rowCount()
        if count == 0:
            return 0
        index = self.indexAt(pos)
        if index.isValid():
            rect = self.visualRect(index)
            return index.row() + (1 if pos.y() > rect.center().y() else 0)
        first = self.visualRect(model.index(0))
        return 0 if pos.y() < first.top() else count

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if mime.decode(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self._set_drop_row(self.drop_row_at(event.position().toPoint()))
        elif mime.decode_contacts(event.mimeData()):
            # People are dropped *on* a card; accept now, decide per position while moving.
            event.setDropAction(Qt.DropAction.LinkAction)
            event.accept()
            self._set_contact_row(self.indexAt(event.position().toPoint()).row())
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if mime.decode_contacts(event.mimeData()):
            row = self.indexAt(event.position().toPoint()).row()
            self._set_contact_row(row)
            if row >= 0:
                event.setDropAction(Qt.DropAction.LinkAction)
                event.accept()
            else:
                event.ignore()
            return
        if not mime.decode(event.mimeData()):
            event.ignore()
            return
        # The base class scrolls when the pointer nears an edge; we decide acceptance.
        super().dragMoveEvent(event)
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self._set_drop_row(self.drop_row_at(event.position().toPoint()))

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self._set_drop_row(None)
        self._set_contact_row(None)

    def dropEvent(self, event: QDropEvent) -> None:
        row = self.drop_row_at(event.position().toPoint())
        self._set_drop_row(None)
        self._set_contact_row(None)
        self.stopAutoScroll()
        data = event.mimeData()
        contacts = mime.decode_contacts(data)
        if contacts:
            index = self.indexAt(event.position().toPoint())
            if not index.isValid():
                event.ignore()
                return
            event.setDropAction(Qt.DropAction.LinkAction)
            event.accept()
            self.sig_contacts_dropped.emit(int(index.data(ID_ROLE)), contacts)
            return
        if not mime.decode(data):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.stage_model().dropMimeData(data, Qt.DropAction.MoveAction, row, 0, QModelIndex())

    def _set_drop_row(self, row: int | None) -> None:
        if row != self._drop_row:
            self._drop_row = row
            self.viewport().update()

    def _set_contact_row(self, row: int | None) -> None:
        row = None if row is None or row < 0 else row
        if row != self._contact_row:
            self._contact_row = row
            self.viewport().update()

    def drop_indicator_row(self) -> int | None:
        """Where the indicator is drawn now (None: no drag over this column)."""
        return self._drop_row

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.stage_model()
        if model.rowCount() == 0:
            self._paint_empty()
        if self._drop_row is not None:
            self._paint_drop_indicator(self._drop_row)
        if self._contact_row is not None and self._contact_row < model.rowCount():
            self._paint_link_target(self._contact_row)

    def _paint_link_target(self, row: int) -> None:
        """A ring around the card people would be linked to."""
        m = self._delegate.metrics(self.font())
        rect = QRectF(
            self._delegate.card_rect(self.visualRect(self.stage_model().index(row)), self.font())
        ).adjusted(-1, -1, 1, 1)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 3.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, m.radius, m.radius)
        painter.end()

    def _paint_empty(self) -> None:
        painter = QPainter(self.viewport())
        m = self._delegate.metrics(self.font())
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        area = QRectF(self.viewport().rect()).adjusted(m.margin_x, m.margin_y, -m.margin_x, 0)
        area.setHeight(m.height * 1.2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(mix(text, base, 0.75), 1.2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(area, m.radius, m.radius)
        painter.setPen(mix(text, base, 0.45))
        message = "No matches" if self.stage_model().is_filtered() else self.empty_text
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, message)
        painter.end()

    def _paint_drop_indicator(self, row: int) -> None:
        model = self.stage_model()
        m = self._delegate.metrics(self.font())
        if model.rowCount() == 0:
            y = m.margin_y
        elif row < model.rowCount():
            y = self.visualRect(model.index(row)).top()
        else:
            y = self.visualRect(model.index(model.rowCount() - 1)).bottom() + 1
        accent = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        thickness = max(3.0, m.margin_y * 0.9)
        left = float(m.margin_x)
        right = float(self.viewport().width() - m.margin_x)
        painter.setPen(QPen(accent, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(
            QRectF(left, y, right - left, 0).topLeft(), QRectF(left, y, right - left, 0).topRight()
        )
        r = thickness * 1.4
        painter.setBrush(accent)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(left - r / 2, y - r / 2, r, r))
        painter.end()
