"""Message templates: the built-ins (added on first use, resettable) and the user's own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, text
from sqlmodel import Session, col

from img_crm.domain.limits import text_errors
from img_crm.domain.models import Template, utc_now
from img_crm.domain.templates import BUILT_INS, Sent
from img_crm.errors import UserError, ValidationError


def missing_builtins(session: Session) -> bool:
    """Whether a built-in template is not stored yet (reads only)."""
    have = set(session.execute(select(col(Template.name))).scalars())
    return any(builtin.name not in have for builtin in BUILT_INS)


def _as_shipped(now: datetime) -> list[Template]:
    """The built-ins as rows, not yet stored."""
    return [
        Template(
            name=b.name,
            subject=b.subject,
            body=b.body,
            builtin=True,
            created_at=now,
            updated_at=now,
        )
        for b in BUILT_INS
    ]


def ensure_builtins(session: Session) -> None:
    """Add any built-in template the store does not have yet (by name)."""
    have = set(session.execute(select(col(Template.name))).scalars())
    session.add_all(t for t in _as_shipped(utc_now()) if t.name not in have)
    session.flush()


def reset_builtins(session: Session) -> None:
    """Put the built-ins' words back as they shipped."""
    ensure_builtins(session)
    for builtin in BUILT_INS:
        template = session.execute(
            select(Template).where(col(Template.name) == builtin.name)
        ).scalar_one()
        template.subject, template.body = builtin.subject, builtin.body
        template.updated_at = utc_now()
    session.flush()


def list_templates(session: Session) -> list[Template]:
    """The stored templates; in a store that has none yet (one that could only
    be read so far, say), the built-ins as they ship, unsaved (no ids)."""
    query = select(Template).order_by(col(Template.builtin).desc(), col(Template.id))
    stored = list(session.execute(query).scalars())
    if stored:
        return stored
    return _as_shipped(utc_now())


def find_template(session: Session, *, name: str) -> Template:
    """A template by its id or its name (case-insensitive)."""
    for template in list_templates(session):
        if str(template.id) == name.strip() or template.name.casefold() == name.strip().casefold():
            return template
    raise UserError(f"There is no template called {name!r}; `img-crm templates list` shows them.")


def save_template(
    session: Session, *, name: str, subject: str, body: str, template_id: int | None = None
) -> int:
    """Add a template, or change one (built-ins too: Reset brings their words back)."""
    clean = " ".join(name.split())
    errors = text_errors(
        {"name": clean, "subject": subject, "body": body}, multiline=frozenset({"body"})
    )
    if not clean:
        errors["name"] = "a name is required"
    if not body.strip():
        errors["body"] = "the message is empty"
    clash = session.execute(
        select(Template).where(col(Template.name) == clean)
    ).scalar_one_or_none()
    if clash is not None and clash.id != template_id:
        errors["name"] = "another template has this name"
    if errors:
        raise ValidationError(errors)
    now = utc_now()
    if template_id is None:
        template = Template(
            name=clean, subject=subject.strip(), body=body, created_at=now, updated_at=now
        )
        session.add(template)
    else:
        found = session.get(Template, template_id)
        if found is None:
            raise UserError(f"There is no template with id {template_id}.")
        template = found
        template.name, template.subject, template.body = clean, subject.strip(), body
        template.updated_at = now
    session.flush()
    assert template.id is not None
    return template.id


def delete_template(session: Session, *, template_id: int) -> None:
    template = session.get(Template, template_id)
    if template is None:
        raise UserError(f"There is no template with id {template_id}.")
    if template.builtin:
        raise UserError("Built-in templates can be edited and reset, not deleted.")
    session.delete(template)
    session.flush()


def outreach_history(session: Session) -> tuple[list[Sent], list[tuple[int, date]]]:
    """Every outreach sent to someone (with its template) and every reply received."""
    sent = [
        Sent(contact_id, date.fromisoformat(day), template_id)
        for contact_id, day, template_id in session.execute(
            text(
                "SELECT contact_id, occurred_on, template_id FROM activity "
                "WHERE kind = 'outreach-sent' AND contact_id IS NOT NULL"
            )
        )
    ]
    replies = [
        (contact_id, date.fromisoformat(day))
        for contact_id, day in session.execute(
            text(
                "SELECT contact_id, occurred_on FROM activity "
                "WHERE kind = 'reply-received' AND contact_id IS NOT NULL"
            )
        )
    ]
    return sent, replies
