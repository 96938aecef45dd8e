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
from typing import IO

from img_crm import paths
from img_crm.errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


def refuse_protected(destination: Path) -> None:
    """Refuse an export target that is (or would replace) the store or a backup."""
    target = Path(destination).resolve()
    name = target.name
    store_name = paths.STORE_FILENAME
    if name in (store_name, f"{store_name}-wal", f"{store_name}-shm", paths.LOCK_FILENAME) or (
        name.startswith(f"{store_name}.") and name.endswith((".damaged", ".check-failed"))
    ):
        raise UserError(
            f"{target} is one of img-crm's own files (the store, its journal or its lock); an "
            "export never replaces it. Choose another name.",
            where=str(destination),
        )
    if target.parent.name == "backups" and (target.parent.parent / store_name).exists():
        raise UserError(
            f"{target.parent} holds img-crm's backups; write exports somewhere else.",
            where=str(destination),
        )
    try:
        with open(target, "rb") as existing:
            head = existing.read(16)
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return
    if head == SQLITE_HEADER or head[:4] in WAL_MAGIC:
        raise UserError(
            f"{target} is a SQLite database (perhaps a store or a backup); an export never "
            "replaces one. Choose another name.",
            where=str(destination),
        )


@contextlib.contextmanager
def atomic_text_writer(
    destination: Path, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """Yield a text handle on a temp file beside ``destination``; rename it on success.

    The temp file is flushed and fsynced before ``os.replace``; on any error it
    is removed and an existing ``destination`` is left as it was.
    """
    destination = Path(destination)
    refuse_protected(destination)
    folder = destination.parent
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist.", where=str(destination))
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=folder)
    except PermissionError as exc:
        raise UserError(
            f"Cannot write in {folder}: permission denied.", where=str(destination)
        ) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
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
