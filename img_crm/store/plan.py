"""The plan's tasks in the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlmodel import Session, col

from img_crm.domain.limits import text_errors
from img_crm.domain.models import PlanTask
from img_crm.domain.plan import Phase, Task, schedule
from img_crm.errors import UserError, ValidationError


def _task(row: PlanTask) -> Task:
    return Task(
        key=row.key,
        phase=Phase(row.phase),
        title=row.title,
        start=row.start,
        days=row.days,
        after=tuple(k for k in row.after.split(",") if k),
        done=row.done,
    )


def load_plan(session: Session) -> list[Task]:
    rows = session.execute(select(PlanTask).order_by(col(PlanTask.position))).scalars()
    return [_task(row) for row in rows]


def save_plan(session: Session, *, tasks: Sequence[Task]) -> None:
    """Replace the plan with these tasks, scheduled so none starts before its prerequisites."""
    try:
        placed = schedule(tasks)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    session.execute(delete(PlanTask))
    session.add_all(
        PlanTask(
            key=t.key,
            phase=t.phase.value,
            title=t.title,
            start=t.start,
            days=t.days,
            after=",".join(t.after),
            done=t.done,
            position=i,
        )
        for i, t in enumerate(placed)
    )
    session.flush()


def update_task(
    session: Session,
    *,
    key: str,
    title: str | None = None,
    start: date | None = None,
    days: int | None = None,
    done: bool | None = None,
) -> None:
    """Change one task; the tasks after it move so the order still holds."""
    tasks = load_plan(session)
    if key not in {t.key for t in tasks}:
        raise UserError(f"There is no plan task {key!r}.")
    if days is not None and days < 1:
        raise ValidationError({"days": "must be at least 1"})
    if title is not None and not title.strip():
        raise ValidationError({"title": "a title is required"})
    errors = text_errors({"title": title})
    if errors:
        raise ValidationError(errors)
    changed = []
    for t in tasks:
        if t.key == key:
            t = Task(
                t.key,
                t.phase,
                title.strip() if title is not None else t.title,
                start or t.start,
                days or t.days,
                t.after,
                t.done if done is None else done,
            )
        changed.append(t)
    save_plan(session, tasks=changed)
