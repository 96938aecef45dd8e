"""Per-contact activity aggregates that the cadence rules and hints read.

Read from ``contact_activity_summary``, which triggers keep as activities
are written (data version 6, ``store/migrations.py``): the whole contact list
gets its follow-up state from one indexed read, without a query per person
or an aggregate over the whole activity log.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from datetime import date, datetime

from img_crm.domain.pipeline import ActivitySpan
from img_crm.store import driver
from img_crm.store.driver import Source
from img_crm.store.values import stamp


@dataclass(frozen=True, slots=True)
class ContactActivity:
    span: ActivitySpan
    last_reply: tuple[date, datetime] | None
    last_outgoing: tuple[date, datetime] | None


_QUERY = """
SELECT contact_id, first_on, last_on, first_work, last_work, last_reply, last_outgoing
FROM contact_activity_summary {where}
"""


def _moment(value: str | None) -> tuple[date, datetime] | None:
    if not value:
        return None
    occurred, logged = value.split("|", 1)
    moment = stamp(logged)
    assert moment is not None
    return date.fromisoformat(occurred), moment


def _read(
    source: Source, where: str, params: tuple[int, ...]
) -> Generator[tuple[int, ContactActivity], None, None]:
    # Through the driver, in the source's transaction: SQLAlchemy's row
    # wrapper doubled the cost of reading one aggregate per contact.
    days: dict[str | None, date | None] = {None: None}  # one object per distinct day

    def day(value: str | None) -> date | None:
        found = days.get(value)
        if found is None and value:
            found = days[value] = date.fromisoformat(value)
        return found

    cursor = driver.cursor(source)
    try:
        for row in cursor.execute(_QUERY.format(where=where), params):  # streamed
            yield (
                row[0],
                ContactActivity(
                    span=ActivitySpan(day(row[1]), day(row[2]), day(row[3]), day(row[4])),
                    last_reply=_moment(row[5]),
                    last_outgoing=_moment(row[6]),
                ),
            )
    finally:
        cursor.close()


def contact_activity(
    session: Source, *, contact_ids: list[int] | None = None
) -> dict[int, ContactActivity]:
    """Activity aggregates by contact id (contacts with no activity are absent)."""
    where = ""
    params: tuple[int, ...] = ()
    if contact_ids is not None:
        where = f"WHERE contact_id IN ({', '.join('?' for _ in contact_ids) or 'NULL'})"
        params = tuple(contact_ids)
    return dict(_read(session, where, params))


def activity_in_id_order(session: Source) -> Generator[tuple[int, ContactActivity], None, None]:
    """Every contact's aggregate in contact id order, one at a time: the whole
    list's statuses are worked out as they stream by, without holding 100,000
    aggregates at once (48 MB)."""
    return _read(session, "ORDER BY contact_id", ())


def replies_unanswered(session: Source) -> list[tuple[int, str, tuple[date, datetime]]]:
    """Each contact whose newest reply is newer than the user's newest
    message to them: (id, name, the reply's day and logged-or-given moment)."""
    cursor = driver.cursor(session)
    try:
        rows = cursor.execute(
            "SELECT s.contact_id, c.name, s.last_reply FROM contact_activity_summary s "
            "JOIN contact c ON c.id = s.contact_id WHERE s.last_reply IS NOT NULL "
            "AND (s.last_outgoing IS NULL OR s.last_outgoing < s.last_reply)"
        ).fetchall()
    finally:
        cursor.close()
    found = []
    for contact_id, name, last_reply in rows:
        moment = _moment(last_reply)
        assert moment is not None
        found.append((int(contact_id), str(name), moment))
    return found
