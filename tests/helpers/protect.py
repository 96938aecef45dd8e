"""Protected stores for tests: a real SQLCipher file made through the service
the user's click runs, and the checks that its bytes hold no plain text."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from img_crm.services import protection
from img_crm.store import cipher
from img_crm.store.db import Store, open_store

PASSPHRASE = "correct horse battery staple"


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
