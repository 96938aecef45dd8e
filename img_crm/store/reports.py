"""Read-only queries behind the Today tab, the charts and the exports.

Plain SQL on the source's connection (``store/driver.py``): the window asks
``store_is_empty`` before its first screen, before the ORM is imported.
"""

from __future__ import annotations

from datetime import date

from img_crm.domain.enums import ActivityKind, Stage, stage_of, values
from img_crm.domain.momentum import LoggedActivity, PersonProgress
from img_crm.store import driver
from img_crm.store.driver import Source


def logged_activities(session: Source, *, since: date | None = None) -> list[LoggedActivity]:
    """Every activity (from ``since`` on) with the current stage of its contact."""
    cursor = driver.cursor(session)
    try:
        rows = cursor.execute(
            "SELECT a.occurred_on, a.kind, c.stage FROM activity a "
            "LEFT JOIN contact c ON c.id = a.contact_id "
            "WHERE a.occurred_on >= ? ORDER BY a.occurred_on",
            ((since or date.min).isoformat(),),
        ).fetchall()
    finally:
        cursor.close()
    known = set(values(ActivityKind))
    return [
        LoggedActivity(date.fromisoformat(day), ActivityKind(kind), Stage(stage) if stage else None)
        for day, kind, stage in rows
        if kind in known
    ]


def people_progress(session: Source) -> list[PersonProgress]:
    """Each contact's stage and whether an outreach and a reply were logged."""
    cursor = driver.cursor(session)
    try:
        rows = cursor.execute(
            "SELECT c.stage, "
            " EXISTS (SELECT 1 FROM activity a WHERE a.contact_id = c.id AND a.kind = ?), "
            " EXISTS (SELECT 1 FROM activity a WHERE a.contact_id = c.id AND a.kind = ?) "
            "FROM contact c",
            (ActivityKind.OUTREACH_SENT.value, ActivityKind.REPLY_RECEIVED.value),
        ).fetchall()
    finally:
        cursor.close()
    return [PersonProgress(stage_of(stage), bool(sent), bool(reply)) for stage, sent, reply in rows]


def store_is_empty(session: Source) -> bool:
    """No contacts, programs, activities or letters yet (templates, the plan and
    settings do not count: a new store may have them)."""
    cursor = driver.cursor(session)
    try:
        return not any(
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
            for table in ("contact", "program", "activity", "letter")
        )
    finally:
        cursor.close()
