"""Every cell of a JSON export checked before a restore writes anything.

A restore inserts SQLite values as they are, so a cell edited by hand (a date
in year 9999, ``Infinity`` hours, a million-character name, an id past
SQLite's range, a stage that does not exist, a contact id that points at
nobody) would be stored and then crash every screen that reads it. Here each
cell is checked by its column's type (from the SQLModel tables), the bounds
of ``domain/limits.py``, and the same rules the forms and importers use
(``normalize_contact``, ``clean_program``, the activity and letter checks,
``parse_setting``). The first bad cell is named by table, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import SQLModel

from img_crm.domain import limits
from img_crm.domain.attachments import AttachmentKind, name_problem
from img_crm.domain.contact_points import KINDS, MAX_POINTS, normalize_points
from img_crm.domain.contacts import DATE_FIELDS, TEXT_FIELDS, normalize_contact
from img_crm.domain.custom_fields import FieldKind, RecordKind
from img_crm.domain.enums import (
    ActivityKind,
    ApplicationStatus,
    Exposure,
    LetterStatus,
    LetterType,
    ProgramType,
    ProgramVisa,
    Stage,
    TieKind,
    values,
)
from img_crm.domain.plan import Phase
from img_crm.domain.profile import SETTING_KEYS, parse_setting
from img_crm.errors import UserError, ValidationError
from img_crm.store.programs import FLAG_FIELDS as PROGRAM_FLAGS
from img_crm.store.programs import TEXT_FIELDS as PROGRAM_TEXT
from img_crm.store.programs import clean_program

T = TypeVar("T")
#: How the store writes days and moments (UTC, no offset): other ISO forms that
#: Python would read ("2026-W01-1", "...Z") break comparisons and reads later.
STORED_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STORED_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$")

#: Columns that hold a fixed vocabulary (empty text allowed where noted by "").
CHOICES: dict[tuple[str, str], Sequence[str]] = {
    ("contact", "stage"): values(Stage),
    ("stage_change", "from_stage"): values(Stage),
    ("stage_change", "to_stage"): values(Stage),
    ("activity", "kind"): values(ActivityKind),
    ("activity", "exposure"): values(Exposure),
    ("letter", "letter_type"): values(LetterType),
    ("letter", "status"): values(LetterStatus),
    ("letter_status_change", "from_status"): values(LetterStatus),
    ("letter_status_change", "to_status"): values(LetterStatus),
    ("program", "program_type"): ("", *values(ProgramType)),
    ("program", "visa"): values(ProgramVisa),
    ("program", "application_status"): values(ApplicationStatus),
    ("program_status_change", "from_status"): values(ApplicationStatus),
    ("program_status_change", "to_status"): values(ApplicationStatus),
    ("contact_program", "kind"): values(TieKind),
    ("plan_task", "phase"): values(Phase),
    ("contact_point", "kind"): KINDS,
    ("attachment", "kind"): values(AttachmentKind),
    ("custom_field", "record"): values(RecordKind),
    ("custom_field", "kind"): values(FieldKind),
}
#: Whole-number columns that are counts or positions, with their bounds.
COUNTS: dict[tuple[str, str], tuple[int, int]] = {
    ("program", "tier"): (1, 3),
    ("plan_task", "days"): (1, 3650),
    ("plan_task", "position"): (0, 100_000),
    ("interview_question", "position"): (0, 100_000),
    ("contact_point", "position"): (0, MAX_POINTS),
}
#: Real-number columns and their bounds.
REALS: dict[tuple[str, str], tuple[float, float]] = {
    ("activity", "hours"): (0.0, limits.MAX_HOURS),
    ("program", "img_share"): (0.0, 100.0),
}
#: Text that may span lines (and be long).
MULTILINE = frozenset(
    {
        ("contact", "notes"),
        ("program", "notes"),
        ("letter", "notes"),
        ("activity", "description"),
        ("activity", "outcome"),
        ("template", "body"),
        ("interview_question", "question"),
        ("interview_question", "answer"),
        ("stage_change", "note"),
        ("custom_field", "choices"),
    }
)
#: App flags the window keeps in the setting table beside the profile.
FLAG_PREFIX = "ui."


class CellError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def _python_type(column: sa.Column[Any]) -> type:
    """What a column holds; SQLModel's own types wrap SQLAlchemy's (``impl``)."""
    kind = getattr(column.type, "impl", column.type)
    try:
        return kind.python_type
    except NotImplementedError:
        return str


def _parsed(name: str, value: Any, parse: Callable[[str], T], example: str) -> T:
    if isinstance(value, str):
        try:
            return parse(value)
        except ValueError:
            pass
    raise CellError(name, f"must be {example}")


def _typed(table: str, column: sa.Column[Any], value: Any) -> None:
    """The cell holds a value of its column's type, within bounds."""
    name = column.name
    if value is None:
        if not column.nullable and not column.primary_key:
            raise CellError(name, "is required")
        return
    kind = _python_type(column)
    if kind is bool:
        if type(value) is not int or value not in (0, 1):
            raise CellError(name, "must be 0 or 1")
    elif kind is int:
        if type(value) is not int:
            raise CellError(name, "must be a whole number")
        if column.primary_key or column.foreign_keys:
            problem = limits.id_problem(value)
            if problem:
                raise CellError(name, problem)
        low, high = COUNTS.get((table, name), (-limits.MAX_ID, limits.MAX_ID))
        if not low <= value <= high:
            raise CellError(name, f"must be from {low} to {high}")
    elif kind is float:
        if type(value) not in (int, float):
            raise CellError(name, "must be a number")
        low_f, high_f = REALS.get((table, name), (-1e15, 1e15))
        problem = limits.number_problem(float(value), low=low_f, high=high_f)
        if problem:
            raise CellError(name, problem)
    elif kind is datetime:
        if not isinstance(value, str) or not STORED_MOMENT.match(value):
            raise CellError(name, "must be a time such as 2026-11-22 06:00:00 (UTC)")
        moment = _parsed(name, value, datetime.fromisoformat, "a time such as 2026-11-22 06:00:00")
        problem = limits.moment_problem(moment)
        if problem:
            raise CellError(name, problem)
    elif kind is date:
        if isinstance(value, str) and not STORED_DAY.match(value):
            raise CellError(name, "must be a date such as 2026-11-22")
        problem = limits.day_problem(
            _parsed(name, value, date.fromisoformat, "a date such as 2026-11-22")
        )
        if problem:
            raise CellError(name, problem)
    else:  # text
        if not isinstance(value, str):
            raise CellError(name, "must be text")
        problem = limits.text_problem(value, multiline=(table, name) in MULTILINE)
        if problem:
            raise CellError(name, problem)
    choices = CHOICES.get((table, name))
    if choices is not None and value not in choices:
        raise CellError(name, "must be one of " + ", ".join(c or '""' for c in choices))


def _with_form_rules(
    check: Callable[[dict[str, Any]], None],
) -> Callable[[dict[str, Any]], None]:
    def run(row: dict[str, Any]) -> None:
        try:
            check(row)
        except ValidationError as exc:
            field, message = next(iter(exc.errors.items()))
            raise CellError(field, message) from None
        except UserError as exc:
            raise CellError(exc.where or "value", exc.message) from None

    return run


def _as_stored(row: dict[str, Any], clean: dict[str, Any], fields: Sequence[str]) -> None:
    """Text the forms would have stored otherwise (spaces at the ends, a doubled
    space, a line break in a one-line field) was not written by img-crm."""
    for field in fields:
        if field in row and field in clean and row[field] != clean[field]:
            raise CellError(field, "is not in the form img-crm stores it (spaces or line breaks)")


def _contact(row: dict[str, Any]) -> None:
    data = {field: row.get(field, "") for field in TEXT_FIELDS}
    data.update({field: row.get(field) for field in DATE_FIELDS})
    data["stage"] = row.get("stage")
    data["us_based"] = row.get("us_based")
    _as_stored(row, normalize_contact(data), TEXT_FIELDS)


def _program(row: dict[str, Any]) -> None:
    data: dict[str, Any] = {field: row.get(field, "") for field in PROGRAM_TEXT}
    data.update({field: row.get(field, 0) for field in PROGRAM_FLAGS})
    for field in ("tier", "img_share", "visa", "program_type", "application_status"):
        data[field] = row.get(field)
    _as_stored(row, clean_program(data), PROGRAM_TEXT)


def _point(row: dict[str, Any]) -> None:
    raw = (str(row.get("kind")), str(row.get("label") or ""), str(row.get("value") or ""))
    points, errors = normalize_points([raw])
    if errors:
        column, message = next(iter(errors.items()))
        raise CellError("kind" if column == "points" else "value", message)
    if not points:
        raise CellError("value", "must not be empty")
    if (points[0].label, points[0].value) != raw[1:]:
        raise CellError("label", "is not in the form img-crm stores it")


def _named(field: str) -> Callable[[dict[str, Any]], None]:
    def check(row: dict[str, Any]) -> None:
        if not str(row.get(field) or "").strip():
            raise CellError(field, "must not be empty")

    return check


def _setting(row: dict[str, Any]) -> None:
    key, value = str(row.get("key")), str(row.get("value"))
    if key.startswith(FLAG_PREFIX):
        return
    if key not in SETTING_KEYS:
        raise CellError("key", "is not a setting img-crm knows")
    if value == "":
        return  # a profile value left empty
    if parse_setting(key, value) != value:
        raise CellError("value", "is not in the form img-crm stores it")


def _attachment(row: dict[str, Any]) -> None:
    name = row.get("name")
    problem = name_problem(name) if isinstance(name, str) else "must be text"
    if problem:
        raise CellError("name", problem)
    owners = [c for c in ("contact_id", "program_id", "letter_id", "activity_id") if row.get(c)]
    if len(owners) != 1:
        raise CellError(
            "contact_id", "must name exactly one record (contact, program, letter or activity)"
        )


def _sent(row: dict[str, Any]) -> None:
    if (row.get("contact_id") is None) == (row.get("program_id") is None):
        raise CellError("contact_id", "must name a contact or a program, not both")


ROW_RULES: dict[str, Callable[[dict[str, Any]], None]] = {
    "attachment": _attachment,
    "attachment_sent": _sent,
    "contact": _with_form_rules(_contact),
    "program": _with_form_rules(_program),
    "contact_tag": _named("tag"),
    "contact_point": _point,
    "template": _named("name"),
    "plan_task": _named("title"),
    "interview_question": _named("question"),
    "setting": _with_form_rules(_setting),
}


def check_rows(
    table: sa.Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    known_ids: Mapping[str, set[Any]],
) -> set[int]:
    """Check every row of one table; return its ids (for the tables after it).

    ``known_ids`` holds the ids of the tables already checked, parents first,
    so a reference to a row that is not in the export is caught here.
    """
    by_name = {column.name: column for column in table.columns}
    missing = [
        c.name
        for c in table.columns
        if c.name not in columns and not c.nullable and c.default is None and not c.primary_key
    ]
    if missing:
        raise UserError(f"Table {table.name} has no column {missing[0]}; nothing was restored.")
    keys = [c.name for c in table.primary_key.columns]
    seen: set[tuple[Any, ...]] = set()
    ids: set[int] = set()
    rule = ROW_RULES.get(table.name)
    for number, cells in enumerate(rows, start=1):
        row = dict(zip(columns, cells, strict=True))
        try:
            for name, value in row.items():
                column = by_name[name]
                _typed(table.name, column, value)
                for foreign in column.foreign_keys:
                    parent = foreign.column.table.name
                    if value is not None and value not in known_ids.get(parent, set()):
                        raise CellError(name, f"points to a {parent} that is not in the export")
            key = tuple(row.get(k) for k in keys)
            if None in key:
                raise CellError(keys[key.index(None)], "is required")
            if key in seen:
                raise CellError(keys[0], "repeats another row's key")
            seen.add(key)
            if rule is not None:
                rule(row)
        except CellError as error:
            raise UserError(
                f"Table {table.name}, row {number}, column {error.column}: {error.message}; "
                "nothing was restored.",
                where=f"{table.name}.{error.column}",
            ) from None
        if "id" in row and isinstance(row["id"], int):
            ids.add(row["id"])
    return ids


def check_shape(document: Mapping[str, Any]) -> Mapping[str, Any]:
    """The document's outline: a table of tables, each with columns and rows."""
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise UserError("The export has no tables; nothing was restored.")
    known = SQLModel.metadata.tables
    for name, content in tables.items():
        if name not in known:
            raise UserError(f"The export has a table this img-crm does not know: {name}.")
        if not isinstance(content, dict):
            raise UserError(f"Table {name} is not in the export's table layout.")
        columns, rows = content.get("columns"), content.get("rows", [])
        if not isinstance(columns, list) or not isinstance(rows, list):
            raise UserError(f"Table {name} has no list of columns and rows.")
        names = {column.name for column in known[name].columns}
        for column in columns:
            if not isinstance(column, str) or column not in names:
                shown = column if isinstance(column, str) else type(column).__name__
                raise UserError(f"Table {name} has a column this img-crm does not know: {shown}.")
        if len(set(columns)) != len(columns):
            raise UserError(f"Table {name} names a column twice.")
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, list) or len(row) != len(columns):
                raise UserError(
                    f"Table {name}, row {number}: its length does not match the columns."
                )
    return tables
