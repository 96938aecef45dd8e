"""Residency program queries and commands."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from img_crm.domain.enums import ApplicationStatus, ProgramVisa, TieKind, values
from img_crm.domain.models import ContactProgram, Program, ProgramStatusChange, utc_now
from img_crm.errors import ValidationError


def add_program(session: Session, *, data: Mapping[str, Any], today: date | None = None) -> int:
    """Insert a program and date its first application status."""
    errors: dict[str, str] = {}
    if not str(data.get("name", "")).strip():
        errors["name"] = "a name is required"
    tier = data.get("tier")
    if tier is not None and tier not in (1, 2, 3):
        errors["tier"] = "must be 1, 2 or 3"
    visa = data.get("visa", ProgramVisa.UNKNOWN.value)
    if visa not in values(ProgramVisa):
        errors["visa"] = "must be one of " + ", ".join(values(ProgramVisa))
    status = data.get("application_status", ApplicationStatus.RESEARCHING.value)
    if status not in values(ApplicationStatus):
        errors["application_status"] = "must be one of " + ", ".join(values(ApplicationStatus))
    share = data.get("img_share")
    if share is not None and not 0 <= float(share) <= 100:
        errors["img_share"] = "must be a percentage from 0 to 100"
    if errors:
        raise ValidationError(errors)
    now = utc_now()
    program = Program(**dict(data), created_at=now, updated_at=now)
    session.add(program)
    session.flush()
    assert program.id is not None
    session.add(
        ProgramStatusChange(
            program_id=program.id,
            from_status=None,
            to_status=program.application_status,
            changed_on=today or date.today(),
        )
    )
    session.flush()
    return program.id


def tie_contact(session: Session, *, program_id: int, contact_id: int, kind: str) -> None:
    if kind not in values(TieKind):
        raise ValidationError({"kind": "must be one of " + ", ".join(values(TieKind))})
    session.add(ContactProgram(contact_id=contact_id, program_id=program_id, kind=kind))
    session.flush()


def ties_of_contact(session: Session, *, contact_id: int) -> list[tuple[str, str, int | None]]:
    """(program name, tie kind, tier) for every program a contact is tied to."""
    query = (
        select(col(Program.name), col(ContactProgram.kind), col(Program.tier))
        .join(Program, col(Program.id) == col(ContactProgram.program_id))
        .where(col(ContactProgram.contact_id) == contact_id)
        .order_by(col(Program.name))
    )
    return [(name, kind, tier) for name, kind, tier in session.execute(query)]


def list_programs(session: Session) -> list[Program]:
    """All programs by tier (unranked last), then name."""
    query = select(Program).order_by(
        col(Program.tier).is_(None), col(Program.tier), col(Program.name)
    )
    return list(session.execute(query).scalars())
