"""The 12-24 month plan: phases, tasks with durations and prerequisites, a schedule.

The default plan follows the playbook's four phases and is dated back from the
match year: ERAS opens in June and applications go out in September of the
year before the Match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum


class Phase(StrEnum):
    FOUNDATION = "foundation"
    DEEP_WORK = "deep-work"
    APPLICATION_PREP = "application-prep"
    SUBMISSION = "submission"
    #: The ECFMG and visa steps (``domain/eligibility``), drawn with the plan;
    #: never a stored plan task.
    ELIGIBILITY = "eligibility"


PHASE_TEXT = {
    Phase.FOUNDATION: "Foundation",
    Phase.DEEP_WORK: "Deep work",
    Phase.APPLICATION_PREP: "Application prep",
    Phase.SUBMISSION: "Submission",
    Phase.ELIGIBILITY: "Eligibility (ECFMG, visa)",
}


@dataclass(frozen=True, slots=True)
class Task:
    key: str
    phase: Phase
    title: str
    start: date
    days: int
    after: tuple[str, ...] = ()
    done: bool = False

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days)

    def late(self, today: date) -> bool:
        return not self.done and self.end < today


# key, phase, title, days, prerequisites
_DEFAULT: tuple[tuple[str, Phase, str, int, tuple[str, ...]], ...] = (
    ("specialty", Phase.FOUNDATION, "Choose one target specialty (and at most one backup)", 21, ()),
    (
        "contact-map",
        Phase.FOUNDATION,
        "Build the contact map: 20-30 programs, 2-4 people each",
        42,
        ("specialty",),
    ),
    (
        "outreach",
        Phase.FOUNDATION,
        "Send 30-50 tailored research-help emails",
        56,
        ("contact-map",),
    ),
    (
        "research",
        Phase.DEEP_WORK,
        "Deliver research tasks for 2-3 responsive attendings",
        180,
        ("outreach",),
    ),
    (
        "conferences",
        Phase.DEEP_WORK,
        "Join virtual conferences and present a poster",
        150,
        ("outreach",),
    ),
    (
        "clinical",
        Phase.DEEP_WORK,
        "Get hands-on US clinical exposure (externship or sub-I)",
        90,
        ("research",),
    ),
    ("mentors", Phase.DEEP_WORK, "Ask warm contacts for mentoring meetings", 60, ("research",)),
    (
        "writers",
        Phase.APPLICATION_PREP,
        "Confirm 3-4 letter writers and send their packets",
        45,
        ("clinical", "mentors"),
    ),
    (
        "statement",
        Phase.APPLICATION_PREP,
        "Write and polish the personal statement",
        45,
        ("mentors",),
    ),
    (
        "eras",
        Phase.APPLICATION_PREP,
        "Complete ERAS: experiences, program list, signals",
        45,
        ("statement",),
    ),
    ("submit", Phase.SUBMISSION, "Submit ERAS applications on opening day", 7, ("eras", "writers")),
    ("sponsors", Phase.SUBMISSION, "Ask sponsors to email or call named programs", 60, ("submit",)),
    (
        "interviews",
        Phase.SUBMISSION,
        "Interview season: prepare, attend, send thank-yous",
        120,
        ("submit",),
    ),
)


def submission_day(match_year: int) -> date:
    """Applications go out in late September of the year before the Match."""
    return date(match_year - 1, 9, 25)


def interview_season(today: date) -> int | None:
    """The Match whose interviews are under way on ``today`` (October to
    January: applications went out in September, rank lists close in
    February), or None between seasons."""
    if today.month >= 10:
        return today.year + 1
    if today.month == 1:
        return today.year
    return None


def letters_portal_open(match_year: int, today: date) -> bool:
    """Writers can upload letters for a Match from June of the year before."""
    return date(match_year - 1, 6, 1) <= today


def schedule(tasks: Sequence[Task]) -> list[Task]:
    """Move every task to start no earlier than the end of its prerequisites."""
    by_key = {t.key: t for t in tasks}
    placed: dict[str, Task] = {}

    def place(key: str, trail: tuple[str, ...] = ()) -> Task:
        if key in placed:
            return placed[key]
        if key in trail:
            raise ValueError(
                f"tasks depend on each other in a circle: {' -> '.join((*trail, key))}"
            )
        task = by_key[key]
        start = task.start
        for before in task.after:
            if before in by_key:
                start = max(start, place(before, (*trail, key)).end)
        placed[key] = replace(task, start=start)
        return placed[key]

    return [place(t.key) for t in tasks]


def default_plan(match_year: int, today: date) -> list[Task]:
    """The playbook's plan, anchored so submission lands on ERAS's opening in September.

    With more time than the tasks need, work starts later rather than idling;
    with less, every task before submission is shortened in proportion (to a
    week at least) and work starts today. Submission never comes before the
    opening day, whatever today is; it comes after it only when the work
    before it cannot fit, and then it shows as late.
    """
    drafted = [
        Task(key, phase, title, today, days, after) for key, phase, title, days, after in _DEFAULT
    ]
    target = submission_day(match_year)
    chained = schedule(drafted)
    submit = _submit(chained)
    needed = (submit.start - today).days
    available = (target - today).days
    if needed > available > 0:
        factor = available / needed
        before_submission = {t.key for t in chained if t.end <= submit.start}
        drafted = [
            replace(t, days=max(7, int(t.days * factor))) if t.key in before_submission else t
            for t in drafted
        ]
    elif available > needed:
        drafted = [replace(t, start=t.start + timedelta(days=available - needed)) for t in drafted]
    # Applications cannot go out before ERAS opens: submission waits for the day.
    return schedule(
        [replace(t, start=max(t.start, target)) if t.key == "submit" else t for t in drafted]
    )


def _submit(tasks: Sequence[Task]) -> Task:
    return next(t for t in tasks if t.key == "submit")
