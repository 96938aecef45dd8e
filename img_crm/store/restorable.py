"""Which files may replace the store, and the newest backup that may.

A file can be restored only if it passes the full check (``integrity_check``,
foreign keys, every text cell readable), is an img-crm store (its mark and
tables, every table and column of its version), and is of a data version
this img-crm reads. The "newest good backup" offered after damage is the
newest one that passes all of that, so what is offered always restores.
Restoring goes through a prepared copy: checked and, if older, migrated
beside the store before the store is touched.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from img_crm.errors import StoreError, UserError
from img_crm.store import backup, cipher, health, inspect, migrations, protection
from img_crm.store.sqlite import dbapi


def problem(source: Path) -> str | None:
    """Why ``source`` cannot replace the store, in a sentence; None if it can."""
    if not source.is_file():
        return f"There is no backup at {source}."
    if source.stat().st_size == 0:
        return f"{source.name} is empty, not a backup."
    if needs_passphrase(source):
        return (
            f"{source.name} is not a plain SQLite file: it is protected with a passphrase "
            "img-crm was not given, or it is not a database."
        )
    try:
        facts = inspect.look(source)
    except inspect.DamagedFileError as damage:
        return f"{source.name} cannot be restored: {health.in_words(damage.problem)}"
    except StoreError as exc:
        return f"{source.name} cannot be read here: {exc}"
    if facts.version > migrations.SCHEMA_VERSION:
        return (
            f"{source.name} was written by a newer img-crm (data version {facts.version}; "
            f"this one reads up to {migrations.SCHEMA_VERSION}). Install the newer img-crm to "
            "restore it."
        )
    try:
        inspect.refuse_foreign(source, facts)
    except StoreError as exc:
        return str(exc)
    if facts.version == 0:
        return f"{source.name} is not an img-crm store (it has no data version)."
    try:
        report = health.check_store(source)
    except StoreError as exc:
        return f"{source.name} cannot be checked here: {exc}"
    if not facts.sound or not report.clean:
        return f"{source.name} cannot be restored: it failed its check. {report.summary()}"
    if facts.version == migrations.SCHEMA_VERSION:
        missing = inspect.schema_problem(source)
        if missing:
            return f"{source.name} is not a whole img-crm store: {missing}."
    return None


def needs_passphrase(source: Path) -> bool:
    """``source`` may be a protected backup whose key this process lacks: the
    front end asks for its passphrase (``services/protection.py``)."""
    return cipher.looks_protected(source) and cipher.key_of(source) is None


def protection_differs(source: Path, folder: Path) -> str | None:
    """A sentence for the user when ``source`` is not protected as the store
    is; the restored store keeps the store's protection either way."""
    source_protected = cipher.looks_protected(source)
    store_key = cipher.folder_key(folder)
    if store_key is not None and not source_protected:
        return (
            f"{source.name} is not protected: it was made before the store had its "
            "passphrase. Restored, its data is protected with the store's passphrase."
        )
    if store_key is None and source_protected:
        return (
            f"{source.name} is protected, the store is not: restored, its data will be "
            "readable without a passphrase until you protect the store again."
        )
    return None


def check(source: Path) -> None:
    """Refuse, changing nothing, a file that cannot replace the store."""
    said = problem(source)
    if said is not None:
        raise UserError(f"{said} The store was not changed.")


def prepared(source: Path, folder: Path) -> Path:
    """A checked copy of ``source`` beside the store, migrated to this version;
    the caller copies it in and removes it. Refuses (changing nothing) a source
    that cannot be restored, or whose upgrade fails."""
    check(source)
    target = folder / f".{source.name}.restoring"
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    try:
        source_key, store_key = cipher.key_of(source), cipher.folder_key(folder)
        if source_key == store_key:
            backup.backup_database(source, target)
        else:  # the restored store keeps the store's protection, whatever the backup's
            protection.convert_file(source, target, source_key=source_key, target_key=store_key)
        if inspect.look(target).version < migrations.SCHEMA_VERSION:
            migrations.upgrade(target, backup_dir=None)
        missing = inspect.schema_problem(target)
        if missing:
            raise UserError(f"{source.name} did not upgrade to a whole img-crm store: {missing}.")
    except (UserError, dbapi.Error) as exc:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        if isinstance(exc, UserError):
            raise
        raise UserError(
            f"{source.name} could not be upgraded to this img-crm's data version; the store "
            "was not changed."
        ) from exc
    if os.name == "posix":
        os.chmod(target, 0o600)
    return target


def newest_good(folder: Path) -> Path | None:
    """The newest backup that would restore (the full check, not only SQLite's)."""
    for info in backup.list_backups(folder):
        if problem(info.path) is None:
            return info.path
    return None
