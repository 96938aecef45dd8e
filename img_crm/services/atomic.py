"""Write a file so that readers see the old version or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from img_crm.errors import UserError


@contextlib.contextmanager
def atomic_text_writer(
    destination: Path, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """Yield a text handle on a temp file beside ``destination``; rename it on success.

    The temp file is flushed and fsynced before ``os.replace``; on any error it
    is removed and an existing ``destination`` is left as it was.
    """
    destination = Path(destination)
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
