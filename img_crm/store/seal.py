"""The store file as img-crm last left it: checked, used, closed cleanly.

``PRAGMA quick_check`` reads every page: 0.08 s at 10,000 contacts, 0.8 s at
100,000, once per start of the window and once per command. It need not run
when the file is exactly as img-crm left it after a check passed: every
change since came from img-crm's own committed transactions. So a clean close
writes the file's signature (size, modification and change times, inode)
beside it, and the next open compares. Anything else that touched the file
(a copy over it, a sync tool, a crash that left a write-ahead log, a disk
that changed it under us, ``touch``) changes the signature, and the check runs
before the store is used. The window also runs the check after its first
paint when the seal matched, and writes wait for it; the command line checks
before its first write (``Store.session``).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from img_crm.store.inspect import unsaved_log

SUFFIX = ".sealed"


def _seal_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def _signature(path: Path) -> dict[str, int]:
    found = path.stat()
    return {
        "size": found.st_size,
        "mtime_ns": found.st_mtime_ns,
        "ctime_ns": found.st_ctime_ns,
        "inode": found.st_ino,
        "device": found.st_dev,
    }


def unchanged(path: Path) -> bool:
    """The file is as img-crm left it at its last clean close after a passed check."""
    try:
        if unsaved_log(path):
            return False
        recorded = json.loads(_seal_path(path).read_text(encoding="utf-8"))
        return bool(recorded == _signature(path))
    except (OSError, ValueError):
        return False


def record(path: Path) -> None:
    """Seal the file as it is now (after its last connection closed). A file
    with unsaved pages in its log is not sealed. Owner-only, written whole or
    not at all; a failure to write it only costs the next open a check."""
    seal = _seal_path(path)
    try:
        if unsaved_log(path):
            seal.unlink(missing_ok=True)
            return
        text = json.dumps(_signature(path))
        temporary = seal.with_name(seal.name + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, seal)
    except OSError:
        with contextlib.suppress(OSError):
            seal.unlink(missing_ok=True)


def forget(path: Path) -> None:
    with contextlib.suppress(OSError):
        _seal_path(path).unlink(missing_ok=True)
