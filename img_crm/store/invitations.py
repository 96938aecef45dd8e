"""Interview invitations in the store (data version 9): the invitation, the
dates it offered and every change to it, dated (its history)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from img_crm.domain.invitations import InvitationStatus
from img_crm.domain.models import Invitation, InvitationChange, InvitationDate, Program, utc_now
from img_crm.errors import UserError


def add_invitation(
    session: Session,
    *,
    program_id: int,
    received_at: datetime,
    respond_by: datetime | None,
    offered: Sequence[datetime] = (),
    notes: str = "",
) -> int:
    """A new invitation (times in UTC, naive), its offered dates and the
    first line of its history."""
    now = utc_now()
    invitation = Invitation(
        program_id=program_id,
        received_at=received_at,
        respond_by=respond_by,
        notes=notes,
        created_at=now,
        updated_at=now,
    )
    session.add(invitation)
    session.flush()
    assert invitation.id is not None
    session.add_all(InvitationDate(invitation_id=invitation.id, offered_at=o) for o in offered)
    session.add(
        InvitationChange(
            invitation_id=invitation.id,
            changed_at=received_at,  # the history begins when it came, not when typed
            to_status=InvitationStatus.INVITED.value,
            what="received",
        )
    )
    session.flush()
    return invitation.id


def get_invitation(session: Session, *, invitation_id: int) -> Invitation:
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        raise UserError(f"There is no invitation with id {invitation_id}.")
    return invitation


def change_invitation(
    session: Session,
    *,
    invitation_id: int,
    status: InvitationStatus,
    what: str = "",
    interview_at: datetime | None = None,
    changed_at: datetime | None = None,
) -> None:
    """Move an invitation to ``status`` (checked by the caller) and date the
    change in its history (now, unless said); ``interview_at`` is the date
    accepted."""
    invitation = get_invitation(session, invitation_id=invitation_id)
    now = utc_now() if changed_at is None else changed_at.astimezone(UTC)
    session.add(
        InvitationChange(
            invitation_id=invitation_id,
            changed_at=now,
            from_status=invitation.status,
            to_status=status.value,
            what=what,
        )
    )
    invitation.status = status.value
    if interview_at is not None:
        invitation.interview_at = interview_at
    invitation.updated_at = now
    session.add(invitation)
    session.flush()


def list_invitations(session: Session) -> list[tuple[Invitation, str, str]]:
    """Every invitation with its program's name and time zone, newest first."""
    query = (
        select(Invitation, col(Program.name), col(Program.timezone))
        .join(Program, col(Program.id) == col(Invitation.program_id))
        .order_by(col(Invitation.received_at).desc(), col(Invitation.id).desc())
    )
    return [(inv, name, zone) for inv, name, zone in session.execute(query)]


def offered_dates(session: Session, *, invitation_id: int) -> list[datetime]:
    query = (
        select(col(InvitationDate.offered_at))
        .where(col(InvitationDate.invitation_id) == invitation_id)
        .order_by(col(InvitationDate.offered_at))
    )
    return list(session.execute(query).scalars())


def history(session: Session, *, invitation_id: int) -> list[InvitationChange]:
    query = (
        select(InvitationChange)
        .where(col(InvitationChange.invitation_id) == invitation_id)
        .order_by(col(InvitationChange.id))
    )
    return list(session.execute(query).scalars())
