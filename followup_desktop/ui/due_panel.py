"""The due panel: a dock beside the contacts listing overdue, today's and upcoming follow-ups.

Each row says what to do (for which company), to whom and by when; the buttons above the list
and each row's context menu offer the tray menu's actions (Compose…, Done, Snooze ▸, Dismiss,
Open interview). It refreshes whenever the reminder scheduler publishes what is due, which it
does after every change and whenever time makes something fall due.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.facts import DisplayState
from followup_desktop.core.workdays import end_of_local_day, local_date
from followup_desktop.services.announcements import (
    deadline_line,
    headline,
    recipients_line,
    when_text,
)
from followup_desktop.services.followup_views import FollowUpView
from followup_desktop.services.reminders import LIST_LIMIT, DueSnapshot, ReminderScheduler
from followup_desktop.ui.badge_icon import DUE_COLOR, OVERDUE_COLOR
from followup_desktop.ui.followup_actions import FollowUpActions

#: how far ahead "Upcoming" looks, and how many rows it shows at most
UPCOMING_DAYS = 14
UPCOMING_LIMIT = 100
ID_ROLE = Qt.ItemDataRole.UserRole
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
_UPCOMING_COLOR = QColor("#64748b")


class _RowDelegate(QStyledItemDelegate):
    """Paints a follow-up as a coloured edge, a bold title and a grey second line."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        if index.data(ID_ROLE) is None:
            return super().sizeHint(option, index)
        height = option.fontMetrics.height()
        return QSize(200, 2 * height + 12)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if index.data(ID_ROLE) is None:
            super().paint(painter, option, index)
            return
        painter.save()
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget
            )
        rect: QRect = option.rect
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(index.data(STATE_ROLE) or _UPCOMING_COLOR))
        painter.drawRoundedRect(rect.left() + 2, rect.top() + 4, 4, rect.height() - 8, 2, 2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_rect = rect.adjusted(12, 5, -4, -4)
        line = option.fontMetrics.height()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(option.palette.color(group))
        title = painter.fontMetrics().elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(text_rect.adjusted(0, 0, 0, -line), Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(option.font)
        if not selected:
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        subtitle = option.fontMetrics.elidedText(
            str(index.data(SUBTITLE_ROLE) or ""), Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(
            text_rect.adjusted(0, line + 2, 0, 0), Qt.AlignmentFlag.AlignLeft, subtitle
        )
        painter.restore()


class DuePanel(QWidget):
    """The list and its action buttons (the dock's widget)."""

    def __init__(
        self,
        actions: FollowUpActions,
        scheduler: ReminderScheduler,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DuePanel")
        self.followup_actions = actions
        self.scheduler = scheduler
        self.services = scheduler.services
        self.summary = QLabel(self)
        self.summary.setObjectName("DueSummary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("DueList")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(0)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(_RowDelegate(self.tree))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemActivated.connect(lambda item, _col: self._run("open"))
        self.tree.itemSelectionChanged.connect(self._enable_buttons)
        self.tree.setAccessibleName("Follow-ups due")

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.buttons: dict[str, QPushButton | QToolButton] = {}
        for key, label in (
            ("compose", "Compose…"),
            ("done", "Done"),
            ("dismiss", "Dismiss"),
            ("open", "Open"),
        ):
            button = QPushButton(label, self)
            button.setObjectName(f"due_{key}")
            button.clicked.connect(lambda _=False, k=key: self._run(k))
            self.buttons[key] = button
        snooze = QToolButton(self)
        snooze.setObjectName("due_snooze")
        snooze.setText("Snooze")
        snooze.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        snooze_menu = QMenu(snooze)
        snooze_menu.aboutToShow.connect(lambda: self._fill_snooze(snooze_menu))
        snooze.setMenu(snooze_menu)
        self.buttons["snooze"] = snooze
        for key in ("compose", "done", "snooze", "dismiss", "open"):
            buttons.addWidget(self.buttons[key])
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self._stale = True
        scheduler.sig_due_changed.connect(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Before the scheduler's first check (at start) its snapshot will fill the list.
        if self._stale and self.scheduler.last is not None:
            self.refresh(self.scheduler.last)

    # -- contents ------------------------------------------------------------------------
    def refresh(self, snapshot: DueSnapshot | None = None) -> None:
        """Rebuild the list from ``snapshot`` (what the scheduler last published).

        While the panel is not on screen (window in the tray, another tab in front) this only
        remembers that the list is stale: it is rebuilt when shown.
        """
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        due_list = self.scheduler.due_list
        if snapshot is None:
            now = self.services.ctx.now()
            snapshot = DueSnapshot(
                now, tuple(due_list.most_urgent(now, LIST_LIMIT)), *due_list.counts(now)
            )
        now = snapshot.now
        tz = self.services.ctx.tz
        end_of_today = end_of_local_day(local_date(now, tz), tz)
        until = now + timedelta(days=UPCOMING_DAYS)
        overdue = [f for f in snapshot.due if f.display is DisplayState.OVERDUE]
        today = [f for f in snapshot.due if f.display is not DisplayState.OVERDUE]
        today += due_list.upcoming(now, end_of_today, UPCOMING_LIMIT)
        today_count = (
            snapshot.due_count - snapshot.overdue_count + due_list.upcoming_count(now, end_of_today)
        )
        later = due_list.upcoming(end_of_today, until, UPCOMING_LIMIT)
        later_count = due_list.upcoming_count(end_of_today, until)
        selected = self.selected_id()
        self.tree.clear()
        for title, items, count, color in (
            ("Overdue", overdue, snapshot.overdue_count, OVERDUE_COLOR),
            ("Today", today, today_count, DUE_COLOR),
            (f"Upcoming (next {UPCOMING_DAYS} days)", later, later_count, _UPCOMING_COLOR),
        ):
            if count:
                self._add_section(title, items, count, color, now)
        self.summary.setText(self._summary(snapshot.overdue_count, today_count, later_count))
        if selected is not None:
            self.select_followup(selected, scroll=False)
        self._enable_buttons()

    def _summary(self, overdue: int, today: int, later: int) -> str:
        if not (overdue or today or later):
            return "Nothing to follow up. New follow-ups appear here as interviews happen."
        parts = [f"{overdue} overdue"] if overdue else []
        parts.append(f"{today} today")
        parts.append(f"{later} upcoming")
        return " · ".join(parts)

    def _add_section(
        self, title: str, items: list[FollowUpView], count: int, color: QColor, now: datetime
    ) -> None:
        header = QTreeWidgetItem(self.tree, [f"{title} · {count}"])
        header.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = header.font(0)
        font.setBold(True)
        header.setFont(0, font)
        header.setForeground(0, color)
        for f in items:
            row = QTreeWidgetItem(self.tree, [headline(f)])
            row.setData(0, ID_ROLE, f.id)
            row.setData(0, SUBTITLE_ROLE, self._subtitle(f, now))
            row.setData(0, STATE_ROLE, color)
            row.setToolTip(0, f"{headline(f)}\n{self._subtitle(f, now)}")
        if count > len(items):
            # Thousands of rows help nobody: the most urgent are listed, the rest counted.
            more = QTreeWidgetItem(self.tree, [f"… and {count - len(items)} more"])
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            more.setForeground(0, _UPCOMING_COLOR)

    def _subtitle(self, f: FollowUpView, now: datetime) -> str:
        """By when first (it matters most, and is never cut off), then to whom, the role."""
        tz = self.services.ctx.tz
        if f.display in (DisplayState.DUE, DisplayState.OVERDUE):
            when = deadline_line(f, now, tz)
        else:
            when = "due " + when_text(f.effective_due_at, now, tz)
        parts = [when[0].upper() + when[1:]]
        who = recipients_line(f)
        if who:
            parts.append(who)
        parts.append(f.role or f.company)
        return " · ".join(parts)

    # -- selection and actions -----------------------------------------------------------
    def selected_id(self) -> int | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        value = item.data(0, ID_ROLE)
        return int(value) if value is not None else None

    def select_followup(self, followup_id: int, *, scroll: bool = True) -> bool:
        """Select a follow-up's row; False if it is not listed (done, or far off)."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, ID_ROLE) == followup_id:
                self.tree.setCurrentItem(item)
                if scroll:
                    self.tree.scrollToItem(item)
                return True
        return False

    def _enable_buttons(self) -> None:
        has = self.selected_id() is not None
        for button in self.buttons.values():
            button.setEnabled(has)

    def _run(self, key: str) -> None:
        fid = self.selected_id()
        if fid is None:
            return
        if key == "compose":
            self.followup_actions.compose(fid)
        elif key == "done":
            self.followup_actions.mark_done(fid)
        elif key == "dismiss":
            self.followup_actions.dismiss(fid)
        elif key == "open":
            self.followup_actions.open(fid)

    def _fill_snooze(self, menu: QMenu) -> None:
        menu.clear()
        fid = self.selected_id()
        if fid is None:
            return
        from followup_desktop.core.snooze_times import snooze_choices

        for choice in snooze_choices(self.services.ctx.now(), self.services.ctx.tz):
            menu.addAction(choice.label, partial(self.followup_actions.snooze_by, fid, choice.key))

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None or item.data(0, ID_ROLE) is None:
            return
        self.tree.setCurrentItem(item)
        try:
            view = self.services.followups.get(int(item.data(0, ID_ROLE)))
        except Exception:
            return
        menu = QMenu(self)
        self.followup_actions.fill_menu(menu, view)
        menu.exec(self.tree.viewport().mapToGlobal(pos))


class DueDock(QDockWidget):
    """The due panel as a dock (View ▸ Follow-ups due, Ctrl+2)."""

    def __init__(
        self, actions: FollowUpActions, scheduler: ReminderScheduler, parent: QWidget | None = None
    ) -> None:
        super().__init__("Follow-ups due", parent)
        self.setObjectName("DueDock")
        self.panel = DuePanel(actions, scheduler, self)
        self.setWidget(self.panel)
