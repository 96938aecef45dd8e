"""Meetings in ``.ics`` files: exported calendars and meeting invitations.

Read with icalendar; a repeating event becomes one meeting per occurrence
that has happened: its start, the starts its ``RRULE`` gives
(``dateutil.rrule``, which icalendar itself depends on) and its ``RDATE``
adds, without those its ``EXDATE`` removes or a ``RECURRENCE-ID`` moved into
an event of their own. An occurrence is known by its event's UID and its
start as the file writes it (an all-day or floating start is the same
wherever the computer is), so a second import of the same calendar adds
nothing, even after the user has travelled.

An event whose start or repetition cannot be read is not guessed at: it is
listed by its place in the file, as an undated message is.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from img_crm.domain.correspondence import EARLIEST, Unreadable, description
from img_crm.errors import UserError
from img_crm.services.file_text import read_bounded
from img_crm.services.mail_headers import storable

#: Occurrences of one repeating event read at most (a daily stand-up for years).
MAX_OCCURRENCES = 1000
#: The years a start may be in (beyond them a date cannot be a meeting's,
#: and Python cannot always convert it).
YEARS = (1900, 2199)
#: Repeat rules that are not a series of meetings (a meeting every minute).
NOT_MEETINGS = frozenset({"SECONDLY", "MINUTELY"})

#: Why a field of an event cannot be used, said without its text.
_REASONS = {
    "DTSTART": "the start cannot be read (or is not a date from 1900 to 2199)",
    "RRULE": "the repeat rule cannot be read or used",
    "RDATE": "a repeat date cannot be read",
    "EXDATE": "a date left out of the series cannot be read",
    "RECURRENCE-ID": "the date of the moved occurrence cannot be read",
}

Start = date | datetime


@dataclass(frozen=True, slots=True)
class Meeting:
    """One occurrence of an event, with the addresses of those who took part
    (or, with ``problem`` set, an event that cannot be read)."""

    key: str
    moment: datetime  # aware
    summary: str
    attendees: tuple[tuple[str, str], ...]  # (address, name), declined ones left out
    cancelled: bool = False
    problem: Unreadable | None = None
    #: Who declined (the user among them: the meeting is not theirs).
    declined: frozenset[str] = frozenset()


class _BrokenFieldError(Exception):
    """A field of an event that cannot be read (its name is the message)."""


def _address(value: Any) -> str:
    """An attendee's address: its mailto: value, else its EMAIL parameter
    (Outlook and Apple write ``urn:uuid:…`` values with ``EMAIL=``)."""
    text = str(value).strip()
    if text.casefold().startswith("mailto:"):
        text = text[7:]
    if "@" not in text:
        text = str(getattr(value, "params", {}).get("EMAIL", text))
    return text.strip().casefold()


def _people(event: Any) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """Those who took part (organizer and attendees who did not decline,
    with their names) and those who declined (an organizer declining on
    their own attendee line too)."""
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    declined = frozenset(
        _address(person)
        for person in attendees
        if str(getattr(person, "params", {}).get("PARTSTAT", "")).upper() == "DECLINED"
    )
    found: dict[str, str] = {}
    organizer = event.get("ORGANIZER")
    for person in [*([organizer] if organizer is not None else []), *attendees]:
        params = getattr(person, "params", {})
        address = _address(person)
        if "@" in address and address not in declined and address not in found:
            found[address] = storable(" ".join(str(params.get("CN", "")).split()))
    return tuple(found.items()), declined


def _moment(value: Start) -> datetime:
    """A start as an aware moment: a floating time is this computer's local
    time; an all-day event counts from noon, as a back-dated activity does."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.astimezone()
    return datetime.combine(value, time(12, 0)).astimezone()


def _written(value: Start) -> str:
    """A start as the file writes it: a moment in UTC, or a floating time or
    a day as it stands (the same in every time zone)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def _uid(event: Any, start: Start, summary: str, people: tuple[tuple[str, str], ...]) -> str:
    uid = " ".join(str(event.get("UID", "")).split())
    if uid and len(uid) <= 400:
        return uid
    who = ",".join(sorted(a for a, _ in people))
    return "sha256:" + hashlib.sha256(f"{_written(start)}|{summary}|{who}".encode()).hexdigest()


def _start(event: Any, name: str) -> Start:
    """The date or moment of ``name`` (DTSTART, RECURRENCE-ID)."""
    value = event.decoded(name)
    if not isinstance(value, date) or not YEARS[0] <= value.year <= YEARS[1]:
        raise _BrokenFieldError(name)
    return value


def _like(value: Start, start: Start) -> Start:
    """A date of a list (RDATE, EXDATE) in the kind of the event's start, so
    the two compare: a day for an all-day event, a moment in the start's
    zone for a timed one, this computer's time for a floating one."""
    if not isinstance(start, datetime):
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, datetime):
        value = datetime.combine(value, start.time())
    if start.tzinfo is not None:
        return value if value.tzinfo is not None else value.replace(tzinfo=start.tzinfo)
    # a moment in a floating series: read as UTC's wall clock, the same on
    # every computer (this computer's zone would change with travel)
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def _listed(event: Any, name: str, start: Start) -> list[Start]:
    """The dates an RDATE or EXDATE property lists (a period counts from its start)."""
    values = event.get(name, [])
    found: list[Start] = []
    for group in values if isinstance(values, list) else [values]:
        items = getattr(group, "dts", None)
        if items is None:
            raise _BrokenFieldError(name)
        for item in items:
            value = item.dt[0] if isinstance(item.dt, tuple) else item.dt
            if not isinstance(value, date) or not YEARS[0] <= value.year <= YEARS[1]:
                raise _BrokenFieldError(name)
            found.append(_like(value, start))
    return found


def _rule_text(rule: Any, anchor: datetime) -> str:
    """The rule as dateutil reads it: an UNTIL in the kind of the start, as
    dateutil requires (Outlook writes a local UNTIL for a start with a zone;
    it is made UTC)."""
    from icalendar.prop import vRecur

    if not isinstance(rule, vRecur):
        raise _BrokenFieldError("RRULE")
    parts = dict(rule)
    interval = parts.get("INTERVAL") or [1]
    frequency = parts.get("FREQ") or [""]
    # dateutil never ends an INTERVAL=0 rule that matches nothing
    if not isinstance(interval[0], int) or interval[0] < 1 or frequency[0] in NOT_MEETINGS:
        raise _BrokenFieldError("RRULE")
    untils = parts.get("UNTIL") or []
    if untils:
        until = untils[0]
        if anchor.tzinfo is not None:
            if not isinstance(until, datetime):
                until = datetime.combine(until, time(23, 59, 59))
            if until.tzinfo is None:
                until = until.replace(tzinfo=anchor.tzinfo)
            until = until.astimezone(UTC)
        elif isinstance(until, datetime) and until.tzinfo is not None:
            until = until.astimezone().replace(tzinfo=None)  # a floating series
        parts["UNTIL"] = [until]
    text: bytes = vRecur(parts).to_ical()  # type: ignore[no-untyped-call]
    return text.decode("ascii", errors="replace")


def _ruled(event: Any, start: Start, limit: datetime) -> list[Start]:
    """The starts the event's RRULEs give, up to ``limit``."""
    rules = event.get("RRULE")
    if rules is None:
        return []
    from dateutil.rrule import rrulestr

    anchor = start if isinstance(start, datetime) else datetime.combine(start, time())
    if anchor.tzinfo is None:
        limit = limit.astimezone().replace(tzinfo=None)
    found: list[Start] = []
    for rule in rules if isinstance(rules, list) else [rules]:
        try:
            ruled = rrulestr(_rule_text(rule, anchor), dtstart=anchor)
            for n, occurrence in enumerate(ruled):
                if n >= MAX_OCCURRENCES or occurrence > limit:
                    break
                found.append(occurrence if isinstance(start, datetime) else occurrence.date())
        except (ValueError, TypeError, KeyError, OverflowError):
            raise _BrokenFieldError("RRULE") from None
    return found


def _occurrences(event: Any, start: Start, limit: datetime) -> list[Start]:
    """The event's start, or every start of a repeating one up to ``limit``,
    in order."""
    starts: dict[str, Start] = {_written(start): start}
    for value in [*_ruled(event, start, limit), *_listed(event, "RDATE", start)]:
        starts.setdefault(_written(value), value)
    removed = {_written(value) for value in _listed(event, "EXDATE", start)}
    kept = [value for key, value in starts.items() if key not in removed]
    kept.sort(key=_moment)
    return kept


def _broken_field(event: Any) -> str | None:
    """The first field icalendar itself could not read, of those we use."""
    for name, _ in getattr(event, "errors", []):
        if str(name).upper() in _REASONS:
            return str(name).upper()
    return None


def _event_lines(raw: bytes) -> list[int]:
    """The line each event begins on, in file order (as ``walk`` finds them)."""
    return [
        n for n, line in enumerate(raw.splitlines(), 1) if line.strip().upper() == b"BEGIN:VEVENT"
    ]


def read_meetings(path: Path, *, now: datetime) -> tuple[list[Meeting], int]:
    """The meetings in one file that have started by ``now`` (and the events
    that cannot be read), and how many are still to come (import the file
    again after them)."""
    from icalendar import Calendar

    raw = read_bounded(path)
    try:
        calendars = Calendar.from_ical(raw, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError):
        raise UserError(
            f"{path.name} is not a calendar file img-crm can read (an .ics file of events); "
            "nothing was imported."
        ) from None
    placed = [
        (event, str(calendar.get("METHOD", "")).upper() == "CANCEL")
        for calendar in calendars
        for event in calendar.walk("VEVENT")
    ]
    lines = _event_lines(raw)
    if len(lines) > len(placed):  # icalendar drops an event with no END:VEVENT
        line = lines[len(placed)] if not placed else lines[-1]
        raise UserError(
            f"{path.name}, line {line}: the event there has no END:VEVENT (the file is cut "
            "short); nothing was imported."
        )
    if not placed:
        raise UserError(f"{path.name} holds no calendar events; nothing was imported.")
    masters = _master_starts(event for event, _ in placed)
    latest = _latest_versions([event for event, _ in placed], masters)
    moved: set[tuple[str, str]] = set()
    for event, _ in placed:
        if event.get("RECURRENCE-ID") is not None:
            with contextlib.suppress(_BrokenFieldError):  # listed below, with its event
                moved.add(_override(event, masters))
    meetings: list[Meeting] = []
    later = 0
    for number, (event, cancel_method) in enumerate(placed, 1):
        if event.get("DTSTART") is None or number - 1 not in latest:
            continue  # an older version of an event the file also has newer
        summary = description(storable(str(event.get("SUMMARY", ""))), fallback="Meeting")
        people, declined = _people(event)
        statuses = event.get("STATUS", "")
        cancelled = cancel_method or any(
            str(status).upper() == "CANCELLED"
            for status in (statuses if isinstance(statuses, list) else [statuses])
        )
        try:
            found, ahead = _meetings(event, summary, people, cancelled, moved, masters, now)
        except _BrokenFieldError as broken:
            field = str(broken)
            line = lines[number - 1] if number <= len(lines) else 0
            problem = Unreadable(path.name, line, number, field, _REASONS[field])
            meetings.append(Meeting("", now, summary, people, cancelled, problem, declined))
            continue
        meetings += [replace(m, declined=declined) for m in found]
        later += ahead
    return meetings, later


def _master_starts(events: Iterable[Any]) -> dict[str, Start]:
    """Each repeating series' start, by UID (a moved occurrence's
    RECURRENCE-ID is read in the same kind: a day, a floating time...)."""
    starts: dict[str, Start] = {}
    for event in events:
        if event.get("RECURRENCE-ID") is None and event.get("UID") is not None:
            with contextlib.suppress(_BrokenFieldError, KeyError):
                starts.setdefault(str(event.get("UID")), _start(event, "DTSTART"))
    return starts


def _override(event: Any, masters: dict[str, Start]) -> tuple[str, str]:
    """The UID and the original start (as the series writes it) of a moved occurrence."""
    uid = str(event.get("UID", ""))
    original = _start(event, "RECURRENCE-ID")
    master = masters.get(uid)
    return uid, _written(_like(original, master) if master is not None else original)


def _sequence(event: Any) -> int:
    try:
        return int(str(event.get("SEQUENCE", 0)))
    except ValueError:
        return 0


def _latest_versions(events: list[Any], masters: dict[str, Start]) -> set[int]:
    """The places of the events that count: of several versions of one
    event (the same UID and occurrence: an invitation, then its update or
    cancellation), the one with the highest SEQUENCE, the later on a tie."""
    best: dict[tuple[str, str], int] = {}
    kept: set[int] = set()
    for n, event in enumerate(events):
        if event.get("UID") is None:
            kept.add(n)
            continue
        try:
            which = _override(event, masters) if event.get("RECURRENCE-ID") is not None else None
        except _BrokenFieldError:
            kept.add(n)  # listed as unreadable
            continue
        key = which or (str(event.get("UID")), "")
        if key not in best or _sequence(event) >= _sequence(events[best[key]]):
            best[key] = n
    return kept | set(best.values())


def _meetings(
    event: Any,
    summary: str,
    people: tuple[tuple[str, str], ...],
    cancelled: bool,
    moved: set[tuple[str, str]],
    masters: dict[str, Start],
    now: datetime,
) -> tuple[list[Meeting], int]:
    """One event's meetings up to ``now``, and 1 if more are still to come."""
    broken = _broken_field(event)
    if broken is not None:
        raise _BrokenFieldError(broken)
    start = _start(event, "DTSTART")
    uid = _uid(event, start, summary, people)
    raw_uid = str(event.get("UID", ""))
    recurrence = None
    if event.get("RECURRENCE-ID") is not None:
        recurrence = _override(event, masters)[1]
    occurrences = _occurrences(event, start, now + timedelta(days=366))
    repeats = len(occurrences) > 1 or event.get("RRULE") is not None
    found: list[Meeting] = []
    for occurrence in occurrences:
        written = _written(occurrence)
        if repeats and (raw_uid, written) in moved:
            continue  # this one was moved: its own VEVENT has it
        moment = _moment(occurrence)
        if moment < EARLIEST:
            continue  # a series begun before anyone's residency search
        if moment > now:
            return found, 1  # starts come in order: the rest are later still
        key = uid
        if recurrence is not None:
            key = f"{uid}|{recurrence}"
        elif repeats:
            key = f"{uid}|{written}"
        found.append(Meeting(key, moment, summary, people, cancelled))
    return found, 0
