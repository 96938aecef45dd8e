"""Integrity checks of a store file, for ``img-crm check`` and start-up.

``check_store`` runs SQLite's full ``integrity_check``, the foreign-key check,
and reads every text cell: a flipped byte in a name passes SQLite's own checks
but cannot be decoded, and would otherwise stop every listing. A store that
fails is marked (a small file beside it) and opens read-only until the user
restores a backup or chooses to go on; SQLite's findings are put in words.
"""

from __future__ import annotations

import json
import os
import re
import sys
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from img_crm import clock, paths
from img_crm.errors import StoreError
from img_crm.store import disk, inspect
from img_crm.store.sqlite import dbapi

MARK_NAME = f"{paths.STORE_FILENAME}.check-failed"


@dataclass(slots=True)
class HealthReport:
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    #: False when SQLite could not read far enough to run every check.
    complete: bool = True

    @property
    def clean(self) -> bool:
        return self.integrity == ["ok"] and not self.foreign_keys and not self.unreadable

    def summary(self) -> str:
        """What is wrong, in words (empty when clean)."""
        parts = []
        if self.integrity != ["ok"]:
            parts.append(in_words("; ".join(self.integrity)))
        if self.foreign_keys:
            parts.append(f"{len(self.foreign_keys)} rows point to rows that are missing.")
        if self.unreadable:
            parts.append(f"{len(self.unreadable)} text cells cannot be read (damaged bytes).")
        return " ".join(parts)


def check_store(path: Path) -> HealthReport:
    """Run ``integrity_check``, ``foreign_key_check`` and a read of every text
    cell, without writing.

    Raises ``StoreError`` when the file cannot be read here for a reason that
    is not damage (another program's lock, a full disk, a read-only medium
    with unsaved pages): that proves nothing about the file.
    """
    report = HealthReport()
    try:
        with closing(inspect.connect_read_only(path)) as con:
            report.integrity = [str(row[0]) for row in con.execute("PRAGMA integrity_check")]
            report.foreign_keys = [
                f"{table} row {rowid} points to a missing {parent}"
                for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check")
            ]
            report.unreadable = _unreadable_cells(con)
    except dbapi.DatabaseError as exc:
        if disk.is_busy(exc):
            raise StoreError(
                disk.BUSY_SENTENCE.replace("Nothing was changed", "The check did not run")
            ) from exc
        if not disk.is_damage(exc) and disk.is_environment(exc):
            raise StoreError(
                f"{disk.explain(path.parent, store_file=path, exc=exc)} The check could not run."
            ) from exc
        report.integrity = [f"cannot read the file: {exc}"]
        report.complete = False
    return report


def data_version(path: Path) -> int | None:
    """The file's ``user_version``, or None when it cannot be read."""
    try:
        with closing(inspect.connect_read_only(path)) as con:
            return int(con.execute("PRAGMA user_version").fetchone()[0])
    except dbapi.DatabaseError:
        return None


def unreadable_cells(path: Path) -> list[str]:
    """Text cells of the file at ``path`` that are not valid UTF-8."""
    with closing(inspect.connect_read_only(path)) as con:
        return _unreadable_cells(con)


def _unreadable_cells(con: dbapi.Connection) -> list[str]:
    con.text_factory = bytes
    found = []
    tables = [row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        name = table.decode() if isinstance(table, bytes) else table
        columns = [row[1] for row in con.execute(f'PRAGMA table_info("{name}")')]
        for column in columns:
            label = column.decode() if isinstance(column, bytes) else column
            query = f'SELECT rowid, "{label}" FROM "{name}" WHERE typeof("{label}") = \'text\''
            for rowid, value in con.execute(query):
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError:
                    found.append(f"{name} row {rowid}, column {label}")
    return found


def in_words(problem: str) -> str:
    """SQLite's finding ("On tree page 70 cell 0: ...") as a sentence."""
    text = problem.casefold()
    if "not a database" in text:
        return "SQLite does not recognise it as a database (it may be truncated or overwritten)."
    if "malformed" in text or "corrupt" in text:
        return "SQLite reports that its pages are malformed."
    if "cannot read the file" in text:
        return "SQLite could not read the file."
    count = len([part for part in re.split(r";|\n", problem) if part.strip()])
    places = "one place" if count <= 1 else f"{count} places"
    return f"SQLite's check of its pages found problems in {places}."


# --- the mark left by a failed check ----------------------------------------------


def mark_failed(folder: Path, report: HealthReport) -> bool:
    """Remember that the store failed its check, so writes wait for a decision;
    False when the mark cannot be written (a read-only medium: nothing is
    written there anyway)."""
    mark = folder / MARK_NAME
    try:
        _write_mark(mark, report)
    except OSError:
        return False
    return True


def _write_mark(mark: Path, report: HealthReport) -> None:
    mark.write_text(
        json.dumps(
            {
                "checked": clock.local_now().isoformat(timespec="minutes"),
                "summary": report.summary(),
            }
        ),
        encoding="utf-8",
    )
    if sys.platform != "win32":
        os.chmod(mark, 0o600)


def clear_mark(folder: Path) -> None:
    """The store passed a check, was restored, or the user chose to go on."""
    mark = folder / MARK_NAME
    if mark.exists():
        mark.unlink()


def failed_check_notice(folder: Path) -> str | None:
    """Why writes are refused after a failed check, or None."""
    mark = folder / MARK_NAME
    if not mark.exists():
        return None
    try:
        facts = json.loads(mark.read_text(encoding="utf-8"))
        when = str(facts.get("checked", "")).replace("T", " ")
    except (OSError, ValueError, AttributeError):
        when = ""
    since = f" on {when}" if when else ""
    return (
        f"The store failed its integrity check{since}, so img-crm does not write to it: "
        "restore a backup (`img-crm backups list`, `img-crm restore FILE`), or run "
        "`img-crm check --go-on` to keep working on it as it is."
    )
