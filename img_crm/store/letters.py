"""Letter-of-recommendation queries and commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from img_crm.domain.enums import LetterStatus, LetterType, values
from img_crm.domain.models import Contact, Letter, LetterProgram, LetterStatusChange, utc_now
from img_crm.errors import ValidationError


@dataclass(frozen=True, slots=True)
class LetterRow:
    id: int
    writer_id: int
    writer_name: str
    letter_type: str
    specialty: str
    status: str
    status_since: date | None
    waived: bool
    programs: int
    notes: str


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
            letter_id=letter.id, from_status=None, to_status=status, changed_on=on or date.today()
        )
    )
    session.flush()
    return letter.id


def assign_letter(session: Session, *, letter_id: int, program_id: int) -> None:
    session.add(LetterProgram(letter_id=letter_id, program_id=program_id))
    session.flush()


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
