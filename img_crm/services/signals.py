"""The signal planner and the application fees: the season's use cases.

Reads the programs, the season's rules and the user's settings, asks
``domain/signals.py`` and ``domain/fees.py`` what they allow and cost, and
writes through ``store/signals.py`` in the caller's transaction. The window
and the command line both come here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from img_crm import clock
from img_crm.domain.enums import VisaNeed
from img_crm.domain.fees import FeeEstimate, estimate, fee_rule_from_settings
from img_crm.domain.geography import Preference, division_of, fits
from img_crm.domain.signals import (
    Left,
    ProgramSignal,
    SignalKind,
    SignalRule,
    SignalState,
    Suggestion,
    by_specialty,
    rule_problem,
    season_start,
    signal_problem,
    signal_warning,
    signals_left,
    suggest,
    this_season,
)
from img_crm.domain.text import sort_key
from img_crm.errors import UserError
from img_crm.services.profile import load_profile
from img_crm.store import signals as store
from img_crm.store.driver import Source
from img_crm.store.settings import all_settings


@dataclass(frozen=True, slots=True)
class Planner:
    """What the signal planner shows."""

    left: list[Left]
    programs: list[ProgramSignal]
    suggestions: list[Suggestion]
    #: Program id -> why a signal there may be wasted (its visa).
    warnings: dict[int, str]
    #: The newest season's rule of each specialty, by folded name.
    rules: dict[str, SignalRule]

    def to_json(self) -> dict[str, Any]:
        return {
            "left": [
                {
                    "specialty": row.specialty,
                    "kind": row.kind.value,
                    "allowed": row.allowed,
                    "planned": row.planned,
                    "sent": row.sent,
                    "left": row.left,
                }
                for row in self.left
            ],
            "programs": [
                {
                    "id": p.program_id,
                    "name": p.name,
                    "specialty": p.specialty,
                    "accepts_signals": p.accepts,
                    "signal": p.kind.value if p.kind else None,
                    "state": p.state.value,
                    "sent_on": p.sent_on.isoformat() if p.sent_on else None,
                    "sent_in_an_earlier_season": (
                        p.earlier_season.isoformat() if p.earlier_season else None
                    ),
                    "warning": self.warnings.get(p.program_id),
                }
                for p in self.programs
                if p.state is not SignalState.NONE
                or p.accepts is not None
                or p.earlier_season is not None
            ],
            "suggestions": [
                {"id": s.program_id, "name": s.name, "reason": s.reason} for s in self.suggestions
            ],
        }


def _need(session: Source) -> VisaNeed:
    return load_profile(session).visa


def _season_signals(session: Any) -> list[ProgramSignal]:
    """Every program's signal in this season (the match year's): one sent
    in an earlier season counts for nothing and locks nothing."""
    year = load_profile(session).match_year
    start = season_start(year) if year is not None else None
    return [this_season(p, start) for p in store.program_signals(session)]


def planner(session: Source) -> Planner:
    need = _need(session)
    programs = _season_signals(session)
    rules = store.list_rules(session)  # type: ignore[arg-type]
    warnings = {
        p.program_id: w
        for p in programs
        if p.state is not SignalState.NONE and (w := signal_warning(p, need)) is not None
    }
    return Planner(
        signals_left(programs, rules),
        programs,
        suggest(programs, need=need, rules=rules),
        warnings,
        by_specialty(rules),
    )


def place_signal(
    session: Any,
    *,
    program_id: int,
    kind: SignalKind | None,
    state: SignalState,
    today: date | None = None,
) -> tuple[SignalKind | None, str | None]:
    """Plan, send or take back a program's signal (no kind: the one planned);
    refused when the rules do not allow it (a sent one is locked). Returns
    the kind placed and a warning to show (the program does not sponsor the
    user's visa), or None."""
    others = _season_signals(session)
    program = next((p for p in others if p.program_id == program_id), None)
    if program is None:
        program = store.program_signal(session, program_id=program_id)  # refuses: no such id
    if kind is None and state is not SignalState.NONE:
        kind = program.kind  # planned gold, then sent: still gold
    problem = signal_problem(
        program,
        kind=kind,
        state=state,
        rules=store.list_rules(session),
        others=others,
    )
    if problem:
        raise UserError(f"Program #{program_id}: {problem}.", where="signal")
    store.write_signal(
        session, program_id=program_id, kind=kind, state=state, today=today or clock.today()
    )
    if state is SignalState.NONE:
        return None, None
    return kind, signal_warning(program, _need(session))


def rules(session: Any) -> list[SignalRule]:
    """Every season's rules, by specialty (folded, in any script) then season."""
    return sorted(store.list_rules(session), key=lambda r: (sort_key(r.specialty), r.season))


def keep_rule(session: Any, *, rule: SignalRule) -> None:
    problem = rule_problem(rule)
    if problem:
        raise UserError(f"Signal rule: {problem}.", where="signal_rule")
    store.set_rule(session, rule=rule)


def set_accepts(session: Any, *, program_id: int, accepts: bool | None) -> str | None:
    """Whether a program takes signals (None: not known). Returns a warning
    when it takes none and a signal is planned there."""
    store.set_accepts_signals(session, program_id=program_id, accepts=accepts)
    placed = store.program_signal(session, program_id=program_id).state
    if accepts is False and placed is SignalState.PLANNED:
        return "a signal is planned for it; take it back to place it elsewhere"
    return None


def mark_applied(session: Any, *, program_id: int, on: date | None) -> None:
    """The application went to a program on a day (None: it did not)."""
    if on is not None and on > clock.today():
        raise UserError(
            "The application went on a day that has come (not after today).", where="applied_on"
        )
    store.set_applied(session, program_id=program_id, applied_on=on)


@dataclass(frozen=True, slots=True)
class Application:
    program_id: int
    name: str
    specialty: str
    state: str
    applied_on: date
    division: str | None
    #: In a division the user prefers (None: no preference, or not a US state).
    preferred: bool | None


@dataclass(frozen=True, slots=True)
class Applications:
    fees: FeeEstimate
    programs: list[Application]
    preference: Preference
    #: (id, name, specialty) of the programs not applied to yet.
    not_applied: list[tuple[int, str, str]]

    def to_json(self) -> dict[str, Any]:
        rule = self.fees.rule
        return {
            "fee_rule": {
                "season": rule.season,
                "first_block": rule.first_block,
                "first_price": rule.first_price,
                "later_price": rule.later_price,
            },
            "specialties": [
                {
                    "specialty": s.specialty,
                    "programs": s.programs,
                    "fee": s.fee,
                    "before_step": s.before_step,
                }
                for s in self.fees.specialties
            ],
            "total": self.fees.total,
            "budget": self.fees.budget,
            "over_budget": self.fees.over_budget,
            "preference": {
                "divisions": list(self.preference.divisions),
                "setting": self.preference.setting,
            },
            "programs": [
                {
                    "id": a.program_id,
                    "name": a.name,
                    "specialty": a.specialty,
                    "applied_on": a.applied_on.isoformat(),
                    "division": a.division,
                    "preferred": a.preferred,
                }
                for a in self.programs
            ],
        }


def applications(session: Any) -> Applications:
    """Where the application went, what it costs and how it sits with the
    user's geographic preference."""
    settings = all_settings(session)
    budget_text = settings.get("application_budget", "")
    budget = int(budget_text) if budget_text.isdigit() else None
    divisions = tuple(d.strip() for d in settings.get("geo_divisions", "").split(",") if d.strip())
    preference = Preference(divisions, settings.get("geo_setting", "") or "no-preference")
    rows = store.applied_programs(session)
    fees = estimate(
        [specialty for _, _, specialty, _, _ in rows], fee_rule_from_settings(settings), budget
    )
    programs = [
        Application(
            pid, name, specialty, state, applied, division_of(state), fits(state, preference)
        )
        for pid, name, specialty, state, applied in rows
    ]
    not_applied = sorted(store.programs_not_applied(session), key=lambda r: sort_key(r[1]))
    return Applications(fees, programs, preference, not_applied)
