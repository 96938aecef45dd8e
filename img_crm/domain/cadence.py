"""Keep-in-touch rules: next follow-up, overdue, losing touch, snoozes, and
the 24-hour reply rule.

Pure functions over dates, so every boundary can be tested exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from img_crm.domain.enums import ActivityKind, Stage
from img_crm.domain.text import is_number

#: Days between touches at each stage, until the user changes them in Settings.
DEFAULT_INTERVALS: dict[Stage, int] = {
    Stage.COLD: 7,  # a polite follow-up a week after an unanswered outreach
    Stage.WARM: 14,
    Stage.MENTOR: 21,
    Stage.SPONSOR: 30,
}
INTERVAL_RANGE = (1, 365)
#: Days after the last touch past which a relationship is losing touch (red),
#: until the user changes them: about twice the ideal interval.
DEFAULT_MAXIMUMS: dict[Stage, int] = {
    Stage.COLD: 21,
    Stage.WARM: 30,
    Stage.MENTOR: 45,
    Stage.SPONSOR: 60,
}
MAXIMUM_RANGE = (1, 730)
REPLY_WINDOW = timedelta(hours=24)
#: How far ahead a follow-up can be snoozed.
SNOOZE_LIMIT = timedelta(days=365)
#: The longest reason a snooze keeps (one line: "on service", "waiting for the draft").
SNOOZE_REASON_LIMIT = 200
#: The snoozes the app offers, in days (a date of the user's own is the fourth).
SNOOZE_CHOICES = (1, 3, 7)

#: What counts as answering someone: writing to them, meeting, delivering work.
OUTGOING_KINDS = frozenset(
    {ActivityKind.OUTREACH_SENT, ActivityKind.MEETING, ActivityKind.RESEARCH_TASK}
)


def interval_key(stage: Stage) -> str:
    """The setting that stores a stage's interval."""
    return f"cadence_{stage.value}"


def maximum_key(stage: Stage) -> str:
    """The setting that stores a stage's maximum (the red line)."""
    return f"cadence_max_{stage.value}"


def intervals_from_settings(settings: Mapping[str, str]) -> dict[Stage, int]:
    result = dict(DEFAULT_INTERVALS)
    low, high = INTERVAL_RANGE
    for stage in Stage:
        raw = settings.get(interval_key(stage), "")
        if is_number(raw) and low <= int(raw) <= high:
            result[stage] = int(raw)
    return result


@dataclass(frozen=True, slots=True)
class Cadence:
    """Each stage's ideal interval (amber after it) and maximum (red after it)."""

    intervals: Mapping[Stage, int] = field(default_factory=lambda: dict(DEFAULT_INTERVALS))
    maximums: Mapping[Stage, int] = field(default_factory=lambda: dict(DEFAULT_MAXIMUMS))


def cadence_from_settings(settings: Mapping[str, str]) -> Cadence:
    """The stored intervals and maximums; a maximum below its interval is
    raised to it, so a relationship is never red before it is amber."""
    intervals = intervals_from_settings(settings)
    low, high = MAXIMUM_RANGE
    maximums: dict[Stage, int] = {}
    for stage in Stage:
        raw = settings.get(maximum_key(stage), "")
        days = int(raw) if is_number(raw) and low <= int(raw) <= high else DEFAULT_MAXIMUMS[stage]
        maximums[stage] = max(days, intervals[stage])
    return Cadence(intervals, maximums)


def snoozed_until(
    snooze: tuple[date, date] | None, *, last_interaction: date | None
) -> date | None:
    """The day a snooze (``(snoozed_on, until)``, the contact's newest) put
    the follow-up off to, or None once a touch came after it (a new touch
    starts the clock again). The follow-up is due that day, and late after
    it, as if the user had set it by hand."""
    if snooze is None:
        return None
    snoozed_on, until = snooze
    if last_interaction is not None and last_interaction > snoozed_on:
        return None
    return until


def snooze_problem(until: date, *, today: date) -> str | None:
    """Why a follow-up cannot be snoozed until ``until``, or None."""
    if until <= today:
        return "a snooze must end after today"
    if until > today + SNOOZE_LIMIT:
        return "a snooze can last at most a year"
    return None


def touch_limit(
    *,
    stage: Stage,
    last_interaction: date | None,
    first_contacted: date | None,
    manual: date | None,
    snoozed: date | None,
    maximums: Mapping[Stage, int],
) -> date | None:
    """The last day before a relationship counts as losing touch: the stage's
    maximum after the last touch, never before a follow-up the user set or a
    snooze. None for someone never contacted (an imported network)."""
    anchor = last_interaction or first_contacted
    if anchor is None:
        return None
    limit = anchor + timedelta(days=maximums[stage])
    for later in (manual, snoozed):
        if later is not None and later > limit:
            limit = later
    return limit


def next_follow_up(
    *,
    stage: Stage,
    last_interaction: date | None,
    first_contacted: date | None,
    manual: date | None,
    intervals: Mapping[Stage, int],
) -> date | None:
    """A date set by hand wins; otherwise the stage's interval after the last touch."""
    if manual is not None:
        return manual
    anchor = last_interaction or first_contacted
    if anchor is None:
        return None
    return anchor + timedelta(days=intervals[stage])


def is_overdue(follow_up: date | None, today: date) -> bool:
    """Due yesterday or earlier; a follow-up due today is due, not late."""
    return follow_up is not None and follow_up < today


def activity_moment(occurred_on: date, logged_at: datetime | None) -> datetime:
    """When an activity happened, as a local naive datetime.

    Activities carry a date. When it was logged that same day, the logging time
    is the best guess of the hour; a back-dated entry counts from noon.
    """
    if logged_at is not None:
        local = logged_at.astimezone().replace(tzinfo=None) if logged_at.tzinfo else logged_at
        if local.date() == occurred_on:
            return local
    return datetime.combine(occurred_on, time(12, 0))


def reply_owed(
    *, last_reply: datetime | None, last_outgoing: datetime | None, now: datetime
) -> bool:
    """A reply came in, nothing went out after it, and more than 24 hours passed."""
    if last_reply is None:
        return False
    if last_outgoing is not None and last_outgoing >= last_reply:
        return False
    return now - last_reply > REPLY_WINDOW
