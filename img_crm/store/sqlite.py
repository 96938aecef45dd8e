"""Raw ``sqlite3`` connections, for the few places below SQLAlchemy (opening
checks, migrations, backups, the read-only engine).

Every connection waits the same time for another program's write to finish:
``BUSY_TIMEOUT_MS``, read when the connection is made, so one number (and one
test setting) governs the engine and the raw connections alike.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Literal

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
    return sqlite3.connect(
        database,
        uri=uri,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=isolation_level,
        check_same_thread=check_same_thread,
    )
