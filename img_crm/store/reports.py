"""Read-only queries behind the Today tab, the charts and the exports."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlmodel import Session

from img_crm.domain.enums import ActivityKind, Stage, stage_of, values
from img_crm.domain.momentum import LoggedActivity, PersonProgress


def logged_activities(session: Session, *, since: date | None = None) -> list[LoggedActivity]:
    """Every activity (from ``since`` on) with the current stage of its contact."""
    rows = session.execute(
        text(
            "SELECT a.occurred_on, a.kind, c.stage FROM activity a "
            "LEFT JOIN contact c ON c.id = a.contact_id "
            "WHERE a.occurred_on >= :since ORDER BY a.occurred_on"
        ),
        {"since": (since or date.min).isoformat()},
    )
    known = set(values(ActivityKind))
    return [
        LoggedActivity(date.fromisoformat(day), ActivityKind(kind), Stage(stage) if stage else None)
        for day, kind, stage in rows
        if kind in known
    ]


def people_progress(session: Session) -> list[PersonProgress]:
    """Each contact's stage and whether an outreach and a reply were logged."""
    rows = session.execute(
        text(
            "SELECT c.stage, "
            " EXISTS (SELECT 1 FROM activity a WHERE a.contact_id = c.id AND a.kind = :sent), "
            " EXISTS (SELECT 1 FROM activity a WHERE a.contact_id = c.id AND a.kind = :reply) "
            "FROM contact c"
        ),
        {"sent": ActivityKind.OUTREACH_SENT.value, "reply": ActivityKind.REPLY_RECEIVED.value},
    )
    return [PersonProgress(stage_of(stage), bool(sent), bool(reply)) for stage, sent, reply in rows]


def store_is_empty(session: Session) -> bool:
    """No contacts, programs, activities or letters yet (templates, the plan and
    settings do not count: a new store may have them)."""
    from sqlalchemy import func, select

    from img_crm.domain.models import Activity, Contact, Letter, Program

    for model in (Contact, Program, Activity, Letter):
        if session.execute(select(func.count()).select_from(model)).scalar_one():
            return False
    return True
