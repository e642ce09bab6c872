"""Paints the sidebar's rows: group headers, and people with their initials, job title,
organization and when they were last contacted. One delegate, no widget per row."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from followup_desktop.core.facts import ContactKind
from followup_desktop.services.contacts import ContactInfo
from followup_desktop.ui.contacts.contact_model import (
    ContactRole,
    CountRole,
    HighlightRole,
    IsGroupRole,
    LastContactedRole,
)

KIND_COLOR = {
    ContactKind.INTERVIEWER: QColor("#7c3aed"),
    ContactKind.HR: QColor("#0d9488"),
    ContactKind.AGENCY_RECRUITER: QColor("#d97706"),
    ContactKind.OTHER: QColor("#64748b"),
}
#: Linked to the card selected on the board.
LINKED_FILL = QColor("#e0ecff")
LINKED_BAR = QColor("#2563eb")

GROUP_HEIGHT = 30
PERSON_HEIGHT = 50
AVATAR = 32

Index = QModelIndex | QPersistentModelIndex


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return name[:1].upper() or "?"
    if len(parts) == 1:
        return parts[0][:2].capitalize()
    return (parts[0][0] + parts[-1][0]).upper()


class ContactDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        height = GROUP_HEIGHT if index.data(IsGroupRole) else PERSON_HEIGHT
        return QSize(option.rect.width() or 240, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            if index.data(IsGroupRole):
                self._paint_group(painter, option, index)
            else:
                person = index.data(ContactRole)
                if isinstance(person, ContactInfo):
                    self._paint_person(painter, option, index, person)
        finally:
            painter.restore()

    # -- groups --------------------------------------------------------------------------
    def _paint_group(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect = QRect(option.rect)
        palette = option.palette
        font = QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        font.setCapitalization(QFont.Capitalization.AllUppercase)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        painter.setFont(font)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(muted)
        view = self.parent()
        expanded = not isinstance(view, QTreeView) or view.isExpanded(index)
        painter.drawText(
            rect.adjusted(4, 6, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "▾" if expanded else "▸",
        )
        text_rect = rect.adjusted(18, 6, -40, 0)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            str(index.data(Qt.ItemDataRole.DisplayRole)),
        )
        count = str(index.data(CountRole) or 0)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.8))
        painter.setFont(small)
        metrics = QFontMetrics(small)
        pill_w = max(22, metrics.horizontalAdvance(count) + 12)
        pill = QRectF(rect.right() - pill_w - 8, rect.center().y() - 7 + 3, pill_w, 15)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase).darker(106))
        painter.drawRoundedRect(pill, 7.5, 7.5)
        painter.setPen(muted)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, count)

    # -- people --------------------------------------------------------------------------
    def _paint_person(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index, person: ContactInfo
    ) -> None:
        rect = QRect(option.rect).adjusted(2, 2, -4, -2)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        linked = bool(index.data(HighlightRole))
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(QRectF(rect), 6, 6)
        elif linked:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(LINKED_FILL)
            painter.drawRoundedRect(QRectF(rect), 6, 6)
        elif hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(QRectF(rect), 6, 6)
        if linked:
            painter.setBrush(LINKED_BAR)
            painter.drawRoundedRect(
                QRectF(rect.left(), rect.top() + 6, 3, rect.height() - 12), 1.5, 1.5
            )

        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_color)
        muted.setAlphaF(0.78 if selected else 0.62)

        # Initials in a circle coloured by kind.
        colour = KIND_COLOR.get(person.kind, KIND_COLOR[ContactKind.OTHER])
        avatar = QRectF(rect.left() + 10, rect.center().y() - AVATAR / 2 + 0.5, AVATAR, AVATAR)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(avatar)
        badge = QFont(option.font)
        badge.setBold(True)
        badge.setPointSizeF(max(7.0, badge.pointSizeF() * 0.85))
        painter.setFont(badge)
        painter.setPen(QColor("white"))
        painter.drawText(avatar, Qt.AlignmentFlag.AlignCenter, initials(person.name))

        left = int(avatar.right()) + 10
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.86))
        small_metrics = QFontMetrics(small)
        last = str(index.data(LastContactedRole) or "")
        last_w = small_metrics.horizontalAdvance(last) + 4
        top_line = QRect(left, rect.top() + 7, rect.right() - left - last_w - 12, 18)

        name_font = QFont(option.font)
        name_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(name_font)
        painter.setPen(text_color)
        name = QFontMetrics(name_font).elidedText(
            person.name, Qt.TextElideMode.ElideRight, top_line.width()
        )
        painter.drawText(top_line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

        # "never" in a softer tone: nobody needs to be alarmed by it.
        painter.setFont(small)
        last_colour = QColor(muted)
        if last == "never":
            last_colour.setAlphaF(muted.alphaF() * 0.75)
        painter.setPen(last_colour)
        painter.drawText(
            QRect(rect.right() - last_w - 8, top_line.top(), last_w, 18),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            last,
        )

        detail = " · ".join(p for p in (person.job_title, person.organization) if p)
        if not detail:
            detail = person.email or "No job title yet"
        painter.setPen(muted)
        bottom = QRect(left, rect.top() + 25, rect.right() - left - 8, 17)
        painter.drawText(
            bottom,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(detail, Qt.TextElideMode.ElideRight, bottom.width()),
        )
