"""Programs as the user sees them: flags and suggestions, interviews, and CSV in and out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from img_crm import clock
from img_crm.domain.enums import ApplicationStatus, ProgramVisa, Stage, values
from img_crm.domain.programs import (
    TierCount,
    dual_time,
    suggest_tier_1,
    tier_counts,
    tier_ranges_from_settings,
    visa_mismatch,
    wasted_application,
)
from img_crm.domain.rows import ProgramRow
from img_crm.services.profile import load_profile
from img_crm.store.programs import (
    FLAG_FIELDS,
    list_program_rows,
    tie_stages,
)
from img_crm.store.settings import all_settings

RED_FLAG_TEXT = {
    "flag_no_visa": "No visa sponsorship",
    "flag_no_img": "No IMG residents",
    "flag_no_reply": "No reply",
}


@dataclass(frozen=True, slots=True)
class ProgramStatus:
    suggest_tier_1: bool
    wasted: bool
    visa_mismatch: bool
    red_flags: tuple[str, ...]
    tie_stages: tuple[Stage, ...]

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.wasted:
            found.append("Wasted application: no visa sponsorship, and you need a visa")
        elif self.visa_mismatch:
            found.append("Sponsors only the other visa")
        found.extend(self.red_flags)
        return found


@dataclass(frozen=True, slots=True)
class ProgramView:
    """Rows, their statuses and the tier counts, read together."""

    rows: list[ProgramRow]
    statuses: dict[int, ProgramStatus]
    tiers: list[TierCount]
    home_zone: str

    def program_json(self, row: ProgramRow) -> dict[str, Any]:
        status = self.statuses[row.id]
        return {
            "id": row.id,
            "name": row.name,
            "institution": row.institution,
            "specialty": row.specialty,
            "city": row.city,
            "state": row.state,
            "type": row.program_type,
            "tier": row.tier,
            "visa": row.visa,
            "img_share": row.img_share,
            "timezone": row.timezone,
            "application_status": row.application_status,
            "interview_utc": row.interview_at.isoformat() if row.interview_at else None,
            "interview": interview_text(row, self.home_zone) or None,
            "suggest_tier_1": status.suggest_tier_1,
            "flags": {
                "wasted_application": status.wasted,
                "visa_mismatch": status.visa_mismatch,
                "red_flags": list(status.red_flags),
            },
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "programs": [self.program_json(row) for row in self.rows],
            "tiers": [
                {"tier": t.tier, "count": t.count, "range": [t.low, t.high], "state": t.state}
                for t in self.tiers
            ],
        }


@dataclass(frozen=True, slots=True)
class ProgramDetail:
    row: ProgramRow
    ties: list[Any]
    questions: list[Any]
    history: list[Any]


def program_detail(session: Session, *, program_id: int) -> ProgramDetail:
    """One program with its ties, interview questions and status history."""
    from img_crm.store.programs import get_program, list_questions, status_history, ties_of_program

    return ProgramDetail(
        row=get_program(session, program_id=program_id),
        ties=ties_of_program(session, program_id=program_id),
        questions=list_questions(session, program_id=program_id),
        history=status_history(session, program_id=program_id),
    )


def program(session: Session, *, program_id: int) -> ProgramRow:
    from img_crm.store.programs import get_program

    return get_program(session, program_id=program_id)


def program_detail_json(session: Session, *, program_id: int) -> dict[str, Any]:
    """One program with its signals, notes, status history, ties and questions."""
    view = program_view(session)
    detail = program_detail(session, program_id=program_id)
    data = view.program_json(detail.row)
    data.update({key: getattr(detail.row, key) for key in (*FLAG_FIELDS, "website", "notes")})
    data["status_history"] = [
        {"on": c.changed_on, "from": c.from_status, "to": c.to_status} for c in detail.history
    ]
    data["ties"] = [
        {"contact_id": t.contact_id, "contact": t.name, "kind": t.kind} for t in detail.ties
    ]
    data["questions"] = [
        {"id": q.id, "question": q.question, "answer": q.answer} for q in detail.questions
    ]
    from img_crm.domain.attachments import Owner, OwnerKind
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.services.attachments import to_json
    from img_crm.services.custom_fields import values_json
    from img_crm.store.attachments import list_attachments

    data["fields"] = values_json(session, record=RecordKind.PROGRAM, record_id=program_id)
    data["attachments"] = [
        to_json(a) for a in list_attachments(session, owner=Owner(OwnerKind.PROGRAM, program_id))
    ]
    return data


def program_view(session: Session) -> ProgramView:
    rows = list_program_rows(session)
    profile = load_profile(session)
    stages = tie_stages(session)
    statuses = {}
    for row in rows:
        visa = ProgramVisa(row.visa) if row.visa in values(ProgramVisa) else ProgramVisa.UNKNOWN
        tied = tuple(stages.get(row.id, ()))
        statuses[row.id] = ProgramStatus(
            suggest_tier_1=suggest_tier_1(row.tier, tied),
            wasted=wasted_application(visa, row.flag_no_visa, profile.visa),
            visa_mismatch=visa_mismatch(visa, profile.visa),
            red_flags=tuple(text for key, text in RED_FLAG_TEXT.items() if getattr(row, key)),
            tie_stages=tied,
        )
    ranges = tier_ranges_from_settings(all_settings(session))
    return ProgramView(
        rows=rows,
        statuses=statuses,
        tiers=tier_counts((r.tier for r in rows), ranges),
        home_zone=profile.home_timezone,
    )


def interview_text(row: ProgramRow, home_zone: str) -> str:
    if row.interview_at is None:
        return ""
    return dual_time(row.interview_at, row.timezone or "UTC", home_zone)


@dataclass(frozen=True, slots=True)
class Interview:
    program_id: int
    name: str
    at: datetime
    when: str


_NO_INTERVIEW = frozenset({ApplicationStatus.REJECTED.value, ApplicationStatus.WITHDRAWN.value})


def upcoming_interviews(session: Session, *, now: datetime | None = None) -> list[Interview]:
    """Interviews from now on, soonest first, shown in both zones."""
    moment = now or clock.now()
    if moment.tzinfo is None:
        moment = moment.astimezone(UTC)
    home = load_profile(session).home_timezone
    found = [
        Interview(r.id, r.name, r.interview_at, interview_text(r, home))
        for r in list_program_rows(session)
        if r.interview_at is not None
        and r.interview_at >= moment
        # A program that rejected you, or that you withdrew from, holds none.
        and r.application_status not in _NO_INTERVIEW
    ]
    return sorted(found, key=lambda i: i.at)


# --- CSV -----------------------------------------------------------------------------
