"""Interview invitations: the window to answer, the countdown, the clashes.

The NRMP Match agreement obliges a program to leave an applicant at least
48 hours to accept an invitation; programs set the respond-by time in their
own zone, the user lives in another. Every time here is an aware moment and
every difference is taken in UTC, so a clock change inside the window (DST)
neither adds nor removes an hour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

#: What the Match agreement leaves an applicant to accept, at the least.
MIN_WINDOW = timedelta(hours=48)


class InvitationStatus(StrEnum):
    INVITED = "invited"  # received, not answered yet
    SCHEDULED = "scheduled"  # a date accepted
    WAITLISTED = "waitlisted"
    DECLINED = "declined"  # by the user
    CANCELLED = "cancelled"  # by the program
    INTERVIEWED = "interviewed"


#: Statuses from which each may move (every change is dated in the history).
NEXT_STATUSES: dict[InvitationStatus, frozenset[InvitationStatus]] = {
    InvitationStatus.INVITED: frozenset(
        {
            InvitationStatus.SCHEDULED,
            InvitationStatus.WAITLISTED,
            InvitationStatus.DECLINED,
            InvitationStatus.CANCELLED,
        }
    ),
    InvitationStatus.WAITLISTED: frozenset(
        {InvitationStatus.SCHEDULED, InvitationStatus.DECLINED, InvitationStatus.CANCELLED}
    ),
    InvitationStatus.SCHEDULED: frozenset(
        {
            InvitationStatus.INTERVIEWED,
            InvitationStatus.DECLINED,
            InvitationStatus.CANCELLED,
            InvitationStatus.WAITLISTED,
        }
    ),
    InvitationStatus.DECLINED: frozenset(),
    InvitationStatus.CANCELLED: frozenset({InvitationStatus.INVITED}),
    InvitationStatus.INTERVIEWED: frozenset(),
}

#: Statuses still waiting for the user's answer (a Today item, a countdown).
#: Not the waitlist: the user has answered, and waits for the program; its
#: respond-by time, once passed, showed "the time to answer has passed" in
#: red on Today for the rest of the season.
AWAITING = frozenset({InvitationStatus.INVITED})


def status_problem(old: InvitationStatus, new: InvitationStatus) -> str | None:
    if old == new or new in NEXT_STATUSES[old]:
        return None
    return f"an invitation that is {old.value} cannot become {new.value}"


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("an invitation's times are aware moments")
    return moment.astimezone(UTC)


def window_problem(received_at: datetime, respond_by: datetime) -> str | None:
    """A respond-by time that cannot be right (before the invitation came)."""
    if _utc(respond_by) <= _utc(received_at):
        return "the respond-by time must be after the invitation came"
    return None


def window_warning(received_at: datetime, respond_by: datetime) -> str | None:
    """The program left less than the Match agreement's 48 hours."""
    left = _utc(respond_by) - _utc(received_at)
    if timedelta(0) < left < MIN_WINDOW:
        hours = int(left.total_seconds() // 3600)
        return (
            f"the program left {hours} hours to answer; the Match agreement leaves at least "
            "48 (you may say so to the program)"
        )
    return None


@dataclass(frozen=True, slots=True)
class Countdown:
    """The time left to answer an invitation."""

    left: timedelta  # negative once the time has passed

    @property
    def passed(self) -> bool:
        return self.left <= timedelta(0)

    @property
    def urgent(self) -> bool:
        """Less than a day left: the Today item turns red."""
        return not self.passed and self.left < timedelta(hours=24)

    def text(self) -> str:
        if self.passed:
            return "the time to answer has passed"
        minutes = int(self.left.total_seconds() // 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        if days:
            return f"{days} d {hours} h left to answer"
        if hours:
            return f"{hours} h {minutes} min left to answer"
        return f"{minutes} min left to answer"


def countdown(respond_by: datetime, now: datetime) -> Countdown:
    return Countdown(_utc(respond_by) - _utc(now))


@dataclass(frozen=True, slots=True)
class Interview:
    """One interview the user has accepted (or been given)."""

    invitation_id: int
    program_id: int
    program: str
    at: datetime  # aware


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two interviews that cannot both be kept."""

    first: Interview
    second: Interview
    reason: str


def conflicts(interviews: Iterable[Interview], home_zone: str) -> list[Conflict]:
    """Interviews on the same day where the user is (one interview a day),
    and a program interviewing the user twice."""
    zone = ZoneInfo(home_zone) if home_zone else UTC
    ordered = sorted(interviews, key=lambda i: _utc(i.at))
    found: list[Conflict] = []
    by_day: dict[date, Interview] = {}
    by_program: dict[int, Interview] = {}
    for interview in ordered:
        day = interview.at.astimezone(zone).date()
        if interview.program_id in by_program:
            found.append(
                Conflict(by_program[interview.program_id], interview, "the same program twice")
            )
        else:
            by_program[interview.program_id] = interview
        if day in by_day:
            found.append(Conflict(by_day[day], interview, f"two interviews on {day.isoformat()}"))
        else:
            by_day[day] = interview
    return found
