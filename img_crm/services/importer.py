"""Importing contacts: check every row, plan what happens to duplicates, then write all or nothing.

The same steps serve the CLI and the GUI's import dialog: ``load`` reads a
file, ``plan`` validates every record and decides add / merge / skip, and
``apply`` writes the plan in the caller's transaction, reporting progress to a
callback that may cancel (which rolls everything back).

One module because the plan and its apply are one use case sharing the row
types and the duplicate rules; the values of the user's own fields a file
gives are read and written by ``services/custom_fields.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlmodel import Session

from img_crm.domain import contact_points
from img_crm.domain.contacts import normalize_contact
from img_crm.domain.duplicates import DuplicateIndex, Match, Sought
from img_crm.domain.names import split_title
from img_crm.domain.rows import ContactRow
from img_crm.errors import UserError, ValidationError
from img_crm.services import csv_layouts, file_text
from img_crm.services import import_formats as formats
from img_crm.services.import_formats import Format, ImportRecord
from img_crm.store.contact_rows import contact_facts, get_contact
from img_crm.store.contacts import insert_contacts, update_contact

#: Columns of our own export that are kept exactly on import (not recomputed).
_KEPT = ("created_at", "updated_at", "last_interaction")


class OnDuplicate(StrEnum):
    SKIP = "skip"
    MERGE = "merge"
    ADD = "add"


class CancelledError(Exception):
    """The user cancelled; the transaction is rolled back."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    id: int
    name: str
    emails: tuple[str, ...]
    institution: str


@dataclass(slots=True)
class PlannedRow:
    line: int
    data: dict[str, Any]
    kept: dict[str, Any]
    action: OnDuplicate
    match: Match | None = None
    match_name: str = ""
    #: Values of the user's own contact fields the file gave: ``{field id: value}``.
    fields: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InvalidRow:
    """A record that cannot become a contact: where, which field, and why."""

    line: int
    field: str
    reason: str
    name: str

    def sentence(self, source: str) -> str:
        return f"{source}, line {self.line}, field {self.field}: {self.reason}."


@dataclass(slots=True)
class ImportPlan:
    source: str
    format: Format
    rows: list[PlannedRow] = field(default_factory=list)
    #: Records that cannot be imported; the user skips them or cancels.
    invalid: list[InvalidRow] = field(default_factory=list)
    #: LinkedIn members who hide their details: skipped without asking.
    hidden: int = 0
    #: Columns (or vCard fields) named like no contact field of the user's:
    #: their values are left out, and the user is told which.
    unknown_fields: list[str] = field(default_factory=list)

    def refusal(self) -> str:
        """The sentence that refuses the file while it has invalid rows."""
        first = self.invalid[0].sentence(self.source)
        more = len(self.invalid) - 1
        rest = ""
        if more:
            rest = f" ({more} more {'entry' if more == 1 else 'entries'} cannot be imported either)"
        return f"{first[:-1]}{rest}; nothing was imported."

    def unknown_sentence(self) -> str | None:
        """What is left out because no contact field of the user's has its name."""
        if not self.unknown_fields:
            return None
        names = ", ".join(self.unknown_fields)
        return (
            f"Not imported: {names} (no contact field of yours has that name; define one in "
            "Settings, or with img-crm fields define, and import again to have them)."
        )

    def count(self, action: OnDuplicate) -> int:
        return sum(1 for row in self.rows if row.action is action)

    @property
    def duplicates(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.match is not None]

    def summary(self) -> Summary:
        """What ``apply`` would do, counted from the plan alone (a dry run)."""
        merged = sum(
            1
            for row in self.rows
            if row.action is OnDuplicate.MERGE and row.match is not None and row.match.first_id > 0
        )
        added = self.count(OnDuplicate.ADD)
        return Summary(
            added, merged, len(self.rows) - added - merged, len(self.invalid), self.hidden
        )


@dataclass(frozen=True, slots=True)
class Summary:
    added: int
    merged: int
    skipped: int
    invalid: int = 0
    hidden: int = 0

    def __str__(self) -> str:
        text = f"{self.added} added, {self.merged} merged, {self.skipped} skipped"
        if self.invalid:
            text += f", {self.invalid} invalid {'entry' if self.invalid == 1 else 'entries'}"
            text += " left out"
        if self.hidden:
            who = "member who hides" if self.hidden == 1 else "members who hide"
            text += f", {self.hidden} LinkedIn {who} their details left out"
        return text


@dataclass(frozen=True, slots=True)
class Loaded:
    format: Format
    records: list[ImportRecord]
    #: The encoding the file was read in, as people name it ("Windows-1252").
    encoding: str


def read(
    path: Path,
    fmt: Format | None = None,
    *,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    unprotect: bool = False,
) -> Loaded:
    """Read a contacts file in any supported format (JSON restores go elsewhere),
    in ``encoding`` or the one it is found to be in."""
    text, encoding = file_text.read_text_and_encoding(path, encoding)
    fmt = fmt or formats.detect(path, text)
    return Loaded(fmt, parse(text, fmt, path.name, mapping=mapping, unprotect=unprotect), encoding)


def parse(
    text: str,
    fmt: Format,
    source: str,
    *,
    mapping: dict[str, str] | None = None,
    unprotect: bool = False,
) -> list[ImportRecord]:
    """The records of a file already read as text (the import dialog re-parses
    as the user changes the format or the mapping), each name with its title
    taken off as the plan stores it; a refusal names ``source``."""
    try:
        if fmt is Format.LINKEDIN:
            records = csv_layouts.read_linkedin(text)
        elif fmt is Format.GOOGLE:
            records = csv_layouts.read_google(text)
        elif fmt is Format.OUTLOOK:
            records = csv_layouts.read_outlook(text)
        elif fmt is Format.VCARD:
            from img_crm.services.vcard_import import read_vcards

            records = read_vcards(text)
        elif fmt is Format.JSON:
            raise UserError("A JSON export is restored whole; use it on an empty store.")
        else:
            records = formats.read_generic_csv(text, mapping, unprotect=unprotect)[1]
    except UserError as exc:
        message = str(exc)
        if message.startswith("line"):
            message = f"{source}, {message}"
        elif message[:1].islower():
            message = f"{source}: {message}"
        raise UserError(message) from exc
    return [_titled(record) for record in records]


def _titled(record: ImportRecord) -> ImportRecord:
    """The title taken off the front of the name, as the plan stores it, so
    the preview shows the same (``domain/names.split_title``). Our own
    export keeps its names as written: "Mr A" typed as a name, exported and
    imported, comes back as that name, not as A with the title Mr. Any other
    sheet, with a title column or not, has its titles split as before."""
    name = record.data.get("name")
    if not isinstance(name, str) or record.own_titles:
        return record
    title = str(record.data.get("title") or "")
    data = dict(record.data)
    data["name"], data["title"] = split_title(name, title)
    return ImportRecord(
        record.line,
        {k: v for k, v in data.items() if v},
        record.problem,
        record.hidden,
        record.own_titles,
    )


def load(
    path: Path, fmt: Format | None = None, *, mapping: dict[str, str] | None = None
) -> tuple[Format, list[ImportRecord]]:
    """``read`` without the encoding."""
    loaded = read(path, fmt, mapping=mapping)
    return loaded.format, loaded.records


def _parse_kept(record: ImportRecord) -> dict[str, Any]:
    """Our own export's timestamps; a ValidationError names the bad one."""
    kept: dict[str, Any] = {}
    for key in _KEPT:
        value = str(record.data.get(key, "") or "").strip()
        if not value:
            continue
        try:
            kept[key] = (
                date.fromisoformat(value)
                if key == "last_interaction"
                else datetime.fromisoformat(value)
            )
        except ValueError:
            raise ValidationError({key: f"{formats.shown(value)} is not a date"}) from None
    return kept


def _with_unusable_in_notes(data: dict[str, Any]) -> dict[str, Any]:
    """Values that cannot be what they say, moved to the notes rather than
    refusing the contact (``contact_points.set_aside``)."""
    kept, aside = contact_points.set_aside(data.get("points") or ())
    if not aside:
        return data
    notes = "\n".join(n for n in (str(data.get("notes") or ""), *aside) if n)
    return {**data, "points": kept, "notes": notes}


def plan(
    session: Session,
    records: list[ImportRecord],
    *,
    source: str,
    fmt: Format,
    on_duplicate: OnDuplicate = OnDuplicate.SKIP,
) -> ImportPlan:
    """Check every record and decide what happens to each; nothing is written.
    The records come from ``read`` or ``parse`` (names already titled).

    A record that cannot become a contact goes to ``invalid`` with its line,
    field and reason (the caller shows them and lets the user skip them or
    cancel); LinkedIn's hidden members are only counted."""
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.services.custom_fields import by_key, file_values

    result = ImportPlan(source, fmt)
    checked: list[tuple[ImportRecord, dict[str, Any], dict[str, Any], _Candidate]] = []
    own = by_key(session, record=RecordKind.CONTACT)
    values: dict[int, dict[int, str]] = {}
    unknown: dict[str, None] = {}
    next_id = -1
    for record in records:
        if record.hidden:
            result.hidden += 1
            continue
        shown = str(record.data.get("name", "") or "")
        if record.problem is not None:
            result.invalid.append(InvalidRow(record.line, *record.problem, shown))
            continue
        raw = _with_unusable_in_notes(
            {k: v for k, v in record.data.items() if k not in (*_KEPT, "fields")}
        )
        raw.setdefault("stage", "cold")
        try:
            data = normalize_contact(raw)
            kept = _parse_kept(record)
            given = file_values(own, record.data.get("fields") or {}, unknown)
        except ValidationError as exc:
            field_name, message = next(iter(exc.errors.items()))
            result.invalid.append(InvalidRow(record.line, field_name, message, shown))
            continue
        values[id(record)] = given
        emails = tuple(p.value for p in data["points"] if p.kind == contact_points.EMAIL)
        checked.append(
            (
                record,
                data,
                kept,
                _Candidate(next_id, data["name"], emails, data.get("institution", "")),
            )
        )
        next_id -= 1
    checking = on_duplicate is not OnDuplicate.ADD
    # Only the contacts that share an email address or an institution with a
    # row can match it: the others are not read.
    sought = Sought(candidate for *_, candidate in checked)
    existing = (
        contact_facts(session, email_wanted=sought.email, institution_wanted=sought.institution)
        if checking
        else []
    )
    names = {row.id: row.name for row in existing}
    index = DuplicateIndex(existing)
    for record, data, kept, candidate in checked:
        matches = index.matches(candidate) if checking else []
        row = PlannedRow(record.line, data, kept, OnDuplicate.ADD, fields=values[id(record)])
        if matches:
            row.match = matches[0]
            row.match_name = names.get(matches[0].first_id, "an earlier row of this file")
            row.action = on_duplicate
            if matches[0].first_id < 0:  # a duplicate inside the file itself
                row.action = OnDuplicate.SKIP
        result.rows.append(row)
        if row.action is OnDuplicate.ADD:
            index.add(candidate)
            names[candidate.id] = data["name"]
    result.unknown_fields = list(unknown)
    return result


def _merge(session: Session, contact_id: int, data: dict[str, Any]) -> None:
    """Fill the existing contact's empty fields and add the new tags, emails,
    phones and web addresses; keep what it has."""
    current: ContactRow = get_contact(session, contact_id=contact_id)
    changes: dict[str, Any] = {
        key: value
        for key, value in data.items()
        if key not in ("tags", "stage", "name", "points", "email", "phone")
        and value
        and not getattr(current, key, None)
    }
    tags = list(dict.fromkeys([*current.tags, *data.get("tags", [])]))
    if tags != list(current.tags):
        changes["tags"] = tags
    points = contact_points.united(current.points, data.get("points", ()))
    if points != list(current.points):
        changes["points"] = points
    if changes:
        update_contact(session, contact_id=contact_id, changes=changes)


CHUNK = 100  # rows per bulk insert: progress moves smoothly and Cancel answers at once


def apply(
    session: Session,
    import_plan: ImportPlan,
    *,
    skip_invalid: bool = False,
    progress: Callable[[int, int], bool] | None = None,
) -> Summary:
    """Write the plan in the caller's transaction. ``progress(done, total)``
    returning False cancels, and the caller's rollback undoes everything.
    A plan with invalid rows is refused unless the user chose to skip them.

    New contacts go in by bulk insert, a chunk at a time, in file order."""
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.services.custom_fields import write_file_values

    if import_plan.invalid and not skip_invalid:
        raise UserError(import_plan.refusal())
    total = len(import_plan.rows)
    added = merged = skipped = 0
    for start in range(0, total, CHUNK):
        if progress is not None and not progress(start, total):
            raise CancelledError
        chunk = import_plan.rows[start : start + CHUNK]
        new = [row for row in chunk if row.action is OnDuplicate.ADD]
        ids = insert_contacts(
            session, rows=[row.data for row in new], kept=[row.kept for row in new]
        )
        for contact_id, row in zip(ids, new, strict=True):
            write_file_values(session, RecordKind.CONTACT, contact_id, row.fields)
        added += len(new)
        for row in chunk:
            if row.action is OnDuplicate.ADD:
                continue
            if row.action is OnDuplicate.MERGE and row.match is not None and row.match.first_id > 0:
                _merge(session, row.match.first_id, row.data)
                write_file_values(
                    session, RecordKind.CONTACT, row.match.first_id, row.fields, fill_only=True
                )
                merged += 1
            else:
                skipped += 1
    if progress is not None and not progress(total, total):
        raise CancelledError
    return Summary(added, merged, skipped, len(import_plan.invalid), import_plan.hidden)


def write_invalid_report(import_plan: ImportPlan, destination: Path) -> int:
    """The rows left out, as CSV (line, field, reason, name), for the user to
    mend in the source file; written atomically. Returns how many."""
    import csv

    from img_crm.services.atomic import atomic_text_writer

    with atomic_text_writer(destination, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "field", "reason", "name"])
        for row in import_plan.invalid:
            writer.writerow([row.line, row.field, row.reason, row.name])
    return len(import_plan.invalid)
