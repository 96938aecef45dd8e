"""Where each relationship stands today: next follow-up, overdue, reply owed, hints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from img_crm import clock
from img_crm.domain import cadence
from img_crm.domain.enums import Stage, stage_of
from img_crm.domain.pipeline import ActivitySpan, Hint, hints
from img_crm.store.contacts import ContactRow, list_contacts
from img_crm.store.relationships import ContactActivity, contact_activity
from img_crm.store.settings import all_settings


@dataclass(frozen=True, slots=True)
class ContactStatus:
    follow_up: date | None = None
    follow_up_manual: bool = False
    overdue: bool = False
    reply_owed: bool = False
    hints: tuple[Hint, ...] = field(default_factory=tuple)
    last_activity: date | None = None

    @property
    def urgency(self) -> int:
        """Sort weight: a reply owed comes above everything, then overdue."""
        return 2 if self.reply_owed else 1 if self.overdue else 0


def status_of(
    row: ContactRow,
    activity: ContactActivity | None,
    *,
    intervals: dict[Stage, int],
    today: date,
    now: datetime,
) -> ContactStatus:
    stage = stage_of(row.stage)
    follow_up = cadence.next_follow_up(
        stage=stage,
        last_interaction=row.last_interaction,
        first_contacted=row.first_contacted,
        manual=row.next_follow_up,
        intervals=intervals,
    )
    span = activity.span if activity else ActivitySpan()
    owed = False
    if activity is not None and activity.last_reply is not None:
        reply = cadence.activity_moment(*activity.last_reply)
        outgoing = (
            cadence.activity_moment(*activity.last_outgoing) if activity.last_outgoing else None
        )
        owed = cadence.reply_owed(last_reply=reply, last_outgoing=outgoing, now=now)
    return ContactStatus(
        follow_up=follow_up,
        follow_up_manual=row.next_follow_up is not None,
        overdue=cadence.is_overdue(follow_up, today),
        reply_owed=owed,
        hints=tuple(hints(stage, span, today)),
        last_activity=span.last_activity,
    )


def contact_statuses(
    session: Session,
    rows: Iterable[ContactRow],
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> dict[int, ContactStatus]:
    """Status of every given contact, from one aggregate query."""
    rows = list(rows)
    now = now or clock.local_now()
    today = today or now.date()
    intervals = cadence.intervals_from_settings(all_settings(session))
    ids = [row.id for row in rows] if len(rows) < 500 else None
    activity = contact_activity(session, contact_ids=ids)
    return {
        row.id: status_of(row, activity.get(row.id), intervals=intervals, today=today, now=now)
        for row in rows
    }


def contacts_with_status(
    session: Session, *, now: datetime | None = None
) -> tuple[list[ContactRow], dict[int, ContactStatus]]:
    """Every contact and its status, for the tables and the board."""
    rows = list_contacts(session)
    return rows, contact_statuses(session, rows, now=now)
