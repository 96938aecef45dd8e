"""What a reader reads from: a session, or the plain DB-API connection of
``Store.plain``.

The readers that matter for speed (the contact list, the first screen, the
follow-up state, the CSV export) run their SQL on the DB-API connection
anyway. Taking either source lets a reading command and the window's first
screen read without importing SQLAlchemy, SQLModel and pydantic, which costs
more than the read itself (issue #20).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, cast

from img_crm.store.sqlite import dbapi

if TYPE_CHECKING:
    from sqlmodel import Session

#: The connection ``Store.plain`` yields (named here: only store/ knows the driver).
Plain: TypeAlias = dbapi.Connection
Source: TypeAlias = "Session | dbapi.Connection"


def connection(source: Source) -> dbapi.Connection:
    """The DB-API connection of ``source``, inside its transaction."""
    if isinstance(source, dbapi.Connection):
        return source
    return cast(dbapi.Connection, source.connection().connection.driver_connection)


def cursor(source: Source) -> dbapi.Cursor:
    return connection(source).cursor()


def session_of(source: Source, *, needed_by: str) -> Session:
    """``source`` as the session a reader through the ORM needs; a plain
    connection here is a caller's mistake, said as such."""
    if isinstance(source, dbapi.Connection):
        raise TypeError(f"{needed_by} reads through the ORM: give it a session")
    return source
