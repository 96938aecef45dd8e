from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QToolButton
from pytestqt.qtbot import QtBot

from img_crm.services.exports import Kind
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.ui.ops import Ops
from img_crm.ui.views.contact_dialog import ContactDialog
from img_crm.ui.views.contacts_tab import ContactsTab

TRICKY = {
    "Nguyễn Thị Minh Khai": 'Likes data; said "call me Khai", mornings only',
    "محمد الأحمد": "Chief resident\nIntroduced me to the PD, kindly",
    "王小明": "PI of the HF readmission project",
}


def _line(dialog: ContactDialog, field: str) -> QLineEdit:
    if field in ("email", "phone"):  # the first entry of the list
        return dialog.point_lists[field].value_edits()[0]
    widget = dialog.inputs[field]
    assert isinstance(widget, QLineEdit)
    return widget


def test_add_a_contact_through_the_dialog(
    qtbot: QtBot, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ContactsTab(ops)
    qtbot.addWidget(tab)

    def fill_and_save(dialog: ContactDialog) -> int:
        qtbot.keyClicks(_line(dialog, "name"), "Søren Ågård")
        qtbot.keyClicks(_line(dialog, "email"), "soren@example.org")
        qtbot.keyClicks(_line(dialog, "tags"), "research, alumni")
        dialog.stage.setCurrentIndex(dialog.stage.findData("warm"))
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(ContactDialog, "exec", fill_and_save)
    with qtbot.waitSignal(ops.contacts_changed):
        new_id = tab.new_contact()
    assert new_id is not None
    assert tab.model.rowCount() == 1
    row = tab.model.row_at(0)
    assert (row.name, row.email, row.stage, row.tags) == (
        "Søren Ågård",
        "soren@example.org",
        "warm",
        ("alumni", "research"),
    )
    assert tab.selected_ids() == [new_id]


def test_dialog_shows_errors_beside_fields_and_writes_nothing(qtbot: QtBot, ops: Ops) -> None:
    saved: list[dict[str, object]] = []
    dialog = ContactDialog(lambda data: saved.append(data) or ops.add_contact(data))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(_line(dialog, "email"), "not-an-email")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors["name"].isVisible()
    assert "required" in dialog.errors["name"].text()
    assert dialog.errors["emails"].isVisible()
    assert "email address" in dialog.errors["emails"].text()
    assert dialog.focusWidget() is _line(dialog, "name")
    with ops.reading() as session:
        assert list_contacts(session) == []
    # Fixing the fields clears the messages and saves.
    qtbot.keyClicks(_line(dialog, "name"), "Ana Lima")
    _line(dialog, "email").clear()
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with ops.reading() as session:
        assert [c.name for c in list_contacts(session)] == ["Ana Lima"]


def test_email_is_checked_when_leaving_the_field(qtbot: QtBot) -> None:
    dialog = ContactDialog(lambda data: None)
    qtbot.addWidget(dialog)
    dialog.show()
    email = _line(dialog, "email")
    email.setFocus()
    qtbot.keyClicks(email, "a@b")
    email.editingFinished.emit()
    assert dialog.errors["emails"].isVisible()
    qtbot.keyClicks(email, ".org")  # typing clears the message; leaving checks again
    assert not dialog.errors["emails"].isVisible()
    email.editingFinished.emit()
    assert not dialog.errors["emails"].isVisible()


def test_any_number_of_labelled_emails_phones_and_web_addresses(qtbot: QtBot, ops: Ops) -> None:
    """Add, label, remove and reorder-by-removing entries from the keyboard's
    widgets; the first is the main one; editing shows them all back."""
    from img_crm.domain.rows import ContactPointRow as P

    dialog = ContactDialog(ops.add_contact)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(_line(dialog, "name"), "Ana Lima")
    emails = dialog.point_lists["email"]
    qtbot.keyClicks(emails.value_edits()[0], "ana@lakeview.example.org")
    qtbot.mouseClick(emails.add_button, Qt.MouseButton.LeftButton)
    assert dialog.focusWidget() is emails.value_edits()[1]  # the new entry, ready to type
    qtbot.keyClicks(emails.value_edits()[1], "ana@example.com")
    qtbot.mouseClick(emails.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(emails.value_edits()[2], "old@example.com")
    labels = emails.label_boxes()
    labels[0].setCurrentIndex(labels[0].findData("work"))
    labels[1].setCurrentText("Personal")  # a word of one's own
    names = [e.accessibleName() for e in emails.value_edits()]
    assert names == ["Email", "Email 2", "Email 3"]
    tabbing = [emails.label_boxes()[0]]
    for _ in range(9):  # Tab from the first label: each entry's label, value, Remove; then Add
        tabbing.append(tabbing[-1].nextInFocusChain())
        while not tabbing[-1].focusPolicy() & Qt.FocusPolicy.TabFocus or isinstance(
            tabbing[-1].parent(),
            QComboBox,  # the label box's own line edit
        ):
            tabbing[-1] = tabbing[-1].nextInFocusChain()
    assert [w.accessibleName() for w in tabbing] == [
        "Label of email",
        "Email",
        "Remove email",
        "Label of email 2",
        "Email 2",
        "Remove email 2",
        "Label of email 3",
        "Email 3",
        "Remove email 3",
        "Add an email address",
    ]
    removes = [
        b for b in emails.findChildren(QToolButton) if b.accessibleName() == "Remove email 3"
    ]
    qtbot.mouseClick(removes[0], Qt.MouseButton.LeftButton)
    assert len(emails.value_edits()) == 2
    phones = dialog.point_lists["phone"]
    qtbot.keyClicks(phones.value_edits()[0], "+1 312 555 0100")
    phones.label_boxes()[0].setCurrentText("Pager")
    qtbot.keyClicks(dialog.point_lists["web"].value_edits()[0], "https://ana.example.net")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with ops.reading() as session:
        (row,) = list_contacts(session)
    assert row.points == (
        P("email", "work", "ana@lakeview.example.org"),
        P("email", "home", "ana@example.com"),  # "Personal" is our "home"
        P("phone", "pager", "+1 312 555 0100"),
        P("web", "", "https://ana.example.net"),
    )
    assert (row.email, row.phone) == ("ana@lakeview.example.org", "+1 312 555 0100")
    again = ContactDialog(lambda data: None, contact=row)
    qtbot.addWidget(again)
    again.show()
    shown = again.point_lists["email"]
    assert [e.text() for e in shown.value_edits()] == [
        "ana@lakeview.example.org",
        "ana@example.com",
    ]
    visible = [  # the form's first empty entry is gone at once, not at the loop's next turn
        e
        for e in shown.findChildren(QLineEdit)
        if e.isVisible() and not isinstance(e.parent(), QComboBox)
    ]
    assert [e.text() for e in visible] == ["ana@lakeview.example.org", "ana@example.com"]
    assert again.point_lists["phone"].label_boxes()[0].currentText() == "Pager"
    assert again.values()["points"] == [
        ("email", "work", "ana@lakeview.example.org"),
        ("email", "home", "ana@example.com"),
        ("phone", "pager", "+1 312 555 0100"),
        ("web", "", "https://ana.example.net"),
    ]


def test_search_box_narrows_rows(qtbot: QtBot, demo_ops: Ops) -> None:
    tab = ContactsTab(demo_ops)
    qtbot.addWidget(tab)
    total = tab.model.rowCount()
    qtbot.keyClicks(tab.search, "nguyen")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.row_at(0).name == "Nguyễn Thị Minh Khai"
    assert "1 of" in tab.count_label.text()
    tab.search.clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() == total)
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findData("sponsor"))
    assert {tab.model.row_at(r).stage for r in range(tab.model.rowCount())} == {"sponsor"}


def test_edit_keeps_selection_and_updates_row(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ContactsTab(demo_ops)
    qtbot.addWidget(tab)
    tab.select_contact(3)

    def change_role(dialog: ContactDialog) -> int:
        _line(dialog, "role").setText("Research PI, Cardiology (senior author)")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(ContactDialog, "exec", change_role)
    tab.edit_selected()
    assert tab.selected_ids() == [3]
    row = next(r for r in tab.model.rows() if r.id == 3)
    assert row.role.endswith("(senior author)")


def test_delete_asks_first_and_cancel_keeps_rows(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ContactsTab(demo_ops)
    qtbot.addWidget(tab)
    total = tab.model.rowCount()
    tab.select_contact(1)
    questions: list[str] = []
    monkeypatch.setattr(tab, "confirm_delete", lambda q, d: questions.append(q + d) or False)
    tab.delete_selected()
    assert tab.model.rowCount() == total
    assert "Margaret Hughes" in questions[0] and "letters they write (1)" in questions[0]
    monkeypatch.setattr(tab, "confirm_delete", lambda q, d: True)
    tab.table.setFocus()
    tab.delete_action.trigger()
    assert tab.model.rowCount() == total - 1
    assert all(r.id != 1 for r in tab.model.rows())


def test_gui_export_reads_back_identical(ops: Ops, tmp_path: Path) -> None:
    with ops.store.session() as session:
        for name, notes in TRICKY.items():
            add_contact(session, data={"name": name, "notes": notes, "institution": "A, B"})
    target = tmp_path / "out.csv"
    assert ops.export(Kind.CONTACTS, target).count == 3
    with target.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert {r["name"]: r["notes"] for r in records} == TRICKY
    assert {r["institution"] for r in records} == {"A, B"}


def test_enter_on_a_row_opens_the_editor(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ContactsTab(demo_ops)
    qtbot.addWidget(tab)
    tab.show()
    opened: list[str] = []
    monkeypatch.setattr(
        ContactDialog, "exec", lambda d: opened.append(_line(d, "name").text()) or 0
    )
    tab.select_contact(2)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened == ["राजेश कुमार"]


def test_a_wheel_over_a_drop_down_scrolls_the_form_and_changes_nothing(qtbot: QtBot) -> None:
    """Seen by a new user: scrolling the contact form with the wheel turned
    "Based in the US" from "Not known" to "Yes" as the pointer passed over it."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    from img_crm.ui.views.contact_dialog import ContactDialog

    dialog = ContactDialog(lambda data: None)
    qtbot.addWidget(dialog)
    dialog.resize(520, 300)  # a short screen: the form scrolls
    dialog.show()
    dialog.setFocus()
    before = dialog.us_based.currentIndex()
    centre = QPointF(dialog.us_based.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(dialog.us_based.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(dialog.us_based, wheel)
    assert dialog.us_based.currentIndex() == before
    dialog.activateWindow()
    dialog.us_based.setFocus()
    qtbot.waitUntil(dialog.us_based.hasFocus)
    QApplication.sendEvent(dialog.us_based, wheel)  # with the focus, the wheel changes it
    assert dialog.us_based.currentIndex() != before
