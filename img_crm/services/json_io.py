"""The whole store as one JSON document: lossless, diff-friendly, documented.

Format (``docs/json-format.md``)::

    {"format": "img-crm", "schema_version": 1, "app_version": "0.1.0",
     "tables": {"contact": {"columns": [...], "rows": [[...], ...]}, ...}}

Values are SQLite's own (text, integer, real, null) so an import can restore
them exactly; tables come in foreign-key order, rows in primary-key order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError, StatementError
from sqlmodel import Session, SQLModel

from img_crm import __version__
from img_crm.domain import models  # noqa: F401  (registers the tables)
from img_crm.errors import UserError
from img_crm.services import json_checks, json_consistency
from img_crm.services.atomic import atomic_text_writer
from img_crm.store.migrations import SCHEMA_VERSION, SEEDED_TABLES, restore_statement

FORMAT_NAME = "img-crm"


#: A JSON export of a store of 100,000 contacts holds about a million rows.
MAX_JSON_CONTAINERS = 3_000_000
MAX_JSON_VALUES = 30_000_000


def table_names() -> list[str]:
    """Every table, parents before children."""
    return [table.name for table in SQLModel.metadata.sorted_tables]


def store_document(session: Session) -> dict[str, Any]:
    """Read every table into the export structure."""
    tables: dict[str, Any] = {}
    connection = session.connection()
    for name in table_names():
        table = SQLModel.metadata.tables[name]
        columns = [column.name for column in table.columns]
        selected = ", ".join(f'"{column}"' for column in columns)
        keys = ", ".join(f'"{column.name}"' for column in table.primary_key.columns)
        result = connection.exec_driver_sql(f'SELECT {selected} FROM "{name}" ORDER BY {keys}')
        tables[name] = {"columns": columns, "rows": [list(row) for row in result]}
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "tables": tables,
    }


def write_store_json(session: Session, destination: Path) -> dict[str, int]:
    """Export the store atomically; return the row count per table."""
    document = store_document(session)
    with atomic_text_writer(destination, encoding="utf-8", newline="\n") as handle:
        handle.write(format_document(document))
    return {name: len(table["rows"]) for name, table in document["tables"].items()}


def format_document(document: dict[str, Any]) -> str:
    """Serialise with one row per line: readable, diff-friendly and deterministic."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = ["{"]
    for key in ("format", "schema_version", "app_version"):
        lines.append(f" {dump(key)}: {dump(document[key])},")
    lines.append(' "tables": {')
    names = list(document["tables"])
    for index, name in enumerate(names):
        table = document["tables"][name]
        lines.append(f"  {dump(name)}: {{")
        lines.append(f'   "columns": {dump(table["columns"])},')
        rows = [f"    {dump(row)}" for row in table["rows"]]
        if rows:
            lines.append('   "rows": [')
            lines.append(",\n".join(rows))
            lines.append("   ]")
        else:
            lines.append('   "rows": []')
        lines.append("  }" + ("," if index < len(names) - 1 else ""))
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def check_store_json(session: Session, document: dict[str, Any]) -> dict[str, Any]:
    """Everything a restore checks, writing nothing: the format and version, an
    empty store, and every cell (``json_checks``). Returns the document's tables."""
    if document.get("format") != FORMAT_NAME:
        raise UserError("This JSON file is not an img-crm export.")
    version = document.get("schema_version")
    earlier = isinstance(version, int) and not isinstance(version, bool)
    earlier = earlier and 1 <= version < SCHEMA_VERSION  # type: ignore[operator]
    if version != SCHEMA_VERSION and not earlier:
        raise UserError(
            f"This export is from data version {version}; this img-crm restores versions 1 "
            f"to {SCHEMA_VERSION}. Open it with the img-crm that wrote it and export again."
        )
    from img_crm.store.reports import store_is_empty

    if not store_is_empty(session):
        raise UserError("A JSON export is restored into an empty store only; this one has data.")
    tables = json_checks.check_shape(document)
    if earlier:  # migrated as a store file of that version would be
        from img_crm.store.migrations import upgrade_tables

        tables = upgrade_tables(int(version), tables)  # type: ignore[arg-type]
    # Every cell first, parents before children: nothing is written unless all pass.
    known_ids: dict[str, set[int]] = {}
    for name in table_names():
        if name in tables:
            known_ids[name] = json_checks.check_rows(
                SQLModel.metadata.tables[name],
                tables[name]["columns"],
                tables[name].get("rows", []),
                known_ids,
            )
    if "plan_task" in tables:
        json_consistency.check_plan(
            tables["plan_task"]["columns"], tables["plan_task"].get("rows", [])
        )
    json_consistency.check_points(tables)
    return dict(tables)


def restore_store_json(session: Session, document: dict[str, Any]) -> dict[str, int]:
    """Put every row of an export back into an empty store, exactly as exported.

    Refuses a store that already has data and an export from another schema
    version; an unknown table or column is named. Rows go in parent-first
    order in the caller's transaction, after every cell was checked
    (``check_store_json``), so a bad value leaves nothing behind.
    """
    tables = check_store_json(session, document)
    connection = session.connection()
    counts: dict[str, int] = {}
    for name in table_names():
        if name not in tables:
            continue
        columns, rows = tables[name]["columns"], tables[name].get("rows", [])
        if name in SEEDED_TABLES:  # a new store's shipped rows give way to the export's
            connection.exec_driver_sql(f'DELETE FROM "{name}"')
        if rows:
            try:
                connection.exec_driver_sql(
                    restore_statement(name, columns), [tuple(r) for r in rows]
                )
            except (DBAPIError, StatementError) as exc:
                code = getattr(getattr(exc, "orig", None), "sqlite_errorname", "")
                raise UserError(
                    f"Table {name}: a row was refused by the store ({code or 'constraint'}); "
                    "nothing was restored."
                ) from exc
        counts[name] = len(rows)
    return counts


def read_json_document(text: str) -> dict[str, Any]:
    """The parsed export, after the cheap checks that keep a hostile file from
    costing gigabytes before any row is looked at."""
    head = text.lstrip()[:400]
    if not head.startswith("{") or '"img-crm"' not in head:
        raise UserError("This JSON file is not an img-crm export.")
    # Each value costs Python far more memory than its few bytes of JSON: a file
    # of a hundred million tiny values would need gigabytes before any check.
    containers = text.count("[") + text.count("{")
    if containers > MAX_JSON_CONTAINERS or text.count(",") > MAX_JSON_VALUES:
        raise UserError(
            f"The JSON has more rows or values than an img-crm export of even a very large "
            f"store ({MAX_JSON_CONTAINERS:,} rows, {MAX_JSON_VALUES:,} values); it was not read."
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"line {exc.lineno}: not valid JSON ({exc.msg}).") from exc
    except RecursionError:
        raise UserError("The JSON is nested too deeply to be an img-crm export.") from None
    except ValueError:  # e.g. a number of thousands of digits
        raise UserError("The JSON holds a value too large to be an img-crm export.") from None
    if not isinstance(document, dict) or document.get("format") != "img-crm":
        raise UserError("This JSON file is not an img-crm export.")
    return document
