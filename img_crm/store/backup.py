"""Consistent copies of the store through SQLite's online backup API.

A copy is written to a temporary name beside its destination, checked with
``PRAGMA integrity_check`` and only then renamed into place, so a failed or
interrupted backup never leaves a half file under a good name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from img_crm.errors import UserError


def _private(path: Path) -> None:
    if sys.platform != "win32":
        os.chmod(path, 0o600)


def backup_database(source: Path, destination: Path) -> Path:
    """Copy ``source`` to ``destination`` atomically; return the destination."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.partial")
    try:
        src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(temporary)
            try:
                src.backup(dst)
                result = dst.execute("PRAGMA integrity_check").fetchone()[0]
                # A backup is a single file: leave WAL mode so no -wal is needed.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        if result != "ok":
            raise UserError(f"The backup copy failed its integrity check ({result}).")
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        _private(temporary)
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return destination


def timestamped_name(reason: str, when: datetime | None = None) -> str:
    """A backup file name that sorts by time and says why it was made."""
    moment = (when or datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    return f"img-crm-{moment}-{reason}.sqlite3"
