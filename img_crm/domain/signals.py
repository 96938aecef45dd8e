"""Program signals: how many a specialty allows, and where to spend them.

MyERAS lets an applicant signal a few programs per specialty each season;
some specialties give two kinds (gold, silver), most one. The numbers change
every season, so they are data: ``DEFAULT_RULES`` is the 2025 season as
AAMC published it, and the user edits a specialty's row when the next
season's numbers come out. A sent signal cannot be moved: it is locked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from img_crm.domain.enums import ProgramVisa, Stage, VisaNeed
from img_crm.domain.programs import needs_visa, visa_mismatch, wasted_application
from img_crm.domain.text import fold

#: The season the shipped numbers are for (MyERAS 2025).
DEFAULT_SEASON = "2025"


class SignalKind(StrEnum):
    """Gold and silver where a specialty has two kinds; ``signal`` where one."""

    GOLD = "gold"
    SILVER = "silver"
    SIGNAL = "signal"


class SignalState(StrEnum):
    NONE = "none"
    PLANNED = "planned"
    SENT = "sent"


@dataclass(frozen=True, slots=True)
class SignalRule:
    """How many signals of each kind one specialty allows in one season."""

    specialty: str
    season: str
    gold: int = 0
    silver: int = 0
    signals: int = 0  # a specialty with one kind of signal

    def allowed(self) -> dict[SignalKind, int]:
        if self.gold or self.silver:
            return {SignalKind.GOLD: self.gold, SignalKind.SILVER: self.silver}
        return {SignalKind.SIGNAL: self.signals}

    def describe(self) -> str:
        if self.gold or self.silver:
            return f"{self.gold} gold + {self.silver} silver"
        return f"{self.signals}"


def _rule(specialty: str, *, gold: int = 0, silver: int = 0, signals: int = 0) -> SignalRule:
    return SignalRule(specialty, DEFAULT_SEASON, gold, silver, signals)


#: The 2025 MyERAS season (AAMC): edit a row when a new season's numbers are out.
DEFAULT_RULES: tuple[SignalRule, ...] = (
    _rule("Internal Medicine", gold=3, silver=12),
    _rule("Family Medicine", signals=5),
    _rule("Pediatrics", signals=5),
    _rule("Psychiatry", signals=10),
    _rule("General Surgery", signals=15),
    _rule("Neurology", signals=8),
    _rule("Emergency Medicine", signals=5),
    _rule("Anesthesiology", gold=5, silver=10),
    _rule("Pathology", signals=5),
    _rule("Transitional Year", signals=12),
    _rule("Physical Medicine and Rehabilitation", signals=8),
    _rule("Diagnostic Radiology", gold=6, silver=6),
)

#: The most signals of one kind a rule may give (a typing slip, not a rule).
MAX_SIGNALS = 100


def rule_problem(rule: SignalRule) -> str | None:
    """Why a rule the user typed cannot be kept, or None."""
    if not rule.specialty.strip():
        return "a specialty is required"
    if not (rule.season.isascii() and rule.season.isdigit() and len(rule.season) == 4):
        return "the season is the year the rule is for, such as 2026"
    counts = (rule.gold, rule.silver, rule.signals)
    if any(n < 0 or n > MAX_SIGNALS for n in counts):
        return f"each number of signals must be from 0 to {MAX_SIGNALS}"
    if (rule.gold or rule.silver) and rule.signals:
        return "a specialty has either gold and silver signals or one kind, not both"
    return None


def rule_for(specialty: str, rules: Iterable[SignalRule]) -> SignalRule | None:
    """The rule of the newest season for ``specialty`` (names compared folded)."""
    return by_specialty(rules).get(fold(specialty))


@dataclass(frozen=True, slots=True)
class ProgramSignal:
    """One program's signal, as the planner sees it."""

    program_id: int
    name: str
    specialty: str
    accepts: bool | None  # None: not known yet
    kind: SignalKind | None
    state: SignalState
    tier: int | None = None
    visa: ProgramVisa = ProgramVisa.UNKNOWN
    flag_no_visa: bool = False
    img_share: float | None = None
    tie_stages: tuple[Stage, ...] = ()
    sent_on: date | None = None
    #: The day a signal was sent in an earlier season (a reapplicant's):
    #: it neither counts nor locks in this one.
    earlier_season: date | None = None


def season_start(match_year: int) -> date:
    """The first day of the application season for ``match_year``'s Match:
    MyERAS opens for it in June of the year before."""
    return date(match_year - 1, 6, 1)


def this_season(program: ProgramSignal, start: date | None) -> ProgramSignal:
    """A signal sent before the season began belongs to an earlier one: free
    again here, with the day it went kept for the user to see."""
    if (
        start is None
        or program.state is not SignalState.SENT
        or program.sent_on is None
        or program.sent_on >= start
    ):
        return program
    return replace(
        program, kind=None, state=SignalState.NONE, sent_on=None, earlier_season=program.sent_on
    )


@dataclass(frozen=True, slots=True)
class Left:
    """Signals of one kind in one specialty: allowed, planned, sent, left."""

    specialty: str
    kind: SignalKind
    allowed: int
    planned: int
    sent: int

    @property
    def left(self) -> int:
        return self.allowed - self.planned - self.sent


def signals_left(programs: Iterable[ProgramSignal], rules: Iterable[SignalRule]) -> list[Left]:
    """Per specialty (its newest season's rule) and kind, the signals placed
    and how many are left."""
    used: dict[tuple[str, SignalKind, SignalState], int] = {}
    for program in programs:
        if program.kind is not None and program.state is not SignalState.NONE:
            key = (fold(program.specialty), program.kind, program.state)
            used[key] = used.get(key, 0) + 1
    return [
        Left(
            rule.specialty,
            kind,
            allowed,
            used.get((folded, kind, SignalState.PLANNED), 0),
            used.get((folded, kind, SignalState.SENT), 0),
        )
        for folded, rule in by_specialty(rules).items()
        for kind, allowed in rule.allowed().items()
    ]


def signal_problem(
    program: ProgramSignal,
    *,
    kind: SignalKind | None,
    state: SignalState,
    rules: Sequence[SignalRule],
    others: Iterable[ProgramSignal],
) -> str | None:
    """Why this program's signal cannot become ``(kind, state)``, or None.

    A sent signal is locked; a kind must be one the specialty has; the
    specialty must have one left; a program that does not accept signals
    takes none."""
    if program.state is SignalState.SENT and (kind, state) != (program.kind, program.state):
        return "a sent signal cannot be moved or taken back (MyERAS locks it)"
    if state is SignalState.NONE:
        return None
    if kind is None:
        return "say which signal (gold, silver or signal)"
    if program.accepts is False:
        return "this program does not take signals"
    rule = rule_for(program.specialty, rules)
    if rule is None:
        return (
            f"there is no signal rule for {program.specialty or 'a program with no specialty'}; "
            "add the season's numbers first"
        )
    allowed = rule.allowed()
    if kind not in allowed:
        return f"{rule.specialty} has {rule.describe()} signals, not {kind.value}"
    taken = sum(
        1
        for other in others
        if other.program_id != program.program_id
        and fold(other.specialty) == fold(program.specialty)
        and other.kind is kind
        and other.state is not SignalState.NONE
    )
    if taken >= allowed[kind]:
        return f"all {allowed[kind]} {kind.value} signals for {rule.specialty} are placed"
    return None


def signal_warning(program: ProgramSignal, need: VisaNeed) -> str | None:
    """A signal that would be spent on a program that cannot take the user."""
    if wasted_application(program.visa, program.flag_no_visa, need):
        return "this program does not sponsor visas, and you need one"
    if visa_mismatch(program.visa, need):
        return "this program sponsors only the other visa than the one you need"
    return None


@dataclass(frozen=True, slots=True)
class Suggestion:
    program_id: int
    name: str
    reason: str


#: Stages whose tie to a program makes a signal there count most.
STRONG_TIES = (Stage.MENTOR, Stage.SPONSOR)


def suggest(
    programs: Sequence[ProgramSignal],
    *,
    need: VisaNeed,
    rules: Iterable[SignalRule] = DEFAULT_RULES,
    limit: int = 10,
) -> list[Suggestion]:
    """Where to spend signals, best first: tier-1 programs where a mentor or
    sponsor has a tie; then those that fit the user's visa, the larger their
    share of IMG residents the better. Programs with a signal already, that
    take none, or that cannot take the user's visa are left out. A
    suggestion only: nothing is placed."""

    def fits(p: ProgramSignal) -> bool:
        return not needs_visa(need) or p.visa not in (ProgramVisa.UNKNOWN, ProgramVisa.NONE)

    def score(p: ProgramSignal) -> tuple[int, int, float, str]:
        tie = any(stage in STRONG_TIES for stage in p.tie_stages)
        visa_fits = fits(p)
        return (
            -(tie and p.tier == 1),
            -visa_fits,
            -(p.img_share or 0.0),
            fold(p.name),
        )

    ruled = by_specialty(rules)
    open_ = [
        p
        for p in programs
        if p.state is SignalState.NONE
        and p.accepts is not False
        and signal_warning(p, need) is None
        and fold(p.specialty) in ruled  # a specialty with signals this season
    ]
    chosen: list[Suggestion] = []
    for p in sorted(open_, key=score)[:limit]:
        tie = any(stage in STRONG_TIES for stage in p.tie_stages)
        share = f"{p.img_share:.0f}% of residents are IMGs" if p.img_share else ""
        if tie and p.tier == 1:
            reason = "tier 1, and a mentor or sponsor has a tie there"
        elif fits(p):
            reason = "fits your visa" + (f"; {share}" if share else "")
        else:
            reason = share or "its visa sponsorship is not known yet"
        if p.accepts is None:  # a signal there may not count: say what to check
            reason += "; check that it takes signals"
        chosen.append(Suggestion(p.program_id, p.name, reason))
    return chosen


def by_specialty(rules: Iterable[SignalRule]) -> dict[str, SignalRule]:
    """The newest rule of each specialty, by folded name."""
    found: dict[str, SignalRule] = {}
    for rule in rules:
        key = fold(rule.specialty)
        if key not in found or rule.season > found[key].season:
            found[key] = rule
    return found
