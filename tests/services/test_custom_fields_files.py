"""Fields of the user's own in files (#24): a column each in the CSV and xlsx
exports of contacts, programs and letters, ``X-IMG-CRM-FIELD`` lines in
vCards, and read back by the contacts import (an unknown name is said and
left out; a value that does not fit is an invalid row)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from img_crm.domain.custom_fields import FieldKind, RecordKind
from img_crm.services import custom_fields as service
from img_crm.services import importer
from img_crm.services.exports import Kind, export
from img_crm.store.db import Store, open_store

CONTACT = RecordKind.CONTACT


def _fields(store: Store) -> None:
    with store.session() as session:
        service.define(
            session,
            record=CONTACT,
            name="Visa status",
            kind=FieldKind.CHOICE,
            choices=["J-1", "H-1B"],
        )
        service.define(session, record=CONTACT, name="Hours together", kind=FieldKind.NUMBER)
        service.define(session, record=CONTACT, name="Met on", kind=FieldKind.DATE)
        service.define(
            session, record=RecordKind.PROGRAM, name="Interview offered", kind=FieldKind.YES_NO
        )
        service.set_by_name(
            session,
            record=CONTACT,
            record_id=1,
            values={"Visa status": "J-1", "Hours together": "76.5", "Met on": "2026-03-01"},
        )
        service.set_by_name(
            session, record=RecordKind.PROGRAM, record_id=1, values={"Interview offered": "yes"}
        )


def _import(store: Store, path: Path) -> importer.ImportPlan:
    loaded = importer.read(path)
    with store.session() as session:
        plan = importer.plan(session, loaded.records, source=path.name, fmt=loaded.format)
        importer.apply(session, plan, skip_invalid=True)
    return plan


def _values(store: Store, name: str) -> dict[str, str]:
    with store.plain() as connection:
        (ident,) = connection.execute("SELECT id FROM contact WHERE name = ?", (name,)).fetchone()
        return service.values_json(connection, record=CONTACT, record_id=ident)


def test_the_contacts_csv_carries_the_fields_and_reads_them_back(
    demo_store: Store, tmp_path: Path
) -> None:
    _fields(demo_store)
    with demo_store.plain() as connection:
        export(connection, Kind.CONTACTS, tmp_path / "contacts.csv")
    text = (tmp_path / "contacts.csv").read_text(encoding="utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.endswith(",notes,created_at,updated_at,Visa status,Hours together,Met on")
    assert first.endswith(",J-1,76.5,2026-03-01")
    target = open_store(tmp_path / "target")
    try:
        with target.session() as session:  # only two of the three are defined there
            service.define(session, record=CONTACT, name="visa status", kind=FieldKind.TEXT)
            service.define(session, record=CONTACT, name="Hours together", kind=FieldKind.NUMBER)
        plan = _import(target, tmp_path / "contacts.csv")
        assert plan.unknown_fields == ["Met on"]
        assert plan.unknown_sentence() == (
            "Not imported: Met on (no contact field of yours has that name; define one in "
            "Settings, or with img-crm fields define, and import again to have them)."
        )
        assert _values(target, "Margaret Hughes") == {
            "visa status": "J-1",
            "Hours together": "76.5",
        }
    finally:
        target.close()


def test_a_value_that_does_not_fit_its_field_is_an_invalid_row(tmp_path: Path) -> None:
    """A small file of our own: our export's columns, then a field, with one
    row whose value is not a number."""
    from img_crm.services.csv_io import CONTACT_COLUMNS

    rows = [
        [*("" for _ in CONTACT_COLUMNS), "12"],
        [*("" for _ in CONTACT_COLUMNS), "twelve"],
    ]
    name = CONTACT_COLUMNS.index("name")
    rows[0][name], rows[1][name] = "Ana Lima", "Bo Chen"
    lines = [",".join([*CONTACT_COLUMNS, "Hours together"]), *(",".join(r) for r in rows)]
    path = tmp_path / "own.csv"
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    store = open_store(tmp_path / "data")
    try:
        with store.session() as session:
            service.define(session, record=CONTACT, name="Hours together", kind=FieldKind.NUMBER)
        plan = _import(store, path)
        (bad,) = plan.invalid
        assert bad.sentence("own.csv") == (
            "own.csv, line 3, field Hours together: must be a number, such as 12 or 3.5."
        )
        assert _values(store, "Ana Lima") == {"Hours together": "12"}
    finally:
        store.close()


def test_vcards_carry_the_fields_as_x_properties(demo_store: Store, tmp_path: Path) -> None:
    _fields(demo_store)
    with demo_store.reading() as session:
        export(session, Kind.VCARD, tmp_path / "all.vcf")
    text = (tmp_path / "all.vcf").read_text(encoding="utf-8")
    assert "X-IMG-CRM-FIELD;X-NAME=Visa status:J-1\n" in text
    assert "X-IMG-CRM-FIELD;X-NAME=Met on:2026-03-01\n" in text
    target = open_store(tmp_path / "target")
    try:
        with target.session() as session:
            service.define(
                session,
                record=CONTACT,
                name="Visa status",
                kind=FieldKind.CHOICE,
                choices=["J-1", "H-1B"],
            )
            service.define(session, record=CONTACT, name="Met on", kind=FieldKind.DATE)
        plan = _import(target, tmp_path / "all.vcf")
        assert plan.unknown_fields == ["Hours together"]
        assert _values(target, "Margaret Hughes") == {"Visa status": "J-1", "Met on": "2026-03-01"}
    finally:
        target.close()


def test_workbooks_type_the_fields_and_programs_have_theirs(
    demo_store: Store, tmp_path: Path
) -> None:
    import openpyxl

    _fields(demo_store)
    with demo_store.reading() as session:
        export(session, Kind.CONTACTS, tmp_path / "contacts.xlsx")
        export(session, Kind.PROGRAMS, tmp_path / "programs.csv")
        export(session, Kind.PROGRAMS, tmp_path / "programs.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "contacts.xlsx").active
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert header[-3:] == ["Visa status", "Hours together", "Met on"]
    assert first["Hours together"] == 76.5 and first["Visa status"] == "J-1"
    assert first["Met on"].date() == date(2026, 3, 1)
    programs = (tmp_path / "programs.csv").read_text(encoding="utf-8-sig").splitlines()
    assert programs[0].endswith(",notes,Interview offered")
    assert sum(line.endswith(",yes") for line in programs[1:]) == 1
    book = openpyxl.load_workbook(tmp_path / "programs.xlsx").active
    assert [c.value for c in book[1]][-1] == "Interview offered"


@pytest.mark.parametrize("kind", [Kind.CONTACTS, Kind.VCARD])
def test_without_fields_the_files_are_as_before(
    demo_store: Store, tmp_path: Path, kind: Kind
) -> None:
    from img_crm.services.csv_io import CONTACT_COLUMNS

    target = tmp_path / ("all.csv" if kind is Kind.CONTACTS else "all.vcf")
    with demo_store.reading() as session:
        export(session, kind, target)
    text = target.read_text(encoding="utf-8-sig")
    if kind is Kind.CONTACTS:
        assert text.splitlines()[0] == ",".join(CONTACT_COLUMNS)
    else:
        assert "X-IMG-CRM" not in text


def test_the_programs_csv_reads_its_fields_back(demo_store: Store, tmp_path: Path) -> None:
    from img_crm.services.program_csv import import_programs, read_programs_csv

    _fields(demo_store)
    with demo_store.reading() as session:
        export(session, Kind.PROGRAMS, tmp_path / "programs.csv")
    target = open_store(tmp_path / "target")
    try:
        records = read_programs_csv(tmp_path / "programs.csv")
        with target.session() as session, pytest.raises(Exception) as refused:
            import_programs(session, records=records)
        assert "unknown column 'Interview offered'" in str(refused.value)
        assert "your program fields (none yet)" in str(refused.value)
        with target.session() as session:
            service.define(
                session, record=RecordKind.PROGRAM, name="Interview offered", kind=FieldKind.YES_NO
            )
        with target.session() as session:
            done = import_programs(session, records=records)
        assert len(done.add) == len(records)
        with target.plain() as connection:
            values = service.columns(connection, record=RecordKind.PROGRAM)[1]
        assert sorted(v for mine in values.values() for v in mine.values()) == ["yes"]
        with target.session() as session:  # again: nothing new
            again = import_programs(session, records=read_programs_csv(tmp_path / "programs.csv"))
        assert (len(again.add), len(again.update)) == (0, 0)
    finally:
        target.close()
