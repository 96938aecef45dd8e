"""The one clock: everything that depends on the date or the time asks here.

Follow-ups, the 24-hour reply rule, momentum, the plan, letter reminders, the
sample data and every "today" default read :func:`today` or :func:`now`, never
``date.today()`` or ``datetime.now()``. That makes "today" one setting: a test
calls :func:`set_today` (or sets ``IMG_CRM_TODAY=2027-03-14`` or
``2027-03-14T19:30`` for a whole process and its children) and the whole
program lives on that day. A set clock starts at the given moment and then runs
at normal speed, so time still moves forward (backup names stay unique, "just
now" stays true) while the date stays put for any test.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as time_of_day

from img_crm.errors import UserError

ENV_VAR = "IMG_CRM_TODAY"
#: The time of day a set clock starts at when only a date is given.
DEFAULT_HOUR = time_of_day(10, 0)

# (the moment the clock was set to, monotonic seconds when it was set); None: real time.
_set: tuple[datetime, float] | None = None
_read_env = False


def parse_moment(text: str) -> datetime:
    """``YYYY-MM-DD`` (10:00 local time) or ``YYYY-MM-DDTHH:MM[:SS]`` (local unless
    it carries an offset), as an aware datetime. Raises ``ValueError``."""
    text = text.strip()
    if len(text) == 10:
        moment = datetime.combine(date.fromisoformat(text), DEFAULT_HOUR)
    else:
        moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.astimezone()


def set_now(moment: datetime | None) -> None:
    """Start the clock at ``moment`` (naive means local time); ``None``: real time again."""
    global _set, _read_env
    _read_env = True  # an explicit setting wins over the environment
    if moment is None:
        _set = None
    else:
        aware = moment if moment.tzinfo else moment.astimezone()
        _set = (aware, time.monotonic())


def set_today(day: date | None) -> None:
    """Live on ``day`` from 10:00 local time; ``None``: real time again."""
    set_now(None if day is None else datetime.combine(day, DEFAULT_HOUR))


def _from_env() -> None:
    global _read_env
    _read_env = True
    text = os.environ.get(ENV_VAR, "").strip()
    if text:
        try:
            set_now(parse_moment(text))
        except ValueError as exc:
            raise UserError(
                f"{ENV_VAR}={text!r} is not a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM)."
            ) from exc


def is_set() -> bool:
    """Whether the clock was set (by a test or ``IMG_CRM_TODAY``) rather than real."""
    if not _read_env:
        _from_env()
    return _set is not None


def now() -> datetime:
    """This moment, aware, in UTC."""
    if not _read_env:
        _from_env()
    if _set is None:
        return datetime.now(UTC)
    start, started = _set
    return (start + timedelta(seconds=time.monotonic() - started)).astimezone(UTC)


def local_now() -> datetime:
    """This moment in the computer's own time zone, naive (as a form shows it)."""
    return now().astimezone().replace(tzinfo=None)


def today() -> date:
    """Today's date in the computer's own time zone."""
    return local_now().date()


def as_utc(moment: datetime) -> datetime:
    """A stored moment as an aware UTC one (SQLite gives UTC back naive)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def as_of(day: date) -> datetime:
    """The moment a report "as of ``day``" is made at, naive local time: now when
    ``day`` is today, otherwise the end of that day (all of it has happened)."""
    if day == today():
        return local_now()
    return datetime.combine(day, time_of_day.max)
