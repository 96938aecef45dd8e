"""What the user entered for each ECFMG and visa step (data version 9)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from img_crm.domain.eligibility import StepState
from img_crm.domain.models import EligibilityStep


def step_states(session: Session) -> dict[str, StepState]:
    return {
        row.key: StepState(row.done_on, row.score, row.expires_on)
        for row in session.execute(select(EligibilityStep)).scalars()
    }


def keep_step(
    session: Session,
    *,
    key: str,
    done_on: date | None,
    score: str = "",
    expires_on: date | None = None,
) -> None:
    row = session.get(EligibilityStep, key) or EligibilityStep(key=key)
    row.done_on, row.score, row.expires_on = done_on, score, expires_on
    session.add(row)
    session.flush()
