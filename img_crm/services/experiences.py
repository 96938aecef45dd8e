"""ERAS experiences: clinical and research work grouped the way the form asks for it.

Each experience is one setting with one supervisor: its dates, total hours
and the descriptions logged along the way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from sqlmodel import Session

from img_crm.domain.enums import ActivityKind
from img_crm.domain.rows import ActivityRow
from img_crm.services.atomic import atomic_text_writer
from img_crm.services.csv_io import write_table_csv
from img_crm.services.evidence import EXPOSURE_TEXT
from img_crm.store.activities import list_activities

EXPERIENCE_COLUMNS = (
    "experience_type",
    "exposure",
    "setting",
    "organization",
    "supervisor",
    "start_date",
    "end_date",
    "total_hours",
    "entries",
    "description",
)


@dataclass(frozen=True, slots=True)
class Experience:
    experience_type: str  # "Clinical" or "Research"
    exposure: str
    setting: str
    organization: str
    supervisor: str
    start: date
    end: date
    hours: float
    entries: int
    descriptions: tuple[str, ...]


def group_experiences(activities: Sequence[ActivityRow]) -> list[Experience]:
    """Group clinical experiences and research tasks by type, setting and supervisor."""
    groups: dict[tuple[str, str, str, str, str], list[ActivityRow]] = {}
    for a in activities:
        if a.kind == ActivityKind.CLINICAL_EXPERIENCE.value:
            kind = "Clinical"
        elif a.kind == ActivityKind.RESEARCH_TASK.value:
            kind = "Research"
        else:
            continue
        key = (kind, a.exposure or "", a.setting, a.program_name, a.contact_name)
        groups.setdefault(key, []).append(a)
    result = []
    for (kind, exposure, setting, organization, supervisor), items in groups.items():
        items.sort(key=lambda a: a.occurred_on)
        descriptions = tuple(dict.fromkeys(a.description for a in items if a.description))
        result.append(
            Experience(
                experience_type=kind,
                exposure=EXPOSURE_TEXT.get(exposure, exposure) if exposure else "",  # type: ignore[call-overload]
                setting=setting,
                organization=organization,
                supervisor=supervisor,
                start=items[0].occurred_on,
                end=items[-1].occurred_on,
                hours=sum(a.hours or 0 for a in items),
                entries=len(items),
                descriptions=descriptions,
            )
        )
    result.sort(key=lambda x: (x.experience_type, x.start, x.supervisor))
    return result


def load_experiences(session: Session) -> list[Experience]:
    return group_experiences(list_activities(session))


def write_experiences_csv(experiences: Sequence[Experience], destination: Path) -> int:
    return write_table_csv(
        EXPERIENCE_COLUMNS,
        ([_csv_cell(value) for value in experience_values(x)] for x in experiences),
        destination,
    )


def _csv_cell(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return f"{value:g}" if isinstance(value, float) else str(value)


def experience_values(x: Experience) -> list[Any]:
    """One experience in ``EXPERIENCE_COLUMNS`` order, typed (dates, hours)."""
    return [
        x.experience_type,
        x.exposure,
        x.setting,
        x.organization,
        x.supervisor,
        x.start,
        x.end,
        x.hours,
        x.entries,
        " ".join(f"{d.rstrip('.')}." for d in x.descriptions),
    ]


def experiences_html(experiences: Sequence[Experience]) -> str:
    e = escape
    rows = []
    for x in experiences:
        place = " · ".join(p for p in (x.setting, x.organization) if p)
        rows.append(
            f"<tr><td>{e(x.experience_type)}{(' · ' + e(x.exposure)) if x.exposure else ''}</td>"
            f"<td>{e(place)}</td><td>{e(x.supervisor)}</td>"
            f"<td>{x.start.isoformat()} – {x.end.isoformat()}</td>"
            f"<td style='text-align:right'>{x.hours:g}</td>"
            f"<td>{'<br>'.join(e(d) for d in x.descriptions)}</td></tr>"
        )
    total = sum(x.hours for x in experiences)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Experiences</title>"
        "<style>body{font-family:sans-serif;font-size:10pt} td,th{vertical-align:top;"
        "padding:3px 8px 3px 0;text-align:left} th{border-bottom:1px solid #888}</style>"
        "</head><body><h1>Experiences for ERAS</h1>"
        "<table><tr><th>Type</th><th>Setting</th><th>Supervisor</th><th>Dates</th>"
        f"<th>Hours</th><th>Description</th></tr>{''.join(rows)}</table>"
        f"<p>Total logged hours: {total:g}</p></body></html>"
    )


def write_experiences_html(experiences: Sequence[Experience], destination: Path) -> None:
    with atomic_text_writer(destination, encoding="utf-8", newline="\n") as handle:
        handle.write(experiences_html(experiences))
