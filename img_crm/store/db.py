"""Opening the store: the engine, its PRAGMAs and the transaction helper.

Every connection gets ``foreign_keys=ON`` (off by default in SQLite), WAL,
``synchronous=FULL`` and a busy timeout. Transactions are begun explicitly so
that pysqlite's implicit-transaction rules never leave a write outside one.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from img_crm import clock, paths
from img_crm.errors import DamagedStoreError
from img_crm.store import backup, migrations

BUSY_TIMEOUT_MS = 5000


def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Autocommit at the driver level; the "begin" hook below opens transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


class Store:
    """An opened, migrated store file. Use :meth:`session` for every read and write."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def make_engine(path: Path) -> Engine:
    """An engine on an existing, migrated store file."""
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 5}
    )
    event.listen(engine, "connect", _configure)
    event.listen(engine, "begin", _begin)
    return engine


def quick_check(path: Path) -> str:
    """SQLite's quick_check on an existing file: "ok" or what is wrong."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [row[0] for row in con.execute("PRAGMA quick_check")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "ok" if rows == ["ok"] else "; ".join(rows[:3])


def _move_aside(path: Path) -> Path:
    """Rename a damaged store (and its WAL files) out of the way, keeping every byte."""
    stamp = clock.local_now().strftime("%Y-%m-%d_%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}.damaged")
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            os.replace(part, target.with_name(target.name + suffix))
    return target


def open_store(folder: Path) -> Store:
    """Create or open the store in a data folder, migrating it if needed.

    An existing file that fails ``quick_check`` is never written to: it is
    moved aside as ``*.damaged`` and ``DamagedStoreError`` names the newest
    good backup to restore.
    """
    paths.ensure_data_dir(folder)
    path = paths.store_path(folder)
    if path.exists() and path.stat().st_size > 0:
        problem = quick_check(path)
        if problem != "ok":
            damaged = _move_aside(path)
            newest = backup.newest_good(paths.backups_dir(folder))
            advice = (
                f"The newest backup is {newest.name}."
                if newest
                else "There is no backup to restore; img-crm will start with an empty store."
            )
            raise DamagedStoreError(
                f"The store could not be read ({problem}). It was moved aside to "
                f"{damaged.name} and not changed. {advice}",
                damaged=damaged,
                backup=newest,
            )
        migrations.check_version(path)  # a newer file is refused in place, untouched
    migrations.upgrade(path, backup_dir=paths.backups_dir(folder))
    if sys.platform != "win32":
        for candidate in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            if candidate.exists():
                os.chmod(candidate, 0o600)
    return Store(path, make_engine(path))
