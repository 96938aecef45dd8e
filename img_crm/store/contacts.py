"""Writing contacts. Keyword-only, each takes the caller's session.

One module because the writers share one validation path. The readers are
in ``store/contact_rows.py``: they run without the ORM, which this module
needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session, col

from img_crm import clock
from img_crm.domain import contact_points
from img_crm.domain.contacts import normalize_contact
from img_crm.domain.limits import text_errors
from img_crm.domain.models import (
    Activity,
    Contact,
    ContactPoint,
    ContactProgram,
    ContactTag,
    Letter,
    StageChange,
    utc_now,
)
from img_crm.domain.rows import ContactPointRow
from img_crm.errors import UserError, ValidationError
from img_crm.store import driver
from img_crm.store.contact_rows import get_contact
from img_crm.store.history import refuse_backwards
from img_crm.store.values import column_defaults, stored, typed_columns


def _set_tags(session: Session, contact_id: int, tags: Sequence[str]) -> None:
    session.execute(delete(ContactTag).where(col(ContactTag.contact_id) == contact_id))
    session.add_all(ContactTag(contact_id=contact_id, tag=tag) for tag in tags)


def _point_values(contact_id: int, points: Sequence[ContactPointRow]) -> list[dict[str, Any]]:
    positions: dict[str, int] = defaultdict(int)
    values = []
    for point in points:
        values.append(
            {
                "contact_id": contact_id,
                "kind": point.kind,
                "position": positions[point.kind],
                "label": point.label,
                "value": point.value,
            }
        )
        positions[point.kind] += 1
    return values


def _set_points(session: Session, contact_id: int, points: Sequence[ContactPointRow]) -> None:
    session.execute(delete(ContactPoint).where(col(ContactPoint.contact_id) == contact_id))
    values = _point_values(contact_id, points)
    if values:
        session.execute(insert(ContactPoint), values)


def add_contact(session: Session, *, data: Mapping[str, Any], today: date | None = None) -> int:
    """Validate and insert a contact; its first stage is recorded as history.
    (The one-row case of ``insert_contacts``: one write path for new contacts.)"""
    return insert_contacts(session, rows=[normalize_contact(data)], today=today)[0]


_CONTACT_DEFAULTS = column_defaults(Contact)


_COLUMNS = ["id", "name", *_CONTACT_DEFAULTS, "created_at", "updated_at"]
_INSERT_SQL = (
    f"INSERT INTO contact ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"
)


#: The columns that hold a moment, a day or a flag: the rest are text, as given.
_TYPED_NAMES = typed_columns(Contact) - {"id"}  # the id is written as the int it is
_TYPED = [n for n, name in enumerate(_COLUMNS) if name in _TYPED_NAMES]


def insert_contacts(
    session: Session,
    *,
    rows: Sequence[Mapping[str, Any]],
    kept: Sequence[Mapping[str, Any]] | None = None,
    today: date | None = None,
) -> list[int]:
    """Insert many already-normalized contacts (``normalize_contact`` output), with
    their tags, points and first stage, in one ``executemany`` per table; return
    their ids in order. ``kept[i]`` adds columns the import keeps as given
    (dates, notes).

    Imports use this, through the driver: SQLAlchemy ran one ``INSERT ...
    RETURNING`` per row (0.65 s of a 10,000-row import). The ids are the next
    free ones, taken under the writing transaction's lock (``BEGIN
    IMMEDIATE``), so no other writer can take them meanwhile.
    """
    if not rows:
        return []
    session.flush()  # anything the ORM holds goes first, in order
    cursor = driver.cursor(session)
    try:
        first = int(cursor.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]) + 1
        ids = list(range(first, first + len(rows)))
        written = utc_now()
        # A column's values repeat (one moment per import, a few hundred
        # days): each distinct one is converted once.
        memos: list[dict[Any, Any]] = [{} for _ in _TYPED]
        values = []
        for n, (cid, data) in enumerate(zip(ids, rows, strict=True)):
            row = {**_CONTACT_DEFAULTS, **data, "created_at": written, "updated_at": written}
            row.pop("tags", None)
            row.pop("points", None)
            if kept is not None:
                row.update(kept[n])  # an import keeps its file's moments and dates
            unknown = set(row) - set(_COLUMNS)
            if unknown:
                raise ValueError(f"not a contact column: {', '.join(sorted(unknown))}")
            row["id"] = cid
            cells = [row[name] for name in _COLUMNS]
            for at, memo in zip(_TYPED, memos, strict=True):
                value = cells[at]
                if value is not None:
                    found = memo.get(value)
                    cells[at] = (
                        found if found is not None else memo.setdefault(value, stored(value))
                    )
            values.append(tuple(cells))
        cursor.executemany(_INSERT_SQL, values)
        cursor.executemany(
            "INSERT INTO contact_tag (contact_id, tag) VALUES (?, ?)",
            [
                (cid, tag)
                for cid, data in zip(ids, rows, strict=True)
                for tag in data.get("tags", ())
            ],
        )
        cursor.executemany(
            "INSERT INTO contact_point (contact_id, kind, position, label, value) "
            "VALUES (:contact_id, :kind, :position, :label, :value)",
            [
                value
                for cid, data in zip(ids, rows, strict=True)
                for value in _point_values(cid, data.get("points", ()))
            ],
        )
        first_day = today or clock.today()
        cursor.executemany(
            "INSERT INTO stage_change (contact_id, from_stage, to_stage, changed_on, note) "
            "VALUES (?, NULL, ?, ?, '')",
            [
                (cid, data.get("stage", "cold"), stored(data.get("first_contacted") or first_day))
                for cid, data in zip(ids, rows, strict=True)
            ],
        )
    finally:
        cursor.close()
    return ids


def update_contact(
    session: Session,
    *,
    contact_id: int,
    changes: Mapping[str, Any],
    today: date | None = None,
    stage_note: str = "",
) -> None:
    """Apply only the given fields; a stage change is recorded with its date."""
    clean = normalize_contact(changes, partial=True)
    errors = text_errors({"note": stage_note}, multiline=frozenset({"note"}))
    if errors:
        raise ValidationError(errors)
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise UserError(f"There is no contact with id {contact_id}.")
    tags = clean.pop("tags", None)
    points = clean.pop("points", None)  # given: normalize_contact set email and phone from them
    if points is None and ("email" in clean or "phone" in clean):
        # an edit of "the" email or phone: the first of the contact's points
        points = list(get_contact(session, contact_id=contact_id).points)
        for kind in (contact_points.EMAIL, contact_points.PHONE):
            if kind in clean:
                points = contact_points.with_primary(points, kind, clean[kind])
        clean["email"] = contact_points.first_of(points, contact_points.EMAIL)
        clean["phone"] = contact_points.first_of(points, contact_points.PHONE)
    old_stage = contact.stage
    for key, value in clean.items():
        setattr(contact, key, value)
    contact.updated_at = utc_now()
    if tags is not None:
        _set_tags(session, contact_id, tags)
    if points is not None:
        _set_points(session, contact_id, points)
    if contact.stage != old_stage:
        day = today or clock.today()
        refuse_backwards(
            session,
            dates=col(StageChange.changed_on),
            of=col(StageChange.contact_id) == contact_id,
            day=day,
        )
        session.add(
            StageChange(
                contact_id=contact_id,
                from_stage=old_stage,
                to_stage=contact.stage,
                changed_on=day,
                note=stage_note,
            )
        )
    session.flush()


@dataclass(frozen=True, slots=True)
class Dependents:
    """What deleting contacts takes with it, for the confirmation message."""

    stage_changes: int
    letters: int
    program_ties: int
    activities_kept: int


def dependents(session: Session, *, contact_ids: Sequence[int]) -> Dependents:
    ids = list(contact_ids)

    def count(model: Any, column: Any) -> int:
        query = select(func.count()).select_from(model).where(column.in_(ids))
        return int(session.execute(query).scalar_one())

    return Dependents(
        stage_changes=count(StageChange, col(StageChange.contact_id)),
        letters=count(Letter, col(Letter.writer_id)),
        program_ties=count(ContactProgram, col(ContactProgram.contact_id)),
        activities_kept=count(Activity, col(Activity.contact_id)),
    )


def delete_contacts(session: Session, *, contact_ids: Sequence[int]) -> int:
    """Delete contacts with their tags, history, ties and letters.

    Their activities stay in the log (with no contact): that work happened.
    """
    ids = list(contact_ids)
    result = session.execute(delete(Contact).where(col(Contact.id).in_(ids)))
    return int(getattr(result, "rowcount", 0) or 0)
