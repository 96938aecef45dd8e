"""Settings → Your fields (#24): define fields of your own for contacts,
programs and letters, rename them, change a choice field's choices, put
them in order, remove them. Each change is saved at once through ``Ops``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.custom_fields import MAX_FIELD_NAME, FieldDef, FieldKind, RecordKind
from img_crm.ui.ops import Ops
from img_crm.ui.views.confirm import confirm_delete
from img_crm.ui.views.fields import FieldDialog, finish_form, muted


def kind_label(kind: FieldKind) -> str:
    from PySide6.QtCore import QCoreApplication

    texts = {
        FieldKind.TEXT: "Text",
        FieldKind.NUMBER: "Number",
        FieldKind.DATE: "Date",
        FieldKind.YES_NO: "Yes or no",
        FieldKind.CHOICE: "Choice from a list",
    }
    return QCoreApplication.translate("FieldKinds", texts[kind])


class FieldFormDialog(FieldDialog):
    """A new field (name, kind, choices), or a field's new name and choices
    (its kind stays: its values were checked for it)."""

    def __init__(
        self,
        on_save: Any,
        *,
        field: FieldDef | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(on_save, parent)
        self.setWindowTitle(self.tr("Change field") if field else self.tr("New field"))
        self.setMinimumWidth(440)
        form = QFormLayout()
        self.name = QLineEdit(field.name if field else "", self)
        self.name.setMaxLength(MAX_FIELD_NAME)
        self.name.setPlaceholderText(self.tr("Visa status, Met at, Hours together…"))
        self.name.setAccessibleName(self.tr("Name"))
        self.add_row(form, "name", self.tr("&Name"), self.name)
        self.kind = QComboBox(self)
        for kind in FieldKind:
            self.kind.addItem(kind_label(kind), kind.value)
        if field is not None:
            self.kind.setCurrentIndex(self.kind.findData(field.kind.value))
            self.kind.setEnabled(False)
        self.kind.setAccessibleName(self.tr("Kind"))
        self.add_row(form, "kind", self.tr("&Kind"), self.kind)
        self.choices = QPlainTextEdit("\n".join(field.choices) if field else "", self)
        self.choices.setTabChangesFocus(True)
        self.choices.setPlaceholderText(self.tr("One choice a line"))
        self.choices.setAccessibleName(self.tr("Choices"))
        self.choices.setMaximumHeight(120)
        self.add_row(form, "choices", self.tr("&Choices"), self.choices)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        finish_form(self, form, self.save)
        self.name.setFocus()

    def _kind_changed(self) -> None:
        self.choices.setEnabled(self.kind.currentData() == FieldKind.CHOICE.value)

    def values(self) -> dict[str, Any]:
        kind = FieldKind(self.kind.currentData())
        lines = self.choices.toPlainText().splitlines() if kind is FieldKind.CHOICE else []
        return {"name": self.name.text(), "kind": kind, "choices": lines}


class FieldsPage(QWidget):
    """The Settings page of the user's fields."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        intro = QLabel(
            self.tr(
                "Fields of your own show in the forms, the details, the tables' column "
                "menus, the search and every export. Changes here are saved at once."
            ),
            self,
        )
        intro.setWordWrap(True)
        muted(intro)
        self.record = QComboBox(self)
        for record, text in (
            (RecordKind.CONTACT, self.tr("Contacts")),
            (RecordKind.PROGRAM, self.tr("Programs")),
            (RecordKind.LETTER, self.tr("Letters")),
        ):
            self.record.addItem(text, record.value)
        self.record.setAccessibleName(self.tr("Fields of"))
        self.record.currentIndexChanged.connect(self.reload)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Your fields"))
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.list.itemActivated.connect(lambda _item: self.change())
        self.add_button = QPushButton(self.tr("&New field…"), self)
        self.change_button = QPushButton(self.tr("C&hange…"), self)
        self.up_button = QPushButton(self.tr("Move &up"), self)
        self.down_button = QPushButton(self.tr("Move do&wn"), self)
        self.remove_button = QPushButton(self.tr("Remo&ve…"), self)
        self.add_button.clicked.connect(self.add)
        self.change_button.clicked.connect(self.change)
        self.up_button.clicked.connect(lambda: self.move_field(-1))
        self.down_button.clicked.connect(lambda: self.move_field(1))
        self.remove_button.clicked.connect(self.remove)
        row = QHBoxLayout()
        caption = QLabel(self.tr("Fields &of"), self)
        caption.setBuddy(self.record)
        row.addWidget(caption)
        row.addWidget(self.record)
        row.addStretch(1)
        buttons = QVBoxLayout()
        for button in (
            self.add_button,
            self.change_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addLayout(body, 1)
        self.fields: list[FieldDef] = []
        ops.fields_changed.connect(self.reload)
        self.reload()

    def chosen_record(self) -> RecordKind:
        return RecordKind(self.record.currentData())

    def reload(self) -> None:
        current = self.current()
        self.fields = self.ops.own_fields(self.chosen_record())
        self.list.clear()
        for field in self.fields:
            text = f"{field.name} — {kind_label(field.kind)}"
            if field.choices:
                text += f": {', '.join(field.choices)}"
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, field.id)
            if current is not None and field.id == current.id:
                self.list.setCurrentItem(item)
        self._enable()

    def current(self) -> FieldDef | None:
        row = self.list.currentRow()
        return self.fields[row] if 0 <= row < len(self.fields) else None

    def _enable(self) -> None:
        field = self.current()
        row = self.list.currentRow()
        for button in (self.change_button, self.remove_button):
            button.setEnabled(field is not None)
        self.up_button.setEnabled(field is not None and row > 0)
        self.down_button.setEnabled(field is not None and row < len(self.fields) - 1)

    def add(self) -> None:
        record = self.chosen_record()
        made: list[int] = []

        def save(data: dict[str, Any]) -> None:
            made.append(self.ops.define_field(record, data["name"], data["kind"], data["choices"]))

        if FieldFormDialog(save, parent=self).exec() and made:
            self._select(made[0])

    def change(self) -> None:
        field = self.current()
        if field is None:
            return

        def save(data: dict[str, Any]) -> None:
            choices = data["choices"] if field.kind is FieldKind.CHOICE else None
            self.ops.change_field(field.id, name=data["name"], choices=choices)

        FieldFormDialog(save, field=field, parent=self).exec()

    def move_field(self, step: int) -> None:
        field = self.current()
        if field is None:
            return
        row = self.list.currentRow()
        self.ops.move_field(field.id, row + step)
        self._select(field.id)

    def remove(self) -> None:
        field = self.current()
        if field is None:
            return
        if confirm_delete(
            self,
            self.tr("Remove field"),
            self.tr("Remove the field %1?").replace("%1", field.name),
            self.tr("Its value goes from every record that has one; this cannot be undone."),
        ):
            self.ops.attempt(self, self.tr("Remove field"), lambda: self.ops.remove_field(field.id))

    def _select(self, field_id: int) -> None:
        for row, field in enumerate(self.fields):
            if field.id == field_id:
                self.list.setCurrentRow(row)
