"""The text of a message's headers: encoded words, raw 8-bit bytes, addresses, dates.

What real mail programs write, read without stopping: a header's raw bytes
in the message's charset (else UTF-8, else what charset-normalizer finds for
the whole header block), a broken encoded word kept as written, addresses
with an invisible or unreadable character left out, a date a broken clock
gave not believed. ``mail_reader`` splits files into messages; this module
reads one message's headers.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header
from email.message import Message as EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from img_crm.domain.correspondence import EARLIEST


def header_charset(head: bytes) -> str:
    """The encoding of raw 8-bit header bytes when the message names none:
    UTF-8 if they read as it, else what charset-normalizer finds for the
    whole header block (one subject's few bytes are too few to tell)."""
    if head.isascii():
        return ""
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    return best.encoding if best is not None else ""


def header_text(value: object, charset: str) -> str:
    """A header's text, with encoded words decoded and raw 8-bit bytes read
    in the message's charset (else UTF-8, else Windows-1252)."""
    if value is None:
        return ""
    parts: list[str] = []
    for chunk, encoding in _chunks(value):
        if isinstance(chunk, str):
            parts.append(chunk)
            continue
        parts.append(decoded(chunk, encoding, charset))
    return storable(" ".join("".join(parts).split()))


def _chunks(value: object) -> list[tuple[bytes | str, str | None]]:
    """A header's encoded words decoded; a broken one (bad base64) is kept
    as it is written rather than stopping the import."""
    try:
        return decode_header(value)  # type: ignore[arg-type]
    except (HeaderParseError, ValueError, LookupError):
        if isinstance(value, str):
            return [(value, None)]
        return [(str(value).encode("utf-8", "replace"), "utf-8")]


def storable(text: str) -> str:
    """``text`` without the control characters and broken bytes a store
    refuses (line ends and tabs stay)."""
    if text.isprintable():
        return text
    return "".join(
        ch
        for ch in text
        if ch in "\n\t"
        or not (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or 0xD800 <= ord(ch) <= 0xDFFF)
    )


def decoded(raw: bytes, encoding: str | None, charset: str) -> str:
    for candidate in (encoding, charset, "utf-8"):
        if not candidate or candidate == "unknown-8bit":
            continue
        try:
            return raw.decode(candidate)
        except (LookupError, ValueError):  # unknown, undecodable, or a NUL in the name
            continue
    return raw.decode("cp1252", errors="replace")


def addresses(headers: EmailMessage, names: tuple[str, ...], charset: str) -> list[tuple[str, str]]:
    raw = [_raw(value, charset) for name in names for value in headers.get_all(name, [])]
    try:
        pairs = getaddresses(raw)
    except RecursionError:  # hundreds of nested comments: read the bare addresses
        pairs = [("", address) for address in _BARE_ADDRESS.findall(" ".join(raw))]
    found: list[tuple[str, str]] = []
    for display, written in pairs:
        address = written.strip(_EDGES).strip("<>").casefold()
        if "@" not in address or "=?" in address or not all(map(_address_char, address)):
            continue  # a space, a control or invisible character, a broken byte inside
        found.append((address, header_text(display, charset) if display else ""))
    return found


#: An address written bare, for headers too tangled to parse.
_BARE_ADDRESS = re.compile(r"[^\s<>(),;:\"\[\]]+@[^\s<>(),;:\"\[\]]+")
#: What may surround an address and is not part of it (a NUL after it...).
_EDGES = "".join(chr(n) for n in range(33)) + "\x7f\ufeff"


def _address_char(ch: str) -> bool:
    """Whether ``ch`` may be in an address: not a space, a control or format
    character (U+200B, U+202E, a soft hyphen) or U+FFFD, a byte that could
    not be read."""
    return not ch.isspace() and ch != "\ufffd" and unicodedata.category(ch) not in ("Cc", "Cf")


def _raw(value: object, charset: str) -> str:
    """An address header as text: raw 8-bit bytes (``jürgen@bücher.example``
    written unencoded, as RFC 6532 allows) read in the message's charset,
    encoded words left for the display names' own decoding."""
    if isinstance(value, str):
        return value
    parts: list[str] = []
    for chunk, encoding in _chunks(value):
        if isinstance(chunk, str):
            parts.append(chunk)
        elif encoding == "unknown-8bit":
            parts.append(decoded(chunk, None, charset))
        else:
            parts.append(chunk.decode("ascii", errors="replace"))
    return "".join(parts)


def message_date(headers: EmailMessage, from_line: bytes, latest: datetime) -> datetime | None:
    """The Date header; else the mbox ``From `` line's date; else the newest
    Received header's. A moment with no zone is taken as UTC; one after
    ``latest`` (a sender's clock years ahead) is not believed."""
    candidates: list[str] = []
    if headers.get("Date"):
        candidates.append(str(headers["Date"]))
    words = from_line.decode("ascii", errors="replace").split()
    if len(words) >= 3:
        candidates.append(" ".join(words[2:]))
    received = headers.get("Received")
    if received and ";" in str(received):
        candidates.append(str(received).rsplit(";", 1)[1])
    for text in candidates:
        moment = _parsed_date(text.strip())
        if moment is not None and EARLIEST <= moment <= latest:
            return moment
    return None


#: The year as RFC 5322 writes it: day, month, year, time of day.
_YEAR = re.compile(r"\d{1,2}\s+[A-Za-z]{3}\s+(\d{1,4})\s+\d{1,2}:\d{2}")


def _parsed_date(text: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        try:  # the From line's asctime form: "Mon Jan  1 09:00:00 2024"
            moment = datetime.strptime(" ".join(text.split()[:5]), "%a %b %d %H:%M:%S %Y")
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    written = _YEAR.search(text)
    if written is not None and len(written.group(1)) != 2 and int(written.group(1)) != moment.year:
        return None  # "0000" or "0", which the parser reads as 2000
    return moment
