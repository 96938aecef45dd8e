"""Snooze a follow-up: for a day, three days, a week or until a date, with a
reason the contact's history keeps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.cadence import (
    SNOOZE_CHOICES,
    SNOOZE_LIMIT,
    SNOOZE_REASON_LIMIT,
    snooze_problem,
)
from img_crm.ui.dates import pydate, qdate
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, muted

Snooze = Callable[[date, str], None]


class SnoozeDialog(Dialog):
    """Ask until when, and why; ``on_snooze(until, reason)`` writes it."""

    def __init__(self, name: str, on_snooze: Snooze, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_snooze = on_snooze
        self.today = clock.today()
        self.setWindowTitle(self.tr("Snooze follow-up"))
        intro = QLabel(
            self.tr("Put off the follow-up with %1. Nothing is logged; a touch ends it.").replace(
                "%1", name
            ),
            self,
        )
        intro.setWordWrap(True)
        muted(intro)
        self.choices = QButtonGroup(self)
        texts = {1: self.tr("&1 day"), 3: self.tr("&3 days"), 7: self.tr("A &week")}
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for n, days in enumerate(SNOOZE_CHOICES):
            day = (self.today + timedelta(days=days)).isoformat()
            button = QRadioButton(f"{texts[days]} · {day}", self)
            self.choices.addButton(button, days)
            layout.addWidget(button)
            if n == 0:
                button.setChecked(True)
        self.until_button = QRadioButton(self.tr("&Until"), self)
        self.choices.addButton(self.until_button, 0)
        self.until = QDateEdit(qdate(self.today + timedelta(days=14)), self)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setMinimumDate(qdate(self.today + timedelta(days=1)))
        self.until.setMaximumDate(qdate(self.today + SNOOZE_LIMIT))
        self.until.setAccessibleName(self.tr("Snooze until"))
        self.until.dateChanged.connect(lambda _d: self.until_button.setChecked(True))
        row = QFormLayout()
        row.addRow(self.until_button, self.until)
        layout.addLayout(row)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(SNOOZE_REASON_LIMIT)
        self.reason.setPlaceholderText(self.tr("On service this week, waiting for the draft…"))
        self.reason.setAccessibleName(self.tr("Reason"))
        form = QFormLayout()
        form.addRow(self.tr("&Reason"), self.reason)
        layout.addLayout(form)
        self.error = ErrorLabel(self.reason, self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Snooze"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def chosen(self) -> date:
        days = self.choices.checkedId()
        return pydate(self.until.date()) if days <= 0 else self.today + timedelta(days=days)

    def save(self) -> None:
        until = self.chosen()
        problem = snooze_problem(until, today=self.today)
        if problem:
            self.error.show_error(problem[0].upper() + problem[1:] + ".")
            return
        if self.error.attempt(lambda: self._on_snooze(until, self.reason.text())):
            self.accept()
