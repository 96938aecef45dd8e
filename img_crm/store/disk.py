"""Why a store cannot be opened or written when the file itself is fine.

A full disk, a read-only medium or a missing permission makes SQLite fail
with an I/O error much as damage does, but they are not damage: nothing is
moved aside, and the user is told what to do ("free at least 6 MB"). Only a
failed integrity check, or SQLite saying the file is corrupt or not a
database, proves damage (see ``store/db.py``).
"""

from __future__ import annotations

import errno
import math
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from img_crm.errors import UserError
from img_crm.store.sqlite import dbapi

MIB = 1024 * 1024
#: SQLite's primary result codes that come from the file system, not the file.
ENVIRONMENT_CODES = frozenset(
    {
        dbapi.SQLITE_IOERR,
        dbapi.SQLITE_FULL,
        dbapi.SQLITE_CANTOPEN,
        dbapi.SQLITE_READONLY,
        dbapi.SQLITE_PERM,
    }
)
#: The codes that mean the file's content is wrong.
DAMAGE_CODES = frozenset({dbapi.SQLITE_CORRUPT, dbapi.SQLITE_NOTADB})
_ENVIRONMENT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}
)


#: SQLite's own words for its codes (``sqlite3_errstr``), for the errors that
#: come without a code: sqlcipher3's backup API sets none.
_CODE_OF_WORDS = {
    "database or disk is full": dbapi.SQLITE_FULL,
    "disk I/O error": dbapi.SQLITE_IOERR,
    "unable to open database file": dbapi.SQLITE_CANTOPEN,
    "attempt to write a readonly database": dbapi.SQLITE_READONLY,
    "access permission denied": dbapi.SQLITE_PERM,
    "database is locked": dbapi.SQLITE_BUSY,
    "database table is locked": dbapi.SQLITE_LOCKED,
    "file is not a database": dbapi.SQLITE_NOTADB,
    "database disk image is malformed": dbapi.SQLITE_CORRUPT,
}


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of an error (also inside SQLAlchemy's wrapper)."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None and isinstance(orig, dbapi.Error):
        code = _CODE_OF_WORDS.get(str(orig))
    return None if code is None else int(code) & 0xFF


def is_environment(exc: BaseException) -> bool:
    """The disk, the medium or a permission failed, not the file's content."""
    if isinstance(exc, OSError):
        return exc.errno in _ENVIRONMENT_ERRNOS or exc.errno == errno.EIO
    return sqlite_code(exc) in ENVIRONMENT_CODES


def is_damage(exc: BaseException) -> bool:
    return sqlite_code(exc) in DAMAGE_CODES


def is_busy(exc: BaseException) -> bool:
    """Another connection holds a lock SQLite waited for in vain."""
    return sqlite_code(exc) in (dbapi.SQLITE_BUSY, dbapi.SQLITE_LOCKED)


BUSY_SENTENCE = (
    "Another program holds the store locked (it is writing to it) and did not let go "
    "in time; try again in a moment. Nothing was changed."
)


def space_needed(store_file: Path | None) -> int:
    """Bytes to have free so img-crm can work: room for the write-ahead log and
    the backup made on close (each up to the store's size), and a margin."""
    size = store_file.stat().st_size if store_file is not None and store_file.exists() else 0
    return 2 * size + 4 * MIB


def _existing(folder: Path) -> Path:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def read_only_medium(folder: Path) -> bool:
    """The file system holding ``folder`` is mounted read-only."""
    try:
        return bool(os.statvfs(_existing(folder)).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs on Windows
        return False


def free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(_existing(folder)).free
    except OSError:
        return None


def explain(
    folder: Path, *, store_file: Path | None = None, exc: BaseException | None = None
) -> str:
    """One sentence on why the store in ``folder`` cannot be written (or read).

    What the error says comes first (no space, no permission); free space is
    consulted only when the error is an unspecific I/O failure, which is how
    SQLite reports a disk that cannot hold its -shm file."""
    if read_only_medium(folder):
        return (
            f"The disk holding your data ({folder}) is read-only, so img-crm cannot save "
            "changes there."
        )
    code = sqlite_code(exc) if exc is not None else None
    number = exc.errno if isinstance(exc, OSError) else None
    if number in (errno.EACCES, errno.EPERM) or code in (
        dbapi.SQLITE_PERM,
        dbapi.SQLITE_READONLY,
    ):
        return f"img-crm is not allowed to write in {folder} (permission denied)."
    needed = space_needed(store_file)
    free = free_bytes(folder)
    unspecific = (
        exc is None or number == errno.EIO or code in (dbapi.SQLITE_IOERR, dbapi.SQLITE_CANTOPEN)
    )
    full = (
        number in (errno.ENOSPC, errno.EDQUOT)
        or code == dbapi.SQLITE_FULL
        or (unspecific and free is not None and free < needed)
    )
    if full:
        total = _total_bytes(folder)
        if total is not None and total < needed:
            return (
                f"The disk holding your data ({folder}) is full, and at {total / MIB:.0f} MB "
                f"it is smaller than the {math.ceil(needed / MIB)} MB img-crm needs to work: "
                "move your data to a larger disk (--data-dir)."
            )
        return (
            f"The disk holding your data is full: free at least {math.ceil(needed / MIB)} MB "
            f"on it ({folder}) and try again."
        )
    if not os.access(_existing(folder), os.W_OK):
        return f"img-crm is not allowed to write in {folder} (permission denied)."
    name = getattr(getattr(exc, "orig", exc), "sqlite_errorname", None) or (
        errno.errorcode.get(number, "") if number else ""
    )
    return f"The disk holding your data ({folder}) reported an error{f' ({name})' if name else ''}."


def _total_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(_existing(folder)).total
    except OSError:
        return None


@contextmanager
def said_as_such(
    folder: Path,
    *,
    then: str,
    store_file: Path | None = None,
    error: type[UserError] = UserError,
) -> Iterator[None]:
    """Turn a disk, medium or permission failure inside the block into one
    sentence ("The disk holding your data is full: ... <then>"); other errors
    pass through unchanged."""
    try:
        yield
    except (dbapi.Error, OSError) as exc:
        if not is_environment(exc):
            raise
        raise error(f"{explain(folder, store_file=store_file, exc=exc)} {then}") from exc
