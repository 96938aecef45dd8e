from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from img_crm import clock
from img_crm.domain.signals import DEFAULT_RULES
from img_crm.services.contact_list import contact_list
from img_crm.services.duplicates import likely_pairs
from img_crm.services.programs import program_view
from img_crm.store.activities import list_activities
from img_crm.store.contacts import add_contact
from img_crm.store.letters import list_letters
from img_crm.ui.models.attachments import AttachmentsModel
from img_crm.ui.models.contacts import ContactsModel
from img_crm.ui.models.own_columns import OwnFieldsModel
from img_crm.ui.models.programs import ProgramsModel
from img_crm.ui.models.records import ActivitiesModel, LettersModel
from img_crm.ui.models.season import (
    ApplicationsModel,
    InvitationsModel,
    LeftModel,
    RatingsModel,
    RulesModel,
    SignalsModel,
    rating_rows,
)
from img_crm.ui.models.table import RowTableModel
from img_crm.ui.ops import Ops
from img_crm.ui.views.duplicates_dialog import Pair, PairsModel


def test_contacts_model_passes_the_model_tester(qtmodeltester: ModelTester, demo_ops: Ops) -> None:
    model = ContactsModel()
    with demo_ops.reading() as session:
        contacts = contact_list(session)
    model.set_contacts(contacts, clock.today())
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
        contacts = contact_list(session)
    model.set_contacts(contacts, clock.today())
    total = model.rowCount()
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            assert model.rowCount() == total


def test_sort_by_stage_follows_the_ladder(demo_ops: Ops) -> None:
    model = ContactsModel()
    with demo_ops.reading() as session:
        contacts = contact_list(session)
    model.set_contacts(contacts, clock.today())
    model.sort(1, Qt.SortOrder.AscendingOrder)
    stages = [model.row_at(r).stage for r in range(model.rowCount())]
    order = ["cold", "warm", "mentor", "sponsor"]
    assert stages == sorted(stages, key=order.index)


def test_search_is_accent_and_case_insensitive(demo_ops: Ops) -> None:
    model = ContactsModel()
    with demo_ops.reading() as session:
        contacts = contact_list(session)
    model.set_contacts(contacts, clock.today())
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
        contacts = contact_list(session)
    model.set_contacts(contacts, clock.today())
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


def _all_models() -> set[type[RowTableModel[Any]]]:
    """Every table model in the GUI, found by importing every ui module."""
    import img_crm.ui

    for module in pkgutil.walk_packages(img_crm.ui.__path__, "img_crm.ui."):
        importlib.import_module(module.name)
    found: set[type[RowTableModel[Any]]] = set()
    todo = list(RowTableModel.__subclasses__())
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo += cls.__subclasses__()
    found.discard(OwnFieldsModel)  # a base: tested through the three tables below
    return found


def _filled(demo_ops: Ops) -> dict[type[RowTableModel[Any]], Callable[[Any], None]]:
    """Each model class and how the GUI fills it from the sample store."""
    with demo_ops.reading() as session:
        contacts = contact_list(session)
        rows = contacts.rows
        activities = list_activities(session)
        letters = list_letters(session)
        programs = program_view(session)
    with demo_ops.store.session() as session:  # a look-alike, so there is a pair
        add_contact(session, data={"name": rows[0].name, "institution": rows[0].institution})
    with demo_ops.reading() as session:
        found, by_id = likely_pairs(session)
    pairs = [Pair(by_id[m.first_id], by_id[m.second_id], m.score, m.reason) for m in found]
    assert pairs and activities and letters and programs.rows
    from img_crm.services.invitations import overview, receive
    from img_crm.services.ranking import board, rate
    from img_crm.services.signals import applications, mark_applied, planner

    with demo_ops.store.session() as session:  # the season, on any day the sample is for
        program_id = programs.rows[0].id
        mark_applied(session, program_id=program_id, on=clock.today())
        offered = datetime.combine(clock.today() + timedelta(days=20), time(9, 0))
        receive(session, program_id=program_id, respond_by=None, offered=[offered])
        rate(session, program_id=program_id, criterion="Visa", rating=4)
    with demo_ops.reading() as session:
        plan = planner(session)
        applied = applications(session).programs
        invitations, _clashes = overview(session)
        rated = rating_rows(board(session), "primary")
    assert plan.left and applied and invitations and rated
    from img_crm.domain.attachments import AttachmentKind, Owner, OwnerKind
    from img_crm.services.attachments import Picked, attach, listing, mark_sent

    khai = Owner(OwnerKind.CONTACT, rows[0].id)
    with demo_ops.store.session() as session:
        first, *_rest = attach(
            session,
            owner=khai,
            files=[Picked("CV v3.pdf", b"three"), Picked("Đặng — statement.docx", b"ps")],
            kind=None,
        )
        attach(
            session,
            owner=khai,
            files=[Picked("scan.png", b"x" * 5000)],
            kind=AttachmentKind.EVIDENCE,
        )
        mark_sent(session, attachment_id=first, contact_ids=[rows[1].id], program_ids=[program_id])
    with demo_ops.plain() as connection:
        files = listing(connection, owner=khai)
    assert len(files) == 3
    return {
        AttachmentsModel: lambda m: m.set_rows(files),
        ContactsModel: lambda m: m.set_contacts(contacts, clock.today()),
        ActivitiesModel: lambda m: m.set_rows(activities),
        LettersModel: lambda m: m.set_rows(letters),
        ProgramsModel: lambda m: m.set_programs(
            programs.rows, programs.statuses, programs.home_zone
        ),
        PairsModel: lambda m: m.set_rows(pairs),
        LeftModel: lambda m: m.set_rows(plan.left),
        SignalsModel: lambda m: m.set_signals(plan.programs, plan.warnings),
        ApplicationsModel: lambda m: m.set_rows(applied),
        InvitationsModel: lambda m: m.set_rows(invitations),
        RatingsModel: lambda m: m.set_rows(rated),
        RulesModel: lambda m: m.set_rows(list(DEFAULT_RULES)),
    }


MODELS = [
    AttachmentsModel,
    ContactsModel,
    ActivitiesModel,
    LettersModel,
    ProgramsModel,
    PairsModel,
    LeftModel,
    SignalsModel,
    ApplicationsModel,
    InvitationsModel,
    RatingsModel,
    RulesModel,
]


def test_every_table_model_is_tested() -> None:
    assert set(MODELS) == _all_models(), "a new model needs a line in _filled and MODELS"


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_each_table_model_passes_the_model_tester_empty_full_sorted_and_filtered(
    qtmodeltester: ModelTester, demo_ops: Ops, cls: type[RowTableModel[Any]]
) -> None:
    """The tester stays connected after ``check``: every later reset, sort and
    filter below is checked as it happens."""
    fill = _filled(demo_ops)[cls]
    model = cls()
    qtmodeltester.check(model, force_py=True)  # empty
    fill(model)
    full = model.rowCount()
    assert full > 0
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.DescendingOrder)
        model.sort(column, Qt.SortOrder.AscendingOrder)
    model.set_filter(lambda row: False)
    assert model.rowCount() == 0
    model.set_filter(None)
    assert model.rowCount() == full
    fill(model)  # a second load resets cleanly
    assert model.rowCount() == full
    if isinstance(model, OwnFieldsModel):  # the user's fields as columns, filtered
        _own_columns_and_filters(model, full)


def _own_columns_and_filters(model: OwnFieldsModel[Any], full: int) -> None:
    from img_crm.domain.custom_fields import FieldDef, FieldKind, RecordKind
    from img_crm.domain.field_filters import FieldFilter

    first = model.row_at(0).id
    mine = FieldDef(7, RecordKind.CONTACT, "Mine", FieldKind.NUMBER, (), 0)
    columns = model.columnCount()
    model.set_own([mine], {first: {7: "12"}})
    assert model.columnCount() == columns + 1
    model.sort(columns, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, columns)) == "12"
    model.set_field_filter(7, FieldFilter(mine, low="10"))
    assert [model.row_at(r).id for r in range(model.rowCount())] == [first]
    model.set_field_filter(7, FieldFilter(mine, no_value=True))
    assert model.rowCount() == full - 1
    model.set_own([], {})  # the field removed: its column and filter go
    assert model.columnCount() == columns and model.rowCount() == full
