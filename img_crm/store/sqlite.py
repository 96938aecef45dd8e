"""Raw connections, for the few places below SQLAlchemy (opening checks,
migrations, backups, the engines, ``Store.plain``), through one driver.

The driver is ``sqlcipher3`` (SQLCipher 4, from ``sqlcipher3-wheels``) for
every store, plain or protected (issue #23). It is the standard library's
``sqlite3`` module built on SQLCipher: the same DB-API, errors, backup API
and ``create_function``, so SQLAlchemy's pysqlite dialect takes it as its
``module`` and nothing above this file changes. One driver matters: two
copies of SQLite in one process forget each other's POSIX locks when either
closes the file, so img-crm never opens a store with the standard ``sqlite3``
as well (ruff bans that import in img_crm/). A plain store is a plain SQLite
file, as before; without a key SQLCipher is SQLite.

Every connection waits the same time for another program's write to finish
(``BUSY_TIMEOUT_MS``), is lent the functions the schema's triggers call
(``lend_functions``), and is keyed when its file belongs to a store this
process has unlocked (``store/cipher.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Literal
from urllib.parse import unquote, urlparse

from sqlcipher3 import dbapi2 as dbapi  # the one driver, re-exported

from img_crm.domain.text import sort_key
from img_crm.store import cipher

#: How long any connection waits for another writer before saying so.
BUSY_TIMEOUT_MS = 5000

#: ``connect``'s default: the key of the store the file belongs to, if any.
AUTO: Final = "auto"
KeyChoice = cipher.Key | None | Literal["auto"]

__all__ = [
    "AUTO",
    "BUSY_TIMEOUT_MS",
    "KeyChoice",
    "connect",
    "dbapi",
    "file_of",
    "lend_functions",
    "name_key",
]

# SQLCipher writes its own complaints (a wrong key's failed HMAC) to stderr;
# img-crm says what went wrong in its own sentence instead.
_quiet = dbapi.connect(":memory:")
_quiet.execute("PRAGMA cipher_log_level = NONE")
_quiet.close()


def file_of(database: str | Path, *, uri: bool = False) -> Path | None:
    """The file a connection string names (None for an in-memory database)."""
    text = str(database)
    if uri and text.startswith("file:"):
        text = unquote(urlparse(text).path)
    if text in ("", ":memory:"):
        return None
    return Path(text)


def connect(
    database: str | Path,
    *,
    uri: bool = False,
    isolation_level: Literal["DEFERRED", "EXCLUSIVE", "IMMEDIATE"] | None = "DEFERRED",
    check_same_thread: bool = True,
    key: KeyChoice = AUTO,
) -> dbapi.Connection:
    """A connection with the shared wait for a busy store, keyed as its file
    needs: ``key`` AUTO takes the unlocked store's key for a file of that
    store; None opens it plain. A plain file is never keyed (a backup from
    before the store was protected), a new or empty one is made with the key."""
    path = file_of(database, uri=uri)
    if key == AUTO:
        if path is None:
            key = None
        elif cipher.looks_protected(path):
            key = cipher.key_of(path)  # the unlocked key with its salt, wherever it lies
        else:
            key = cipher.key_for(path)  # a new file of an unlocked store is made protected
    connection = dbapi.connect(
        database,
        uri=uri,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=isolation_level,
        check_same_thread=check_same_thread,
    )
    if isinstance(key, cipher.Key) and path is not None:
        found = cipher.header(path)
        if found != cipher.PLAIN_HEADER:
            # A new file takes the salt the key was derived with; an existing one
            # has its salt (if it is another one, the key fails as a wrong one).
            connection.execute(key.pragma(with_salt=found in (b"", key.salt)))
    lend_functions(connection)
    return connection


def name_key(name: str) -> str:
    """A contact's place in the name order: ``sort_key``'s first part (the
    name as written breaks ties in the index)."""
    return sort_key(name)[0]


def lend_functions(connection: dbapi.Connection) -> None:
    """The Python functions the schema calls: ``img_name_key`` (data version
    7's name order triggers, ``store/migrations.py``)."""
    connection.create_function("img_name_key", 1, name_key, deterministic=True)
