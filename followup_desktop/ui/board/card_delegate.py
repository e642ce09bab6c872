"""Paints interview cards: no widget per card, just a few shapes and lines of text.

Every size comes from the font metrics of the view's font, so cards stay readable at 125 %
and 150 % scaling and with large system fonts; every colour comes from the palette (light
or dark) except the meaningful ones: the stage edge and the red / amber due badges.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from followup_desktop.services.cards import CardRow, Urgency
from followup_desktop.ui.board.card_look import (
    DUE_AMBER,
    ON_AMBER,
    ON_RED,
    OVERDUE_RED,
    UPCOMING_BLUE,
    CardMetrics,
    CardStyle,
    card_background,
    card_style,
    is_dark,
    mix,
)
from followup_desktop.ui.board.stage_model import CARD_ROLE, ID_ROLE

__all__ = ["CardDelegate", "CardMetrics", "is_dark", "mix", "paint_card"]

ModelIndex = QModelIndex | QPersistentModelIndex


class CardDelegate(QStyledItemDelegate):
    """Paints one card per row of a :class:`StageModel`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: cards to ring (people selected in the contacts sidebar); set by the board
        self.highlighted: frozenset[int] = frozenset()
        self._metrics_key: tuple[str, float] | None = None
        self._metrics: CardMetrics | None = None

    def metrics(self, font: QFont) -> CardMetrics:
        key = (font.key(), font.pointSizeF())
        if self._metrics is None or key != self._metrics_key:
            self._metrics = CardMetrics.for_font(font)
            self._metrics_key = key
        return self._metrics

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        m = self.metrics(option.font)
        # Width: enough for a short company name; the view stretches cards to its width.
        return QSize(m.line * 8, m.height)

    def card_rect(self, item_rect: QRect, font: QFont) -> QRect:
        m = self.metrics(font)
        return item_rect.adjusted(m.margin_x, m.margin_y, -m.margin_x, -m.margin_y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        card = index.data(CARD_ROLE)
        interview_id = index.data(ID_ROLE)
        state = option.state
        paint_card(
            painter,
            option.rect,
            option.font,
            option.palette,
            card,
            selected=bool(state & QStyle.StateFlag.State_Selected),
            focused=bool(state & QStyle.StateFlag.State_HasFocus),
            hovered=bool(state & QStyle.StateFlag.State_MouseOver),
            active=bool(state & QStyle.StateFlag.State_Active),
            highlighted=interview_id in self.highlighted,
            metrics=self.metrics(option.font),
        )


def paint_card(
    painter: QPainter,
    item_rect: QRect,
    font: QFont,
    palette: QPalette,
    card: CardRow | None,
    *,
    metrics: CardMetrics,
    selected: bool = False,
    focused: bool = False,
    hovered: bool = False,
    active: bool = True,
    highlighted: bool = False,
) -> None:
    """Paint one card into ``item_rect`` (also used for the drag pixmap)."""
    m = metrics
    st = card_style(font, palette)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    rect = QRectF(item_rect.adjusted(m.margin_x, m.margin_y, -m.margin_x, -m.margin_y))
    border, fill = st.border, st.fill
    if selected:
        fill = mix(fill, st.accent, 0.14 if active else 0.08)
        border = st.accent if active else mix(st.accent, st.base, 0.4)
    elif hovered:
        border = mix(border, st.text, 0.25)
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    edge = QColor(card.stage_color) if card is not None else None
    background = card_background(
        item_rect.size(), m, fill, border, edge, selected, not st.dark, ratio
    )
    painter.drawPixmap(item_rect.topLeft(), background)
    if highlighted:
        painter.setPen(QPen(st.accent, 2.0, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), m.radius + 2, m.radius + 2)
    if focused and not selected:
        painter.setPen(QPen(st.accent, 1.0, Qt.PenStyle.DotLine))
        painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), m.radius, m.radius)

    if card is None:
        painter.setPen(st.muted)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "…")
        painter.restore()
        return

    left = rect.left() + m.edge + m.pad
    right = rect.right() - m.pad
    top = rect.top() + m.pad
    width = right - left
    middle_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    # Line 1: company (bold), the due badges, and a paperclip when files are kept.
    used = _paint_badges(painter, st, card, right, top, m)
    if card.attachments:
        used += _paint_files(painter, st, card.attachments, right - used, top, m)
    painter.setFont(st.bold)
    painter.setPen(st.text)
    company = st.fm_bold.elidedText(card.company, Qt.TextElideMode.ElideRight, int(width - used))
    painter.drawText(QRectF(left, top, width - used, m.line), middle_left, company)

    # Line 2: the role, and a tag on its right: the agency, else "no reply date".
    top += m.line + m.gap
    used = 0.0
    tag_top = top + (m.line - m.small_line) / 2
    if card.agency:
        used = _paint_tag(painter, st, card.agency, st.tag, right, tag_top, m, width * 0.45)
    elif card.no_reply_date:
        used = _paint_tag(
            painter, st, "no reply date", st.no_reply, right, tag_top, m, width * 0.45
        )
    painter.setFont(font)
    painter.setPen(st.soft_text)
    role = st.fm.elidedText(card.role, Qt.TextElideMode.ElideRight, int(width - used))
    painter.drawText(QRectF(left, top, width - used, m.line), middle_left, role)

    # Line 3: the next date that matters ("no reply date" on its right if line 2 was full).
    top += m.line + m.gap
    used = 0.0
    if card.no_reply_date and card.agency:
        used = _paint_tag(painter, st, "no reply date", st.no_reply, right, top, m, width * 0.5)
    line_width = width - used
    x = left
    if card.next_text:
        dot = m.small_line * 0.42
        colour = {
            Urgency.OVERDUE: OVERDUE_RED,
            Urgency.DUE: DUE_AMBER,
            Urgency.UPCOMING: UPCOMING_BLUE,
        }.get(card.urgency, st.muted)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(x, top + (m.small_line - dot) / 2, dot, dot))
        x += dot + m.gap * 2
        line_width -= dot + m.gap * 2
    if card.urgency is Urgency.OVERDUE:
        painter.setFont(st.small_bold)
        painter.setPen(st.overdue_text)
        fm = st.fm_small_bold
    else:
        painter.setFont(st.small)
        painter.setPen(st.muted if card.urgency is Urgency.NONE else st.date_text)
        fm = st.fm_small
    shown = fm.elidedText(card.next_text, Qt.TextElideMode.ElideRight, int(line_width))
    painter.drawText(QRectF(x, top, line_width, m.small_line), middle_left, shown)
    painter.restore()


def _paint_badges(
    painter: QPainter, st: CardStyle, card: CardRow, right: float, top: float, m: CardMetrics
) -> float:
    """Red (overdue) and amber (due today) count pills at the top right; returns their width."""
    fm = st.fm_small_bold
    height = fm.height()
    y = top + (m.line - height) / 2
    x = right
    used = 0.0
    painter.setFont(st.small_bold)
    for count, colour, on in (
        (card.due_today, DUE_AMBER, ON_AMBER),
        (card.overdue, OVERDUE_RED, ON_RED),
    ):
        if not count:
            continue
        label = str(count) if count < 100 else "99+"
        w = max(height, fm.horizontalAdvance(label) + height * 0.7)
        x -= w
        pill = QRectF(x, y, w, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(on)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
        x -= m.gap * 2
        used = right - x
    return used


def _paint_tag(
    painter: QPainter,
    st: CardStyle,
    label: str,
    colour: QColor,
    right: float,
    top: float,
    m: CardMetrics,
    max_width: float,
) -> float:
    """An outlined tag ending at ``right``; returns the width it took (with its gap)."""
    fm = st.fm_small
    pad = m.small_line * 0.45
    room = max_width - pad * 2
    if room < fm.horizontalAdvance("Xx…"):
        return 0.0
    shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(room))
    w = fm.horizontalAdvance(shown) + pad * 2
    pill = QRectF(right - w, top + 0.5, w, m.small_line - 1)
    painter.setFont(st.small)
    painter.setPen(QPen(mix(colour, st.base, 0.45), 1.0))
    painter.setBrush(mix(st.base, colour, 0.08))
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    painter.setPen(colour)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, shown)
    return w + m.gap * 2


def _paint_files(
    painter: QPainter, st: CardStyle, count: int, right: float, top: float, m: CardMetrics
) -> float:
    """A small paperclip (and the count when more than one) left of ``right``; returns the
    width used. Drawn, not a glyph: the default fonts have no paperclip."""
    label = str(count) if count > 1 else ""
    label_w = st.fm_small.horizontalAdvance(label) + m.gap if label else 0
    clip_h = m.line * 0.68
    clip_w = clip_h * 0.55
    width = clip_w + label_w + m.gap * 3
    x = right - width + m.gap
    y = top + (m.line - clip_h) / 2
    painter.setPen(QPen(st.muted, max(1.0, m.line / 14)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(x, y, clip_w, clip_h), clip_w / 2, clip_w / 2)
    inner = QRectF(x + clip_w * 0.27, y + clip_h * 0.23, clip_w * 0.46, clip_h * 0.6)
    painter.drawRoundedRect(inner, inner.width() / 2, inner.width() / 2)
    if label:
        painter.setFont(st.small)
        painter.drawText(
            QRectF(x + clip_w + m.gap, top, label_w, m.line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
    return width
