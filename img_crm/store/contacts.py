"""Contact queries and commands. Keyword-only, each takes the caller's session.

Reads go through SQLAlchemy Core into frozen ``ContactRow`` snapshots: the
table views hold tens of thousands of them, and ORM objects cost several
times more to build.

One module because the readers share one set of converters and the writers
one validation path, and a reader of the contact table's rules should find
all of them together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
from img_crm.domain.rows import ContactPointRow, ContactRow
from img_crm.domain.text import sort_key
from img_crm.errors import UserError, ValidationError
from img_crm.store.history import refuse_backwards
from img_crm.store.values import column_defaults, day, flag, stamp

_OWN_LISTS = ("tags", "points")  # ContactRow fields read from their own tables
_ROW_COLUMNS = [getattr(Contact, name) for name in ContactRow._fields if name not in _OWN_LISTS]
_POINTS_SQL = (
    "SELECT contact_id, kind, label, value FROM contact_point {where} "
    "ORDER BY contact_id, CASE kind WHEN 'email' THEN 0 WHEN 'phone' THEN 1 ELSE 2 END, position"
)


def _tags_by_contact(session: Session, ids: Iterable[int] | None = None) -> dict[int, list[str]]:
    query = select(col(ContactTag.contact_id), col(ContactTag.tag)).order_by(
        col(ContactTag.contact_id), col(ContactTag.tag)
    )
    if ids is not None:
        query = query.where(col(ContactTag.contact_id).in_(list(ids)))
    tags: dict[int, list[str]] = defaultdict(list)
    for contact_id, tag in session.execute(query):
        tags[contact_id].append(tag)
    return tags


def _points_by_contact(
    cursor: Any, ids: Sequence[int] | None = None
) -> dict[int, tuple[ContactPointRow, ...]]:
    """Each contact's points, emails first, then phones, then web addresses.
    (Read through the driver: a list of 100,000 contacts has as many points.)"""
    if ids is None:
        found = cursor.execute(_POINTS_SQL.format(where="")).fetchall()
    else:
        found = []
        for start in range(0, len(ids), 500):  # SQLite's limit on bound values
            part = list(ids[start : start + 500])
            marks = ", ".join("?" for _ in part)
            found += cursor.execute(
                _POINTS_SQL.format(where=f"WHERE contact_id IN ({marks})"), part
            ).fetchall()
    grouped: dict[int, list[ContactPointRow]] = defaultdict(list)
    labels: dict[str, str] = {}  # a few labels, shared
    for contact_id, kind, label, value in found:
        grouped[contact_id].append(ContactPointRow(kind, labels.setdefault(label, label), value))
    return {contact_id: tuple(points) for contact_id, points in grouped.items()}


def _rows(session: Session, found: Iterable[Sequence[Any]]) -> list[ContactRow]:
    values = [tuple(v) for v in found]
    ids = [int(v[0]) for v in values]
    tags = _tags_by_contact(session, ids)
    cursor = session.connection().connection.cursor()
    try:
        points = _points_by_contact(cursor, ids)
    finally:
        cursor.close()
    return [
        ContactRow(*v, tuple(tags.get(v[0], ())), points.get(v[0], ()))  # type: ignore[call-arg]
        for v in values
    ]


_FIELD_NAMES = [name for name in ContactRow._fields if name not in _OWN_LISTS]
_LIST_SQL = f"SELECT {', '.join(_FIELD_NAMES)} FROM contact {{where}} ORDER BY id"


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "us_based": flag,
    "first_contacted": day,
    "connected_on": day,
    "last_interaction": day,
    "next_follow_up": day,
    "created_at": stamp,
    "updated_at": stamp,
}
_CONVERT = [(n, _CONVERTERS[name]) for n, name in enumerate(_FIELD_NAMES) if name in _CONVERTERS]
# Columns whose values repeat across contacts (a few hospitals, four stages,
# a few hundred days): one object per distinct value instead of one per row
# saves about a third of a 100,000-contact list's memory.
_SHARED = [
    n
    for n, name in enumerate(_FIELD_NAMES)
    if name
    in (
        "title",
        "role",
        "institution",
        "specialty",
        "timezone",
        "stage",
        "first_contacted",
        "connected_on",
        "last_interaction",
        "next_follow_up",
    )
]


def _name_key(name: str) -> str:
    return sort_key(name)[0]


def first_by_name(session: Session, *, limit: int, descending: bool = False) -> list[ContactRow]:
    """The first ``limit`` contacts in the Contacts table's name order (the
    folded name, then the name as written: ``domain.text.sort_key``), read
    without reading the rest: the first screen of a big store.

    The fold is Python's, lent to SQLite for this query, so the order is the
    one the full list sorts into and no row moves when the rest arrives."""
    raw = session.connection().connection
    raw.create_function("img_name_key", 1, _name_key, deterministic=True)
    way = "DESC" if descending else "ASC"
    cursor = raw.cursor()
    try:
        ids = [
            row[0]
            for row in cursor.execute(
                f"SELECT id FROM contact ORDER BY img_name_key(name) {way}, name {way} LIMIT ?",
                (limit,),
            )
        ]
    finally:
        cursor.close()
    found = {row.id: row for row in list_contacts_by_id(session, contact_ids=ids)}
    return [found[n] for n in ids if n in found]


def list_contacts(session: Session, *, stage: str | None = None) -> list[ContactRow]:
    """All contacts (optionally of one stage) in id order.

    Read through the driver, converting the six typed columns here: with
    100,000 contacts SQLAlchemy's per-cell result processing cost seconds."""
    cursor = session.connection().connection.cursor()  # the session's own transaction
    where, params = ("WHERE stage = ?", (stage,)) if stage else ("", ())
    tags: dict[int, list[str]] = defaultdict(list)
    for contact_id, tag in cursor.execute(
        "SELECT contact_id, tag FROM contact_tag ORDER BY contact_id, tag"
    ).fetchall():
        tags[contact_id].append(tag)
    points = _points_by_contact(cursor)
    convert, shared_columns = _CONVERT, _SHARED
    shared: dict[Any, Any] = {}
    share = shared.setdefault
    rows = []
    for raw in cursor.execute(_LIST_SQL.format(where=where), params):  # streamed, not fetchall
        values = list(raw)
        for n, function in convert:
            values[n] = function(values[n])
        for n in shared_columns:
            values[n] = share(values[n], values[n])
        rows.append(
            ContactRow(*values, tuple(tags.get(values[0], ())), points.get(values[0], ()))  # type: ignore[call-arg]
        )
    cursor.close()
    return rows


# Each contact as the CSV cells of docs/csv-format.md, formatted by SQLite: the
# same text ContactRow values give through services.csv_io (a test holds the
# two equal), without building a Python object per cell. Timestamps are stored
# as naive UTC text, written out with their "+00:00".
_CELLS = {
    "id": "CAST(id AS TEXT)",
    "us_based": "CASE us_based WHEN 1 THEN 'yes' WHEN 0 THEN 'no' ELSE '' END",
    "first_contacted": "coalesce(first_contacted, '')",
    "connected_on": "coalesce(connected_on, '')",
    "last_interaction": "coalesce(last_interaction, '')",
    "next_follow_up": "coalesce(next_follow_up, '')",
    "tags": "coalesce((SELECT group_concat(tag, ', ') FROM "
    "(SELECT tag FROM contact_tag t WHERE t.contact_id = contact.id ORDER BY tag)), '')",
    **{
        column: "coalesce((SELECT group_concat(CASE WHEN label = '' AND instr(value, ': ') = 0 "
        "THEN value ELSE label || ': ' || value END, char(10)) "
        "FROM (SELECT label, value FROM contact_point p "
        f"WHERE p.contact_id = contact.id AND kind = '{kind}' ORDER BY position)), '')"
        for kind, column in contact_points.COLUMNS.items()
    },
    "created_at": "substr(created_at, 1, 19) || '+00:00'",
    "updated_at": "substr(updated_at, 1, 19) || '+00:00'",
}


def contact_cells(session: Session, *, columns: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """Every contact, in id order, as text cells for ``columns`` (CSV export)."""
    select_list = ", ".join(_CELLS.get(name, f"coalesce({name}, '')") for name in columns)
    cursor = session.connection().connection.cursor()
    try:
        yield from cursor.execute(f"SELECT {select_list} FROM contact ORDER BY id")
    finally:
        cursor.close()


def list_contacts_by_id(session: Session, *, contact_ids: Sequence[int]) -> list[ContactRow]:
    """The given contacts that exist, in id order."""
    ids = list(contact_ids)
    query = select(*_ROW_COLUMNS).where(col(Contact.id).in_(ids)).order_by(col(Contact.id))
    return _rows(session, session.execute(query))


def get_contact(session: Session, *, contact_id: int) -> ContactRow:
    row = session.execute(select(*_ROW_COLUMNS).where(col(Contact.id) == contact_id)).first()
    if row is None:
        raise UserError(f"There is no contact with id {contact_id}.")
    return _rows(session, [row])[0]


def count_contacts(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Contact)).scalar_one())


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


def insert_contacts(
    session: Session,
    *,
    rows: Sequence[Mapping[str, Any]],
    kept: Sequence[Mapping[str, Any]] | None = None,
    today: date | None = None,
) -> list[int]:
    """Insert many already-normalized contacts (``normalize_contact`` output), with
    their tags and first stage, in one statement per table; return their ids in
    order. ``kept[i]`` adds columns the import keeps as given (dates, notes).

    Imports use this: the ORM's per-object bookkeeping made 10,000 rows several
    times slower than the database itself needs.
    """
    if not rows:
        return []
    now = utc_now()
    values = []
    for n, data in enumerate(rows):
        row = {**_CONTACT_DEFAULTS, **data, "created_at": now, "updated_at": now}
        row.pop("tags", None)
        row.pop("points", None)
        if kept is not None:
            row.update(kept[n])
        values.append(row)
    statement = insert(Contact).returning(col(Contact.id), sort_by_parameter_order=True)
    ids = [int(i) for i in session.execute(statement, values).scalars()]
    tags = [
        {"contact_id": cid, "tag": tag}
        for cid, data in zip(ids, rows, strict=True)
        for tag in data.get("tags", ())
    ]
    if tags:
        session.execute(insert(ContactTag), tags)
    points = [
        value
        for cid, data in zip(ids, rows, strict=True)
        for value in _point_values(cid, data.get("points", ()))
    ]
    if points:
        session.execute(insert(ContactPoint), points)
    first_day = today or clock.today()
    session.execute(
        insert(StageChange),
        [
            {
                "contact_id": cid,
                "from_stage": None,
                "to_stage": data.get("stage", "cold"),
                "changed_on": data.get("first_contacted") or first_day,
                "note": "",
            }
            for cid, data in zip(ids, rows, strict=True)
        ],
    )
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
