"""How a card looks: its colours, its sizes (all from the font), and its background.

Shared by the card delegate, the drag pixmap and the board's other painted bits. Fonts,
metrics and colours are computed once per font and palette; backgrounds once per look.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap

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
