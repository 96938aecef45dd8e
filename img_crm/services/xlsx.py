"""Every table that exports as CSV, as an Excel workbook with typed cells.

A spreadsheet opens a workbook the same way everywhere, where a CSV depends
on the program: LibreOffice's default CSV import ignores the byte-order mark
and garbles every name not in Latin script, and a "spreadsheet-safe" CSV
shows its protecting ``'`` in every phone number. Here text is written as
text (``+1 312 555 0100`` and ``=HYPERLINK(…)`` are shown, never run), dates
as dates, numbers as numbers, yes/no as booleans. Written by XlsxWriter into
memory, then atomically to the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from img_crm.errors import UserError
from img_crm.services.atomic import atomic_write_bytes

#: The longest text a spreadsheet cell holds (Excel's limit).
MAX_CELL = 32_767


def write_xlsx(
    destination: Path, sheet: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """One sheet: a bold, frozen header with filters, then a row per record.
    Returns the number of rows. A text longer than a cell holds is refused
    (naming its row and column) rather than cut."""
    import xlsxwriter  # loaded only for this export

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    header = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    page = book.add_worksheet(sheet[:31])
    widths = [len(c) for c in columns]
    for column, name in enumerate(columns):
        page.write_string(0, column, name, header)
    count = 0
    for count, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            _write_cell(page, count, column, value, (day, moment, wrap), columns[column])
            shown = len(str(value)) if value is not None else 0
            widths[column] = max(widths[column], min(shown, 60))
    for column, width in enumerate(widths):
        page.set_column(column, column, width + 2)
    page.freeze_panes(1, 0)
    page.autofilter(0, 0, max(count, 1), len(columns) - 1)
    book.close()
    atomic_write_bytes(destination, buffer.getvalue())
    return count


def _write_cell(
    page: Any, row: int, column: int, value: Any, formats: tuple[Any, Any, Any], name: str
) -> None:
    day, moment, wrap = formats
    if value is None or value == "":
        return
    if isinstance(value, bool):
        page.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        page.write_number(row, column, value)
    elif isinstance(value, datetime):
        naive = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        page.write_datetime(row, column, naive, moment)
    elif isinstance(value, date):
        page.write_datetime(row, column, datetime(value.year, value.month, value.day), day)
    else:
        text = ", ".join(value) if isinstance(value, tuple) else str(value)
        if len(text) > MAX_CELL:
            raise UserError(
                f"Row {row}, column {name}: {len(text):,} characters, more than a spreadsheet "
                f"cell holds ({MAX_CELL:,}); nothing was written. Export it as CSV instead."
            )
        page.write_string(row, column, text, wrap if "\n" in text else None)


def table(session: Session, kind: str) -> tuple[str, Sequence[str], list[list[Any]]]:
    """(sheet name, columns, typed rows) of a table that exports as CSV, in the
    CSV's columns and order; contacts, letters and programs end with the
    fields of the user's own."""
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.services import csv_io, experiences
    from img_crm.services.custom_fields import headers, own_columns, typed_cells_of
    from img_crm.services.program_csv import PROGRAM_COLUMNS, program_values
    from img_crm.store.activities import list_activities
    from img_crm.store.contact_rows import list_contacts
    from img_crm.store.letters import list_letters
    from img_crm.store.programs import list_program_rows

    if kind == "activities":
        rows = list_activities(session)
        return "Activities", csv_io.ACTIVITY_COLUMNS, [csv_io.activity_values(r) for r in rows]
    if kind == "experiences":
        found = experiences.load_experiences(session)
        return (
            "Experiences",
            experiences.EXPERIENCE_COLUMNS,
            [experiences.experience_values(x) for x in found],
        )
    records: list[tuple[int, list[Any]]]
    columns: Sequence[str]
    if kind == "contacts":
        record, sheet, columns = RecordKind.CONTACT, "Contacts", csv_io.CONTACT_COLUMNS
        records = [(r.id, csv_io.contact_values(r)) for r in list_contacts(session)]
    elif kind == "letters":
        record, sheet, columns = RecordKind.LETTER, "Letters", csv_io.LETTER_COLUMNS
        records = [(r.id, csv_io.letter_values(r)) for r in list_letters(session)]
    else:
        record, sheet, columns = RecordKind.PROGRAM, "Programs", PROGRAM_COLUMNS
        records = [(r.id, program_values(r)) for r in list_program_rows(session)]
    own = own_columns(session, record=record)
    return (
        sheet,
        [*columns, *headers(own)],
        [[*values, *typed_cells_of(own, ident)] for ident, values in records],
    )
