"""Bounds every stored value keeps, whichever way it comes in.

The forms, the command line, the importers and a JSON restore all check
against these, so a value one of them accepts never crashes another later (a
date in year 9999 overflowing "a week later", an infinite number of hours,
a million-character name, a NUL that ends text early for SQLite, text that
is not valid UTF-8). Each check returns the message for a bad value, or None.
"""

from __future__ import annotations

import math
from datetime import date, datetime

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2199, 12, 31)
#: One-line fields (names, institutions, emails...).
MAX_SHORT_TEXT = 300
#: Notes, descriptions, message bodies.
MAX_LONG_TEXT = 100_000
#: Hours of one activity: a year of full-time work is about 2,000.
MAX_HOURS = 10_000.0
#: SQLite's largest integer; ids run from 1 to here.
MAX_ID = 2**63 - 1


def day_problem(value: date) -> str | None:
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        return f"must be a date from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"
    return None


def moment_problem(value: datetime) -> str | None:
    """A stored moment is UTC: a day on either side of the date range is allowed,
    for a time at the range's edge in a zone far from UTC."""
    if not date(1899, 12, 31) <= value.date() <= date(2200, 1, 1):
        return f"must be a time from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"
    return None


def text_problem(text: str, *, multiline: bool = False, limit: int | None = None) -> str | None:
    """Text that cannot be stored as it is: not UTF-8, a control character, too long."""
    limit = limit if limit is not None else (MAX_LONG_TEXT if multiline else MAX_SHORT_TEXT)
    if len(text) > limit:
        return f"is longer than {limit:,} characters"
    if not text.isprintable():
        for ch in text:
            if 0xD800 <= ord(ch) <= 0xDFFF:
                return "is not valid text (its bytes are not UTF-8)"
            if ch in "\n\t\r" and multiline:
                continue
            if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
                return "holds a control character"
    return None


def text_errors(
    fields: dict[str, object], *, multiline: frozenset[str] = frozenset()
) -> dict[str, str]:
    """``{field: message}`` for each text value that cannot be stored as it is;
    a store command raises them as one ``ValidationError``."""
    errors = {}
    for name, value in fields.items():
        if value is None:
            continue
        problem = (
            "must be text"
            if not isinstance(value, str)
            else text_problem(value, multiline=name in multiline)
        )
        if problem:
            errors[name] = problem
    return errors


def number_problem(value: float, *, low: float, high: float) -> str | None:
    if not math.isfinite(value):
        return "must be a number"
    if not low <= value <= high:
        return f"must be from {low:g} to {high:g}"
    return None


def hours_problem(value: float) -> str | None:
    return number_problem(value, low=0, high=MAX_HOURS)


def id_problem(value: int) -> str | None:
    if not 1 <= value <= MAX_ID:
        return "is not an id (a whole number from 1)"
    return None
