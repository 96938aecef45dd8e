"""Letters as the user tracks them: reminders due, readiness and pitfalls."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from img_crm import clock
from img_crm.domain.letters import (
    REMINDER_TEXT,
    Readiness,
    Reminder,
    next_reminder,
    readiness,
    reminder_message,
)
from img_crm.domain.rows import LetterRow
from img_crm.errors import UserError
from img_crm.services.profile import load_profile
from img_crm.store.letters import LetterState, letter_states, list_letters


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
    #: Every waiting letter's reminder: the one due now, or the next and its day.
    next_reminders: dict[int, Reminder] = field(default_factory=dict)


def letter_json(view: LettersView, row: LetterRow, programs: list[int]) -> dict[str, Any]:
    return {
        "id": row.id,
        "writer_id": row.writer_id,
        "writer": row.writer_name,
        "type": row.letter_type,
        "specialty": row.specialty,
        "status": row.status,
        "status_since": row.status_since,
        "waived": row.waived,
        "programs": programs,
        "reminder": view.reminders[row.id].to_json() if row.id in view.reminders else None,
        "next_reminder": _next_json(view.next_reminders.get(row.id)),
    }


def _next_json(upcoming: Reminder | None) -> dict[str, Any] | None:
    if upcoming is None:
        return None
    return {
        "step": upcoming.step.value,
        "what": REMINDER_TEXT[upcoming.step],
        "due": upcoming.due.isoformat(),
        "by": upcoming.by.isoformat(),
    }


def letters_json(view: LettersView, assigned: set[tuple[int, int]]) -> dict[str, Any]:
    """The letters with reminders, and the readiness against the target specialty."""
    r = view.readiness
    return {
        "letters": [
            letter_json(view, row, sorted(p for letter, p in assigned if letter == row.id))
            for row in view.rows
        ],
        "readiness": {
            "target_specialty": view.target_specialty,
            "us_clinical_in_target": r.us_clinical_in_target,
            "us_clinical_in_progress": r.us_clinical_in_progress,
            "total": r.total,
            "in_progress": r.in_progress,
            "enough_us_clinical": r.enough_us_clinical,
            "total_ok": r.total_ok,
            "warnings": [
                {"pitfall": w.pitfall.value, "letter_id": w.letter_id, "text": w.text}
                for w in r.warnings
            ],
        },
    }


def letter_detail_json(session: Session, *, letter_id: int) -> dict[str, Any]:
    """One letter: its fields and reminder, the packet, the programs, its history."""
    from img_crm.store.letters import assignments, packet_of, status_history

    view = letters_view(session)
    row = next((r for r in view.rows if r.id == letter_id), None)
    if row is None:
        raise UserError(f"There is no letter with id {letter_id}.")
    programs = sorted(p for letter, p in assignments(session) if letter == letter_id)
    data = letter_json(view, row, programs)
    data["notes"] = row.notes
    data["packet"] = {
        key.removeprefix("packet_"): value
        for key, value in packet_of(session, letter_id=letter_id).items()
    }
    data["history"] = [
        {"on": c.changed_on, "from": c.from_status, "to": c.to_status}
        for c in status_history(session, letter_id=letter_id)
    ]
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.services.custom_fields import values_json

    data["fields"] = values_json(session, record=RecordKind.LETTER, record_id=letter_id)
    return data


def _next_reminders(states: list[LetterState], *, today: date) -> dict[int, Reminder]:
    """Each waiting letter's reminder: the one due now, or the next and its day."""
    found = {}
    for state in states:
        f = state.facts
        upcoming = next_reminder(
            status=f.status, requested_on=f.requested_on, last_nudge=state.last_nudge, today=today
        )
        if upcoming is not None:
            found[f.letter_id] = upcoming
    return found


def _reminders(
    states: list[LetterState], upcoming: dict[int, Reminder], *, today: date, my_name: str
) -> dict[int, LetterReminder]:
    """The reminders of ``upcoming`` whose day has come, with their message."""
    found = {}
    for state in states:
        f = state.facts
        due = upcoming.get(f.letter_id)
        if due is not None and due.due <= today:
            found[f.letter_id] = LetterReminder(
                f.letter_id,
                state.writer_id,
                f.writer,
                due,
                reminder_message(due.step, writer=f.writer, my_name=my_name, status=f.status),
            )
    return found


def letters_view(session: Session, *, today: date | None = None) -> LettersView:
    today = today or clock.today()
    profile = load_profile(session)
    states = letter_states(session)
    upcoming = _next_reminders(states, today=today)
    return LettersView(
        rows=list_letters(session),
        states={s.facts.letter_id: s for s in states},
        reminders=_reminders(states, upcoming, today=today, my_name=profile.my_name),
        readiness=readiness([s.facts for s in states], target_specialty=profile.target_specialty),
        target_specialty=profile.target_specialty,
        next_reminders=upcoming,
    )


def letter_reminders(session: Session, *, today: date) -> list[LetterReminder]:
    """Reminders due today, oldest request first (for Today and the CLI)."""
    profile = load_profile(session)
    states = letter_states(session)
    upcoming = _next_reminders(states, today=today)
    found = _reminders(states, upcoming, today=today, my_name=profile.my_name)
    return sorted(found.values(), key=lambda r: -r.reminder.days_since_request)


def letter_history(session: Session, *, letter_id: int) -> list[Any]:
    from img_crm.store.letters import status_history

    return status_history(session, letter_id=letter_id)


def letter_packet(session: Session, *, letter_id: int) -> dict[str, bool]:
    from img_crm.store.letters import packet_of

    return packet_of(session, letter_id=letter_id)


def assignment_grid(session: Session) -> tuple[list[Any], set[tuple[int, int]]]:
    """The programs and the (letter, program) pairs: the letters-by-programs grid."""
    from img_crm.store.letters import assignments
    from img_crm.store.programs import list_program_rows

    return list_program_rows(session), assignments(session)
