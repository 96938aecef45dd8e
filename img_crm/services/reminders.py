"""What the desktop notifier reads from the store (``domain/reminders.py``
decides what to say).

Cheap enough to ask every few minutes on a big store: the replies waiting
come from the activity summary's one indexed table, the letters and
interviews are a handful of rows; the follow-up counts (every contact's
status) are read only when the daily digest is due.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from img_crm.domain.cadence import activity_moment
from img_crm.domain.letters import REMINDER_TEXT
from img_crm.domain.reminders import Facts, PendingReply
from img_crm.store.driver import Source
from img_crm.store.relationships import replies_unanswered

if TYPE_CHECKING:
    from sqlmodel import Session


def pending_replies(session: Source) -> list[PendingReply]:
    """Everyone whose newest reply came after the user's newest message to
    them, with when it came (local, naive)."""
    return [
        PendingReply(contact_id, name, activity_moment(*reply))
        for contact_id, name, reply in replies_unanswered(session)
    ]


def reminder_facts(session: Session, *, now: datetime, with_counts: bool) -> Facts:
    """The facts at ``now`` (local, naive); ``with_counts`` adds how many
    follow-ups are due and how many people are losing touch (the digest)."""
    from img_crm.services.letters import letter_reminders
    from img_crm.services.programs import upcoming_interviews

    due = losing = 0
    if with_counts:
        from img_crm.services.followups import follow_ups

        report = follow_ups(session, today=now.date())
        due, losing = len(report.due), len(report.losing_touch)
    letters = [
        (
            f"letter:{r.letter_id}:{r.reminder.step.value}:{r.reminder.due.isoformat()}",
            r.writer,
            REMINDER_TEXT[r.reminder.step],
        )
        for r in letter_reminders(session, today=now.date())
    ]
    interviews = [
        (i.program_id, i.name, i.at.astimezone().replace(tzinfo=None))
        for i in upcoming_interviews(session, now=now.astimezone(UTC))
    ]
    return Facts(
        pending_replies(session),
        due,
        losing,
        letters,
        interviews,
        awaiting_answer(session, now=now),
    )


def awaiting_answer(session: Session, *, now: datetime) -> list[tuple[int, str, datetime]]:
    """Invitations still to answer with a respond-by time: (id, program, by:
    local), from the same list Today shows."""
    from img_crm.services.today import to_answer

    return [
        (v.id, v.program, v.respond_by.astimezone().replace(tzinfo=None))
        for v in to_answer(session, now=now.astimezone(UTC))
        if v.respond_by is not None
    ]
