"""Excel workbooks of every table that exports as CSV, read back with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from img_crm.errors import UserError
from img_crm.services import importer
from img_crm.services.csv_io import CONTACT_COLUMNS, export_contacts_csv
from img_crm.services.exports import Kind, export
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store


def _sheet(path: Path) -> list[list[object]]:
    book = openpyxl.load_workbook(path)
    (sheet,) = book.worksheets
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_contacts_cells_are_typed_and_formulas_stay_text(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        add_contact(
            session,
            data={
                "name": "Đặng Thị Hương",
                "phone": "+1 312 555 0100",
                "notes": '=HYPERLINK("http://example.org","click")\nsecond line',
                "first_contacted": date(2026, 3, 1),
                "us_based": True,
                "tags": ["alumni", "research"],
            },
        )
    target = tmp_path / "contacts.xlsx"
    with store.reading() as session:
        written = export(session, Kind.CONTACTS, target)
    assert written.count == 1 and target.stat().st_mode & 0o077 == 0
    header, row = _sheet(target)
    assert header == list(CONTACT_COLUMNS)
    cell = dict(zip(header, row, strict=True))
    assert cell["name"] == "Đặng Thị Hương"
    assert cell["phone"] == "+1 312 555 0100"  # text, not the number 13125550100
    assert cell["notes"] == '=HYPERLINK("http://example.org","click")\nsecond line'
    assert cell["first_contacted"] == datetime(2026, 3, 1)  # a date, not text
    assert cell["us_based"] is True and cell["id"] == 1
    assert cell["tags"] == "alumni, research"
    book = openpyxl.load_workbook(target)
    assert book.worksheets[0]["A2"].data_type == "n"
    assert book.worksheets[0].cell(2, header.index("notes") + 1).data_type == "s"  # not "f"


@pytest.mark.parametrize("kind", [Kind.ACTIVITIES, Kind.LETTERS, Kind.PROGRAMS, Kind.EXPERIENCES])
def test_every_table_kind_writes_a_workbook_with_the_csv_columns(
    demo_store: Store, tmp_path: Path, kind: Kind
) -> None:
    csv_file, xlsx_file = tmp_path / "t.csv", tmp_path / "t.xlsx"
    with demo_store.reading() as session:
        from_csv = export(session, kind, csv_file)
        from_xlsx = export(session, kind, xlsx_file)
    rows = _sheet(xlsx_file)
    import csv

    with open(csv_file, encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.reader(handle))
    assert rows[0] == csv_rows[0] and from_csv.count == from_xlsx.count == len(rows) - 1
    assert len(rows) > 1


def test_a_note_longer_than_a_cell_holds_is_refused_not_cut(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        add_contact(session, data={"name": "Ana Lima", "notes": "x" * 40_000})
    target = tmp_path / "contacts.xlsx"
    with (
        pytest.raises(UserError, match=r"^Row 1, column notes: 40,000 characters"),
        store.reading() as session,
    ):
        export(session, Kind.CONTACTS, target)
    assert not target.exists() and [p.name for p in tmp_path.iterdir()] == ["data"]


def test_a_spreadsheet_safe_csv_reads_back_without_its_apostrophes(
    store: Store, tmp_path: Path
) -> None:
    with store.session() as session:
        add_contact(session, data={"name": "Ana Lima", "phone": "+1 312 555 0100", "notes": "-tbd"})
    safe = tmp_path / "safe.csv"
    with store.reading() as session:
        export_contacts_csv(session, safe, safe=True)
    assert "'+1 312 555 0100" in safe.read_text(encoding="utf-8-sig")
    # Only the user knows which export a file is: a plain one may hold a value
    # that starts with "'", which must come back as it was.
    plain = importer.read(safe).records[0]
    assert plain.data["phone"] == "'+1 312 555 0100"
    loaded = importer.read(safe, unprotect=True)
    fmt, records = loaded.format, loaded.records
    (record,) = records
    assert record.data["phone"] == "+1 312 555 0100" and record.data["notes"] == "-tbd"
    from img_crm.services.import_formats import looks_spreadsheet_safe

    assert looks_spreadsheet_safe(safe.read_text(encoding="utf-8-sig"))
    fresh = tmp_path / "other"
    from img_crm.store.db import open_store

    other = open_store(fresh)
    with other.session() as session:
        importer.apply(session, importer.plan(session, records, source="safe.csv", fmt=fmt))
    with other.reading() as session:
        (row,) = list_contacts(session)
    other.close()
    assert row.phone == "+1 312 555 0100"


@pytest.mark.parametrize(
    ("kind", "name", "allowed"),
    [
        (Kind.EVIDENCE, "e.docx", ".pdf or .html or .htm"),
        (Kind.CONTACTS, "c.pdf", ".csv or .xlsx"),
        (Kind.VCARD, "c.csv", ".vcf or .vcard"),
        (Kind.ICS, "c.xlsx", ".ics"),
    ],
)
def test_a_file_name_that_would_lie_about_its_format_is_refused(
    demo_store: Store, tmp_path: Path, kind: Kind, name: str, allowed: str
) -> None:
    target = tmp_path / name
    with pytest.raises(UserError) as refused, demo_store.reading() as session:
        export(session, kind, target, contact_id=1)
    assert f"is written as {allowed}; give the file that ending." in str(refused.value)
    assert not target.exists()


def test_the_save_dialogs_filter_gives_a_bare_name_its_ending() -> None:
    from img_crm.ui.transfers import suffix_of

    assert suffix_of("Excel workbook (*.xlsx)", ".csv") == ".xlsx"
    assert suffix_of("CSV files (*.csv)", ".xlsx") == ".csv"
    assert suffix_of("", ".csv") == ".csv"
