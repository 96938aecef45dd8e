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
from img_crm.store import backup, health, inspect, migrations
from img_crm.store.db import move_aside


def backup_now(folder: Path, destination: Path | None = None, *, reason: str = "manual") -> Path:
    """Back the store up into the backups folder (with retention) or to a file.

    A full or unwritable disk gets one sentence; older backups are kept and no
    partial file is left behind (``store/backup.py``).
    """
    store_file = paths.store_path(folder)
    if not store_file.exists():
        raise UserError(f"There is no store at {store_file} to back up.")
    if destination is None:
        return backup.make_backup(store_file, paths.backups_dir(folder), reason)
    if destination.is_dir():
        destination = destination / backup.timestamped_name(reason)
    if not destination.parent.is_dir():
        raise UserError(f"The folder {destination.parent} does not exist.")
    return backup.backup_database(store_file, destination)


def check_restorable(source: Path) -> inspect.Facts:
    """Refuse a file that cannot replace the store, saying why; change nothing."""
    if not source.is_file():
        raise UserError(f"There is no backup at {source}.")
    try:
        facts = inspect.look(source)
    except inspect.DamagedFileError as damage:
        raise UserError(
            f"{source.name} cannot be restored: {health.in_words(damage.problem)} "
            "The store was not changed."
        ) from None
    report = health.check_store(source)
    if not facts.sound or not report.clean:
        raise UserError(
            f"{source.name} cannot be restored: it failed its check. {report.summary()} "
            "The store was not changed."
        )
    try:
        inspect.refuse_foreign(source, facts)
    except StoreError as exc:
        raise UserError(f"{exc} The store was not changed.") from None
    if facts.version > migrations.SCHEMA_VERSION:
        raise UserError(
            f"{source.name} was written by a newer img-crm (data version {facts.version}; "
            f"this one reads up to {migrations.SCHEMA_VERSION}). Install the newer img-crm to "
            "restore it; the store was not changed."
        )
    return facts


def refuse_while_open(folder: Path) -> None:
    """The window holds the store: a restore under it would be lost or undone."""
    pid = paths.gui_holding(folder)
    if pid is not None:
        raise UserError(
            f"img-crm is open on this data folder (process {pid}): quit it first, or restore "
            "from File → Backups… in the window. The store was not changed."
        )


def restore(folder: Path, source: Path) -> Path | None:
    """Replace the store with a checked backup, after backing up the current store
    (a damaged one is moved aside instead). Returns where the previous store went,
    or None when there was none. The caller closes its own connections first."""
    source = source.resolve()
    check_restorable(source)
    refuse_while_open(folder)
    paths.ensure_data_dir(folder)
    store_file = paths.store_path(folder)
    if source == store_file.resolve():
        raise UserError("That file is the store itself; the store was not changed.")
    previous: Path | None = None
    if store_file.exists() and store_file.stat().st_size > 0:
        try:
            sound = inspect.look(store_file).sound
        except (inspect.DamagedFileError, StoreError):
            sound = False
        if sound:
            previous = backup.make_backup(
                store_file, paths.backups_dir(folder), "before-restore", protect=source
            )
        else:
            previous = move_aside(store_file)
    backup.copy_into(source, store_file)
    if sys.platform != "win32":
        os.chmod(store_file, 0o600)
    health.clear_mark(folder)
    return previous
