"""Residency programs: the target list, ties to contacts, interviews and questions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from img_crm import clock
from img_crm.domain.contacts import known_timezones
from img_crm.domain.enums import (
    ApplicationStatus,
    ProgramType,
    ProgramVisa,
    Stage,
    TieKind,
    values,
)
from img_crm.domain.limits import text_errors, text_problem
from img_crm.domain.models import (
    Contact,
    ContactProgram,
    InterviewQuestion,
    Program,
    ProgramStatusChange,
    utc_now,
)
from img_crm.domain.programs import DEFAULT_QUESTIONS, local_to_utc
from img_crm.domain.rows import ProgramRow
from img_crm.domain.text import clean_text, fold
from img_crm.errors import UserError, ValidationError
from img_crm.store.history import refuse_backwards

FLAG_FIELDS = (
    "signal_visa_info",
    "signal_img_residents",
    "signal_img_mentorship",
    "signal_pd_replied",
    "flag_no_visa",
    "flag_no_img",
    "flag_no_reply",
)
TEXT_FIELDS = ("name", "institution", "specialty", "city", "state", "website", "timezone", "notes")
EDITABLE = (
    *TEXT_FIELDS,
    "program_type",
    "tier",
    "visa",
    "img_share",
    "application_status",
    *FLAG_FIELDS,
)


_COLUMNS = [getattr(Program, f.name) for f in fields(ProgramRow)]


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in ("yes", "y", "true", "1", "x"):
            return True
        if text in ("", "no", "n", "false", "0"):
            return False
        raise ValueError("use yes or no")
    return bool(value)


def clean_program(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validate program fields; raise ``ValidationError`` naming each bad one."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key in data:
        if key not in EDITABLE:
            errors[key] = "is not a program field"
    for key in TEXT_FIELDS:
        if key in data:
            clean[key] = clean_text(str(data[key] or ""), multiline=key == "notes")
            problem = text_problem(clean[key], multiline=key == "notes")
            if problem:
                errors[key] = problem
    if (not partial or "name" in data) and not clean.get("name"):
        errors["name"] = "a name is required"
    zone = clean.get("timezone")
    if zone and zone not in known_timezones():
        errors["timezone"] = "is not a time zone name such as America/New_York"
    if "tier" in data:
        tier = data["tier"]
        if tier in (None, ""):
            clean["tier"] = None
        elif str(tier).strip() in ("1", "2", "3"):
            clean["tier"] = int(str(tier).strip())
        else:
            errors["tier"] = "must be 1, 2 or 3 (or empty)"
    for key, enum, default in (
        ("visa", ProgramVisa, ProgramVisa.UNKNOWN.value),
        ("program_type", ProgramType, ""),
        ("application_status", ApplicationStatus, ApplicationStatus.RESEARCHING.value),
    ):
        if key in data or not partial:
            value = str(data.get(key) or default).strip().casefold()
            if value and value not in values(enum):
                errors[key] = "must be one of " + ", ".join(values(enum))
            clean[key] = value
    if "img_share" in data:
        share = data["img_share"]
        if share in (None, ""):
            clean["img_share"] = None
        else:
            try:
                number = float(str(share).rstrip("%"))
            except ValueError:
                number = -1
            if not 0 <= number <= 100:
                errors["img_share"] = "must be a percentage from 0 to 100"
            else:
                clean["img_share"] = number
    for key in FLAG_FIELDS:
        if key in data:
            try:
                clean[key] = _flag(data[key])
            except ValueError as exc:
                errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)
    return clean


def add_program(session: Session, *, data: Mapping[str, Any], today: date | None = None) -> int:
    """Insert a program and date its first application status."""
    clean = clean_program(data)
    now = utc_now()
    program = Program(**clean, created_at=now, updated_at=now)
    session.add(program)
    session.flush()
    assert program.id is not None
    session.add(
        ProgramStatusChange(
            program_id=program.id,
            from_status=None,
            to_status=program.application_status,
            changed_on=today or clock.today(),
        )
    )
    session.flush()
    return program.id


def program_row(session: Session, *, program_id: int) -> Program:
    """The program's row, or a refusal naming the id."""
    program = session.get(Program, program_id)
    if program is None:
        raise UserError(f"There is no program with id {program_id}.")
    return program


def update_program(
    session: Session, *, program_id: int, changes: Mapping[str, Any], today: date | None = None
) -> None:
    """Change the given fields; a new application status is recorded with its date."""
    clean = clean_program(changes, partial=True)
    program = program_row(session, program_id=program_id)
    moved = "specialty" in clean and fold(clean["specialty"]) != fold(program.specialty)
    if moved and program.eras_signal_state == "sent":
        raise UserError(
            f"{program.name} has a signal sent in {program.specialty or 'its specialty'}; "
            "its specialty cannot change (MyERAS keeps the signal there).",
            where="specialty",
        )
    old_status = program.application_status
    for key, value in clean.items():
        setattr(program, key, value)
    program.updated_at = utc_now()
    if program.application_status != old_status:
        day = today or clock.today()
        refuse_backwards(
            session,
            dates=col(ProgramStatusChange.changed_on),
            of=col(ProgramStatusChange.program_id) == program_id,
            day=day,
        )
        session.add(
            ProgramStatusChange(
                program_id=program_id,
                from_status=old_status,
                to_status=program.application_status,
                changed_on=day,
            )
        )
    session.flush()


def delete_programs(session: Session, *, program_ids: Sequence[int]) -> int:
    """Delete programs and what is theirs (the rank lists note it, dated)."""
    from img_crm.store.ranking import note_deleted

    note_deleted(session, program_ids=program_ids)
    result = session.execute(delete(Program).where(col(Program.id).in_(list(program_ids))))
    return int(getattr(result, "rowcount", 0) or 0)


def list_program_rows(session: Session) -> list[ProgramRow]:
    query = select(*_COLUMNS).order_by(col(Program.id))
    return [ProgramRow(*row) for row in session.execute(query)]


def get_program(session: Session, *, program_id: int) -> ProgramRow:
    row = session.execute(select(*_COLUMNS).where(col(Program.id) == program_id)).first()
    if row is None:
        raise UserError(f"There is no program with id {program_id}.")
    return ProgramRow(*row)


def list_programs(session: Session) -> list[Program]:
    """All programs by tier (unranked last), then name."""
    query = select(Program).order_by(
        col(Program.tier).is_(None), col(Program.tier), col(Program.name)
    )
    return list(session.execute(query).scalars())


def status_history(session: Session, *, program_id: int) -> list[ProgramStatusChange]:
    """Every application-status change of a program, oldest first."""
    query = (
        select(ProgramStatusChange)
        .where(col(ProgramStatusChange.program_id) == program_id)
        .order_by(col(ProgramStatusChange.changed_on), col(ProgramStatusChange.id))
    )
    return list(session.execute(query).scalars())


# --- ties ---------------------------------------------------------------------------


def tie_contact(session: Session, *, program_id: int, contact_id: int, kind: str) -> None:
    if kind not in values(TieKind):
        raise ValidationError({"kind": "must be one of " + ", ".join(values(TieKind))})
    program_row(session, program_id=program_id)
    if session.get(Contact, contact_id) is None:
        raise UserError(f"There is no contact with id {contact_id}.")
    if session.get(ContactProgram, (contact_id, program_id, kind)) is None:
        session.add(ContactProgram(contact_id=contact_id, program_id=program_id, kind=kind))
    session.flush()


def untie_contact(session: Session, *, program_id: int, contact_id: int, kind: str) -> None:
    session.execute(
        delete(ContactProgram)
        .where(col(ContactProgram.program_id) == program_id)
        .where(col(ContactProgram.contact_id) == contact_id)
        .where(col(ContactProgram.kind) == kind)
    )


@dataclass(frozen=True, slots=True)
class Tie:
    contact_id: int
    name: str
    stage: str
    kind: str


def ties_of_program(session: Session, *, program_id: int) -> list[Tie]:
    query = (
        select(col(Contact.id), col(Contact.name), col(Contact.stage), col(ContactProgram.kind))
        .join(Contact, col(Contact.id) == col(ContactProgram.contact_id))
        .where(col(ContactProgram.program_id) == program_id)
        .order_by(col(Contact.name))
    )
    return [Tie(*row) for row in session.execute(query)]


def tie_stages(session: Session) -> dict[int, list[Stage]]:
    """For every program, the stages of the contacts tied to it."""
    query = select(col(ContactProgram.program_id), col(Contact.stage)).join(
        Contact, col(Contact.id) == col(ContactProgram.contact_id)
    )
    stages: dict[int, list[Stage]] = defaultdict(list)
    for program_id, stage in session.execute(query):
        stages[program_id].append(Stage(stage))
    return stages


def ties_of_contact(session: Session, *, contact_id: int) -> list[tuple[str, str, int | None]]:
    """(program name, tie kind, tier) for every program a contact is tied to."""
    query = (
        select(col(Program.name), col(ContactProgram.kind), col(Program.tier))
        .join(Program, col(Program.id) == col(ContactProgram.program_id))
        .where(col(ContactProgram.contact_id) == contact_id)
        .order_by(col(Program.name))
    )
    return [(name, kind, tier) for name, kind, tier in session.execute(query)]


# --- interviews -----------------------------------------------------------------------

_BEFORE_INTERVIEW = (
    ApplicationStatus.RESEARCHING.value,
    ApplicationStatus.APPLIED.value,
    ApplicationStatus.INVITED.value,
)


def clear_interview(session: Session, *, program_id: int) -> None:
    """The interview is off (cancelled, or entered by mistake). The status is
    left as it is: the user says whether it was withdrawn or moved."""
    program = program_row(session, program_id=program_id)
    program.interview_at = None
    program.updated_at = utc_now()
    session.flush()


def set_interview(
    session: Session, *, program_id: int, local: datetime, today: date | None = None
) -> datetime:
    """Schedule the interview at a wall-clock time in the program's zone; return UTC.

    The status moves to "interview scheduled" if it was earlier in the pipeline,
    and the playbook's questions are added if the program has none yet.
    """
    program = program_row(session, program_id=program_id)
    if not program.timezone:
        raise UserError(
            f"Set the time zone of {program.name} first (for example America/New_York)."
        )
    moment = local_to_utc(local, program.timezone)
    program.interview_at = moment
    session.flush()
    if program.application_status in _BEFORE_INTERVIEW:
        update_program(
            session,
            program_id=program_id,
            changes={"application_status": ApplicationStatus.INTERVIEW_SCHEDULED.value},
            today=today,
        )
    count = session.execute(
        select(func.count())
        .select_from(InterviewQuestion)
        .where(col(InterviewQuestion.program_id) == program_id)
    ).scalar_one()
    if not count:
        session.add_all(
            InterviewQuestion(program_id=program_id, position=i, question=q)
            for i, q in enumerate(DEFAULT_QUESTIONS)
        )
        session.flush()
    return moment


def list_questions(session: Session, *, program_id: int) -> list[InterviewQuestion]:
    query = (
        select(InterviewQuestion)
        .where(col(InterviewQuestion.program_id) == program_id)
        .order_by(col(InterviewQuestion.position), col(InterviewQuestion.id))
    )
    return list(session.execute(query).scalars())


def set_answer(session: Session, *, question_id: int, answer: str) -> None:
    question = session.get(InterviewQuestion, question_id)
    if question is None:
        raise UserError(f"There is no question with id {question_id}.")
    errors = text_errors({"answer": answer}, multiline=frozenset({"answer"}))
    if errors:
        raise ValidationError(errors)
    question.answer = answer.strip()
    session.flush()


def add_question(session: Session, *, program_id: int, question: str) -> int:
    text = " ".join(question.split())
    if not text:
        raise ValidationError({"question": "a question is required"})
    errors = text_errors({"question": text})
    if errors:
        raise ValidationError(errors)
    program_row(session, program_id=program_id)
    position = session.execute(
        select(func.coalesce(func.max(InterviewQuestion.position), -1) + 1).where(
            col(InterviewQuestion.program_id) == program_id
        )
    ).scalar_one()
    item = InterviewQuestion(program_id=program_id, position=int(position), question=text)
    session.add(item)
    session.flush()
    assert item.id is not None
    return item.id
