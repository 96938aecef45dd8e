"""The rows of Today's lists: a person (or a letter) on two lines with its
buttons, and the lists that hold them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.letters import REMINDER_TEXT
from img_crm.services.letters import LetterReminder
from img_crm.services.today import Due
from img_crm.ui.theme import set_tone
from img_crm.ui.views.fields import muted


def compact(button: QPushButton, extra: int = 0) -> None:
    """As wide as its words (styles pad short buttons to 80 px or more): the
    row's own line keeps the room, at 1024 px as at 1920."""
    width = button.fontMetrics().horizontalAdvance(button.text().replace("&", "")) + 28 + extra
    button.setMinimumWidth(width)
    button.setMaximumWidth(width)


class _TwoLineRow(QWidget):
    """A name in bold, a muted line under it, and two buttons on the right."""

    def __init__(
        self, title: str, detail: str, first: str, second: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        name = QLabel(f"<b>{escape(title)}</b>", self)
        name.setTextFormat(Qt.TextFormat.RichText)
        # Left means left: an Arabic or Hebrew name would otherwise sit at
        # the far right of its row, away from the line under it.
        name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        info = self.info = QLabel(detail, self)
        info.setWordWrap(True)
        muted(info)
        self.first_button = QPushButton(first, self)
        self.open_button = QPushButton(second, self)
        text = QVBoxLayout()
        text.setSpacing(0)
        # Space the row has beyond its two lines goes above and below them,
        # never between the name and its line.
        text.addStretch(1)
        text.addWidget(name)
        text.addWidget(info)
        text.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addLayout(text, 1)
        layout.addWidget(self.first_button)
        layout.addWidget(self.open_button)
        for button in (self.first_button, self.open_button):
            compact(button)
        self.setMinimumHeight(self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """As tall as the wrapped line needs at this width: the guess made
        before the row had a width is often a line too tall or too short."""
        super().resizeEvent(event)
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            need = layout.totalHeightForWidth(self.width())
            if need > 0 and need != self.minimumHeight():
                self.setMinimumHeight(need)


class DueRow(_TwoLineRow):
    """One person in a to-do list, with one-click Log and Open, and, for a
    follow-up, Snooze… (put it off, with a reason: nothing is logged)."""

    #: Snooze this contact's follow-up (the dialog asks until when and why).
    snooze_requested = Signal(int)

    def __init__(
        self,
        due: Due,
        detail: str,
        parent: QWidget | None = None,
        *,
        snooze: bool = False,
        tone: str = "muted",
    ) -> None:
        super().__init__(due.name, detail, self.tr("Log…"), self.tr("Open"), parent)
        self.due = due
        if tone != "muted":
            set_tone(self.info, tone)
        self.log_button = self.first_button
        self.log_button.setAccessibleName(
            self.tr("Log an activity with %1").replace("%1", due.name)
        )
        self.open_button.setAccessibleName(self.tr("Open %1").replace("%1", due.name))
        self.snooze_button: QPushButton | None = None
        if snooze:
            self.snooze_button = QPushButton(self.tr("Snooze…"), self)
            self.snooze_button.setAccessibleName(
                self.tr("Snooze the follow-up with %1").replace("%1", due.name)
            )
            self.snooze_button.clicked.connect(
                lambda _c=False: self.snooze_requested.emit(due.contact_id)
            )
            compact(self.snooze_button)
            layout = self.layout()
            assert isinstance(layout, QHBoxLayout)
            layout.insertWidget(layout.indexOf(self.open_button), self.snooze_button)


#: Rows a Today list shows; the rest are one click away in Contacts. A day's
#: work fits in it, and a list of thousands of widgets would take seconds.
DUE_LIMIT = 20


class DueList(QWidget):
    """A short list of people, each row with its own Log and Open buttons."""

    log_requested = Signal(int)
    open_requested = Signal(int)
    #: Snooze this contact's follow-up (see DueRow).
    snooze_requested = Signal(int)
    #: The user wants every row of this list (more than DUE_LIMIT are due).
    show_all_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None, *, snooze: bool = False) -> None:
        super().__init__(parent)
        self._snooze = snooze
        self.setAccessibleName(name)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.rows: list[DueRow] = []
        self.more_button = QPushButton(self)
        self.more_button.setFlat(True)
        self.more_button.setStyleSheet("text-align: left; text-decoration: underline;")
        self.more_button.clicked.connect(self.show_all_requested)
        self.more_button.hide()
        self._layout.addWidget(self.more_button)

    def count(self) -> int:
        return len(self.rows)

    def show_rows(
        self,
        rows: list[tuple[Due, str]],
        *,
        total: int | None = None,
        tones: dict[int, str] | None = None,
    ) -> None:
        """Show ``rows`` (the first of ``total``, when there are more); a
        contact in ``tones`` has its line in that tone (amber when late)."""
        for old in self.rows:
            old.hide()  # at once: deleteLater waits while a dialog's own loop runs
            old.deleteLater()
        self.rows = []
        hidden = (total or len(rows)) - len(rows)
        self.more_button.setVisible(hidden > 0)
        self.more_button.setText(
            self.tr("…and %1 more: show them all in Contacts").replace("%1", f"{hidden:,}")
        )
        self.more_button.setAccessibleName(self.more_button.text())
        for due, detail in rows:
            tone = (tones or {}).get(due.contact_id, "muted")
            row = DueRow(due, detail, self, snooze=self._snooze, tone=tone)
            row.snooze_requested.connect(self.snooze_requested)
            row.log_button.clicked.connect(
                lambda _c=False, i=due.contact_id: self.log_requested.emit(i)
            )
            row.open_button.clicked.connect(
                lambda _c=False, i=due.contact_id: self.open_requested.emit(i)
            )
            self._layout.insertWidget(self._layout.count() - 1, row)
            self.rows.append(row)


class ReminderRow(_TwoLineRow):
    """A letter reminder with its message one click away."""

    def __init__(self, item: LetterReminder, parent: QWidget | None = None) -> None:
        detail = (
            self.tr("%1 · asked %2 days ago")
            .replace("%1", self.tr(REMINDER_TEXT[item.reminder.step]))
            .replace("%2", str(item.reminder.days_since_request))
        )
        super().__init__(item.writer, detail, self.tr("Copy message"), self.tr("Open"), parent)
        self.item = item
        self.copy_button = self.first_button
        self.copy_button.setAccessibleName(
            self.tr("Copy the reminder for %1").replace("%1", item.writer)
        )
        self.open_button.setAccessibleName(
            self.tr("Open the letter from %1").replace("%1", item.writer)
        )
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(item.message))
