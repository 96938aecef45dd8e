from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from img_crm import clock
from img_crm.services.relationships import contacts_with_status
from img_crm.store.activities import list_activities
from img_crm.store.letters import list_letters
from img_crm.ui.models.contacts import ContactsModel
from img_crm.ui.models.records import ActivitiesModel, LettersModel
from img_crm.ui.ops import Ops


def test_contacts_model_passes_the_model_tester(qtmodeltester: ModelTester, demo_ops: Ops) -> None:
    model = ContactsModel()
    with demo_ops.reading() as session:
        rows, statuses = contacts_with_status(session)
    model.set_contacts(rows, statuses, clock.today())
    qtmodeltester.check(model, force_py=True)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_search("lakeview", None)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() > 0


def test_record_models_pass_the_model_tester(qtmodeltester: ModelTester, demo_ops: Ops) -> None:
    with demo_ops.reading() as session:
        loads = [
            (ActivitiesModel(), list_activities(session)),
            (LettersModel(), list_letters(session)),
        ]
    for model, rows in loads:
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model, force_py=True)


def test_every_column_sorts_and_keeps_all_rows(demo_ops: Ops) -> None:
    model = ContactsModel()
    with demo_ops.reading() as session:
        rows, statuses = contacts_with_status(session)
    model.set_contacts(rows, statuses, clock.today())
    total = model.rowCount()
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            assert model.rowCount() == total


def test_sort_by_stage_follows_the_ladder(demo_ops: Ops) -> None:
    model = ContactsModel()
    with demo_ops.reading() as session:
        rows, statuses = contacts_with_status(session)
    model.set_contacts(rows, statuses, clock.today())
    model.sort(1, Qt.SortOrder.AscendingOrder)
    stages = [model.row_at(r).stage for r in range(model.rowCount())]
    order = ["cold", "warm", "mentor", "sponsor"]
    assert stages == sorted(stages, key=order.index)


def test_search_is_accent_and_case_insensitive(demo_ops: Ops) -> None:
    model = ContactsModel()
    with demo_ops.reading() as session:
        rows, statuses = contacts_with_status(session)
    model.set_contacts(rows, statuses, clock.today())
    model.set_search("nguyen", None)
    assert [model.row_at(r).name for r in range(model.rowCount())] == ["Nguyễn Thị Minh Khai"]
    model.set_search("PENA", None)
    assert [model.row_at(r).name for r in range(model.rowCount())] == ["María José Peña"]
    model.set_search("王小明", None)
    assert model.rowCount() == 1
    model.set_search("chief-resident", "warm")  # a tag, within one stage
    assert [model.row_at(r).name for r in range(model.rowCount())] == ["محمد الأحمد"]
    model.set_search("", None)
    assert model.rowCount() == model.total_count()


def test_typing_narrows_and_backspace_widens_in_sort_order(demo_ops: Ops) -> None:
    """Incremental filtering must give exactly what a fresh filter gives."""
    from img_crm.domain.text import fold, haystack

    model = ContactsModel()
    with demo_ops.reading() as session:
        rows, statuses = contacts_with_status(session)
    model.set_contacts(rows, statuses, clock.today())
    model.sort(0, Qt.SortOrder.DescendingOrder)
    everyone = model.rows()
    for stage in (None, "warm"):
        for typed in ("a", "an", "ana", "an", "", "e", "e m", "e ma", "é", "ng", "nguy"):
            model.set_search(typed, stage)
            expected = [
                r
                for r in everyone
                if (stage is None or r.stage == stage)
                and all(
                    w in haystack([r.name, r.institution, r.email, r.specialty, *r.tags])
                    for w in fold(typed).split()
                )
            ]
            assert model.rows() == expected, (stage, typed)
    model.set_search("nguyen", None)
    assert [r.name for r in model.rows()] == ["Nguyễn Thị Minh Khai"]
