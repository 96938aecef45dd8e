"""The whole store as one JSON document: lossless, diff-friendly, documented.

Format (``docs/json-format.md``)::

    {"format": "img-crm", "schema_version": 1, "app_version": "0.1.0",
     "tables": {"contact": {"columns": [...], "rows": [[...], ...]}, ...}}

Values are SQLite's own (text, integer, real, null) so an import can restore
them exactly; tables come in foreign-key order, rows in primary-key order.
Attached files (data version 10) are not a table of the document but its
``files`` list, each with its SHA-256 and size and its bytes in base64 (the
``.zip`` archive carries them as files beside the JSON instead,
``services/json_archive.py``); a restore checks each against its digest.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError, StatementError
from sqlmodel import Session, SQLModel

from img_crm import __version__
from img_crm.domain import models  # noqa: F401  (registers the tables)
from img_crm.domain.attachments import MAX_FILE_BYTES, digest_of, size_text
from img_crm.errors import UserError
from img_crm.services import json_checks, json_consistency
from img_crm.services.atomic import atomic_text_writer
from img_crm.store.migrations import SCHEMA_VERSION, SEEDED_TABLES, restore_statement

FORMAT_NAME = "img-crm"


#: A JSON export of a store of 100,000 contacts holds about a million rows.
MAX_JSON_CONTAINERS = 3_000_000
MAX_JSON_VALUES = 30_000_000


#: The table of attached files' bytes: the document's ``files``, not a table.
FILES_TABLE = "attachment_file"
#: Files a .json export may embed: with base64's third more, the export must
#: stay under what an import reads (100 MB, ``services/file_text.py``).
MAX_EMBEDDED_BYTES = 60 * 1024 * 1024
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def table_names() -> list[str]:
    """Every table, parents before children."""
    return [table.name for table in SQLModel.metadata.sorted_tables]


def stored_files(session: Session) -> list[tuple[str, bytes]]:
    """Every attached file's digest and bytes, in digest order (a file no
    attachment names any more is not exported)."""
    result = session.connection().exec_driver_sql(
        f'SELECT digest, data FROM "{FILES_TABLE}" '
        "WHERE digest IN (SELECT digest FROM attachment) ORDER BY digest"
    )
    return [(str(digest), bytes(data)) for digest, data in result]


def store_document(session: Session, *, embed_files: bool = True) -> dict[str, Any]:
    """Read every table into the export structure; the files embedded in
    base64, or (``embed_files`` False) listed with their digests only."""
    tables: dict[str, Any] = {}
    connection = session.connection()
    files: list[dict[str, Any]] = []
    for digest, data in stored_files(session):
        entry: dict[str, Any] = {"sha256": digest, "size": len(data)}
        if embed_files:
            entry["base64"] = base64.b64encode(data).decode("ascii")
        files.append(entry)
    for name in table_names():
        if name == FILES_TABLE:
            continue
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
        "files": files,
    }


def embedded_size(session: Session) -> int:
    (total,) = (
        session.connection()
        .exec_driver_sql(
            f'SELECT coalesce(sum(size), 0) FROM "{FILES_TABLE}" '
            "WHERE digest IN (SELECT digest FROM attachment)"
        )
        .one()
    )
    return int(total)


def write_store_json(session: Session, destination: Path) -> dict[str, int]:
    """Export the store atomically; return the row count per table. Refused
    (nothing written) when the files are more than a .json can carry back in."""
    total = embedded_size(session)
    if total > MAX_EMBEDDED_BYTES:
        raise UserError(
            f"The attached files take {size_text(total)}, more than a .json export can carry "
            f"and restore ({size_text(MAX_EMBEDDED_BYTES)}); export to a .zip archive instead, "
            "which keeps them as files beside the JSON. Nothing was written."
        )
    document = store_document(session)
    with atomic_text_writer(destination, encoding="utf-8", newline="\n") as handle:
        handle.write(format_document(document))
    return row_counts(document)


def row_counts(document: dict[str, Any]) -> dict[str, int]:
    """Rows per table, the files counted as the rows a restore writes for them."""
    counts = {name: len(table["rows"]) for name, table in document["tables"].items()}
    if document.get("files"):
        counts[FILES_TABLE] = len(document["files"])
    return counts


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
    files = document.get("files")
    if files is None:
        lines.append(" }")
    else:
        lines.append(" },")
        entries = [f"  {dump(entry)}" for entry in files]
        lines.append(' "files": [' + ("\n" + ",\n".join(entries) + "\n ]" if entries else "]"))
    lines.append("}")
    return "\n".join(lines) + "\n"


def checked_files(document: dict[str, Any]) -> dict[str, bytes]:
    """The document's files by digest, each decoded and checked against its
    size and SHA-256 (an archive's reader has put each file's bytes in
    ``data``); one sentence naming the first that is wrong."""
    files = document.get("files", [])
    if not isinstance(files, list):
        raise UserError("The export's files are not a list; nothing was restored.")
    found: dict[str, bytes] = {}
    for number, entry in enumerate(files, start=1):
        where = f"File {number} of the export"
        if not isinstance(entry, dict):
            raise UserError(f"{where} is not in the export's layout; nothing was restored.")
        digest, size = entry.get("sha256"), entry.get("size")
        if not isinstance(digest, str) or not _DIGEST.match(digest):
            raise UserError(f"{where} has no SHA-256 digest; nothing was restored.")
        if type(size) is not int or not 0 <= size <= MAX_FILE_BYTES:
            raise UserError(f"{where} has no size img-crm accepts; nothing was restored.")
        data = entry.get("data")
        if data is None:
            encoded = entry.get("base64")
            if not isinstance(encoded, str) or len(encoded) > (MAX_FILE_BYTES // 3 + 1) * 4:
                raise UserError(f"{where} holds no bytes; nothing was restored.")
            try:
                data = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                raise UserError(f"{where} is not valid base64; nothing was restored.") from None
        if not isinstance(data, bytes) or len(data) != size or digest_of(data) != digest:
            raise UserError(
                f"{where} does not match its SHA-256 digest or size (it was changed or cut "
                "short); nothing was restored."
            )
        found[digest] = data
    return found


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
    if FILES_TABLE in tables:
        raise UserError(f"The export has a table this img-crm does not know: {FILES_TABLE}.")
    files = checked_files(document)
    if earlier:  # migrated as a store file of that version would be
        from img_crm.store.migrations import upgrade_tables

        tables = upgrade_tables(int(version), tables)  # type: ignore[arg-type]
    # Every cell first, parents before children: nothing is written unless all pass.
    known_ids: dict[str, set[Any]] = {FILES_TABLE: set(files)}
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
    json_consistency.check_custom_fields(tables)
    named = {row[0] for row in _column(tables, "attachment", "digest")}
    unused = sorted(set(files) - named)
    if unused:
        raise UserError(
            f"The export holds a file no attachment names (SHA-256 {unused[0][:12]}…); "
            "nothing was restored."
        )
    checked = dict(tables)
    if files:
        checked[FILES_TABLE] = {
            "columns": ["digest", "size", "data"],
            "rows": [[digest, len(data), data] for digest, data in sorted(files.items())],
        }
    return checked


def _column(tables: Any, table: str, column: str) -> list[list[Any]]:
    """One column of a checked table, as one-cell rows."""
    content = tables.get(table)
    if not content:
        return []
    index = content["columns"].index(column)
    return [[row[index]] for row in content.get("rows", [])]


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
