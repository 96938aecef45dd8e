"""The passphrase of a store, shared by the CLI and the window (issue #23).

Protecting, changing and removing the passphrase each convert the store and
its backups into new files and swap them in (``store/protection.py``). The
passphrase itself is only ever a ``str`` in memory: it is turned into the key
at once and never written, logged or kept.
"""

from __future__ import annotations

import os
from pathlib import Path

from img_crm.errors import UserError
from img_crm.store import cipher, protection, restorable
from img_crm.store.db import Store

#: A passphrase shorter than this is refused: it would be guessed in hours.
MIN_LENGTH = 8
#: Where the CLI (and the window's tests) read a passphrase from, never an argument.
FILE_VARIABLE = "IMG_CRM_PASSPHRASE_FILE"


def is_protected(folder: Path) -> bool:
    return protection.protected(folder)


def is_locked(folder: Path) -> bool:
    """Protected, and not yet unlocked in this process."""
    return protection.locked(folder)


def unlock(folder: Path, passphrase: str) -> None:
    """Hold the key ``passphrase`` gives the folder's store, for this process;
    a wrong one gets one sentence and nothing changes."""
    cipher.unlock(folder, protection.key_from(folder, passphrase))


def check(folder: Path, passphrase: str) -> None:
    """Refuse a passphrase that does not open the folder's store (the window
    asks for it again after it locked itself)."""
    protection.key_from(folder, passphrase)


def backup_needs_passphrase(source: Path) -> bool:
    """``source`` is (or may be) a backup under a passphrase this process lacks."""
    return restorable.needs_passphrase(source)


def unlock_backup(source: Path, passphrase: str) -> None:
    """Hold the key ``passphrase`` gives one backup (made under another
    passphrase), so it can be checked and restored; a wrong one is said."""
    cipher.unlock_file(source, protection.key_for_file(source, passphrase))


def restore_warning(source: Path, folder: Path) -> str | None:
    """What to tell the user before restoring ``source``: a backup not
    protected as the store is (the restored store keeps the store's way)."""
    return restorable.protection_differs(source, folder)


def check_new(passphrase: str, again: str | None = None) -> None:
    """Refuse a passphrase that is too short, or not typed the same twice."""
    if len(passphrase) < MIN_LENGTH:
        raise UserError(
            f"A passphrase needs at least {MIN_LENGTH} characters; nothing was changed."
        )
    if passphrase != passphrase.strip():
        raise UserError(
            "A passphrase may not begin or end with a space (it would be easy to mistype); "
            "nothing was changed."
        )
    if again is not None and again != passphrase:
        raise UserError("The two passphrases are not the same; nothing was changed.")


def _refuse_while_window_open(folder: Path) -> None:
    from img_crm.services.backups import refuse_while_open

    refuse_while_open(
        folder, instead="use File → Protect with a passphrase…", then="Nothing was changed."
    )


def _writable(store: Store) -> None:
    if store.read_only is not None:
        raise UserError(f"{store.read_only} Nothing was changed.")


def protect(store: Store, passphrase: str) -> int:
    """Put the open store and its backups under ``passphrase``; returns how
    many backups could not be converted (none, unless some were made under a
    passphrase of long ago). The store stays open, now protected."""
    folder = store.path.parent
    if protection.protected(folder):
        raise UserError(
            "The store is already protected; change its passphrase instead. Nothing was changed."
        )
    check_new(passphrase)
    _writable(store)
    _refuse_while_window_open(folder)
    key = cipher.new_key(passphrase)
    # The marker first: until the store is swapped it is plain and the marker
    # does not name its first bytes, so a crash in between leaves it plain.
    cipher.write_marker(folder, [key])
    store.let_go()
    try:
        left = protection.convert_store(folder, old=None, new=key)
    except BaseException:
        cipher.remove_marker(folder)
        store.replaced()
        raise
    cipher.unlock(folder, key)
    store.converted()
    return left


def _current_key(folder: Path, current: str | None) -> cipher.Key:
    """The key ``current`` gives, or (None) the one this process was given
    when the store was unlocked moments ago (the command line asks once)."""
    if current is not None:
        return protection.key_from(folder, current)
    key = cipher.folder_key(folder)
    if key is None or protection.locked(folder):
        raise UserError(protection.WRONG_PASSPHRASE)
    return key


def change(store: Store, current: str | None, new: str) -> int:
    """A new passphrase for the store and its backups; ``current`` must open
    it (None: the key this process holds)."""
    folder = store.path.parent
    if not protection.protected(folder):
        raise UserError("The store has no passphrase to change. Nothing was changed.")
    old_key = _current_key(folder, current)
    check_new(new)
    _writable(store)
    _refuse_while_window_open(folder)
    new_key = cipher.new_key(new)
    cipher.write_marker(folder, [old_key, new_key])  # both open a file until the end
    store.let_go()
    try:
        left = protection.convert_store(folder, old=old_key, new=new_key)
    except BaseException:
        if cipher.header(store.path) == old_key.salt:
            cipher.write_marker(folder, [old_key])
        store.replaced()
        raise
    cipher.unlock(folder, new_key)
    cipher.write_marker(folder, [new_key])
    store.converted()
    return left


def remove(store: Store, current: str | None) -> int:
    """The store and its backups plain again; ``current`` must open it (None:
    the key this process holds)."""
    folder = store.path.parent
    if not protection.protected(folder):
        raise UserError("The store has no passphrase to remove. Nothing was changed.")
    key = _current_key(folder, current)
    _writable(store)
    _refuse_while_window_open(folder)
    store.let_go()
    try:
        left = protection.convert_store(folder, old=key, new=None)
    except BaseException:
        store.replaced()
        raise
    store.converted()
    cipher.lock(folder)
    if left == 0:
        cipher.remove_marker(folder)
    return left


def export_warning(folder: Path) -> str | None:
    """What an export of a protected store says about the file it wrote."""
    if not protection.protected(folder):
        return None
    return (
        "The file written is not protected by the store's passphrase: anyone at this "
        "computer can read it. Delete it when it has served, or export the store as an "
        "encrypted archive (JSON, with a passphrase)."
    )


def read_passphrase_file(path: Path) -> str:
    """The passphrase in ``path``: its first line, without the line ending. A
    file others can read is refused: it would give the store away."""
    try:
        info = path.stat()
        if os.name == "posix" and info.st_mode & 0o077:
            raise UserError(
                f"The passphrase file {path} can be read by others; make it yours alone "
                f"(chmod 600 {path}). Nothing was done."
            )
        with open(path, encoding="utf-8") as handle:
            line = handle.readline(4096)
    except UnicodeDecodeError:
        raise UserError(f"The passphrase file {path} is not UTF-8 text.") from None
    except OSError as exc:
        raise UserError(f"The passphrase file {path} cannot be read ({exc.strerror}).") from None
    passphrase = line.rstrip("\r\n")
    if not passphrase:
        raise UserError(f"The passphrase file {path} is empty.")
    return passphrase
