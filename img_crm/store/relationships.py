"""Per-contact activity aggregates that the cadence rules and hints read.

One grouped query over the activity log, so the whole contact list gets its
follow-up state without a query per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlmodel import Session

from img_crm.domain.cadence import OUTGOING_KINDS
from img_crm.domain.enums import ActivityKind
from img_crm.domain.pipeline import WORK_KINDS, ActivitySpan


@dataclass(frozen=True, slots=True)
class ContactActivity:
    span: ActivitySpan
    last_reply: tuple[date, datetime] | None
    last_outgoing: tuple[date, datetime] | None


def _kinds(kinds: frozenset[ActivityKind]) -> str:
    return ", ".join(f"'{kind.value}'" for kind in sorted(kinds))


_QUERY = f"""
SELECT contact_id,
       min(occurred_on), max(occurred_on),
       min(CASE WHEN kind IN ({_kinds(WORK_KINDS)}) THEN occurred_on END),
       max(CASE WHEN kind IN ({_kinds(WORK_KINDS)}) THEN occurred_on END),
       max(CASE WHEN kind = '{ActivityKind.REPLY_RECEIVED.value}'
                THEN occurred_on || '|' || created_at END),
       max(CASE WHEN kind IN ({_kinds(OUTGOING_KINDS)})
                THEN occurred_on || '|' || created_at END)
FROM activity
WHERE contact_id IS NOT NULL {{where}}
GROUP BY contact_id
"""


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> tuple[date, datetime] | None:
    if not value:
        return None
    day, logged = value.split("|", 1)
    stamp = datetime.fromisoformat(logged)
    if stamp.tzinfo is None:  # timestamps are stored in UTC without an offset
        stamp = stamp.replace(tzinfo=UTC)
    return date.fromisoformat(day), stamp


def contact_activity(
    session: Session, *, contact_ids: list[int] | None = None
) -> dict[int, ContactActivity]:
    """Activity aggregates by contact id (contacts with no activity are absent)."""
    where = ""
    params: dict[str, object] = {}
    if contact_ids is not None:
        names = [f":c{i}" for i in range(len(contact_ids))]
        where = f"AND contact_id IN ({', '.join(names) or 'NULL'})"
        params = {f"c{i}": cid for i, cid in enumerate(contact_ids)}
    result: dict[int, ContactActivity] = {}
    for row in session.execute(text(_QUERY.format(where=where)), params):
        result[row[0]] = ContactActivity(
            span=ActivitySpan(_day(row[1]), _day(row[2]), _day(row[3]), _day(row[4])),
            last_reply=_moment(row[5]),
            last_outgoing=_moment(row[6]),
        )
    return result
