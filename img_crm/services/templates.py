"""Templates as both front ends use them: what fills a placeholder, and the
list with each template's reply rate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from img_crm.domain.templates import contact_values, placeholders, reply_rates
from img_crm.services.profile import load_profile
from img_crm.store.contact_rows import get_contact
from img_crm.store.templates import list_templates, outreach_history


def program_values(session: Session, *, program_id: int) -> dict[str, str]:
    """A program's placeholder values: its name and the day of its interview
    there, as the program's own calendar has it ("December 15, 2026")."""
    from img_crm.clock import as_utc
    from img_crm.domain.programs import zone
    from img_crm.store.programs import program_row

    program = program_row(session, program_id=program_id)
    values = {"program": program.name}
    if program.interview_at is not None:
        there = as_utc(program.interview_at).astimezone(zone(program.timezone or "UTC"))
        values["interview_date"] = f"{there:%B} {there.day}, {there.year}"
    return values


def placeholder_values(
    session: Session,
    *,
    contact_id: int | None,
    extra: Mapping[str, str] | None = None,
    program_id: int | None = None,
) -> dict[str, str]:
    """The values a message for ``contact_id`` fills in: the user's own details
    from the profile, the contact's, the program's it is about, then what was
    typed for the rest."""
    profile = load_profile(session)
    values = {"my_name": profile.my_name, "target_specialty": profile.target_specialty}
    if program_id is not None:
        values.update(program_values(session, program_id=program_id))
    if contact_id is not None:
        row = get_contact(session, contact_id=contact_id)
        values.update(
            contact_values(
                name=row.name,
                title=row.title,
                institution=row.institution,
                specialty=row.specialty,
                role=row.role,
                given_name=row.given_name,
                family_name=row.family_name,
                address_as=row.address_as,
            )
        )
    values.update({key: value for key, value in (extra or {}).items() if value.strip()})
    return values


def templates_json(session: Session) -> dict[str, Any]:
    """Every template with its placeholders and reply rate, and the overall rate."""
    rates, total = reply_rates(*outreach_history(session))
    rows = []
    for t in list_templates(session):
        rate = rates.get(t.id) if t.id is not None else None
        rows.append(
            {
                "id": t.id,
                "name": t.name,
                "builtin": t.builtin,
                "subject": t.subject,
                "placeholders": placeholders(f"{t.subject}\n{t.body}"),
                "sent": rate.sent if rate else 0,
                "replied": rate.replied if rate else 0,
                "reply_rate": round(rate.rate, 4) if rate else None,
            }
        )
    return {
        "templates": rows,
        "overall": {
            "sent": total.sent,
            "replied": total.replied,
            "reply_rate": round(total.rate, 4),
        },
    }


def templates_with_rates(session: Session) -> tuple[list[Any], dict[int | None, Any], Any]:
    """The templates, each one's reply rate by id, and the overall rate."""
    rates, total = reply_rates(*outreach_history(session))
    return list_templates(session), rates, total
