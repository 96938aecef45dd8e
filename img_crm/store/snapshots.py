"""Exact copies of contacts with everything that hangs off them, for undo.

A snapshot holds the raw rows of the contacts, their tags, emails, phones and
web addresses, fields of the user's own, stage history, snoozes, the mail and
calendar items read for them, program ties and letters (with their status
history and assignments), plus which activities pointed at them. Restoring
deletes whatever the contacts are now and puts the snapshot's rows back with
their original ids, so undo gives back identical rows, history and links.

Attachments (on the contacts and their letters, and what was sent to them)
are copied as rows, without their files' bytes: a file stays in the store
until no undo step names it (``store/attachments.sweep_unused_files``, which
the window calls sparing ``Snapshot.digests``). They are put back only for
a contact or letter that is itself brought back (an undone delete or merge):
an attachment added or removed since is the user's newer doing.
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
    (
        "custom_value",
        "contact_id IN ({ids}) OR letter_id IN (SELECT id FROM letter WHERE writer_id IN ({ids}))",
    ),
    ("letter", "writer_id IN ({ids})"),
    ("letter_status_change", "letter_id IN (SELECT id FROM letter WHERE writer_id IN ({ids}))"),
    ("letter_program", "letter_id IN (SELECT id FROM letter WHERE writer_id IN ({ids}))"),
    (
        "attachment",
        "contact_id IN ({ids}) OR letter_id IN (SELECT id FROM letter WHERE writer_id IN ({ids}))",
    ),
    (
        "attachment_sent",
        "contact_id IN ({ids}) OR attachment_id IN (SELECT id FROM attachment WHERE contact_id "
        "IN ({ids}) OR letter_id IN (SELECT id FROM letter WHERE writer_id IN ({ids})))",
    ),
]


@dataclass(frozen=True)
class Snapshot:
    contact_ids: tuple[int, ...]
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = field(default_factory=dict)
    activity_links: list[tuple[int, int]] = field(default_factory=list)  # (activity, contact)

    @property
    def digests(self) -> set[str]:
        """The files its attachments name (kept while this copy may be put back)."""
        return _digests(self.tables)


def _digests(tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> set[str]:
    columns, rows = tables.get("attachment", ([], []))
    if not rows:
        return set()
    index = columns.index("digest")
    return {str(row[index]) for row in rows}


def _id_list(ids: Sequence[int]) -> str:
    return ", ".join(str(int(i)) for i in ids) or "NULL"


# table -> how its rows hang off a set of letter ids, in insert order
_LETTER_OWNED: list[tuple[str, str]] = [
    ("letter", "id IN ({ids})"),
    ("letter_status_change", "letter_id IN ({ids})"),
    ("letter_program", "letter_id IN ({ids})"),
    ("custom_value", "letter_id IN ({ids})"),
    ("attachment", "letter_id IN ({ids})"),
    (
        "attachment_sent",
        "attachment_id IN (SELECT id FROM attachment WHERE letter_id IN ({ids}))",
    ),
]
#: What hangs off a letter (restored after the letter row itself).
_LETTER_PARTS = ["letter_status_change", "letter_program"]


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
    present = {
        row[0] for row in connection.exec_driver_sql(f"SELECT id FROM contact WHERE id IN ({ids})")
    }
    letters_present = _present(connection, "letter", snapshot.tables)
    _move_back(connection, snapshot.tables, kept & present)
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
    # the contacts' values are put back below with those of their letters
    # (after the letters): a letter's values that are there now are kept
    connection.exec_driver_sql(f"DELETE FROM custom_value WHERE contact_id IN ({ids})")
    columns, rows = snapshot.tables.get("letter", ([], []))
    _insert(connection, "letter", columns, rows, "ON CONFLICT(id) DO NOTHING")
    if rows:
        writer = columns.index("writer_id")
        connection.exec_driver_sql(
            "UPDATE letter SET writer_id = ? WHERE id = ?", [(r[writer], r[0]) for r in rows]
        )
    for table in _LETTER_PARTS:
        _insert(connection, table, *snapshot.tables.get(table, ([], [])), "ON CONFLICT DO NOTHING")
    # the contacts' values (deleted above) and those of their letters that are
    # not there now; a letter's values that are there are its newer ones
    _insert(
        connection,
        "custom_value",
        *snapshot.tables.get("custom_value", ([], [])),
        "ON CONFLICT DO NOTHING",
    )
    _bring_back_attachments(
        connection, snapshot.tables, contacts=kept - present, letters=None, present=letters_present
    )
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


def _move_back(
    connection: Any, tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]], contacts: set[int]
) -> None:
    """Attachments and sent-to records of the copy's contacts that are there
    now go back to them before anything is deleted (redoing a merge: the
    merged contact's files were moved back to it by the undo)."""
    if not contacts:
        return
    columns, rows = tables.get("attachment", ([], []))
    if rows:
        contact, letter = columns.index("contact_id"), columns.index("letter_id")
        mine = [r for r in rows if r[contact] in contacts]
        if mine:
            connection.exec_driver_sql(
                "UPDATE attachment SET contact_id = ?, letter_id = ? WHERE id = ?",
                [(r[contact], r[letter], r[0]) for r in mine],
            )
    columns, rows = tables.get("attachment_sent", ([], []))
    if rows:
        contact, day = columns.index("contact_id"), columns.index("sent_on")
        mine = [r for r in rows if r[contact] in contacts]
        if mine:  # with its day (a merge keeps the earlier of two)
            connection.exec_driver_sql(
                "UPDATE OR IGNORE attachment_sent SET contact_id = ?, sent_on = ? WHERE id = ?",
                [(r[contact], r[day], r[0]) for r in mine],
            )


def _present(
    connection: Any, table: str, tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]]
) -> set[int]:
    """Which of the copy's rows of ``table`` are in the store now."""
    ids = _id_list([row[0] for row in tables.get(table, ([], []))[1]])
    return {
        row[0] for row in connection.exec_driver_sql(f"SELECT id FROM {table} WHERE id IN ({ids})")
    }


def _bring_back_attachments(
    connection: Any,
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
    *,
    contacts: set[int],
    letters: set[int] | None,
    present: set[int],
) -> None:
    """The copy's attachments of the contacts (and letters) being brought
    back, moved back to them if a merge moved them; what was sent to those
    contacts too. ``letters`` None: those of the contacts, and any letter of
    the copy missing before the restore (not in ``present``)."""
    columns, rows = tables.get("attachment", ([], []))
    if letters is None:
        letter_columns, letter_rows = tables.get("letter", ([], []))
        writer = letter_columns.index("writer_id") if letter_columns else 0
        letters = {r[0] for r in letter_rows if r[writer] in contacts or r[0] not in present}
    if not contacts and not letters:
        return
    back: list[tuple[Any, ...]] = []
    if rows:
        contact, letter = columns.index("contact_id"), columns.index("letter_id")
        back = [r for r in rows if r[contact] in contacts or r[letter] in letters]
        if back:
            digest = columns.index("digest")
            stored = {
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT digest FROM attachment_file WHERE digest IN ("
                    + ", ".join("?" for _ in back)
                    + ")",
                    tuple(r[digest] for r in back),
                )
            }
            back = [r for r in back if r[digest] in stored]  # a file swept since is gone
            _insert(
                connection,
                "attachment",
                columns,
                back,
                "ON CONFLICT(id) DO UPDATE SET contact_id = excluded.contact_id, "
                "letter_id = excluded.letter_id",
            )
    sent_columns, sent_rows = tables.get("attachment_sent", ([], []))
    if sent_rows:
        existing = {row[0] for row in connection.exec_driver_sql("SELECT id FROM attachment")}
        contact, attachment = sent_columns.index("contact_id"), sent_columns.index("attachment_id")
        restored = {r[0] for r in back}
        again = [
            r
            for r in sent_rows
            if r[attachment] in existing and (r[contact] in contacts or r[attachment] in restored)
        ]
        _insert(
            connection,
            "attachment_sent",
            sent_columns,
            again,
            "ON CONFLICT DO UPDATE SET contact_id = excluded.contact_id",
        )


@dataclass(frozen=True)
class LetterSnapshot:
    """Letters exactly as they were: their rows, status history and programs."""

    letter_ids: tuple[int, ...]
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = field(default_factory=dict)

    @property
    def digests(self) -> set[str]:
        return _digests(self.tables)


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
    present = _present(connection, "letter", snapshot.tables)
    for table in _LETTER_PARTS:
        connection.exec_driver_sql(f"DELETE FROM {table} WHERE letter_id IN ({ids})")
    _put_back(connection, "letter", snapshot.tables, kept, current_ids)
    for table in _LETTER_PARTS:
        _insert(connection, table, *snapshot.tables.get(table, ([], [])), "")
    _bring_back_attachments(
        connection, snapshot.tables, contacts=set(), letters=kept - present, present=present
    )
    _insert(  # the values of a letter brought back; one there keeps its newer ones
        connection,
        "custom_value",
        *snapshot.tables.get("custom_value", ([], [])),
        "ON CONFLICT DO NOTHING",
    )
    session.expire_all()
