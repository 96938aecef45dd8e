"""Raw ``sqlite3`` connections, for the few places below SQLAlchemy (opening
checks, migrations, backups, the read-only engine, ``Store.plain``).

Every connection waits the same time for another program's write to finish:
``BUSY_TIMEOUT_MS``, read when the connection is made, so one number (and one
test setting) governs the engine and the raw connections alike. Every
connection is lent the functions the schema's triggers call
(``lend_functions``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Literal

from img_crm.domain.text import sort_key

#: How long any connection waits for another writer before saying so.
BUSY_TIMEOUT_MS = 5000


def connect(
    database: str | Path,
    *,
    uri: bool = False,
    isolation_level: Literal["DEFERRED", "EXCLUSIVE", "IMMEDIATE"] | None = "DEFERRED",
    check_same_thread: bool = True,
) -> sqlite3.Connection:
    """``sqlite3.connect`` with the shared wait for a busy store."""
    connection = sqlite3.connect(
        database,
        uri=uri,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=isolation_level,
        check_same_thread=check_same_thread,
    )
    lend_functions(connection)
    return connection


def name_key(name: str) -> str:
    """A contact's place in the name order: ``sort_key``'s first part (the
    name as written breaks ties in the index)."""
    return sort_key(name)[0]


def lend_functions(connection: sqlite3.Connection) -> None:
    """The Python functions the schema calls: ``img_name_key`` (data version
    7's name order triggers, ``store/migrations.py``)."""
    connection.create_function("img_name_key", 1, name_key, deterministic=True)
