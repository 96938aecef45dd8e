"""The Today tab: who is waiting for you, what is due, and this month's momentum."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.letters import REMINDER_TEXT
from img_crm.domain.momentum import GOAL_TEXT, Goal
from img_crm.services.letters import LetterReminder
from img_crm.services.today import Due, activity_months, build_today
from img_crm.ui.labels import stage_label
from img_crm.ui.ops import Ops
from img_crm.ui.theme import tone
from img_crm.ui.views.charts import ChartView
from img_crm.ui.views.fields import muted, scrolling
from img_crm.ui.views.lazy import LazyLoader


def _heading(text: str, parent: QWidget) -> QLabel:
    heading = QLabel(text, parent)
    font = QFont(heading.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    heading.setFont(font)
    return heading


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
        info = QLabel(detail, self)
        info.setWordWrap(True)
        muted(info)
        self.first_button = QPushButton(first, self)
        self.open_button = QPushButton(second, self)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(name)
        text.addWidget(info)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addLayout(text, 1)
        layout.addWidget(self.first_button)
        layout.addWidget(self.open_button)
        self.setMinimumHeight(self.sizeHint().height())


#: "Later" on a follow-up: (menu text, days from today).
LATER: tuple[tuple[Any, int], ...] = (
    (QT_TRANSLATE_NOOP("DueRow", "Tomorrow"), 1),
    (QT_TRANSLATE_NOOP("DueRow", "In a week"), 7),
    (QT_TRANSLATE_NOOP("DueRow", "In two weeks"), 14),
    (QT_TRANSLATE_NOOP("DueRow", "In a month"), 30),
)


class DueRow(_TwoLineRow):
    """One person in a to-do list, with one-click Log and Open, and, for a
    follow-up, Later (a new follow-up date: the user's choice, nothing logged)."""

    #: Follow up with this contact so many days from today.
    later_requested = Signal(int, int)

    def __init__(
        self, due: Due, detail: str, parent: QWidget | None = None, *, later: bool = False
    ) -> None:
        super().__init__(due.name, detail, self.tr("Log…"), self.tr("Open"), parent)
        self.log_button = self.first_button
        self.log_button.setAccessibleName(
            self.tr("Log an activity with %1").replace("%1", due.name)
        )
        self.open_button.setAccessibleName(self.tr("Open %1").replace("%1", due.name))
        self.later_button: QPushButton | None = None
        if later:
            self.later_button = QPushButton(self.tr("Later"), self)
            self.later_button.setAccessibleName(
                self.tr("Follow up with %1 later").replace("%1", due.name)
            )
            menu = QMenu(self.later_button)
            for text, days in LATER:
                action = menu.addAction(self.tr(str(text)))
                action.triggered.connect(partial(self.later_requested.emit, due.contact_id, days))
            self.later_button.setMenu(menu)
            layout = self.layout()
            assert isinstance(layout, QHBoxLayout)
            layout.insertWidget(layout.indexOf(self.open_button), self.later_button)


#: Rows a Today list shows; the rest are one click away in Contacts. A day's
#: work fits in it, and a list of thousands of widgets would take seconds.
DUE_LIMIT = 20


class DueList(QWidget):
    """A short list of people, each row with its own Log and Open buttons."""

    log_requested = Signal(int)
    open_requested = Signal(int)
    #: Follow up with this contact so many days from today (see DueRow).
    later_requested = Signal(int, int)
    #: The user wants every row of this list (more than DUE_LIMIT are due).
    show_all_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None, *, later: bool = False) -> None:
        super().__init__(parent)
        self._later = later
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

    def show_rows(self, rows: list[tuple[Due, str]], *, total: int | None = None) -> None:
        """Show ``rows`` (the first of ``total``, when there are more)."""
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
            row = DueRow(due, detail, self, later=self._later)
            row.later_requested.connect(self.later_requested)
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


class TodayTab(QWidget):
    """What needs doing now; reloads whenever contacts or activities change."""

    #: Log an activity with this contact.
    log_requested = Signal(int)
    #: Show this contact in the Contacts tab.
    open_requested = Signal(int)
    #: Show this letter in the Letters tab.
    letter_requested = Signal(int)
    #: Show every overdue person (the lists here stop at DUE_LIMIT).
    overdue_requested = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self.ops = ops
        self.replies = DueList(self.tr("Replies owed"), self)
        self.follow_ups = DueList(self.tr("Follow-ups due"), self, later=True)
        self.follow_ups.later_requested.connect(self.follow_up_later)
        self.replies_empty = QLabel(self.tr("Nobody is waiting for your answer."), self)
        self.follow_ups_empty = QLabel(self.tr("No follow-ups are due. Well kept!"), self)
        self.letters_note = QLabel(
            self.tr(
                "Nothing due. When you ask someone for a letter, polite reminders appear here "
                "2–3 weeks and again 6–8 weeks after the request until it is uploaded."
            ),
            self,
        )
        self.interviews_note = QLabel(
            self.tr(
                "No interviews scheduled. Interviews appear here in the program's time zone "
                "and in yours, so a 7 pm Eastern slot never surprises you at 4:30 am."
            ),
            self,
        )
        self.letter_rows = QWidget(self)
        self.letter_rows.setAccessibleName(self.tr("Letter reminders"))
        self._letter_layout = QVBoxLayout(self.letter_rows)
        self._letter_layout.setContentsMargins(0, 0, 0, 0)
        self.reminder_rows: list[ReminderRow] = []
        self.interviews = QLabel(self)
        self.interviews.setTextFormat(Qt.TextFormat.RichText)
        self.interviews.setWordWrap(True)
        self.interviews.setAccessibleName(self.tr("Upcoming interviews"))
        for note in (
            self.replies_empty,
            self.follow_ups_empty,
            self.letters_note,
            self.interviews_note,
        ):
            note.setWordWrap(True)
            muted(note)
        for source in (self.replies, self.follow_ups):
            source.log_requested.connect(self.log_requested)
            source.open_requested.connect(self.open_requested)
            source.show_all_requested.connect(self.overdue_requested)

        self.month_title = _heading("", self)
        self.goal_labels: dict[Goal, QLabel] = {}
        goals = QVBoxLayout()
        for goal in Goal:
            text = QLabel(self)
            text.setTextFormat(Qt.TextFormat.RichText)
            self.goal_labels[goal] = text
            goals.addWidget(text)
        self.funnel_chart = ChartView(self.tr("Outreach funnel"), self)
        self.month_chart = ChartView(self.tr("Activities per month"), self)

        left = QVBoxLayout()
        for title, widgets in (
            (self.tr("Replies owed"), (self.replies, self.replies_empty)),
            (self.tr("Follow-ups due"), (self.follow_ups, self.follow_ups_empty)),
            (self.tr("Letter reminders"), (self.letter_rows, self.letters_note)),
            (self.tr("Upcoming interviews"), (self.interviews, self.interviews_note)),
        ):
            left.addWidget(_heading(title, self))
            for widget in widgets:
                left.addWidget(widget)
            left.addSpacing(10)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.month_title)
        right.addLayout(goals)
        right.addSpacing(6)
        right.addWidget(self.funnel_chart, 2)
        right.addWidget(self.month_chart, 3)

        # The to-do lists scroll on their own; momentum and charts stay in view.
        scroll = scrolling(left, self)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.addWidget(scroll, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

        self._loaded_on: date | None = None
        self.loader = LazyLoader(
            self,
            self.reload,
            signals=[ops.contacts_changed, ops.activities_changed, ops.settings_changed],
            lazy=lazy,
        )

    def showEvent(self, event: QShowEvent) -> None:
        # A window left open overnight shows the new day's list when looked at.
        if self._loaded_on is not None and self._loaded_on != clock.today():
            self.loader.reload()
        super().showEvent(event)

    def reply_detail(self, due: Due) -> str:
        """Who they are, and since when they have waited for your answer."""
        since = due.waiting_since.isoformat() if due.waiting_since else ""
        waited = (
            self.tr("replied today")
            if due.days_waiting == 0
            else self.tr("replied %1, waiting 1 day")
            if due.days_waiting == 1
            else self.tr("replied %1, waiting %2 days").replace("%2", str(due.days_waiting))
        ).replace("%1", since)
        parts = [stage_label(due.stage), due.institution, waited]
        return " · ".join(part for part in parts if part)

    def follow_up_later(self, contact_id: int, days: int) -> None:
        """A new follow-up date, set by the user; nothing is logged."""
        self.ops.attempt(
            self,
            self.tr("Follow up later"),
            lambda: self.ops.set_follow_up(contact_id, clock.today() + timedelta(days=days)),
        )

    def reload(self) -> None:
        today = clock.today()
        self._loaded_on = today
        with self.ops.reading() as session:
            report = build_today(session, today=today)
            buckets = activity_months(session, today=today)
        self.replies.show_rows(
            [(d, self.reply_detail(d)) for d in report.replies_owed[:DUE_LIMIT]],
            total=len(report.replies_owed),
        )
        self.follow_ups.show_rows(
            [
                (
                    d,
                    (
                        self.tr("%1 · due %3, %2 days late").replace("%2", str(d.days_late))
                        if d.days_late > 1
                        else self.tr("%1 · due %3, 1 day late")
                        if d.days_late == 1
                        else self.tr("%1 · due today")
                    )
                    .replace("%1", stage_label(d.stage))
                    .replace("%3", d.due.isoformat() if d.due else ""),
                )
                for d in report.follow_ups_due[:DUE_LIMIT]
            ],
            total=len(report.follow_ups_due),
        )
        self.interviews.setText(
            "<br>".join(f"<b>{escape(i.name)}</b><br>{escape(i.when)}" for i in report.interviews)
        )
        self.interviews.setVisible(bool(report.interviews))
        for old in self.reminder_rows:
            old.hide()
            old.deleteLater()
        self.reminder_rows = []
        for item in report.letter_reminders:
            row = ReminderRow(item, self.letter_rows)
            row.open_button.clicked.connect(
                lambda _c=False, i=item.letter_id: self.letter_requested.emit(i)
            )
            self._letter_layout.addWidget(row)
            self.reminder_rows.append(row)
        self.letters_note.setVisible(not report.letter_reminders)
        self.interviews_note.setVisible(not report.interviews)
        self.replies_empty.setVisible(not report.replies_owed)
        self.follow_ups_empty.setVisible(not report.follow_ups_due)
        self.month_title.setText(self.tr("This month: %1").replace("%1", today.strftime("%B %Y")))
        done_color = tone(self.palette(), "good").name()
        for goal, count in report.momentum.items():
            mark = f"<span style='color:{done_color}'>✔</span>" if count else "○"
            self.goal_labels[goal].setText(
                f"{mark}&nbsp; {self.tr(GOAL_TEXT[goal])} <b>({count})</b>"
            )
            self.goal_labels[goal].setAccessibleName(
                f"{GOAL_TEXT[goal]}: {count} ({self.tr('done') if count else self.tr('to do')})"
            )
        self.funnel_chart.show_funnel(report.funnel)
        self.month_chart.show_months(buckets)
        self.report = report
