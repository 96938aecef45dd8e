"""Readers for the files people's contacts already live in.

Each reader turns a file into ``ImportRecord`` rows (the file line where the
record starts, and contact fields in our own names). Nothing here touches the
store: checking and writing are the importer's job.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from img_crm.domain import contact_points
from img_crm.domain.names import full_name
from img_crm.errors import UserError
from img_crm.services.csv_io import (
    CONTACT_COLUMNS,
    EARLIER_CONTACT_COLUMNS,
    FORMULA_STARTS,
    POINT_COLUMNS,
    unprotected,
)


class Format(StrEnum):
    CSV = "csv"  # our own contacts CSV, or any CSV with a column mapping
    LINKEDIN = "linkedin"
    GOOGLE = "google"
    OUTLOOK = "outlook"  # Outlook's contacts CSV, and Google's "Outlook CSV" export
    VCARD = "vcard"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One record of a file. ``problem`` (field, reason) is set when the reader
    itself could not make sense of it; ``hidden`` marks a LinkedIn member who
    hides their details (a row with only a date), skipped without asking;
    ``own_titles`` marks a row of img-crm's own export, whose names are kept
    as written (a name that starts with "Mr" or "Dr" is the user's)."""

    line: int
    data: dict[str, Any]
    problem: tuple[str, str] | None = None
    hidden: bool = False
    own_titles: bool = False


#: The longest cell a CSV may hold, and the most cells in a row.
MAX_CELL = 1_000_000
MAX_CELLS = 2_000


def detect(path: Path, text: str) -> Format:
    """Guess the format from the name and the first lines."""
    suffix = path.suffix.casefold()
    head = text.lstrip()[:4000]
    if suffix in (".vcf", ".vcard") or head.upper().startswith("BEGIN:VCARD"):
        return Format.VCARD
    if suffix == ".json" or head.startswith("{"):
        return Format.JSON
    first_lines = head.splitlines()[:8]
    if any(
        line.startswith("First Name,Last Name,") and "Connected On" in line for line in first_lines
    ) or (first_lines and first_lines[0].startswith("Notes:")):
        return Format.LINKEDIN
    header = first_lines[0] if first_lines else ""
    if "E-mail Address" in header and ("Job Title" in header or "Business Phone" in header):
        return Format.OUTLOOK
    if "E-mail 1 - Value" in header or "Given Name" in header or "Organization Name" in header:
        return Format.GOOGLE
    return Format.CSV


#: One physical line with its end: CR LF, LF or CR (never the other characters
#: str.splitlines() breaks at, which can stand inside a cell or a vCard value).
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_LONE_CR = re.compile(r"\r(?!\n)")


def shown(value: str, limit: int = 40) -> str:
    """A value from the user's file as a message quotes it: one line, short."""
    text = " ".join(value.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# --- CSV helpers -------------------------------------------------------------------------


def csv_rows(text: str, *, skip_until: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells), honouring quoted newlines.
    Lines end at CR LF, LF or a lone CR (old Mac "CSV (Macintosh)" files), and
    nowhere else: a form feed or U+2028 inside a cell is text."""
    if "\n" in text:  # a CR alone in a file of LF or CR LF lines is a stray, not a line end
        text = _LONE_CR.sub(" ", text)
    lines = LINE.findall(text)
    start = 0
    if skip_until is not None:
        start = next((i for i, line in enumerate(lines) if line.startswith(skip_until)), -1)
        if start < 0:
            raise UserError(f"No header line starting with {skip_until!r} was found.")
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO("".join(lines[start:]), newline=""))
    while True:
        line = start + reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise UserError(
                    f"line {line}: a cell is longer than {MAX_CELL:,} characters."
                ) from None
            raise UserError(f"line {line}: the CSV cannot be read there ({exc}).") from exc
        if len(cells) > MAX_CELLS:
            raise UserError(f"line {line}: {len(cells):,} cells; a row may have {MAX_CELLS:,}.")
        yield line, cells


@dataclass(frozen=True, slots=True)
class TableRow:
    line: int
    cells: dict[str, str]
    problem: tuple[str, str] | None = None


def table(text: str, *, skip_until: str | None = None) -> tuple[list[str], list[TableRow]]:
    """The header and each non-blank row as a dict. Empty cells past the header
    are dropped (Google's "Outlook CSV" ends every row with one); a row with
    more filled cells than the header gets a problem, not a refusal."""
    rows = csv_rows(text, skip_until=skip_until)
    try:
        _, header = next(rows)
    except StopIteration:
        raise UserError("The file is empty.") from None
    header = [h.strip() for h in header]
    while header and not header[-1]:
        header.pop()
    records = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        problem = None
        if len(cells) > len(header):
            extra = cells[len(header) :]
            if any(c.strip() for c in extra):
                problem = ("row", f"{len(cells)} cells where the header has {len(header)}")
            cells = cells[: len(header)]
        cells = cells + [""] * (len(header) - len(cells))
        records.append(TableRow(line, dict(zip(header, cells, strict=True)), problem))
    return header, records


# --- our own CSV and generic CSV ------------------------------------------------------

#: Column names people use, mapped to our fields (matched case-insensitively).
SYNONYMS = {
    "name": ("name", "full name", "display name", "contact"),
    "first_name": ("first name", "given name", "first"),
    "last_name": ("last name", "family name", "surname", "last"),
    "title": ("title", "prefix", "honorific"),
    "role": ("role", "position", "job title", "designation"),
    "institution": (
        "institution",
        "company",
        "organization",
        "organisation",
        "hospital",
        "program",
    ),
    "specialty": ("specialty", "speciality"),
    "department": ("department", "division"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail"),
    "phone": ("phone", "telephone", "mobile", "phone number", "cell"),
    "linkedin_url": ("linkedin", "linkedin url", "url", "profile"),
    "pubmed_url": ("pubmed", "pubmed url"),
    "timezone": ("timezone", "time zone"),
    "stage": ("stage",),
    "tags": ("tags", "labels", "groups", "categories"),
    "notes": ("notes", "note", "comments"),
    "first_contacted": ("first contacted", "met on"),
    "connected_on": ("connected on", "connected"),
}
TARGETS = tuple(SYNONYMS)


def guess_mapping(header: list[str]) -> dict[str, str]:
    """Source column -> our field, for the columns we recognise."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in header:
        key = " ".join(column.casefold().replace("_", " ").split())
        for field, names in SYNONYMS.items():
            if key in names and field not in taken:
                mapping[column] = field
                taken.add(field)
                break
    return mapping


def read_generic_csv(
    text: str, mapping: dict[str, str] | None = None, *, unprotect: bool = False
) -> tuple[list[str], list[ImportRecord]]:
    """Any CSV; columns are mapped to our fields (guessed when no mapping is given).
    ``unprotect``: the file is our ``--spreadsheet-safe`` export, whose
    protecting apostrophes come off (only the user can say so: a plain export
    may hold a value that starts with one)."""
    header, rows = table(text)
    ours = own_columns(header)
    if ours is not None:
        own_titles = "title" in header
        extra = header[len(ours) :]  # the fields of the user's own, by their names
        return header, [
            ImportRecord(
                row.line,
                _own_fields(row.cells, unprotect, extra),
                row.problem,
                own_titles=own_titles,
            )
            for row in rows
        ]
    guessed = mapping is None
    mapping = guess_mapping(header) if mapping is None else mapping
    if guessed and rows and not {"name", "first_name", "last_name"} & set(mapping.values()):
        columns = ", ".join(" ".join(h.split())[:30] for h in header[:8])
        more = f" and {len(header) - 8} more" if len(header) > 8 else ""
        raise UserError(f"no column for the name was found (columns: {columns}{more}).")
    records = []
    for row in rows:
        data: dict[str, Any] = {}
        for column, field in mapping.items():
            value = row.cells.get(column, "").strip()
            if field and value:
                data[field] = value
        first, last = data.pop("first_name", ""), data.pop("last_name", "")
        if first or last:
            data["given_name"], data["family_name"] = first, last
        if not data.get("name"):
            data["name"] = full_name(first, last)
        records.append(ImportRecord(row.line, data, row.problem))
    return header, records


def own_columns(header: Sequence[str]) -> tuple[str, ...] | None:
    """Our export's columns (this version's or 0.1's) that ``header`` starts
    with, or None; any columns after them are the user's own fields."""
    names = tuple(h.strip() for h in header)
    for columns in (CONTACT_COLUMNS, EARLIER_CONTACT_COLUMNS):
        if names[: len(columns)] == columns:
            return columns
    return None


def _own_fields(row: dict[str, str], unprotect: bool, extra: Sequence[str] = ()) -> dict[str, Any]:
    """Our export, read back: every column but the store's own id, the
    emails, phones and websites cells as the contact's points, and the
    columns after ours as fields of the user's own (``fields``)."""
    cells: dict[str, Any] = {
        k: unprotected(v) if unprotect else v for k, v in row.items() if k != "id"
    }
    own = {name: cells.pop(name) for name in extra if name in cells}
    if any(value.strip() for value in own.values()):
        cells["fields"] = {name: value for name, value in own.items() if value.strip()}
    points = [
        point
        for column, kind in POINT_COLUMNS.items()
        for point in contact_points.parse_lines(cells.pop(column, ""), kind)
    ]
    if points:
        cells["points"] = points
    return cells


def is_own_contacts_csv(text: str) -> bool:
    """Whether a CSV has our contacts export's columns (this version's or 0.1's)."""
    try:
        header = next(csv_rows(text))[1]
    except (StopIteration, UserError):
        return False
    return own_columns(header) is not None


def looks_spreadsheet_safe(text: str) -> bool:
    """Whether a CSV reads like our ``--spreadsheet-safe`` export: our columns,
    some cell protected with ``'`` and none left unprotected. A guess, for the
    import dialog's default; the user decides."""
    try:
        header, rows = table(text)
    except UserError:
        return False
    if own_columns(header) is None:
        return False
    cells = [cell for row in rows for cell in row.cells.values()]
    protected = any(unprotected(cell) != cell for cell in cells)
    bare = any(cell.startswith(FORMULA_STARTS) for cell in cells)
    return protected and not bare
