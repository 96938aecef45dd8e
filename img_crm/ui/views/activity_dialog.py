"""Log one activity: what happened, when, with whom, and what came of it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from img_crm.domain.enums import ActivityKind, Exposure
from img_crm.domain.models import Activity
from img_crm.errors import ValidationError
from img_crm.ui.dates import pydate, qdate, qtoday
from img_crm.ui.labels import label
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, finish_form

SaveActivity = Callable[[dict[str, Any]], object]


class ActivityDialog(Dialog):
    """The activity form; ``on_save`` stores it or raises ``ValidationError``."""

    def __init__(
        self,
        on_save: SaveActivity,
        *,
        contacts: Sequence[tuple[int, str]],
        programs: Sequence[tuple[int, str]] = (),
        contact_id: int | None = None,
        kind: ActivityKind = ActivityKind.MEETING,
        description: str = "",
        activity: Activity | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(self.tr("Edit activity") if activity else self.tr("Log activity"))
        self.setMinimumWidth(480)

        self.when = QDateEdit(qtoday(), self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd")
        self.when.setAccessibleName(self.tr("Date"))
        self.kind = QComboBox(self)
        for value in ActivityKind:
            self.kind.addItem(label("ActivityKind", value), value.value)
        self.kind.setCurrentIndex(max(self.kind.findData(kind.value), 0))
        self.kind.setAccessibleName(self.tr("Kind"))
        self.contact = QComboBox(self)
        self.contact.addItem(self.tr("(nobody in particular)"), None)
        for cid, name in contacts:
            self.contact.addItem(name, cid)
        self.contact.setCurrentIndex(max(self.contact.findData(contact_id), 0))
        self.contact.setAccessibleName(self.tr("Contact"))
        self.program = QComboBox(self)
        self.program.addItem(self.tr("(none)"), None)
        for pid, name in programs:
            self.program.addItem(name, pid)
        self.program.setAccessibleName(self.tr("Program"))
        self.hours = QDoubleSpinBox(self)
        self.hours.setRange(0, 2000)
        self.hours.setDecimals(1)
        self.hours.setSpecialValueText(self.tr("—"))
        self.hours.setAccessibleName(self.tr("Hours"))
        self.exposure = QComboBox(self)
        self.exposure.addItem(self.tr("(not clinical)"), None)
        for exposure in Exposure:
            self.exposure.addItem(label("Exposure", exposure), exposure.value)
        self.exposure.setAccessibleName(self.tr("Clinical exposure"))
        self.setting = QLineEdit(self)
        self.setting.setPlaceholderText(self.tr("Ward, clinic, lab, online…"))
        self.setting.setAccessibleName(self.tr("Setting"))
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(
            self.tr("In your words, with numbers: “Chart review of 76 patients…”")
        )
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setMinimumHeight(70)
        self.description.setPlainText(description)
        self.outcome = QLineEdit(self)
        self.outcome.setAccessibleName(self.tr("Outcome"))
        self.error = ErrorLabel(self.kind, self)

        form = QFormLayout()
        form.addRow(self.tr("&Date"), self.when)
        form.addRow(self.tr("&Kind"), self.kind)
        form.addRow(self.tr("&Contact"), self.contact)
        form.addRow(self.tr("&Program"), self.program)
        form.addRow(self.tr("&Hours"), self.hours)
        form.addRow(self.tr("E&xposure"), self.exposure)
        form.addRow(self.tr("&Setting"), self.setting)
        form.addRow(self.tr("D&escription"), self.description)
        form.addRow(self.tr("&Outcome"), self.outcome)
        finish_form(self, form, self.save, self.error)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        if activity is not None:
            self.set_values(activity)
        self.description.setFocus()

    def set_values(self, activity: Activity) -> None:
        self.when.setDate(qdate(activity.occurred_on))
        self.kind.setCurrentIndex(max(self.kind.findData(activity.kind), 0))
        self.contact.setCurrentIndex(max(self.contact.findData(activity.contact_id), 0))
        self.program.setCurrentIndex(max(self.program.findData(activity.program_id), 0))
        self.hours.setValue(activity.hours or 0)
        self.exposure.setCurrentIndex(max(self.exposure.findData(activity.exposure), 0))
        self.setting.setText(activity.setting)
        self.description.setPlainText(activity.description)
        self.outcome.setText(activity.outcome)

    def _kind_changed(self) -> None:
        clinical = self.kind.currentData() == ActivityKind.CLINICAL_EXPERIENCE.value
        self.exposure.setEnabled(clinical)
        if clinical and self.exposure.currentData() is None:
            self.exposure.setCurrentIndex(self.exposure.findData(Exposure.OBSERVERSHIP.value))
        if not clinical:
            self.exposure.setCurrentIndex(0)

    def values(self) -> dict[str, Any]:
        return {
            "occurred_on": pydate(self.when.date()),
            "kind": self.kind.currentData(),
            "contact_id": self.contact.currentData(),
            "program_id": self.program.currentData(),
            "hours": self.hours.value() or None,
            "exposure": self.exposure.currentData(),
            "setting": self.setting.text().strip(),
            "description": self.description.toPlainText().strip(),
            "outcome": self.outcome.text().strip(),
        }

    def save(self) -> None:
        try:
            self._on_save(self.values())
        except ValidationError as exc:
            self.error.show_error("; ".join(f"{k}: {v}" for k, v in exc.errors.items()))
            return
        self.accept()
