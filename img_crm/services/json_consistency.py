"""Checks across the rows of an export, after each row passed its own
(``json_checks``): the plan's prerequisites, each contact's points."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from img_crm.domain.contact_points import MAX_POINTS
from img_crm.domain.plan import Phase, Task, schedule
from img_crm.errors import UserError


def check_plan(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Every task's prerequisites are tasks of the plan, with no circle."""
    tasks = [dict(zip(columns, row, strict=True)) for row in rows]
    keys = {str(task.get("key")) for task in tasks}
    drafted = []
    for number, task in enumerate(tasks, start=1):
        after = tuple(k for k in str(task.get("after") or "").split(",") if k)
        unknown = [k for k in after if k not in keys]
        if unknown:
            raise UserError(
                f"Table plan_task, row {number}, column after: names a task that is not in "
                "the plan; nothing was restored.",
                where="plan_task.after",
            )
        drafted.append(Task(str(task.get("key")), Phase.FOUNDATION, "", date(2000, 1, 1), 1, after))
    try:
        schedule(drafted)
    except ValueError:
        raise UserError(
            "Table plan_task: its tasks depend on each other in a circle; nothing was restored.",
            where="plan_task.after",
        ) from None


def check_points(tables: Mapping[str, Any]) -> None:
    """Each contact's points as the store keeps them: positions 0, 1, 2...
    within a kind, each value once (case aside), at most ``MAX_POINTS``, and
    the contact's ``email`` and ``phone`` the first of theirs."""

    def refuse(table: str, number: int, column: str, message: str) -> None:
        raise UserError(
            f"Table {table}, row {number}, column {column}: {message}; nothing was restored.",
            where=f"{table}.{column}",
        )

    table = tables.get("contact_point") or {"columns": [], "rows": []}
    points = [dict(zip(table["columns"], row, strict=True)) for row in table.get("rows", [])]
    kinds: dict[tuple[Any, Any], list[tuple[int, int, str]]] = {}
    counts: dict[Any, int] = {}
    for number, point in enumerate(points, start=1):
        key = (point.get("contact_id"), point.get("kind"))
        position = int(point.get("position") or 0)  # a whole number: check_rows ran first
        kinds.setdefault(key, []).append((position, number, str(point.get("value"))))
        counts[key[0]] = counts.get(key[0], 0) + 1
        if counts[key[0]] > MAX_POINTS:
            refuse("contact_point", number, "contact_id", f"a contact keeps at most {MAX_POINTS}")
    for entries in kinds.values():
        entries.sort()
        folded: set[str] = set()
        for expected, (position, number, value) in enumerate(entries):
            if position != expected:
                refuse("contact_point", number, "position", "positions of a kind run 0, 1, 2…")
            if value.casefold() in folded:
                refuse("contact_point", number, "value", "repeats another of the contact's")
            folded.add(value.casefold())
    contacts = tables.get("contact") or {"columns": [], "rows": []}
    for number, row in enumerate(contacts.get("rows", []), start=1):
        contact = dict(zip(contacts["columns"], row, strict=True))
        for kind in ("email", "phone"):
            found = kinds.get((contact.get("id"), kind), [])
            first = found[0][2] if found else ""
            if str(contact.get(kind) or "") != first:
                refuse(
                    "contact",
                    number,
                    kind,
                    f"must be the first {kind} of the contact's in contact_point "
                    f"({'none' if not first else 'another'} is)",
                )


def check_custom_fields(tables: Mapping[str, Any]) -> None:
    """Each field of the user's own as the window would have made it (a
    name of its own, choices for a choice field), and each value in its
    field's stored form, on a record of the field's kind."""
    from img_crm.domain.custom_fields import (
        FieldDef,
        FieldKind,
        RecordKind,
        choices_problem,
        name_problem,
        stored_problem,
    )

    def refuse(table: str, number: int, column: str, message: str) -> None:
        raise UserError(
            f"Table {table}, row {number}, column {column}: {message}; nothing was restored.",
            where=f"{table}.{column}",
        )

    content = tables.get("custom_field") or {"columns": [], "rows": []}
    fields: dict[Any, FieldDef] = {}
    names: dict[RecordKind, list[str]] = {}
    for number, cells in enumerate(content.get("rows", []), start=1):
        row = dict(zip(content["columns"], cells, strict=True))
        record, kind = RecordKind(row["record"]), FieldKind(row["kind"])
        choices = tuple(line for line in str(row.get("choices") or "").split("\n") if line)
        problem = name_problem(record, str(row["name"]), others=names.get(record, []))
        if problem:
            refuse("custom_field", number, "name", problem)
        problem = choices_problem(kind, choices)
        if problem:
            refuse("custom_field", number, "choices", problem)
        names.setdefault(record, []).append(str(row["name"]))
        fields[row["id"]] = FieldDef(
            int(row["id"]), record, str(row["name"]), kind, choices, int(row.get("position") or 0)
        )
    content = tables.get("custom_value") or {"columns": [], "rows": []}
    for number, cells in enumerate(content.get("rows", []), start=1):
        row = dict(zip(content["columns"], cells, strict=True))
        field = fields[row["field_id"]]  # check_rows saw the field is in the export
        owners = [r for r in RecordKind if row.get(f"{r.value}_id") is not None]
        if owners != [field.record]:
            refuse(
                "custom_value",
                number,
                f"{field.record.value}_id",
                f"the field {field.name!r} is for a {field.record.value}",
            )
        problem = stored_problem(field, str(row["value"]))
        if problem:
            refuse("custom_value", number, "value", problem)
