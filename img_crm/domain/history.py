"""Dated histories (stage, letter status, application status) run forward.

A change is dated the day it happened: never after today, never before the
change it follows, so the newest line of a history is the current state.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def change_day_problem(day: date, *, earlier: Iterable[date], today: date) -> str | None:
    """Why ``day`` cannot date a new change after the ``earlier`` ones, or None.
    Earlier changes dated after today (kept from before this rule) are left
    out of the comparison, so they never block today's change."""
    if day > today:
        return f"{day.isoformat()} is in the future; date a change the day it happened"
    past = [d for d in earlier if d <= today]
    if past and day < max(past):
        return (
            f"{day.isoformat()} is before the last change ({max(past).isoformat()}); "
            "a history runs forward"
        )
    return None
