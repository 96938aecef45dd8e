"""The JSON export as a passphrase-protected archive, and its restore (#23).

A ``.zip`` holding ``img-crm.json``, encrypted with AES-256 (the WinZip AE-2
form, through ``pyzipper``), so the file opens with 7-Zip, WinZip, Keka or
``7z x`` given the passphrase, and img-crm restores it as it restores a JSON
export. The passphrase is the archive's own, asked when it is written; it may
be the store's. Attached files (#24) are entries of their own beside the
JSON, ``files/<SHA-256>``, each listed in the JSON's ``files`` with its size.
Reading is bounded as a plain JSON import is: an entry that unpacks to more
than ``MAX_BYTES`` (a file: more than an attachment may be) is refused
before it is unpacked.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyzipper

from img_crm.domain.attachments import MAX_FILE_BYTES
from img_crm.errors import UserError
from img_crm.services.atomic import atomic_write_bytes
from img_crm.services.json_io import format_document, row_counts, store_document, stored_files

if TYPE_CHECKING:
    from sqlmodel import Session

ENTRY = "img-crm.json"
FILES = "files/"
SUFFIX = ".zip"
#: The most an archive's JSON may unpack to (a JSON import reads at most 100 MB).
MAX_BYTES = 100 * 1024 * 1024


def is_archive(path: Path) -> bool:
    return path.suffix.casefold() == SUFFIX


def write_archive(session: Session, destination: Path, passphrase: str) -> dict[str, int]:
    """The whole store as an encrypted archive, written atomically; the row
    count per table."""
    from img_crm.services.protection import check_new

    check_new(passphrase)
    document = store_document(session, embed_files=False)
    packed = io.BytesIO()
    with pyzipper.AESZipFile(
        packed, "w", compression=zipfile.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(passphrase.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(ENTRY, format_document(document).encode("utf-8"))
        for digest, data in stored_files(session):
            archive.writestr(FILES + digest, data)
    atomic_write_bytes(destination, packed.getvalue())
    return row_counts(document)


def _entry(archive: Any, path: Path, name: str, limit: int) -> bytes:
    """One encrypted entry's bytes, at most ``limit`` of them."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        if name == ENTRY:
            raise UserError(
                f"{path.name} is not an img-crm archive (it holds no {ENTRY})."
            ) from None
        raise UserError(
            f"{path.name} lacks {name}, a file its {ENTRY} lists; nothing was restored."
        ) from None
    if info.file_size > limit:
        raise UserError(
            f"{path.name} unpacks to more than an img-crm export of even a very large "
            "store; it was not read."
        )
    if not info.flag_bits & 0x1:
        raise UserError(f"{path.name} is not encrypted: unpack it and import its {ENTRY}.")
    with archive.open(info) as entry:
        data = bytes(entry.read(limit + 1))
    if len(data) > limit:
        raise UserError(f"{path.name} unpacks to more than it says; it was not read.")
    return data


@contextlib.contextmanager
def _opened(path: Path, passphrase: str) -> Iterator[Any]:
    """The archive, opened with ``passphrase``; its faults as one sentence."""
    try:
        with pyzipper.AESZipFile(path) as archive:
            archive.setpassword(passphrase.encode("utf-8"))
            yield archive
    except RuntimeError:  # pyzipper's "Bad password"
        raise UserError(
            f"That passphrase does not open {path.name}; nothing was restored. Try again."
        ) from None
    except (zipfile.BadZipFile, pyzipper.BadZipFile, OSError, EOFError, ValueError):
        raise UserError(f"{path.name} is not a readable archive; nothing was restored.") from None


def _text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{path.name}: its {ENTRY} is not UTF-8 text.") from None


def read_archive_document(path: Path, passphrase: str) -> dict[str, Any]:
    """The export inside an img-crm archive, each listed file's bytes put in
    its entry; one sentence when the file is not one, is too large, or the
    passphrase does not open it."""
    from img_crm.services.json_io import read_json_document

    with _opened(path, passphrase) as archive:
        document = read_json_document(_text(path, _entry(archive, path, ENTRY, MAX_BYTES)))
        files = document.get("files", [])
        if isinstance(files, list):
            for entry in files:
                if isinstance(entry, dict) and isinstance(entry.get("sha256"), str):
                    name = FILES + entry["sha256"]
                    entry["data"] = _entry(archive, path, name, MAX_FILE_BYTES)
    return document


def read_archive(path: Path, passphrase: str) -> str:
    """The JSON text inside an img-crm archive (its files left out)."""
    with _opened(path, passphrase) as archive:
        data = _entry(archive, path, ENTRY, MAX_BYTES)
    return _text(path, data)
