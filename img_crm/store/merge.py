"""Merging two contacts that are the same person, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from img_crm.domain import contact_points
from img_crm.domain.contacts import normalize_contact
from img_crm.errors import UserError
from img_crm.store.contact_rows import get_contact
from img_crm.store.contacts import update_contact


def merge_contacts(
    session: Session, *, keep_id: int, other_id: int, choices: Mapping[str, Any] | None = None
) -> None:
    """Fold ``other_id`` into ``keep_id`` and delete it.

    ``choices`` are field values to keep on the survivor (picked per field by
    the user); tags are united, and so are emails, phones and web addresses
    (the chosen email and phone first). Activities, stage history, program ties,
    letters, attachments, what was sent to them and values of the user's own
    fields the survivor lacks all move to the survivor,
    so nothing is lost.
    """
    if keep_id == other_id:
        raise UserError("A contact cannot be merged with itself.")
    keep = get_contact(session, contact_id=keep_id)
    other = get_contact(session, contact_id=other_id)
    changes = dict(normalize_contact(dict(choices or {}), partial=True))
    changes["tags"] = list(dict.fromkeys([*keep.tags, *other.tags]))
    points = contact_points.united(keep.points, other.points)
    for kind in (contact_points.EMAIL, contact_points.PHONE):
        if changes.get(kind):
            points = contact_points.with_primary(points, kind, changes[kind], replace=False)
        changes.pop(kind, None)
    changes["points"] = points
    for day_field in ("first_contacted", "connected_on"):  # the earlier of the two
        if day_field not in changes:
            known = [d for d in (getattr(keep, day_field), getattr(other, day_field)) if d]
            changes[day_field] = min(known) if known else None
    stage = changes.pop("stage", None)
    params = {"keep": keep_id, "other": other_id}
    clashes = session.execute(
        text(
            "SELECT f.name, o.value FROM custom_value o JOIN custom_value k "
            "ON k.field_id = o.field_id AND k.contact_id = :keep "
            "JOIN custom_field f ON f.id = o.field_id "
            "WHERE o.contact_id = :other AND o.value <> k.value ORDER BY f.position, f.id"
        ),
        params,
    ).all()
    if clashes:  # the kept contact's value stays in the field; the other's goes in the notes
        notes = str(changes.get("notes", keep.notes) or "")
        kept = [f"{name} (of the merged record): {value}" for name, value in clashes]
        changes["notes"] = "\n".join(line for line in (notes, *kept) if line)
    statements = [
        "UPDATE activity SET contact_id = :keep WHERE contact_id = :other",
        # the other's "added" line is not a change of the kept contact's stage
        "DELETE FROM stage_change WHERE contact_id = :other AND from_stage IS NULL",
        "UPDATE stage_change SET contact_id = :keep WHERE contact_id = :other",
        "UPDATE letter SET writer_id = :keep WHERE writer_id = :other",
        "INSERT OR IGNORE INTO contact_program (contact_id, program_id, kind) "
        "SELECT :keep, program_id, kind FROM contact_program WHERE contact_id = :other",
        "UPDATE attachment SET contact_id = :keep WHERE contact_id = :other",
        # a field the kept contact has no value for takes the other's
        "UPDATE OR IGNORE custom_value SET contact_id = :keep WHERE contact_id = :other",
        # a version both were given stays once, on the earlier day
        "UPDATE attachment_sent SET sent_on = min(sent_on, (SELECT o.sent_on "
        "FROM attachment_sent o WHERE o.contact_id = :other "
        "AND o.attachment_id = attachment_sent.attachment_id)) "
        "WHERE contact_id = :keep AND attachment_id IN "
        "(SELECT attachment_id FROM attachment_sent WHERE contact_id = :other)",
        "UPDATE OR IGNORE attachment_sent SET contact_id = :keep WHERE contact_id = :other",
        "DELETE FROM contact WHERE id = :other",
    ]
    for statement in statements:
        session.execute(text(statement), params)
    session.expire_all()
    update_contact(session, contact_id=keep_id, changes=changes)
    if stage is not None and stage != keep.stage:
        update_contact(session, contact_id=keep_id, changes={"stage": stage}, stage_note="merged")
