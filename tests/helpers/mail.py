"""Mailboxes as mail programs write them, for the mail import's tests.

``message`` and ``write_mbox`` use the standard library's ``email`` and
``mailbox.mbox`` (Thunderbird's local folders and Google Takeout are mbox
files); ``raw_message`` writes a message byte for byte where real software
writes what ``email`` would not (raw 8-bit headers, a NUL, a bad date).
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ME = "me@example.org"
WHEN = datetime(2026, 10, 5, 14, 30, tzinfo=UTC)


def message(
    sender: str,
    to: str,
    subject: str,
    *,
    at: datetime | None = WHEN,
    message_id: str | None = "auto",
    cc: str = "",
    body: str = "Hello",
) -> EmailMessage:
    """One message; ``message_id="auto"`` gives each distinct message its own."""
    made = EmailMessage()
    made["From"] = sender
    made["To"] = to
    if cc:
        made["Cc"] = cc
    made["Subject"] = subject
    if at is not None:
        made["Date"] = format_datetime(at)
    if message_id == "auto":
        message_id = f"<{abs(hash((sender, to, subject, at)))}@mail.example.org>"
    if message_id:
        made["Message-ID"] = message_id
    made.set_content(body)
    return made


def raw_message(headers: bytes, body: bytes = b"Hello\n") -> bytes:
    """A message as bytes, its header lines given exactly (``\\n``-separated)."""
    return headers.rstrip(b"\n") + b"\n\n" + body


def write_mbox(path: Path, messages: Iterable[EmailMessage | bytes]) -> Path:
    """An mbox file of ``messages``, written as ``mailbox.mbox`` writes one."""
    box = mailbox.mbox(path)
    box.lock()
    try:
        for item in messages:
            box.add(item)
    finally:
        box.flush()
        box.unlock()
        box.close()
    return path


def exchange(path: Path, pairs: Iterable[tuple[str, str]], *, now: datetime) -> Path:
    """An mbox of short notes ``(sender, to)``, the first three days before
    ``now`` and each next one an hour earlier, subjects "Note 0", "Note 1"..."""
    return write_mbox(
        path,
        [
            message(
                sender,
                to,
                f"Note {n}",
                at=now - timedelta(days=3, hours=n),
                message_id=f"<n{n}@example.org>",
                body="Hi",
            )
            for n, (sender, to) in enumerate(pairs)
        ],
    )
