"""Paints interview cards: no widget per card, just a few shapes and lines of text.

Every size comes from the font metrics of the view's font, so cards stay readable at 125 %
and 150 % scaling and with large system fonts; every colour comes from the palette (light
or dark) except the meaningful ones: the stage edge and the red / amber due badges.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from followup_desktop.services.cards import CardRow, Urgency
from followup_desktop.ui.board.stage_model import CARD_ROLE, ID_ROLE

ModelIndex = QModelIndex | QPersistentModelIndex

OVERDUE_RED = QColor("#dc2626")
DUE_AMBER = QColor("#f59e0b")
#: dark text on amber reads better than white (contrast 9:1 vs 2:1)
ON_AMBER = QColor("#1f1300")
UPCOMING_BLUE = QColor("#3b82f6")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


@dataclass(frozen=True, slots=True)
class CardMetrics:
    """Every distance on a card, derived from one font."""

    line: int  # height of a normal line of text
    small_line: int
    pad: int  # inside the card
    gap: int  # between lines
    margin_x: int  # around the card, inside the item rectangle
    margin_y: int
    radius: float
    edge: int  # width of the coloured stage edge
    height: int  # of the whole item

    @classmethod
    def for_font(cls, font: QFont) -> CardMetrics:
        fm = QFontMetrics(font)
        bold = QFont(font)
        bold.setBold(True)
        line = max(fm.height(), QFontMetrics(bold).height())
        small_line = QFontMetrics(small_font(font)).height()
        unit = line / 16.0
        pad = round(9 * unit)
        gap = max(1, round(3 * unit))
        margin_x = round(8 * unit)
        margin_y = max(2, round(4 * unit))
        height = margin_y * 2 + pad * 2 + line * 2 + small_line + gap * 2
        return cls(
            line,
            small_line,
            pad,
            gap,
            margin_x,
            margin_y,
            7 * unit,
            max(3, round(4 * unit)),
            height,
        )


def small_font(font: QFont) -> QFont:
    small = QFont(font)
    if font.pointSizeF() > 0:
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.88))
    else:
        small.setPixelSize(max(8, round(font.pixelSize() * 0.88)))
    return small


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
    dark = is_dark(palette)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    rect = QRectF(item_rect.adjusted(m.margin_x, m.margin_y, -m.margin_x, -m.margin_y))
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    accent = palette.color(QPalette.ColorRole.Highlight)
    muted = mix(text, base, 0.42)
    border = mix(base, text, 0.16 if not dark else 0.22)
    fill = base if not dark else mix(base, text, 0.06)
    if selected:
        fill = mix(fill, accent, 0.14 if active else 0.08)
        border = accent if active else mix(accent, base, 0.4)
    elif hovered:
        border = mix(border, text, 0.25)

    path = QPainterPath()
    path.addRoundedRect(rect, m.radius, m.radius)
    # A soft shadow under the card lifts it off the column.
    if not dark:
        painter.fillPath(path.translated(0, max(1.0, m.radius / 6)), QColor(0, 0, 0, 18))
    painter.fillPath(path, fill)

    # The stage edge: a coloured strip inside the card's left rounded edge.
    if card is not None:
        painter.save()
        painter.setClipPath(path)
        painter.fillRect(
            QRectF(rect.left(), rect.top(), m.edge, rect.height()), QColor(card.stage_color)
        )
        painter.restore()

    pen = QPen(border, 2.0 if selected else 1.0)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = 1.0 if selected else 0.5
    painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), m.radius, m.radius)
    if highlighted:
        ring = QPen(accent, 2.0, Qt.PenStyle.DashLine)
        painter.setPen(ring)
        painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), m.radius + 2, m.radius + 2)
    if focused and not selected:
        painter.setPen(QPen(accent, 1.0, Qt.PenStyle.DotLine))
        painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), m.radius, m.radius)

    if card is None:
        painter.setPen(muted)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "…")
        painter.restore()
        return

    left = rect.left() + m.edge + m.pad
    right = rect.right() - m.pad
    top = rect.top() + m.pad
    width = right - left

    # Line 1: company (bold) and the due badges.
    bold = QFont(font)
    bold.setBold(True)
    small = small_font(font)
    small_bold = QFont(small)
    small_bold.setBold(True)
    badges_width = _paint_badges(painter, small_bold, card, right, top, m)
    if card.attachments:
        badges_width += _paint_files(
            painter, small, card.attachments, right - badges_width, top, m, muted
        )
    painter.setFont(bold)
    painter.setPen(text)
    company = QFontMetrics(bold).elidedText(
        card.company, Qt.TextElideMode.ElideRight, int(width - badges_width)
    )
    painter.drawText(
        QRectF(left, top, width - badges_width, m.line),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        company,
    )

    # Line 2: the role, and a tag on its right: the agency, else "no reply date".
    top += m.line + m.gap
    agency_width = 0.0
    no_reply_tag = ("no reply date", mix(DUE_AMBER, text, 0.35))
    line2_tag = (
        (card.agency, mix(text, base, 0.35))
        if card.agency
        else (no_reply_tag if card.no_reply_date else None)
    )
    if line2_tag is not None:
        agency_width = _paint_tag(
            painter,
            small,
            line2_tag[0],
            line2_tag[1],
            right,
            top + (m.line - m.small_line) / 2,
            m,
            base,
            width * 0.45,
        )
    painter.setFont(font)
    painter.setPen(mix(text, base, 0.12))
    role_width = width - agency_width
    role = QFontMetrics(font).elidedText(card.role, Qt.TextElideMode.ElideRight, int(role_width))
    painter.drawText(
        QRectF(left, top, role_width, m.line),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        role,
    )

    # Line 3: the next date that matters, and "no reply date" on its right.
    top += m.line + m.gap
    tag_width = 0.0
    if card.no_reply_date and card.agency:
        tag_width = _paint_tag(
            painter, small, no_reply_tag[0], no_reply_tag[1], right, top, m, base, width * 0.5
        )
    painter.setFont(small)
    line_width = width - tag_width
    x = left
    if card.next_text:
        dot = m.small_line * 0.42
        colour = {
            Urgency.OVERDUE: OVERDUE_RED,
            Urgency.DUE: DUE_AMBER,
            Urgency.UPCOMING: UPCOMING_BLUE,
        }.get(card.urgency, muted)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(x, top + (m.small_line - dot) / 2, dot, dot))
        x += dot + m.gap * 2
        line_width -= dot + m.gap * 2
    if card.urgency is Urgency.OVERDUE:
        painter.setFont(QFont(small_bold))
        painter.setPen(OVERDUE_RED if not dark else mix(OVERDUE_RED, text, 0.35))
    else:
        painter.setPen(muted if card.urgency is Urgency.NONE else mix(text, base, 0.25))
    shown = QFontMetrics(painter.font()).elidedText(
        card.next_text, Qt.TextElideMode.ElideRight, int(line_width)
    )
    painter.drawText(
        QRectF(x, top, line_width, m.small_line),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        shown,
    )
    painter.restore()


def _paint_badges(
    painter: QPainter, font: QFont, card: CardRow, right: float, top: float, m: CardMetrics
) -> float:
    """Red (overdue) and amber (due today) count pills at the top right; returns their width."""
    fm = QFontMetrics(font)
    height = fm.height()
    y = top + (m.line - height) / 2
    x = right
    used = 0.0
    painter.setFont(font)
    for count, colour, on in (
        (card.due_today, DUE_AMBER, ON_AMBER),
        (card.overdue, OVERDUE_RED, QColor("white")),
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
    font: QFont,
    label: str,
    colour: QColor,
    right: float,
    top: float,
    m: CardMetrics,
    base: QColor,
    max_width: float,
) -> float:
    """An outlined tag ending at ``right``; returns the width it took (with its gap)."""
    fm = QFontMetrics(font)
    pad = m.small_line * 0.45
    room = max_width - pad * 2
    if room < fm.horizontalAdvance("Xx…"):
        return 0.0
    shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(room))
    w = fm.horizontalAdvance(shown) + pad * 2
    pill = QRectF(right - w, top + 0.5, w, m.small_line - 1)
    painter.setFont(font)
    painter.setPen(QPen(mix(colour, base, 0.45), 1.0))
    painter.setBrush(QBrush(mix(base, colour, 0.08)))
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    painter.setPen(colour)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, shown)
    return w + m.gap * 2


def card_top_left(rect: QRect, metrics: CardMetrics) -> QPoint:
    return QPoint(rect.left() + metrics.margin_x, rect.top() + metrics.margin_y)


def _paint_files(
    painter: QPainter,
    font: QFont,
    count: int,
    right: float,
    top: float,
    m: CardMetrics,
    colour: QColor,
) -> float:
    """A small paperclip (and the count when more than one) left of ``right``; returns the
    width used. Drawn, not a glyph: the default fonts have no paperclip."""
    fm = QFontMetrics(font)
    label = str(count) if count > 1 else ""
    label_w = fm.horizontalAdvance(label) + 2 if label else 0
    clip_w, clip_h = 6.0, 11.0
    width = clip_w + label_w + 8
    x = right - width + 2
    y = top + (m.line - clip_h) / 2
    painter.save()
    painter.setPen(QPen(colour, 1.2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(x, y, clip_w, clip_h), clip_w / 2, clip_w / 2)
    painter.drawRoundedRect(QRectF(x + 1.6, y + 2.5, clip_w - 3.2, clip_h - 4.5), 1.4, 1.4)
    if label:
        painter.setFont(font)
        painter.drawText(
            QRectF(x + clip_w + 2, top, label_w, m.line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
    painter.restore()
    return width
