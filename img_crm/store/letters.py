"""Letter-of-recommendation queries and commands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlmodel import Session, col

from img_crm import clock
from img_crm.domain.enums import LetterStatus, LetterType, ProgramType, values
from img_crm.domain.letters import ERAS_MAX_PER_PROGRAM, LetterFacts
from img_crm.domain.limits import text_errors
from img_crm.domain.models import (
    Contact,
    Letter,
    LetterProgram,
    LetterStatusChange,
    Program,
    utc_now,
)
from img_crm.domain.rows import LetterRow
from img_crm.errors import UserError, ValidationError
from img_crm.store.history import refuse_backwards


def add_letter(
    session: Session,
    *,
    writer_id: int,
    letter_type: str,
    specialty: str,
    status: str = LetterStatus.IDENTIFIED.value,
    on: date | None = None,
    notes: str = "",
) -> int:
    """Insert a letter and date its first status."""
    errors: dict[str, str] = {}
    if letter_type not in values(LetterType):
        errors["type"] = "must be one of " + ", ".join(values(LetterType))
    if status not in values(LetterStatus):
        errors["status"] = "must be one of " + ", ".join(values(LetterStatus))
    if session.get(Contact, writer_id) is None:
        errors["writer"] = f"there is no contact with id {writer_id}"
    errors.update(
        text_errors({"specialty": specialty, "notes": notes}, multiline=frozenset({"notes"}))
    )
    if errors:
        raise ValidationError(errors)
    now = utc_now()
    letter = Letter(
        writer_id=writer_id,
        letter_type=letter_type,
        specialty=specialty.strip(),
        status=status,
        notes=notes,
        created_at=now,
        updated_at=now,
    )
    session.add(letter)
    session.flush()
    assert letter.id is not None
    session.add(
        LetterStatusChange(
            letter_id=letter.id, from_status=None, to_status=status, changed_on=on or clock.today()
        )
    )
    session.flush()
    return letter.id


def letters_by_writer(session: Session, *, writer_id: int) -> list[LetterRow]:
    return [row for row in list_letters(session) if row.writer_id == writer_id]


def list_letters(session: Session) -> list[LetterRow]:
    """All letters with their writer and the date of their current status."""
    since = (
        select(func.max(LetterStatusChange.changed_on))
        .where(col(LetterStatusChange.letter_id) == col(Letter.id))
        .scalar_subquery()
    )
    programs = (
        select(func.count())
        .select_from(LetterProgram)
        .where(col(LetterProgram.letter_id) == col(Letter.id))
        .scalar_subquery()
    )
    query = (
        select(
            col(Letter.id),
            col(Letter.writer_id),
            col(Contact.name),
            col(Letter.letter_type),
            col(Letter.specialty),
            col(Letter.status),
            since,
            col(Letter.waived),
            programs,
            col(Letter.notes),
        )
        .join(Contact, col(Contact.id) == col(Letter.writer_id))
        .order_by(col(Letter.id))
    )
    rows = []
    for r in session.execute(query):
        status_since = date.fromisoformat(r[6]) if isinstance(r[6], str) else r[6]
        rows.append(LetterRow(r[0], r[1], r[2], r[3], r[4], r[5], status_since, *r[7:]))
    return rows


def get_letter_row(session: Session, *, letter_id: int) -> LetterRow:
    row = next((r for r in list_letters(session) if r.id == letter_id), None)
    if row is None:
        raise UserError(f"There is no letter with id {letter_id}.")
    return row


def _letter(session: Session, letter_id: int) -> Letter:
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise UserError(f"There is no letter with id {letter_id}.")
    return letter


def set_letter_status(
    session: Session, *, letter_id: int, status: str, on: date | None = None
) -> None:
    """Move a letter to a status, dated. Nothing else is recorded for the
    user: the packet's items are ticked as they are made, and sending it is
    logged only if the user logs it (the window and the CLI offer to)."""
    if status not in values(LetterStatus):
        raise ValidationError({"status": "must be one of " + ", ".join(values(LetterStatus))})
    letter = _letter(session, letter_id)
    if letter.status == status:
        return
    day = on or clock.today()
    refuse_backwards(
        session,
        dates=col(LetterStatusChange.changed_on),
        of=col(LetterStatusChange.letter_id) == letter_id,
        day=day,
    )
    session.add(
        LetterStatusChange(
            letter_id=letter_id, from_status=letter.status, to_status=status, changed_on=day
        )
    )
    letter.status = status
    letter.updated_at = utc_now()
    session.flush()


LETTER_FIELDS = (
    "writer_id",
    "letter_type",
    "specialty",
    "waived",
    "notes",
    "packet_cv",
    "packet_statement",
    "packet_evidence",
    "packet_instructions",
)


def update_letter(session: Session, *, letter_id: int, changes: Mapping[str, Any]) -> None:
    unknown = set(changes) - set(LETTER_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "is not a letter field"})
    if "letter_type" in changes and changes["letter_type"] not in values(LetterType):
        raise ValidationError({"type": "must be one of " + ", ".join(values(LetterType))})
    if "writer_id" in changes and session.get(Contact, changes["writer_id"]) is None:
        raise ValidationError({"writer": f"there is no contact with id {changes['writer_id']}"})
    texts = {k: v for k, v in changes.items() if k in ("specialty", "notes")}
    errors = text_errors(texts, multiline=frozenset({"notes"}))
    if errors:
        raise ValidationError(errors)
    letter = _letter(session, letter_id)
    for key, value in changes.items():
        setattr(letter, key, value.strip() if isinstance(value, str) else value)
    letter.updated_at = utc_now()
    session.flush()


def take_back_status(session: Session, *, letter_id: int) -> LetterStatusChange:
    """Undo the letter's last status change: its history line goes and the
    letter is back where it was. The first status (the letter's "added" line)
    cannot be taken back; delete the letter instead. Returns the removed change."""
    letter = _letter(session, letter_id)
    history = status_history(session, letter_id=letter_id)
    last = history[-1] if history else None
    if last is None or last.from_status is None:
        raise UserError(
            f"Letter #{letter_id} has no status change to take back; "
            "its first status can only go with the letter."
        )
    session.delete(last)
    letter.status = last.from_status
    letter.updated_at = utc_now()
    session.flush()
    return last


def packet_of(session: Session, *, letter_id: int) -> dict[str, bool]:
    """Which parts of the packet have been handed to the writer."""
    letter = _letter(session, letter_id)
    return {
        field: bool(getattr(letter, field))
        for field in LETTER_FIELDS
        if field.startswith("packet_")
    }


def delete_letter(session: Session, *, letter_id: int) -> None:
    session.delete(_letter(session, letter_id))
    session.flush()


def assign_letter(session: Session, *, letter_id: int, program_id: int) -> None:
    """Send a letter to a program; ERAS takes at most four per program."""
    _letter(session, letter_id)
    program = session.get(Program, program_id)
    if program is None:
        raise UserError(f"There is no program with id {program_id}.")
    if session.get(LetterProgram, (letter_id, program_id)) is not None:
        return
    # A declined letter will never reach ERAS: it holds none of the four places.
    count = session.execute(
        select(func.count())
        .select_from(LetterProgram)
        .join(Letter, col(Letter.id) == col(LetterProgram.letter_id))
        .where(col(LetterProgram.program_id) == program_id)
        .where(col(Letter.status) != LetterStatus.DECLINED.value)
    ).scalar_one()
    if count >= ERAS_MAX_PER_PROGRAM:
        raise UserError(
            f"{program.name} already has {ERAS_MAX_PER_PROGRAM} letters, the most ERAS sends to "
            "one program. Take one off it first."
        )
    session.add(LetterProgram(letter_id=letter_id, program_id=program_id))
    session.flush()


def unassign_letter(session: Session, *, letter_id: int, program_id: int) -> None:
    session.execute(
        delete(LetterProgram)
        .where(col(LetterProgram.letter_id) == letter_id)
        .where(col(LetterProgram.program_id) == program_id)
    )


def assignments(session: Session) -> set[tuple[int, int]]:
    query = select(col(LetterProgram.letter_id), col(LetterProgram.program_id))
    return {(letter_id, program_id) for letter_id, program_id in session.execute(query)}


def status_history(session: Session, *, letter_id: int) -> list[LetterStatusChange]:
    query = (
        select(LetterStatusChange)
        .where(col(LetterStatusChange.letter_id) == letter_id)
        .order_by(col(LetterStatusChange.changed_on), col(LetterStatusChange.id))
    )
    return list(session.execute(query).scalars())


_FACTS = """
SELECT l.id, c.name, l.letter_type, l.specialty, l.status, l.waived,
  (SELECT min(changed_on) FROM letter_status_change s
     WHERE s.letter_id = l.id AND s.to_status IN ('asked', 'agreed', 'packet-sent', 'uploaded')),
  (SELECT min(occurred_on) FROM activity a WHERE a.contact_id = l.writer_id),
  (SELECT max(occurred_on) FROM activity a WHERE a.contact_id = l.writer_id),
  (SELECT max(occurred_on) FROM activity a
     WHERE a.contact_id = l.writer_id AND a.kind = 'clinical-experience'),
  (SELECT group_concat(p.program_type, ',') FROM letter_program lp
     JOIN program p ON p.id = lp.program_id WHERE lp.letter_id = l.id),
  (SELECT max(occurred_on) FROM activity a
     WHERE a.contact_id = l.writer_id AND a.kind IN ('outreach-sent', 'meeting')),
  l.writer_id
FROM letter l JOIN contact c ON c.id = l.writer_id
ORDER BY l.id
"""


@dataclass(frozen=True, slots=True)
class LetterState:
    facts: LetterFacts
    last_nudge: date | None
    writer_id: int


def letter_states(session: Session) -> list[LetterState]:
    """Per letter: what the readiness and reminder rules need."""

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    states = []
    for row in session.execute(text(_FACTS)):
        types = tuple(
            ProgramType(t) if t in values(ProgramType) else None
            for t in (row[10] or "").split(",")
            if t is not None
        )
        facts = LetterFacts(
            letter_id=row[0],
            writer=row[1],
            letter_type=LetterType(row[2]),
            specialty=row[3],
            status=LetterStatus(row[4]),
            waived=bool(row[5]),
            requested_on=day(row[6]),
            first_interaction=day(row[7]),
            last_interaction=day(row[8]),
            last_supervised=day(row[9]),
            program_types=types if row[10] else (),
        )
        states.append(LetterState(facts, day(row[11]), row[12]))
    return states
