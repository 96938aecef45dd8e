"""Meetings in ``.ics`` files: exported calendars and meeting invitations.

Read with icalendar; a repeating event becomes one meeting per occurrence
that has happened (``dateutil.rrule``, which icalendar itself depends on),
without the dates its ``EXDATE`` removes or an occurrence moved by a
``RECURRENCE-ID`` twice. An occurrence is known by its event's UID and its
start, so a second import of the same calendar adds nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from img_crm.domain.correspondence import description
from img_crm.errors import UserError
from img_crm.services.file_text import read_bounded
from img_crm.services.mail_reader import storable

#: Occurrences of one repeating event read at most (a daily stand-up for years).
MAX_OCCURRENCES = 1000


@dataclass(frozen=True, slots=True)
class Meeting:
    """One occurrence of an event, with the addresses of those who took part."""

    key: str
    moment: datetime  # aware
    summary: str
    attendees: tuple[tuple[str, str], ...]  # (address, name), declined ones left out
    cancelled: bool = False


def _address(value: Any) -> str:
    text = str(value).strip()
    if text.casefold().startswith("mailto:"):
        text = text[7:]
    return text.strip().casefold()


def _people(event: Any) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    organizer = event.get("ORGANIZER")
    for person in [*([organizer] if organizer is not None else []), *attendees]:
        params = getattr(person, "params", {})
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        address = _address(person)
        if "@" in address and address not in found:
            found[address] = storable(" ".join(str(params.get("CN", "")).split()))
    return tuple(found.items())


def _moment(value: date | datetime) -> datetime:
    """A start as an aware moment: a floating time is this computer's local
    time; an all-day event counts from noon, as a back-dated activity does."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.astimezone()
    return datetime.combine(value, time(12, 0)).astimezone()


def _uid(event: Any, start: date | datetime, summary: str) -> str:
    uid = " ".join(str(event.get("UID", "")).split())
    if uid and len(uid) <= 400:
        return uid
    people = ",".join(sorted(a for a, _ in _people(event)))
    return "sha256:" + hashlib.sha256(f"{start}|{summary}|{people}".encode()).hexdigest()


def _starts(event: Any, start: date | datetime, until: datetime) -> Iterator[date | datetime]:
    """The event's start, or each start of a repeating one up to ``until``."""
    rule = event.get("RRULE")
    if rule is None:
        yield start
        return
    from dateutil.rrule import rrulestr

    text = rule.to_ical().decode("ascii", errors="replace")
    anchor = start if isinstance(start, datetime) else datetime.combine(start, time())
    try:
        rrule = rrulestr(text, dtstart=anchor, ignoretz=anchor.tzinfo is None)
    except (ValueError, TypeError):
        yield start
        return
    removed = set()
    exdates = event.get("EXDATE", [])
    for group in exdates if isinstance(exdates, list) else [exdates]:
        for item in getattr(group, "dts", []):
            removed.add(_moment(item.dt))
    limit = until if anchor.tzinfo is not None else until.astimezone().replace(tzinfo=None)
    for n, occurrence in enumerate(rrule):
        if n >= MAX_OCCURRENCES or occurrence > limit:
            return
        value: date | datetime = occurrence if isinstance(start, datetime) else occurrence.date()
        if _moment(value) not in removed:
            yield value


def read_meetings(path: Path, *, now: datetime) -> tuple[list[Meeting], int]:
    """The meetings in one file that have started by ``now``, and how many
    are still to come (import the file again after them)."""
    from icalendar import Calendar

    raw = read_bounded(path)
    try:
        calendars = Calendar.from_ical(raw, multiple=True)
    except ValueError as exc:
        raise UserError(
            f"{path.name} is not a calendar file img-crm can read ({str(exc)[:80]}); "
            "nothing was imported."
        ) from None
    events = [e for calendar in calendars for e in calendar.walk("VEVENT")]
    moved: set[tuple[str, datetime]] = set()
    for event in events:
        if event.get("RECURRENCE-ID") is not None:
            moved.add((str(event.get("UID", "")), _moment(event.decoded("RECURRENCE-ID"))))
    meetings: list[Meeting] = []
    later = 0
    for event in events:
        if event.get("DTSTART") is None:
            continue
        start = event.decoded("DTSTART")
        summary = description(storable(str(event.get("SUMMARY", ""))), fallback="Meeting")
        uid = _uid(event, start, summary)
        people = _people(event)
        cancelled = str(event.get("STATUS", "")).upper() == "CANCELLED"
        recurrence = event.get("RECURRENCE-ID")
        repeats = event.get("RRULE") is not None
        for occurrence in _starts(event, start, now + timedelta(days=366)):
            moment = _moment(occurrence)
            if repeats and (str(event.get("UID", "")), moment) in moved:
                continue  # this one was moved: its own VEVENT has it
            if moment > now:
                later += 1  # starts come in order: the rest are later still
                break
            key = uid
            if repeats or recurrence is not None:
                when = _moment(event.decoded("RECURRENCE-ID")) if recurrence is not None else moment
                key = f"{uid}|{when.astimezone(UTC).isoformat()}"
            meetings.append(Meeting(key, moment, summary, people, cancelled))
    return meetings, later
