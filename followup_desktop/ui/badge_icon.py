"""The app icon, and the tray icon with a badge counting the follow-ups that are due.

The shipped SVGs (``resources/icons/followup-tray.svg``, else ``followup.svg``) are used when
present; otherwise a simple icon is drawn, so the tray never shows an empty square. The badge
is painted on each size's own pixmap (a red disc when something is overdue, amber when only
due) so it stays legible at 16 px, where counts above 9 read "9+".
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPainter, QPainterPath, QPen, QPixmap

from followup_desktop.resources import resource_path

#: sizes the tray and the window ask for; each gets its own hand-badged pixmap
ICON_SIZES = (16, 22, 24, 32, 48, 64)
OVERDUE_COLOR = QColor("#dc2626")
DUE_COLOR = QColor("#d97706")
_BRAND = QColor("#2563eb")


def _shipped_svg(tray: bool) -> str | None:
    names = ("followup-tray.svg", "followup.svg") if tray else ("followup.svg",)
    for name in names:
        try:
            path = resource_path("icons", name)
        except FileNotFoundError:
            return None
        if path.is_file():
            return str(path)
    return None


def _drawn_base(size: int) -> QPixmap:
    """A blue rounded square with a white check mark: the fallback app icon."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = size * 0.06
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(_BRAND)
    p.drawRoundedRect(rect, size * 0.22, size * 0.22)
    pen = QPen(QColor("white"), max(1.6, size * 0.11))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    tick = QPainterPath(QPointF(size * 0.28, size * 0.52))
    tick.lineTo(QPointF(size * 0.44, size * 0.68))
    tick.lineTo(QPointF(size * 0.74, size * 0.34))
    p.drawPath(tick)
    p.end()
    return pixmap


@cache
def _base_icon(tray: bool) -> QIcon:
    svg = _shipped_svg(tray)
    if svg is not None:
        icon = QIcon(svg)
        if not icon.pixmap(QSize(16, 16)).isNull():
            return icon
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(_drawn_base(size))
    return icon


def app_icon() -> QIcon:
    """The application's icon (window, about box, notifications)."""
    return _base_icon(False)


def badge_text(count: int, size: int) -> str:
    """What the badge says: the count, capped ("9+" at 16 px, "99+" above)."""
    cap = 9 if size < 20 else 99
    return f"{cap}+" if count > cap else str(count)


def badged_pixmap(size: int, count: int, overdue: bool) -> QPixmap:
    """The tray icon at ``size`` px with a badge for ``count`` (no badge for 0)."""
    pixmap = _base_icon(True).pixmap(QSize(size, size))
    if pixmap.size() != QSize(size, size):
        pixmap = pixmap.scaled(
            size,
            size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    pixmap.setDevicePixelRatio(1.0)
    if count <= 0:
        return pixmap
    text = badge_text(count, size)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(7, round(size * (0.5 if len(text) == 1 else 0.42))))
    metrics = QFontMetricsF(font)
    height = max(9.0, size * 0.62)
    width = max(height, metrics.horizontalAdvance(text) + height * 0.45)
    width = min(width, float(size))
    rect = QRectF(size - width, size - height, width, height)
    p.setPen(QPen(QColor("white"), max(1.0, size / 24)))
    p.setBrush(OVERDUE_COLOR if overdue else DUE_COLOR)
    p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return pixmap


def badged_icon(count: int, overdue: bool) -> QIcon:
    """The tray icon for ``count`` due follow-ups, at every size in :data:`ICON_SIZES`."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(badged_pixmap(size, count, overdue))
    return icon
