"""Program signals and applications in the store (data version 9).

The season's signal rules (``signal_rule``: one row per specialty and
season, the shipped 2025 season to start with) and each program's signal,
whether it takes signals and the day its application went. The rules that
decide what may be placed are ``domain/signals.py``; this module only reads
and writes rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from img_crm.domain.enums import ProgramVisa, Stage
from img_crm.domain.models import Invitation, Program, RankEntry, utc_now
from img_crm.domain.models import SignalRule as RuleRow
from img_crm.domain.signals import ProgramSignal, SignalKind, SignalRule, SignalState
from img_crm.domain.text import fold
from img_crm.store.programs import program_row, tie_stages


def list_rules(session: Session) -> list[SignalRule]:
    """Every stored rule, by specialty then season."""
    rows = session.execute(
        select(RuleRow).order_by(func.lower(col(RuleRow.specialty)), col(RuleRow.season))
    ).scalars()
    return [SignalRule(r.specialty, r.season, r.gold, r.silver, r.signals) for r in rows]


def set_rule(session: Session, *, rule: SignalRule) -> None:
    """Keep ``rule`` as the specialty's for its season (replacing one there),
    spelled as its other seasons spell it. Names are compared folded in any
    script (SQLite's ``lower`` folds only ASCII)."""
    wanted = fold(rule.specialty)
    same = [r for r in session.execute(select(RuleRow)).scalars() if fold(r.specialty) == wanted]
    existing = next((r for r in same if r.season == rule.season), None)
    row = existing or RuleRow(specialty=rule.specialty, season=rule.season)
    row.specialty = same[0].specialty if same else rule.specialty
    row.gold, row.silver, row.signals = rule.gold, rule.silver, rule.signals
    session.add(row)
    session.flush()


def program_signals(session: Session) -> list[ProgramSignal]:
    """Every program as the signal planner sees it, by name."""
    ties = tie_stages(session)
    rows = session.execute(select(Program).order_by(func.lower(col(Program.name)))).scalars()
    return [_signal(p, tuple(ties.get(p.id or 0, ()))) for p in rows]


def program_signal(session: Session, *, program_id: int) -> ProgramSignal:
    program = program_row(session, program_id=program_id)
    return _signal(program, tuple(tie_stages(session).get(program_id, ())))


def _signal(program: Program, ties: tuple[Stage, ...]) -> ProgramSignal:
    return ProgramSignal(
        program_id=program.id or 0,
        name=program.name,
        specialty=program.specialty,
        accepts=program.accepts_signals,
        kind=SignalKind(program.eras_signal) if program.eras_signal else None,
        state=SignalState(program.eras_signal_state),
        tier=program.tier,
        visa=ProgramVisa(program.visa),
        flag_no_visa=program.flag_no_visa,
        img_share=program.img_share,
        tie_stages=ties,
        sent_on=program.eras_signal_sent_on,
    )


def write_signal(
    session: Session,
    *,
    program_id: int,
    kind: SignalKind | None,
    state: SignalState,
    today: date,
) -> None:
    """Write a program's signal as checked by ``domain/signals.signal_problem``
    (the caller's job); the day it was sent is kept."""
    program = program_row(session, program_id=program_id)
    program.eras_signal = kind.value if kind is not None and state is not SignalState.NONE else None
    if state is SignalState.SENT and program.eras_signal_state != SignalState.SENT.value:
        program.eras_signal_sent_on = today
    program.eras_signal_state = state.value
    program.updated_at = utc_now()
    session.add(program)
    session.flush()


def set_accepts_signals(session: Session, *, program_id: int, accepts: bool | None) -> None:
    program = program_row(session, program_id=program_id)
    program.accepts_signals = accepts
    program.updated_at = utc_now()
    session.add(program)
    session.flush()


def set_applied(session: Session, *, program_id: int, applied_on: date | None) -> None:
    """The day the application went to this program (None: not applied)."""
    program = program_row(session, program_id=program_id)
    program.applied_on = applied_on
    program.updated_at = utc_now()
    session.add(program)
    session.flush()


def applied_programs(session: Session) -> list[tuple[int, str, str, str, date]]:
    """(id, name, specialty, state, applied on) of every program applied to."""
    query = (
        select(
            col(Program.id),
            col(Program.name),
            col(Program.specialty),
            col(Program.state),
            col(Program.applied_on),
        )
        .where(col(Program.applied_on).is_not(None))
        .order_by(func.lower(col(Program.specialty)), func.lower(col(Program.name)))
    )
    return [tuple(row) for row in session.execute(query)]


def programs_not_applied(session: Session) -> list[tuple[int, str, str]]:
    """(id, name, specialty) of every program the application has not gone to."""
    query = select(col(Program.id), col(Program.name), col(Program.specialty)).where(
        col(Program.applied_on).is_(None)
    )
    return [
        (int(pid), str(name), str(specialty)) for pid, name, specialty in session.execute(query)
    ]


def season_of(session: Session, *, program_ids: Sequence[int]) -> dict[str, int]:
    """What the application season holds for these programs, to say before
    they are deleted: sent signals (MyERAS keeps them), applications (ERAS
    refunds nothing), invitations and rank entries."""
    ids = list(program_ids)

    def count(query: Any) -> int:
        return int(session.execute(query).scalar_one())

    return {
        "sent signals": count(
            select(func.count())
            .select_from(Program)
            .where(col(Program.id).in_(ids), col(Program.eras_signal_state) == "sent")
        ),
        "applications": count(
            select(func.count())
            .select_from(Program)
            .where(col(Program.id).in_(ids), col(Program.applied_on).is_not(None))
        ),
        "invitations": count(
            select(func.count()).select_from(Invitation).where(col(Invitation.program_id).in_(ids))
        ),
        "rank entries": count(
            select(func.count()).select_from(RankEntry).where(col(RankEntry.program_id).in_(ids))
        ),
    }
