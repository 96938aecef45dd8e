"""The plan as the user sees it: generated from the match year on first use; as .ics."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from img_crm import __version__, clock
from img_crm.domain.plan import PHASE_TEXT, Task, default_plan
from img_crm.errors import UserError
from img_crm.services.atomic import atomic_text_writer
from img_crm.services.profile import load_profile
from img_crm.store.plan import load_plan, save_plan


class NoMatchYearError(UserError):
    """The plan is dated back from the match year, and none is set."""


def ensure_plan(session: Session, *, today: date | None = None) -> list[Task]:
    """The stored plan, or the playbook's default dated from the match year, saved."""
    tasks = load_plan(session)
    if tasks:
        return tasks
    save_plan(session, tasks=current_plan(session, today=today))
    return load_plan(session)


def current_plan(session: Session, *, today: date | None = None) -> list[Task]:
    """The stored plan, or the default one without saving it (a store that can
    only be read shows the plan it would get)."""
    tasks = load_plan(session)
    if tasks:
        return tasks
    year = load_profile(session).match_year
    if year is None:
        raise NoMatchYearError(
            "Set your match year first (Settings, or `img-crm settings set match_year 2028`): "
            "the plan is dated back from it."
        )
    return default_plan(year, today or clock.today())


def write_plan_ics(tasks: list[Task], destination: Path) -> int:
    """One all-day event per task, with stable UIDs so a calendar updates them."""
    from icalendar import Calendar, Event  # loaded only when a plan is exported

    calendar = Calendar()
    calendar.add("prodid", f"-//img-crm//{__version__}//EN")
    calendar.add("version", "2.0")
    stamp = datetime(2000, 1, 1, tzinfo=UTC)
    for task in tasks:
        event = Event()
        event.add("uid", f"plan-{task.key}@img-crm.local")
        event.add("dtstamp", stamp)
        event.add("summary", f"{PHASE_TEXT[task.phase]}: {task.title}")
        event.add("dtstart", task.start)
        event.add("dtend", task.end)
        calendar.add_component(event)
    with atomic_text_writer(destination, encoding="utf-8", newline="") as handle:
        handle.write(calendar.to_ical().decode("utf-8"))
    return len(tasks)


def plan_json(tasks: list[Task], today: date) -> list[dict[str, Any]]:
    return [
        {
            "key": t.key,
            "phase": t.phase.value,
            "title": t.title,
            "start": t.start,
            "end": t.end,
            "days": t.days,
            "after": list(t.after),
            "done": t.done,
            "late": t.late(today),
        }
        for t in tasks
    ]
