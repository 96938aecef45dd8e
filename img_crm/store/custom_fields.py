"""Fields of the user's own and their values (``custom_field``,
``custom_value``; data version 10).

Writers check what they are given against ``domain/custom_fields.py`` and
run in the caller's writing transaction: a bad name or value is a
``ValidationError`` naming the field, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from img_crm.domain.custom_fields import (
    MAX_FIELDS,
    FieldDef,
    FieldKind,
    RecordKind,
    choices_problem,
    clean_choices,
    clean_name,
    name_key,
    name_problem,
    parse_value,
)
from img_crm.errors import UserError, ValidationError
from img_crm.store import driver
from img_crm.store.driver import Source


def _field(row: Sequence[object]) -> FieldDef:
    ident, record, name, kind, choices, position = row
    return FieldDef(
        int(str(ident)),
        RecordKind(str(record)),
        str(name),
        FieldKind(str(kind)),
        tuple(line for line in str(choices).split("\n") if line),
        int(str(position)),
    )


def list_fields(source: Source, *, record: RecordKind | None = None) -> list[FieldDef]:
    """The fields of ``record`` (None: of every record), in the user's order."""
    where, params = ("WHERE record = ?", (record.value,)) if record else ("", ())
    cursor = driver.cursor(source)
    try:
        rows = cursor.execute(
            "SELECT id, record, name, kind, choices, position FROM custom_field "
            f"{where} ORDER BY record, position, id",
            params,
        ).fetchall()
    finally:
        cursor.close()
    return [_field(r) for r in rows]


def get_field(source: Source, *, field_id: int) -> FieldDef:
    for field in list_fields(source):
        if field.id == field_id:
            return field
    raise UserError(f"There is no field with id {field_id}.")


def find_field(source: Source, *, record: RecordKind, name: str) -> FieldDef:
    """The field of ``record`` called ``name`` (any case, ``_`` for spaces)."""
    key = name_key(name)
    for field in list_fields(source, record=record):
        if name_key(field.name) == key:
            return field
    known = ", ".join(f.name for f in list_fields(source, record=record)) or "none yet"
    raise UserError(
        f"There is no {record.value} field called {name!r} (yours: {known}); "
        "define it first with img-crm fields define."
    )


def define_field(
    session: Source,
    *,
    record: RecordKind,
    name: str,
    kind: FieldKind,
    choices: Sequence[str] = (),
) -> int:
    """A new field at the end of ``record``'s; its id."""
    name = clean_name(name)
    fields = list_fields(session, record=record)
    errors: dict[str, str] = {}
    problem = name_problem(record, name, others=[f.name for f in fields])
    if problem:
        errors["name"] = problem
    kept = clean_choices(choices)
    problem = choices_problem(kind, kept)
    if problem:
        errors["choices"] = problem
    if errors:
        raise ValidationError(errors)
    if len(fields) >= MAX_FIELDS:
        raise UserError(f"A {record.value} can have at most {MAX_FIELDS} fields of your own.")
    cursor = driver.cursor(session)
    try:
        cursor.execute(
            "INSERT INTO custom_field (record, name, kind, choices, position) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                record.value,
                name,
                kind.value,
                "\n".join(kept),
                max((f.position for f in fields), default=-1) + 1,
            ),
        )
        return int(cursor.lastrowid or 0)
    finally:
        cursor.close()


def change_field(
    session: Source,
    *,
    field_id: int,
    name: str | None = None,
    choices: Sequence[str] | None = None,
) -> None:
    """A new name, or (a choice field) new choices; a choice still held by a
    record cannot be taken away."""
    field = get_field(session, field_id=field_id)
    errors: dict[str, str] = {}
    new_name = field.name if name is None else clean_name(name)
    if new_name != field.name:
        others = [f.name for f in list_fields(session, record=field.record) if f.id != field_id]
        problem = name_problem(field.record, new_name, others=others)
        if problem:
            errors["name"] = problem
    new_choices = field.choices if choices is None else clean_choices(choices)
    problem = choices_problem(field.kind, new_choices)
    if problem:
        errors["choices"] = problem
    if errors:
        raise ValidationError(errors)
    cursor = driver.cursor(session)
    try:
        gone = [c for c in field.choices if c not in new_choices]
        if gone:
            marks = ", ".join("?" for _ in gone)
            (held,) = cursor.execute(
                f"SELECT count(*) FROM custom_value WHERE field_id = ? AND value IN ({marks})",
                (field_id, *gone),
            ).fetchone()
            if held:
                raise ValidationError(
                    {
                        "choices": f"{gone[0]!r} is the value of {held} "
                        f"{field.record.value}{'s' if held != 1 else ''}; change those first"
                    }
                )
        cursor.execute(
            "UPDATE custom_field SET name = ?, choices = ? WHERE id = ?",
            (new_name, "\n".join(new_choices), field_id),
        )
    finally:
        cursor.close()


def remove_field(session: Source, *, field_id: int) -> int:
    """Remove a field and every value of it; how many values went."""
    get_field(session, field_id=field_id)
    cursor = driver.cursor(session)
    try:
        (held,) = cursor.execute(
            "SELECT count(*) FROM custom_value WHERE field_id = ?", (field_id,)
        ).fetchone()
        cursor.execute("DELETE FROM custom_field WHERE id = ?", (field_id,))
        return int(held)
    finally:
        cursor.close()


def move_field(session: Source, *, field_id: int, position: int) -> None:
    """Put the field at ``position`` (from 0) among its record's fields."""
    field = get_field(session, field_id=field_id)
    order = [f.id for f in list_fields(session, record=field.record) if f.id != field_id]
    order.insert(max(0, min(position, len(order))), field_id)
    cursor = driver.cursor(session)
    try:
        cursor.executemany(
            "UPDATE custom_field SET position = ? WHERE id = ?",
            [(n, ident) for n, ident in enumerate(order)],
        )
    finally:
        cursor.close()


def _column(record: RecordKind) -> str:
    return f"{record.value}_id"  # the record kinds are the tables' names


def set_values(
    session: Source,
    *,
    record: RecordKind,
    record_id: int,
    values: Mapping[int, str | None],
) -> None:
    """Set (or, given None or "", clear) fields of one record by field id;
    each value is checked for its field, and nothing is written unless all
    pass (``ValidationError`` by field name)."""
    fields = {f.id: f for f in list_fields(session, record=record)}
    stored: dict[int, str | None] = {}
    errors: dict[str, str] = {}
    for field_id, text in values.items():
        field = fields.get(field_id)
        if field is None:
            raise UserError(f"There is no {record.value} field with id {field_id}.")
        try:
            stored[field_id] = None if text is None else parse_value(field, text)
        except ValueError as exc:
            errors[field.name] = str(exc)
    if errors:
        raise ValidationError(errors)
    column = _column(record)
    cursor = driver.cursor(session)
    try:
        if (
            cursor.execute(f"SELECT 1 FROM {record.value} WHERE id = ?", (record_id,)).fetchone()
            is None
        ):
            raise UserError(f"There is no {record.value} with id {record_id}.")
        for field_id, value in stored.items():
            if value is None:
                cursor.execute(
                    f"DELETE FROM custom_value WHERE field_id = ? AND {column} = ?",
                    (field_id, record_id),
                )
            else:
                cursor.execute(
                    f"INSERT INTO custom_value (field_id, {column}, value) VALUES (?, ?, ?) "
                    f"ON CONFLICT ({column}, field_id) WHERE {column} IS NOT NULL "
                    "DO UPDATE SET value = excluded.value",
                    (field_id, record_id, value),
                )
    finally:
        cursor.close()


def values_of(
    source: Source, *, record: RecordKind, record_ids: Sequence[int] | None = None
) -> dict[int, dict[int, str]]:
    """``{record id: {field id: value}}`` for the records (None: all)."""
    column = _column(record)
    where, params = f"{column} IS NOT NULL", ()  # type: tuple[str, tuple[int, ...]]
    if record_ids is not None:
        where = f"{column} IN ({', '.join('?' for _ in record_ids) or 'NULL'})"
        params = tuple(record_ids)
    cursor = driver.cursor(source)
    try:
        rows = cursor.execute(
            f"SELECT {column}, field_id, value FROM custom_value WHERE {where}", params
        ).fetchall()
    finally:
        cursor.close()
    found: dict[int, dict[int, str]] = {}
    for ident, field_id, value in rows:
        found.setdefault(int(ident), {})[int(field_id)] = str(value)
    return found


__all__ = [
    "change_field",
    "define_field",
    "find_field",
    "get_field",
    "list_fields",
    "move_field",
    "remove_field",
    "set_values",
    "values_of",
]
