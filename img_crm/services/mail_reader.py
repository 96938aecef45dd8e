"""Messages as mail programs store them: ``.eml`` files and ``mbox`` mailboxes
(Thunderbird's local folders, Google Takeout's ``.mbox``, mutt, Apple Mail's
export).

A mailbox is read once, front to back, a line at a time: only each
message's header block is kept (at most ``MAX_HEADER_BYTES``), so a 1 GB
mailbox of large attachments is read in bounded memory. The separators are
the ``From `` lines the standard library's ``mailbox.mbox`` writes and
splits on; the headers go through the standard library's ``email`` parser
and its encoded-word and address decoding. ``mailbox.mbox`` itself is not
used to read: it opens the file for writing and reads it twice.

Nothing here decides what a message means for the user: that is
``domain/correspondence.py``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.header import decode_header
from email.message import Message as EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from img_crm.domain.correspondence import Message, Unreadable

#: A header block larger than this is not a message's (a broken file).
MAX_HEADER_BYTES = 256 * 1024
#: With bodies asked for, a message's text is read up to this much.
MAX_BODY_BYTES = 1024 * 1024
#: The part of a body kept in the activity (the rest is in the user's mail).
MAX_BODY_CHARS = 20_000
#: Files in a mail folder that are never mailboxes (Thunderbird's indexes...).
NOT_MAILBOXES = frozenset({".msf", ".dat", ".json", ".html", ".sqlite", ".db", ".log", ".txt"})

#: A message dated later than this after the reading is misdated (a
#: sender's clock years ahead), not from the future.
DATE_MARGIN = timedelta(days=2)
#: The header names every message has one of; a block without any is not mail.
MAIL_HEADERS = ("from", "to", "date", "subject", "message-id", "received", "return-path")
#: The first bytes of a mailbox that may come before its first ``From `` line.
_LEADING = b"\xef\xbb\xbf\r\n\t "

Progress = Callable[[int, int], bool]


@dataclass(frozen=True, slots=True)
class Read:
    """One message of a file: its facts (None if it has no usable sender or
    recipients: not mail between people) or why it cannot be dated."""

    message: Message | None
    problem: Unreadable | None = None
    #: False for a file that holds no message at all (binary, empty, text).
    is_mail: bool = True


def mail_files(path: Path) -> list[Path]:
    """The mailboxes and messages at ``path``: the file itself, or every
    ``.eml`` file and mbox file in the folder and its subfolders (a
    Thunderbird profile's ``Mail/Local Folders``, with its ``.sbd`` folders),
    in name order."""
    if path.is_file():
        return [path]
    found: list[Path] = []
    for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
        if candidate.suffix.casefold() in NOT_MAILBOXES or candidate.name.startswith("."):
            continue
        if candidate.suffix.casefold() == ".eml" or _starts_like_mbox(candidate):
            found.append(candidate)
    return found


def _starts_like_mbox(path: Path) -> bool:
    """Whether the file's first line with text is an mbox ``From `` line
    (after a byte-order mark or blank lines some exports begin with)."""
    try:
        with path.open("rb") as handle:
            return handle.read(4096).lstrip(_LEADING).startswith(b"From ")
    except OSError:
        return False


def is_mbox(path: Path) -> bool:
    return path.suffix.casefold() != ".eml" and _starts_like_mbox(path)


def read_messages(
    path: Path,
    *,
    now: datetime,
    with_bodies: bool = False,
    progress: Progress | None = None,
    done_before: int = 0,
    total: int = 0,
) -> Iterator[Read]:
    """Every message in one file, in file order, read at ``now`` (a date
    after it is not believed). ``progress(bytes done, total)`` is told as the
    file is read (``done_before`` and ``total`` place this file among
    others); returning False stops the reading."""
    latest = now + DATE_MARGIN
    with path.open("rb") as handle:
        if is_mbox(path):
            yield from _mbox(handle, path.name, with_bodies, progress, done_before, total, latest)
        else:
            head, body = _split_eml(handle, with_bodies)
            yield _facts(path.name, 1, 1, head, body, from_line=b"", latest=latest)


def _split_eml(handle: BinaryIO, with_bodies: bool) -> tuple[bytes, bytes]:
    head = bytearray()
    for n, line in enumerate(handle):
        if n == 0:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if line in (b"\n", b"\r\n"):
            break
        if len(head) < MAX_HEADER_BYTES:
            head += line
    body = handle.read(MAX_BODY_BYTES) if with_bodies else b""
    return bytes(head), body


def _mbox(
    handle: BinaryIO,
    name: str,
    with_bodies: bool,
    progress: Progress | None,
    done_before: int,
    total: int,
    latest: datetime,
) -> Iterator[Read]:
    number = 0
    line_no = 0
    start_line = 0
    from_line = b""
    head = bytearray()
    body = bytearray()
    in_head = False
    offset = 0
    reported = 0
    for line in handle:
        line_no += 1
        offset += len(line)
        if line_no == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if line.startswith(b"From "):
            if number:
                yield _facts(
                    name,
                    start_line,
                    number,
                    bytes(head),
                    bytes(body),
                    from_line=from_line,
                    latest=latest,
                )
            number += 1
            start_line = line_no
            from_line = line
            head.clear()
            body.clear()
            in_head = True
            if progress is not None and offset - reported > 1 << 20:
                reported = offset
                if not progress(done_before + offset, total):
                    return
            continue
        if in_head:
            if line in (b"\n", b"\r\n"):
                in_head = False
            elif len(head) < MAX_HEADER_BYTES:
                head += line
        elif with_bodies and len(body) < MAX_BODY_BYTES:
            # mboxrd and mboxo quote a body line that starts with "From "
            body += line[1:] if line.startswith(b">From ") else line
    if number:
        yield _facts(
            name, start_line, number, bytes(head), bytes(body), from_line=from_line, latest=latest
        )
    if progress is not None:
        progress(done_before + offset, total)


def _facts(
    name: str,
    line: int,
    number: int,
    head: bytes,
    body: bytes,
    *,
    from_line: bytes,
    latest: datetime,
) -> Read:
    headers = BytesHeaderParser(policy=compat32).parsebytes(head)
    if not from_line and not any(key.casefold() in MAIL_HEADERS for key in headers):
        return Read(None, is_mail=False)
    charset = headers.get_content_charset() or _header_charset(head)
    sender = _addresses(headers, ("From",), charset)
    recipients = _addresses(headers, ("To", "Cc", "Bcc"), charset)
    if not sender or not recipients:
        return Read(None)
    moment = _date(headers, from_line, latest)
    subject = _text(headers.get("Subject"), charset)
    if moment is None:
        return Read(
            _undated(sender[0], recipients, subject),
            Unreadable(name, line, number, "Date", "the message has no date img-crm can read"),
        )
    key = _key(headers, head)
    text = _body(head, body) if body else ""
    return Read(Message(key, moment, sender[0][0], sender[0][1], tuple(recipients), subject, text))


def _undated(sender: tuple[str, str], recipients: list[tuple[str, str]], subject: str) -> Message:
    """The facts of an undated message, so the caller can tell whether it was
    the user's correspondence (only then is it worth a line in the report)."""
    return Message(
        "", datetime.min.replace(tzinfo=UTC), sender[0], sender[1], tuple(recipients), subject
    )


def _header_charset(head: bytes) -> str:
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


def _text(value: object, charset: str) -> str:
    """A header's text, with encoded words decoded and raw 8-bit bytes read
    in the message's charset (else UTF-8, else Windows-1252)."""
    if value is None:
        return ""
    parts: list[str] = []
    for chunk, encoding in decode_header(value):  # type: ignore[arg-type]
        if isinstance(chunk, str):
            parts.append(chunk)
            continue
        parts.append(_decoded(chunk, encoding, charset))
    return storable(" ".join("".join(parts).split()))


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


def _decoded(raw: bytes, encoding: str | None, charset: str) -> str:
    for candidate in (encoding, charset, "utf-8"):
        if not candidate or candidate == "unknown-8bit":
            continue
        try:
            return raw.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("cp1252", errors="replace")


def _addresses(
    headers: EmailMessage, names: tuple[str, ...], charset: str
) -> list[tuple[str, str]]:
    raw = [_raw(value, charset) for name in names for value in headers.get_all(name, [])]
    found: list[tuple[str, str]] = []
    for display, address in getaddresses(raw):
        address = storable(address).strip().strip("<>").casefold()
        if "@" not in address or any(ch.isspace() for ch in address):
            continue
        found.append((address, _text(display, charset) if display else ""))
    return found


def _raw(value: object, charset: str) -> str:
    """An address header as text: raw 8-bit bytes (``jürgen@bücher.example``
    written unencoded, as RFC 6532 allows) read in the message's charset,
    encoded words left for the display names' own decoding."""
    if isinstance(value, str):
        return value
    parts: list[str] = []
    for chunk, encoding in decode_header(value):  # type: ignore[arg-type]
        if isinstance(chunk, str):
            parts.append(chunk)
        elif encoding == "unknown-8bit":
            parts.append(_decoded(chunk, None, charset))
        else:
            parts.append(chunk.decode("ascii", errors="replace"))
    return "".join(parts)


def _date(headers: EmailMessage, from_line: bytes, latest: datetime) -> datetime | None:
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
        if moment is not None and moment <= latest:
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
    if moment.year < 1970:
        return None
    return moment


def _key(headers: EmailMessage, head: bytes) -> str:
    """The Message-ID; a message without one is known by a digest of its
    headers, which a second import of the same file finds again."""
    message_id = " ".join(str(headers.get("Message-ID", "")).split()).strip("<>")
    if message_id and len(message_id) <= 500:
        return message_id
    return "sha256:" + hashlib.sha256(head).hexdigest()


def _body(head: bytes, body: bytes) -> str:
    """The message's plain text (or its HTML's, tags and all), cut short."""
    parsed = BytesParser(policy=compat32).parsebytes(head + b"\n" + body)
    parts = [p for p in parsed.walk() if p.get_content_type() in ("text/plain", "text/html")]
    parts.sort(key=lambda p: p.get_content_type() != "text/plain")  # plain text first
    for part in parts:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        text = _decoded(payload, part.get_content_charset(), "")
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
        return storable(text.strip()[:MAX_BODY_CHARS])
    return ""
