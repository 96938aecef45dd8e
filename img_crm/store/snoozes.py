"""Snoozed follow-ups (``follow_up_snooze``, data version 8).

Every snooze is kept, with its reason: the newest of a contact's is the one
that counts (``domain.cadence.snoozed_until`` says whether it still does);
the older ones are the history the contact's page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from img_crm import clock
from img_crm.domain.cadence import SNOOZE_REASON_LIMIT, snooze_problem
from img_crm.domain.limits import text_problem
from img_crm.errors import UserError, ValidationError
from img_crm.store import driver
from img_crm.store.driver import Source
from img_crm.store.values import stored


@dataclass(frozen=True, slots=True)
class SnoozeRow:
    id: int
    contact_id: int
    snoozed_on: date
    until: date
    reason: str


def add_snooze(session: Source, *, contact_id: int, until: date, reason: str, today: date) -> int:
    """Put off a contact's follow-up until ``until``, in the caller's writing
    transaction; ``ValidationError`` names a bad field, ``UserError`` a
    contact that is gone."""
    reason = " ".join(reason.split())
    errors: dict[str, str] = {}
    problem = snooze_problem(until, today=today)
    if problem:
        errors["until"] = problem
    text = text_problem(reason)
    if text:
        errors["reason"] = text
    elif len(reason) > SNOOZE_REASON_LIMIT:
        errors["reason"] = f"must be at most {SNOOZE_REASON_LIMIT} characters"
    if errors:
        raise ValidationError(errors)
    cursor = driver.cursor(session)
    try:
        if cursor.execute("SELECT 1 FROM contact WHERE id = ?", (contact_id,)).fetchone() is None:
            raise UserError(f"There is no contact with id {contact_id}.")
        cursor.execute(
            "INSERT INTO follow_up_snooze (contact_id, snoozed_on, until, reason, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                contact_id,
                today.isoformat(),
                until.isoformat(),
                reason,
                stored(clock.now().replace(microsecond=0)),
            ),
        )
        return int(cursor.lastrowid or 0)
    finally:
        cursor.close()


def newest_snoozes(
    session: Source, *, contact_ids: list[int] | None = None
) -> dict[int, tuple[date, date]]:
    """Each contact's newest snooze as ``(snoozed_on, until)``."""
    where = ""
    params: tuple[int, ...] = ()
    if contact_ids is not None:
        where = f"WHERE contact_id IN ({', '.join('?' for _ in contact_ids) or 'NULL'})"
        params = tuple(contact_ids)
    cursor = driver.cursor(session)
    try:
        rows = cursor.execute(
            "SELECT contact_id, snoozed_on, until FROM follow_up_snooze WHERE id IN "
            f"(SELECT max(id) FROM follow_up_snooze {where} GROUP BY contact_id)",
            params,
        ).fetchall()
    finally:
        cursor.close()
    return {int(c): (date.fromisoformat(on), date.fromisoformat(until)) for c, on, until in rows}


def snoozes_of(session: Source, *, contact_id: int) -> list[SnoozeRow]:
    """A contact's snoozes, newest first."""
    cursor = driver.cursor(session)
    try:
        rows = cursor.execute(
            "SELECT id, contact_id, snoozed_on, until, reason FROM follow_up_snooze "
            "WHERE contact_id = ? ORDER BY id DESC",
            (contact_id,),
        ).fetchall()
    finally:
        cursor.close()
    return [
        SnoozeRow(int(i), int(c), date.fromisoformat(on), date.fromisoformat(u), str(r))
        for i, c, on, u, r in rows
    ]
