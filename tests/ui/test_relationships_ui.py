"""Bulk actions with undo, duplicates and merge, the detail pane, logging activities."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from img_crm import clock
from img_crm.services.json_io import store_document
from img_crm.store.contact_rows import get_contact, list_contacts
from img_crm.store.contacts import add_contact
from img_crm.ui.models.contacts import OVERDUE_TINT, REPLY_OWED_TINT
from img_crm.ui.ops import Ops
from img_crm.ui.views.activity_dialog import ActivityDialog
from img_crm.ui.views.contact_dialog import ContactDialog
from img_crm.ui.views.contacts_tab import ContactsTab
from img_crm.ui.views.duplicates_dialog import DuplicatesDialog, MergeDialog


def _tables(ops: Ops) -> object:
    with ops.reading() as session:
        return store_document(session)["tables"]


def _select(tab: ContactsTab, ids: list[int]) -> None:
    tab.table.clearSelection()
    selection = tab.table.selectionModel()
    for row in range(tab.model.rowCount()):
        if tab.model.contact_id(row) in ids:
            selection.select(
                tab.model.index(row, 0),
                selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
            )


def test_undo_of_a_bulk_delete_restores_identical_rows(qtbot: QtBot, demo_ops: Ops) -> None:
    tab = ContactsTab(demo_ops)
    qtbot.addWidget(tab)
    before = _tables(demo_ops)
    _select(tab, [1, 3, 4, 8])
    tab.confirm_delete = lambda q, d: True  # type: ignore[method-assign]
    tab.delete_selected()
    assert tab.model.total_count() == 20
    assert demo_ops.undo_stack.undoText().startswith("Delete 4")
    demo_ops.undo_stack.undo()
    assert _tables(demo_ops) == before
    assert tab.model.total_count() == 24
    demo_ops.undo_stack.redo()
    assert tab.model.total_count() == 20
    demo_ops.undo_stack.undo()
    assert _tables(demo_ops) == before


def test_bulk_stage_and_tags_with_undo(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ContactsTab(demo_ops)
    qtbot.addWidget(tab)
    before = _tables(demo_ops)
    cold = [r.id for r in tab.model.rows() if r.stage == "cold"][:3]
    _select(tab, cold)
    tab.set_stage_of_selected("warm")
    with demo_ops.reading() as session:
        assert {get_contact(session, contact_id=c).stage for c in cold} == {"warm"}
    monkeypatch.setattr(tab, "ask_tag", lambda add: "ny-trip")
    _select(tab, cold)
    tab.tag_selected(add=True)
    with demo_ops.reading() as session:
        assert all("ny-trip" in get_contact(session, contact_id=c).tags for c in cold)
    _select(tab, cold[:1])
    tab.tag_selected(add=False)
    with demo_ops.reading() as session:
        assert "ny-trip" not in get_contact(session, contact_id=cold[0]).tags
    for _ in range(3):
        demo_ops.undo_stack.undo()
    assert _tables(demo_ops) == before


def test_adding_a_likely_duplicate_asks_first(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ContactsTab(demo_ops)
    qtbot.addWidget(tab)
    asked: list[str] = []
    monkeypatch.setattr(tab, "confirm_duplicate", lambda text: asked.append(text) or False)

    def fill(dialog: ContactDialog) -> int:
        name = dialog.inputs["name"]
        institution = dialog.inputs["institution"]
        assert isinstance(name, QLineEdit) and isinstance(institution, QLineEdit)
        name.setText("Minh Khai Nguyen")
        institution.setText("Brookside Medical Center")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(ContactDialog, "exec", fill)
    assert tab.new_contact() is None
    assert asked and "Nguyễn Thị Minh Khai" in asked[0]
    assert tab.model.total_count() == 24


def test_find_duplicates_and_merge_through_the_dialogs(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_ops.store.session() as session:
        twin = add_contact(
            session,
            data={
                "name": "Minh Khai Nguyen",
                "institution": "Brookside Medical Center",
                "phone": "+1 555 0101",
            },
        )
    dialog = DuplicatesDialog(demo_ops)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    pair = dialog.model.row_at(0)
    assert {pair.first.id, pair.second.id} == {8, twin}

    def choose(merge: MergeDialog) -> int:
        merge.keep_group.button(8).setChecked(True)
        assert "phone" in merge.choices
        merge.choices["phone"].button(2 if merge.second.id == twin else 1).setChecked(True)
        return 1

    monkeypatch.setattr(MergeDialog, "exec", choose)
    dialog.merge_selected()
    assert dialog.model.rowCount() == 0
    with demo_ops.reading() as session:
        survivor = get_contact(session, contact_id=8)
        assert survivor.phone == "+1 555 0101"
        assert twin not in {r.id for r in list_contacts(session)}
    demo_ops.undo_stack.undo()
    with demo_ops.reading() as session:
        assert twin in {r.id for r in list_contacts(session)}


def test_overdue_rows_are_tinted_and_filterable(qtbot: QtBot, demo_ops: Ops) -> None:
    tab = ContactsTab(demo_ops)
    qtbot.addWidget(tab)
    model = tab.model
    owed = [r for r in model.rows() if model.status(r).reply_owed]
    assert [r.name for r in owed] == ["Nguyễn Thị Minh Khai"]
    row = model.rows().index(owed[0])
    brush = model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == REPLY_OWED_TINT
    assert model.data(model.index(row, 2)) == "Reply owed"
    overdue = next(
        r
        for r in model.rows()
        if model.status(r).overdue
        and not model.status(r).reply_owed
        and not model.status(r).losing_touch
    )
    brush = model.data(model.index(model.rows().index(overdue), 0), Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == OVERDUE_TINT  # amber: late, not yet past the maximum
    losing = next(r for r in model.rows() if model.status(r).losing_touch)
    row = model.rows().index(losing)
    brush = model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == REPLY_OWED_TINT  # red: past the maximum
    assert str(model.data(model.index(row, 2))).startswith("Losing touch ")
    tab.overdue_only.setChecked(True)
    assert 0 < model.rowCount() < model.total_count()
    assert all(model.status(r).overdue or model.status(r).reply_owed for r in model.rows())


def test_detail_pane_and_logging_an_activity_moves_the_follow_up(
    qtbot: QtBot, demo_ops: Ops
) -> None:
    tab = ContactsTab(demo_ops)
    qtbot.addWidget(tab)
    tab.select_contact(8)
    html = tab.detail.summary.toPlainText()
    assert "Nguyễn Thị Minh Khai" in html and "Stage history" in html and "Brookside IM" in html
    assert tab.detail.activities.rowCount() >= 4
    logged: list[int] = []
    tab.detail.log_requested.connect(logged.append)
    tab.detail.log_button.click()
    assert logged == [8]
    dialog = ActivityDialog(demo_ops.add_activity, contacts=[(8, "N")], contact_id=8)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("outreach-sent"))
    dialog.description.setPlainText("Sent the revised abstract")
    dialog.save()
    row = next(r for r in tab.model.rows() if r.id == 8)
    status = tab.model.status(row)
    assert not status.reply_owed
    assert row.last_interaction == clock.today()
    assert status.follow_up == clock.today() + timedelta(days=14)
    assert "Sent the revised abstract" in [
        tab.detail.activities.row_at(i).description for i in range(tab.detail.activities.rowCount())
    ]
