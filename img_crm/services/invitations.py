"""Interview invitations: received, answered, counted down, checked for clashes.

Times are typed as the program writes them, in the program's zone, and kept
in UTC; the countdown and the clash check are ``domain/invitations.py``.
Accepting a date schedules the program's interview as ``programs
interview`` does (its status, its questions), so the Today tab and the
reminders see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from img_crm import clock
from img_crm.domain.invitations import (
    AWAITING,
    Conflict,
    Interview,
    InvitationStatus,
    conflicts,
    countdown,
    status_problem,
    window_problem,
    window_warning,
)
from img_crm.domain.programs import dual_time, local_to_utc
from img_crm.domain.rows import ActivityRow
from img_crm.errors import UserError
from img_crm.services.profile import load_profile
from img_crm.store import invitations as store
from img_crm.store.programs import program_row, set_interview


def _aware(moment: datetime | None) -> datetime | None:
    return clock.as_utc(moment) if moment is not None else None


def receive(
    session: Any,
    *,
    program_id: int,
    respond_by: datetime | None,
    offered: Sequence[datetime] = (),
    received_at: datetime | None = None,
    notes: str = "",
) -> tuple[int, str | None]:
    """Record an invitation; ``respond_by`` and ``offered`` are wall-clock
    times in the program's zone, ``received_at`` a moment (default now).
    Returns its id and a warning when the program left less than 48 hours."""
    came = (received_at or clock.now()).replace(second=0, microsecond=0)  # minutes, as written
    program = program_row(session, program_id=program_id)  # one that exists
    zone = program.timezone
    if (respond_by or offered) and not zone:
        raise UserError(
            f"Set the time zone of {program.name} first (for example America/New_York): "
            "programs give their times in their own zone."
        )
    deadline = local_to_utc(respond_by, zone) if respond_by else None
    dates = [local_to_utc(o, zone) for o in offered]
    warning = None
    if deadline is not None:
        problem = window_problem(came, deadline)
        if problem:
            raise UserError(f"Respond-by: {problem}.", where="respond_by")
        warning = window_warning(came, deadline)
    invitation_id = store.add_invitation(
        session,
        program_id=program_id,
        received_at=came.astimezone(UTC),
        respond_by=deadline,
        offered=dates,
        notes=notes,
    )
    return invitation_id, warning


def answer(
    session: Any,
    *,
    invitation_id: int,
    status: InvitationStatus,
    interview_local: datetime | None = None,
    note: str = "",
    answered_at: datetime | None = None,
) -> list[Conflict]:
    """Move an invitation on (accept a date, waitlist, decline...). Accepting
    needs the date, in the program's zone; it schedules the program's
    interview. Returns the clashes the accepted date makes. ``answered_at``
    (a moment; default now) dates the change in the history."""
    invitation = store.get_invitation(session, invitation_id=invitation_id)
    if invitation.status == status.value and status is not InvitationStatus.SCHEDULED:
        raise UserError(f"Invitation #{invitation_id} is already {status.value}.")
    problem = status_problem(InvitationStatus(invitation.status), status)
    if problem:
        raise UserError(f"Invitation #{invitation_id}: {problem}.", where="status")
    moment = None
    if interview_local is not None and status is not InvitationStatus.SCHEDULED:
        raise UserError("--at is the date you accepted: give it with 'scheduled' only.")
    if status is InvitationStatus.SCHEDULED:
        if interview_local is None:
            raise UserError('Say which date you accepted (--at "YYYY-MM-DD HH:MM").')
        moment = set_interview(session, program_id=invitation.program_id, local=interview_local)
        came = _aware(invitation.received_at)
        if came is not None and moment < came:
            # a typing slip of a year: "Jan 17" read as last January
            raise UserError(
                "The interview is before the invitation came "
                f"({came.astimezone().strftime('%Y-%m-%d %H:%M')}); check the year.",
                where="interview_at",
            )
    if InvitationStatus(invitation.status) is InvitationStatus.SCHEDULED and status in (
        InvitationStatus.DECLINED,
        InvitationStatus.CANCELLED,
        InvitationStatus.WAITLISTED,
    ):
        _release(session, invitation.program_id, _aware(invitation.interview_at))
    if status is InvitationStatus.INTERVIEWED:
        _interviewed(session, invitation.program_id)
    what = note or ("date accepted" if moment is not None else "")
    store.change_invitation(
        session,
        invitation_id=invitation_id,
        status=status,
        what=what,
        interview_at=moment,
        changed_at=answered_at,
    )
    if moment is None:
        return []
    home = load_profile(session).home_timezone
    return [
        c
        for c in conflicts(_scheduled(session), home)
        if invitation_id in (c.first.invitation_id, c.second.invitation_id)
    ]


def _release(session: Any, program_id: int, accepted: datetime | None) -> None:
    """The accepted date is off: the program's interview goes, if it is that one."""
    from img_crm.store.programs import clear_interview

    program = program_row(session, program_id=program_id)
    scheduled = _aware(program.interview_at)
    if accepted is not None and scheduled is not None and scheduled == accepted:
        clear_interview(session, program_id=program_id)


def _interviewed(session: Any, program_id: int) -> None:
    from img_crm.domain.enums import ApplicationStatus
    from img_crm.store.programs import update_program

    program = program_row(session, program_id=program_id)
    if program.application_status == ApplicationStatus.INTERVIEW_SCHEDULED.value:
        update_program(
            session,
            program_id=program_id,
            changes={"application_status": ApplicationStatus.INTERVIEWED.value},
        )


def _scheduled(session: Any) -> list[Interview]:
    return [
        Interview(inv.id or 0, inv.program_id, name, at)
        for inv, name, _ in store.list_invitations(session)
        if inv.status == InvitationStatus.SCHEDULED.value
        and (at := _aware(inv.interview_at)) is not None
    ]


@dataclass(frozen=True, slots=True)
class InvitationView:
    id: int
    program_id: int
    program: str
    status: InvitationStatus
    received_at: datetime
    respond_by: datetime | None
    #: "1 d 5 h left to answer" while awaiting an answer, else "".
    countdown: str
    urgent: bool
    offered: list[str]  # in the program's zone and the user's
    interview: str
    #: The program's time zone ("" when not set) and the offered moments (UTC).
    zone: str = ""
    offered_at: tuple[datetime, ...] = ()
    #: The interview accepted (UTC), while scheduled or done.
    interview_at: datetime | None = None

    def interviewed(self, now: datetime) -> bool:
        """Whether the interview has taken place (by the clock or the user's
        word): the time for a thank-you note."""
        if self.status is InvitationStatus.INTERVIEWED:
            return True
        return (
            self.status is InvitationStatus.SCHEDULED
            and self.interview_at is not None
            and self.interview_at <= now
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "program_id": self.program_id,
            "program": self.program,
            "status": self.status.value,
            "received_at": self.received_at.isoformat(),
            "respond_by": self.respond_by.isoformat() if self.respond_by else None,
            "countdown": self.countdown,
            "urgent": self.urgent,
            "offered": self.offered,
            "interview": self.interview,
        }


def overview(
    session: Any, *, now: datetime | None = None
) -> tuple[list[InvitationView], list[Conflict]]:
    """Every invitation with its countdown and its times in both zones, and
    the clashes among the accepted dates."""
    now = now or clock.now()
    home = load_profile(session).home_timezone
    views: list[InvitationView] = []
    for inv, name, zone in store.list_invitations(session):
        status = InvitationStatus(inv.status)
        deadline = _aware(inv.respond_by)
        left = countdown(deadline, now) if deadline is not None and status in AWAITING else None

        def both(moment: datetime | None, zone: str = zone) -> str:
            if moment is None:
                return ""
            return dual_time(moment, zone, home) if zone else moment.isoformat()

        offered = [clock.as_utc(o) for o in store.offered_dates(session, invitation_id=inv.id or 0)]
        accepted = (
            _aware(inv.interview_at)
            if status in (InvitationStatus.SCHEDULED, InvitationStatus.INTERVIEWED)
            else None
        )
        views.append(
            InvitationView(
                inv.id or 0,
                inv.program_id,
                name,
                status,
                _aware(inv.received_at) or now,
                deadline,
                left.text() if left else "",
                bool(left and (left.urgent or left.passed)),
                [both(o) for o in offered],
                both(accepted),
                zone,
                tuple(offered),
                accepted,
            )
        )
    return views, conflicts(_scheduled(session), home)


def program_messages(session: Any, *, program_id: int) -> list[ActivityRow]:
    """Every activity logged with a program (messages, meetings, thank-you
    notes), newest first: the log of what passed between the user and it."""
    from img_crm.store.activities import list_activities

    return list_activities(session, program_id=program_id)


@dataclass(frozen=True, slots=True)
class Change:
    """One dated line of an invitation's history."""

    changed_at: datetime  # aware, UTC
    from_status: str
    to_status: str
    what: str


def history_of(session: Any, *, invitation_id: int) -> tuple[InvitationStatus, list[Change]]:
    """An invitation's status and every change to it, oldest first."""
    invitation = store.get_invitation(session, invitation_id=invitation_id)
    return InvitationStatus(invitation.status), [
        Change(clock.as_utc(c.changed_at), c.from_status or "", c.to_status, c.what or "")
        for c in store.history(session, invitation_id=invitation_id)
    ]


def program_choices(session: Any) -> list[tuple[int, str, str]]:
    """(id, name, time zone) of every program an invitation may come from."""
    from img_crm.store.programs import list_programs

    return [(p.id or 0, p.name, p.timezone or "") for p in list_programs(session)]


def thank_you_contact(session: Any, *, program_id: int) -> int | None:
    """Whom a thank-you after the interview is likely for: a contact who
    works at the program (else one tied to it another way); None when the
    user has nobody there yet and chooses."""
    from img_crm.domain.enums import TieKind
    from img_crm.store.programs import ties_of_program

    ties = ties_of_program(session, program_id=program_id)
    works = [t for t in ties if t.kind == TieKind.WORKS.value]
    chosen = works or ties
    return chosen[0].contact_id if chosen else None
