"""Paints interview cards: no widget per card, just a few shapes and lines of text.

Every size comes from the font metrics of the view's font, so cards stay readable at 125 %
and 150 % scaling and with large system fonts; every colour comes from the palette (light
or dark) except the meaningful ones: the stage edge and the red / amber due badges.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from followup_desktop.services.cards import CardRow, Urgency
from followup_desktop.ui.board.stage_model import CARD_ROLE, ID_ROLE

ModelIndex = QModelIndex | QPersistentModelIndex

OVERDUE_RED = QColor("#dc2626")
DUE_AMBER = QColor("#f59e0b")
#: dark text on amber reads better than white (contrast 9:1 vs 2:1)
ON_AMBER = QColor("#1f1300")
ON_RED = QColor("#ffffff")
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


@dataclass(frozen=True, slots=True)
class CardStyle:
    """Fonts, font metrics and colours of cards for one font and palette (computed once)."""

    font: QFont
    bold: QFont
    small: QFont
    small_bold: QFont
    fm: QFontMetrics
    fm_bold: QFontMetrics
    fm_small: QFontMetrics
    fm_small_bold: QFontMetrics
    dark: bool
    base: QColor
    text: QColor
    accent: QColor
    muted: QColor
    soft_text: QColor  # the role
    date_text: QColor
    tag: QColor
    no_reply: QColor
    overdue_text: QColor
    border: QColor
    fill: QColor


_STYLES: dict[tuple[str, float, int], CardStyle] = {}


def card_style(font: QFont, palette: QPalette) -> CardStyle:
    key = (font.key(), font.pointSizeF(), palette.cacheKey())
    style = _STYLES.get(key)
    if style is not None:
        return style
    if len(_STYLES) > 32:
        _STYLES.clear()
    dark = is_dark(palette)
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    bold = QFont(font)
    bold.setBold(True)
    small = small_font(font)
    small_bold = QFont(small)
    small_bold.setBold(True)
    style = CardStyle(
        font=font,
        bold=bold,
        small=small,
        small_bold=small_bold,
        fm=QFontMetrics(font),
        fm_bold=QFontMetrics(bold),
        fm_small=QFontMetrics(small),
        fm_small_bold=QFontMetrics(small_bold),
        dark=dark,
        base=base,
        text=text,
        accent=palette.color(QPalette.ColorRole.Highlight),
        muted=mix(text, base, 0.42),
        soft_text=mix(text, base, 0.12),
        date_text=mix(text, base, 0.25),
        tag=mix(text, base, 0.35),
        no_reply=mix(DUE_AMBER, text, 0.35),
        overdue_text=OVERDUE_RED if not dark else mix(OVERDUE_RED, text, 0.35),
        border=mix(base, text, 0.16 if not dark else 0.22),
        fill=base if not dark else mix(base, text, 0.06),
    )
    _STYLES[key] = style
    return style


#: Card backgrounds already drawn, by look: antialiased rounded shapes are costly to fill
#: (~0.15 ms each), and a board repaints the same few looks over and over.
_BACKGROUNDS: dict[tuple[object, ...], QPixmap] = {}


def card_background(
    size: QSize,
    m: CardMetrics,
    fill: QColor,
    border: QColor,
    edge: QColor | None,
    selected: bool,
    shadow: bool,
    ratio: float,
) -> QPixmap:
    """The card's shadow, coloured stage edge, body and border, drawn once per look."""
    key = (
        size.width(),
        size.height(),
        m,
        fill.rgba(),
        border.rgba(),
        edge.rgba() if edge is not None else None,
        selected,
        shadow,
        ratio,
    )
    cached = _BACKGROUNDS.get(key)
    if cached is not None:
        return cached
    if len(_BACKGROUNDS) > 256:  # resized columns leave old sizes behind
        _BACKGROUNDS.clear()
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    rect = QRectF(
        m.margin_x, m.margin_y, size.width() - 2 * m.margin_x, size.height() - 2 * m.margin_y
    )
    painter.setPen(Qt.PenStyle.NoPen)
    if shadow:
        # A soft shadow under the card lifts it off the column.
        painter.setBrush(QColor(0, 0, 0, 18))
        painter.drawRoundedRect(rect.translated(0, max(1.0, m.radius / 6)), m.radius, m.radius)
    if edge is not None:
        # The stage edge: the whole card in the stage colour, then the body over all but a
        # strip on the left.
        painter.setBrush(edge)
        painter.drawRoundedRect(rect, m.radius, m.radius)
        painter.setClipRect(rect.adjusted(m.edge, -1, 1, 1))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, m.radius, m.radius)
    painter.setClipping(False)
    painter.setPen(QPen(border, 2.0 if selected else 1.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = 1.0 if selected else 0.5
    painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), m.radius, m.radius)
    painter.end()
    _BACKGROUNDS[key] = pixmap
    return pixmap


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
