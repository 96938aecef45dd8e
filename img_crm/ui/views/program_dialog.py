"""Add or edit a program; each refused value is shown beside its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from img_crm.domain.contacts import known_timezones
from img_crm.domain.enums import ProgramType, ProgramVisa
from img_crm.domain.rows import ProgramRow
from img_crm.ui.labels import label
from img_crm.ui.views.fields import FieldDialog, finish_form

SaveProgram = Callable[[dict[str, Any]], object]
_LINES = ("name", "institution", "specialty", "city", "state", "img_share", "website")


class ProgramDialog(FieldDialog):
    def __init__(
        self,
        on_save: SaveProgram,
        *,
        program: ProgramRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(on_save, parent)
        self.setWindowTitle(self.tr("Edit program") if program else self.tr("New program"))
        self.setMinimumWidth(500)
        form = QFormLayout()
        captions = {
            "name": self.tr("&Name *"),
            "institution": self.tr("&Institution"),
            "specialty": self.tr("S&pecialty"),
            "city": self.tr("&City"),
            "state": self.tr("S&tate"),
            "img_share": self.tr("IMG &share (%)"),
            "website": self.tr("&Website"),
        }
        for field in _LINES:
            edit = QLineEdit(self)
            edit.setAccessibleName(captions[field].replace("&", "").rstrip(" *"))
            self.add_row(form, field, captions[field], edit)
        self.program_type = QComboBox(self)
        self.program_type.addItem(self.tr("(not set)"), "")
        for kind in ProgramType:
            self.program_type.addItem(label("ProgramType", kind), kind.value)
        self.add_row(form, "program_type", self.tr("T&ype"), self.program_type)
        self.tier = QComboBox(self)
        self.tier.addItem(self.tr("(not set)"), None)
        for tier, text in (
            (1, self.tr("1 · a mentor or sponsor has a direct tie")),
            (2, self.tr("2 · proven IMG-friendly, visa fits")),
            (3, self.tr("3 · reach")),
        ):
            self.tier.addItem(text, tier)
        self.add_row(form, "tier", self.tr("Tie&r"), self.tier)
        self.visa = QComboBox(self)
        for visa in ProgramVisa:
            self.visa.addItem(label("ProgramVisa", visa), visa.value)
        self.visa.setCurrentIndex(self.visa.findData(ProgramVisa.UNKNOWN.value))
        self.add_row(form, "visa", self.tr("&Visas sponsored"), self.visa)
        self.timezone = QComboBox(self)
        self.timezone.setEditable(True)
        zones = [
            "",
            *sorted(z for z in known_timezones() if z.startswith(("America/", "Pacific/Honolulu"))),
        ]
        self.timezone.addItems(zones)
        completer = QCompleter(sorted(known_timezones()), self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(completer)
        self.add_row(form, "timezone", self.tr("Time &zone"), self.timezone)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self.add_row(form, "notes", self.tr("N&otes"), self.notes)
        for widget, name in (
            (self.program_type, self.tr("Type")),
            (self.tier, self.tr("Tier")),
            (self.visa, self.tr("Visas sponsored")),
            (self.timezone, self.tr("Time zone")),
            (self.notes, self.tr("Notes")),
        ):
            widget.setAccessibleName(name)
        finish_form(self, form, self.save)
        if program is not None:
            self.set_values(program)
        self.inputs["name"].setFocus()

    def set_values(self, program: ProgramRow) -> None:
        for field in _LINES:
            value = getattr(program, field)
            self.line(field).setText(
                "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
            )
        self.program_type.setCurrentIndex(max(self.program_type.findData(program.program_type), 0))
        self.tier.setCurrentIndex(max(self.tier.findData(program.tier), 0))
        self.visa.setCurrentIndex(max(self.visa.findData(program.visa), 0))
        self.timezone.setCurrentText(program.timezone)
        self.notes.setPlainText(program.notes)

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {field: self.line(field).text() for field in _LINES}
        data.update(
            program_type=self.program_type.currentData(),
            tier=self.tier.currentData(),
            visa=self.visa.currentData(),
            timezone=self.timezone.currentText().strip(),
            notes=self.notes.toPlainText(),
        )
        return data
