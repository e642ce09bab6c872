"""The Insights view: where applications stall, how fast companies answer, follow-ups kept.

A window of its own (View → Insights, Ctrl+Shift+I), so it can sit beside the board. It only
draws what ``core/insights.py`` computes from ``services/insights.py``'s histories. Every
chart also carries its numbers as an accessible description, and the "As text" tab says
everything in sentences for screen readers and for copying.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QPainter, QPaintEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import APP_NAME
from followup_desktop.core.insights import Insights
from followup_desktop.core.insights_text import (
    Section,
    day_text,
    describe,
    duration,
    percent,
    period_text,
)
from followup_desktop.core.stages import StageMeaning
from followup_desktop.services import Changes, Services
from followup_desktop.services.insights import InsightsService
from followup_desktop.ui.bridge import ChangeBridge
from followup_desktop.ui.insight_charts import FollowUpChart, FunnelChart, ReplyChart, blend
from followup_desktop.ui.period_picker import PeriodPicker

#: Changes come in bursts (a drag of ten cards): recompute once they settle.
REFRESH_DELAY_MS = 300


class Card(QFrame):
    """A titled panel drawn on the palette's Base colour with a soft border."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title, self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 12, 16, 14)
        self.body.setSpacing(8)
        self.body.addWidget(self.title)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        p.setPen(blend(base, pal.color(QPalette.ColorRole.Text), 0.14))
        p.setBrush(base)
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)


class Tile(Card):
    """One headline number with its caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(caption, parent)
        self.caption = caption
        font = self.title.font()
        font.setBold(False)
        font.setPointSizeF(font.pointSizeF() / 1.1)
        self.title.setFont(font)
        self.value = QLabel("—", self)
        big = self.value.font()
        big.setPointSizeF(big.pointSizeF() * 2.0)
        big.setBold(True)
        self.value.setFont(big)
        self.body.insertWidget(0, self.value)
        self.body.setSpacing(0)

    def set_value(self, value: str, explanation: str) -> None:
        self.value.setText(value)
        self.setAccessibleName(f"{self.caption}: {value}")
        self.setAccessibleDescription(explanation)
        self.setToolTip(explanation)


class RoomyRows(QStyledItemDelegate):
    """Rows a little taller than a plain list's: this is a summary to read, not a table.

    (A style sheet would do it too, but a widget with a style sheet stops following the
    palette, and the list would stay white in a dark theme.)
    """

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 8)


class InsightsWindow(QWidget):
    """Charts and figures for a chosen period; recomputed when the data changes."""

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        bridge: ChangeBridge | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("InsightsWindow")
        self.setWindowTitle(f"Insights — {APP_NAME}")
        self.services = services
        self.service = InsightsService(services)
        self.insights: Insights | None = None
        #: View → Insights (``ui/insights_menu.py``), which built this window
        self.show_action: QAction | None = None
        self._stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.resize(1120, 820)
        self._build()
        if bridge is None:
            # On its own (tests, a future tab): listen to the services directly, and stop
            # when the window goes, so no announcement reaches a deleted widget.
            bridge = ChangeBridge(services, self)
            own = bridge
            self.destroyed.connect(lambda *_: own.detach())
        bridge.sig_changed.connect(self.on_changes)

    # -- building ------------------------------------------------------------------------
    def _today(self) -> date:
        return self.services.ctx.now().astimezone(self.services.ctx.tz).date()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 14)
        outer.setSpacing(12)
        header = QHBoxLayout()
        heading = QLabel("Insights", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        heading.setAccessibleName("Insights")
        header.addWidget(heading)
        header.addSpacing(16)
        self.picker = PeriodPicker(self._today, self.service.first_day, "3m", self)
        self.picker.sig_changed.connect(lambda *_: self.refresh())
        header.addWidget(self.picker)
        header.addStretch(1)
        self.report_button = QPushButton("Job-search &report…", self)
        self.report_button.setToolTip("Save every application of this period as PDF or CSV")
        self.report_button.clicked.connect(self._open_report)
        header.addWidget(self.report_button)
        outer.addLayout(header)

        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        self.tiles = {
            key: Tile(caption, self)
            for key, caption in (
                ("applications", "Applications"),
                ("interviews", "Got an interview"),
                ("offers", "Offers"),
                ("reply", "Median reply time"),
                ("on_time", "Follow-ups on time"),
                ("quiet", "Went quiet"),
            )
        }
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)
        outer.addLayout(tiles)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        outer.addWidget(self.tabs, 1)
        self.tabs.addTab(self._charts_page(), "&Charts")
        self.text = QTextBrowser(self)
        self.text.setAccessibleName("Insights as text")
        self.text.setOpenLinks(False)
        self.tabs.addTab(self.text, "As &text")

    def _charts_page(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget(scroll)
        page.setAutoFillBackground(False)
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setSpacing(12)
        self.funnel_card = Card("Where applications got to", page)
        self.funnel_chart = FunnelChart(self.funnel_card)
        self.funnel_card.body.addWidget(self.funnel_chart)
        self.funnel_card.body.addStretch(1)
        self.reply_card = Card("How fast companies answer", page)
        note = QLabel("Median (dot) and shortest to longest wait (bar), in days", page)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.reply_card.body.addWidget(note)
        self.reply_chart = ReplyChart(self.reply_card)
        self.reply_card.body.addWidget(self.reply_chart)
        self.reply_card.body.addStretch(1)
        self.followup_card = Card("Follow-ups: done on time, late or skipped", page)
        self.followup_chart = FollowUpChart(self.followup_card)
        self.followup_card.body.addWidget(self.followup_chart)
        self.followup_card.body.addStretch(1)
        self.quiet_card = Card("Went quiet after the allowed chases", page)
        self.quiet_list = QTreeWidget(self.quiet_card)
        self.quiet_list.setAccessibleName("Interviews that went quiet")
        self.quiet_list.setHeaderLabels(["Interview", "Chases", "No answer for"])
        self.quiet_list.setRootIsDecorated(False)
        self.quiet_list.setAlternatingRowColors(True)
        self.quiet_list.setUniformRowHeights(True)
        self.quiet_list.setItemDelegate(RoomyRows(self.quiet_list))
        self.quiet_list.setMinimumHeight(150)
        for col in (1, 2):
            self.quiet_list.headerItem().setTextAlignment(
                col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        header = self.quiet_list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.quiet_empty = QLabel("No interview went quiet in this period.", self.quiet_card)
        self.quiet_empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.quiet_card.body.addWidget(self.quiet_empty)
        self.quiet_card.body.addWidget(self.quiet_list, 1)
        grid.addWidget(self.funnel_card, 0, 0)
        grid.addWidget(self.reply_card, 0, 1)
        grid.addWidget(self.followup_card, 1, 0)
        grid.addWidget(self.quiet_card, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)
        scroll.setWidget(page)
        return scroll

    # -- data ----------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        """Recompute soon if visible; otherwise when next shown."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Recompute every figure for the chosen period and redraw."""
        self._timer.stop()
        first, last = self.picker.period()
        self.insights = self.service.insights(first, last)
        self._stale = False
        self._show(self.insights)

    def _show(self, ins: Insights) -> None:
        tz = self.services.ctx.tz
        sections = describe(ins, tz)
        colors = {s.key: s.color for s in self.services.board.stages()}
        self.funnel_chart.set_funnel(ins.funnel, colors)
        self.reply_chart.set_replies(ins.replies)
        self.followup_chart.set_outcomes(ins.followups)
        for chart, section in zip(
            (self.funnel_chart, self.reply_chart, self.followup_chart), sections, strict=False
        ):
            chart.setAccessibleName(section.title)
            chart.setAccessibleDescription(" ".join(section.lines))
            chart.setToolTip("\n".join(section.lines))
        self._show_quiet(ins)
        self._show_tiles(ins)
        self._show_text(ins, sections)

    def _show_quiet(self, ins: Insights) -> None:
        tz = self.services.ctx.tz
        self.quiet_list.clear()
        for q in ins.quiet:
            silent = duration(max(ins.now - q.waiting_since, timedelta(0)))
            item = QTreeWidgetItem([f"{q.company} — {q.role}", str(q.chases), silent])
            item.setData(0, Qt.ItemDataRole.UserRole, q.interview_id)
            item.setToolTip(
                0,
                f"{q.stage}; waiting since {day_text(q.waiting_since, tz)}, "
                f"quiet since {day_text(q.since, tz)}",
            )
            for col in (1, 2):
                item.setTextAlignment(
                    col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            self.quiet_list.addTopLevelItem(item)
        self.quiet_list.setVisible(bool(ins.quiet))
        self.quiet_empty.setVisible(not ins.quiet)

    def _show_tiles(self, ins: Insights) -> None:
        f = ins.funnel
        by_meaning = {s.stage.meaning: s.reached for s in f.steps}
        interviewed = by_meaning.get(StageMeaning.INTERVIEWED, 0)
        offers = by_meaning.get(StageMeaning.OFFER, 0)

        def share(n: int) -> str:
            return f" ({percent(n / f.total)})" if f.total else ""

        self.tiles["applications"].set_value(str(f.total), "Interviews added in this period.")
        self.tiles["interviews"].set_value(
            str(interviewed), f"Applications that reached Interviewed{share(interviewed)}."
        )
        self.tiles["offers"].set_value(
            str(offers), f"Applications that reached an offer{share(offers)}."
        )
        o = ins.replies.overall
        self.tiles["reply"].set_value(
            duration(o.median) if o else "—",
            f"Median of {o.count} waits for an answer." if o else "No company answered.",
        )
        t = ins.followups.total
        self.tiles["on_time"].set_value(
            percent(t.on_time / t.settled) if t.settled else "—",
            f"{t.on_time} of {t.settled} follow-ups due in this period were done on time."
            if t.settled
            else "No follow-up was due in this period.",
        )
        self.tiles["quiet"].set_value(
            str(len(ins.quiet)), "Interviews with no reply after the allowed chases."
        )

    def _show_text(self, ins: Insights, sections: list[Section]) -> None:
        parts = [f"<h2>Insights: {html.escape(period_text(ins.period, self.services.ctx.tz))}</h2>"]
        for section in sections:
            parts.append(f"<h3>{html.escape(section.title)}</h3><ul>")
            parts.extend(f"<li>{html.escape(line)}</li>" for line in section.lines)
            parts.append("</ul>")
        self.text.setHtml("".join(parts))

    def _open_report(self) -> None:
        from followup_desktop.ui.report_dialog import ReportDialog

        first, last = self.picker.period()
        dialog = ReportDialog(self.services, self, first=first, last=last)
        dialog.open()
