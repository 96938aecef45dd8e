"""Validation and normalisation of contact input, shared by the GUI, CLI and imports.

Every error is collected per field so a form can show each message beside its
widget, and an importer can name the column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from img_crm.domain import contact_points
from img_crm.domain.contact_points import EMAIL_PATTERN, normalize_points
from img_crm.domain.enums import Stage, values
from img_crm.domain.limits import day_problem, text_problem
from img_crm.domain.text import clean_text
from img_crm.errors import ValidationError

TEXT_FIELDS = (
    "name",
    "given_name",
    "family_name",
    "name_suffix",
    "address_as",
    "title",
    "role",
    "institution",
    "department",
    "specialty",
    "email",
    "phone",
    "linkedin_url",
    "pubmed_url",
    "timezone",
    "notes",
)
DATE_FIELDS = ("first_contacted", "connected_on", "next_follow_up")
FIELDS = (*TEXT_FIELDS, *DATE_FIELDS, "stage", "us_based", "tags", "points")
_KNOWN = frozenset(FIELDS)
_STAGES = frozenset(values(Stage))  # asked of every row of an import
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


@cache
def known_timezones() -> frozenset[str]:
    """IANA zone names (from tzdata where the OS has none, e.g. Windows)."""
    return frozenset(available_timezones())


def parse_tags(raw: str | Iterable[str]) -> list[str]:
    """Split a comma-separated tag string (or clean a list): trimmed, unique, ordered."""
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    tags: list[str] = []
    folded: set[str] = set()
    for part in parts:
        tag = clean_text(str(part))
        if tag and tag.casefold() not in folded:  # a set: 8,000 tags took seconds
            folded.add(tag.casefold())
            tags.append(tag)
    return tags


def _parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise ValueError("use a date like 2026-09-28") from exc
    problem = day_problem(day)
    if problem:
        raise ValueError(problem)
    return day


def _parse_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in {"yes", "y", "true", "1"}:
        return True
    if text in {"no", "n", "false", "0"}:
        return False
    raise ValueError("use yes or no")


def normalize_contact(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Return cleaned contact fields or raise ``ValidationError`` naming each bad field.

    With ``partial`` only the given keys are checked (an edit); otherwise a
    name is required and missing fields take their defaults.
    """
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    unknown = data.keys() - _KNOWN
    if unknown:
        errors[sorted(unknown)[0]] = "is not a contact field"

    for field in TEXT_FIELDS:
        if field in data:
            value = data[field]
            text = clean_text("" if value is None else str(value), multiline=field == "notes")
            problem = text_problem(text, multiline=field == "notes")
            if problem:
                errors[field] = problem
            clean[field] = text

    if (not partial or "name" in data) and not clean.get("name"):
        errors["name"] = "a name is required"
    email = clean.get("email")
    if email and not EMAIL_PATTERN.match(email):
        errors["email"] = "does not look like an email address (name@example.org)"
    for field in ("linkedin_url", "pubmed_url"):
        url = clean.get(field)
        if url and not _URL.match(url):
            errors[field] = "must be a web address starting with https://"
    zone = clean.get("timezone")
    if zone and zone not in known_timezones():
        errors["timezone"] = "is not a time zone name such as America/New_York"

    if "stage" in data or not partial:
        stage = str(data.get("stage") or Stage.COLD.value).strip().casefold()
        if stage not in _STAGES:
            errors["stage"] = "must be one of " + ", ".join(values(Stage))
        clean["stage"] = stage

    for field in DATE_FIELDS:
        if field in data:
            try:
                clean[field] = _parse_date(data[field])
            except ValueError as exc:
                errors[field] = str(exc)
    if "us_based" in data:
        try:
            clean["us_based"] = _parse_bool(data["us_based"])
        except ValueError as exc:
            errors["us_based"] = str(exc)
    if "tags" in data:
        tags = parse_tags(data["tags"] or [])
        if any(len(tag) > 60 for tag in tags):
            errors["tags"] = "each tag must be at most 60 characters"
        elif any(text_problem(tag) for tag in tags):
            errors["tags"] = next(p for p in map(text_problem, tags) if p)
        clean["tags"] = tags

    if "points" in data or not partial:
        _with_points(data.get("points") or (), clean, errors)

    if errors:
        raise ValidationError(errors)
    return clean


def _with_points(raw: Any, clean: dict[str, Any], errors: dict[str, str]) -> None:
    """Every email, phone and web address in ``clean["points"]``, with the
    given ``email`` and ``phone`` first of their kind, and those two set to
    the first of each (so they always agree)."""
    points, problems = normalize_points(raw)
    for column, message in problems.items():
        errors.setdefault(column, message)
    for kind in (contact_points.EMAIL, contact_points.PHONE):
        if kind in clean and clean[kind] and kind not in errors:
            points = contact_points.with_primary(points, kind, clean[kind], replace=False)
        clean[kind] = contact_points.first_of(points, kind)
    clean["points"] = points
