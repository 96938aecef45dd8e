"""Reading contacts into ``ContactRow`` snapshots, through the driver.

Every reader takes a ``store.driver.Source`` (a session, or ``Store.plain``'s
connection) and runs plain SQL: the table views hold tens of thousands of rows,
SQLAlchemy's per-cell result processing cost seconds at 100,000, and a reading
command or the window's first screen should not import the ORM at all.
The writers are in ``store/contacts.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Generator, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from img_crm.domain import contact_points
from img_crm.domain.rows import ContactFacts, ContactPointRow, ContactRow
from img_crm.errors import UserError
from img_crm.store import driver
from img_crm.store.driver import Source
from img_crm.store.values import day, flag, stamp

_OWN_LISTS = ("tags", "points")  # ContactRow fields read from their own tables
_FIELD_NAMES = [name for name in ContactRow._fields if name not in _OWN_LISTS]
_LIST_SQL = f"SELECT {', '.join(_FIELD_NAMES)} FROM contact {{where}} ORDER BY id"
_TAGS_SQL = "SELECT contact_id, tag FROM contact_tag {where} ORDER BY contact_id, tag"
_POINTS_SQL = (
    "SELECT contact_id, kind, label, value FROM contact_point {where} "
    "ORDER BY contact_id, CASE kind WHEN 'email' THEN 0 WHEN 'phone' THEN 1 ELSE 2 END, position"
)
_FIRST_OF = {
    contact_points.EMAIL: _FIELD_NAMES.index("email"),
    contact_points.PHONE: _FIELD_NAMES.index("phone"),
}
_BATCH = 500  # ids bound per statement, under SQLite's limit on bound values

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
# a few hundred days, one moment per import): one object per distinct value
# instead of one per row saves about a third of a 100,000-contact list's
# memory.
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
        "created_at",
        "updated_at",
    )
]


def _select(
    cursor: Any,
    sql: str,
    key: str,
    ids: Sequence[int] | None,
    where: str = "",
    params: tuple[Any, ...] = (),
) -> Generator[Sequence[Any], None, None]:
    """``sql``'s rows, streamed: filtered by ``where`` when ``ids`` is None, else
    those whose ``key`` column is in ``ids``, a batch at a time."""
    if ids is None:
        yield from cursor.execute(sql.format(where=where), params)
        return
    for start in range(0, len(ids), _BATCH):
        part = list(ids[start : start + _BATCH])
        marks = ", ".join("?" for _ in part)
        yield from cursor.execute(sql.format(where=f"WHERE {key} IN ({marks})"), part)


class _Merged:
    """One contact's rows of a table ordered by contact id, asked for in
    rising id order: the list is read in one pass over each table, with no
    dictionary of every contact's tags or points in between (which left
    100,000 contacts' worth of freed memory behind)."""

    def __init__(self, rows: Generator[Sequence[Any], None, None]) -> None:
        self._rows = rows
        self._groups = groupby(rows, key=itemgetter(0))
        self._next: tuple[int, list[Sequence[Any]]] | None = None
        self._started = False  # its query runs at the first question

    def close(self) -> None:
        self._rows.close()

    def _advance(self) -> None:
        found = next(self._groups, None)
        self._next = None if found is None else (found[0], list(found[1]))

    def of(self, contact_id: int) -> list[Sequence[Any]]:
        if not self._started:
            self._started = True
            self._advance()
        while self._next is not None and self._next[0] < contact_id:
            self._advance()
        if self._next is not None and self._next[0] == contact_id:
            return self._next[1]
        return []


def _contacts(
    source: Source, ids: Sequence[int] | None, stage: str | None = None
) -> list[ContactRow]:
    return list(_streamed(source, ids, stage))


def _streamed(
    source: Source, ids: Sequence[int] | None, stage: str | None = None
) -> Generator[ContactRow, None, None]:
    """Contacts in id order (every one, those of ``stage``, or those in ``ids``,
    which come sorted), the typed columns converted here. The three tables
    stream side by side, each in contact id order, on cursors of the source's
    own transaction."""
    connection = driver.connection(source)
    cursors = [connection.cursor() for _ in range(3)]
    where, params = ("WHERE stage = ?", (stage,)) if stage else ("", ())
    tags = _Merged(_select(cursors[0], _TAGS_SQL, "contact_id", ids))
    points = _Merged(_select(cursors[1], _POINTS_SQL, "contact_id", ids))
    listed = _select(cursors[2], _LIST_SQL, "id", ids, where, params)
    try:
        convert, shared_columns = _CONVERT, _SHARED
        shared: dict[Any, Any] = {}
        share = shared.setdefault
        labels: dict[str, str] = {}  # a few labels, shared
        for raw in listed:
            values = list(raw)
            for n, function in convert:
                values[n] = function(values[n])
            for n in shared_columns:
                values[n] = share(values[n], values[n])
            own = tuple(
                ContactPointRow(kind, labels.setdefault(label, label), value)
                for _, kind, label, value in points.of(values[0])
            )
            for point in own:  # "the" email and phone are the first points: one string each
                at = _FIRST_OF.get(point.kind)
                if at is not None and values[at] == point.value:
                    values[at] = point.value
            own_tags = tuple(tag for _, tag in tags.of(values[0]))
            yield ContactRow(*values, own_tags, own)  # type: ignore[call-arg]
    finally:  # the streams first, while their cursors are open, then the cursors
        for stream in (listed, tags, points):
            stream.close()
        for cursor in cursors:
            cursor.close()


def list_contacts(source: Source, *, stage: str | None = None) -> list[ContactRow]:
    """All contacts (optionally of one stage) in id order."""
    return _contacts(source, None, stage)


def each_contact(source: Source) -> Generator[ContactRow, None, None]:
    """Every contact in id order, one at a time: for a reader that keeps only
    part of each (the Contacts table's list), so 100,000 whole rows are never
    held at once. Close it (or run it out) while ``source`` is open."""
    return _streamed(source, None)


def list_contacts_by_id(source: Source, *, contact_ids: Sequence[int]) -> list[ContactRow]:
    """The given contacts that exist, in id order."""
    return _contacts(source, sorted(set(contact_ids)))


def get_contact(source: Source, *, contact_id: int) -> ContactRow:
    found = _contacts(source, [contact_id])
    if not found:
        raise UserError(f"There is no contact with id {contact_id}.")
    return found[0]


def contact_facts(
    source: Source,
    *,
    email_wanted: Callable[[str], bool] | None = None,
    institution_wanted: Callable[[str], bool] | None = None,
) -> list[ContactFacts]:
    """Contacts' ids, names, email addresses (in order) and institutions, in
    id order: all that duplicate checks read, without building whole rows.

    With the two tests, only the contacts with a wanted email address or
    institution: an import's checks need no others, and reading and indexing
    every one of 100,000 contacts took longer than checking the rows."""
    cursor = driver.cursor(source)
    try:
        chosen: set[int] = set()
        if email_wanted is not None:
            chosen.update(
                contact_id
                for contact_id, value in cursor.execute(
                    "SELECT contact_id, value FROM contact_point WHERE kind = 'email'"
                )
                if email_wanted(value)
            )
        if institution_wanted is not None:
            chosen.update(
                contact_id
                for contact_id, institution in cursor.execute("SELECT id, institution FROM contact")
                if institution_wanted(institution)
            )
        filtered = email_wanted is not None or institution_wanted is not None
        ids = sorted(chosen) if filtered else None
        emails: dict[int, list[str]] = defaultdict(list)
        for contact_id, value in _select(cursor, _EMAILS_SQL, "contact_id", ids):
            emails[contact_id].append(value)
        return [
            ContactFacts(contact_id, name, tuple(emails.get(contact_id, ())), institution)
            for contact_id, name, institution in _select(cursor, _FACTS_SQL, "id", ids)
        ]
    finally:
        cursor.close()


_EMAILS_SQL = (
    "SELECT contact_id, value FROM "
    "(SELECT contact_id, value, position FROM contact_point WHERE kind = 'email') "
    "{where} ORDER BY contact_id, position"
)
_FACTS_SQL = "SELECT id, name, institution FROM contact {where} ORDER BY id"


def count_contacts(source: Source) -> int:
    cursor = driver.cursor(source)
    try:
        return int(cursor.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        cursor.close()


def ids_by_name(source: Source, *, limit: int = -1, descending: bool = False) -> list[int]:
    """Contact ids in the Contacts table's name order (the folded name, then
    the name as written: ``domain.text.sort_key``; equal names in id order, as
    a stable sort leaves them), the first ``limit`` or all.

    The order comes from ``contact_name_order``'s index (data version 7),
    whose keys are ``sort_key``'s: no sort keys are built in Python."""
    way = "DESC" if descending else "ASC"
    cursor = driver.cursor(source)
    try:
        return [
            row[0]
            for row in cursor.execute(
                "SELECT o.contact_id FROM contact_name_order o JOIN contact c "
                f"ON c.id = o.contact_id ORDER BY o.folded {way}, c.name {way}, c.id LIMIT ?",
                (limit,),
            )
        ]
    finally:
        cursor.close()


def first_by_name(source: Source, *, limit: int, descending: bool = False) -> list[ContactRow]:
    """The first ``limit`` contacts in name order (``ids_by_name``), read
    without reading the rest: the first screen of a big store, where no row
    moves when the rest arrives."""
    ids = ids_by_name(source, limit=limit, descending=descending)
    found = {row.id: row for row in list_contacts_by_id(source, contact_ids=ids)}
    return [found[n] for n in ids if n in found]


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


def contact_cells(source: Source, *, columns: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """Every contact, in id order, as text cells for ``columns`` (CSV export)."""
    select_list = ", ".join(_CELLS.get(name, f"coalesce({name}, '')") for name in columns)
    cursor = driver.cursor(source)
    try:
        yield from cursor.execute(f"SELECT {select_list} FROM contact ORDER BY id")
    finally:
        cursor.close()
