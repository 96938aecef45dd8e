"""Backups and restores of the store, shared by the CLI and the GUI."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from img_crm import paths
from img_crm.errors import UserError
from img_crm.store import backup


def backup_now(folder: Path, destination: Path | None = None, *, reason: str = "manual") -> Path:
    """Back the store up into the backups folder (with retention) or to a file."""
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


def restore(folder: Path, source: Path) -> Path:
    """Replace the store with a backup, after backing up the current store.

    The caller must have closed its own connections to the store. Returns the
    safety backup of what was there before.
    """
    if not source.is_file():
        raise UserError(f"There is no backup at {source}.")
    backup.check_backup(source)
    paths.ensure_data_dir(folder)
    store_file = paths.store_path(folder)
    safety = (
        backup.make_backup(
            store_file, paths.backups_dir(folder), "before-restore", protect=source.resolve()
        )
        if store_file.exists()
        else source
    )
    backup.copy_into(source, store_file)
    if sys.platform != "win32":
        os.chmod(store_file, 0o600)
    return safety


def restore_after_damage(folder: Path, source: Path) -> None:
    """Put a backup in place of a store that was moved aside as damaged."""
    backup.check_backup(source)
    store_file = paths.store_path(folder)
    if store_file.exists():
        raise UserError(f"{store_file} exists; use restore instead.")
    backup.copy_into(source, store_file)
    if sys.platform != "win32":
        os.chmod(store_file, 0o600)
