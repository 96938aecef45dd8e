"""Fields of the user's own in the window (#24): defined on Settings → Your
fields, filled in the contact form (a bad value shown under its field),
shown in the contact's details, a hidden column of the Contacts table that
sorts as its kind and is searched; a program's in their own small form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from img_crm.domain.custom_fields import FieldKind, RecordKind
from img_crm.ui.ops import Ops
from img_crm.ui.views.contact_dialog import ContactDialog
from img_crm.ui.views.fields_page import FieldFormDialog, FieldsPage
from img_crm.ui.views.own_fields import OwnFieldsDialog

CONTACT = RecordKind.CONTACT


def _answer(check: Callable[[QDialog], None]) -> None:
    def later() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        check(dialog)

    QTimer.singleShot(0, later)


def test_a_field_defined_on_the_settings_page(qtbot: QtBot, demo_ops: Ops) -> None:
    page = FieldsPage(demo_ops)
    qtbot.addWidget(page)

    def define(dialog: QDialog) -> None:
        assert isinstance(dialog, FieldFormDialog)
        qtbot.keyClicks(dialog.name, "Stage")  # a built-in name first
        dialog.kind.setCurrentIndex(dialog.kind.findData(FieldKind.CHOICE.value))
        dialog.choices.setPlainText("J-1\nH-1B\n")
        dialog.save()
        assert dialog.isVisible()
        assert dialog.errors["name"].text() == "is already one of the contact's own fields"
        dialog.name.clear()
        qtbot.keyClicks(dialog.name, "Visa status")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    _answer(define)
    page.add()
    assert [(f.name, f.kind, f.choices) for f in demo_ops.own_fields(CONTACT)] == [
        ("Visa status", FieldKind.CHOICE, ("J-1", "H-1B"))
    ]
    assert page.list.item(0).text() == "Visa status — Choice from a list: J-1, H-1B"
    demo_ops.define_field(CONTACT, "Hours together", FieldKind.NUMBER)
    assert page.list.count() == 2  # the page follows every change
    page.list.setCurrentRow(1)
    page.move_field(-1)
    assert [f.name for f in demo_ops.own_fields(CONTACT)] == ["Hours together", "Visa status"]
    page.record.setCurrentIndex(page.record.findData(RecordKind.PROGRAM.value))
    assert page.list.count() == 0


def test_the_contact_form_fills_them_and_the_pane_and_table_show_them(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    visa = demo_ops.define_field(CONTACT, "Visa status", FieldKind.CHOICE, ["J-1", "H-1B"])
    hours = demo_ops.define_field(CONTACT, "Hours together", FieldKind.NUMBER)
    window = make_window(demo_ops)
    window.show()
    window.tabs.setCurrentWidget(window.contacts_tab)
    tab = window.contacts_tab
    tab.select_contact(1)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ContactDialog)
        box = dialog.inputs["Visa status"]
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(box.findData("J-1"))
        line = dialog.inputs["Hours together"]
        assert isinstance(line, QLineEdit)
        qtbot.keyClicks(line, "lots")
        dialog.save()
        assert dialog.isVisible()
        assert dialog.errors["Hours together"].text() == "must be a number, such as 12 or 3.5"
        line.clear()
        qtbot.keyClicks(line, "76.5")
        dialog.save()

    _answer(fill)
    tab.edit_selected()
    assert demo_ops.own_values(CONTACT, 1) == {visa: "J-1", hours: "76.5"}
    shown = [line.strip() for line in tab.detail.summary.toPlainText().splitlines()]
    assert shown[shown.index("Visa status") + 1] == "J-1"  # a row of the facts table
    assert shown[shown.index("Hours together") + 1] == "76.5"
    model = tab.model
    header = tab.table.horizontalHeader()
    columns = {
        model.headerData(c, Qt.Orientation.Horizontal): c for c in range(model.columnCount())
    }
    assert header.isSectionHidden(columns["Hours together"])  # until the user shows it
    tab.search.setText("H-1B")
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    tab.search.setText("j-1")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    tab.search.setText("")
    qtbot.waitUntil(lambda: model.rowCount() > 1)
    model.sort(columns["Hours together"], Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, columns["Hours together"])) == "76.5"


def test_a_program_has_its_fields_in_a_small_form(qtbot: QtBot, demo_ops: Ops) -> None:
    from img_crm.ui.views.program_detail import ProgramDetail

    offered = demo_ops.define_field(RecordKind.PROGRAM, "Interview offered", FieldKind.YES_NO)
    pane = ProgramDetail(demo_ops)
    qtbot.addWidget(pane)
    pane.show()
    pane.show_program(1)
    assert pane.own_button.isVisible()

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, OwnFieldsDialog)
        box = dialog.inputs["Interview offered"]
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(box.findData("yes"))
        dialog.save()

    _answer(fill)
    pane.edit_own_fields()
    assert demo_ops.own_values(RecordKind.PROGRAM, 1) == {offered: "yes"}
    assert "Interview offered: Yes" in pane.summary.text().replace("<i>", "").replace("</i>", "")


@pytest.mark.parametrize("kind", list(FieldKind))
def test_removing_a_field_asks_and_takes_its_values(
    qtbot: QtBot, demo_ops: Ops, kind: FieldKind
) -> None:
    from PySide6.QtWidgets import QMessageBox

    choices = ["A", "B"] if kind is FieldKind.CHOICE else []
    ident = demo_ops.define_field(CONTACT, "Mine", kind, choices)
    value = {"text": "x", "number": "2", "date": "2026-01-02", "yes-no": "yes", "choice": "A"}
    demo_ops.update_contact(1, {"own_fields": {ident: value[kind.value]}})
    page = FieldsPage(demo_ops)
    qtbot.addWidget(page)
    page.list.setCurrentRow(0)

    def delete(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        next(b for b in dialog.buttons() if b.text() == "Delete").click()

    _answer(delete)
    page.remove()
    assert demo_ops.own_fields(CONTACT) == [] and demo_ops.own_values(CONTACT, 1) == {}
