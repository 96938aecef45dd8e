"""Consistent copies of the store through SQLite's online backup API.

A copy is written to a temporary name beside its destination, checked with
``PRAGMA integrity_check`` and only then renamed into place, so a failed or
interrupted backup never leaves a half file under a good name.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from img_crm import clock
from img_crm.errors import UserError
from img_crm.store import cipher, disk, health, sqlite
from img_crm.store.sqlite import dbapi


def _private(path: Path) -> None:
    if sys.platform != "win32":
        os.chmod(path, 0o600)


def _private_folder(folder: Path) -> None:
    """Backups hold everything the store does: their folder is the user's alone."""
    if sys.platform != "win32" and (folder.stat().st_mode & 0o777) != 0o700:
        os.chmod(folder, 0o700)


def backup_database(source: Path, destination: Path) -> Path:
    """Copy ``source`` to ``destination`` atomically; return the destination.

    A full or unwritable disk gets one sentence (``UserError``); no partial
    file is left, and nothing else in the folder is touched."""
    with disk.said_as_such(
        destination.parent,
        store_file=source,
        then="The backup was not made; the earlier backups are kept.",
    ):
        return _copy_checked(source, destination)


def _copy_checked(source: Path, destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.partial")
    key = cipher.key_of(source)
    if key is not None:  # a copy of a protected store is under the same key (and salt)
        cipher.unlock_file(temporary, key)
        cipher.unlock_file(destination, key)
    try:
        src = sqlite.connect(f"{source.as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite.connect(temporary, key=key)
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
        unreadable = health.unreadable_cells(temporary)
        if unreadable:
            raise UserError(
                f"The store has {len(unreadable)} damaged text cells (run `img-crm check`), so "
                "no backup was made: it could take the place of a good one."
            )
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        _private(temporary)
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    finally:
        cipher.forget_file(temporary)
    return destination


def timestamped_name(reason: str, when: datetime | None = None) -> str:
    """A backup file name that sorts by time and says why it was made."""
    moment = (when or clock.local_now()).strftime("%Y-%m-%d_%H%M%S")
    return f"img-crm-{moment}-{reason}.sqlite3"


BACKUP_GLOB = "img-crm-*.sqlite3"
RETENTION = {"recent": 10, "daily": 12, "weekly": 10, "monthly": 9}


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    when: datetime
    size: int
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"file": str(self.path), "when": self.when, "size": self.size, "reason": self.reason}


def _parse_name(path: Path) -> tuple[datetime, str] | None:
    stem = path.name.removeprefix("img-crm-").removesuffix(".sqlite3")
    stamp, _, reason = stem[:17], stem[17:18], stem[18:]
    reason = re.sub(r"\.\d+$", "", reason)  # a second backup in the same second
    try:
        return datetime.strptime(stamp, "%Y-%m-%d_%H%M%S"), reason
    except ValueError:
        return None


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in a folder, newest first."""
    if not folder.is_dir():
        return []
    found = []
    order: dict[Path, int] = {}
    for path in folder.glob(BACKUP_GLOB):
        parsed = _parse_name(path)
        if parsed is not None:
            stat = path.stat()
            order[path] = stat.st_mtime_ns
            found.append(BackupInfo(path, parsed[0], stat.st_size, parsed[1]))
    # Names carry the second; two backups in the same second are told apart by mtime.
    return sorted(found, key=lambda b: (b.when, order[b.path]), reverse=True)


def retained(backups: list[BackupInfo]) -> set[Path]:
    """Which backups the retention keeps: the 10 most recent, and the newest of each
    of the last 12 days, 10 weeks and 9 months that have one (in the spirit of Anki)."""
    keep: set[Path] = {b.path for b in backups[: RETENTION["recent"]]}
    for size, key in (
        (RETENTION["daily"], lambda b: b.when.date()),
        (RETENTION["weekly"], lambda b: b.when.isocalendar()[:2]),
        (RETENTION["monthly"], lambda b: (b.when.year, b.when.month)),
    ):
        seen: list[object] = []
        for backup in backups:  # newest first: the first of each bucket is its newest
            bucket = key(backup)
            if bucket in seen:
                continue
            if len(seen) == size:
                break
            seen.append(bucket)
            keep.add(backup.path)
    return keep


def prune(folder: Path, *, protect: Path | None = None) -> list[Path]:
    """Delete backups the retention does not keep (never ``protect``); return them."""
    backups = list_backups(folder)
    keep = retained(backups)
    if protect is not None:
        keep.add(protect)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def make_backup(
    store_file: Path, folder: Path, reason: str, *, protect: Path | None = None
) -> Path:
    """A checked backup into the (private) backups folder, then retention. Two
    backups in the same second get different names: neither replaces the other."""
    folder.mkdir(parents=True, exist_ok=True)
    _private_folder(folder)
    target = folder / timestamped_name(reason)
    number = 2
    while target.exists():
        target = folder / timestamped_name(f"{reason}.{number}")
        number += 1
    target = backup_database(store_file, target)
    prune(folder, protect=protect)
    return target


def describe(path: Path) -> str:
    """A backup as a person picks one: its name, when it was made and its contacts."""
    parsed = _parse_name(path)
    when = parsed[0].strftime("%Y-%m-%d %H:%M") if parsed else ""
    try:
        con = sqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            contacts = int(con.execute("SELECT count(*) FROM contact").fetchone()[0])
        finally:
            con.close()
    except dbapi.DatabaseError:
        return path.name
    noun = "contact" if contacts == 1 else "contacts"
    return f"{path.name} ({when + ', ' if when else ''}{contacts} {noun})"


def copy_into(source: Path, store_file: Path) -> None:
    """Replace the live store's content with ``source`` through the backup API.

    Writing through SQLite (not over the file) keeps the WAL and the lock
    protocol right, and is one transaction: a disk that fills leaves the store
    as it was (and says so). The caller closes its own connections first.
    """
    with disk.said_as_such(store_file.parent, store_file=source, then="The store was not changed."):
        _copy_into(source, store_file)


def _copy_into(source: Path, store_file: Path) -> None:
    src = sqlite.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite.connect(store_file)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()
