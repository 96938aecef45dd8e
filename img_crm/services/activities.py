"""The activity log as the command line shows it (the Activity tab reads the same rows)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from img_crm.domain.models import Activity
from img_crm.domain.rows import ActivityRow
from img_crm.errors import UserError
from img_crm.store.activities import get_activity, list_activities


def activity_json(row: ActivityRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "occurred_on": row.occurred_on,
        "kind": row.kind,
        "contact_id": row.contact_id,
        "contact": row.contact_name,
        "program_id": row.program_id,
        "program": row.program_name,
        "hours": row.hours,
        "exposure": row.exposure,
        "setting": row.setting,
        "description": row.description,
        "outcome": row.outcome,
    }


def activity_row(session: Session, *, activity_id: int) -> ActivityRow:
    rows = list_activities(session, activity_id=activity_id)
    if not rows:
        raise UserError(f"There is no activity with id {activity_id}.")
    return rows[0]


def activity_log(session: Session) -> list[ActivityRow]:
    """The whole log, newest first, for the Activity tab."""
    return list_activities(session)


def activity_for_editing(session: Session, *, activity_id: int) -> Activity:
    return get_activity(session, activity_id=activity_id)


def activity_choices(session: Session) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The contacts and the programs an activity may name, for its form."""
    from img_crm.services.relationships import contact_choices
    from img_crm.store.programs import list_programs

    programs = [(p.id, p.name) for p in list_programs(session) if p.id is not None]
    return contact_choices(session), programs
