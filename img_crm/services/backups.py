"""Backups and restores of the store, shared by the CLI and the GUI.

A restore checks its source before anything changes: a sound SQLite file
(full integrity check, every cell readable), an img-crm store (its
application id and tables), of a data version this img-crm reads. Only then
is the current store backed up (or, if it is damaged, moved aside) and the
source copied in through SQLite. It is refused while the img-crm window has
the store open: the window would go on showing and writing the old store.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from img_crm import paths
from img_crm.errors import StoreError, UserError
from img_crm.services.atomic import refuse_protected
from img_crm.store import backup, health, inspect, restorable
from img_crm.store.backup import BackupInfo as BackupInfo  # the type the dialog shows
from img_crm.store.db import Store, move_aside


def backup_now(folder: Path, destination: Path | None = None, *, reason: str = "manual") -> Path:
    """Back the store up into the backups folder (with retention) or to a new file.

    A full or unwritable disk gets one sentence; older backups are kept and no
    partial file is left behind (``store/backup.py``). A named destination must
    be a new file: a backup never replaces the store, a backup or anything else.
    """
    store_file = paths.store_path(folder)
    if not store_file.exists():
        raise UserError(f"There is no store at {store_file} to back up.")
    if destination is None:
        return backup.make_backup(store_file, paths.backups_dir(folder), reason)
    if destination.is_dir():
        destination = destination / backup.timestamped_name(reason)
    refuse_protected(destination)
    if destination.exists() or destination.is_symlink():
        raise UserError(
            f"{destination} already exists; a backup goes to a new file. Nothing was changed."
        )
    if not destination.parent.is_dir():
        raise UserError(f"The folder {destination.parent} does not exist.")
    return backup.backup_database(store_file, destination)


def check_restorable(source: Path) -> None:
    """Refuse a file that cannot replace the store, saying why; change nothing."""
    restorable.check(source)


def refuse_while_open(
    folder: Path,
    *,
    instead: str = "restore from File → Backups…",
    then: str = "The store was not changed.",
) -> None:
    """The window holds the store: a restore (or a conversion, ``instead`` and
    ``then`` saying so) under it would be lost or undone."""
    pid = paths.gui_holding(folder)
    if pid is not None:
        raise UserError(
            f"img-crm is open on this data folder (process {pid}): quit it first, or "
            f"{instead} in the window. {then}"
        )


def restore(folder: Path, source: Path) -> Path | None:
    """Replace the store with a checked backup, after backing up the current store
    (a damaged one is moved aside instead). Returns where the previous store went,
    or None when there was none. The caller closes its own connections first.

    The source is copied beside the store, checked and migrated first
    (``restorable.prepared``); the store is touched only once that copy is good.
    """
    source = source.resolve()
    store_file = paths.store_path(folder)
    if source == store_file.resolve():
        raise UserError("That file is the store itself; the store was not changed.")
    check_restorable(source)
    refuse_while_open(folder)
    paths.ensure_data_dir(folder)
    ready = restorable.prepared(source, folder)
    try:
        previous: Path | None = None
        if store_file.exists() and store_file.stat().st_size > 0:
            try:  # a store with damaged rows is set aside whole, not backed up
                sound = inspect.look(store_file).sound and not health.unreadable_cells(store_file)
            except (inspect.DamagedFileError, StoreError):
                sound = False
            if sound:
                previous = backup.make_backup(
                    store_file, paths.backups_dir(folder), "before-restore", protect=source
                )
            else:
                previous = move_aside(store_file)
        backup.copy_into(ready, store_file)
    finally:
        ready.unlink(missing_ok=True)
    if sys.platform != "win32":
        os.chmod(store_file, 0o600)
    health.clear_mark(folder)
    return previous


def restore_open_store(store: Store, source: Path) -> Path | None:
    """Restore into a store that is open (the window's): its connections are let
    go of, the checked backup put in (``restore``), and the store reopened on it.
    A store read-only for another reason than a failed check (a full disk, say)
    cannot take a restore; that is said before anything changes."""
    folder = store.path.parent
    blocked = store.read_only
    if blocked is not None and blocked != health.failed_check_notice(folder):
        raise UserError(f"{blocked} Nothing was restored.")
    check_restorable(source)  # before the store is let go of
    store.let_go()
    previous = restore(folder, source)
    store.replaced()
    return previous


def backups_of(folder: Path) -> list[BackupInfo]:
    """The backups of a data folder, newest first."""
    return backup.list_backups(paths.backups_dir(folder))
