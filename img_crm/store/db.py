"""Opening the store: the engine, its PRAGMAs and the transaction helper.

Every connection gets ``foreign_keys=ON`` (off by default in SQLite), WAL,
``synchronous=FULL`` and a busy timeout. Transactions are begun explicitly so
that pysqlite's implicit-transaction rules never leave a write outside one.

A writing session begins ``IMMEDIATE``: it takes the write lock before its
first read, so a second writer waits (up to the busy timeout) instead of
failing at once with "database is locked", which a deferred transaction that
reads and then writes gets whenever another writer committed in between. A
reading session begins deferred with ``PRAGMA query_only`` on, so it cannot
write by mistake and never holds the write lock.

One module because ``Store`` and ``open_store`` share the rules about what
may be written when: the opening checks decide the store's read-only reason
and its pending check (``store/seal.py``), and the sessions enforce them.

Opening imports no SQLAlchemy: the checks are plain ``sqlite3``, and the
engine is made when the first session asks for it. A reading command and the
window's first screen read through :meth:`Store.plain` and never pay the
~0.8 s import of SQLAlchemy, SQLModel and pydantic (issue #20).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from img_crm import clock, paths
from img_crm.errors import (
    DamagedRowError,
    DamagedStoreError,
    LockedStoreError,
    MissingStoreError,
    StoreError,
    UserError,
)
from img_crm.store import (
    backup,
    disk,
    health,
    inspect,
    migrations,
    protection,
    restorable,
    seal,
    sqlite,
)
from img_crm.store.sqlite import dbapi

if TYPE_CHECKING:  # the ORM loads when the first session is asked for
    from sqlalchemy import Engine
    from sqlmodel import Session

BUSY_TIMEOUT_MS = sqlite.BUSY_TIMEOUT_MS  # the message's number; connections read sqlite's


def _configurer(busy_timeout_ms: int, *, read_only: bool = False) -> Any:
    def configure(dbapi_connection: dbapi.Connection, _record: Any) -> None:
        # Autocommit at the driver level; the "begin" hook below opens transactions.
        dbapi_connection.isolation_level = None
        sqlite.lend_functions(dbapi_connection)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return configure


READ_ONLY = "img_crm_read_only"  # the execution option that marks a reading session


def _begin(connection: Any) -> None:
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("PRAGMA query_only=ON")
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("PRAGMA query_only=OFF")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _from_sqlite(exc: BaseException) -> bool:
    """SQLite's own error (not one raised by the caller's code inside the block,
    such as a full disk where an export was being written)."""
    return isinstance(getattr(exc, "orig", exc), dbapi.Error)


def _busy(exc: BaseException) -> bool:
    """SQLite gave up waiting for another writer (SQLITE_BUSY)."""
    orig = getattr(exc, "orig", exc)
    return isinstance(orig, dbapi.OperationalError) and (
        getattr(orig, "sqlite_errorcode", None) == dbapi.SQLITE_BUSY
        or "database is locked" in str(orig)
    )


BUSY_MESSAGE = (
    "Another img-crm is writing to the store and did not finish within "
    f"{BUSY_TIMEOUT_MS // 1000} seconds; nothing was written. Try again in a moment."
)


class Store:
    """An opened, migrated store file: :meth:`session` to write, :meth:`reading`
    to read with the ORM, :meth:`plain` to read through ``sqlite3`` alone.

    ``read_only`` says why this store may only be read (a full disk, a
    read-only medium, a failed integrity check), or is None; then every
    writing session is refused with that sentence before anything happens.
    """

    def __init__(
        self,
        path: Path,
        engine: Engine | None = None,
        *,
        read_only: str | None = None,
        check_pending: bool = False,
    ) -> None:
        """``engine``: made from ``path`` when first needed if not given (a
        store opened read-only reads without writing any file beside it).
        ``check_pending``: the file was sealed as checked (``store/seal.py``)
        and ``quick_check`` did not run at open; it runs before the first write
        (or in the background from ``check_in_background``)."""
        self.path = path
        self._engine: Engine | None = engine
        self._reader: Engine | None = None
        self._opened_read_only = read_only is not None  # no -wal/-shm may be written
        self.read_only = read_only
        self._check_pending = check_pending
        self._check_thread: threading.Thread | None = None
        self._check_answer: tuple[str, ...] = ()
        self._inode = _inode(path)  # a file put in its place later is not sealed by this one

    def check_in_background(self) -> None:
        """Start the pending ``quick_check`` in a thread (the window does, after
        its first paint); the first write waits for its answer."""
        if not self._check_pending or self._check_thread is not None:
            return

        def run() -> None:
            try:
                self._check_answer = inspect.quick_check(self.path)
            except (dbapi.Error, OSError) as exc:
                self._check_answer = (f"the check could not read the file: {type(exc).__name__}",)

        self._check_thread = threading.Thread(target=run, name="img-crm-check", daemon=True)
        self._check_thread.start()

    def _checked_before_writing(self) -> None:
        """Damage is found before the first write: run the pending check (or
        wait for the one running); a failure leaves the store read-only."""
        if not self._check_pending:
            return
        if self._check_thread is None:
            self.check_in_background()
        assert self._check_thread is not None
        self._check_thread.join()
        self._check_pending = False
        if self._check_answer == ("ok",):
            return
        problem = "; ".join(self._check_answer[:3])
        seal.forget(self.path)
        self.read_only = (
            f"The store failed its integrity check ({health.in_words(problem)}), so img-crm "
            "will not write to it. Run `img-crm check` to see every damaged place, or "
            "restore a backup."
        )

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = (
                make_read_only_engine(self.path)
                if self._opened_read_only
                else make_engine(self.path)
            )
        return self._engine

    def let_go(self) -> None:
        """Close every connection (a restore replaces the file); the next
        session makes new ones."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = self._reader = None

    def replaced(self) -> None:
        """A restore put a checked file in this store's place: every connection
        is new, and it may be written again."""
        self.let_go()
        self._opened_read_only = False
        self.read_only = None

    def converted(self) -> None:
        """The store was put under a new key (``store/protection.py``), the
        new file checked whole before it took this one's place: as ``replaced``,
        and it is sealed at close as a file checked this session."""
        self.replaced()
        self._inode = _inode(self.path)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One writing transaction (``BEGIN IMMEDIATE``): committed when the block
        ends, rolled back on error. A writer that cannot get the lock within the
        busy timeout, or whose disk fills up, gets a ``UserError`` that says so."""
        self._checked_before_writing()
        if self.read_only is not None:
            raise UserError(f"{self.read_only} Nothing was written.")
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException as exc:
                session.rollback()
                if _busy(exc):
                    raise UserError(BUSY_MESSAGE) from exc
                if _from_sqlite(exc) and disk.is_environment(exc):
                    reason = disk.explain(self.path.parent, store_file=self.path, exc=exc)
                    raise UserError(f"{reason} Nothing was written.") from exc
                if isinstance(getattr(exc, "orig", exc), UnicodeEncodeError):
                    raise UserError(
                        "A value is not valid text (its bytes are not UTF-8); nothing was written."
                    ) from None
                self._refuse_damage(exc)
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """One reading transaction: a consistent view, no write lock, no writes
        (``PRAGMA query_only``); rolled back when the block ends."""
        from sqlmodel import Session

        if self._reader is None:
            self._reader = self.engine.execution_options(**{READ_ONLY: True})
        with Session(self._reader, expire_on_commit=False) as session:
            try:
                yield session
            except BaseException as exc:
                self._refuse_damage(exc)
                raise
            # Closing the session ends the read transaction; rows read stay loaded.

    @contextmanager
    def plain(self) -> Iterator[dbapi.Connection]:
        """One reading transaction on a ``sqlite3`` connection of its own, for
        the readers that take a ``store.driver.Source``: as :meth:`reading`
        (a consistent view, ``query_only``, damage said in one sentence), with
        no ORM imported."""
        if self._opened_read_only:
            uri = inspect.read_only_uri(self.path, immutable=not inspect.unsaved_log(self.path))
            con = sqlite.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            con = sqlite.connect(self.path, isolation_level=None, check_same_thread=False)
        try:  # sqlite.connect gave it the shared busy timeout
            con.execute("PRAGMA query_only=ON")
            con.execute("BEGIN")
            yield con
        except BaseException as exc:
            self._refuse_damage(exc)
            raise
        finally:
            con.close()  # ends the read transaction

    def _refuse_damage(self, exc: BaseException) -> None:
        """Damage the start-up check missed (a flipped byte in a name, a bad page)
        met while reading: one sentence, never SQLite's message, which quotes the
        damaged text."""
        orig = getattr(exc, "orig", exc)
        undecodable = isinstance(orig, dbapi.OperationalError) and str(orig).startswith(
            "Could not decode to UTF-8"
        )
        if not undecodable and not disk.is_damage(exc):
            return
        newest = restorable.newest_good(paths.backups_dir(self.path.parent))
        offer = (
            f" The newest good backup is {backup.describe(newest)} (`img-crm restore {newest}`)."
            if newest
            else ""
        )
        what = "its text is damaged" if undecodable else "its pages are damaged"
        raise DamagedRowError(
            f"Part of the store cannot be read: {what}. Run `img-crm check` to find every "
            f"damaged place; nothing was changed.{offer}",
            backup=newest,
        ) from None

    def close(self) -> None:
        """Close every connection; a store that was checked (or sealed and not
        found damaged) and can be written is sealed as it is now. A read-only
        one (a full disk, a failed check) is not."""
        self.let_go()
        if self.read_only is not None:
            return
        if self._check_pending and self._check_thread is not None:
            self._check_thread.join()  # the background check's answer decides
            if self._check_answer != ("ok",):
                seal.forget(self.path)
                return
        if _inode(self.path) != self._inode:
            seal.forget(self.path)  # replaced while open (a restore): not checked by us
            return
        # Checked this session, or the seal stood and nothing was written.
        seal.record(self.path)


#: What the first session needs: imported ahead by ``load_orm_in_background``.
_ORM_MODULES = ("sqlmodel", "img_crm.domain.models", "img_crm.store.contacts")


def load_orm_in_background() -> threading.Thread:
    """Import the ORM and the tables (~0.8 s) in a thread. The window's first
    screen reads through ``Store.plain`` without them; this loads them while
    the user looks at it, so the first click that writes does not wait.
    (Python's import locks make a session asked for meanwhile wait for the
    same import instead of running it twice.)"""
    import importlib

    def load() -> None:
        for name in _ORM_MODULES:
            importlib.import_module(name)

    thread = threading.Thread(target=load, name="img-crm-orm", daemon=True)
    thread.start()
    return thread


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def make_engine(path: Path, *, busy_timeout_ms: int | None = None) -> Engine:
    """An engine on an existing, migrated store file."""
    from sqlalchemy import event
    from sqlmodel import create_engine

    if busy_timeout_ms is None:
        busy_timeout_ms = sqlite.BUSY_TIMEOUT_MS
    engine = create_engine(
        f"sqlite:///{path}",  # the file's URL picks the pool; ``creator`` connects
        # The one driver (store/sqlite.py), keyed if the store is protected.
        module=dbapi,
        creator=lambda: sqlite.connect(path, check_same_thread=False),
        # Errors and logs never carry the values of a statement (user data).
        hide_parameters=True,
    )
    event.listen(engine, "connect", _configurer(busy_timeout_ms))
    event.listen(engine, "begin", _begin)
    return engine


def make_read_only_engine(path: Path) -> Engine:
    """An engine that reads ``path`` without writing any file beside it: for a
    full disk or a read-only medium, where not even the -shm file fits."""
    from sqlalchemy import event
    from sqlmodel import create_engine

    uri = inspect.read_only_uri(path, immutable=not inspect.unsaved_log(path))
    engine = create_engine(
        "sqlite://",
        module=dbapi,
        creator=lambda: sqlite.connect(uri, uri=True, check_same_thread=False),
        hide_parameters=True,
    )
    event.listen(engine, "connect", _configurer(sqlite.BUSY_TIMEOUT_MS, read_only=True))
    event.listen(engine, "begin", _begin)
    return engine


def move_aside(path: Path) -> Path:
    """Rename a damaged store (and its WAL files) out of the way, keeping every byte."""
    stamp = clock.local_now().strftime("%Y-%m-%d_%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}.damaged")
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            os.replace(part, target.with_name(target.name + suffix))
    return target


def _make_private(path: Path) -> None:
    if sys.platform == "win32":
        return
    for suffix in ("", "-wal", "-shm"):
        candidate = path.with_name(path.name + suffix)
        # Only when needed: a chmod changes the file's ctime, and so its seal.
        if candidate.exists() and candidate.stat().st_mode & 0o777 != 0o600:
            os.chmod(candidate, 0o600)


def open_store(
    folder: Path,
    *,
    start_empty: bool = False,
    read_only: str | None = None,
    check_later: bool = False,
) -> Store:
    """Create or open the store in a data folder, migrating it if needed.

    - A file that fails ``quick_check`` (or that SQLite calls corrupt) is never
      written to: it is moved aside as ``*.damaged`` and ``DamagedStoreError``
      names the newest good backup.
    - A file that is another program's database, an img-crm store whose
      version was reset, or one from a newer img-crm is refused unchanged.
    - A full disk, a read-only medium or a permission problem is not damage:
      the store opens for reading only (writes are refused with the reason),
      or ``StoreError`` says why it cannot even be read. Nothing is renamed.
    - A missing or empty store where one existed before (a file set aside,
      backups) is not replaced by an empty one unless ``start_empty`` says so:
      ``MissingStoreError`` names what there is to restore.
    - A store that failed ``img-crm check`` opens read-only until the user
      restores a backup or chooses to go on (``health.clear_mark``).

    ``read_only`` opens it for reading only, for that reason (the window does
    when it cannot write its lock file).

    ``check_later``: when the file is exactly as img-crm sealed it at its last
    clean close (``store/seal.py``), ``quick_check`` does not run now but
    before the first write (``Store.session``) or from
    ``Store.check_in_background``. A changed file is checked now, as is one
    that needs an upgrade (which writes).
    """
    path = paths.store_path(folder)
    try:
        paths.ensure_data_dir(folder)
    except OSError as exc:
        raise StoreError(f"{disk.explain(folder, exc=exc)} Nothing was changed.") from exc
    if not path.exists() or path.stat().st_size == 0:
        if not start_empty:
            _refuse_silent_empty(folder, path)
        if read_only is not None:
            raise StoreError(f"{read_only} No store was created.")
        return _create(folder, path)
    if protection.locked(folder):
        raise LockedStoreError(
            "The store is protected with a passphrase; give it to open the store."
        )
    sealed = check_later and seal.unchanged(path)
    try:
        facts = inspect.look(path, check=not sealed)
        if sealed and (
            facts.version < migrations.SCHEMA_VERSION
            or facts.application_id != inspect.APPLICATION_ID
        ):
            facts = inspect.look(path)  # an upgrade writes: check first
            sealed = False
    except inspect.DamagedFileError as damage:
        raise _damaged(folder, path, damage.problem) from None
    if not facts.sound:
        raise _damaged(folder, path, "; ".join(facts.check[:3]))
    inspect.refuse_foreign(path, facts)
    migrations.refuse_newer(path, facts.version)  # refused in place, untouched
    # A store that failed its check is not written to, not even to upgrade it.
    reason = facts.read_only or read_only or health.failed_check_notice(folder)
    if reason is not None:
        if facts.version < migrations.SCHEMA_VERSION:
            raise StoreError(
                f"{reason} The store also needs an upgrade to this img-crm's data "
                "version, which has to be written; nothing was changed."
            )
        return Store(path, read_only=reason)
    if facts.version < migrations.SCHEMA_VERSION or facts.application_id != inspect.APPLICATION_ID:
        _upgrade(folder, path)
    _make_private(path)
    return Store(path, check_pending=sealed)


def _upgrade(folder: Path, path: Path) -> None:
    """Migrate an older store (after a backup); a failure leaves it as it was and
    is said in words, never as a traceback."""
    with disk.said_as_such(
        folder,
        store_file=path,
        then="The store needs an upgrade, which has to be written; nothing was changed.",
        error=StoreError,
    ):
        try:
            migrations.upgrade(path, backup_dir=paths.backups_dir(folder))
        except dbapi.Error as exc:
            if disk.is_environment(exc):
                raise
            name = getattr(exc, "sqlite_errorname", "") or type(exc).__name__
            raise StoreError(
                f"The store could not be upgraded to this img-crm's data version ({name}); "
                "it was left as it was. Restore a backup, or open it with the img-crm that "
                "wrote it."
            ) from exc


def _create(folder: Path, path: Path) -> Store:
    """A new, empty store (nothing was there, or the user chose to start empty);
    a failed check of an earlier store no longer applies to it."""
    existed = path.exists()
    try:
        with disk.said_as_such(
            folder, store_file=path, then="No store was created.", error=StoreError
        ):
            migrations.upgrade(path, backup_dir=paths.backups_dir(folder))
    except StoreError:
        for suffix in ("-wal", "-shm"):  # leave no half-made store behind
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        if existed:
            path.write_bytes(b"")  # it was an empty file; it is one again
        else:
            path.unlink(missing_ok=True)
        raise
    health.clear_mark(folder)
    _make_private(path)
    return Store(path)


def _damaged(folder: Path, path: Path, problem: str) -> DamagedStoreError:
    damaged = move_aside(path)
    health.clear_mark(folder)  # the mark was about the file now set aside
    newest = restorable.newest_good(paths.backups_dir(folder))
    advice = (
        f"The newest good backup is {backup.describe(newest)}."
        if newest
        else "There is no backup to restore."
    )
    return DamagedStoreError(
        f"The store is damaged: {health.in_words(problem)} It was moved aside to "
        f"{damaged.name}, every byte kept. {advice}",
        damaged=damaged,
        backup=newest,
        details=problem,
    )


def _refuse_silent_empty(folder: Path, path: Path) -> None:
    """No empty store where there was data, unless the user chooses one."""
    set_aside = sorted(folder.glob(f"{paths.STORE_FILENAME}.*.damaged"))
    journal = inspect.unsaved_log(path)
    if not set_aside and not journal and not backup.list_backups(paths.backups_dir(folder)):
        return
    newest = restorable.newest_good(paths.backups_dir(folder))
    what = "is empty" if path.exists() else "is missing"
    parts = [f"The store {path} {what}, though there was one before."]
    if journal:
        parts.append(
            f"Its write-ahead log {path.name}-wal still holds changes; keep it, and the "
            "store file if you have it, beside each other."
        )
    if set_aside:
        latest = set_aside[-1]
        when = datetime.fromtimestamp(latest.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        parts.append(f"{latest.name} was set aside as damaged on {when}.")
    parts.append(
        f"The newest good backup is {backup.describe(newest)}."
        if newest
        else "There is no good backup to restore."
    )
    raise MissingStoreError(" ".join(parts), backup=newest)
