"""Write a file so that readers see the old version or the new one, never half of one.

Every export goes through here (or calls :func:`refuse_protected` first), so no
export can replace the store, its journals, its lock, a backup, or any other
SQLite database, whatever name the user types.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from img_crm import paths
from img_crm.errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
JOURNAL_MAGIC = b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7"
#: What img-crm keeps in a data folder besides backups/ (matched without case).
OWN_FILES = (
    paths.STORE_FILENAME,
    f"{paths.STORE_FILENAME}-wal",
    f"{paths.STORE_FILENAME}-shm",
    f"{paths.STORE_FILENAME}-journal",
    paths.LOCK_FILENAME,
    "window.ini",
)


def _refuse(target: Path, why: str, destination: Path) -> None:
    raise UserError(f"{target} {why}. Choose another file name.", where=str(destination))


def export_target(destination: Path) -> Path:
    """Where an export to ``destination`` really goes (a link is followed to its
    file), after refusing what must never be replaced: img-crm's own files, the
    backups folder, any SQLite database or journal, a device, a pipe, a folder."""
    destination = Path(destination)
    if not str(destination).strip():
        raise UserError("No file name was given for the export.")
    target = destination.resolve()
    name = target.name.casefold()
    own = {own.casefold() for own in OWN_FILES}
    store = paths.STORE_FILENAME.casefold()
    beside_store = (target.parent / paths.STORE_FILENAME).exists()
    if name in {store, f"{store}-wal", f"{store}-shm", f"{store}-journal"} or (
        name.startswith(f"{store}.") and name.endswith((".damaged", ".check-failed"))
    ):
        _refuse(target, "is one of img-crm's own files (the store or its journal)", destination)
    if beside_store and name in own:
        _refuse(target, "is one of img-crm's own files in its data folder", destination)
    if name.endswith(("-wal", "-shm", "-journal")):
        _refuse(
            target,
            "looks like the journal of a SQLite database; an export never replaces one",
            destination,
        )
    if (
        target.parent.name.casefold() == "backups"
        and (target.parent.parent / paths.STORE_FILENAME).exists()
    ):
        raise UserError(
            f"{target.parent} holds img-crm's backups; write exports somewhere else.",
            where=str(destination),
        )
    if target.exists() and not target.is_file():
        kind = "a folder" if target.is_dir() else "not a regular file (a device or a pipe)"
        _refuse(target, f"is {kind}; an export is written to a file", destination)
    try:
        with open(target, "rb") as existing:
            head = existing.read(16)
    except (FileNotFoundError, PermissionError):
        return target
    if head == SQLITE_HEADER or head[:4] in WAL_MAGIC or head[:8] == JOURNAL_MAGIC:
        _refuse(
            target,
            "is a SQLite database or journal (perhaps a store or a backup); an export never "
            "replaces one",
            destination,
        )
    return target


def refuse_protected(destination: Path) -> None:
    """Refuse an export target that is (or would replace) the store or a backup."""
    export_target(destination)


@contextlib.contextmanager
def atomic_text_writer(
    destination: Path, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """Yield a text handle on a temp file beside ``destination``; rename it on success.

    The temp file is flushed and fsynced before ``os.replace``; on any error it
    is removed and an existing ``destination`` is left as it was.
    """
    with _atomic(destination, "w", encoding=encoding, newline=newline) as handle:
        yield handle


def atomic_write_bytes(destination: Path, data: bytes) -> None:
    """Write ``data`` as ``atomic_text_writer`` writes text (spreadsheets, PDFs)."""
    with _atomic(destination, "wb") as handle:
        handle.write(data)


@contextlib.contextmanager
def _atomic(destination: Path, mode: str, **options: Any) -> Iterator[Any]:
    destination = export_target(Path(destination))
    folder = destination.parent
    if not folder.is_dir():
        raise UserError(
            f"The folder {folder} does not exist; nothing was changed.", where=str(destination)
        )
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=folder)
    except PermissionError as exc:
        raise UserError(
            f"Cannot write in {folder}: permission denied; nothing was changed.",
            where=str(destination),
        ) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, mode, **options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the OS allows opening folders."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
