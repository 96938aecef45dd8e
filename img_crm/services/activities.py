"""The activity log as the command line shows it (the Activity tab reads the same rows)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from img_crm.errors import UserError
from img_crm.store.activities import ActivityRow, list_activities


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
