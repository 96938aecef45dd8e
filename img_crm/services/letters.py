"""Letters as the user tracks them: reminders due, readiness and pitfalls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from img_crm import clock
from img_crm.domain.letters import (
    REMINDER_TEXT,
    Readiness,
    Reminder,
    readiness,
    reminder,
    reminder_message,
)
from img_crm.services.profile import load_profile
from img_crm.store.letters import LetterRow, LetterState, letter_states, list_letters


@dataclass(frozen=True, slots=True)
class LetterReminder:
    letter_id: int
    writer_id: int
    writer: str
    reminder: Reminder
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "letter_id": self.letter_id,
            "writer_id": self.writer_id,
            "writer": self.writer,
            "step": self.reminder.step.value,
            "what": REMINDER_TEXT[self.reminder.step],
            "due": self.reminder.due.isoformat(),
            "by": self.reminder.by.isoformat(),
            "days_since_request": self.reminder.days_since_request,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class LettersView:
    rows: list[LetterRow]
    states: dict[int, LetterState]
    reminders: dict[int, LetterReminder]
    readiness: Readiness
    target_specialty: str


def _reminders(
    states: list[LetterState], *, today: date, my_name: str
) -> dict[int, LetterReminder]:
    found = {}
    for state in states:
        f = state.facts
        due = reminder(
            status=f.status, requested_on=f.requested_on, last_nudge=state.last_nudge, today=today
        )
        if due is not None:
            found[f.letter_id] = LetterReminder(
                f.letter_id,
                state.writer_id,
                f.writer,
                due,
                reminder_message(due.step, writer=f.writer, my_name=my_name),
            )
    return found


def letters_view(session: Session, *, today: date | None = None) -> LettersView:
    today = today or clock.today()
    profile = load_profile(session)
    states = letter_states(session)
    return LettersView(
        rows=list_letters(session),
        states={s.facts.letter_id: s for s in states},
        reminders=_reminders(states, today=today, my_name=profile.my_name),
        readiness=readiness([s.facts for s in states], target_specialty=profile.target_specialty),
        target_specialty=profile.target_specialty,
    )


def letter_reminders(session: Session, *, today: date) -> list[LetterReminder]:
    """Reminders due today, oldest request first (for Today and the CLI)."""
    profile = load_profile(session)
    found = _reminders(letter_states(session), today=today, my_name=profile.my_name)
    return sorted(found.values(), key=lambda r: -r.reminder.days_since_request)
