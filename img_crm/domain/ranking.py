"""The rank order list: ratings, a suggested order, and NRMP's limits.

The user rates each interviewed program on criteria they choose, each with
a weight; a program's score is the weighted mean of its ratings. The score
only suggests an order: the list is the one the user drags into place. The
limits are the season's (data): up to 300 distinct programs across the
primary list and its supplemental lists, certified by a deadline the user
enters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

#: Criteria a new list starts with (the user renames, removes, re-weights).
DEFAULT_CRITERIA: tuple[tuple[str, int], ...] = (
    ("Visa", 3),
    ("IMG support", 2),
    ("Location", 1),
    ("Fellowship outcomes", 1),
    ("Fit", 2),
    ("Gut feeling", 2),
)
#: A rating runs from 1 (poor) to 5 (excellent).
RATING_RANGE = (1, 5)
MAX_WEIGHT = 10
#: NRMP: up to 300 unique ranks in all of one applicant's lists.
MAX_RANKS = 300
#: The primary list's name; a supplemental list is named for its advanced program.
PRIMARY = "primary"


@dataclass(frozen=True, slots=True)
class Criterion:
    id: int
    name: str
    weight: int


def rating_problem(value: int) -> str | None:
    low, high = RATING_RANGE
    return None if low <= value <= high else f"a rating is from {low} to {high}"


def weight_problem(value: int) -> str | None:
    return None if 0 <= value <= MAX_WEIGHT else f"a weight is from 0 to {MAX_WEIGHT}"


def score(ratings: Mapping[int, int], criteria: Sequence[Criterion]) -> float | None:
    """The weighted mean rating (1-5) over the criteria rated, or None for a
    program with no rating yet (it is not ranked below one rated 1)."""
    total = weight = 0
    for criterion in criteria:
        if criterion.id in ratings and criterion.weight:
            total += ratings[criterion.id] * criterion.weight
            weight += criterion.weight
    return total / weight if weight else None


@dataclass(frozen=True, slots=True)
class Rated:
    program_id: int
    name: str
    score: float | None
    #: Mentor and sponsor ties there (a tie breaks an equal score).
    strong_ties: int = 0


def suggested_order(programs: Iterable[Rated]) -> list[int]:
    """Program ids by score, best first; ties by strong ties, then name;
    unrated programs last."""
    return [
        p.program_id
        for p in sorted(
            programs,
            key=lambda p: (p.score is None, -(p.score or 0.0), -p.strong_ties, p.name.casefold()),
        )
    ]


def list_problem(lists: Mapping[str, Sequence[int]]) -> str | None:
    """Why these lists cannot be kept: a program twice in one list, or more
    than ``MAX_RANKS`` ranks in all."""
    for name, ids in lists.items():
        if len(set(ids)) != len(ids):
            which = "the primary list" if name == PRIMARY else f"the supplemental list {name}"
            return f"a program is in {which} twice"
    ranks = sum(len(ids) for ids in lists.values())
    if ranks > MAX_RANKS:
        return f"the lists hold {ranks} ranks; NRMP takes at most {MAX_RANKS}"
    return None


def certify_warning(deadline: date | None, certified_on: date | None, today: date) -> str | None:
    """A list not certified as the deadline nears (a week) or has passed."""
    if deadline is None or certified_on is not None:
        return None
    days = (deadline - today).days
    if days < 0:
        return f"the rank list deadline ({deadline.isoformat()}) has passed and it is not certified"
    if days <= 7:
        when = "today" if days == 0 else f"in {days} day{'' if days == 1 else 's'}"
        return f"certify the rank list: the deadline is {when} ({deadline.isoformat()})"
    return None
