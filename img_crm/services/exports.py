"""Every export, by kind: the one dispatch the command line and the File menu share.

Each kind has the file types it can write, chosen by the destination's
suffix; any other suffix is refused (an evidence sheet asked for as
``e.docx`` would otherwise be a PDF under a Word name). Every writer is
atomic and refuses the store's own files (``services/atomic.py``). A PDF is
drawn by Qt, so the caller hands in the function that writes one (the window
has Qt; the command line borrows it from ``img_crm.app``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from img_crm.errors import UserError
from img_crm.services.atomic import refuse_protected

if TYPE_CHECKING:
    from sqlmodel import Session

    from img_crm.store.driver import Source

#: ``write_pdf(html, destination, title)``
PdfWriter = Callable[[str, Path, str], None]


class Kind(StrEnum):
    CONTACTS = "contacts"
    VCARD = "vcard"
    ICS = "ics"
    ACTIVITIES = "activities"
    LETTERS = "letters"
    PROGRAMS = "programs"
    JSON = "json"
    EXPERIENCES = "experiences"
    EVIDENCE = "evidence"


#: The suffixes each kind writes, the first being what a name without one gets.
SUFFIXES: dict[Kind, tuple[str, ...]] = {
    Kind.CONTACTS: (".csv", ".xlsx"),
    Kind.VCARD: (".vcf", ".vcard"),
    Kind.ICS: (".ics",),
    Kind.ACTIVITIES: (".csv", ".xlsx"),
    Kind.LETTERS: (".csv", ".xlsx"),
    Kind.PROGRAMS: (".csv", ".xlsx"),
    Kind.JSON: (".json", ".zip"),  # .zip: the passphrase-protected archive
    Kind.EXPERIENCES: (".csv", ".xlsx", ".html", ".htm"),
    Kind.EVIDENCE: (".pdf", ".html", ".htm"),
}
NOUNS = {
    Kind.CONTACTS: "contacts",
    Kind.VCARD: "contacts",
    Kind.ICS: "events",
    Kind.ACTIVITIES: "activities",
    Kind.LETTERS: "letters",
    Kind.PROGRAMS: "programs",
    Kind.JSON: "rows",
    Kind.EXPERIENCES: "experiences",
    Kind.EVIDENCE: "entries",
}


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    count: int
    noun: str

    def __str__(self) -> str:
        return f"{self.count} {self.noun} to {self.path}"


WHAT = {
    Kind.CONTACTS: "a contacts export",
    Kind.VCARD: "a vCard export",
    Kind.ICS: "a calendar export",
    Kind.ACTIVITIES: "an activities export",
    Kind.LETTERS: "a letters export",
    Kind.PROGRAMS: "a programs export",
    Kind.JSON: "a JSON export",
    Kind.EXPERIENCES: "an experiences export",
    Kind.EVIDENCE: "an evidence sheet",
}


def checked_destination(kind: Kind, destination: Path) -> Path:
    """The destination, if its suffix is one this kind writes."""
    allowed = SUFFIXES[kind]
    if destination.suffix.casefold() not in allowed:
        raise UserError(
            f"{destination.name}: {WHAT[kind]} is written as {' or '.join(allowed)}; give the "
            "file that ending.",
            where=str(destination),
        )
    return destination


def reads_plainly(kind: Kind | str, destination: Path) -> bool:
    """Whether this export reads through ``sqlite3`` alone (``Store.plain``):
    the contacts CSV, the export people run most, so `img-crm export contacts`
    never imports the ORM. Every other kind needs a session."""
    return Kind(kind) is Kind.CONTACTS and Path(destination).suffix.casefold() == ".csv"


def export(
    session: Source,
    kind: Kind | str,
    destination: Path,
    *,
    safe: bool = False,
    contact_id: int | None = None,
    write_pdf: PdfWriter | None = None,
    passphrase: str | None = None,
) -> Written:
    """Write one export; ``safe`` makes CSV cells spreadsheet-safe (contacts),
    ``contact_id`` names the evidence sheet's person, ``passphrase`` encrypts
    the JSON export's ``.zip`` archive (``services/json_archive.py``)."""
    kind = Kind(kind)
    refuse_protected(Path(destination))  # the store and backups first: the weightier reason
    destination = checked_destination(kind, Path(destination))
    html = destination.suffix.casefold() in (".html", ".htm")
    if kind is Kind.JSON and destination.suffix.casefold() == ".zip":
        from img_crm.services.json_archive import write_archive
        from img_crm.store.driver import session_of

        if passphrase is None:
            raise UserError("An encrypted archive needs a passphrase; nothing was written.")
        counts = write_archive(
            session_of(session, needed_by="the archive"), destination, passphrase
        )
        return Written(destination, sum(counts.values()), NOUNS[kind])
    count = _write(session, kind, destination, safe, contact_id, write_pdf, html)
    return Written(destination, count, NOUNS[kind])


def _write(
    source: Source,
    kind: Kind,
    destination: Path,
    safe: bool,
    contact_id: int | None,
    write_pdf: PdfWriter | None,
    html: bool,
) -> int:
    from img_crm.services import csv_io

    if kind is Kind.CONTACTS and destination.suffix.casefold() == ".csv":
        return csv_io.export_contacts_csv(source, destination, safe=safe)
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.services import experiences, ical, json_io, vcard
    from img_crm.services.custom_fields import own_columns
    from img_crm.services.program_csv import write_programs_csv
    from img_crm.store.activities import list_activities
    from img_crm.store.contact_rows import list_contacts
    from img_crm.store.driver import session_of
    from img_crm.store.letters import list_letters
    from img_crm.store.programs import list_program_rows

    session = session_of(source, needed_by=f"the {kind} export")
    if destination.suffix.casefold() == ".xlsx":  # every table kind, typed cells
        from img_crm.services import xlsx

        sheet, columns, rows = xlsx.table(session, kind.value)
        return xlsx.write_xlsx(destination, sheet, columns, rows)
    if kind is Kind.VCARD:
        own = own_columns(session, record=RecordKind.CONTACT)
        return vcard.write_vcards(list_contacts(session), destination, own)
    if kind is Kind.ICS:
        return ical.write_calendar(session, destination)
    if kind is Kind.ACTIVITIES:
        return csv_io.write_activities_csv(list_activities(session), destination)
    if kind is Kind.LETTERS:
        own = own_columns(session, record=RecordKind.LETTER)
        return csv_io.write_letters_csv(list_letters(session), destination, own)
    if kind is Kind.PROGRAMS:
        own = own_columns(session, record=RecordKind.PROGRAM)
        return write_programs_csv(list_program_rows(session), destination, own)
    if kind is Kind.JSON:
        return sum(json_io.write_store_json(session, destination).values())
    if kind is Kind.EXPERIENCES:
        found = experiences.load_experiences(session)
        if html:
            experiences.write_experiences_html(found, destination)
            return len(found)
        return experiences.write_experiences_csv(found, destination)
    return _evidence(session, destination, contact_id, write_pdf, html)


def _evidence(
    session: Session,
    destination: Path,
    contact_id: int | None,
    write_pdf: PdfWriter | None,
    html: bool,
) -> int:
    from img_crm.services.evidence import build_sheet, sheet_html, write_sheet_html

    if contact_id is None:
        raise UserError("An evidence sheet is of one contact: name the contact.")
    sheet = build_sheet(session, contact_id=contact_id)
    page = sheet_html(sheet)
    if html:
        write_sheet_html(page, destination)
    elif write_pdf is None:
        raise UserError("A PDF cannot be drawn here; export the evidence sheet as .html.")
    else:
        write_pdf(page, destination, f"Evidence sheet: {sheet.contact.name}")
    return len(sheet.work) + len(sheet.exposures) + len(sheet.meetings)
