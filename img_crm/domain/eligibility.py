"""Eligibility for the Match: ECFMG certification and the visa track.

An IMG can be ranked only once ECFMG certifies them (the medical diploma
verified at its source, USMLE Step 1 and Step 2 CK passed, and a Pathway,
with OET Medicine for English). A J-1 needs a Statement of Need from the home
country's health ministry; an H-1B usually needs USMLE Step 3 passed before
the rank list. Each step has a due date dated back from the match year (the
rank list closes in February or early March of that year; applications go
out the September before). The dates are img-crm's suggested targets, not
ECFMG's own deadlines, which change every season: the user edits them on the
plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from img_crm.domain.enums import VisaNeed
from img_crm.domain.plan import Phase, Task


@dataclass(frozen=True, slots=True)
class Step:
    """One step, due ``month``/``day`` of the match year plus ``year_offset``
    (-1: the year before), taking about ``days``, after the ``after`` steps."""

    key: str
    title: str
    year_offset: int
    month: int
    day: int
    days: int
    after: tuple[str, ...] = ()
    #: The visa tracks the step is for (empty: everyone).
    tracks: frozenset[VisaNeed] = frozenset()
    #: Whether the step has a score and an expiry date to keep (OET).
    scored: bool = False

    def due(self, match_year: int) -> date:
        return date(match_year + self.year_offset, self.month, self.day)


_J1 = frozenset({VisaNeed.J1, VisaNeed.J1_OR_H1B})
_H1B = frozenset({VisaNeed.H1B, VisaNeed.J1_OR_H1B})

#: The steps, in the order they are usually done.
STEPS: tuple[Step, ...] = (
    Step("ecfmg-psv", "ECFMG: medical diploma verified at its source", -1, 3, 1, 120),
    Step("step-1", "USMLE Step 1 passed", -1, 5, 1, 180),
    Step("step-2-ck", "USMLE Step 2 CK passed, score released", -1, 8, 15, 150, ("step-1",)),
    Step("oet", "OET Medicine passed (scores and expiry kept)", -1, 6, 1, 90, scored=True),
    Step("pathway", "ECFMG Pathway completed", -1, 11, 1, 90, ("step-2-ck", "oet")),
    Step(
        "ecfmg-certificate",
        "ECFMG certificate issued",
        0,
        1,
        31,
        60,
        ("ecfmg-psv", "pathway"),
    ),
    Step(
        "statement-of-need",
        "J-1: Statement of Need from the home country's ministry of health",
        0,
        1,
        31,
        180,
        tracks=_J1,
    ),
    Step(
        "step-3",
        "H-1B: USMLE Step 3 passed before the rank list",
        0,
        2,
        1,
        90,
        ("ecfmg-certificate",),
        tracks=_H1B,
    ),
)


def steps_for(need: VisaNeed) -> list[Step]:
    """The steps the user's visa track needs (both tracks' when undecided)."""
    return [s for s in STEPS if not s.tracks or need in s.tracks]


@dataclass(frozen=True, slots=True)
class StepState:
    """What the user entered for a step: when it was done; for OET, the
    scores and the day they expire."""

    done_on: date | None = None
    score: str = ""
    expires_on: date | None = None


@dataclass(frozen=True, slots=True)
class Checked:
    step: Step
    due: date
    state: StepState
    #: A sentence for Today when the step is late or will lapse, else None.
    warning: str | None


def check(
    match_year: int, need: VisaNeed, states: Mapping[str, StepState], today: date
) -> list[Checked]:
    """Every step of the user's track with its due date and, when it is
    late for the match year (or an OET result expires before the Match), a
    warning. A step is done only when the user says so."""
    match_day = date(match_year, 3, 20)
    found: list[Checked] = []
    for step in steps_for(need):
        state = states.get(step.key, StepState())
        due = step.due(match_year)
        warning = None
        if state.done_on is None and due < today:
            warning = f"{step.title}: due {due.isoformat()} for the {match_year} Match, not done"
        elif state.expires_on is not None and state.expires_on < match_day:
            warning = (
                f"{step.title}: the result expires {state.expires_on.isoformat()}, before the "
                f"{match_year} Match"
            )
        found.append(Checked(step, due, state, warning))
    return found


#: Eligibility steps on the Gantt are keyed apart from the plan's own tasks.
TASK_PREFIX = "eligibility:"


def as_tasks(checked: Iterable[Checked]) -> list[Task]:
    """Each step of the checklist as a bar for the plan's Gantt: ending on its
    due date, after the steps it needs (those of the user's track), done only
    when the user said so."""
    items = list(checked)
    due = {c.step.key: c.due for c in items}
    tasks = []
    for c in items:
        needs = [a for a in c.step.after if a in due]
        # it takes about step.days, but starts no earlier than the steps it
        # needs are due (a Pathway is not begun before Step 2 CK's target)
        start = max([c.due - timedelta(days=c.step.days), *(due[a] for a in needs)])
        days = max((c.due - start).days, 1)
        tasks.append(
            Task(
                TASK_PREFIX + c.step.key,
                Phase.ELIGIBILITY,
                c.step.title,
                c.due - timedelta(days=days),
                days,
                tuple(TASK_PREFIX + a for a in needs),
                c.state.done_on is not None,
            )
        )
    return tasks
