"""Monthly momentum, the outreach funnel and activity counts: pure arithmetic.

The playbook's monthly rhythm is three small goals: at least one research or
data task, one mentor meeting or email, and one new exposure or small win.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from img_crm.domain.enums import ActivityKind, Stage


class Goal(StrEnum):
    RESEARCH = "research"
    MENTOR_CONTACT = "mentor-contact"
    EXPOSURE_OR_WIN = "exposure-or-win"


GOAL_TEXT = {
    Goal.RESEARCH: "At least one research or data task",
    Goal.MENTOR_CONTACT: "At least one meeting or email with a mentor or sponsor",
    Goal.EXPOSURE_OR_WIN: "At least one new exposure or small win",
}

_MENTOR_KINDS = frozenset(
    {ActivityKind.MEETING, ActivityKind.OUTREACH_SENT, ActivityKind.REPLY_RECEIVED}
)
_EXPOSURE_KINDS = frozenset(
    {
        ActivityKind.CLINICAL_EXPERIENCE,
        ActivityKind.PRESENTATION,
        ActivityKind.CONFERENCE,
        ActivityKind.PAPER_SUBMITTED,
        ActivityKind.PAPER_ACCEPTED,
    }
)


@dataclass(frozen=True, slots=True)
class LoggedActivity:
    """What the momentum and chart rules need to know about one activity."""

    occurred_on: date
    kind: ActivityKind
    contact_stage: Stage | None = None


def month_start(day: date) -> date:
    return day.replace(day=1)


def shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def goal_of(activity: LoggedActivity) -> Goal | None:
    """Which monthly goal an activity counts towards, if any."""
    if activity.kind is ActivityKind.RESEARCH_TASK:
        return Goal.RESEARCH
    if activity.kind in _EXPOSURE_KINDS:
        return Goal.EXPOSURE_OR_WIN
    if activity.kind in _MENTOR_KINDS and activity.contact_stage in (Stage.MENTOR, Stage.SPONSOR):
        return Goal.MENTOR_CONTACT
    return None


def momentum(activities: Iterable[LoggedActivity], month: date) -> dict[Goal, int]:
    """How many activities count towards each goal in the month containing ``month``."""
    first = month_start(month)
    counts = dict.fromkeys(Goal, 0)
    for activity in activities:
        if month_start(activity.occurred_on) != first:
            continue
        goal = goal_of(activity)
        if goal is not None:
            counts[goal] += 1
    return counts


def per_month(
    activities: Iterable[LoggedActivity], *, last_month: date, months: int = 12
) -> dict[date, Counter[ActivityKind]]:
    """Activity counts by kind for each of the ``months`` months ending with ``last_month``."""
    end = month_start(last_month)
    buckets: dict[date, Counter[ActivityKind]] = {
        shift_month(end, -offset): Counter() for offset in range(months - 1, -1, -1)
    }
    for activity in activities:
        bucket = buckets.get(month_start(activity.occurred_on))
        if bucket is not None:
            bucket[activity.kind] += 1
    return buckets


@dataclass(frozen=True, slots=True)
class Funnel:
    """People at each step from first email to sponsor."""

    contacted: int
    replied: int
    warm: int
    mentor: int
    sponsor: int
    #: Outreach messages logged, and those the person answered within the
    #: reply window: the reply rate, computed as everywhere else
    #: (``domain/templates.reply_rates``), not from the bars.
    messages_sent: int = 0
    messages_answered: int = 0

    @property
    def reply_rate(self) -> float:
        """Share of outreach messages answered (the playbook's normal is 6-10 %)."""
        return self.messages_answered / self.messages_sent if self.messages_sent else 0.0


@dataclass(frozen=True, slots=True)
class PersonProgress:
    stage: Stage
    contacted: bool
    replied: bool


def funnel(people: Iterable[PersonProgress]) -> Funnel:
    """Count people who were written to, replied, and reached each stage.

    Every step includes the ones after it, so the funnel never widens: a warm
    contact has replied in some form and was contacted, whether or not the
    email itself was logged; a sponsor also counts as warm and mentor.
    """
    contacted = replied = warm = mentor = sponsor = 0
    for person in people:
        is_warm = person.stage.rank >= Stage.WARM.rank
        contacted += person.contacted or person.replied or is_warm
        replied += person.replied or is_warm
        warm += is_warm
        mentor += person.stage.rank >= Stage.MENTOR.rank
        sponsor += person.stage is Stage.SPONSOR
    return Funnel(contacted, replied, warm, mentor, sponsor)
