"""Key/value settings (the profile and small app flags) in the ``setting`` table.

Plain SQL on the source's connection: the follow-up state of the first screen
reads the cadence settings before the ORM is imported (``store/driver.py``).
"""

from __future__ import annotations

from img_crm.store import driver
from img_crm.store.driver import Source


def all_settings(session: Source) -> dict[str, str]:
    cursor = driver.cursor(session)
    try:
        return {
            str(key): str(value) for key, value in cursor.execute("SELECT key, value FROM setting")
        }
    finally:
        cursor.close()


def get_setting(session: Source, *, key: str, default: str = "") -> str:
    cursor = driver.cursor(session)
    try:
        row = cursor.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    finally:
        cursor.close()
    return default if row is None else str(row[0])


def set_setting(session: Source, *, key: str, value: str) -> None:
    """Set one setting, in the caller's (writing) transaction."""
    cursor = driver.cursor(session)
    try:
        cursor.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
    finally:
        cursor.close()
