"""Merging two records of the same person: which value of each field survives.

One rule for the command line and the merge dialog alike: the record kept
keeps its own value of each field, and where it has none, the other record's
fills in; the person may pick otherwise, field by field, in the dialog. Notes
are never chosen between: both are kept, the other's after the survivor's.
"""

from __future__ import annotations

from typing import Any

from img_crm.domain.contacts import TEXT_FIELDS

#: The fields a person picks between when two records differ (notes are joined).
MERGE_FIELDS = (*(f for f in TEXT_FIELDS if f != "notes"), "stage")


def default_choices(keep: Any, other: Any) -> dict[str, Any]:
    """The other record's value for each field the kept one leaves empty."""
    return {
        field: getattr(other, field)
        for field in MERGE_FIELDS
        if not getattr(keep, field) and getattr(other, field)
    }


def joined_notes(kept: str, other: str) -> str:
    """Both records' notes, the kept one's first; nothing written twice."""
    kept, other = kept.strip(), other.strip()
    if not other or other in kept:
        return kept
    if not kept or kept in other:
        return other
    return f"{kept}\n\n{other}"
