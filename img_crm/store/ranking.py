"""The rank order lists in the store (data version 9): criteria, ratings, the
lists' order and their dated history (``rank_change``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from img_crm.domain.models import RankChange, RankCriterion, RankEntry, RankRating, utc_now
from img_crm.domain.ranking import PRIMARY, Criterion
from img_crm.domain.text import fold
from img_crm.errors import UserError


def criteria(session: Session) -> list[Criterion]:
    rows = session.execute(
        select(RankCriterion).order_by(col(RankCriterion.position), col(RankCriterion.id))
    ).scalars()
    return [Criterion(r.id or 0, r.name, r.weight) for r in rows]


def _named(session: Session, name: str) -> RankCriterion | None:
    """The criterion called ``name``, compared folded in any script (SQLite's
    own ``lower`` folds only ASCII: "Éducation" would not find "éducation")."""
    wanted = fold(name)
    rows = session.execute(select(RankCriterion)).scalars()
    return next((row for row in rows if fold(row.name) == wanted), None)


def criterion_id(session: Session, *, name: str) -> int:
    """The id of the criterion called ``name`` (without regard to case)."""
    row = _named(session, name)
    found = row.id if row is not None else None
    if found is None:
        names = ", ".join(c.name for c in criteria(session))
        raise UserError(f"There is no criterion {name[:60]!r}; they are: {names}.")
    return int(found)


def keep_criterion(session: Session, *, name: str, weight: int) -> int:
    """Add a criterion, or change the weight of the one of that name."""
    existing = _named(session, name)
    if existing is None:
        last = session.execute(select(func.max(col(RankCriterion.position)))).scalar_one()
        existing = RankCriterion(name=name, weight=weight, position=(last or 0) + 1)
    existing.weight = weight
    session.add(existing)
    session.flush()
    return existing.id or 0


def rate(session: Session, *, program_id: int, criterion_id: int, rating: int | None) -> None:
    """A program's rating on one criterion (None takes it away)."""
    session.execute(
        delete(RankRating).where(
            col(RankRating.program_id) == program_id,
            col(RankRating.criterion_id) == criterion_id,
        )
    )
    if rating is not None:
        session.add(RankRating(program_id=program_id, criterion_id=criterion_id, rating=rating))
    session.flush()


def ratings(session: Session) -> dict[int, dict[int, int]]:
    """program id -> criterion id -> rating."""
    found: dict[int, dict[int, int]] = {}
    for row in session.execute(select(RankRating)).scalars():
        found.setdefault(row.program_id, {})[row.criterion_id] = row.rating
    return found


def lists(session: Session) -> dict[str, list[int]]:
    """Every list's program ids in rank order (the primary list first)."""
    found: dict[str, list[int]] = {}
    query = select(RankEntry).order_by(col(RankEntry.list_name), col(RankEntry.position))
    for row in session.execute(query).scalars():
        found.setdefault(row.list_name, []).append(row.program_id)
    return dict(sorted(found.items(), key=lambda item: item[0] != PRIMARY))


def put_list(session: Session, *, list_name: str, program_ids: Sequence[int], what: str) -> None:
    """Give ``list_name`` this order (checked by the caller) and date the
    change in the history, in the caller's words ("Lakeview IM moved to 2")."""
    session.execute(delete(RankEntry).where(col(RankEntry.list_name) == list_name))
    session.flush()
    session.add_all(
        RankEntry(list_name=list_name, program_id=p, position=n)
        for n, p in enumerate(program_ids, 1)
    )
    session.add(RankChange(changed_at=utc_now(), list_name=list_name, what=what))
    session.flush()


def history(session: Session) -> list[RankChange]:
    return list(session.execute(select(RankChange).order_by(col(RankChange.id))).scalars())


def note_deleted(session: Session, *, program_ids: Sequence[int]) -> None:
    """A dated line in each rank list's history for the programs about to be
    deleted from it (the list no longer holds them)."""
    from img_crm.domain.models import Program

    ranked = session.execute(
        select(col(RankEntry.list_name), col(Program.name))
        .join(Program, col(Program.id) == col(RankEntry.program_id))
        .where(col(RankEntry.program_id).in_(list(program_ids)))
    ).all()
    session.add_all(
        RankChange(changed_at=utc_now(), list_name=name, what=f"{program} removed (deleted)")
        for name, program in ranked
    )


def note(session: Session, *, what: str, list_name: str = "") -> None:
    """A dated line in the history for a change that is not a list's order
    (a rating, a criterion, pros and cons): ``list_name`` stays empty."""
    session.add(RankChange(changed_at=utc_now(), list_name=list_name, what=what))
    session.flush()


def rename_criterion(session: Session, *, criterion_id: int, name: str) -> None:
    row = session.get(RankCriterion, criterion_id)
    if row is None:
        raise UserError(f"There is no criterion #{criterion_id}.")
    row.name = name
    session.add(row)
    session.flush()


def remove_criterion(session: Session, *, criterion_id: int) -> int:
    """Delete a criterion and its ratings; returns how many ratings went."""
    counted = select(func.count()).where(col(RankRating.criterion_id) == criterion_id)
    gone = int(session.execute(counted).scalar_one())
    session.execute(delete(RankRating).where(col(RankRating.criterion_id) == criterion_id))
    session.execute(delete(RankCriterion).where(col(RankCriterion.id) == criterion_id))
    session.flush()
    return gone


def notes(session: Session) -> dict[int, tuple[str, str]]:
    """program id -> (pros, cons), for the programs with either written."""
    from img_crm.domain.models import Program

    rows = session.execute(
        select(col(Program.id), col(Program.rank_pros), col(Program.rank_cons)).where(
            (col(Program.rank_pros) != "") | (col(Program.rank_cons) != "")
        )
    )
    return {int(pid): (str(pros), str(cons)) for pid, pros, cons in rows}


def set_notes(session: Session, *, program_id: int, pros: str, cons: str) -> None:
    from img_crm.store.programs import program_row

    program = program_row(session, program_id=program_id)
    program.rank_pros, program.rank_cons = pros, cons
    program.updated_at = utc_now()
    session.add(program)
    session.flush()
