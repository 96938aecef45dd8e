"""The programs list as a CSV file: its columns, writing it, and importing it
back, where a program already in the store is updated rather than added again.

The workbook export (``services/xlsx.py``) uses the same typed values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from img_crm.domain.programs import in_zone
from img_crm.domain.rows import ProgramRow
from img_crm.domain.text import fold
from img_crm.errors import UserError, ValidationError
from img_crm.services.csv_io import write_table_csv
from img_crm.services.file_text import read_text
from img_crm.services.import_formats import csv_rows
from img_crm.store.programs import (
    FLAG_FIELDS,
    add_program,
    clean_program,
    list_program_rows,
    set_interview,
    update_program,
)

if TYPE_CHECKING:
    from img_crm.services.custom_fields import OwnColumns


PROGRAM_COLUMNS = (
    "name",
    "institution",
    "specialty",
    "city",
    "state",
    "program_type",
    "tier",
    "visa",
    "img_share",
    "website",
    "timezone",
    "application_status",
    "interview_local",
    *FLAG_FIELDS,
    "notes",
)


def interview_local(row: ProgramRow) -> datetime | None:
    """The interview's wall-clock time in the program's zone (as the CSV has it)."""
    if row.interview_at is None:
        return None
    return in_zone(row.interview_at, row.timezone or "UTC").replace(tzinfo=None)


def program_values(row: ProgramRow) -> list[Any]:
    """A program's values in ``PROGRAM_COLUMNS`` order, typed (the CSV formats
    them, the workbook keeps their types)."""
    return [
        interview_local(row) if column == "interview_local" else getattr(row, column)
        for column in PROGRAM_COLUMNS
    ]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, datetime):  # the interview, local to the program
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value)


def write_programs_csv(
    rows: Sequence[ProgramRow], destination: Path, own: OwnColumns | None = None
) -> int:
    """The programs; ``own``: the fields of the user's own, a column each."""
    from img_crm.services.custom_fields import cells_of, headers

    return write_table_csv(
        [*PROGRAM_COLUMNS, *headers(own)],
        ([*(_cell(v) for v in program_values(row)), *cells_of(own, row.id)] for row in rows),
        destination,
    )


@dataclass(frozen=True, slots=True)
class ProgramRecord:
    line: int
    data: dict[str, Any]
    interview_local: datetime | None
    #: Columns after ours: fields of the user's own, by name (#24).
    fields: dict[str, str] = field(default_factory=dict)


def read_programs_csv(source: Path) -> list[ProgramRecord]:
    """Parse and check every row; the first bad one raises, naming its line and column.

    Read like every import (``import_formats``): size-bounded, UTF-8, one cell
    and one row length at most, the line numbers of the file itself."""
    text = read_text(source)
    rows = csv_rows(text)
    try:
        _, header = next(rows)
    except StopIteration:
        raise UserError(f"{source.name} is empty.") from None
    except UserError as exc:
        raise UserError(f"{source.name}, {exc}") from None
    header = [h.strip() for h in header]
    # Other columns are fields of the user's own; plan_programs names one
    # that is none of theirs.
    extra = [h for h in header if h not in PROGRAM_COLUMNS]
    if "name" not in header:
        raise UserError(f"{source.name}, line 1: a 'name' column is required.")
    records = []
    while True:
        try:
            line, cells = next(rows)
        except StopIteration:
            break
        except UserError as exc:
            raise UserError(f"{source.name}, {exc}") from None
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise UserError(
                f"{source.name}, line {line}: {len(cells)} cells where the header has "
                f"{len(header)}."
            )
        raw = dict(zip(header, cells, strict=True))
        own = {name: raw.pop(name) for name in extra}
        interview_text_value = raw.pop("interview_local", "").strip()
        try:
            data = clean_program(raw)
        except ValidationError as exc:
            field, message = next(iter(exc.errors.items()))
            raise UserError(f"{source.name}, line {line}, column {field}: {message}.") from exc
        interview = None
        if interview_text_value:
            try:
                interview = datetime.strptime(interview_text_value, "%Y-%m-%d %H:%M")
            except ValueError:
                raise UserError(
                    f"{source.name}, line {line}, column interview_local: use YYYY-MM-DD HH:MM."
                ) from None
            if not data.get("timezone"):
                raise UserError(
                    f"{source.name}, line {line}: an interview time needs the timezone column."
                )
        records.append(ProgramRecord(line, data, interview, own))
    return records


@dataclass(slots=True)
class ProgramImport:
    """What importing a file would do: programs to add, programs already in the
    store that the file changes (id, changed fields), and rows that say nothing
    new. A program is the same one when its name and institution read the
    same (case and accents aside), so exporting and importing again adds
    nothing."""

    add: list[ProgramRecord]
    #: (program id, record, changed fields, whether the interview time changed)
    update: list[tuple[int, ProgramRecord, dict[str, Any], bool]]
    unchanged: list[ProgramRecord]
    #: Each record's values of the user's program fields, by its line.
    values: dict[int, dict[int, str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{len(self.add)} added, {len(self.update)} updated, {len(self.unchanged)} unchanged"


def _key(name: str, institution: str) -> tuple[str, str]:
    return fold(name).strip(), fold(institution).strip()


def plan_programs(session: Session, *, records: Sequence[ProgramRecord]) -> ProgramImport:
    """Match every record to the store's programs; nothing is written."""
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.services.custom_fields import by_key, file_values
    from img_crm.store.custom_fields import values_of

    existing = {_key(row.name, row.institution): row for row in list_program_rows(session)}
    result = ProgramImport([], [], [])
    own = by_key(session, record=RecordKind.PROGRAM)
    held = values_of(session, record=RecordKind.PROGRAM) if own else {}
    for record in records:
        unknown: dict[str, None] = {}
        try:
            result.values[record.line] = file_values(own, record.fields, unknown)
        except ValidationError as exc:
            name, message = next(iter(exc.errors.items()))
            raise UserError(f"line {record.line}, column {name}: {message}.") from None
        if unknown:
            raise UserError(
                f"line 1: unknown column {next(iter(unknown))!r}. The columns are: "
                f"{', '.join(PROGRAM_COLUMNS)}, and your program fields "
                f"({', '.join(f.name for f in own.values()) or 'none yet'})."
            )
    seen: set[tuple[str, str]] = set()
    for record in records:
        key = _key(record.data["name"], record.data.get("institution", ""))
        row = existing.get(key)
        if row is None:
            if key in seen:  # the same program twice in one file: once is enough
                result.unchanged.append(record)
            else:
                result.add.append(record)
                seen.add(key)
            continue
        changes = {
            field: value for field, value in record.data.items() if getattr(row, field) != value
        }
        interview = record.interview_local is not None and _cell(interview_local(row)) != _cell(
            record.interview_local
        )
        mine = held.get(row.id, {})
        own_changed = any(mine.get(k) != v for k, v in result.values[record.line].items())
        if changes or interview or own_changed:
            result.update.append((row.id, record, changes, interview))
        else:
            result.unchanged.append(record)
    return result


def import_programs(session: Session, *, records: Sequence[ProgramRecord]) -> ProgramImport:
    """Add the new programs and update the changed ones, in the caller's
    transaction (all or nothing); return what was done."""
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.services.custom_fields import write_file_values

    planned = plan_programs(session, records=records)
    targets = [(add_program(session, data=record.data), record) for record in planned.add]
    for program_id, record in targets:
        write_file_values(session, RecordKind.PROGRAM, program_id, planned.values[record.line])
    for program_id, record, changes, interview in planned.update:
        write_file_values(session, RecordKind.PROGRAM, program_id, planned.values[record.line])
        if changes:
            update_program(session, program_id=program_id, changes=changes)
        if interview:
            targets.append((program_id, record))
    for program_id, record in targets:
        status = record.data.get("application_status")
        if record.interview_local is not None:
            try:
                set_interview(session, program_id=program_id, local=record.interview_local)
            except UserError as exc:
                raise UserError(f"line {record.line}: {exc}") from exc
            if status:
                update_program(
                    session, program_id=program_id, changes={"application_status": status}
                )
    return planned
