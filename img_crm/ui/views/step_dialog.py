"""One ECFMG or visa step, marked done by the user (#22).

A step is done only when the user says so, on a day that has come; OET
keeps its scores and the day they expire (a result that lapses before the
Match is warned on Today).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from img_crm.domain.eligibility import Checked
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, OptionalDateEdit, finish_form, muted

#: ``record(done_on, score, expires_on)`` writes the step or raises UserError.
Record = Callable[[date | None, str | None, date | None], None]


class StepDialog(Dialog):
    def __init__(self, item: Checked, record: Record, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Eligibility step"))
        self._record = record
        self._scored = item.step.scored
        title = QLabel(f"<b>{escape(item.step.title)}</b>", self)
        title.setWordWrap(True)
        due = QLabel(
            self.tr("img-crm's target for your match year: %1. Check ECFMG's own dates.").replace(
                "%1", item.due.isoformat()
            ),
            self,
        )
        due.setWordWrap(True)
        muted(due)
        self.done_on = OptionalDateEdit(self.tr("&Done on"), self)
        self.done_on.set_value(item.state.done_on)
        self.score = QLineEdit(item.state.score, self)
        self.score.setAccessibleName(self.tr("Scores"))
        self.score.setPlaceholderText(self.tr("for example, B B B B"))
        self.expires = OptionalDateEdit(self.tr("E&xpires on"), self)
        self.expires.set_value(item.state.expires_on)
        form = QFormLayout()
        form.addRow(title)
        form.addRow(due)
        form.addRow(self.done_on)
        if self._scored:
            form.addRow(self.tr("&Scores"), self.score)
            form.addRow(self.expires)
        else:
            self.score.hide()
            self.expires.hide()
        self.error = ErrorLabel(self.done_on, self)
        finish_form(self, form, self.save, self.error)

    def save(self) -> None:
        done = self.done_on.value()
        score = self.score.text() if self._scored else None
        expires = self.expires.value() if self._scored else None
        if self.error.attempt(lambda: self._record(done, score, expires)):
            self.accept()
