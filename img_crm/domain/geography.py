"""ERAS geographic preferences: up to three US census divisions and a setting.

An applicant may tell programs which of the nine census divisions they
prefer (up to three) and whether they prefer an urban or rural setting.
img-crm shows each program on the list against that choice, from the
program's state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: The US Census Bureau's nine divisions and their states (postal codes).
DIVISIONS: dict[str, frozenset[str]] = {
    "New England": frozenset({"CT", "ME", "MA", "NH", "RI", "VT"}),
    "Middle Atlantic": frozenset({"NJ", "NY", "PA"}),
    "East North Central": frozenset({"IL", "IN", "MI", "OH", "WI"}),
    "West North Central": frozenset({"IA", "KS", "MN", "MO", "NE", "ND", "SD"}),
    "South Atlantic": frozenset({"DE", "DC", "FL", "GA", "MD", "NC", "SC", "VA", "WV"}),
    "East South Central": frozenset({"AL", "KY", "MS", "TN"}),
    "West South Central": frozenset({"AR", "LA", "OK", "TX"}),
    "Mountain": frozenset({"AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY"}),
    "Pacific": frozenset({"AK", "CA", "HI", "OR", "WA"}),
}
#: ERAS takes at most this many divisions.
MAX_DIVISIONS = 3
#: The settings ERAS offers (the last: no preference).
SETTINGS = ("urban", "rural", "no-preference")


def division_of(state: str) -> str | None:
    """The census division of a state's postal code (``"ny"`` too), or None."""
    code = state.strip().upper()
    return next((name for name, states in DIVISIONS.items() if code in states), None)


@dataclass(frozen=True, slots=True)
class Preference:
    divisions: tuple[str, ...] = ()
    setting: str = "no-preference"


def preference_problem(divisions: Iterable[str], setting: str) -> str | None:
    chosen = list(divisions)
    unknown = [d for d in chosen if d not in DIVISIONS]
    if unknown:
        return "a division must be one of: " + ", ".join(DIVISIONS)
    if len(set(chosen)) != len(chosen):
        return "a division is chosen twice"
    if len(chosen) > MAX_DIVISIONS:
        return f"ERAS takes at most {MAX_DIVISIONS} divisions"
    if setting not in SETTINGS:
        return "the setting must be one of: " + ", ".join(SETTINGS)
    return None


def fits(state: str, preference: Preference) -> bool | None:
    """Whether a program's state is in a preferred division; None when the
    user chose none or the state is not a US state img-crm knows."""
    if not preference.divisions:
        return None
    division = division_of(state)
    return None if division is None else division in preference.divisions
