"""The rank order list: ratings, the suggested order, the lists the user
orders, the deadline and the export to copy into the NRMP system.

The suggested order only suggests: the lists hold what the user put there
(``put``, ``remove``, ``use_suggestion``), each change dated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from img_crm import clock
from img_crm.domain.enums import Stage
from img_crm.domain.ranking import (
    PRIMARY,
    Criterion,
    Rated,
    certify_warning,
    list_problem,
    rating_problem,
    score,
    suggested_order,
    weight_problem,
)
from img_crm.errors import UserError
from img_crm.store import ranking as store
from img_crm.store.programs import list_programs, tie_stages
from img_crm.store.settings import all_settings

#: Programs rated and ranked: those the user interviewed at (or will).
RANKABLE = frozenset({"interview-scheduled", "interviewed", "ranked"})


@dataclass(frozen=True, slots=True)
class Board:
    criteria: list[Criterion]
    programs: list[Rated]
    ratings: dict[int, dict[int, int]]
    suggested: list[int]
    lists: dict[str, list[int]]
    deadline: date | None
    certified_on: date | None
    warning: str | None

    def name(self, program_id: int) -> str:
        return next((p.name for p in self.programs if p.program_id == program_id), f"#{program_id}")

    def to_json(self) -> dict[str, Any]:
        return {
            "criteria": [{"id": c.id, "name": c.name, "weight": c.weight} for c in self.criteria],
            "programs": [
                {
                    "id": p.program_id,
                    "name": p.name,
                    "score": round(p.score, 2) if p.score is not None else None,
                    "strong_ties": p.strong_ties,
                    "ratings": {
                        c.name: self.ratings.get(p.program_id, {}).get(c.id) for c in self.criteria
                    },
                }
                for p in self.programs
            ],
            "suggested_order": self.suggested,
            "lists": self.lists,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "certified_on": self.certified_on.isoformat() if self.certified_on else None,
            "warning": self.warning,
        }


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _local_day(moment: datetime) -> date:
    return clock.as_utc(moment).astimezone().date()


def board(session: Any, *, today: date | None = None) -> Board:
    today = today or clock.today()
    found = store.criteria(session)
    given = store.ratings(session)
    ties = tie_stages(session)
    lists = store.lists(session)
    ranked = {p for ids in lists.values() for p in ids}
    programs = [
        Rated(
            p.id or 0,
            p.name,
            score(given.get(p.id or 0, {}), found),
            sum(stage in (Stage.MENTOR, Stage.SPONSOR) for stage in ties.get(p.id or 0, ())),
        )
        for p in list_programs(session)
        if p.application_status in RANKABLE or (p.id or 0) in ranked or (p.id or 0) in given
    ]
    settings = all_settings(session)
    deadline = _day(settings.get("rank_deadline", ""))
    certified = _day(settings.get("rank_certified_on", ""))
    changes = store.history(session)
    # the day of the last change where the user is (stored in UTC)
    last_change = _local_day(changes[-1].changed_at) if changes else None
    warning = certify_warning(deadline, certified, today)
    if certified is not None and last_change is not None and last_change > certified:
        warning = (
            f"the list changed on {last_change.isoformat()}, after you certified it on "
            f"{certified.isoformat()}: certify it again in the NRMP system"
        )
    return Board(
        found,
        programs,
        given,
        suggested_order(programs),
        lists,
        deadline,
        certified,
        warning,
    )


def rate(session: Any, *, program_id: int, criterion: str, rating: int | None) -> None:
    if rating is not None and (problem := rating_problem(rating)):
        raise UserError(f"Rating: {problem}.", where="rating")
    _program_name(session, program_id)  # one that exists
    store.rate(
        session,
        program_id=program_id,
        criterion_id=store.criterion_id(session, name=criterion),
        rating=rating,
    )


def keep_criterion(session: Any, *, name: str, weight: int) -> int:
    name = " ".join(name.split())
    if not name or len(name) > 60:
        raise UserError("A criterion's name is 1 to 60 characters.", where="criterion")
    if problem := weight_problem(weight):
        raise UserError(f"Weight: {problem}.", where="weight")
    return store.keep_criterion(session, name=name, weight=weight)


def _store_list(
    session: Any, lists: dict[str, list[int]], name: str, order: list[int], what: str
) -> None:
    """Keep ``order`` as list ``name`` (``lists``: every list as stored now),
    refused beyond NRMP's limits."""
    lists = {**lists, name: order}
    if problem := list_problem(lists):
        raise UserError(f"Rank list: {problem}.", where="rank")
    store.put_list(session, list_name=name, program_ids=order, what=what)


def list_name_of(text: str) -> str:
    """A list's name as kept: ``primary`` (in any case) or a supplemental
    list's name, 1 to 60 characters."""
    name = " ".join(text.split())
    if name.casefold() == PRIMARY:
        return PRIMARY
    if not name or len(name) > 60:
        raise UserError("A rank list's name is 1 to 60 characters.", where="list")
    return name


def put(session: Any, *, program_id: int, position: int, list_name: str = PRIMARY) -> int:
    """Put a program at ``position`` (from 1) of a list, moving it if it is
    there (a place past the end is the end); returns the place it took."""
    list_name = list_name_of(list_name)
    if position < 1:
        raise UserError("A place on the rank list is 1 or more (1 is first).", where="position")
    lists = store.lists(session)
    order = lists.get(list_name, [])
    was = order.index(program_id) + 1 if program_id in order else None
    order = [p for p in order if p != program_id]
    place = max(1, min(position, len(order) + 1))
    order.insert(place - 1, program_id)
    name = _program_name(session, program_id)
    what = f"{name} added at {place}" if was is None else f"{name} moved from {was} to {place}"
    _store_list(session, lists, list_name, order, what)
    return place


def remove(session: Any, *, program_id: int, list_name: str = PRIMARY) -> None:
    list_name = list_name_of(list_name)
    lists = store.lists(session)
    order = lists.get(list_name, [])
    if program_id not in order:
        raise UserError(f"Program #{program_id} is not on that list.")
    _store_list(
        session,
        lists,
        list_name,
        [p for p in order if p != program_id],
        f"{_program_name(session, program_id)} removed",
    )


def use_suggestion(session: Any) -> list[int]:
    """Order the primary list as the ratings suggest (the user asked for it):
    the programs on it, and those interviewed at, in the ratings' order."""
    found = board(session)
    statuses = {p.id: p.application_status for p in list_programs(session)}
    primary = set(found.lists.get(PRIMARY, []))
    suggested = [p for p in found.suggested if p in primary or statuses.get(p) in RANKABLE]
    _store_list(session, found.lists, PRIMARY, suggested, "ordered as the ratings suggest")
    return suggested


def _program_name(session: Any, program_id: int) -> str:
    from img_crm.store.programs import program_row

    return program_row(session, program_id=program_id).name


def export_csv(session: Any, destination: Path, *, list_name: str = PRIMARY) -> int:
    """The list as CSV (rank, program, institution, specialty, city, state),
    written atomically, to copy into the NRMP system."""
    from img_crm.services.csv_io import write_table_csv

    list_name = list_name_of(list_name)
    order = store.lists(session).get(list_name, [])
    if not order:
        raise UserError(f"The {list_name} list is empty; nothing was written.")
    programs = {p.id: p for p in list_programs(session)}
    rows = [
        [str(n), p.name, p.institution, p.specialty, p.city, p.state]
        for n, program_id in enumerate(order, 1)
        if (p := programs.get(program_id)) is not None
    ]
    header = ["rank", "program", "institution", "specialty", "city", "state"]
    return write_table_csv(header, rows, destination, safe=True)
