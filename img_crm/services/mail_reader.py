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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import Message as EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.policy import compat32
from pathlib import Path
from typing import BinaryIO

from img_crm.domain.correspondence import Message, Unreadable
from img_crm.services.mail_headers import (
    addresses,
    decoded,
    header_charset,
    header_text,
    message_date,
    storable,
)

#: A header block larger than this is not a message's (a broken file).
MAX_HEADER_BYTES = 256 * 1024
#: With bodies asked for, a message's text is read up to this much.
MAX_BODY_BYTES = 1024 * 1024
#: The part of a body kept in the activity (the rest is in the user's mail).
MAX_BODY_CHARS = 20_000
#: Files in a mail folder that are never mailboxes (Thunderbird's indexes...).
NOT_MAILBOXES = frozenset({".msf", ".dat", ".json", ".html", ".sqlite", ".db", ".log", ".txt"})

#: A message dated later than this after the reading is misdated (a
#: sender's clock ahead), not from the future: no activity is logged ahead
#: of today.
DATE_MARGIN = timedelta(hours=1)
#: Headers a mail program rewrites in place (read flags, labels): left out
#: of the digest that keys a message without a Message-ID.
VOLATILE_HEADERS = (
    b"x-mozilla-",
    b"x-gmail-labels",
    b"status",
    b"x-status",
    b"x-keywords",
    b"x-uid",
)
#: Thunderbird's and Apple Mail's folders of mail never sent.
UNSENT_FOLDERS = frozenset({"drafts", "unsent messages", "templates", "outbox"})
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
        if _unsent_folder(candidate.relative_to(path)):
            continue
        if candidate.suffix.casefold() == ".eml" or _starts_like_mbox(candidate):
            found.append(candidate)
    return found


def _unsent_folder(relative: Path) -> bool:
    """A Drafts, Unsent Messages or Templates mailbox (or a folder of them)."""
    for part in relative.parts:
        name = part.casefold()
        for ending in (".sbd", ".mbox"):
            name = name.removesuffix(ending)
        if name in UNSENT_FOLDERS:
            return True
    return False


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
            if not head:
                continue  # blank lines before the headers (a saved message)
            break
        head += line[: max(0, MAX_HEADER_BYTES - len(head))]
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
            else:
                head += line[: max(0, MAX_HEADER_BYTES - len(head))]
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
    if not any(key.casefold() in MAIL_HEADERS for key in headers):
        return Read(None, is_mail=False)
    if _not_from_a_person(headers):
        return Read(None)
    charset = headers.get_content_charset() or header_charset(head)
    sender = addresses(headers, ("From",), charset)
    recipients = addresses(headers, ("To", "Cc", "Bcc"), charset)
    if not sender or not recipients:
        return Read(None)
    moment = message_date(headers, from_line, latest)
    subject = header_text(headers.get("Subject"), charset)
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


def _not_from_a_person(headers: EmailMessage) -> bool:
    """A draft never sent (Thunderbird's and Outlook's marks, Gmail's label)
    or a message a program wrote by itself (an out-of-office reply)."""
    if headers.get("X-Mozilla-Draft-Info") is not None or headers.get("X-Unsent") == "1":
        return True
    labels = str(headers.get("X-Gmail-Labels", "")).casefold().split(",")
    if "drafts" in (label.strip() for label in labels):
        return True
    auto = str(headers.get("Auto-Submitted", "no")).strip().casefold()
    return auto not in ("", "no")


def _key(headers: EmailMessage, head: bytes) -> str:
    """The Message-ID; a message without one is known by a digest of its
    headers, which a second import of the same file finds again."""
    message_id = " ".join(str(headers.get("Message-ID", "")).split()).strip("<>")
    if message_id and len(message_id) <= 500:
        return message_id
    return "sha256:" + hashlib.sha256(_lasting(head)).hexdigest()


def _lasting(head: bytes) -> bytes:
    """The header block without the headers a mail program rewrites in place
    (Thunderbird's read flags, Gmail's labels), folded lines and all."""
    kept: list[bytes] = []
    skipping = False
    for line in head.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].strip().lower()
        skipping = name.startswith(VOLATILE_HEADERS)
        if not skipping:
            kept.append(line.rstrip(b"\r\n") + b"\n")
    return b"".join(kept)


def _body(head: bytes, body: bytes) -> str:
    """The message's plain text (or its HTML's, tags and all), cut short."""
    try:
        parsed = BytesParser(policy=compat32).parsebytes(head + b"\n" + body)
    except RecursionError:  # parts nested thousands deep: no text worth keeping
        return ""
    parts = [p for p in parsed.walk() if p.get_content_type() in ("text/plain", "text/html")]
    parts.sort(key=lambda p: p.get_content_type() != "text/plain")  # plain text first
    for part in parts:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        text = decoded(payload, part.get_content_charset(), "")
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
        return storable(text.strip()[:MAX_BODY_CHARS])
    return ""
