"""The eligibility checklist: ECFMG certification and the visa track, each
step due by a date worked out from the match year (``domain/eligibility``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from img_crm import clock
from img_crm.domain.eligibility import STEPS, Checked, StepState, check
from img_crm.domain.limits import text_problem
from img_crm.errors import UserError
from img_crm.services.profile import load_profile
from img_crm.store.eligibility import keep_step, step_states


def checklist(session: Any, *, today: date | None = None) -> list[Checked]:
    """Every step of the user's visa track with its due date and warning;
    empty until the match year is set (the dates count back from it)."""
    profile = load_profile(session)
    if profile.match_year is None:
        return []
    return check(profile.match_year, profile.visa, step_states(session), today or clock.today())


def record_step(
    session: Any,
    *,
    key: str,
    done_on: date | None,
    score: str | None = None,
    expires_on: date | None = None,
) -> None:
    """The user says a step is done (or not, with ``done_on`` None); a score
    or expiry not given is kept as it was (None), an undone step keeps none."""
    known = {s.key: s for s in STEPS}
    if key not in known:
        raise UserError(f"Unknown step {key[:40]!r}; the steps are: {', '.join(known)}.")
    if done_on is not None and done_on > clock.today():
        raise UserError("A step is done on a day that has come (not after today).", where="done_on")
    before = step_states(session).get(key)
    if done_on is None:
        score, expires_on = "", None
    else:
        score = before.score if score is None and before else " ".join((score or "").split())
        if expires_on is None and before is not None:
            expires_on = before.expires_on
    if expires_on is not None and done_on is not None and expires_on < done_on:
        raise UserError("A result expires after the day it was done.", where="expires")
    if problem := text_problem(score):
        raise UserError(f"Score {problem}.", where="score")
    if (score or expires_on) and not known[key].scored:
        raise UserError(f"{known[key].title} keeps no score or expiry.", where="score")
    keep_step(session, key=key, done_on=done_on, score=score, expires_on=expires_on)


def to_json(items: list[Checked]) -> list[dict[str, Any]]:
    def state(s: StepState) -> dict[str, Any]:
        return {
            "done_on": s.done_on.isoformat() if s.done_on else None,
            "score": s.score,
            "expires_on": s.expires_on.isoformat() if s.expires_on else None,
        }

    return [
        {
            "key": c.step.key,
            "title": c.step.title,
            "due": c.due.isoformat(),
            "after": list(c.step.after),
            **state(c.state),
            "warning": c.warning,
        }
        for c in items
    ]
