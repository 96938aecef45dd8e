"""Follow-ups: snoozing one, and the lists of who is due, snoozed or losing touch.

Both front ends call these: the Today tab and the contact's page snooze
through ``Ops.snooze``, ``img-crm followups snooze`` through the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from img_crm import clock
from img_crm.errors import UserError, ValidationError
from img_crm.services.relationships import contacts_with_status
from img_crm.store.driver import Source
from img_crm.store.snoozes import add_snooze


def snooze_end(*, today: date, days: int | None = None, until: date | None = None) -> date:
    """The day a snooze of ``days`` (or until ``until``) ends."""
    if (days is None) == (until is None):
        raise UserError("Snooze for a number of days or until a date (one of the two).")
    if until is not None:
        return until
    assert days is not None
    if not 1 <= days <= 365:
        raise ValidationError({"days": "must be from 1 to 365"})
    return today + timedelta(days=days)


def snooze(
    session: Source,
    *,
    contact_id: int,
    days: int | None = None,
    until: date | None = None,
    reason: str = "",
    today: date | None = None,
) -> date:
    """Put off a contact's follow-up (kept in their history with the reason);
    returns the day it ends."""
    today = today or clock.today()
    end = snooze_end(today=today, days=days, until=until)
    add_snooze(session, contact_id=contact_id, until=end, reason=reason, today=today)
    return end


@dataclass(frozen=True, slots=True)
class FollowUp:
    contact_id: int
    name: str
    stage: str
    due: date | None
    #: amber: past the ideal interval; red: past the maximum (losing touch)
    level: str
    touch_limit: date | None
    snoozed_until: date | None = None


@dataclass(frozen=True, slots=True)
class FollowUps:
    today: date
    due: list[FollowUp] = field(default_factory=list)
    losing_touch: list[FollowUp] = field(default_factory=list)
    snoozed: list[FollowUp] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def one(item: FollowUp) -> dict[str, Any]:
            return {
                "contact_id": item.contact_id,
                "name": item.name,
                "stage": item.stage,
                "due": item.due.isoformat() if item.due else None,
                "level": item.level,
                "touch_limit": item.touch_limit.isoformat() if item.touch_limit else None,
                "snoozed_until": item.snoozed_until.isoformat() if item.snoozed_until else None,
            }

        return {
            "date": self.today.isoformat(),
            "due": [one(i) for i in self.due],
            "losing_touch": [one(i) for i in self.losing_touch],
            "snoozed": [one(i) for i in self.snoozed],
        }


def follow_ups(session: Source, *, today: date | None = None) -> FollowUps:
    """Everyone due today or late (amber when late), everyone past their
    stage's maximum (red: losing touch, longest first), and every snooze."""
    today = today or clock.today()
    rows, statuses = contacts_with_status(session, now=clock.as_of(today))
    due: list[FollowUp] = []
    losing: list[FollowUp] = []
    snoozed: list[FollowUp] = []
    for row in rows:
        status = statuses[row.id]
        level = "red" if status.losing_touch else "amber" if status.overdue else ""
        item = FollowUp(
            row.id,
            row.name,
            row.stage,
            status.follow_up,
            level,
            status.touch_limit,
            status.snoozed_until,
        )
        if status.snoozed_until is not None:
            snoozed.append(item)
        if status.losing_touch:
            losing.append(item)
        elif status.follow_up is not None and status.follow_up <= today:
            due.append(item)
    losing.sort(key=lambda i: (i.touch_limit or today, i.name))
    due.sort(key=lambda i: (i.due or today, i.name))
    snoozed.sort(key=lambda i: (i.snoozed_until or today, i.name))
    return FollowUps(today, due, losing, snoozed)
