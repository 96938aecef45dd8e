"""ERAS application fees: what applying to a list of programs will cost.

The fee is per specialty and steps up after a number of programs; the
numbers change every season, so they are data (``FeeRule``), the 2026
season's by default, editable in Settings. ERAS refunds nothing, so the
estimate is worth seeing before the list grows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from img_crm.domain.text import fold


@dataclass(frozen=True, slots=True)
class FeeRule:
    """``first_price`` each for the first ``first_block`` programs of a
    specialty, ``later_price`` each from the next one (whole US dollars)."""

    season: str = "2026"
    first_block: int = 30
    first_price: int = 11
    later_price: int = 30

    def for_count(self, programs: int) -> int:
        """The fee for ``programs`` programs in one specialty."""
        first = min(programs, self.first_block)
        return first * self.first_price + max(0, programs - self.first_block) * self.later_price


#: The settings keys of a fee rule, with the rule's field each one holds.
FEE_KEYS = {
    "fee_season": "season",
    "fee_first_block": "first_block",
    "fee_first_price": "first_price",
    "fee_later_price": "later_price",
}
#: The largest number a fee setting may hold (a slip, not a fee).
MAX_FEE_NUMBER = 10_000


def fee_rule_from_settings(settings: Mapping[str, str]) -> FeeRule:
    """The fee rule the user keeps in Settings, else the shipped one; a
    number that cannot be read keeps the shipped value."""
    default = FeeRule()
    values: dict[str, object] = {}
    for key, name in FEE_KEYS.items():
        text = settings.get(key, "").strip()
        if not text:
            continue
        if name == "season":
            values[name] = text
        elif text.isdigit() and int(text) <= MAX_FEE_NUMBER:
            values[name] = int(text)
    return FeeRule(
        season=str(values.get("season", default.season)),
        first_block=int(str(values.get("first_block", default.first_block))),
        first_price=int(str(values.get("first_price", default.first_price))),
        later_price=int(str(values.get("later_price", default.later_price))),
    )


@dataclass(frozen=True, slots=True)
class SpecialtyFee:
    specialty: str
    programs: int
    fee: int
    #: Programs left before the price steps up (0 once it has).
    before_step: int


@dataclass(frozen=True, slots=True)
class FeeEstimate:
    rule: FeeRule
    specialties: tuple[SpecialtyFee, ...]
    budget: int | None

    @property
    def total(self) -> int:
        return sum(s.fee for s in self.specialties)

    @property
    def over_budget(self) -> int:
        """How far the estimate is above the budget (0 within it or with none)."""
        return max(0, self.total - self.budget) if self.budget is not None else 0


def estimate(specialties: Iterable[str], rule: FeeRule, budget: int | None) -> FeeEstimate:
    """The fee of applying to programs in ``specialties`` (one entry per
    program applied to), per specialty and in all."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for specialty in specialties:
        key = fold(specialty)
        names.setdefault(key, specialty.strip() or "No specialty")
        counts[key] = counts.get(key, 0) + 1
    rows = tuple(
        SpecialtyFee(
            names[key],
            count,
            rule.for_count(count),
            max(0, rule.first_block - count),
        )
        for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return FeeEstimate(rule, rows, budget)
