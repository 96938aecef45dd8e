"""Activities read from the user's mail and calendar files (data version 8).

``imported_item`` remembers each message or event already read, per
contact, so that a second import of the same mailbox adds nothing; it
outlives the activity (a user who deleted one does not want it back).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date

from img_crm.domain.correspondence import Found, local_day
from img_crm.domain.models import utc_now
from img_crm.store import driver
from img_crm.store.driver import Source
from img_crm.store.values import stored

SOURCES = ("mail", "calendar")


def email_owners(session: Source) -> dict[str, list[int]]:
    """Every contact's email addresses, lower-cased, with who has each."""
    owners: dict[str, list[int]] = {}
    cursor = driver.cursor(session)
    try:
        for value, contact_id in cursor.execute(
            "SELECT value, contact_id FROM contact_point WHERE kind = 'email' ORDER BY contact_id"
        ):
            ids = owners.setdefault(str(value).strip().casefold(), [])
            if contact_id not in ids:
                ids.append(int(contact_id))
    finally:
        cursor.close()
    return owners


def imported_keys(session: Source, *, source: str) -> set[tuple[str, int]]:
    """The (key, contact id) pairs already read from files of ``source``."""
    cursor = driver.cursor(session)
    try:
        return {
            (str(key), int(contact_id))
            for key, contact_id in cursor.execute(
                "SELECT key, contact_id FROM imported_item WHERE source = ?", (source,)
            )
        }
    finally:
        cursor.close()


def record_imported(
    session: Source,
    *,
    source: str,
    key: str,
    contact_id: int,
    activity_id: int | None = None,
    today: date | None = None,
) -> None:
    """Remember one item as read (no activity: read, and nothing to log)."""
    from img_crm import clock

    cursor = driver.cursor(session)
    try:
        cursor.execute(
            "INSERT OR IGNORE INTO imported_item VALUES (?, ?, ?, ?, ?)",
            (source, key, contact_id, activity_id, (today or clock.today()).isoformat()),
        )
    finally:
        cursor.close()


def write_found(session: Source, *, source: str, items: Sequence[Found], today: date) -> int:
    """Log each item as an activity of its contact and remember it, in the
    caller's writing transaction; an item read meanwhile (another import of
    the same file committed first) is left out. Returns how many were logged.

    A follow-up the user set for a day on or before a logged activity has
    happened, as when they log one by hand (``store/activities.py``)."""
    if source not in SOURCES:
        raise ValueError(f"not an import source: {source}")
    done = imported_keys(session, source=source)
    written = stored(utc_now())
    logged = 0
    cursor = driver.cursor(session)
    try:
        # read before this transaction: a contact may have been deleted since
        present = {int(row[0]) for row in cursor.execute("SELECT id FROM contact")}
        for item in items:
            if item.contact_id not in present or (item.key, item.contact_id) in done:
                continue
            assert item.contact_id is not None
            day = local_day(item.moment)
            cursor.execute(
                "INSERT INTO activity (occurred_on, kind, contact_id, setting, description, "
                "outcome, created_at, occurred_at) VALUES (?, ?, ?, '', ?, '', ?, ?)",
                (
                    day.isoformat(),
                    item.kind.value,
                    item.contact_id,
                    item.description,
                    written,
                    stored(item.moment.astimezone(UTC)),
                ),
            )
            cursor.execute(
                "INSERT INTO imported_item VALUES (?, ?, ?, ?, ?)",
                (source, item.key, item.contact_id, cursor.lastrowid, today.isoformat()),
            )
            cursor.execute(
                "UPDATE contact SET next_follow_up = NULL WHERE id = ? AND next_follow_up <= ?",
                (item.contact_id, day.isoformat()),
            )
            done.add((item.key, item.contact_id))
            logged += 1
    finally:
        cursor.close()
    return logged
