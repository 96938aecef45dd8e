"""Read-only tables for the Pipeline, Activity and Letters tabs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from img_crm.domain.enums import LetterStatus, values
from img_crm.domain.rows import ActivityRow, LetterRow
from img_crm.domain.text import sort_key
from img_crm.ui.labels import label
from img_crm.ui.models.own_columns import OwnFieldsModel
from img_crm.ui.models.table import Column, RowTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecordModels", text)


def _name_column(title: str, name: Callable[[Any], str]) -> Column[Any]:
    return Column(title, name, sort_key=lambda r: sort_key(name(r)), width=20)


def _status_rank(status: str) -> int:
    order = values(LetterStatus)
    return order.index(status) if status in order else len(order)


class ActivitiesModel(RowTableModel[ActivityRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(_tr("Date"), lambda r: r.occurred_on, width=11),
                Column(_tr("Kind"), lambda r: label("ActivityKind", r.kind), width=20),
                _name_column(_tr("Contact"), lambda r: r.contact_name),
                Column(_tr("Program"), lambda r: r.program_name, width=18, flexible=True),
                Column(_tr("Hours"), lambda r: r.hours, align=RIGHT, width=5),
                Column(
                    _tr("Setting"),
                    lambda r: " · ".join(
                        part for part in (label("Exposure", r.exposure), r.setting) if part
                    ),
                    width=22,
                    flexible=True,
                ),
                Column(
                    _tr("Description"),
                    lambda r: r.description,
                    tooltip=lambda r: r.description,
                    width=38,
                    flexible=True,
                ),
                Column(_tr("Outcome"), lambda r: r.outcome, flexible=True),
            ],
            parent,
        )


class LettersModel(OwnFieldsModel[LetterRow]):
    """Letters with the reminder due for each, if any."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._reminders: Mapping[int, str] = {}
        super().__init__(
            [
                Column(
                    _tr("Writer"),
                    lambda r: r.writer_name,
                    sort_key=lambda r: sort_key(r.writer_name),
                    width=18,
                    flexible=True,
                ),
                Column(_tr("Type"), lambda r: label("LetterType", r.letter_type), width=18),
                Column(_tr("Specialty"), lambda r: r.specialty, width=16, hidden=True),
                Column(
                    _tr("Status"),
                    lambda r: label("LetterStatus", r.status),
                    sort_key=lambda r: _status_rank(r.status),
                    width=11,
                ),
                Column(_tr("Since"), lambda r: r.status_since, width=10),
                Column(
                    _tr("Reminder"),
                    lambda r: self._reminders.get(r.id, ""),
                    tooltip=lambda r: self._reminders.get(r.id) or None,
                    width=34,
                    flexible=True,
                ),
                Column(
                    _tr("Waived"),
                    lambda r: _tr("Yes") if r.waived else _tr("No"),
                    width=6,
                    hidden=True,  # the detail asks about it; almost every letter is
                ),
                Column(_tr("Programs"), lambda r: r.programs, align=RIGHT, width=7),
                Column(
                    _tr("Notes"), lambda r: r.notes, tooltip=lambda r: r.notes or None, hidden=True
                ),
            ],
            parent,
        )

    def set_letters(self, rows: list[LetterRow], reminders: Mapping[int, str]) -> None:
        self._reminders = reminders
        self.set_rows(rows)

    def search_again(self) -> None:
        """Letters are few: no search box, only the field filters."""
        self.set_filter(self.own_keeps if self.field_filters() else None)
