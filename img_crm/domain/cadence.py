"""Keep-in-touch rules: next follow-up, overdue, and the 24-hour reply rule.

Pure functions over dates, so every boundary can be tested exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
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
REPLY_WINDOW = timedelta(hours=24)

#: What counts as answering someone: writing to them, meeting, delivering work.
OUTGOING_KINDS = frozenset(
    {ActivityKind.OUTREACH_SENT, ActivityKind.MEETING, ActivityKind.RESEARCH_TASK}
)


def interval_key(stage: Stage) -> str:
    """The setting that stores a stage's interval."""
    return f"cadence_{stage.value}"


def intervals_from_settings(settings: Mapping[str, str]) -> dict[Stage, int]:
    result = dict(DEFAULT_INTERVALS)
    low, high = INTERVAL_RANGE
    for stage in Stage:
        raw = settings.get(interval_key(stage), "")
        if is_number(raw) and low <= int(raw) <= high:
            result[stage] = int(raw)
    return result


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
