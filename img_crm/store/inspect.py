"""What the file at the store path is, found out without writing a byte.

Before img-crm writes to a file it asks: is it a SQLite database at all, is
it ours (``PRAGMA application_id``), which data version is it, does it pass
``quick_check``, and can it be written here (a full disk or a read-only
medium can still be read)? Each answer decides what ``open_store`` does:
damage is moved aside, another program's database or a newer version is
refused unchanged, an unwritable disk opens for reading only.
"""

from __future__ import annotations

import os
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from img_crm.errors import StoreError
from img_crm.store import disk, sqlite
from img_crm.store.sqlite import dbapi

#: Marks a file as an img-crm store ("IMGC"); written by every upgrade.
APPLICATION_ID = 0x494D4743
#: Tables every img-crm store has had since data version 1.
OUR_TABLES = frozenset({"contact", "contact_tag", "stage_change", "activity", "letter", "setting"})


@dataclass(frozen=True, slots=True)
class Facts:
    version: int
    application_id: int
    tables: frozenset[str]
    #: quick_check's answer: ["ok"], or what is wrong; () when it was not run.
    check: tuple[str, ...]
    #: Why the file can only be read here (a full disk, a read-only medium), or None.
    read_only: str | None

    @property
    def sound(self) -> bool:
        return self.check in (("ok",), ())


class DamagedFileError(Exception):
    """SQLite found the file's content wrong: corrupt, or not a database."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def read_only_uri(path: Path, *, immutable: bool) -> str:
    """Open without writing: ``immutable`` also skips the -shm file, which a full
    disk or a read-only medium cannot hold (safe only when no -wal holds pages)."""
    return f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def unsaved_log(path: Path) -> bool:
    """A write-ahead log with pages not yet in the file (an unclean exit)."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def connect_read_only(path: Path) -> dbapi.Connection:
    """A connection that reads ``path`` and writes nothing, even on a full disk
    or a read-only medium (where it skips the -shm file when that is safe)."""
    try:
        con = sqlite.connect(read_only_uri(path, immutable=False), uri=True)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except dbapi.DatabaseError as exc:
        if not disk.is_environment(exc) or unsaved_log(path):
            raise
    return sqlite.connect(read_only_uri(path, immutable=True), uri=True)


def _read(uri: str, *, check: bool = True) -> tuple[int, int, frozenset[str], tuple[str, ...]]:
    with closing(sqlite.connect(uri, uri=True)) as con:
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(con.execute("PRAGMA application_id").fetchone()[0]) & 0xFFFFFFFF
        tables = frozenset(
            row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
        found = tuple(str(row[0]) for row in con.execute("PRAGMA quick_check")) if check else ()
    return version, app_id, tables, found


def quick_check(path: Path) -> tuple[str, ...]:
    """``PRAGMA quick_check`` on the file, without writing: ("ok",) or the problems."""
    try:
        with closing(connect_read_only(path)) as con:
            return tuple(str(row[0]) for row in con.execute("PRAGMA quick_check"))
    except dbapi.DatabaseError as exc:
        if disk.is_damage(exc):
            return (str(exc),)
        raise


def look(path: Path, *, check: bool = True) -> Facts:
    """The facts about an existing, non-empty file at ``path`` (``check``:
    with ``quick_check``'s answer, which reads every page).

    Raises ``DamagedFileError`` when SQLite says the content is wrong, and
    ``StoreError`` when the file cannot even be read here (and why).
    """
    folder = path.parent
    read_only: str | None = None
    try:
        facts = _read(read_only_uri(path, immutable=False), check=check)
    except dbapi.DatabaseError as exc:
        if disk.is_damage(exc):
            raise DamagedFileError(str(exc)) from exc
        if disk.is_busy(exc):
            raise StoreError(disk.BUSY_SENTENCE) from exc
        if not disk.is_environment(exc):
            raise
        # A full disk or a read-only medium cannot hold the -shm file a reader
        # of a WAL store needs. Without unsaved pages the file alone is exact.
        reason = disk.explain(folder, store_file=path, exc=exc)
        if unsaved_log(path):
            raise StoreError(
                f"{reason} The last changes are still in {path.name}-wal and will be "
                "saved into the store once img-crm can write there; nothing was changed."
            ) from exc
        try:
            facts = _read(read_only_uri(path, immutable=True), check=check)
        except dbapi.DatabaseError as again:
            if disk.is_damage(again):
                raise DamagedFileError(str(again)) from again
            raise StoreError(f"{reason} The store could not be read either.") from again
        read_only = reason
    except OSError as exc:
        raise StoreError(disk.explain(folder, store_file=path, exc=exc)) from exc
    if read_only is None and (
        disk.read_only_medium(folder) or not _writable(path) or not _writable(folder)
    ):
        read_only = disk.explain(folder, store_file=path)
    version, app_id, tables, answer = facts
    return Facts(version, app_id, tables, answer, read_only)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def refuse_foreign(path: Path, facts: Facts) -> None:
    """Refuse, unchanged, a file that is not an img-crm store img-crm can place."""
    if facts.application_id not in (0, APPLICATION_ID):
        raise StoreError(
            f"{path} belongs to another program (its SQLite application id is "
            f"{facts.application_id:#010x}), so img-crm left it unchanged. Move it away, "
            "or keep your img-crm data in another folder with --data-dir."
        )
    ours = facts.tables >= OUR_TABLES
    if facts.version == 0 and (facts.tables or facts.application_id == APPLICATION_ID):
        if ours or facts.application_id == APPLICATION_ID:
            raise StoreError(
                f"{path} is an img-crm store whose data version was reset to 0, so img-crm "
                "cannot tell how to read it and left it unchanged. Restore a backup "
                "(`img-crm backups list`, `img-crm restore FILE`)."
            )
        raise StoreError(
            f"{path} is another program's SQLite database (it has tables such as "
            f"{', '.join(sorted(facts.tables)[:3])}), so img-crm left it unchanged. Move it "
            "away, or keep your img-crm data in another folder with --data-dir."
        )
    # A store marked as ours may come from a newer img-crm with other tables:
    # the version check that follows says so. Unmarked files are from before
    # the mark (data version 3 and older) and have our tables.
    if facts.version > 0 and facts.application_id != APPLICATION_ID and not ours:
        raise StoreError(
            f"{path} is a SQLite database without img-crm's tables, so img-crm left it "
            "unchanged. Move it away, or keep your img-crm data in another folder with "
            "--data-dir."
        )


def schema_problem(path: Path) -> str | None:
    """A file at this img-crm's data version that lacks a table or a column the
    code reads (one made by hand with the right marks, say), or None."""
    from sqlmodel import SQLModel

    from img_crm.domain import models  # noqa: F401  (registers the tables)

    with closing(connect_read_only(path)) as con:
        for table in SQLModel.metadata.sorted_tables:
            found = {row[1] for row in con.execute(f'PRAGMA table_info("{table.name}")')}
            if not found:
                return f"it has no {table.name} table"
            missing = [c.name for c in table.columns if c.name not in found]
            if missing:
                return f"its {table.name} table has no {missing[0]} column"
    return None
