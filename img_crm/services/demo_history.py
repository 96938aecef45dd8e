"""The sample network's trail of work: what a plausible IMG logged with each
contact over the months, deeper for the closer relationships (``demo.py``
gives each contact its stage and dates)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session

from img_crm.domain.enums import ActivityKind, Exposure, Stage
from img_crm.store.activities import add_activity


def log_history(
    session: Session,
    rng: random.Random,
    tasks: list[str],
    contact_id: int,
    program_id: int | None,
    stage: Stage,
    first: date,
    today: date,
) -> int:
    """A plausible trail of work for one contact, deeper for higher stages."""
    span = max((today - first).days, 1)

    def on(fraction: float) -> date:
        return first + timedelta(days=int(span * fraction))

    entries: list[dict[str, object]] = [
        {
            "kind": ActivityKind.OUTREACH_SENT,
            "occurred_on": first,
            "description": "First email offering help with data collection",
        }
    ]
    if stage.rank >= Stage.WARM.rank:
        entries.append(
            {
                "kind": ActivityKind.REPLY_RECEIVED,
                "occurred_on": on(0.08),
                "description": "Replied with a small chart-review task",
                "outcome": "Task agreed",
            }
        )
        entries.append(
            {
                "kind": ActivityKind.RESEARCH_TASK,
                "occurred_on": on(0.3),
                "hours": 6.0,
                "description": rng.choice(tasks),
                "outcome": "Delivered two days early",
            }
        )
    if stage is Stage.WARM and rng.random() < 0.7:
        entries.append(
            {
                "kind": ActivityKind.RESEARCH_TASK,
                "occurred_on": on(rng.uniform(0.85, 0.97)),
                "hours": 5.0,
                "description": rng.choice(tasks),
                "outcome": "Sent with a short summary",
            }
        )
    if stage.rank >= Stage.MENTOR.rank:
        for fraction in (0.45, 0.6, 0.75):
            entries.append(
                {
                    "kind": ActivityKind.RESEARCH_TASK,
                    "occurred_on": on(fraction),
                    "hours": float(rng.choice((4, 6, 8, 10))),
                    "description": rng.choice(tasks),
                    "outcome": "Done",
                }
            )
        entries.append(
            {
                "kind": ActivityKind.MEETING,
                "occurred_on": on(0.5),
                "description": "Video call about mentoring and next steps",
                "outcome": "Agreed to meet monthly",
            }
        )
        entries.append(
            {
                "kind": ActivityKind.MEETING,
                "occurred_on": on(0.9),
                "description": "Monthly check-in",
            }
        )
    if stage is Stage.SPONSOR:
        entries.append(
            {
                "kind": ActivityKind.CLINICAL_EXPERIENCE,
                "occurred_on": on(0.55),
                "hours": 160.0,
                "exposure": Exposure.EXTERNSHIP.value,
                "setting": "Inpatient medicine wards",
                "description": "Four-week hands-on externship on the teaching service",
            }
        )
        entries.append(
            {
                "kind": ActivityKind.PRESENTATION,
                "occurred_on": on(0.7),
                "description": "Presented the readmission data at noon conference",
            }
        )
        entries.append(
            {
                "kind": ActivityKind.PAPER_SUBMITTED,
                "occurred_on": on(0.8),
                "description": "Abstract submitted to the regional ACP meeting",
            }
        )
        entries.append(
            {
                "kind": ActivityKind.PAPER_ACCEPTED,
                "occurred_on": on(0.95),
                "description": "Abstract accepted as a poster",
            }
        )
    elif stage is Stage.MENTOR and rng.random() < 0.6:
        entries.append(
            {
                "kind": ActivityKind.CLINICAL_EXPERIENCE,
                "occurred_on": on(0.65),
                "hours": 80.0,
                "exposure": Exposure.OBSERVERSHIP.value,
                "setting": "Outpatient clinic",
                "description": "Two-week structured observership in clinic",
            }
        )
    if stage is Stage.COLD and rng.random() < 0.5:
        entries.append(
            {
                "kind": ActivityKind.OUTREACH_SENT,
                "occurred_on": on(0.2),
                "description": "Polite follow-up after no reply",
            }
        )
    at_program = {ActivityKind.CLINICAL_EXPERIENCE, ActivityKind.PRESENTATION}
    for entry in entries:
        if entry["kind"] in at_program:
            entry["program_id"] = program_id
        entry["kind"] = str(entry["kind"])
        add_activity(session, data={**entry, "contact_id": contact_id})
    return len(entries)
