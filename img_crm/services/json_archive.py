"""The JSON export as a passphrase-protected archive, and its restore (#23).

A ``.zip`` holding ``img-crm.json``, encrypted with AES-256 (the WinZip AE-2
form, through ``pyzipper``), so the file opens with 7-Zip, WinZip, Keka or
``7z x`` given the passphrase, and img-crm restores it as it restores a JSON
export. The passphrase is the archive's own, asked when it is written; it may
be the store's. Reading is bounded as a plain JSON import is: an entry that
unpacks to more than ``MAX_BYTES`` is refused before it is unpacked.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyzipper

from img_crm.errors import UserError
from img_crm.services.atomic import atomic_write_bytes
from img_crm.services.json_io import format_document, store_document

if TYPE_CHECKING:
    from sqlmodel import Session

ENTRY = "img-crm.json"
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
    document = store_document(session)
    packed = io.BytesIO()
    with pyzipper.AESZipFile(
        packed, "w", compression=zipfile.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(passphrase.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(ENTRY, format_document(document).encode("utf-8"))
    atomic_write_bytes(destination, packed.getvalue())
    return {name: len(table["rows"]) for name, table in document["tables"].items()}


def read_archive(path: Path, passphrase: str) -> str:
    """The JSON text inside an img-crm archive; one sentence when the file is
    not one, is too large, or the passphrase does not open it."""
    try:
        with pyzipper.AESZipFile(path) as archive:
            try:
                info = archive.getinfo(ENTRY)
            except KeyError:
                raise UserError(
                    f"{path.name} is not an img-crm archive (it holds no {ENTRY})."
                ) from None
            if info.file_size > MAX_BYTES:
                raise UserError(
                    f"{path.name} unpacks to more than an img-crm export of even a very large "
                    "store; it was not read."
                )
            if not info.flag_bits & 0x1:
                raise UserError(f"{path.name} is not encrypted: unpack it and import its {ENTRY}.")
            archive.setpassword(passphrase.encode("utf-8"))
            with archive.open(info) as entry:
                data = entry.read(MAX_BYTES + 1)
    except RuntimeError:  # pyzipper's "Bad password"
        raise UserError(
            f"That passphrase does not open {path.name}; nothing was restored. Try again."
        ) from None
    except (zipfile.BadZipFile, pyzipper.BadZipFile, OSError, EOFError, ValueError):
        raise UserError(f"{path.name} is not a readable archive; nothing was restored.") from None
    if len(data) > MAX_BYTES:
        raise UserError(f"{path.name} unpacks to more than it says; it was not read.")
    try:
        return str(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UserError(f"{path.name}: its {ENTRY} is not UTF-8 text.") from None


def read_archive_document(path: Path, passphrase: str) -> dict[str, Any]:
    from img_crm.services.json_io import read_json_document

    return read_json_document(read_archive(path, passphrase))
