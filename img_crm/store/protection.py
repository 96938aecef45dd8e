"""Putting a store under a passphrase, changing it, taking it off (issue #23).

Each change writes the store's content into a new file under the new key
(``sqlcipher_export``, or plain), checks that file (its key opens it,
``integrity_check``, every table has as many rows as the store), and only
then puts it in the store's place with one rename. The old file is then
overwritten with zeros through a handle kept open across the rename, with its
write-ahead log, so no plain copy is left in the folder. The backups follow
the store, each converted the same way, so a backup never stays plain beside
a protected store (nor under a passphrase that was changed).

While the store is being converted a connection holds its write lock, so no
other img-crm writes to the file that is about to be replaced; the window
(which holds the data folder's lock) is the only writer the caller has to
close first, and ``services/protection.py`` refuses while it runs.

Overwriting cannot reach copies a file system keeps elsewhere (SSD wear
levelling, copy-on-write file systems, snapshots): docs/DATA-SAFETY.md says
so.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from img_crm import paths
from img_crm.errors import UserError
from img_crm.store import backup, cipher, disk, seal, sqlite
from img_crm.store.sqlite import dbapi

WRONG_PASSPHRASE = "That passphrase does not open the store; nothing was changed. Try again."
_CHUNK = 1024 * 1024


def protected(folder: Path) -> bool:
    """The folder's store is under a passphrase: the file is not plain SQLite
    and begins with a salt the folder's marker knows."""
    marker = cipher.read_marker(folder)
    return marker is not None and marker.knows(cipher.header(paths.store_path(folder)))


def locked(folder: Path) -> bool:
    """Protected, and this process does not hold the key."""
    if not protected(folder):
        return False
    key = cipher.folder_key(folder)
    marker = cipher.read_marker(folder)
    return key is None or marker is None or not marker.fits(key)


def key_from(folder: Path, passphrase: str) -> cipher.Key:
    """The key ``passphrase`` gives the folder's store; ``UserError`` (one
    sentence, nothing of the content) when it is not the store's."""
    marker = cipher.read_marker(folder)
    salt = cipher.header(paths.store_path(folder))
    key = cipher.derive(passphrase, salt)
    if marker is None or not marker.fits(key):
        raise UserError(WRONG_PASSPHRASE)
    return key


def key_for_file(path: Path, passphrase: str) -> cipher.Key:
    """The key ``passphrase`` gives one protected file (a backup made under
    another passphrase); ``UserError`` when it does not open it."""
    key = cipher.derive(passphrase, cipher.header(path))
    try:
        con = sqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, key=key)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except dbapi.DatabaseError:
        raise UserError(
            f"That passphrase does not open {path.name}; nothing was changed. Try again."
        ) from None
    return key


def file_key(path: Path) -> cipher.Key | None:
    """The key a file is under as far as this process knows: None for a plain
    file; raises ``UserError`` for a protected one whose key it does not hold."""
    if not cipher.looks_protected(path):
        return None
    key = cipher.key_for(path)
    if key is None or key.salt != cipher.header(path):
        raise UserError(f"{path.name} is protected with a passphrase img-crm was not given.")
    return key


# --- converting one file -------------------------------------------------------


def _key_text(key: cipher.Key | None) -> str:
    return "" if key is None else f"x'{key.secret.hex()}{key.salt.hex()}'"


def convert_file(
    source: Path, target: Path, *, source_key: cipher.Key | None, target_key: cipher.Key | None
) -> None:
    """Write ``source``'s content into the new file ``target`` under
    ``target_key`` (None: plain), and check it; ``target`` is left only if
    every check passed. The file takes the store's journal mode (WAL) when it
    will be a store, a single file (DELETE) when it is a backup."""
    for leftover in (target, *_companions(target)):
        leftover.unlink(missing_ok=True)
    try:
        con = sqlite.connect(source, isolation_level=None, key=source_key)
        try:
            version = int(con.execute("PRAGMA user_version").fetchone()[0])
            application = int(con.execute("PRAGMA application_id").fetchone()[0])
            journal = str(con.execute("PRAGMA journal_mode").fetchone()[0])
            # The key goes as a parameter, so it is in no statement's text.
            con.execute(
                "ATTACH DATABASE ? AS converted KEY ?", (str(target), _key_text(target_key))
            )
            con.execute("BEGIN")
            con.execute("SELECT sqlcipher_export('converted')")
            con.execute(f"PRAGMA converted.user_version = {version}")
            con.execute(f"PRAGMA converted.application_id = {application}")
            tables = [
                str(row[0])
                for row in con.execute(
                    "SELECT name FROM main.sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            for table in tables:
                ours = con.execute(f'SELECT count(*) FROM main."{table}"').fetchone()[0]
                theirs = con.execute(f'SELECT count(*) FROM converted."{table}"').fetchone()[0]
                if ours != theirs:
                    raise UserError(
                        f"The converted copy lost rows of {table}; the store was not changed."
                    )
            con.execute("COMMIT")
            con.execute("DETACH DATABASE converted")
        finally:
            con.close()
        check = sqlite.connect(target, isolation_level=None, key=target_key)
        try:
            answer = str(check.execute("PRAGMA integrity_check").fetchone()[0])
            if answer != "ok":
                raise UserError("The converted copy failed its check; the store was not changed.")
            if int(check.execute("PRAGMA user_version").fetchone()[0]) != version:
                raise UserError("The converted copy lost its data version; nothing was changed.")
            check.execute(f"PRAGMA journal_mode = {'WAL' if journal == 'wal' else 'DELETE'}")
        finally:
            check.close()
        _private(target)
        with open(target, "rb") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        for leftover in (target, *_companions(target)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise


def _companions(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))


def _private(path: Path) -> None:
    if sys.platform != "win32":
        os.chmod(path, 0o600)


# --- replacing and removing without leaving the old bytes ---------------------


def _overwrite(handle: int) -> None:
    """Zeros over the whole file behind ``handle``, flushed to the disk."""
    size = os.fstat(handle).st_size
    zeros = bytes(min(_CHUNK, max(size, 1)))
    os.lseek(handle, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(handle, zeros[: min(_CHUNK, size - written)])
    os.fsync(handle)


@contextlib.contextmanager
def _held(paths: tuple[Path, ...]) -> Iterator[list[int]]:
    """Handles on each existing file of ``paths``: their bytes can be
    overwritten after their names are gone."""
    handles: list[int] = []
    try:
        for path in paths:
            with contextlib.suppress(FileNotFoundError):
                handles.append(os.open(path, os.O_RDWR))
        yield handles
    finally:
        for handle in handles:
            os.close(handle)


def remove_securely(path: Path) -> None:
    """Overwrite ``path`` (and any -wal, -journal beside it) with zeros, then remove it."""
    with _held((path, *_companions(path))) as handles:
        for part in (path, *_companions(path)):
            part.unlink(missing_ok=True)
        for handle in handles:
            _overwrite(handle)


def _swap(new: Path, old: Path, *, holder: dbapi.Connection | None = None) -> None:
    """Put ``new`` in ``old``'s place in one rename, then overwrite the old
    bytes (the file and its log). ``holder`` holds the old store's write lock
    until the new file is in place."""
    wal = old.with_name(old.name + "-wal")
    with _held((old, wal)) as handles:
        os.replace(new, old)
        # Zeros over the old bytes while the write lock is still held: a writer
        # that waited for it on the old file finds no database there and fails
        # ("nothing was written") rather than commit into a file now gone.
        for handle in handles:
            _overwrite(handle)
        if holder is not None:
            with contextlib.suppress(dbapi.Error):
                holder.execute("ROLLBACK")
            with contextlib.suppress(dbapi.Error):
                holder.close()
        # The log's name is left to SQLite: removing it here could remove the
        # log of a connection already opened on the new file. A zeroed log has
        # no valid header, and SQLite starts it afresh.
    _sync_folder(old.parent)


def _tidy_log(store_file: Path, *, key: cipher.Key | None) -> None:
    """Open and close the new file once, so SQLite removes the old log's
    names (-wal, -shm) if no one else has the store open: the holder's own
    close leaves them, its file having moved (SQLite's ``HAS_MOVED``)."""
    connection = sqlite.connect(store_file, isolation_level=None, key=key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


def _sync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


# --- the store and its backups ---------------------------------------------------


def convert_store(folder: Path, *, old: cipher.Key | None, new: cipher.Key | None) -> int:
    """The folder's store, then each of its backups, from ``old`` to ``new``
    (None: plain); returns how many backups could not be converted (under a
    passphrase of long ago: they are left as they are). The caller has
    closed every connection of its own."""
    store_file = paths.store_path(folder)
    temporary = folder / f".{store_file.name}.converting"
    with disk.said_as_such(folder, store_file=store_file, then="The store was not changed."):
        holder = sqlite.connect(store_file, isolation_level=None, key=old)
        try:
            holder.execute("BEGIN IMMEDIATE")  # no other writer until the swap
            convert_file(store_file, temporary, source_key=old, target_key=new)
        except BaseException:
            with contextlib.suppress(dbapi.Error):
                holder.execute("ROLLBACK")
            holder.close()
            raise
        _swap(temporary, store_file, holder=holder)
        _tidy_log(store_file, key=new)
    seal.forget(store_file)
    return convert_backups(folder, old=old, new=new)


def convert_backups(folder: Path, *, old: cipher.Key | None, new: cipher.Key | None) -> int:
    """Every backup under ``old`` (or plain) put under ``new``; the count of
    those under a key not known here, which are left as they are."""
    left = 0
    for info in backup.list_backups(paths.backups_dir(folder)):
        found = cipher.header(info.path)
        if found == cipher.PLAIN_HEADER:
            source_key = None
        elif old is not None and found == old.salt:
            source_key = old
        elif new is not None and found == new.salt:
            continue  # already converted (a conversion that was cut short)
        else:
            left += 1
            continue
        if source_key == new:
            continue
        temporary = info.path.with_name(f".{info.path.name}.converting")
        with disk.said_as_such(
            info.path.parent,
            store_file=info.path,
            then="The store was converted; some backups were not.",
        ):
            convert_file(info.path, temporary, source_key=source_key, target_key=new)
            _swap(temporary, info.path)
    return left


__all__ = [
    "WRONG_PASSPHRASE",
    "convert_backups",
    "convert_file",
    "convert_store",
    "file_key",
    "key_for_file",
    "key_from",
    "locked",
    "protected",
    "remove_securely",
]
