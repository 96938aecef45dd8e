"""Attachments' rules: what a file may be called, how big it may be, what
kind of document it is, and which version each person was given (#24).

Pure functions: the store keeps the rows (``store/attachments.py``), the
services read the files (``services/attachments.py``).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from img_crm.domain.limits import text_problem


class AttachmentKind(StrEnum):
    """What a document is: the contact's page shows the newest CV and
    statement each person was given."""

    CV = "cv"
    STATEMENT = "statement"
    LETTER_REQUEST = "letter-request"
    CERTIFICATE = "certificate"
    EVIDENCE = "evidence"
    OTHER = "other"


class OwnerKind(StrEnum):
    """The records a file can be attached to (one column each in the table)."""

    CONTACT = "contact"
    PROGRAM = "program"
    LETTER = "letter"
    ACTIVITY = "activity"


#: The most one file may hold: a scanned certificate or a long CV fits; a
#: video does not (every backup carries every file).
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_NAME = 255
#: The kinds whose newest version per person the contact's page shows.
VERSIONED = (AttachmentKind.CV, AttachmentKind.STATEMENT)


@dataclass(frozen=True, slots=True)
class Owner:
    kind: OwnerKind
    id: int

    @property
    def column(self) -> str:
        return f"{self.kind.value}_id"


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    id: int
    name: str
    kind: AttachmentKind
    digest: str
    size: int
    owner: Owner
    added_at: datetime


@dataclass(frozen=True, slots=True)
class SentRow:
    """One attachment given to one contact or program."""

    id: int
    attachment_id: int
    name: str
    kind: AttachmentKind
    contact_id: int | None
    program_id: int | None
    sent_on: date


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: Bidirectional embeddings, overrides, isolates and marks: in a file name
#: they only disguise it ("CV\u202efdp.exe" shows as "CVexe.pdf"); Arabic
#: and Hebrew names read right without them.
_BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)


def clean_name(name: str) -> str:
    """The name as stored: NFC, surrounding spaces and bidirectional
    controls gone; any letters, dashes and brackets kept
    (``CV (final) — Đặng.pdf``)."""
    return unicodedata.normalize("NFC", name.translate(_BIDI_CONTROLS)).strip()


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an attachment's name, or None."""
    if not name:
        return "must not be empty"
    problem = text_problem(name, limit=MAX_NAME)
    if problem:
        return problem
    if "/" in name or "\\" in name:
        return "must not hold a / or \\ (it names a file, not a folder)"
    if name in (".", ".."):
        return "must name a file"
    return None


def size_text(size: int) -> str:
    """A size as people read it: 512 bytes, 84 KB, 3.4 MB."""
    if size < 1024:
        return f"{size} bytes" if size != 1 else "1 byte"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    megabytes = f"{size / (1024 * 1024):.1f}"
    return f"{megabytes.removesuffix('.0')} MB"


def size_problem(name: str, size: int) -> str | None:
    """The one sentence for a file too big to attach, or None."""
    if size <= MAX_FILE_BYTES:
        return None
    return (
        f"{name} is {size_text(size)}; img-crm attaches files of up to "
        f"{size_text(MAX_FILE_BYTES)}, so nothing was added."
    )


def guess_kind(name: str) -> AttachmentKind:
    """A first guess from the file's name, which the user can change."""
    folded = name.casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in folded).split()
    if "cv" in words or "resume" in words or "résumé" in words or "curriculum" in words:
        return AttachmentKind.CV
    if "statement" in words or "ps" in words:
        return AttachmentKind.STATEMENT
    if "certificate" in words or "certificates" in words:
        return AttachmentKind.CERTIFICATE
    if "evidence" in words:
        return AttachmentKind.EVIDENCE
    if "request" in words:
        return AttachmentKind.LETTER_REQUEST
    return AttachmentKind.OTHER


def newest_versions(sent: Iterable[SentRow]) -> dict[AttachmentKind, SentRow]:
    """Of what one person was given, the newest CV and the newest statement
    (by the day given, then by the order it was recorded)."""
    newest: dict[AttachmentKind, SentRow] = {}
    for row in sent:
        if row.kind not in VERSIONED:
            continue
        known = newest.get(row.kind)
        if known is None or (row.sent_on, row.id) > (known.sent_on, known.id):
            newest[row.kind] = row
    return {kind: newest[kind] for kind in VERSIONED if kind in newest}
