"""The board's parts: a card (what it shows and how it is painted) and a stage
column that drags cards out and takes them in."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from img_crm.domain.enums import Stage
from img_crm.domain.rows import ContactRow
from img_crm.services.relationships import ContactStatus
from img_crm.ui.labels import stage_label
from img_crm.ui.models.contacts import REPLY_OWED_TINT, attention_text, hint_label
from img_crm.ui.theme import tone

MIME_TYPE = "application/x-img-crm-contact-ids"
CardRole = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("PipelineBoard", text)


@dataclass(frozen=True, slots=True)
class Card:
    """What one card shows."""

    contact_id: int
    name: str
    institution: str
    days_since: int | None
    follow_up: date | None
    attention: str
    urgent: bool
    hint: str


def make_card(row: ContactRow, status: ContactStatus, today: date) -> Card:
    last = row.last_interaction
    return Card(
        contact_id=row.id,
        name=row.name,
        institution=row.institution,
        days_since=(today - last).days if last else None,
        follow_up=status.follow_up,
        attention=attention_text(status, today) if (status.overdue or status.reply_owed) else "",
        urgent=status.overdue or status.reply_owed,
        hint=hint_label(status.hints[0]) if status.hints else "",
    )


class CardDelegate(QStyledItemDelegate):
    """Paints a card: name, institution, last touch and follow-up, and any hint."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.height()
        # As wide as the column shows (no sideways scrolling), five lines high.
        view = self.parent()
        width = view.viewport().width() - 2 * view.spacing() if isinstance(view, QListView) else 0
        return QSize(max(width, 120), line * 5 + 22)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        card: Card = index.data(CardRole)
        if card is None:
            return
        palette: QPalette = option.palette
        rect: QRect = option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        if selected:
            base.setAlpha(90)
        border = QColor(REPLY_OWED_TINT) if card.urgent else palette.color(QPalette.ColorRole.Mid)
        border.setAlpha(255)
        painter.setPen(QPen(border, 2.0 if (card.urgent or focused) else 1.0))
        painter.setBrush(base)
        painter.drawRoundedRect(rect, 6, 6)
        text = palette.color(QPalette.ColorRole.Text)
        muted = tone(palette, "muted")
        alert = tone(palette, "alert")
        line = option.fontMetrics.height()
        inner = rect.adjusted(8, 5, -8, -5)
        font = QFont(option.font)
        bold = QFont(font)
        bold.setBold(True)

        def draw(row: int, value: str, color: QColor, face: QFont) -> None:
            painter.setFont(face)
            painter.setPen(color)
            area = QRect(inner.left(), inner.top() + row * line, inner.width(), line)
            elided = painter.fontMetrics().elidedText(
                value, Qt.TextElideMode.ElideRight, area.width()
            )
            painter.drawText(
                area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
            )

        draw(0, card.name, text, bold)
        draw(1, card.institution, muted, font)
        since, follow = touch_lines(card)
        draw(2, since, muted, font)
        draw(3, follow, muted, font)
        if card.attention:
            draw(4, card.attention, alert, bold)
        elif card.hint:
            italic = QFont(font)
            italic.setItalic(True)
            draw(4, card.hint, text, italic)
        painter.restore()


def touch_lines(card: Card) -> tuple[str, str]:
    """The card's third and fourth lines: the last touch, and the next
    follow-up, each named, so the date is never read as the day of a touch."""
    since = (
        _tr("Last touch %1 d ago").replace("%1", str(card.days_since))
        if card.days_since is not None
        else _tr("No touch logged")
    )
    follow = (
        _tr("Follow up %1").replace("%1", card.follow_up.isoformat())
        if card.follow_up is not None
        else _tr("No follow-up date")
    )
    return since, follow


class StageColumn(QListWidget):
    """One stage's cards. Accepts cards dropped from the other columns."""

    #: Contacts were dropped here: (contact ids, this column's stage value).
    dropped = Signal(list, str)

    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName(f"stageColumn_{stage.value}")
        self.setAccessibleName(stage_label(stage))
        self.setItemDelegate(CardDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # cards re-laid out to the new width

    def viewportEvent(self, event: QEvent) -> bool:
        # The cards are as wide as the viewport, which narrows when the
        # vertical scroll bar comes: lay them out again then.
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize:
            self.scheduleDelayedItemsLayout()
        return handled

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        ids = [item.data(Qt.ItemDataRole.UserRole) for item in items]
        data.setData(MIME_TYPE, json.dumps(ids).encode())
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME_TYPE) and event.source() is not self:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME_TYPE) and event.source() is not self:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(MIME_TYPE) or event.source() is self:
            event.ignore()
            return
        ids = [int(i) for i in json.loads(bytes(event.mimeData().data(MIME_TYPE).data()).decode())]
        # Copy, not move: the source must not delete its items; the board reloads.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.dropped.emit(ids, self.stage.value)

    def selected_ids(self) -> list[int]:
        return [int(item.data(Qt.ItemDataRole.UserRole)) for item in self.selectedItems()]
