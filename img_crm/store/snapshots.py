"""Exact copies of contacts with everything that hangs off them, for undo.

A snapshot holds the raw rows of the contacts, their tags, emails, phones and
web addresses, stage history, snoozes, the mail and calendar items read for
them, program ties and letters (with their status history and assignments), plus
which activities pointed at them. Restoring deletes whatever the contacts are
now and puts the snapshot's rows back with their original ids, so undo gives
back identical rows, history and links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

# table -> how its rows hang off a set of contact ids, in insert order
_OWNED: list[tuple[str, str]] = [
    ("contact", "id IN ({ids})"),
    ("contact_tag", "contact_id IN ({ids})"),
    ("contact_point", "contact_id IN ({ids})"),
    ("stage_change", "contact_id IN ({ids})"),
    ("contact_program", "contact_id IN ({ids})"),
    ("follow_up_snooze", "contact_id IN ({ids})"),
    ("imported_item", "contact_id IN ({ids})"),
    ("letter", "writer_id IN ({ids})"),
    ("letter_status_change", "letter_id IN (SELECT id FROM letter WHERE writer_id IN ({ids}))"),
    ("letter_program", "letter_id IN (SELECT id FROM letter WHERE writer_id IN ({ids}))"),
]


@dataclass(frozen=True)
class Snapshot:
    contact_ids: tuple[int, ...]
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = field(default_factory=dict)
    activity_links: list[tuple[int, int]] = field(default_factory=list)  # (activity, contact)


def _id_list(ids: Sequence[int]) -> str:
    return ", ".join(str(int(i)) for i in ids) or "NULL"


# table -> how its rows hang off a set of letter ids, in insert order
_LETTER_OWNED: list[tuple[str, str]] = [
    ("letter", "id IN ({ids})"),
    ("letter_status_change", "letter_id IN ({ids})"),
    ("letter_program", "letter_id IN ({ids})"),
]
#: What hangs off a letter (restored after the letter row itself).
_LETTER_PARTS = [table for table, _where in _LETTER_OWNED[1:]]


def _copy(
    session: Session, owned: list[tuple[str, str]], ids: str
) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    connection = session.connection()
    for table, where in owned:
        result = connection.exec_driver_sql(
            f"SELECT * FROM {table} WHERE {where.format(ids=ids)} ORDER BY rowid"
        )
        tables[table] = (list(result.keys()), [tuple(row) for row in result])
    return tables


def capture(session: Session, *, contact_ids: Sequence[int]) -> Snapshot:
    """Copy the current rows of these contacts and everything they own."""
    ids = _id_list(contact_ids)
    tables = _copy(session, _OWNED, ids)
    connection = session.connection()
    links = connection.exec_driver_sql(
        f"SELECT id, contact_id FROM activity WHERE contact_id IN ({ids}) ORDER BY id"
    )
    return Snapshot(tuple(contact_ids), tables, [(a, c) for a, c in links])


def _insert(connection: Any, table: str, columns: list[str], rows: list[Any], tail: str) -> None:
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks}) {tail}", rows)


def _put_back(
    connection: Any,
    table: str,
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
    kept: set[int],
    current_ids: Sequence[int],
) -> None:
    """Delete the rows of ``table`` now there but not in the copy (undoing
    an add), and write the copy's rows back in place, ids and all."""
    extra = [i for i in current_ids if i not in kept]
    if extra:
        connection.exec_driver_sql(f"DELETE FROM {table} WHERE id IN ({_id_list(extra)})")
    columns, rows = tables.get(table, ([], []))
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
    _insert(connection, table, columns, rows, f"ON CONFLICT(id) DO UPDATE SET {updates}")


def restore(session: Session, *, snapshot: Snapshot, current_ids: Sequence[int]) -> None:
    """Put the contacts back as the snapshot has them.

    Contacts in ``current_ids`` but not in the snapshot are deleted (undoing an
    add). Contact rows are updated in place, their tags, stage history and
    program ties replaced; letters are only brought back where they are
    missing (or moved back to their writer), so later edits to a letter that
    still exists are kept.
    """
    connection = session.connection()
    kept = set(snapshot.contact_ids)
    ids = _id_list(sorted(kept))
    _put_back(connection, "contact", snapshot.tables, kept, current_ids)
    for table in (
        "contact_tag",
        "contact_point",
        "stage_change",
        "contact_program",
        "follow_up_snooze",
        "imported_item",
    ):
        connection.exec_driver_sql(f"DELETE FROM {table} WHERE contact_id IN ({ids})")
        _insert(connection, table, *snapshot.tables.get(table, ([], [])), "")
    columns, rows = snapshot.tables.get("letter", ([], []))
    _insert(connection, "letter", columns, rows, "ON CONFLICT(id) DO NOTHING")
    if rows:
        writer = columns.index("writer_id")
        connection.exec_driver_sql(
            "UPDATE letter SET writer_id = ? WHERE id = ?", [(r[writer], r[0]) for r in rows]
        )
    for table in _LETTER_PARTS:
        _insert(connection, table, *snapshot.tables.get(table, ([], [])), "ON CONFLICT DO NOTHING")
    if snapshot.activity_links:
        connection.exec_driver_sql(
            "UPDATE activity SET contact_id = ? WHERE id = ?",
            [(contact, activity) for activity, contact in snapshot.activity_links],
        )
    connection.exec_driver_sql(
        "UPDATE contact SET last_interaction = "
        "(SELECT max(occurred_on) FROM activity WHERE contact_id = contact.id) "
        f"WHERE id IN ({ids})"
    )
    session.expire_all()


@dataclass(frozen=True)
class LetterSnapshot:
    """Letters exactly as they were: their rows, status history and programs."""

    letter_ids: tuple[int, ...]
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = field(default_factory=dict)


def capture_letters(session: Session, *, letter_ids: Sequence[int]) -> LetterSnapshot:
    """Copy these letters as they are; an id with no letter (deleted by the
    change) is left out, so putting this copy back deletes that letter."""
    tables = _copy(session, _LETTER_OWNED, _id_list(letter_ids))
    return LetterSnapshot(tuple(row[0] for row in tables["letter"][1]), tables)


def restore_letters(
    session: Session, *, snapshot: LetterSnapshot, current_ids: Sequence[int]
) -> None:
    """Put the letters back as the snapshot has them, history and programs
    included; letters in ``current_ids`` but not in it are deleted (undoing
    an add). Unlike a contact's undo, this takes back the letter's own edits:
    a letter change is what is being undone."""
    connection = session.connection()
    kept = set(snapshot.letter_ids)
    ids = _id_list(sorted(kept))
    for table in _LETTER_PARTS:
        connection.exec_driver_sql(f"DELETE FROM {table} WHERE letter_id IN ({ids})")
    _put_back(connection, "letter", snapshot.tables, kept, current_ids)
    for table in _LETTER_PARTS:
        _insert(connection, table, *snapshot.tables.get(table, ([], [])), "")
    session.expire_all()
