"""The stage ladder's history: every move of a contact, dated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from img_crm.domain.enums import Stage
from img_crm.domain.models import Contact, StageChange


@dataclass(frozen=True, slots=True)
class StageChangeRow:
    id: int
    contact_id: int
    contact_name: str
    from_stage: str | None
    to_stage: str
    changed_on: date
    note: str


def list_stage_changes(session: Session, *, contact_id: int | None = None) -> list[StageChangeRow]:
    """Stage changes, newest first (of one contact, or of everyone)."""
    query = (
        select(
            col(StageChange.id),
            col(StageChange.contact_id),
            col(Contact.name),
            col(StageChange.from_stage),
            col(StageChange.to_stage),
            col(StageChange.changed_on),
            col(StageChange.note),
        )
        .join(Contact, col(Contact.id) == col(StageChange.contact_id))
        .order_by(col(StageChange.changed_on).desc(), col(StageChange.id).desc())
    )
    if contact_id is not None:
        query = query.where(col(StageChange.contact_id) == contact_id)
    return [StageChangeRow(*row) for row in session.execute(query)]


def stage_counts(session: Session) -> dict[Stage, int]:
    """How many contacts stand on each rung, every stage present."""
    counts = dict.fromkeys(Stage, 0)
    query = select(col(Contact.stage), func.count()).group_by(col(Contact.stage))
    for stage, count in session.execute(query):
        counts[Stage(stage)] = int(count)
    return counts
