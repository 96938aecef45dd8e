"""A file people give us, as text: bounded in size, in the encoding it was written.

Imports of contacts and programs and JSON restores all read through here, so
``/dev/zero`` is refused the same way everywhere and a file from an old
Outlook (Windows-1252), a phone (ISO-8859) or Excel's "Unicode text" (UTF-16)
is read in its own encoding, which is then named to the user.
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from img_crm.errors import UserError

MIB = 1024 * 1024
#: The largest file an import reads: a phone's vCard with photos is tens of MB.
MAX_IMPORT_BYTES = 100 * MIB


def read_bounded(path: Path) -> bytes:
    """A regular file of at most ``MAX_IMPORT_BYTES``, or a sentence saying why not
    (``/dev/zero`` or a pipe would otherwise be read until memory runs out)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{path} is not a regular file (a device, a pipe or a folder).")
        if info.st_size > MAX_IMPORT_BYTES:
            raise UserError(
                f"{path.name} is {info.st_size / MIB:,.0f} MB; img-crm imports files of up to "
                f"{MAX_IMPORT_BYTES // MIB} MB."
            )
        with open(path, "rb") as handle:
            raw = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}.") from exc
    if len(raw) > MAX_IMPORT_BYTES:  # it grew while being read
        raise UserError(f"{path.name} is larger than {MAX_IMPORT_BYTES // MIB} MB.")
    return raw


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def shown_name(text: str) -> str:
    """A name the user typed, as a message quotes it: one line, short."""
    return repr(" ".join(text.split())[:40])


def encoding_label(encoding: str) -> str:
    """Python's codec name as people know it: cp1252 is Windows-1252."""
    name = codecs.lookup(encoding).name
    if name.startswith("cp125"):
        return "Windows-" + name[2:]
    if name.startswith("iso8859-"):
        return "ISO-8859-" + name.split("-", 1)[1]
    return {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}.get(name, name.upper())


#: The legacy encodings contact exports come in, most common first: a guess
#: between equally likely ones takes the earlier (Outlook and Excel on Western
#: Windows write Windows-1252).
LEGACY_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_9",
    "iso8859_15",
    "cp874",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
    "koi8_r",
)


#: The writing each legacy encoding is for, so a user can tell which to choose.
SCRIPTS = {
    "cp1250": "Central European",
    "cp1251": "Cyrillic",
    "cp1252": "Western European",
    "cp1253": "Greek",
    "cp1254": "Turkish",
    "cp1255": "Hebrew",
    "cp1256": "Arabic",
    "cp1257": "Baltic",
    "cp1258": "Vietnamese",
    "iso8859_2": "Central European",
    "iso8859_5": "Cyrillic",
    "iso8859_7": "Greek",
    "iso8859_9": "Turkish",
    "iso8859_15": "Western European",
    "cp874": "Thai",
    "shift_jis": "Japanese",
    "euc_jp": "Japanese",
    "gb18030": "Chinese, simplified",
    "big5": "Chinese, traditional",
    "euc_kr": "Korean",
    "koi8_r": "Russian",
    "utf-8": "every script",
}


def described(encoding: str) -> str:
    """ "Windows-1254 (Turkish)": the name and the writing it is for."""
    label = encoding_label(encoding)
    key = next((k for k in SCRIPTS if codecs.lookup(k).name == codecs.lookup(encoding).name), "")
    return f"{label} ({SCRIPTS[key]})" if key else label


def decode(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The bytes as text, and the encoding they were read in. An encoding the
    user chose wins; then a byte-order mark, then UTF-8, then the likeliest of
    ``LEGACY_ENCODINGS`` by charset-normalizer. The encoding is always named
    to the user, who can choose another when a short file was guessed wrong."""
    if encoding:
        try:
            return raw.decode(encoding).lstrip("\ufeff"), encoding_label(encoding)
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise UserError(f"{name}, line {line}: not {encoding_label(encoding)} text.") from None
        except UnicodeError:  # a codec that is not a text encoding (punycode, "undefined")
            raise UserError(f"{shown_name(encoding)} is not a text encoding.") from None
        except (LookupError, ValueError):  # unknown, or a name with a NUL in it
            raise UserError(f"{shown_name(encoding)} is not an encoding img-crm knows.") from None
    for mark, marked in _BOMS:
        if raw.startswith(mark):
            try:
                return raw.decode(marked).lstrip("\ufeff"), encoding_label(marked)
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        failure = exc
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    matches = list(from_bytes(raw, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        line = raw[: failure.start].count(b"\n") + 1
        raise UserError(
            f"{name}, line {line}: not text in an encoding img-crm can recognise; save the "
            "file as UTF-8 and try again."
        ) from failure
    best = min(
        matches,
        key=lambda m: (
            round(m.chaos, 2),
            -round(m.coherence, 2),
            LEGACY_ENCODINGS.index(m.encoding),
        ),
    )
    return str(best), encoding_label(best.encoding)


def read_text_and_encoding(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """The file as text, with the name of the encoding it was read in."""
    return decode(read_bounded(path), path.name, encoding)


def read_text(path: Path) -> str:
    """The file as text, in whatever encoding it was written (see ``decode``)."""
    return read_text_and_encoding(path)[0]
