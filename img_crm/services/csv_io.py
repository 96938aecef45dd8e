"""Contacts as CSV: UTF-8 with a BOM (so Excel detects it), RFC 4180 quoting, CRLF.

The columns are documented in ``docs/csv-format.md``; import (a later issue)
reads exactly what this writes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import partial
from itertools import count
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from img_crm.domain import contact_points
from img_crm.domain.rows import ActivityRow, ContactRow, LetterRow
from img_crm.services.atomic import atomic_text_writer
from img_crm.store.contact_rows import contact_cells
from img_crm.store.driver import Source

if TYPE_CHECKING:
    from img_crm.services.custom_fields import OwnColumns

CONTACT_COLUMNS = (
    "id",
    "name",
    "given_name",
    "family_name",
    "name_suffix",
    "address_as",
    "title",
    "role",
    "institution",
    "department",
    "specialty",
    "email",
    "phone",
    "emails",
    "phones",
    "websites",
    "linkedin_url",
    "pubmed_url",
    "us_based",
    "timezone",
    "stage",
    "first_contacted",
    "connected_on",
    "last_interaction",
    "next_follow_up",
    "tags",
    "notes",
    "created_at",
    "updated_at",
)

#: The columns of exports from img-crm 0.1 (no name parts, department,
#: connected_on or lists of emails, phones and web addresses): read as our own too.
EARLIER_CONTACT_COLUMNS = tuple(
    c
    for c in CONTACT_COLUMNS
    if c
    not in (
        "connected_on",
        "department",
        "given_name",
        "family_name",
        "name_suffix",
        "address_as",
        "emails",
        "phones",
        "websites",
    )
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """Prefix ``'`` to a cell Excel or LibreOffice would run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unprotected(cell: str) -> str:
    """A ``spreadsheet_safe`` cell as it was: the protecting ``'`` taken off."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


#: Columns that hold all of one kind of a contact's points, as ``label: value`` lines.
POINT_COLUMNS = {column: kind for kind, column in contact_points.COLUMNS.items()}
_CONTACT_VALUES = attrgetter(*("points" if c in POINT_COLUMNS else c for c in CONTACT_COLUMNS))


def _day_cell(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _stamp_cell(value: datetime | None) -> str:
    return "" if value is None else value.isoformat(sep=" ", timespec="seconds")


# Only these columns hold anything but text; each gets the one conversion it
# needs (what _cell would choose, without testing every type for every cell).
_CONTACT_CONVERSIONS: dict[str, Callable[[Any], str]] = {
    "id": str,
    "us_based": _cell,
    "first_contacted": _day_cell,
    "connected_on": _day_cell,
    "last_interaction": _day_cell,
    "next_follow_up": _day_cell,
    "tags": ", ".join,
    **{column: partial(contact_points.lines, kind=kind) for column, kind in POINT_COLUMNS.items()},
    "created_at": _stamp_cell,
    "updated_at": _stamp_cell,
}
_CONTACT_CONVERTED = [
    (n, _CONTACT_CONVERSIONS[column])
    for n, column in enumerate(CONTACT_COLUMNS)
    if column in _CONTACT_CONVERSIONS
]


def contact_record(row: ContactRow) -> list[str]:
    """One contact as CSV cells, in ``CONTACT_COLUMNS`` order (fetched in one call
    and converted only where needed: exports of 100,000 rows feel it)."""
    cells = list(_CONTACT_VALUES(row))
    for n, convert in _CONTACT_CONVERTED:
        cells[n] = convert(cells[n])
    return cells


def write_table_csv(
    header: Sequence[str],
    records: Iterable[Sequence[str]],
    destination: Path,
    *,
    safe: bool = False,
) -> int:
    """Write a header and records atomically (UTF-8 with BOM, RFC 4180, CRLF)."""
    if safe:
        records = ([spreadsheet_safe(c) for c in record] for record in records)
    counter = count()
    # Counted as they pass, without a Python loop: zip draws one number per
    # record, and `writerows` takes them all in C (a tenth of an export's time).
    with atomic_text_writer(destination, encoding="utf-8", newline="") as handle:
        # The BOM by hand: Python's utf-8-sig encoder runs in Python for each
        # row written, plain UTF-8 in C, and the bytes are the same.
        handle.write("\ufeff")
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        # zip stops at the records' end: the counter never ends.
        writer.writerows(map(itemgetter(0), zip(records, counter, strict=False)))
    return next(counter)


def export_contacts_csv(session: Source, destination: Path, *, safe: bool = False) -> int:
    """Every contact of the store, atomically; return how many. Cells come
    formatted from SQLite (see ``store.contact_rows.contact_cells``): as fast as a
    raw cursor, which matters at 100,000 contacts. Fields of the user's own
    follow, one column each, named as the user named them."""
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.services.custom_fields import cells_of, headers, own_columns

    cells = contact_cells(session, columns=CONTACT_COLUMNS)
    own = own_columns(session, record=RecordKind.CONTACT)
    if own is None:
        return write_table_csv(CONTACT_COLUMNS, cells, destination, safe=safe)
    return write_table_csv(
        [*CONTACT_COLUMNS, *headers(own)],
        ([*row, *cells_of(own, int(row[0]))] for row in cells),
        destination,
        safe=safe,
    )


def write_contacts_csv(rows: Iterable[ContactRow], destination: Path, *, safe: bool = False) -> int:
    """Write contacts atomically; return how many rows were written."""
    return write_table_csv(CONTACT_COLUMNS, map(contact_record, rows), destination, safe=safe)


ACTIVITY_COLUMNS = (
    "id",
    "occurred_on",
    "kind",
    "contact_id",
    "contact",
    "program_id",
    "program",
    "hours",
    "exposure",
    "setting",
    "description",
    "outcome",
)
LETTER_COLUMNS = (
    "id",
    "writer_id",
    "writer",
    "letter_type",
    "specialty",
    "status",
    "status_since",
    "waived",
    "programs",
    "notes",
)


_ACTIVITY_VALUES = attrgetter(
    *({"contact": "contact_name", "program": "program_name"}.get(c, c) for c in ACTIVITY_COLUMNS)
)
_LETTER_VALUES = attrgetter(*({"writer": "writer_name"}.get(c, c) for c in LETTER_COLUMNS))


_POINT_AT = [(n, POINT_COLUMNS[c]) for n, c in enumerate(CONTACT_COLUMNS) if c in POINT_COLUMNS]


def contact_values(row: ContactRow) -> list[Any]:
    """A contact's values in ``CONTACT_COLUMNS`` order, typed (for a workbook)."""
    values = list(_CONTACT_VALUES(row))
    for n, kind in _POINT_AT:
        values[n] = contact_points.lines(values[n], kind)
    return values


def activity_values(row: ActivityRow) -> list[Any]:
    """An activity's values in ``ACTIVITY_COLUMNS`` order, typed."""
    return list(_ACTIVITY_VALUES(row))


def letter_values(row: LetterRow) -> list[Any]:
    """A letter's values in ``LETTER_COLUMNS`` order, typed."""
    return list(_LETTER_VALUES(row))


def write_activities_csv(rows: Iterable[ActivityRow], destination: Path) -> int:
    return write_table_csv(
        ACTIVITY_COLUMNS, ([_cell(v) for v in activity_values(r)] for r in rows), destination
    )


def write_letters_csv(
    rows: Iterable[LetterRow], destination: Path, own: OwnColumns | None = None
) -> int:
    """The letters; ``own``: the fields of the user's own, a column each."""
    from img_crm.services.custom_fields import cells_of, headers

    return write_table_csv(
        [*LETTER_COLUMNS, *headers(own)],
        ([*(_cell(v) for v in letter_values(r)), *cells_of(own, r.id)] for r in rows),
        destination,
    )
