"""Fields of the user's own (#24), for both front ends: defining them,
setting a record's values by field name, and reading them for a record, a
table column or a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from img_crm.domain.custom_fields import FieldDef, FieldKind, RecordKind
from img_crm.errors import UserError
from img_crm.store import custom_fields as rows
from img_crm.store.driver import Source


def parse_assignments(texts: Sequence[str]) -> dict[str, str]:
    """``NAME=VALUE`` arguments as ``{name: value}`` (an empty value clears)."""
    found: dict[str, str] = {}
    for text in texts:
        name, equals, value = text.partition("=")
        if not equals or not name.strip():
            raise UserError(
                f"{text!r} is not NAME=VALUE: a field's name, =, and its value "
                "(say --field 'Observership=yes'; 'Observership=' clears it)."
            )
        found[name.strip()] = value
    return found


def set_by_name(
    session: Source, *, record: RecordKind, record_id: int, values: Mapping[str, str | None]
) -> None:
    """Set one record's fields given by name (any case); every name must be
    a field of ``record`` and every value fit it, or nothing is written."""
    by_id = {
        rows.find_field(session, record=record, name=name).id: value
        for name, value in values.items()
    }
    rows.set_values(session, record=record, record_id=record_id, values=by_id)


def record_values(
    source: Source, *, record: RecordKind, record_id: int
) -> list[tuple[FieldDef, str]]:
    """The record's fields that hold a value, in the user's order."""
    fields = rows.list_fields(source, record=record)
    values = rows.values_of(source, record=record, record_ids=[record_id]).get(record_id, {})
    return [(field, values[field.id]) for field in fields if field.id in values]


def values_json(source: Source, *, record: RecordKind, record_id: int) -> dict[str, str]:
    return {
        field.name: value
        for field, value in record_values(source, record=record, record_id=record_id)
    }


def field_json(field: FieldDef) -> dict[str, Any]:
    return {
        "id": field.id,
        "record": field.record.value,
        "name": field.name,
        "kind": field.kind.value,
        "choices": list(field.choices),
        "position": field.position,
    }


def fields_json(source: Source, *, record: RecordKind | None = None) -> list[dict[str, Any]]:
    return [field_json(f) for f in rows.list_fields(source, record=record)]


def columns(
    source: Source, *, record: RecordKind
) -> tuple[list[FieldDef], dict[int, dict[int, str]]]:
    """The record's fields and every record's values: what a table's or a
    file's extra columns show."""
    fields = rows.list_fields(source, record=record)
    values = rows.values_of(source, record=record) if fields else {}
    return fields, values


#: A record's fields and every record's values, for a file's extra columns.
OwnColumns = tuple[list[FieldDef], dict[int, dict[int, str]]]


def headers(own: OwnColumns | None) -> list[str]:
    """The extra columns' headers: each field's name as the user wrote it."""
    return [] if own is None else [field.name for field in own[0]]


def cells_of(own: OwnColumns | None, record_id: int) -> list[str]:
    """One record's extra cells, as text (empty where it has no value)."""
    if own is None:
        return []
    fields, values = own
    mine = values.get(record_id, {})
    return [mine.get(field.id, "") for field in fields]


def typed_cells_of(own: OwnColumns | None, record_id: int) -> list[Any]:
    """One record's extra cells typed for a workbook: numbers as numbers,
    dates as dates, yes/no and text as text, None where empty."""
    from datetime import date

    if own is None:
        return []
    fields, values = own
    mine = values.get(record_id, {})
    typed: list[Any] = []
    for field in fields:
        value = mine.get(field.id)
        if value is None:
            typed.append(None)
        elif field.kind is FieldKind.NUMBER:
            typed.append(float(value))
        elif field.kind is FieldKind.DATE:
            typed.append(date.fromisoformat(value))
        else:
            typed.append(value)
    return typed


def own_columns(source: Source, *, record: RecordKind) -> OwnColumns | None:
    """The extra columns of ``record``'s files; None when it has no fields."""
    fields, values = columns(source, record=record)
    return (fields, values) if fields else None


def by_key(source: Source, *, record: RecordKind) -> dict[str, FieldDef]:
    """The record's fields by ``name_key``: how a file's column finds its field."""
    from img_crm.domain.custom_fields import name_key

    return {name_key(f.name): f for f in rows.list_fields(source, record=record)}


def file_values(
    fields: Mapping[str, FieldDef], given: Mapping[str, Any], unknown: dict[str, None]
) -> dict[int, str]:
    """A file row's values by field id, each checked for its field
    (``ValidationError`` by the field's name); a name no field has goes in
    ``unknown``, its value left out."""
    from img_crm.domain.custom_fields import name_key, parse_value
    from img_crm.errors import ValidationError

    found: dict[int, str] = {}
    for name, text in given.items():
        field = fields.get(name_key(name))
        if field is None:
            unknown.setdefault(name)
            continue
        try:
            value = parse_value(field, str(text))
        except ValueError as exc:
            raise ValidationError({field.name: str(exc)}) from None
        if value is not None:
            found[field.id] = value
    return found


def write_file_values(
    session: Source,
    record: RecordKind,
    record_id: int,
    values: Mapping[int, str],
    *,
    fill_only: bool = False,
) -> None:
    """Write a file's values for one record; ``fill_only`` (a merge) keeps
    the values the record has and fills the rest."""
    if not values:
        return
    if fill_only:
        held = rows.values_of(session, record=record, record_ids=[record_id]).get(record_id, {})
        values = {k: v for k, v in values.items() if k not in held}
    rows.set_values(session, record=record, record_id=record_id, values=values)


def define(
    session: Source,
    *,
    record: RecordKind,
    name: str,
    kind: FieldKind,
    choices: Sequence[str] = (),
) -> int:
    """A new field; a name one of the record's exports already uses for a
    column of its own is refused too (the file would have it twice)."""
    from img_crm.domain.custom_fields import clean_name, name_key
    from img_crm.errors import ValidationError

    if name_key(clean_name(name)) in {name_key(c) for c in _file_columns(record)}:
        raise ValidationError({"name": f"is already one of the {record.value}'s own fields"})
    return rows.define_field(session, record=record, name=name, kind=kind, choices=choices)


def _file_columns(record: RecordKind) -> tuple[str, ...]:
    from img_crm.services.csv_io import CONTACT_COLUMNS, LETTER_COLUMNS
    from img_crm.services.program_csv import PROGRAM_COLUMNS

    return {
        RecordKind.CONTACT: CONTACT_COLUMNS,
        RecordKind.PROGRAM: PROGRAM_COLUMNS,
        RecordKind.LETTER: LETTER_COLUMNS,
    }[record]


__all__ = [
    "OwnColumns",
    "by_key",
    "cells_of",
    "columns",
    "define",
    "field_json",
    "fields_json",
    "file_values",
    "headers",
    "own_columns",
    "parse_assignments",
    "record_values",
    "set_by_name",
    "typed_cells_of",
    "values_json",
    "write_file_values",
]
