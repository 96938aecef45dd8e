"""Readers for the files people's contacts already live in.

Each reader turns a file into ``ImportRecord`` rows (the file line where the
record starts, and contact fields in our own names). Nothing here touches the
store: checking and writing are the importer's job.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from img_crm.domain.names import full_name
from img_crm.errors import UserError
from img_crm.services.csv_io import CONTACT_COLUMNS, EARLIER_CONTACT_COLUMNS, unprotected


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
    hides their details (a row with only a date), skipped without asking."""

    line: int
    data: dict[str, Any]
    problem: tuple[str, str] | None = None
    hidden: bool = False


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


# --- CSV helpers -------------------------------------------------------------------------


def csv_rows(text: str, *, skip_until: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells), honouring quoted newlines."""
    lines = text.splitlines(keepends=True)
    start = 0
    if skip_until is not None:
        start = next((i for i, line in enumerate(lines) if line.startswith(skip_until)), -1)
        if start < 0:
            raise UserError(f"No header line starting with {skip_until!r} was found.")
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO("".join(lines[start:])))
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
            raise UserError(f"line {line}: {exc}.") from exc
        if len(cells) > MAX_CELLS:
            raise UserError(f"line {line}: {len(cells):,} cells; a row may have {MAX_CELLS:,}.")
        yield line, cells


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    cells: dict[str, str]
    problem: tuple[str, str] | None = None


def _table(text: str, *, skip_until: str | None = None) -> tuple[list[str], list[_Row]]:
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
        records.append(_Row(line, dict(zip(header, cells, strict=True)), problem))
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
    text: str, mapping: dict[str, str] | None = None
) -> tuple[list[str], list[ImportRecord]]:
    """Any CSV; columns are mapped to our fields (guessed when no mapping is given)."""
    header, rows = _table(text)
    if tuple(header) in (CONTACT_COLUMNS, EARLIER_CONTACT_COLUMNS):
        return header, [ImportRecord(row.line, _own_fields(row.cells), row.problem) for row in rows]
    guessed = mapping is None
    mapping = guess_mapping(header) if mapping is None else mapping
    if guessed and rows and not {"name", "first_name", "last_name"} & set(mapping.values()):
        raise UserError("no column for the name was found (columns: " + ", ".join(header) + ").")
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


def _own_fields(row: dict[str, str]) -> dict[str, Any]:
    """Our export, read back: every column but the store's own id. A
    ``--spreadsheet-safe`` export's protecting apostrophes are taken off."""
    data: dict[str, Any] = {k: unprotected(v) for k, v in row.items() if k != "id"}
    return data


# --- LinkedIn --------------------------------------------------------------------------


#: "Connected On" as LinkedIn has written it: "05 Feb 2024" since 2019,
#: "1/8/18, 6:14 PM" (US month first) before.
_LINKEDIN_DATES = ("%d %b %Y", "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y", "%m/%d/%Y")


def _linkedin_date(text: str) -> date | None:
    for pattern in _LINKEDIN_DATES:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_linkedin(text: str) -> list[ImportRecord]:
    """LinkedIn's Connections.csv: a few "Notes:" lines, then the table; the
    pre-2019 layout has no URL column and US dates with a time.

    "Connected On" is when the two of you connected on LinkedIn, which is not
    a touch: it is kept as its own fact, and the follow-up clock starts only
    at the first interaction the user logs. A member who hides their details
    comes as a row with only that date, and is marked hidden."""
    _, rows = _table(text, skip_until="First Name")
    records = []
    for row in rows:
        cells = {k: v.strip() for k, v in row.cells.items()}
        given, family = cells.get("First Name", ""), cells.get("Last Name", "")
        name = full_name(given, family)
        email = cells.get("Email Address", "")
        if email.casefold().startswith("urn:li:"):  # a member id in old exports, not an address
            email = ""
        data: dict[str, Any] = {
            "name": name,
            "given_name": given,
            "family_name": family,
            "email": email,
            "institution": cells.get("Company", ""),
            "role": cells.get("Position", ""),
            "linkedin_url": cells.get("URL", ""),
            "tags": "linkedin",
        }
        hidden = not (name or email or data["linkedin_url"] or data["institution"])
        problem = row.problem
        connected = cells.get("Connected On", "")
        if connected:
            day = _linkedin_date(connected)
            if day is None:
                problem = problem or (
                    "Connected On",
                    f"{connected!r} is not a date like 28 Sep 2026",
                )
            else:
                data["connected_on"] = day
        kept = {k: v for k, v in data.items() if v not in ("", None)}
        records.append(ImportRecord(row.line, kept, problem, hidden))
    return records


# --- Google Contacts -------------------------------------------------------------------


def _first(value: str) -> tuple[str, list[str]]:
    parts = [p.strip() for p in value.split(" ::: ") if p.strip()]
    return (parts[0], parts[1:]) if parts else ("", [])


#: Outlook's phone columns, the likeliest to reach a physician first.
_OUTLOOK_PHONES = (
    "Mobile Phone",
    "Business Phone",
    "Primary Phone",
    "Business Phone 2",
    "Home Phone",
    "Other Phone",
    "Company Main Phone",
)


def _split_categories(value: str) -> list[str]:
    """Outlook separates categories with ";", Google's export with " ::: "."""
    parts = re.split(r";|:::", value)
    return [
        p.strip().lstrip("* ").strip()
        for p in parts
        if p.strip() and p.replace(" ", "").strip("* ").casefold() != "mycontacts"
    ]


def read_outlook(text: str) -> list[ImportRecord]:
    """Outlook's contacts CSV (also what Google exports as "Outlook CSV", with
    an empty cell at the end of every row): "Title" is the name's prefix,
    "Job Title" the role, and Categories become tags."""
    _, rows = _table(text)
    records = []
    for table_row in rows:
        row = {k: v.strip() for k, v in table_row.cells.items()}
        given = " ".join(p for p in (row.get("First Name", ""), row.get("Middle Name", "")) if p)
        family = row.get("Last Name", "")
        name = full_name(given, family)
        if row.get("Suffix"):
            name = f"{name} {row['Suffix']}" if name else row["Suffix"]
        emails = [
            row.get(k, "") for k in ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
        ]
        emails = [e for e in emails if e]
        phones = [row[k] for k in _OUTLOOK_PHONES if row.get(k)]
        notes = [row.get("Notes", "")]
        if emails[1:]:
            notes.append("Other emails: " + ", ".join(emails[1:]))
        if phones[1:]:
            notes.append("Other phones: " + ", ".join(phones[1:]))
        web = row.get("Web Page", "")
        data: dict[str, Any] = {
            "name": name,
            "given_name": given,
            "family_name": family,
            "name_suffix": row.get("Suffix", ""),
            "title": row.get("Title", ""),
            "email": emails[0] if emails else "",
            "phone": phones[0] if phones else "",
            "institution": row.get("Company", ""),
            "department": row.get("Department", ""),
            "role": row.get("Job Title", ""),
            "linkedin_url": web if "linkedin.com" in web else "",
            "tags": ",".join(
                t.replace(",", " ") for t in _split_categories(row.get("Categories", ""))
            ),
            "notes": "\n".join(n for n in notes if n),
        }
        records.append(
            ImportRecord(table_row.line, {k: v for k, v in data.items() if v}, table_row.problem)
        )
    return records


def read_google(text: str) -> list[ImportRecord]:
    """Google Contacts CSV, in the current layout or the legacy one."""
    _, rows = _table(text)
    records = []
    for table_row in rows:
        line, row = table_row.line, table_row.cells
        given = row.get("First Name") or row.get("Given Name") or ""
        family = row.get("Last Name") or row.get("Family Name") or ""
        middle = row.get("Middle Name") or row.get("Additional Name") or ""
        given = " ".join(p.strip() for p in (given, middle) if p.strip())
        name = row.get("Name") or full_name(given, family)
        email, more_emails = _first(row.get("E-mail 1 - Value", ""))
        phone, more_phones = _first(row.get("Phone 1 - Value", ""))
        org = row.get("Organization Name") or row.get("Organization 1 - Name") or ""
        title = row.get("Organization Title") or row.get("Organization 1 - Title") or ""
        labels = row.get("Labels") or row.get("Group Membership") or ""
        tags = [
            t.strip().lstrip("* ").strip()
            for t in labels.split(" ::: ")
            # Google's own "My Contacts" group says nothing about the person.
            if t.strip() and t.replace(" ", "").strip("* ").casefold() != "mycontacts"
        ]
        notes = [row.get("Notes", "").strip()]
        if more_emails:
            notes.append("Other emails: " + ", ".join(more_emails))
        if more_phones:
            notes.append("Other phones: " + ", ".join(more_phones))
        website = row.get("Website 1 - Value", "")
        data: dict[str, Any] = {
            "name": " ".join(name.split()),
            "given_name": given,
            "family_name": family.strip(),
            "name_suffix": (row.get("Name Suffix") or "").strip(),
            "title": (row.get("Name Prefix") or "").strip(),
            "email": email,
            "phone": phone,
            "institution": org.strip(),
            "role": title.strip(),
            "tags": ",".join(t.replace(",", " ") for t in tags),
            "notes": "\n".join(n for n in notes if n),
        }
        if "linkedin.com" in website:
            data["linkedin_url"] = _first(website)[0]
        records.append(ImportRecord(line, {k: v for k, v in data.items() if v}, table_row.problem))
    return records
