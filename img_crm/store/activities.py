"""Activity queries and commands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session, col

from img_crm.domain.enums import ActivityKind, Exposure, values
from img_crm.domain.limits import day_problem, hours_problem, id_problem, text_problem
from img_crm.domain.models import Activity, Contact, Program, Template, utc_now
from img_crm.domain.rows import ActivityRow
from img_crm.errors import UserError, ValidationError
from img_crm.store.values import column_defaults


def _check(data: Mapping[str, Any]) -> None:
    """Raise ``ValidationError`` naming each bad field of an activity."""
    errors: dict[str, str] = {}
    kind = str(data.get("kind", ""))
    if kind not in values(ActivityKind):
        errors["kind"] = "must be one of " + ", ".join(values(ActivityKind))
    exposure = data.get("exposure")
    if exposure is not None and exposure not in values(Exposure):
        errors["exposure"] = "must be one of " + ", ".join(values(Exposure))
    hours = data.get("hours")
    if hours is not None:
        try:
            problem = hours_problem(float(hours))
        except (TypeError, ValueError):
            problem = "must be a number"
        if problem:
            errors["hours"] = problem
    day = data.get("occurred_on")
    if not isinstance(day, date):
        errors["occurred_on"] = "a date is required"
    elif day_problem(day):
        errors["occurred_on"] = str(day_problem(day))
    for field in ("setting", "description", "outcome"):
        text = data.get(field)
        if text is not None:
            problem = (
                "must be text"
                if not isinstance(text, str)
                else text_problem(text, multiline=field != "setting")
            )
            if problem:
                errors[field] = problem
    if errors:
        raise ValidationError(errors)


def _check_references(session: Session, data: Mapping[str, Any]) -> None:
    """The contact, program and template an activity names exist."""
    errors: dict[str, str] = {}
    for field, model, noun in (
        ("contact_id", Contact, "contact"),
        ("program_id", Program, "program"),
        ("template_id", Template, "template"),
    ):
        value = data.get(field)
        if value is not None and (
            not isinstance(value, int) or id_problem(value) or session.get(model, value) is None
        ):
            errors[field] = f"there is no {noun} with id {value}"
    if errors:
        raise ValidationError(errors)


def add_activity(session: Session, *, data: Mapping[str, Any]) -> int:
    """Insert one activity; the contact's last interaction follows by trigger."""
    _check(data)
    _check_references(session, data)
    activity = Activity(**dict(data), created_at=utc_now())
    session.add(activity)
    session.flush()
    assert activity.id is not None
    if activity.contact_id is not None:
        # A follow-up set by hand for this day or earlier has now happened.
        session.execute(
            update(Contact)
            .where(col(Contact.id) == activity.contact_id)
            .where(col(Contact.next_follow_up) <= activity.occurred_on)
            .values(next_follow_up=None)
        )
    return activity.id


_ACTIVITY_DEFAULTS = column_defaults(Activity)


def insert_activities(session: Session, *, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert many checked activities in one statement (sample and benchmark
    stores); the triggers keep each contact's last interaction as for one."""
    now = utc_now()
    for data in rows:
        _check(data)
    if rows:
        session.execute(
            insert(Activity), [{**_ACTIVITY_DEFAULTS, **data, "created_at": now} for data in rows]
        )
    return len(rows)


def list_activities(
    session: Session,
    *,
    contact_id: int | None = None,
    program_id: int | None = None,
    kind: str | None = None,
    since: date | None = None,
    until: date | None = None,
    activity_id: int | None = None,
) -> list[ActivityRow]:
    """Activities (all, or those matching every filter given), newest first, with
    the names of their contact and program."""
    query = (
        select(
            col(Activity.id),
            col(Activity.occurred_on),
            col(Activity.kind),
            col(Activity.contact_id),
            col(Contact.name),
            col(Activity.program_id),
            col(Program.name),
            col(Activity.hours),
            col(Activity.exposure),
            col(Activity.setting),
            col(Activity.description),
            col(Activity.outcome),
        )
        .outerjoin(Contact, col(Contact.id) == col(Activity.contact_id))
        .outerjoin(Program, col(Program.id) == col(Activity.program_id))
        .order_by(col(Activity.occurred_on).desc(), col(Activity.id).desc())
    )
    for column, value in (
        (Activity.contact_id, contact_id),
        (Activity.program_id, program_id),
        (Activity.kind, kind),
        (Activity.id, activity_id),
    ):
        if value is not None:
            query = query.where(col(column) == value)
    if since is not None:
        query = query.where(col(Activity.occurred_on) >= since)
    if until is not None:
        query = query.where(col(Activity.occurred_on) <= until)
    return [
        ActivityRow(
            id=r[0],
            occurred_on=r[1],
            kind=r[2],
            contact_id=r[3],
            contact_name=r[4] or "",
            program_id=r[5],
            program_name=r[6] or "",
            hours=r[7],
            exposure=r[8],
            setting=r[9],
            description=r[10],
            outcome=r[11],
        )
        for r in session.execute(query)
    ]


def get_activity(session: Session, *, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise UserError(f"There is no activity with id {activity_id}.")
    return activity


def update_activity(session: Session, *, activity_id: int, data: Mapping[str, Any]) -> None:
    """Change an activity's fields (the contact's last interaction follows by trigger)."""
    activity = get_activity(session, activity_id=activity_id)
    merged = {**activity.model_dump(exclude={"id", "created_at"}), **data}
    _check(merged)
    _check_references(session, data)
    for key, value in data.items():
        setattr(activity, key, value)
    session.flush()


def delete_activities(session: Session, *, activity_ids: Sequence[int]) -> int:
    result = session.execute(delete(Activity).where(col(Activity.id).in_(list(activity_ids))))
    return int(getattr(result, "rowcount", 0) or 0)
