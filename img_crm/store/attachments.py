"""Attachments and their files (``attachment``, ``attachment_file``,
``attachment_sent``; data version 10).

A file's bytes are one row however many attachments name it. A file no
attachment names any more stays until ``sweep_unused_files``: the window's
undo of a deleted contact puts its attachments back, and their bytes must
still be there; the window sweeps after each change but spares what its undo
history names, and at close; a command sweeps when no window is open. Writers
run in the caller's writing transaction and check what they are given, so a
bad name or a record that is gone is a ``UserError`` and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from img_crm.domain.attachments import (
    AttachmentKind,
    AttachmentRow,
    Owner,
    OwnerKind,
    clean_name,
    digest_of,
    name_problem,
    size_problem,
)
from img_crm.errors import UserError, ValidationError
from img_crm.store import driver
from img_crm.store.driver import Source
from img_crm.store.sqlite import dbapi
from img_crm.store.values import stamp, stored

_COLUMNS = (
    "a.id, a.name, a.kind, a.digest, f.size, a.contact_id, a.program_id, a.letter_id, "
    "a.activity_id, a.added_at"
)
_FROM = "attachment a JOIN attachment_file f ON f.digest = a.digest"


def _row(values: Sequence[object]) -> AttachmentRow:
    ident, name, kind, digest, size, contact, program, letter, activity, added = values
    for owner_kind, owner_id in zip(OwnerKind, (contact, program, letter, activity), strict=True):
        if owner_id is not None:
            owner = Owner(owner_kind, int(str(owner_id)))
            break
    else:  # the table's CHECK makes this impossible
        raise UserError(f"Attachment {ident} belongs to no record.")
    moment = stamp(str(added))
    assert moment is not None
    return AttachmentRow(
        int(str(ident)),
        str(name),
        AttachmentKind(str(kind)),
        str(digest),
        int(str(size)),
        owner,
        moment,
    )


def _exists(cursor: dbapi.Cursor, owner: Owner) -> bool:
    # the owner kinds are the tables' names
    return (
        cursor.execute(f"SELECT 1 FROM {owner.kind.value} WHERE id = ?", (owner.id,)).fetchone()
        is not None
    )


def _checked_name(name: str) -> str:
    cleaned = clean_name(name)
    problem = name_problem(cleaned)
    if problem:
        raise ValidationError({"name": problem})
    return cleaned


def add_attachment(
    session: Source,
    *,
    owner: Owner,
    name: str,
    data: bytes,
    kind: AttachmentKind,
    now: datetime,
) -> int:
    """Attach ``data`` as ``name`` to ``owner``; its bytes are stored once
    whatever else names them. Returns the new attachment's id."""
    name = _checked_name(name)
    too_big = size_problem(name, len(data))
    if too_big:
        raise UserError(too_big)
    digest = digest_of(data)
    cursor = driver.cursor(session)
    try:
        if not _exists(cursor, owner):
            raise UserError(
                f"There is no {owner.kind.value} with id {owner.id}; nothing was added."
            )
        cursor.execute(
            "INSERT INTO attachment_file (digest, size, data) VALUES (?, ?, ?) "
            "ON CONFLICT (digest) DO NOTHING",
            (digest, len(data), data),
        )
        cursor.execute(
            f"INSERT INTO attachment (name, kind, digest, {owner.column}, added_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (name, kind.value, digest, owner.id, stored(now.replace(microsecond=0))),
        )
        return int(cursor.lastrowid or 0)
    finally:
        cursor.close()


def list_attachments(source: Source, *, owner: Owner | None = None) -> list[AttachmentRow]:
    """The attachments of ``owner`` (None: every one), oldest first."""
    where, params = "", ()  # type: tuple[str, tuple[int, ...]]
    if owner is not None:
        where, params = f"WHERE a.{owner.column} = ?", (owner.id,)
    cursor = driver.cursor(source)
    try:
        rows = cursor.execute(
            f"SELECT {_COLUMNS} FROM {_FROM} {where} ORDER BY a.id", params
        ).fetchall()
    finally:
        cursor.close()
    return [_row(r) for r in rows]


def get_attachment(source: Source, *, attachment_id: int) -> AttachmentRow:
    cursor = driver.cursor(source)
    try:
        found = cursor.execute(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE a.id = ?", (attachment_id,)
        ).fetchone()
    finally:
        cursor.close()
    if found is None:
        raise UserError(f"There is no attachment with id {attachment_id}.")
    return _row(found)


def file_bytes(source: Source, *, digest: str) -> bytes:
    """The bytes of a stored file."""
    cursor = driver.cursor(source)
    try:
        found = cursor.execute(
            "SELECT data FROM attachment_file WHERE digest = ?", (digest,)
        ).fetchone()
    finally:
        cursor.close()
    if found is None:
        raise UserError("The attachment's file is not in the store; run img-crm check.")
    return bytes(found[0])


def rename_attachment(
    session: Source, *, attachment_id: int, name: str | None = None, kind: AttachmentKind | None
) -> None:
    """A new name, a new kind, or both (None keeps it)."""
    current = get_attachment(session, attachment_id=attachment_id)
    new_name = current.name if name is None else _checked_name(name)
    new_kind = current.kind if kind is None else kind
    cursor = driver.cursor(session)
    try:
        cursor.execute(
            "UPDATE attachment SET name = ?, kind = ? WHERE id = ?",
            (new_name, new_kind.value, attachment_id),
        )
    finally:
        cursor.close()


def remove_attachments(session: Source, *, attachment_ids: Sequence[int]) -> int:
    """Remove these attachments (their files are swept when no undo needs
    them); every id must exist or nothing is removed."""
    return delete_rows(
        session,
        table="attachment",
        ids=attachment_ids,
        refusal="There is no attachment with id {}; nothing was removed.",
    )


def delete_rows(session: Source, *, table: str, ids: Sequence[int], refusal: str) -> int:
    """Delete these rows of ``table`` (one of the attachment tables); every
    id must be there, or ``refusal`` names the first missing and nothing goes."""
    wanted = sorted(set(ids))
    marks = ", ".join("?" for _ in wanted) or "NULL"
    cursor = driver.cursor(session)
    try:
        found = {
            row[0]
            for row in cursor.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", wanted)
        }
        missing = [i for i in wanted if i not in found]
        if missing:
            raise UserError(refusal.format(missing[0]))
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({marks})", wanted)
        return len(wanted)
    finally:
        cursor.close()


def sweep_unused_files(session: Source, *, keep: Iterable[str] = ()) -> int:
    """Remove the files no attachment names, but those in ``keep`` (named by
    an undo step); returns how many went."""
    spared = sorted(set(keep))
    marks = ", ".join("?" for _ in spared)
    spare = f"AND digest NOT IN ({marks})" if spared else ""
    cursor = driver.cursor(session)
    try:
        cursor.execute(
            "DELETE FROM attachment_file WHERE digest NOT IN (SELECT digest FROM attachment) "
            f"{spare}",
            spared,
        )
        return int(cursor.rowcount)
    finally:
        cursor.close()


def unused_files(source: Source) -> int:
    cursor = driver.cursor(source)
    try:
        row = cursor.execute(
            "SELECT count(*) FROM attachment_file "
            "WHERE digest NOT IN (SELECT digest FROM attachment)"
        ).fetchone()
    finally:
        cursor.close()
    return int(row[0])


def files_going_with(source: Source, *, kind: OwnerKind, ids: Sequence[int]) -> int:
    """How many attachments deleting these records takes with them (a
    contact's letters' too)."""
    marks = ", ".join("?" for _ in ids) or "NULL"
    where = f"{kind.value}_id IN ({marks})"
    params = list(ids)
    if kind is OwnerKind.CONTACT:
        where += f" OR letter_id IN (SELECT id FROM letter WHERE writer_id IN ({marks}))"
        params += list(ids)
    cursor = driver.cursor(source)
    try:
        (count,) = cursor.execute(
            f"SELECT count(*) FROM attachment WHERE {where}", params
        ).fetchone()
    finally:
        cursor.close()
    return int(count)


def attachment_counts(source: Source, *, kind: OwnerKind) -> dict[int, int]:
    """How many attachments each record of ``kind`` has (a table's column)."""
    column = f"{kind.value}_id"
    cursor = driver.cursor(source)
    try:
        rows = cursor.execute(
            f"SELECT {column}, count(*) FROM attachment WHERE {column} IS NOT NULL "
            f"GROUP BY {column}"
        ).fetchall()
    finally:
        cursor.close()
    return {int(r[0]): int(r[1]) for r in rows}


__all__ = [
    "add_attachment",
    "attachment_counts",
    "delete_rows",
    "file_bytes",
    "files_going_with",
    "get_attachment",
    "list_attachments",
    "remove_attachments",
    "rename_attachment",
    "sweep_unused_files",
]
