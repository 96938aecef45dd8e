"""The one check every dated history's writer makes before adding a change."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from img_crm import clock
from img_crm.domain.history import change_day_problem
from img_crm.errors import ValidationError


def refuse_backwards(session: Session, *, dates: Any, of: Any, day: date) -> None:
    """Refuse ``day`` for a new change when it is after today or before the
    changes already dated in ``dates`` (a column) where ``of`` holds."""
    earlier = session.execute(select(dates).where(of)).scalars()
    problem = change_day_problem(day, earlier=earlier, today=clock.today())
    if problem:
        raise ValidationError({"date": problem})
