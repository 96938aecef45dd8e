"""The Today tab: who is waiting for you, what is due, and this month's momentum
(its rows are in today_rows)."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.momentum import GOAL_TEXT, Goal
from img_crm.services.today import Due, activity_months, build_today
from img_crm.ui.labels import stage_label
from img_crm.ui.ops import Ops
from img_crm.ui.theme import set_tone, tone
from img_crm.ui.views.charts import ChartView
from img_crm.ui.views.fields import muted, scrolling
from img_crm.ui.views.lazy import LazyLoader
from img_crm.ui.views.today_rows import DUE_LIMIT, DueList, ReminderRow


def _heading(text: str, parent: QWidget) -> QLabel:
    heading = QLabel(text, parent)
    font = QFont(heading.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    heading.setFont(font)
    return heading


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
        self.losing = DueList(self.tr("Losing touch"), self, snooze=True)
        self.follow_ups = DueList(self.tr("Follow-ups due"), self, snooze=True)
        for snoozable in (self.losing, self.follow_ups):
            snoozable.snooze_requested.connect(self.snooze)
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
        self.invitations = QLabel(self)
        self.invitations.setTextFormat(Qt.TextFormat.RichText)
        self.invitations.setWordWrap(True)
        self.invitations.setAccessibleName(self.tr("Interview invitations to answer"))
        self.invitations_heading = _heading(self.tr("Invitations to answer"), self)
        self.eligibility = QLabel(self)
        self.eligibility.setWordWrap(True)
        self.eligibility.setAccessibleName(self.tr("Eligibility steps late for the Match"))
        self.eligibility_heading = _heading(self.tr("Eligibility for the Match"), self)
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
        for source in (self.replies, self.losing, self.follow_ups):
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
        self.month_legend = QLabel(self)
        self.month_legend.setWordWrap(True)
        self.month_legend.setTextFormat(Qt.TextFormat.RichText)
        self.month_legend.setAccessibleName(self.tr("What each colour of the months chart means"))
        self.month_legend.hide()
        self.month_chart.legend_label = self.month_legend

        left = QVBoxLayout()
        for title, widgets in (
            (self.tr("Replies owed"), (self.replies, self.replies_empty)),
            (self.tr("Losing touch"), (self.losing,)),
            (self.tr("Follow-ups due"), (self.follow_ups, self.follow_ups_empty)),
            (self.tr("Letter reminders"), (self.letter_rows, self.letters_note)),
            (self.invitations_heading, (self.invitations,)),
            (self.eligibility_heading, (self.eligibility,)),
            (self.tr("Upcoming interviews"), (self.interviews, self.interviews_note)),
        ):
            # the sections shown only when they have something have their heading made above
            heading = title if isinstance(title, QLabel) else _heading(title, self)
            left.addWidget(heading)
            if widgets[0] is self.losing:
                self.losing_heading = heading  # shown only when someone is
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
        right.addWidget(self.month_legend)

        # The to-do lists scroll on their own; momentum and charts stay in view.
        scroll = scrolling(left, self)
        # Room for a name, its line and three buttons side by side at 1024 px.
        scroll.setMinimumWidth(470)
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
            # invitations to answer (the season) and late eligibility steps (the plan) too
            signals=[
                ops.contacts_changed,
                ops.activities_changed,
                ops.settings_changed,
                ops.season_changed,
                ops.plan_changed,
            ],
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

    def snooze(self, contact_id: int) -> None:
        """Ask until when and why, then put the follow-up off; nothing is logged."""
        from img_crm.ui.views.snooze_dialog import SnoozeDialog

        rows = [*self.losing.rows, *self.follow_ups.rows]
        name = next((r.due.name for r in rows if r.due.contact_id == contact_id), "")
        SnoozeDialog(
            name, lambda until, reason: self.ops.snooze(contact_id, until, reason), self
        ).exec()

    def losing_detail(self, due: Due) -> str:
        days = (
            self.tr("1 day past the limit")
            if due.days_losing == 1
            else self.tr("%1 days past the limit").replace("%1", str(due.days_losing))
        )
        last = (
            self.tr("last touch %1").replace("%1", due.last_touch.isoformat())
            if due.last_touch
            else ""
        )
        return " · ".join(p for p in (stage_label(due.stage), last, days) if p)

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
        self.losing.show_rows(
            [(d, self.losing_detail(d)) for d in report.losing_touch[:DUE_LIMIT]],
            total=len(report.losing_touch),
            tones={d.contact_id: "alert" for d in report.losing_touch},
        )
        self.losing.setVisible(bool(report.losing_touch))
        self.losing_heading.setVisible(bool(report.losing_touch))
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
            tones={d.contact_id: "warn" for d in report.follow_ups_due if d.days_late},
        )
        self.invitations.setText(
            "<br>".join(
                f"<b>{escape(v.program)}</b><br>"
                + escape(v.countdown or self.tr("no respond-by time given"))
                + (" — " + escape(self.tr("answer soon")) if v.urgent else "")
                for v in report.invitations
            )
        )
        urgent = any(v.urgent for v in report.invitations)
        set_tone(self.invitations, "alert" if urgent else "muted")
        for widget in (self.invitations, self.invitations_heading):
            widget.setVisible(bool(report.invitations))
        self.eligibility.setText("\n".join(f"{w[0].upper()}{w[1:]}." for w in report.eligibility))
        set_tone(self.eligibility, "alert")
        for widget in (self.eligibility, self.eligibility_heading):
            widget.setVisible(bool(report.eligibility))
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
        self.follow_ups_empty.setText(
            self.tr("No follow-ups are due. Well kept!")
            if report.contacts
            else self.tr(
                "No contacts yet. Import your network or add a first physician (Contacts "
                "tab); each one's follow-ups then come here when they are due."
            )
        )
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
