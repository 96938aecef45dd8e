"""Protected stores for tests: a real SQLCipher file made through the service
the user's click runs, and the checks that its bytes hold no plain text."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from img_crm.services import protection
from img_crm.store import cipher
from img_crm.store.db import Store, open_store

PASSPHRASE = "correct horse battery staple"
#: Both kinds of store, for the tests of the guarantees that must hold for each.
KINDS = ("plain", "protected")


def protect_folder(folder: Path, passphrase: str = PASSPHRASE) -> None:
    """The folder's store (made if missing) put under ``passphrase``."""
    store = open_store(folder, start_empty=not (folder / "img-crm.sqlite3").exists())
    try:
        protection.protect(store, passphrase)
    finally:
        store.close()


def protect_open(store: Store, passphrase: str = PASSPHRASE) -> None:
    protection.protect(store, passphrase)


def as_a_new_process(folder: Path | None = None) -> None:
    """Forget every key this process holds, as a new process starts."""
    cipher.forget_all()


def passphrase_file(where: Path, passphrase: str = PASSPHRASE) -> Path:
    where.write_text(passphrase + "\n", encoding="utf-8")
    where.chmod(0o600)
    return where


def files_of(folder: Path) -> list[Path]:
    """Every file under the data folder: the store, its logs, its backups, marks."""
    return sorted(path for path in folder.rglob("*") if path.is_file())


def plain_text_in(paths: Iterable[Path], words: Iterable[str]) -> list[str]:
    """Which of ``words`` (as UTF-8 or UTF-16) appear in which file."""
    found = []
    wanted = list(words)
    for path in paths:
        data = path.read_bytes()
        for word in wanted:
            if word.encode("utf-8") in data or word.encode("utf-16-le") in data:
                found.append(f"{path.name}: {word}")
    return found


def unlock_from_environment(folder: Path) -> None:
    """In a test's worker process: unlock the folder with the passphrase file
    ``IMG_CRM_PASSPHRASE_FILE`` names, if the store is protected."""
    import os

    named = os.environ.get(protection.FILE_VARIABLE)
    if named and protection.is_locked(folder):
        protection.unlock(folder, protection.read_passphrase_file(Path(named)))


def prepare(folder: Path, kind: str) -> None:
    """An empty store in ``folder``, protected when ``kind`` says so; the
    passphrase file beside the folder (``passphrase``) for worker processes."""
    store = open_store(folder, start_empty=True)
    try:
        if kind == "protected":
            protection.protect(store, PASSPHRASE)
            passphrase_file(folder.parent / "passphrase")
    finally:
        store.close()


def protect_in_place(folder: Path, passphrase: str = PASSPHRASE) -> None:
    """The folder's store file put under ``passphrase`` as it is, whatever its
    data version (not opened, so not upgraded): a user's protected store of
    an older img-crm."""
    from img_crm.store import protection as store_protection

    key = cipher.new_key(passphrase)
    cipher.write_marker(folder, [key])
    store_protection.convert_store(folder, old=None, new=key)
    cipher.unlock(folder, key)
