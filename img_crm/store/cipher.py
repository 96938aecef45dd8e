"""Keys of passphrase-protected stores (issue #23), held in memory only.

A protected store is a SQLCipher 4 file. Its key is what SQLCipher itself
derives from the passphrase (PBKDF2-HMAC-SHA512, 256,000 rounds, over the
16-byte salt at the start of the file), so the file also opens with the
passphrase in DB Browser for SQLite or the ``sqlcipher`` shell. img-crm
derives it once, here, and gives every connection the raw key with its salt:
SQLCipher would otherwise spend the derivation again on each of the many
connections a session opens.

The keys this process knows are kept per data folder (``unlock``); a
connection to a file in that folder or its backups is keyed by
``store/sqlite.connect`` without every caller carrying the key. The
passphrase is never kept, and neither it nor the key is written anywhere:
what the data folder holds about protection (``protection.json``) is the
salt and a check value (a hash of the key under its own label), which lets
img-crm tell a wrong passphrase from a damaged first page and costs a guesser
the same 256,000 rounds per guess as the file itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: SQLCipher 4's defaults, so the file opens with the passphrase elsewhere too.
ROUNDS = 256_000
SALT_BYTES = 16
KEY_BYTES = 32
PLAIN_HEADER = b"SQLite format 3\x00"
MARKER = "protection.json"


@dataclass(frozen=True, slots=True)
class Key:
    """A derived key and the salt it was derived with. Its repr shows neither,
    so it cannot reach an error report or a log by accident."""

    secret: bytes = field(repr=False)
    salt: bytes = field(repr=False)

    def __repr__(self) -> str:
        return "Key(…)"

    def pragma(self, *, with_salt: bool = True) -> str:
        """The ``PRAGMA key`` statement: the raw key and, for a new file, the
        salt it was derived with (SQLCipher writes it at the file's start)."""
        raw = self.secret.hex() + (self.salt.hex() if with_salt else "")
        return f"PRAGMA key = \"x'{raw}'\""

    def check_value(self) -> str:
        return hmac.new(self.secret, b"img-crm key check", hashlib.sha256).hexdigest()


def derive(passphrase: str, salt: bytes) -> Key:
    """The key SQLCipher derives from ``passphrase`` for a file with ``salt``."""
    secret = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, ROUNDS, KEY_BYTES)
    return Key(secret, salt)


def new_key(passphrase: str) -> Key:
    """A key for a new protected file: a fresh random salt."""
    return derive(passphrase, secrets.token_bytes(SALT_BYTES))


def header(path: Path) -> bytes:
    """The first 16 bytes of ``path`` (b"" if it is missing or empty)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(SALT_BYTES)
    except (FileNotFoundError, IsADirectoryError):
        return b""


def is_plain(path: Path) -> bool:
    """``path`` begins as every plain SQLite database does."""
    return header(path) == PLAIN_HEADER


def looks_protected(path: Path) -> bool:
    """Not empty and not plain SQLite: a protected file, or not a database at all
    (a full salt is needed; the caller tells the two apart with the marker)."""
    found = header(path)
    return len(found) == SALT_BYTES and found != PLAIN_HEADER


# --- the marker in the data folder ------------------------------------------


@dataclass(frozen=True, slots=True)
class Marker:
    """What the data folder says about its store's protection: the salt and
    check value of each key its files may be under (two only while a
    passphrase is being changed, so a crash half way leaves both readable)."""

    entries: tuple[tuple[bytes, str], ...]

    def knows(self, salt: bytes) -> bool:
        return any(found == salt for found, _ in self.entries)

    def fits(self, key: Key) -> bool:
        return any(
            salt == key.salt and hmac.compare_digest(key.check_value(), check)
            for salt, check in self.entries
        )


def read_marker(folder: Path) -> Marker | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        entries = tuple(
            (bytes.fromhex(str(item["salt"])), str(item["check"])) for item in data["keys"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Marker(entries) if entries else None


def write_marker(folder: Path, keys: Sequence[Key]) -> None:
    """Written to a temporary name, flushed and renamed (owner-only)."""
    target = folder / MARKER
    temporary = folder / f".{MARKER}.partial"
    text = json.dumps(
        {
            "format": "SQLCipher 4 (PBKDF2-HMAC-SHA512, 256000 rounds)",
            "keys": [{"salt": key.salt.hex(), "check": key.check_value()} for key in keys],
        },
        indent=1,
    )
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def remove_marker(folder: Path) -> None:
    (folder / MARKER).unlink(missing_ok=True)


# --- the keys this process holds ---------------------------------------------

_folders: dict[Path, Key] = {}
_files: dict[Path, Key] = {}


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def unlock(folder: Path, key: Key) -> None:
    """Remember ``key`` for the store in ``folder`` and its backups (memory only)."""
    _folders[_resolved(folder)] = key


def lock(folder: Path) -> None:
    """Forget the folder's key (the store was unprotected, or the window locked)."""
    _folders.pop(_resolved(folder), None)


def unlock_file(path: Path, key: Key) -> None:
    """Remember ``key`` for one file outside a data folder (a backup being restored)."""
    _files[_resolved(path)] = key


def forget_file(path: Path) -> None:
    _files.pop(_resolved(path), None)


def folder_key(folder: Path) -> Key | None:
    return _folders.get(_resolved(folder))


def key_for(path: Path) -> Key | None:
    """The key a connection to ``path`` uses: the file's own, else its data
    folder's (the store, files beside it, and its backups folder)."""
    resolved = _resolved(path)
    if resolved in _files:
        return _files[resolved]
    parent = resolved.parent
    key = _folders.get(parent)
    if key is None and parent.name == "backups":
        key = _folders.get(parent.parent)
    return key


def key_of(path: Path) -> Key | None:
    """The key ``path`` is under as far as this process knows: None for a
    plain file, and for a protected one whose key it was not given."""
    if not looks_protected(path):
        return None
    salt = header(path)
    key = key_for(path)
    if key is not None and key.salt == salt:
        return key
    # A copy made elsewhere (``img-crm backup FILE``) of an unlocked store: its salt.
    return next((known for known in _folders.values() if known.salt == salt), None)


def held() -> tuple[dict[Path, Key], dict[Path, Key]]:
    """A copy of the keys this process holds (``hold`` puts them back)."""
    return dict(_folders), dict(_files)


def hold(keys: tuple[dict[Path, Key], dict[Path, Key]]) -> None:
    """Hold ``keys`` as well (those of a ``held`` copy): the tests' in-process
    command runs start as a new process does, with none."""
    _folders.update(keys[0])
    _files.update(keys[1])


def forget_all() -> None:
    """Every key dropped (tests; the process ending needs no call)."""
    _folders.clear()
    _files.clear()
