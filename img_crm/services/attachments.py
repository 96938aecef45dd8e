"""Attaching files, opening them, saving copies, recording who got which
version (#24), for both front ends.

A file is read whole from the disk before anything is written, so a file
that is missing, unreadable, a folder or too big is one sentence naming it
and nothing is attached. Opening writes an owner-only copy for the system's
viewer (``opened_folder``: the session's runtime folder on Linux, else the
data folder's ``opened/``), removed when the window closes, or by the next
opening once a day old: the store's own copy is never handed to another
program.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from img_crm import clock
from img_crm.domain.attachments import (
    MAX_FILE_BYTES,
    AttachmentKind,
    AttachmentRow,
    Owner,
    OwnerKind,
    SentRow,
    clean_name,
    guess_kind,
    newest_versions,
    size_problem,
)
from img_crm.errors import UserError
from img_crm.services.atomic import atomic_write_bytes
from img_crm.store import attachments as rows
from img_crm.store import sent_files
from img_crm.store.driver import Source

OPENED_FOLDER = "opened"
#: Copies opened for a viewer are kept this long (a viewer may still read one).
OPENED_KEEP_SECONDS = 24 * 60 * 60
_UNSAFE_IN_FILE_NAMES = '<>:"|?*'
#: A file name's bytes most file systems allow (ext4, NTFS, APFS: 255).
_NAME_BYTES = 240


@dataclass(frozen=True, slots=True)
class Picked:
    """A file the user chose, read whole."""

    name: str
    data: bytes


def read_picked(path: Path) -> Picked:
    """The file at ``path``, or one sentence saying why it cannot be attached."""
    shown = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UserError(f"{shown} was not found; nothing was added.") from None
    except OSError as exc:
        raise UserError(f"{shown} cannot be read ({exc.strerror}); nothing was added.") from None
    if path.is_dir():
        raise UserError(f"{shown} is a folder; attach the files inside it.")
    if not stat.S_ISREG(info.st_mode):  # a pipe would wait forever, a device never end
        raise UserError(f"{shown} is not a file (a device or a pipe); nothing was added.")
    too_big = size_problem(shown, info.st_size)
    if too_big:
        raise UserError(too_big)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UserError(f"{shown} cannot be read ({exc.strerror}); nothing was added.") from None
    too_big = size_problem(shown, len(data))  # it grew since
    if too_big:
        raise UserError(too_big)
    return Picked(clean_name(path.name), data)


def attach(
    session: Source,
    *,
    owner: Owner,
    files: Sequence[Picked],
    kind: AttachmentKind | None = None,
) -> list[int]:
    """Attach each file to ``owner`` in the caller's transaction (all or
    none); ``kind`` None guesses each from its name."""
    if not files:
        raise UserError("No file was given to attach.")
    now = clock.now()
    return [
        rows.add_attachment(
            session,
            owner=owner,
            name=picked.name,
            data=picked.data,
            kind=kind or guess_kind(picked.name),
            now=now,
        )
        for picked in files
    ]


def attach_paths(
    session: Source, *, owner: Owner, paths: Sequence[Path], kind: AttachmentKind | None = None
) -> list[int]:
    """Read every file first (one sentence for the first that cannot be
    attached), then attach them all."""
    return attach(session, owner=owner, files=[read_picked(p) for p in paths], kind=kind)


def copy_name(name: str) -> str:
    """``name`` as a file name every system accepts: no reserved character,
    at most ``_NAME_BYTES`` bytes (the extension kept)."""
    safe = "".join("_" if ch in _UNSAFE_IN_FILE_NAMES else ch for ch in clean_name(name)).rstrip(
        ". "
    )
    safe = safe or "attachment"
    stem, dot, extension = safe.rpartition(".")
    if not dot or len(extension) > 16:
        stem, extension = safe, ""
    suffix = f".{extension}" if extension else ""
    while len((stem + suffix).encode("utf-8")) > _NAME_BYTES:
        stem = stem[:-1]
    return (stem or "attachment") + suffix


def opened_folder(data_dir: Path) -> Path:
    """Where copies for a viewer go: on Linux the session's runtime folder
    (``$XDG_RUNTIME_DIR``: in memory, the user's alone, emptied at logout),
    so a protected store's file is never written to the disk in plain, one
    folder per data folder; elsewhere, or when that folder is not the
    user's alone, the data folder's ``opened/``."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform.startswith("linux") and runtime and _users_alone(Path(runtime)):
        key = hashlib.sha256(os.fsencode(data_dir.resolve())).hexdigest()[:16]
        return Path(runtime) / "img-crm" / f"{OPENED_FOLDER}-{key}"
    return data_dir / OPENED_FOLDER


def _users_alone(folder: Path) -> bool:
    try:
        info = folder.stat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def _private_folders(folder: Path, *, below: Path) -> None:
    """``folder`` and each folder between it and ``below``, owner-only."""
    missing = []
    step = folder
    while step != below and not step.exists():
        missing.append(step)
        step = step.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)


def write_copy_to_open(source: Source, *, attachment_id: int, data_dir: Path) -> Path:
    """A copy of the attachment for the system's viewer, in
    ``opened_folder``; copies older than a day are removed first."""
    forget_opened(data_dir, older_than=OPENED_KEEP_SECONDS)
    row = rows.get_attachment(source, attachment_id=attachment_id)
    data = rows.file_bytes(source, digest=row.digest)
    root = opened_folder(data_dir)
    folder = root / str(row.id)
    _private_folders(folder, below=root.parent.parent)
    root.chmod(0o700)  # one made before this was owner-only (0755) is made so
    target = folder / copy_name(row.name)
    atomic_write_bytes(target, data)
    return target


def forget_opened(data_dir: Path, *, older_than: float = 0) -> None:
    """Remove the copies written for a viewer (those older than
    ``older_than`` seconds), in the runtime folder and in the data folder's
    ``opened/`` alike (a command run without a session wrote there); one
    still open elsewhere is left for later."""
    for folder in dict.fromkeys([opened_folder(data_dir), data_dir / OPENED_FOLDER]):
        _forget_in(folder, older_than)


def _forget_in(folder: Path, older_than: float) -> None:
    if not folder.is_dir():
        return
    try:
        limit = _file_system_now(folder) - older_than if older_than else 0.0
    except OSError:
        return  # not ours to touch
    for entry in folder.iterdir():
        try:
            if older_than and entry.stat().st_mtime > limit:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue  # Windows: a viewer holds it open; next time
    with contextlib.suppress(OSError):
        folder.rmdir()


def _file_system_now(folder: Path) -> float:
    """Now by the clock that stamps the copies: a file's age is the file
    system's, not the app's today (a test or a traveller may set that).
    Touching the folder needs no free space, so a full disk still cleans up."""
    os.utime(folder)
    return folder.stat().st_mtime


def save_copy(source: Source, *, attachment_id: int, destination: Path) -> Path:
    """The attachment written to ``destination`` (atomically, owner-only)."""
    row = rows.get_attachment(source, attachment_id=attachment_id)
    atomic_write_bytes(destination, rows.file_bytes(source, digest=row.digest))
    return destination


def open_with_system(path: Path) -> None:
    """Hand ``path`` to the system's viewer (the command line's ``open``;
    the window uses ``QDesktopServices``)."""
    import subprocess

    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(opener) is None:
        raise UserError(
            # the folder, not the file: its name is the user's
            f"No program to open files with was found ({opener}); the copy is in {path.parent}."
        )
    subprocess.Popen(
        [opener, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@dataclass(frozen=True, slots=True)
class Listed:
    """An attachment as a list shows it: the row, and whom it was given to
    (the "sent to" record's id, the contact's or program's name, the day)."""

    row: AttachmentRow
    given: tuple[tuple[int, str, date], ...]


def listing(source: Source, *, owner: Owner) -> list[Listed]:
    """The attachments of one record, each with whom it was given to."""
    found = rows.list_attachments(source, owner=owner)
    given = sent_files.given_names(source, attachment_ids=[row.id for row in found])
    return [Listed(row, tuple(given.get(row.id, ()))) for row in found]


def recipients(source: Source) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Every contact and program a file may be given to, as (id, name)."""
    return sent_files.recipient_choices(source)


@dataclass(frozen=True, slots=True)
class Versions:
    """What one contact was given: every record, and the newest CV and
    statement among them."""

    sent: list[SentRow]
    newest: dict[AttachmentKind, SentRow]


def versions_given(source: Source, *, contact_id: int) -> Versions:
    sent = sent_files.sent_records(source, contact_id=contact_id)
    return Versions(sent, newest_versions(sent))


def mark_sent(
    session: Source,
    *,
    attachment_id: int,
    contact_ids: Sequence[int] = (),
    program_ids: Sequence[int] = (),
    sent_on: date | None = None,
) -> int:
    """Record who was given this version; ``sent_on`` None: today."""
    return sent_files.mark_sent(
        session,
        attachment_id=attachment_id,
        contact_ids=contact_ids,
        program_ids=program_ids,
        sent_on=sent_on or clock.today(),
    )


def to_json(row: AttachmentRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "kind": row.kind.value,
        "size": row.size,
        "sha256": row.digest,
        "owner": row.owner.kind.value,
        "owner_id": row.owner.id,
        "added_at": row.added_at.isoformat(),
    }


def sent_to_json(row: SentRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "attachment_id": row.attachment_id,
        "name": row.name,
        "kind": row.kind.value,
        "contact_id": row.contact_id,
        "program_id": row.program_id,
        "sent_on": row.sent_on.isoformat(),
    }


__all__ = [
    "Listed",
    "OwnerKind",
    "Picked",
    "attach",
    "attach_paths",
    "copy_name",
    "forget_opened",
    "listing",
    "mark_sent",
    "open_with_system",
    "read_picked",
    "save_copy",
    "to_json",
    "versions_given",
    "write_copy_to_open",
]
