"""What the Today tab and ``img-crm today`` show: what needs doing now."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from img_crm import clock
from img_crm.domain.momentum import GOAL_TEXT, Funnel, Goal, funnel, momentum
from img_crm.services.eligibility import checklist
from img_crm.services.invitations import InvitationView
from img_crm.services.letters import LetterReminder, letter_reminders
from img_crm.services.programs import Interview, upcoming_interviews
from img_crm.services.relationships import contacts_with_status
from img_crm.store.reports import logged_activities, people_progress


@dataclass(frozen=True, slots=True)
class Due:
    """One person who needs a touch."""

    contact_id: int
    name: str
    stage: str
    institution: str
    due: date | None
    days_late: int
    #: For a reply owed: the day their reply came, and how long ago that was.
    waiting_since: date | None = None
    days_waiting: int = 0
    #: For someone losing touch: how many days past the stage's maximum, and
    #: the day of the last touch.
    days_losing: int = 0
    last_touch: date | None = None


@dataclass(frozen=True, slots=True)
class TodayReport:
    today: date
    replies_owed: list[Due]
    #: Due today or late, but not yet past the stage's maximum (amber when late).
    follow_ups_due: list[Due]
    momentum: dict[Goal, int]
    funnel: Funnel
    letter_reminders: list[LetterReminder] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    #: How many contacts there are at all (none: Today says how to start).
    contacts: int = 0
    #: Past the stage's maximum since the last touch (red), longest first.
    losing_touch: list[Due] = field(default_factory=list)
    #: Interview invitations still to answer, the nearest respond-by first.
    invitations: list[InvitationView] = field(default_factory=list)
    #: ECFMG or visa steps late for the match year (or a result that lapses).
    eligibility: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def person(due: Due) -> dict[str, Any]:
            return {
                "contact_id": due.contact_id,
                "name": due.name,
                "stage": due.stage,
                "institution": due.institution,
                "due": due.due.isoformat() if due.due else None,
                "days_late": due.days_late,
                "waiting_since": due.waiting_since.isoformat() if due.waiting_since else None,
                "days_waiting": due.days_waiting,
                "days_losing": due.days_losing,
                "last_touch": due.last_touch.isoformat() if due.last_touch else None,
            }

        return {
            "date": self.today.isoformat(),
            "replies_owed": [person(d) for d in self.replies_owed],
            "follow_ups_due": [person(d) for d in self.follow_ups_due],
            "losing_touch": [person(d) for d in self.losing_touch],
            "letter_reminders": [r.to_json() for r in self.letter_reminders],
            "interviews": [
                {
                    "program_id": i.program_id,
                    "program": i.name,
                    "at_utc": i.at.isoformat(),
                    "when": i.when,
                }
                for i in self.interviews
            ],
            "invitations": [v.to_json() for v in self.invitations],
            "eligibility": self.eligibility,
            "momentum": {
                goal.value: {"count": count, "met": count >= 1, "goal": GOAL_TEXT[goal]}
                for goal, count in self.momentum.items()
            },
            "funnel": {
                "contacted": self.funnel.contacted,
                "replied": self.funnel.replied,
                "warm": self.funnel.warm,
                "mentor": self.funnel.mentor,
                "sponsor": self.funnel.sponsor,
                "reply_rate": round(self.funnel.reply_rate, 4),
                "messages_sent": self.funnel.messages_sent,
                "messages_answered": self.funnel.messages_answered,
            },
        }


def _with_reply_rate(session: Session, counts: Funnel) -> Funnel:
    """The funnel with the one reply rate the app shows everywhere (Today,
    ``img-crm today``, the templates' total)."""
    from img_crm.domain.templates import reply_rates
    from img_crm.store.templates import outreach_history

    _, total = reply_rates(*outreach_history(session))
    return replace(counts, messages_sent=total.sent, messages_answered=total.replied)


def build_today(session: Session, *, today: date | None = None) -> TodayReport:
    """Replies owed, follow-ups due (today or late), this month's momentum, the funnel."""
    today = today or clock.today()
    now = clock.as_of(today)
    rows, statuses = contacts_with_status(session, now=now)
    owed: list[Due] = []
    due: list[Due] = []
    losing: list[Due] = []
    for row in rows:
        status = statuses[row.id]
        late = (today - status.follow_up).days if status.follow_up else 0
        entry = Due(row.id, row.name, row.stage, row.institution, status.follow_up, max(late, 0))
        if status.reply_owed and status.reply_since is not None:
            since = status.reply_since
            owed.append(replace(entry, waiting_since=since, days_waiting=(today - since).days))
        elif status.losing_touch and status.touch_limit is not None:
            losing.append(
                replace(
                    entry,
                    days_losing=(today - status.touch_limit).days,
                    last_touch=row.last_interaction or row.first_contacted,
                )
            )
        elif status.follow_up is not None and status.follow_up <= today:
            due.append(entry)
    owed.sort(key=lambda d: (-d.days_waiting, d.name))  # the longest wait first
    due.sort(key=lambda d: (-d.days_late, d.name))
    losing.sort(key=lambda d: (-d.days_losing, d.name))
    activities = logged_activities(session, since=today.replace(day=1))
    return TodayReport(
        today=today,
        replies_owed=owed,
        follow_ups_due=due,
        momentum=momentum(activities, today),
        funnel=_with_reply_rate(session, funnel(people_progress(session))),
        interviews=upcoming_interviews(session, now=now.astimezone(UTC)),
        letter_reminders=letter_reminders(session, today=today),
        contacts=len(rows),
        losing_touch=losing,
        invitations=to_answer(session, now=now.astimezone(UTC)),
        eligibility=[c.warning for c in checklist(session, today=today) if c.warning],
    )


def to_answer(session: Session, *, now: datetime) -> list[InvitationView]:
    """Invitations awaiting the user's answer, the nearest respond-by first
    (those with none last)."""
    from img_crm.domain.invitations import AWAITING
    from img_crm.services.invitations import overview

    views, _ = overview(session, now=now)
    waiting = [v for v in views if v.status in AWAITING]
    far = datetime.max.replace(tzinfo=UTC)
    waiting.sort(key=lambda v: (v.respond_by or far, v.program))
    return waiting


def activity_months(session: Session, *, today: date, months: int = 12) -> dict[date, Any]:
    """Activities per month by kind, for the months ending with ``today``'s."""
    from img_crm.domain.momentum import month_start, per_month, shift_month

    start = shift_month(month_start(today), -(months - 1))
    return per_month(logged_activities(session, since=start), last_month=today, months=months)
