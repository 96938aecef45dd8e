"""Likely duplicates and merging them: the use cases the command line and the
Find duplicates dialog share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from img_crm.domain.duplicates import Match, find_pairs
from img_crm.domain.merge import default_choices, joined_notes
from img_crm.domain.rows import ContactRow
from img_crm.store.contact_rows import get_contact, list_contacts
from img_crm.store.merge import merge_contacts


def likely_pairs(session: Session) -> tuple[list[Match], dict[int, ContactRow]]:
    """Every likely pair, best first, with the contacts they name."""
    people = list_contacts(session)
    return find_pairs(people), {p.id: p for p in people}


def pair_json(match: Match, people: Mapping[int, ContactRow]) -> dict[str, Any]:
    return {
        "first_id": match.first_id,
        "first_name": people[match.first_id].name,
        "second_id": match.second_id,
        "second_name": people[match.second_id].name,
        "score": match.score,
        "reason": match.reason,
    }


def merge(
    session: Session, *, keep_id: int, other_id: int, choices: Mapping[str, Any] | None = None
) -> None:
    """Fold ``other_id`` into ``keep_id``: the default choice of each field
    (``domain/merge.py``) unless ``choices`` picks another, the notes of both,
    the tags of both, and every activity, stage change, tie and letter."""
    keep = get_contact(session, contact_id=keep_id)
    other = get_contact(session, contact_id=other_id)
    final = {**default_choices(keep, other), **(choices or {})}
    final["notes"] = joined_notes(keep.notes, other.notes)
    merge_contacts(session, keep_id=keep_id, other_id=other_id, choices=final)


def look_alikes(
    session: Session, *, data: Mapping[str, Any], exclude: int | None = None
) -> list[tuple[Match, str]]:
    """Existing contacts a new or edited one may duplicate, best first, with
    their names: the warning both the form and ``contacts add`` give."""
    from img_crm.domain.contact_points import EMAIL, normalize_points
    from img_crm.domain.duplicates import candidates_for

    people = list_contacts(session)
    names = {p.id: p.name for p in people}
    points, _ = normalize_points(data.get("points") or ())  # the form's or the CLI's, raw
    emails = [str(data.get("email") or ""), *(p.value for p in points if p.kind == EMAIL)]
    found = candidates_for(
        name=str(data.get("name") or ""),
        emails=emails,
        institution=str(data.get("institution") or ""),
        people=people,
        exclude=exclude,
    )
    return [(match, names[match.first_id]) for match in found]
