"""Where each relationship stands today: next follow-up, overdue, reply owed, hints."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from img_crm import clock
from img_crm.domain import cadence
from img_crm.domain.contacts import TEXT_FIELDS
from img_crm.domain.enums import stage_of
from img_crm.domain.pipeline import HINT_TEXT, ActivitySpan, Hint, hints
from img_crm.domain.rows import ActivityRow, ContactRow, LetterRow
from img_crm.store.contact_rows import get_contact, list_contacts
from img_crm.store.driver import Source
from img_crm.store.relationships import (
    ContactActivity,
    activity_in_id_order,
    contact_activity,
)
from img_crm.store.settings import all_settings
from img_crm.store.snoozes import newest_snoozes

if TYPE_CHECKING:  # the ORM is not needed to read statuses
    from sqlmodel import Session

    from img_crm.domain.attachments import AttachmentKind, AttachmentRow, SentRow
    from img_crm.store.snoozes import SnoozeRow
    from img_crm.store.stages import StageChangeRow


@dataclass(frozen=True, slots=True)
class ContactStatus:
    follow_up: date | None = None
    follow_up_manual: bool = False
    overdue: bool = False
    reply_owed: bool = False
    #: The day of the reply that is waiting for an answer (when one is owed).
    reply_since: date | None = None
    hints: tuple[Hint, ...] = field(default_factory=tuple)
    last_activity: date | None = None
    #: Anything at all happened between the two (a logged activity, a first
    #: contact entered): an imported network starts as not yet contacted.
    contacted: bool = True
    #: The last day before the relationship counts as losing touch (the
    #: stage's maximum after the last touch), and whether that day has passed.
    touch_limit: date | None = None
    losing_touch: bool = False
    #: The follow-up is snoozed until this day, after today (None: not snoozed).
    snoozed_until: date | None = None

    @property
    def urgency(self) -> int:
        """Sort weight: a reply owed comes above everything, then overdue."""
        return 2 if self.reply_owed else 1 if self.overdue else 0


def status_of(
    row: ContactRow,
    activity: ContactActivity | None,
    *,
    rules: cadence.Cadence,
    today: date,
    now: datetime,
    snooze: tuple[date, date] | None = None,
) -> ContactStatus:
    """Where one relationship stands; ``snooze`` is the contact's newest
    ``(snoozed_on, until)``."""
    stage = stage_of(row.stage)
    follow_up = cadence.next_follow_up(
        stage=stage,
        last_interaction=row.last_interaction,
        first_contacted=row.first_contacted,
        manual=row.next_follow_up,
        intervals=rules.intervals,
    )
    snoozed = (
        cadence.snoozed_until(snooze, last_interaction=row.last_interaction)
        if follow_up is not None
        else None
    )
    if snoozed is not None and follow_up is not None and snoozed > follow_up:
        follow_up = snoozed
    limit = cadence.touch_limit(
        stage=stage,
        last_interaction=row.last_interaction,
        first_contacted=row.first_contacted,
        manual=row.next_follow_up,
        snoozed=snoozed,
        maximums=rules.maximums,
    )
    span = activity.span if activity else ActivitySpan()
    owed = False
    reply_day: date | None = None
    if activity is not None and activity.last_reply is not None:
        reply = cadence.activity_moment(*activity.last_reply)
        outgoing = (
            cadence.activity_moment(*activity.last_outgoing) if activity.last_outgoing else None
        )
        owed = cadence.reply_owed(last_reply=reply, last_outgoing=outgoing, now=now)
        reply_day = activity.last_reply[0] if owed else None
    return ContactStatus(
        follow_up=follow_up,
        follow_up_manual=row.next_follow_up is not None,
        overdue=cadence.is_overdue(follow_up, today),
        reply_owed=owed,
        reply_since=reply_day,
        hints=tuple(hints(stage, span, today)),
        last_activity=span.last_activity,
        contacted=row.first_contacted is not None
        or row.last_interaction is not None
        or span.last_activity is not None,
        touch_limit=limit,
        losing_touch=limit is not None and limit < today,
        snoozed_until=snoozed if snoozed is not None and snoozed > today else None,
    )


def _as_of(
    session: Source, now: datetime | None, today: date | None
) -> tuple[datetime, date, cadence.Cadence]:
    """The moment and day a status is worked out for, and the user's cadence."""
    now = now or clock.local_now()
    return now, today or now.date(), cadence.cadence_from_settings(all_settings(session))


def contact_statuses(
    session: Source,
    rows: Iterable[ContactRow],
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> dict[int, ContactStatus]:
    """Status of every given contact, from one aggregate query."""
    rows = list(rows)
    if len(rows) < 500:
        now, today, rules = _as_of(session, now, today)
        ids = [row.id for row in rows]
        found = contact_activity(session, contact_ids=ids)
        snoozes = newest_snoozes(session, contact_ids=ids)
        return {
            row.id: status_of(
                row,
                found.get(row.id),
                rules=rules,
                today=today,
                now=now,
                snooze=snoozes.get(row.id),
            )
            for row in rows
        }
    # The whole list, in id order (as the store lists it: sorting it again is
    # one linear pass).
    ordered = sorted(rows, key=attrgetter("id"))
    return {
        row.id: status
        for row, status in statuses_in_id_order(session, ordered, today=today, now=now)
    }


def statuses_in_id_order(
    session: Source,
    rows: Iterable[ContactRow],
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> Iterator[tuple[ContactRow, ContactStatus]]:
    """Each of ``rows`` (in rising id order) with its status, merged with the
    activity aggregates as both stream: neither the aggregates nor the rows
    need be held at once. Equal statuses are one object: 100,000 contacts
    have a few thousand distinct ones, and a status each was 55 MB."""
    now, today, rules = _as_of(session, now, today)
    snoozes = newest_snoozes(session)  # a few per user: held whole
    shared: dict[ContactStatus, ContactStatus] = {}
    stream = activity_in_id_order(session)
    try:
        pending = next(stream, None)
        last = 0
        for row in rows:
            if row.id <= last:
                raise ValueError("statuses_in_id_order needs rows in rising id order")
            last = row.id
            while pending is not None and pending[0] < row.id:
                pending = next(stream, None)
            activity = pending[1] if pending is not None and pending[0] == row.id else None
            status = status_of(
                row, activity, rules=rules, today=today, now=now, snooze=snoozes.get(row.id)
            )
            yield row, shared.setdefault(status, status)
    finally:
        stream.close()  # its cursor, while the source is still open


def contacts_with_status(
    session: Source, *, now: datetime | None = None
) -> tuple[list[ContactRow], dict[int, ContactStatus]]:
    """Every contact and its status, for the tables and the board."""
    rows = list_contacts(session)
    return rows, contact_statuses(session, rows, now=now)


def contact_json(row: ContactRow, status: ContactStatus) -> dict[str, Any]:
    """One contact as the command line prints it: fields, follow-up state, hints."""
    one_line = [f for f in TEXT_FIELDS if f not in ("timezone", "notes")]
    data: dict[str, Any] = {name: getattr(row, name) for name in ("id", *one_line)}
    data.update(
        us_based=row.us_based,
        timezone=row.timezone,
        stage=row.stage,
        tags=list(row.tags),
        points=[point._asdict() for point in row.points],
        notes=row.notes,
        first_contacted=row.first_contacted,
        connected_on=row.connected_on,
        last_interaction=row.last_interaction,
        next_follow_up=status.follow_up,
        follow_up_set_by_hand=status.follow_up_manual,
        flags={
            "overdue": status.overdue,
            "reply_owed": status.reply_owed,
            "losing_touch": status.losing_touch,
        },
        touch_limit=status.touch_limit,
        snoozed_until=status.snoozed_until,
        hints=[{"code": h.value, "text": HINT_TEXT[h]} for h in status.hints],
    )
    return data


@dataclass(frozen=True, slots=True)
class ContactDetail:
    """A contact with everything that hangs off it, read in one transaction."""

    row: ContactRow
    status: ContactStatus
    history: list[StageChangeRow]
    ties: list[tuple[str, str, int | None]]
    letters: list[LetterRow]
    activities: list[ActivityRow]
    #: Every snooze of their follow-up, newest first, with its reason.
    snoozes: list[SnoozeRow] = field(default_factory=list)
    #: The files on them, and what they were given (the newest CV and
    #: statement among it): #24.
    attachments: list[AttachmentRow] = field(default_factory=list)
    given: list[SentRow] = field(default_factory=list)
    versions: dict[AttachmentKind, SentRow] = field(default_factory=dict)


def contact_detail(session: Session, *, contact_id: int) -> ContactDetail:
    """The contact's fields and state, programs, stage history (newest first),
    the letters they write and their activities (newest first)."""
    from img_crm.domain.attachments import Owner, OwnerKind, newest_versions
    from img_crm.store.activities import list_activities
    from img_crm.store.attachments import list_attachments
    from img_crm.store.letters import letters_by_writer
    from img_crm.store.programs import ties_of_contact
    from img_crm.store.sent_files import sent_records
    from img_crm.store.snoozes import snoozes_of
    from img_crm.store.stages import list_stage_changes

    row = get_contact(session, contact_id=contact_id)
    given = sent_records(session, contact_id=row.id)
    return ContactDetail(
        row=row,
        status=contact_statuses(session, [row])[row.id],
        history=list_stage_changes(session, contact_id=row.id),
        ties=ties_of_contact(session, contact_id=row.id),
        letters=letters_by_writer(session, writer_id=row.id),
        activities=list_activities(session, contact_id=row.id),
        snoozes=snoozes_of(session, contact_id=row.id),
        attachments=list_attachments(session, owner=Owner(OwnerKind.CONTACT, row.id)),
        given=given,
        versions=newest_versions(given),
    )


def contact_detail_json(session: Session, *, contact_id: int) -> dict[str, Any]:
    """``contacts show --json``: the detail with the stage history oldest first."""
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.services.activities import activity_json
    from img_crm.services.attachments import sent_to_json, to_json
    from img_crm.services.custom_fields import values_json

    detail = contact_detail(session, contact_id=contact_id)
    data = contact_json(detail.row, detail.status)
    data["programs"] = [{"program": p, "kind": k, "tier": t} for p, k, t in detail.ties]
    data["stage_history"] = [
        {"on": c.changed_on, "from": c.from_stage, "to": c.to_stage, "note": c.note}
        for c in reversed(detail.history)
    ]
    data["letters"] = [
        {"id": letter.id, "type": letter.letter_type, "status": letter.status}
        for letter in detail.letters
    ]
    data["activities"] = [activity_json(a) for a in detail.activities]
    data["snoozes"] = [
        {"on": s.snoozed_on, "until": s.until, "reason": s.reason} for s in reversed(detail.snoozes)
    ]
    data["fields"] = values_json(session, record=RecordKind.CONTACT, record_id=detail.row.id)
    data["attachments"] = [to_json(a) for a in detail.attachments]
    data["given"] = [sent_to_json(s) for s in detail.given]
    data["versions"] = {
        kind.value: {"attachment_id": s.attachment_id, "name": s.name, "sent_on": s.sent_on}
        for kind, s in detail.versions.items()
    }
    return data


def contact_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every contact, in name order: what a picker offers."""
    from img_crm.domain.text import sort_key

    return sorted(((r.id, r.name) for r in list_contacts(session)), key=lambda p: sort_key(p[1]))


def contact(session: Session, *, contact_id: int) -> ContactRow:
    """One contact's fields, for a form or a message (``UserError`` if gone)."""
    return get_contact(session, contact_id=contact_id)


def deletion_summary(session: Session, *, contact_ids: list[int]) -> tuple[str, Any]:
    """The first contact's name and what deleting them takes along."""
    from img_crm.store.contacts import dependents

    first = get_contact(session, contact_id=contact_ids[0]).name
    return first, dependents(session, contact_ids=contact_ids)
