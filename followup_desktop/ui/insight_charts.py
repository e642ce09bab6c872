"""The Insights charts, drawn with QPainter in the window's palette (no chart library).

Each chart only draws figures computed in ``core/insights.py``; the same numbers are given to
screen readers as the chart's accessible description (see ``ui/insights.py``). Colours come
from the palette (text, base, highlight) so light and dark themes both read well; the few
fixed colours (stage colours, on time / late / skipped) are mid-tones that stand out on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from followup_desktop.core.insights import FollowUpOutcomes, Funnel, Outcomes, ReplyTimes
from followup_desktop.core.insights_text import KIND_NAMES, duration, percent

ON_TIME = QColor("#15803d")
LATE = QColor("#f59e0b")
SKIPPED = QColor("#e11d48")
NO = QColor("#e11d48")
#: The companies shown in the reply chart (the most answers first); the rest are in the text.
MAX_COMPANIES = 8


def blend(a: QColor, b: QColor, share_of_b: float) -> QColor:
    """A colour between ``a`` and ``b`` (0: a, 1: b)."""
    k = max(0.0, min(1.0, share_of_b))
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * k,
        a.greenF() + (b.greenF() - a.greenF()) * k,
        a.blueF() + (b.blueF() - a.blueF()) * k,
    )


def ink_on(color: QColor) -> QColor:
    """Black or white, whichever reads better on ``color`` (WCAG relative luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )
    return QColor("#111827") if lum > 0.3 else QColor("#ffffff")


class Chart(QWidget):
    """A chart: focusable (so a screen reader reads its description), drawn on Base."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(320)

    # Colours of the current palette, looked up at paint time (the theme may change).
    def text(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def base(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Base)

    def muted(self) -> QColor:
        return blend(self.text(), self.base(), 0.42)

    def track(self) -> QColor:
        return blend(self.base(), self.text(), 0.08)

    def accent(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Highlight)

    def small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
        return font

    def begin(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        return painter

    def draw_focus(self, painter: QPainter) -> None:
        if self.hasFocus():
            pen = QPen(self.accent(), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)

    def empty(self, painter: QPainter, message: str) -> None:
        painter.setPen(self.muted())
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, message)


@dataclass(frozen=True)
class FunnelBar:
    label: str
    reached: int
    color: str
    to_next: str
    ended_here: int


class FunnelChart(Chart):
    """How many interviews reached each stage, with the share that went on to the next."""

    ROW = 46

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[FunnelBar] = []
        self.total = 0

    def set_funnel(self, funnel: Funnel, colors: dict[str, str]) -> None:
        steps = funnel.steps
        self.total = funnel.total
        self.bars = []
        for i, s in enumerate(steps):
            nxt = ""
            if s.to_next is not None:
                nxt = f"{percent(s.to_next)} went on to {steps[i + 1].stage.label}"
            color = colors.get(s.stage.key, "#7b8794")
            self.bars.append(FunnelBar(s.stage.label, s.reached, color, nxt, s.ended_here))
        self.setFixedHeight(max(120, 16 + self.ROW * len(self.bars)))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(460, 16 + self.ROW * max(1, len(self.bars)))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.begin()
        if not self.total:
            self.empty(p, "No interviews were added in this period.")
            self.draw_focus(p)
            return
        fm = QFontMetrics(self.font())
        label_w = max(fm.horizontalAdvance(b.label) for b in self.bars) + 14
        count_w = fm.horizontalAdvance(str(self.total)) + 14
        left, right = 8 + label_w, self.width() - 8 - count_w
        span = max(10.0, right - left)
        small = self.small_font()
        for i, bar in enumerate(self.bars):
            top = 8 + i * self.ROW
            bar_rect = QRectF(left, top + 2, span, 18)
            p.setPen(self.text())
            p.setFont(self.font())
            p.drawText(
                QRectF(8, top, label_w - 10, 22),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                bar.label,
            )
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.track())
            p.drawRoundedRect(bar_rect, 4, 4)
            width = span * bar.reached / self.total
            if width > 0:
                p.setBrush(QColor(bar.color))
                p.drawRoundedRect(QRectF(left, top + 2, max(width, 4.0), 18), 4, 4)
            p.setPen(self.text())
            bold = QFont(self.font())
            bold.setBold(True)
            p.setFont(bold)
            p.drawText(
                QRectF(right + 6, top, count_w, 22),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(bar.reached),
            )
            notes = [bar.to_next] if bar.to_next else []
            p.setFont(small)
            x = left
            if bar.ended_here:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(NO)
                p.drawEllipse(QPointF(x + 4, top + 32), 3.5, 3.5)
                x += 12
                notes.insert(0, f"{bar.ended_here} ended here with a no")
            p.setPen(self.muted())
            p.drawText(
                QRectF(x, top + 23, right - x, 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                "  ·  ".join(notes),
            )
        self.draw_focus(p)


class ReplyChart(Chart):
    """Median and range of reply times: a line from shortest to longest, a dot at the median."""

    ROW = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replies: ReplyTimes | None = None
        self.rows: list[tuple[str, int, float, float, float]] = []
        self.more = 0

    def set_replies(self, replies: ReplyTimes) -> None:
        self.replies = replies
        self.rows = []
        if replies.overall is not None:
            shown = sorted(replies.by_company, key=lambda s: (-s.count, s.median))[:MAX_COMPANIES]
            shown.sort(key=lambda s: (s.median, s.company.casefold()))
            self.more = len(replies.by_company) - len(shown)
            for s in (replies.overall, *shown):
                days = [t.total_seconds() / 86400 for t in (s.shortest, s.median, s.longest)]
                self.rows.append((s.company, s.count, days[0], days[1], days[2]))
        self.setFixedHeight(max(120, 46 + self.ROW * len(self.rows) + (18 if self.more else 0)))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(460, 46 + self.ROW * max(3, len(self.rows)))

    @staticmethod
    def ticks(longest: float) -> list[float]:
        """Axis ticks in days: every 1, 2, 7, 14 or 30 days, about five of them."""
        for step in (1.0, 2.0, 7.0, 14.0, 30.0, 60.0, 90.0):
            if longest / step <= 5:
                break
        count = int(longest // step) + 1
        return [step * i for i in range(count + 1)]

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.begin()
        if not self.rows:
            self.empty(p, "No company answered in this period.")
            self.draw_focus(p)
            return
        fm = QFontMetrics(self.font())
        name_w = min(200, max(fm.horizontalAdvance(f"{r[0]} ({r[1]})") for r in self.rows) + 16)
        value_w = fm.horizontalAdvance("00.0 days") + 12
        left, right = 8 + name_w, self.width() - 8 - value_w
        span = max(10.0, right - left)
        ticks = self.ticks(max(r[4] for r in self.rows))
        scale = span / ticks[-1]
        axis_y = 8 + self.ROW * len(self.rows) + 4
        small = self.small_font()
        p.setFont(small)
        for t in ticks:
            x = left + t * scale
            p.setPen(QPen(self.track(), 1))
            p.drawLine(QPointF(x, 6), QPointF(x, axis_y))
            p.setPen(self.muted())
            text = "0" if t == 0 else f"{t:g} d"
            p.drawText(QRectF(x - 30, axis_y + 2, 60, 16), Qt.AlignmentFlag.AlignCenter, text)
        accent = self.accent()
        for i, (name, count, lo, mid, hi) in enumerate(self.rows):
            y = 8 + i * self.ROW + self.ROW / 2
            font = QFont(self.font())
            font.setBold(i == 0)
            p.setFont(font)
            p.setPen(self.text())
            # The count stays visible however long the name: the name is elided instead.
            suffix = f" ({count})"
            room = name_w - 12 - fm.horizontalAdvance(suffix)
            label = fm.elidedText(name, Qt.TextElideMode.ElideRight, room) + suffix
            p.drawText(
                QRectF(8, y - 11, name_w - 10, 22),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            range_color = blend(self.base(), accent, 0.4)
            p.setPen(QPen(range_color, 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(left + lo * scale, y), QPointF(left + hi * scale, y))
            p.setPen(QPen(self.base(), 2))
            p.setBrush(accent)
            p.drawEllipse(QPointF(left + mid * scale, y), 6, 6)
            p.setPen(self.text())
            p.drawText(
                QRectF(right + 8, y - 11, value_w, 22),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                duration_short(mid),
            )
            if i == 0 and len(self.rows) > 1:
                p.setPen(QPen(self.track(), 1))
                p.drawLine(
                    QPointF(8, y + self.ROW / 2), QPointF(self.width() - 8, y + self.ROW / 2)
                )
        if self.more:
            p.setFont(small)
            p.setPen(self.muted())
            p.drawText(
                QRectF(left, axis_y + 18, span, 16),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"and {self.more} more companies (see “As text”)",
            )
        self.draw_focus(p)


def duration_short(days: float) -> str:
    """The median beside a reply-chart row: ``"18 h"``, ``"3.5 days"``."""
    text = duration(timedelta(days=days))
    return text.replace(" hours", " h").replace(" hour", " h")


class FollowUpChart(Chart):
    """Follow-ups done on time, late or skipped: one stacked bar overall, one per kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, Outcomes]] = []
        self.total = Outcomes()

    def set_outcomes(self, outcomes: FollowUpOutcomes) -> None:
        self.total = outcomes.total
        self.rows = [(KIND_NAMES.get(k, k.value), o) for k, o in outcomes.by_kind if o.settled]
        self.setFixedHeight(max(120, 96 + 26 * len(self.rows)))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(460, 96 + 26 * max(3, len(self.rows)))

    def _stack(self, p: QPainter, rect: QRectF, o: Outcomes, labels: bool) -> None:
        parts: Sequence[tuple[int, QColor]] = (
            (o.on_time, ON_TIME),
            (o.late, LATE),
            (o.skipped, SKIPPED),
        )
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.track())
        p.drawRoundedRect(rect, 4, 4)
        x = rect.left()
        for n, color in parts:
            if not n:
                continue
            w = rect.width() * n / o.settled
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawRect(QRectF(x, rect.top(), w, rect.height()))
            if labels and w > 34:
                p.setPen(ink_on(color))
                p.drawText(
                    QRectF(x, rect.top(), w, rect.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    percent(n / o.settled),
                )
            x += w

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.begin()
        t = self.total
        if not t.settled:
            self.empty(p, "No follow-up had its deadline in this period.")
            self.draw_focus(p)
            return
        width = self.width() - 16
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        # Clip to rounded corners: the stacked parts are plain rectangles.
        overall = QRectF(8, 8, width, 26)
        p.save()
        clip = QPainterPath()
        clip.addRoundedRect(overall, 5, 5)
        p.setClipPath(clip)
        self._stack(p, overall, t, labels=True)
        p.restore()
        x = 8.0
        p.setFont(self.font())
        fm = QFontMetrics(self.font())
        for text, color in (
            (f"On time {t.on_time}", ON_TIME),
            (f"Late {t.late}", LATE),
            (f"Skipped {t.skipped}", SKIPPED),
        ):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawRoundedRect(QRectF(x, 46, 12, 12), 3, 3)
            p.setPen(self.text())
            p.drawText(QPointF(x + 18, 46 + fm.ascent() - 1), text)
            x += 18 + fm.horizontalAdvance(text) + 22
        if t.open:
            p.setPen(self.muted())
            p.drawText(QPointF(x, 46 + fm.ascent() - 1), f"· {t.open} not due yet")
        label_w = max(fm.horizontalAdvance(name) for name, _ in self.rows) + 14 if self.rows else 0
        small = self.small_font()
        for i, (name, o) in enumerate(self.rows):
            y = 78 + 26 * i
            p.setPen(self.text())
            p.setFont(self.font())
            p.drawText(
                QRectF(8, y, label_w - 10, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            count_w = 44
            bar = QRectF(8 + label_w, y + 3, width - label_w - count_w, 12)
            p.save()
            clip = QPainterPath()
            clip.addRoundedRect(bar, 4, 4)
            p.setClipPath(clip)
            self._stack(p, bar, o, labels=False)
            p.restore()
            p.setFont(small)
            p.setPen(self.muted())
            p.drawText(
                QRectF(bar.right() + 6, y, count_w, 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(o.settled),
            )
        self.draw_focus(p)
