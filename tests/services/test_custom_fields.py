"""Fields of the user's own (#24) on a real store: defined with a name of
their own, values checked for their kind and stored in one form, sorted as
their kind sorts, kept by undo, merges and a JSON round trip, and refused
with the field's name when wrong."""

from __future__ import annotations

from datetime import date

import pytest

from img_crm.domain.custom_fields import (
    FieldDef,
    FieldKind,
    RecordKind,
    name_problem,
    parse_value,
    sort_value,
)
from img_crm.errors import UserError, ValidationError
from img_crm.services import custom_fields as service
from img_crm.store import custom_fields as rows
from img_crm.store.db import Store

CONTACT = RecordKind.CONTACT


def _field(kind: FieldKind, choices: tuple[str, ...] = ()) -> FieldDef:
    return FieldDef(1, CONTACT, "F", kind, choices, 0)


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        (FieldKind.TEXT, "  J-1   waiver  ", "J-1 waiver"),
        (FieldKind.NUMBER, "12.50", "12.5"),
        (FieldKind.NUMBER, "1,234", "1234"),
        (FieldKind.NUMBER, "-3", "-3"),
        (FieldKind.DATE, "2026-11-02", "2026-11-02"),
        (FieldKind.YES_NO, "Yes", "yes"),
        (FieldKind.YES_NO, "no", "no"),
        (FieldKind.YES_NO, "", None),
        (FieldKind.TEXT, "   ", None),
    ],
)
def test_each_kind_stores_one_form(kind: FieldKind, typed: str, stored: str | None) -> None:
    assert parse_value(_field(kind), typed) == stored


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        (FieldKind.NUMBER, "lots", "must be a number, such as 12 or 3.5"),
        (FieldKind.NUMBER, "inf", "must be a number from"),
        (FieldKind.NUMBER, "1e20", "must be a number from"),
        (FieldKind.DATE, "02/11/2026", "must be a date such as 2026-11-02"),
        (FieldKind.DATE, "9999-01-01", "must be a date from 1900-01-01"),
        (FieldKind.YES_NO, "maybe", "must be yes or no"),
        (FieldKind.TEXT, "a\x00b", "holds a control character"),
        (FieldKind.CHOICE, "O-1", "must be one of J-1, H-1B"),
    ],
)
def test_a_value_that_does_not_fit_says_why(kind: FieldKind, typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_value(_field(kind, ("J-1", "H-1B")), typed)


def test_a_choice_is_matched_whatever_its_case_and_sorts_in_its_order() -> None:
    field = _field(FieldKind.CHOICE, ("None needed", "J-1", "H-1B"))
    assert parse_value(field, "h-1b") == "H-1B"
    assert sorted(["H-1B", None, "None needed", "J-1"], key=lambda v: sort_value(field, v)) == [
        "None needed",
        "J-1",
        "H-1B",
        None,
    ]
    numbers = _field(FieldKind.NUMBER)
    assert sorted(["10", "9", None, "-1.5"], key=lambda v: sort_value(numbers, v)) == [
        "-1.5",
        "9",
        "10",
        None,
    ]


@pytest.mark.parametrize(
    "name", ["Stage", "stage", "Tags", "linkedin_url", "LinkedIn URL", "first-contacted", "Files"]
)
def test_a_name_of_a_built_in_field_is_refused(name: str) -> None:
    assert name_problem(CONTACT, name) == "is already one of the contact's own fields"


def test_names_of_any_script_are_kept_and_compared_folded() -> None:
    assert name_problem(CONTACT, "Ngày phỏng vấn") is None
    assert name_problem(CONTACT, "ngay phong van", others=["Ngày phỏng vấn"]) == (
        "is already the name of one of your contact fields"
    )
    assert name_problem(RecordKind.PROGRAM, "Stage") is None  # a program has no stage
    assert "spreadsheet" in str(name_problem(CONTACT, "=SUM(A1)"))


def test_defining_setting_and_reading_values_by_name(demo_store: Store) -> None:
    with demo_store.session() as session:
        visa = service.define(
            session,
            record=CONTACT,
            name="Visa status",
            kind=FieldKind.CHOICE,
            choices=["J-1", "H-1B", " j-1 ", ""],
        )
        service.define(session, record=CONTACT, name="Hours together", kind=FieldKind.NUMBER)
        service.set_by_name(
            session,
            record=CONTACT,
            record_id=1,
            values={"visa status": "h-1b", "HOURS_TOGETHER": "76.50"},
        )
    with demo_store.plain() as connection:
        fields = rows.list_fields(connection, record=CONTACT)
        shown = service.values_json(connection, record=CONTACT, record_id=1)
    assert [(f.name, f.choices) for f in fields] == [
        ("Visa status", ("J-1", "H-1B")),
        ("Hours together", ()),
    ]
    assert shown == {"Visa status": "H-1B", "Hours together": "76.5"}
    with demo_store.session() as session, pytest.raises(ValidationError) as refused:
        service.set_by_name(
            session,
            record=CONTACT,
            record_id=1,
            values={"Visa status": "J-1", "Hours together": "x"},
        )
    assert refused.value.errors == {"Hours together": "must be a number, such as 12 or 3.5"}
    with demo_store.plain() as connection:  # nothing of the refused change was written
        assert service.values_json(connection, record=CONTACT, record_id=1)["Visa status"] == "H-1B"
    with demo_store.session() as session:
        service.set_by_name(session, record=CONTACT, record_id=1, values={"Visa status": ""})
        # H-1B may go: nobody holds it any more
        rows.change_field(session, field_id=visa, name="Visa", choices=["J-1", "O-1"])
    with demo_store.plain() as connection:
        assert service.values_json(connection, record=CONTACT, record_id=1) == {
            "Hours together": "76.5"
        }
        assert rows.get_field(connection, field_id=visa).choices == ("J-1", "O-1")


def test_a_choice_someone_holds_cannot_be_taken_away(demo_store: Store) -> None:
    with demo_store.session() as session:
        visa = service.define(
            session, record=CONTACT, name="Visa", kind=FieldKind.CHOICE, choices=["J-1", "H-1B"]
        )
        service.set_by_name(session, record=CONTACT, record_id=2, values={"Visa": "J-1"})
    with demo_store.session() as session, pytest.raises(ValidationError) as refused:
        rows.change_field(session, field_id=visa, choices=["H-1B", "O-1"])
    assert refused.value.errors["choices"] == "'J-1' is the value of 1 contact; change those first"


def test_removing_a_field_removes_its_values_and_deleting_a_record_its_own(
    demo_store: Store,
) -> None:
    from img_crm.store.contacts import delete_contacts

    with demo_store.session() as session:
        note = service.define(session, record=CONTACT, name="Met at", kind=FieldKind.TEXT)
        for contact in (1, 2, 3):
            service.set_by_name(
                session, record=CONTACT, record_id=contact, values={"Met at": "ACP 2026"}
            )
        delete_contacts(session, contact_ids=[3])
    with demo_store.plain() as connection:
        assert sorted(rows.values_of(connection, record=CONTACT)) == [1, 2]
    with demo_store.session() as session:
        assert rows.remove_field(session, field_id=note) == 2
    with demo_store.plain() as connection:
        assert rows.values_of(connection, record=CONTACT) == {}


def test_undo_and_merge_keep_the_values(demo_store: Store) -> None:
    from img_crm.store import snapshots
    from img_crm.store.contacts import delete_contacts
    from img_crm.store.merge import merge_contacts

    with demo_store.session() as session:
        service.define(session, record=CONTACT, name="Met at", kind=FieldKind.TEXT)
        service.define(session, record=CONTACT, name="Visa", kind=FieldKind.TEXT)
        service.set_by_name(session, record=CONTACT, record_id=1, values={"Met at": "ACP"})
        service.set_by_name(
            session, record=CONTACT, record_id=2, values={"Met at": "SHM", "Visa": "J-1"}
        )
        before = snapshots.capture(session, contact_ids=[2])
        delete_contacts(session, contact_ids=[2])
        snapshots.restore(session, snapshot=before, current_ids=[])
    with demo_store.plain() as connection:
        assert service.values_json(connection, record=CONTACT, record_id=2) == {
            "Met at": "SHM",
            "Visa": "J-1",
        }
    with demo_store.session() as session:
        merge_contacts(session, keep_id=1, other_id=2)
    with demo_store.plain() as connection:  # the kept contact's own value stays; the rest come
        assert service.values_json(connection, record=CONTACT, record_id=1) == {
            "Met at": "ACP",
            "Visa": "J-1",
        }  # (the other's "SHM" went to the notes: test_a_merge_keeps_a_clashing_value_in_the_notes)


def test_values_go_through_the_json_export_and_back(demo_store: Store, tmp_path: object) -> None:
    from pathlib import Path

    from img_crm.services.json_io import restore_store_json, store_document
    from img_crm.store.db import open_store

    assert isinstance(tmp_path, Path)
    with demo_store.session() as session:
        service.define(session, record=RecordKind.PROGRAM, name="Offered", kind=FieldKind.YES_NO)
        service.define(session, record=RecordKind.LETTER, name="Asked on", kind=FieldKind.DATE)
        service.set_by_name(
            session, record=RecordKind.PROGRAM, record_id=1, values={"Offered": "y"}
        )
        service.set_by_name(
            session, record=RecordKind.LETTER, record_id=1, values={"Asked on": "2026-10-01"}
        )
        document = store_document(session)
    target = open_store(tmp_path / "target")
    try:
        with target.session() as session:
            restore_store_json(session, document)
        with target.plain() as connection:
            assert service.values_json(connection, record=RecordKind.PROGRAM, record_id=1) == {
                "Offered": "yes"
            }
            assert rows.values_of(connection, record=RecordKind.LETTER)[1] == {2: "2026-10-01"}
    finally:
        target.close()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("custom_value", "value", "maybe"), "column value: must be yes or no"),
        (("custom_value", "value", "Yes"), "column value: is not in the form img-crm stores it"),
        (("custom_field", "name", "Tier"), "column name: is already one of the program's"),
        (("custom_field", "kind", "colour"), "column kind: must be one of text, number"),
    ],
)
def test_a_hand_edited_field_or_value_in_a_json_export_is_refused(
    demo_store: Store, tmp_path: object, edit: tuple[str, str, str], message: str
) -> None:
    from pathlib import Path

    from img_crm.services.json_io import restore_store_json, store_document
    from img_crm.store.db import open_store

    assert isinstance(tmp_path, Path)
    with demo_store.session() as session:
        service.define(session, record=RecordKind.PROGRAM, name="Offered", kind=FieldKind.YES_NO)
        service.set_by_name(
            session, record=RecordKind.PROGRAM, record_id=1, values={"Offered": "y"}
        )
        document = store_document(session)
    table, column, value = edit
    content = document["tables"][table]
    content["rows"][0][content["columns"].index(column)] = value
    target = open_store(tmp_path / "target")
    try:
        with target.session() as session, pytest.raises(UserError) as refused:
            restore_store_json(session, document)
        assert message in str(refused.value) and "nothing was restored" in str(refused.value)
    finally:
        target.close()


def test_a_value_on_a_record_that_is_gone_is_named(demo_store: Store) -> None:
    with demo_store.session() as session:
        service.define(session, record=RecordKind.LETTER, name="Asked on", kind=FieldKind.DATE)
        with pytest.raises(UserError, match="There is no letter with id 999"):
            service.set_by_name(
                session,
                record=RecordKind.LETTER,
                record_id=999,
                values={"Asked on": date(2026, 1, 1).isoformat()},
            )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("-0.0000001", "-0.0000001"),
        ("-0", "0"),
        ("0.0000004", "0.0000004"),
        ("3.14159265", "3.14159265"),
    ],
)
def test_a_number_keeps_every_digit_and_a_zero_has_no_sign(typed: str, stored: str) -> None:
    field = _field(FieldKind.NUMBER)
    assert parse_value(field, typed) == stored
    assert parse_value(field, stored) == stored  # the stored form reads back as itself


def test_a_name_a_vcard_or_a_file_cannot_carry_is_refused(demo_store: Store) -> None:
    assert name_problem(CONTACT, 'He said "hi"') == 'must not hold a " (a vCard could not carry it)'
    with demo_store.session() as session:
        for record, name in (
            (RecordKind.PROGRAM, "Specialty"),
            (RecordKind.PROGRAM, "flag no visa"),
            (RecordKind.LETTER, "Status since"),
        ):
            with pytest.raises(ValidationError, match="already one of the"):
                service.define(session, record=record, name=name, kind=FieldKind.TEXT)


def test_a_merge_keeps_a_clashing_value_in_the_notes(demo_store: Store) -> None:
    from img_crm.store.contact_rows import get_contact
    from img_crm.store.merge import merge_contacts

    with demo_store.session() as session:
        service.define(session, record=CONTACT, name="Visa", kind=FieldKind.TEXT)
        service.set_by_name(session, record=CONTACT, record_id=1, values={"Visa": "H-1B"})
        service.set_by_name(session, record=CONTACT, record_id=2, values={"Visa": "J-1"})
        merge_contacts(session, keep_id=1, other_id=2)
        kept = get_contact(session, contact_id=1)
    assert kept.notes.splitlines()[-1] == "Visa (of the merged record): J-1"
    with demo_store.plain() as connection:
        assert service.values_json(connection, record=CONTACT, record_id=1) == {"Visa": "H-1B"}
