"""Follow-ups, letter reminders, interviews and invitations' respond-by times as an
iCalendar file with alarms.

UIDs are stable (one per contact, letter step and program), so importing the
file again into a calendar updates the events instead of duplicating them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from img_crm import __version__, clock
from img_crm.domain.letters import REMINDER_TEXT
from img_crm.services.atomic import atomic_text_writer
from img_crm.services.letters import letter_reminders
from img_crm.services.programs import upcoming_interviews
from img_crm.services.relationships import contacts_with_status

UID_DOMAIN = "img-crm.local"

if TYPE_CHECKING:  # icalendar loads only when a calendar is written
    from icalendar import Alarm, Calendar, Event


def _alarm(description: str, before: timedelta) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", -before)
    return alarm


def _all_day(uid: str, summary: str, day: date, description: str, stamp: datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("description", description)
    event.add_component(_alarm(summary, timedelta(hours=-9)))  # 9 am that day
    return event


def build_calendar(session: Session, *, today: date | None = None) -> Calendar:
    from icalendar import Calendar, Event

    today = today or clock.today()
    stamp = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//img-crm//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "img-crm")
    now = clock.as_of(today)
    rows, statuses = contacts_with_status(session, now=now)
    for row in rows:
        status = statuses[row.id]
        if status.follow_up is None:
            continue
        day = max(status.follow_up, today)
        what = "Reply to" if status.reply_owed else "Follow up with"
        calendar.add_component(
            _all_day(
                f"follow-up-contact-{row.id}",
                f"{what} {row.name}",
                day,
                f"{row.role}, {row.institution}".strip(", "),
                stamp,
            )
        )
    for reminder in letter_reminders(session, today=today):
        step = reminder.reminder.step
        calendar.add_component(
            _all_day(
                f"letter-{reminder.letter_id}-{step.value}",
                f"{REMINDER_TEXT[step]}: {reminder.writer}",
                max(reminder.reminder.due, today),
                reminder.message,
                stamp,
            )
        )
    for interview in upcoming_interviews(session, now=now):
        event = Event()
        event.add("uid", f"interview-program-{interview.program_id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", f"Interview: {interview.name}")
        event.add("dtstart", interview.at)
        event.add("dtend", interview.at + timedelta(minutes=30))
        event.add("description", interview.when)
        event.add_component(_alarm(f"Interview: {interview.name}", timedelta(hours=1)))
        event.add_component(_alarm(f"Interview tomorrow: {interview.name}", timedelta(days=1)))
        calendar.add_component(event)
    from img_crm.services.today import to_answer

    for invitation in to_answer(session, now=now.astimezone(UTC)):
        if invitation.respond_by is None or invitation.respond_by < now.astimezone(UTC):
            continue
        event = Event()
        event.add("uid", f"respond-by-invitation-{invitation.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", f"Answer the invitation: {invitation.program}")
        event.add("dtstart", invitation.respond_by - timedelta(minutes=15))
        event.add("dtend", invitation.respond_by)
        event.add("description", "Respond by the end of this slot (the program's deadline).")
        title = f"Answer the invitation: {invitation.program}"
        event.add_component(_alarm(title, timedelta(hours=2)))
        event.add_component(_alarm(title, timedelta(days=1)))
        calendar.add_component(event)
    return calendar


def write_calendar(session: Session, destination: Path, *, today: date | None = None) -> int:
    calendar = build_calendar(session, today=today)
    with atomic_text_writer(destination, encoding="utf-8", newline="") as handle:
        handle.write(calendar.to_ical().decode("utf-8"))
    return len(calendar.subcomponents)
