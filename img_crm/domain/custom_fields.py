"""Fields of the user's own on contacts, programs and letters (#24): their
kinds, names and values.

A value is stored as text in one canonical form per kind (a number as
``12.5``, a day as ``2026-11-02``, yes/no as ``yes`` or ``no``, a choice
as the choice's own words), so every reader, the sort and the exports agree
on it. Pure functions; the rows are ``store/custom_fields.py``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from img_crm.domain.contacts import FIELDS as CONTACT_FIELDS
from img_crm.domain.limits import MAX_SHORT_TEXT, day_problem, text_problem
from img_crm.domain.text import fold


class FieldKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    YES_NO = "yes-no"
    CHOICE = "choice"


class RecordKind(StrEnum):
    """The records that can carry fields of the user's own."""

    CONTACT = "contact"
    PROGRAM = "program"
    LETTER = "letter"


MAX_FIELD_NAME = 60
MAX_CHOICES = 50
MAX_FIELDS = 100
#: A number a field may hold (and be sorted and summed by without loss).
MAX_NUMBER = 1e15
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_YES = {"yes", "y", "true", "1", "x", "✓", "✔"}
_NO = {"no", "n", "false", "0", ""}

#: What each record already calls its own fields (in files, forms and
#: columns): a field of the user's own may not take one of these names.
BUILT_IN_NAMES: dict[RecordKind, frozenset[str]] = {
    RecordKind.CONTACT: frozenset(
        {
            *(
                " ".join(column.split("_"))
                for column in (
                    *CONTACT_FIELDS,
                    "id",
                    "emails",
                    "phones",
                    "websites",
                    "last_interaction",
                    "created_at",
                    "updated_at",
                )
            ),
            # what the window calls them
            *("linkedin", "pubmed", "time zone", "last touch", "follow up", "needs"),
            *("programs", "letters", "files"),
        }
    ),
    RecordKind.PROGRAM: frozenset(
        {
            "id",
            "name",
            "institution",
            "city",
            "state",
            "tier",
            "visa",
            "type",
            "program type",
            "img share",
            "imgs",
            "timezone",
            "time zone",
            "application status",
            "status",
            "notes",
            "website",
            "created at",
            "updated at",
            "files",
        }
    ),
    RecordKind.LETTER: frozenset(
        {
            "id",
            "writer",
            "writer id",
            "type",
            "letter type",
            "specialty",
            "status",
            "waived",
            "notes",
            "programs",
            "since",
            "created at",
            "updated at",
            "files",
        }
    ),
}


@dataclass(frozen=True, slots=True)
class FieldDef:
    id: int
    record: RecordKind
    name: str
    kind: FieldKind
    choices: tuple[str, ...]
    position: int


def name_key(name: str) -> str:
    """The form two names are compared in: folded, ``_`` and ``-`` as spaces."""
    spaced = name.replace("_", " ").replace("-", " ")
    return " ".join(fold(spaced).split())


def clean_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def name_problem(record: RecordKind, name: str, *, others: Iterable[str] = ()) -> str | None:
    """Why ``name`` cannot name a new field on ``record`` (``others``: its
    fields' names now), or None."""
    if not name:
        return "must not be empty"
    problem = text_problem(name, limit=MAX_FIELD_NAME)
    if problem:
        return problem
    key = name_key(name)
    if key in BUILT_IN_NAMES[record]:
        return f"is already one of the {record.value}'s own fields"
    if any(name_key(other) == key for other in others):
        return f"is already the name of one of your {record.value} fields"
    if '"' in name:
        return 'must not hold a " (a vCard could not carry it)'
    if name.startswith(("=", "+", "-", "@")):
        return "must not start with = + - or @ (a spreadsheet would run it)"
    return None


def clean_choices(choices: Iterable[str]) -> tuple[str, ...]:
    """The choices as given, each trimmed, empty ones and repeats left out."""
    kept: dict[str, str] = {}
    for choice in choices:
        cleaned = clean_name(choice)
        if cleaned and fold(cleaned) not in kept:
            kept[fold(cleaned)] = cleaned
    return tuple(kept.values())


def choices_problem(kind: FieldKind, choices: tuple[str, ...]) -> str | None:
    if kind is not FieldKind.CHOICE:
        return "are only for a field whose kind is choice" if choices else None
    if len(choices) < 2:
        return "must be at least two"
    if len(choices) > MAX_CHOICES:
        return f"must be at most {MAX_CHOICES}"
    for choice in choices:
        problem = text_problem(choice, limit=100)
        if problem:
            return f"{choice[:20]!r} {problem}"
    return None


def parse_value(field: FieldDef, text: str) -> str | None:
    """The value as stored for what the user typed (None: no value), or
    ``ValueError`` with the message for the field."""
    raw = text.strip()
    kind = field.kind
    if kind is FieldKind.YES_NO:
        lowered = raw.casefold()
        if lowered in _YES:
            return "yes"
        if lowered in _NO:
            return None if raw == "" else "no"
        raise ValueError("must be yes or no")
    if raw == "":
        return None
    if kind is FieldKind.TEXT:
        problem = text_problem(raw, limit=MAX_SHORT_TEXT)
        if problem:
            raise ValueError(problem)
        return " ".join(raw.split())
    if kind is FieldKind.NUMBER:
        if _THOUSANDS.match(raw):
            raw = raw.replace(",", "")
        try:
            number = float(raw)
        except ValueError:
            raise ValueError("must be a number, such as 12 or 3.5") from None
        if not math.isfinite(number) or abs(number) > MAX_NUMBER:
            raise ValueError(f"must be a number from {-MAX_NUMBER:g} to {MAX_NUMBER:g}")
        return number_text(number)
    if kind is FieldKind.DATE:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise ValueError("must be a date such as 2026-11-02") from None
        problem = day_problem(day)
        if problem:
            raise ValueError(problem)
        return day.isoformat()
    for choice in field.choices:  # CHOICE: any case of one of its words
        if fold(choice) == fold(raw):
            return choice
    raise ValueError("must be one of " + ", ".join(field.choices))


def number_text(number: float) -> str:
    """12 for 12.0, 3.5, 0.0000004, 1234567.25: every digit the number has,
    no exponent, no trailing zeros, no minus on a zero."""
    if number == 0:
        return "0"
    text = format(Decimal(repr(number)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def sort_value(field: FieldDef, stored: str | None) -> tuple[bool, Any]:
    """A key that sorts values as their kind does (numbers as numbers),
    with the empty ones last."""
    if stored is None or stored == "":
        return (True, 0)
    if field.kind is FieldKind.NUMBER:
        try:
            return (False, float(stored))
        except ValueError:
            return (False, math.inf)
    if field.kind is FieldKind.CHOICE and stored in field.choices:
        return (False, field.choices.index(stored))
    return (False, fold(stored))


def stored_problem(field: FieldDef, stored: str) -> str | None:
    """Why a stored value (a JSON restore's cell) is not in the form this
    field stores, or None."""
    try:
        parsed = parse_value(field, stored)
    except ValueError as exc:
        return str(exc)
    if parsed != stored:
        return "is not in the form img-crm stores it"
    return None


def values_by_name(fields: Iterable[FieldDef], values: Mapping[int, str]) -> dict[str, str]:
    """``{field name: stored value}`` for one record, in the fields' order."""
    return {f.name: values[f.id] for f in fields if f.id in values}
