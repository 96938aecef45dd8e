"""The stage ladder and the playbook's hints about when to take the next step."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from img_crm.domain.enums import ActivityKind, Stage

#: Activities that are work done for or with someone (the evidence of reliability).
WORK_KINDS = frozenset(
    {
        ActivityKind.RESEARCH_TASK,
        ActivityKind.CLINICAL_EXPERIENCE,
        ActivityKind.PRESENTATION,
        ActivityKind.PAPER_SUBMITTED,
        ActivityKind.PAPER_ACCEPTED,
    }
)
MENTOR_ASK_AFTER_DAYS = 28  # 4 weeks of reliable work before asking for a meeting
LETTER_ASK_AFTER_MONTHS = 2  # a letter writer should know you 2+ months
SPONSOR_TOUCH_DAYS = 30


class Hint(StrEnum):
    READY_FOR_MENTORING = "ready-for-mentoring"
    READY_FOR_LETTER = "ready-for-letter"
    SPONSOR_NEEDS_TOUCH = "sponsor-needs-touch"


HINT_TEXT = {
    Hint.READY_FOR_MENTORING: "Ready to ask for a mentoring meeting",
    Hint.READY_FOR_LETTER: "Can be asked for a letter",
    Hint.SPONSOR_NEEDS_TOUCH: "Needs a touch: no contact in 30 days",
}


@dataclass(frozen=True, slots=True)
class ActivitySpan:
    """Dates of a contact's logged activities, as the hints need them."""

    first_activity: date | None = None
    last_activity: date | None = None
    first_work: date | None = None
    last_work: date | None = None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (Jan 31 + 1 = Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def step(stage: Stage, delta: int) -> Stage | None:
    """The stage ``delta`` rungs up (or down); None past either end."""
    index = stage.rank + delta
    ladder = list(Stage)
    return ladder[index] if 0 <= index < len(ladder) else None


def ready_for_mentoring(stage: Stage, span: ActivitySpan) -> bool:
    """Warm, with at least four weeks between the first and latest logged work."""
    if stage is not Stage.WARM or span.first_work is None or span.last_work is None:
        return False
    return (span.last_work - span.first_work).days >= MENTOR_ASK_AFTER_DAYS


def ready_for_letter(stage: Stage, span: ActivitySpan) -> bool:
    """A mentor whose logged interaction covers at least two months."""
    if stage is not Stage.MENTOR or span.first_activity is None or span.last_activity is None:
        return False
    return add_months(span.first_activity, LETTER_ASK_AFTER_MONTHS) <= span.last_activity


def sponsor_needs_touch(stage: Stage, span: ActivitySpan, today: date) -> bool:
    """A sponsor with nothing logged in the 30 days up to today."""
    if stage is not Stage.SPONSOR:
        return False
    if span.last_activity is None:
        return True
    return (today - span.last_activity).days >= SPONSOR_TOUCH_DAYS


def hints(stage: Stage, span: ActivitySpan, today: date) -> list[Hint]:
    found = []
    if ready_for_mentoring(stage, span):
        found.append(Hint.READY_FOR_MENTORING)
    if ready_for_letter(stage, span):
        found.append(Hint.READY_FOR_LETTER)
    if sponsor_needs_touch(stage, span, today):
        found.append(Hint.SPONSOR_NEEDS_TOUCH)
    return found
