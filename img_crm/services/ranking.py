"""The rank order list: ratings, the suggested order, the lists the user
orders, the deadline and the certification (the export is rank_export.py).

The suggested order only suggests: the lists hold what the user put there
(``put``, ``remove``, ``use_suggestion``), each change dated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
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
from img_crm.domain.text import counted
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
    #: program id -> (pros, cons) the user wrote.
    notes: dict[int, tuple[str, str]]
    #: The programs interviewed at (or to be): those a suggested order ranks.
    interviewed: frozenset[int]

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
                    "pros": self.notes.get(p.program_id, ("", ""))[0],
                    "cons": self.notes.get(p.program_id, ("", ""))[1],
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


def deadline_and_certified(session: Any) -> tuple[date | None, date | None]:
    """The certification deadline the user entered and the day they certified."""
    settings = all_settings(session)
    return _day(settings.get("rank_deadline", "")), _day(settings.get("rank_certified_on", ""))


def _local_day(moment: datetime) -> date:
    return clock.as_utc(moment).astimezone().date()


def board(session: Any, *, today: date | None = None) -> Board:
    today = today or clock.today()
    found = store.criteria(session)
    given = store.ratings(session)
    ties = tie_stages(session)
    lists = store.lists(session)
    ranked = {p for ids in lists.values() for p in ids}
    every = list_programs(session)
    interviewed = frozenset(p.id or 0 for p in every if p.application_status in RANKABLE)
    programs = [
        Rated(
            p.id or 0,
            p.name,
            score(given.get(p.id or 0, {}), found),
            sum(stage in (Stage.MENTOR, Stage.SPONSOR) for stage in ties.get(p.id or 0, ())),
        )
        for p in every
        if (p.id or 0) in interviewed or (p.id or 0) in ranked or (p.id or 0) in given
    ]
    deadline, certified = deadline_and_certified(session)
    # only a list's order needs certifying again (ratings and notes do not)
    history = store.history(session)
    changes = [c for c in history if c.list_name]
    # the day of the last change where the user is (stored in UTC)
    last_change = _local_day(changes[-1].changed_at) if changes else None
    warning = certify_warning(deadline, certified, today)
    # certified in the window: a change after that moment, even the same day
    marks = [c.id or 0 for c in history if c.what == CERTIFIED and not c.list_name]
    if certified is not None and marks and any((c.id or 0) > marks[-1] for c in changes):
        warning = (
            f"the list changed after you certified it on {certified.isoformat()}: certify it "
            "again in the NRMP system"
        )
    elif certified is not None and last_change is not None and last_change > certified:
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
        store.notes(session),
        interviewed,
    )


#: Pros and cons are notes, not essays: each up to this many characters.
MAX_NOTES = 4000


def _rating_text(rating: int | None) -> str:
    return str(rating) if rating is not None else "not rated"


#: The history's line for "I certified it today" (on no list).
CERTIFIED = "certified in the NRMP system"


def certify(session: Any, *, today: date | None = None) -> None:
    """The user certified the lists in the NRMP system today: kept as the
    day, and as a line of the history, so a change later that day asks for
    certifying again."""
    from img_crm.services.profile import save_profile_values

    if not store.lists(session):
        raise UserError("The rank list is empty: there is nothing to certify yet.")
    save_profile_values(session, values={"rank_certified_on": (today or clock.today()).isoformat()})
    store.note(session, what=CERTIFIED)


def rate(session: Any, *, program_id: int, criterion: str, rating: int | None) -> None:
    """One rating (None takes it away), dated in the history."""
    criterion_id = store.criterion_id(session, name=criterion)
    rate_program(session, program_id=program_id, ratings={criterion_id: rating})


def rate_program(
    session: Any,
    *,
    program_id: int,
    ratings: Mapping[int, int | None],
    pros: str | None = None,
    cons: str | None = None,
) -> bool:
    """A program's ratings (criterion id -> 1-5, None: not rated) and, when
    given, its pros and cons, in one dated line of the history naming what
    changed. Returns False when nothing did."""
    name = _program_name(session, program_id)  # one that exists
    names = {c.id: c.name for c in store.criteria(session)}
    had = store.ratings(session).get(program_id, {})
    changed: list[str] = []
    for criterion_id, rating in ratings.items():
        if criterion_id not in names:
            raise UserError(f"There is no criterion #{criterion_id}.", where="criterion")
        if rating is not None and (problem := rating_problem(rating)):
            raise UserError(f"{names[criterion_id]}: {problem}.", where="rating")
        if had.get(criterion_id) != rating:
            store.rate(session, program_id=program_id, criterion_id=criterion_id, rating=rating)
            changed.append(f"{names[criterion_id]} {_rating_text(rating)}")
    if pros is not None or cons is not None:
        old_pros, old_cons = store.notes(session).get(program_id, ("", ""))
        new_pros = old_pros if pros is None else pros.strip()
        new_cons = old_cons if cons is None else cons.strip()
        for label, text in (("Pros", new_pros), ("Cons", new_cons)):
            if len(text) > MAX_NOTES:
                raise UserError(
                    f"{label}: up to {MAX_NOTES} characters (this is {len(text)}).",
                    where=label.lower(),
                )
        if (new_pros, new_cons) != (old_pros, old_cons):
            store.set_notes(session, program_id=program_id, pros=new_pros, cons=new_cons)
            changed.append("pros and cons edited")
    if changed:
        store.note(session, what=f"{name}: {', '.join(changed)}")
    return bool(changed)


def _criterion_name(text: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > 60:
        raise UserError("A criterion's name is 1 to 60 characters.", where="criterion")
    return name


def keep_criterion(session: Any, *, name: str, weight: int) -> int:
    """Add a criterion, or change the weight of the one of that name."""
    name = _criterion_name(name)
    if problem := weight_problem(weight):
        raise UserError(f"Weight: {problem}.", where="weight")
    before = {c.name.casefold(): c.weight for c in store.criteria(session)}
    kept = store.keep_criterion(session, name=name, weight=weight)
    was = before.get(name.casefold())
    if was != weight:
        what = f"weight {was} to {weight}" if was is not None else f"added, weight {weight}"
        store.note(session, what=f"criterion {name}: {what}")
    return kept


def rename_criterion(session: Any, *, name: str, new_name: str) -> None:
    """Call a criterion something else; its ratings stay."""
    criterion_id = store.criterion_id(session, name=name)
    new_name = _criterion_name(new_name)
    found = store.criteria(session)
    clash = next(
        (c for c in found if c.name.casefold() == new_name.casefold() and c.id != criterion_id),
        None,
    )
    if clash is not None:
        raise UserError(f"There is a criterion {clash.name!r} already.", where="criterion")
    old = next(c.name for c in found if c.id == criterion_id)
    if old != new_name:
        store.rename_criterion(session, criterion_id=criterion_id, name=new_name)
        store.note(session, what=f"criterion {old} renamed {new_name}")


def criterion_ratings(session: Any, *, name: str) -> int:
    """How many ratings a criterion holds (to say before it is removed)."""
    criterion_id = store.criterion_id(session, name=name)
    return sum(criterion_id in given for given in store.ratings(session).values())


def remove_criterion(session: Any, *, name: str) -> int:
    """Delete a criterion with its ratings; returns how many ratings went."""
    criterion_id = store.criterion_id(session, name=name)
    old = next(c.name for c in store.criteria(session) if c.id == criterion_id)
    gone = store.remove_criterion(session, criterion_id=criterion_id)
    store.note(session, what=f"criterion {old} removed ({counted(gone, 'rating', 'ratings')})")
    return gone


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
    primary = set(found.lists.get(PRIMARY, []))
    suggested = [p for p in found.suggested if p in primary or p in found.interviewed]
    _store_list(session, found.lists, PRIMARY, suggested, "ordered as the ratings suggest")
    return suggested


def _program_name(session: Any, program_id: int) -> str:
    from img_crm.store.programs import program_row

    return program_row(session, program_id=program_id).name
