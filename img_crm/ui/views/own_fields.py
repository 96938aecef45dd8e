"""The fields of the user's own in a record's form (#24): one row each, an
editor for its kind, under the record's own fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from img_crm.domain.custom_fields import FieldDef, FieldKind
from img_crm.ui.views.fields import FieldDialog, OptionalDateEdit, finish_form


def _tr(text: str) -> str:
    return QCoreApplication.translate("OwnFields", text)


def add_own_rows(
    dialog: FieldDialog,
    form: QFormLayout,
    fields: Sequence[FieldDef],
    values: Mapping[int, str],
) -> None:
    """A row for each field, holding its value; errors show under each
    (``ValidationError`` keys them by the field's name)."""
    if not fields:
        return
    heading = QLabel(_tr("<b>Your fields</b>"), dialog)
    form.addRow(heading)
    for field in fields:
        value = values.get(field.id, "")
        widget: QWidget
        if field.kind is FieldKind.DATE:
            editor = OptionalDateEdit(_tr("Set"), dialog)
            editor.set_value(date.fromisoformat(value) if value else None)
            widget = editor
        elif field.kind in (FieldKind.YES_NO, FieldKind.CHOICE):
            box = QComboBox(dialog)
            box.addItem(_tr("(not set)"), "")
            if field.kind is FieldKind.YES_NO:
                box.addItem(_tr("Yes"), "yes")
                box.addItem(_tr("No"), "no")
            else:
                for choice in field.choices:
                    box.addItem(choice, choice)
            box.setCurrentIndex(max(box.findData(value), 0))
            widget = box
        else:
            line = QLineEdit(value, dialog)
            if field.kind is FieldKind.NUMBER:
                line.setPlaceholderText(_tr("A number, such as 12 or 3.5"))
            widget = line
        widget.setAccessibleName(field.name)
        dialog.add_row(form, field.name, field.name, widget)


def own_values(dialog: FieldDialog, fields: Sequence[FieldDef]) -> dict[int, str | None]:
    """What each field's editor holds (None: no value)."""
    found: dict[int, str | None] = {}
    for field in fields:
        widget = dialog.inputs[field.name]
        if isinstance(widget, OptionalDateEdit):
            day = widget.value()
            found[field.id] = None if day is None else day.isoformat()
        elif isinstance(widget, QComboBox):
            found[field.id] = str(widget.currentData() or "") or None
        elif isinstance(widget, QLineEdit):
            found[field.id] = widget.text() or None
    return found


class OwnFieldsDialog(FieldDialog):
    """The values of the user's fields of one program or letter;
    ``on_save({field id: value or None})`` writes them."""

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldDef],
        values: Mapping[int, str],
        on_save: Callable[[dict[int, str | None]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(lambda data: on_save(data["own"]), parent)
        self.fields = list(fields)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        form = QFormLayout()
        add_own_rows(self, form, self.fields, values)
        finish_form(self, form, self.save)

    def values(self) -> dict[str, Any]:
        return {"own": own_values(self, self.fields)}
