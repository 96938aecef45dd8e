"""Opening the store for one command, and closing it after.

A handler asks for a reading or a writing session; the store is opened
(checked, migrated: ``store/db.py:open_store``) and closed around it. A
``UserError`` from anywhere below becomes one sentence and exit 1 in
``cli/__init__.py``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from img_crm import paths

if TYPE_CHECKING:  # the store layer loads when a command opens the store
    from sqlmodel import Session

    from img_crm.store.db import Store
    from img_crm.store.driver import Plain


def data_folder(args: argparse.Namespace) -> Path:
    return paths.data_dir(args.data_dir)


@contextmanager
def opened(args: argparse.Namespace, *, check_now: bool = False) -> Iterator[Store]:
    """The command's store. A file as img-crm sealed it (``store/seal.py``) is
    checked before the command's first write instead of at open, so reading
    commands pay nothing; ``check_now`` checks it at open whatever the seal."""
    from img_crm.store.db import open_store

    store = open_store(data_folder(args), check_later=not check_now)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def writing(args: argparse.Namespace) -> Iterator[Session]:
    """One writing transaction on the command's store. Files no attachment
    names any more go in the same transaction, unless the window is open
    (its undo may put their attachments back: ``store/attachments.py``)."""
    with opened(args) as store, store.session() as session:
        yield session
        if paths.gui_holding(store.path.parent) is None:
            from img_crm.store.attachments import sweep_unused_files

            sweep_unused_files(session)


@contextmanager
def reading(args: argparse.Namespace) -> Iterator[Session]:
    """One reading transaction: it cannot write, and works on a read-only store."""
    with opened(args) as store, store.reading() as session:
        yield session


@contextmanager
def plainly(args: argparse.Namespace) -> Iterator[Plain]:
    """One reading transaction through ``sqlite3`` alone (``Store.plain``), for
    the readers that take a ``store.driver.Source``: the command never imports
    SQLAlchemy, SQLModel or pydantic (~0.8 s, more than most reads)."""
    with opened(args) as store, store.plain() as connection:
        yield connection
