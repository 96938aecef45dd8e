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

from img_crm import paths
from img_crm.store import migrations

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


def open_store(folder: Path) -> Store:
    """Create or open the store in a data folder, migrating it if needed."""
    paths.ensure_data_dir(folder)
    path = paths.store_path(folder)
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
