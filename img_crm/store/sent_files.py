"""Who was given which file (``attachment_sent``, data version 10): the
"sent to" records of an attachment, by contact or program, each with its day.

Apart from ``attachments`` because the records answer another question
(what a sponsor already has) and are read by the relationship summaries.
Writers run in the caller's writing transaction; an id that is not there is
a ``UserError`` and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from img_crm.domain.attachments import AttachmentKind, SentRow
from img_crm.domain.limits import day_problem
from img_crm.errors import UserError, ValidationError
from img_crm.store import driver
from img_crm.store.attachments import delete_rows, get_attachment
from img_crm.store.driver import Source


def mark_sent(
    session: Source,
    *,
    attachment_id: int,
    contact_ids: Sequence[int] = (),
    program_ids: Sequence[int] = (),
    sent_on: date,
) -> int:
    """Record that the user gave this attachment to these contacts and
    programs on ``sent_on``; giving it again moves the day. Returns how many
    were recorded."""
    problem = day_problem(sent_on)
    if problem:
        raise ValidationError({"sent_on": problem})
    if not contact_ids and not program_ids:
        raise UserError("Name at least one contact or program it was sent to.")
    get_attachment(session, attachment_id=attachment_id)
    cursor = driver.cursor(session)
    try:
        for column, table, ids in (
            ("contact_id", "contact", contact_ids),
            ("program_id", "program", program_ids),
        ):
            for ident in dict.fromkeys(ids):
                if (
                    cursor.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ident,)).fetchone()
                    is None
                ):
                    raise UserError(f"There is no {table} with id {ident}; nothing was recorded.")
                cursor.execute(
                    f"INSERT INTO attachment_sent (attachment_id, {column}, sent_on) "
                    f"VALUES (?, ?, ?) ON CONFLICT (attachment_id, {column}) "
                    f"WHERE {column} IS NOT NULL DO UPDATE SET sent_on = excluded.sent_on",
                    (attachment_id, ident, sent_on.isoformat()),
                )
        return len(set(contact_ids)) + len(set(program_ids))
    finally:
        cursor.close()


def unmark_sent(session: Source, *, sent_ids: Sequence[int]) -> int:
    """Forget these "sent to" records (the user recorded one by mistake);
    every id must exist, or nothing is forgotten."""
    return delete_rows(
        session,
        table="attachment_sent",
        ids=sent_ids,
        refusal="There is no sent-to record with id {}; nothing was forgotten.",
    )


def sent_records(
    source: Source,
    *,
    attachment_id: int | None = None,
    contact_id: int | None = None,
    program_id: int | None = None,
) -> list[SentRow]:
    """Who was given what: of one attachment, or given to one contact or
    program; oldest first."""
    clauses, params = [], []
    for column, value in (
        ("s.attachment_id", attachment_id),
        ("s.contact_id", contact_id),
        ("s.program_id", program_id),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    cursor = driver.cursor(source)
    try:
        rows = cursor.execute(
            "SELECT s.id, s.attachment_id, a.name, a.kind, s.contact_id, s.program_id, s.sent_on "
            f"FROM attachment_sent s JOIN attachment a ON a.id = s.attachment_id {where} "
            "ORDER BY s.sent_on, s.id",
            params,
        ).fetchall()
    finally:
        cursor.close()
    return [
        SentRow(
            int(r[0]),
            int(r[1]),
            str(r[2]),
            AttachmentKind(str(r[3])),
            None if r[4] is None else int(r[4]),
            None if r[5] is None else int(r[5]),
            date.fromisoformat(str(r[6])),
        )
        for r in rows
    ]


def given_names(
    source: Source, *, attachment_ids: Sequence[int]
) -> dict[int, list[tuple[int, str, date]]]:
    """Each attachment's "sent to" records as (record id, whom, day): the
    contact's or the program's name, oldest first."""
    marks = ", ".join("?" for _ in attachment_ids) or "NULL"
    cursor = driver.cursor(source)
    try:
        rows = cursor.execute(
            "SELECT s.attachment_id, s.id, coalesce(c.name, p.name, ''), s.sent_on "
            "FROM attachment_sent s LEFT JOIN contact c ON c.id = s.contact_id "
            f"LEFT JOIN program p ON p.id = s.program_id WHERE s.attachment_id IN ({marks}) "
            "ORDER BY s.sent_on, s.id",
            list(attachment_ids),
        ).fetchall()
    finally:
        cursor.close()
    found: dict[int, list[tuple[int, str, date]]] = {}
    for attachment, ident, name, day in rows:
        found.setdefault(int(attachment), []).append(
            (int(ident), str(name), date.fromisoformat(str(day)))
        )
    return found


def recipient_choices(source: Source) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Every contact and every program a file may be given to, as (id, name)."""
    cursor = driver.cursor(source)
    try:
        contacts = cursor.execute("SELECT id, name FROM contact").fetchall()
        programs = cursor.execute("SELECT id, name FROM program").fetchall()
    finally:
        cursor.close()
    return (
        [(int(i), str(n)) for i, n in contacts],
        [(int(i), str(n)) for i, n in programs],
    )


__all__ = ["given_names", "mark_sent", "recipient_choices", "sent_records", "unmark_sent"]
