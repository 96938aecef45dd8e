"""Add or edit one contact, with each validation error shown beside its field."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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

from img_crm.domain.contact_points import COLUMNS, EMAIL, PHONE, WEB, normalize_points
from img_crm.domain.contacts import TEXT_FIELDS, known_timezones, normalize_contact
from img_crm.domain.custom_fields import FieldDef
from img_crm.domain.enums import Stage
from img_crm.domain.rows import ContactRow
from img_crm.errors import ValidationError
from img_crm.ui.icons import stage_icon
from img_crm.ui.labels import stage_label
from img_crm.ui.views.fields import FieldDialog, OptionalDateEdit, finish_form
from img_crm.ui.views.own_fields import add_own_rows, own_values
from img_crm.ui.views.point_list import PointList

# Stores the values (raising ValidationError), or returns False to keep the form open.
SaveCallback = Callable[[dict[str, Any]], object]

# One line edit each; the time zone and notes get their own widgets, and the
# emails, phones and web addresses their lists (in the email's place).
_TEXT_FIELDS = (
    *(f for f in TEXT_FIELDS if f not in ("timezone", "notes", "email", "phone")),
    "tags",
)


class ContactDialog(FieldDialog):
    """The contact form. ``on_save`` stores the values or raises ``ValidationError``."""

    def __init__(
        self,
        on_save: SaveCallback,
        *,
        contact: ContactRow | None = None,
        own_fields: Sequence[FieldDef] = (),
        own: Mapping[int, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(on_save, parent)
        self.own_fields = list(own_fields)
        self.setWindowTitle(self.tr("Edit contact") if contact else self.tr("New contact"))
        self.setMinimumWidth(520)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        captions = {
            "name": self.tr("&Name *"),
            "given_name": self.tr("Gi&ven name"),
            "family_name": self.tr("Fa&mily name"),
            "name_suffix": self.tr("Name suffi&x"),
            "address_as": self.tr("&Greet as"),
            "title": self.tr("&Title"),
            "role": self.tr("&Role"),
            "institution": self.tr("&Institution"),
            "department": self.tr("&Department"),
            "specialty": self.tr("S&pecialty"),
            "linkedin_url": self.tr("&LinkedIn"),
            "pubmed_url": self.tr("Pu&bMed"),
            "tags": self.tr("T&ags"),
        }
        hints = {
            "name": self.tr("As the person writes it, in any script"),
            "title": self.tr("Dr., Prof."),
            "given_name": self.tr("As the file or the person gives it"),
            "family_name": self.tr("The name a letter uses after the title"),
            "name_suffix": self.tr("Jr., III, MD"),
            "address_as": self.tr("After “Dear”; empty: title and family name"),
            "role": self.tr("Attending, Program Director, Chief Resident…"),
            "department": self.tr("Department of Medicine, Cardiology Division…"),
            "linkedin_url": "https://www.linkedin.com/in/…",
            "pubmed_url": "https://pubmed.ncbi.nlm.nih.gov/?term=…",
            "tags": self.tr("Comma-separated, e.g. research, alumni"),
        }
        self.point_lists: dict[str, PointList] = {}
        for field in _TEXT_FIELDS:
            if field == "linkedin_url":
                self._add_point_lists(form)
            edit = QLineEdit(self)
            edit.setPlaceholderText(hints.get(field, ""))
            edit.setAccessibleName(captions[field].replace("&", "").rstrip(" *"))
            self.add_row(form, field, captions[field], edit)
            edit.editingFinished.connect(lambda f=field: self._check_field(f))
            edit.textEdited.connect(lambda _text, f=field: self.errors[f].show_error(None))

        self.stage = QComboBox(self)
        for stage in Stage:
            self.stage.addItem(stage_icon(stage), stage_label(stage), stage.value)
        self.stage.setAccessibleName(self.tr("Stage"))
        self.add_row(form, "stage", self.tr("&Stage"), self.stage)

        self.us_based = QComboBox(self)
        self.us_based.addItem(self.tr("Not known"), None)
        self.us_based.addItem(self.tr("Yes"), True)
        self.us_based.addItem(self.tr("No"), False)
        self.us_based.setAccessibleName(self.tr("Based in the US"))
        self.add_row(form, "us_based", self.tr("Based in the &US"), self.us_based)

        self.timezone = QComboBox(self)
        self.timezone.setEditable(True)
        self.timezone.addItem("")
        self.timezone.addItems(sorted(known_timezones()))
        completer = QCompleter(sorted(known_timezones()), self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(completer)
        self.timezone.setAccessibleName(self.tr("Time zone"))
        self.add_row(form, "timezone", self.tr("Time &zone"), self.timezone)

        self.first_contacted = OptionalDateEdit(self.tr("Known"), self)
        self.add_row(form, "first_contacted", self.tr("&First contacted"), self.first_contacted)
        self.next_follow_up = OptionalDateEdit(self.tr("Set by hand"), self)
        self.add_row(form, "next_follow_up", self.tr("Next follo&w-up"), self.next_follow_up)

        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setMinimumHeight(80)
        self.add_row(form, "notes", self.tr("N&otes"), self.notes)
        add_own_rows(self, form, self.own_fields, own or {})

        finish_form(self, form, self.save)
        if contact is not None:
            self.set_values(contact)
        self.inputs["name"].setFocus()

    def _add_point_lists(self, form: QFormLayout) -> None:
        for kind, caption, what, add, hint in (
            (
                EMAIL,
                self.tr("&Email"),
                self.tr("Email"),
                self.tr("Add an email address"),
                self.tr("name@hospital.org"),
            ),
            (
                PHONE,
                self.tr("P&hone"),
                self.tr("Phone"),
                self.tr("Add a phone number"),
                self.tr("+1 312 555 0100"),
            ),
            (
                WEB,
                self.tr("&Web"),
                self.tr("Web address"),
                self.tr("Add a web address"),
                "https://…",
            ),
        ):
            points = PointList(kind, what=what, add_caption=add, placeholder=hint, parent=self)
            self.point_lists[kind] = points
            self.add_row(form, COLUMNS[kind], caption, points)
            points.finished.connect(lambda k=kind: self._check_points(k))
            points.edited.connect(lambda c=COLUMNS[kind]: self.errors[c].show_error(None))

    def set_values(self, contact: ContactRow) -> None:
        for points in self.point_lists.values():
            points.set_points(contact.points)
        for field in _TEXT_FIELDS:
            value = contact.tags if field == "tags" else getattr(contact, field)
            self.line(field).setText(", ".join(value) if field == "tags" else str(value or ""))
        self.stage.setCurrentIndex(max(self.stage.findData(contact.stage), 0))
        self.us_based.setCurrentIndex(max(self.us_based.findData(contact.us_based), 0))
        self.timezone.setCurrentText(contact.timezone)
        self.first_contacted.set_value(contact.first_contacted)
        self.next_follow_up.set_value(contact.next_follow_up)
        self.notes.setPlainText(contact.notes)

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {field: self.line(field).text() for field in _TEXT_FIELDS}
        data["points"] = [p for points in self.point_lists.values() for p in points.points()]
        data["stage"] = self.stage.currentData()
        data["us_based"] = self.us_based.currentData()
        data["timezone"] = self.timezone.currentText()
        data["first_contacted"] = self.first_contacted.value()
        data["next_follow_up"] = self.next_follow_up.value()
        data["notes"] = self.notes.toPlainText()
        if self.own_fields:
            data["own_fields"] = own_values(self, self.own_fields)
        return data

    def _check_points(self, kind: str) -> None:
        _, errors = normalize_points(self.point_lists[kind].points())
        self.errors[COLUMNS[kind]].show_error(errors.get(COLUMNS[kind]))

    def _check_field(self, field: str) -> None:
        value = self.line(field).text()
        if field == "name" and not value.strip():
            return  # a name is checked on save; don't nag while tabbing through
        try:
            normalize_contact({field: value}, partial=True)
        except ValidationError as exc:
            self.errors[field].show_error(exc.errors.get(field))
        else:
            self.errors[field].show_error(None)
