"""The tests' ``sqlite3``: img-crm's own driver (sqlcipher3, the one copy of
SQLite in the process), whose ``connect`` keys a connection to a protected
store this process has unlocked, as the store's own connections are
(``img_crm/store/sqlite.py``). Everything else is the driver's: its errors,
its constants."""

from __future__ import annotations

from typing import Any

from img_crm.store.sqlite import connect as connect
from img_crm.store.sqlite import dbapi


def __getattr__(name: str) -> Any:
    return getattr(dbapi, name)
