"""Activities from the user's own mail and calendar files: a plan, then one write.

``plan_mail`` and ``plan_calendar`` read the files (nothing is written) and
say what an import would log: the dry run and the preview show the plan;
``apply`` writes it in the caller's one transaction, with the unknown
correspondents the user chose to add as contacts. The same file imported
twice logs nothing the second time (``store/imported.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from img_crm import clock
from img_crm.domain.correspondence import (
    Found,
    Message,
    Suggestion,
    Unreadable,
    found_in_message,
    suggestions,
)
from img_crm.domain.enums import ActivityKind
from img_crm.errors import UserError
from img_crm.services.importer import CancelledError
from img_crm.services.mail_reader import mail_files, read_messages
from img_crm.store.driver import Source
from img_crm.store.imported import email_owners, imported_keys, write_found

#: The largest mail folder read (a whole Takeout is a few GB).
MAX_MAIL_BYTES = 20 * 1024**3

Progress = Callable[[int, int], bool]


@dataclass(slots=True)
class ActivityPlan:
    """What an import of mail or calendar files would log."""

    source: str  # "mail" or "calendar"
    files: list[str] = field(default_factory=list)
    #: Messages or event occurrences read.
    read: int = 0
    #: New activities for contacts, in file order.
    new: list[Found] = field(default_factory=list)
    #: Already logged by an earlier import of the same file.
    already: int = 0
    #: The user's messages with people none of whose addresses a contact has.
    no_contact: int = 0
    #: Messages that are not the user's (lists, others' mail), or meetings
    #: none of the user's contacts took part in.
    unrelated: int = 0
    #: The user's messages that cannot be dated (listed; the user skips them).
    invalid: list[Unreadable] = field(default_factory=list)
    #: Activities with addresses no contact has, by address.
    strangers: dict[str, list[Found]] = field(default_factory=dict)
    #: Events still to come (an import after them logs them).
    later: int = 0
    #: Events cancelled, or declined by the user, left out.
    cancelled: int = 0
    #: Addresses worth adding as contacts (worked out when the reading ends).
    suggestions: list[Suggestion] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        kinds = [item.kind for item in self.new]
        return {
            "read": self.read,
            "new": len(self.new),
            "sent": kinds.count(ActivityKind.OUTREACH_SENT),
            "received": kinds.count(ActivityKind.REPLY_RECEIVED),
            "meetings": kinds.count(ActivityKind.MEETING),
            "already": self.already,
            "no_contact": self.no_contact,
            "unrelated": self.unrelated,
            "invalid": len(self.invalid),
            "later": self.later,
            "cancelled": self.cancelled,
        }

    def refusal(self) -> str:
        first = self.invalid[0].sentence()
        more = len(self.invalid) - 1
        rest = f" ({more} more cannot be read either)" if more else ""
        return f"{first}{rest}; nothing was imported."

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "files": self.files,
            **self.counts(),
            "invalid_messages": [
                {
                    "file": u.file,
                    "line": u.line,
                    "message": u.number,
                    "field": u.field,
                    "reason": u.reason,
                }
                for u in self.invalid
            ],
            "suggested_contacts": [
                {"address": s.address, "name": s.name, "messages": s.messages}
                for s in self.suggestions
            ],
        }


def _keep(plan: ActivityPlan, found: list[Found], done: set[tuple[str, int]]) -> None:
    """File the activities of one message or meeting into the plan."""
    if not found:
        plan.unrelated += 1
        return
    if all(item.contact_id is None for item in found):
        plan.no_contact += 1
    for item in found:
        if item.contact_id is None:
            plan.strangers.setdefault(item.address, []).append(item)
        elif (item.key, item.contact_id) in done:
            plan.already += 1
        else:
            done.add((item.key, item.contact_id))  # the same message twice in a folder
            plan.new.append(item)


def plan_mail(
    session: Source,
    path: Path,
    *,
    own: Sequence[str],
    with_bodies: bool = False,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ActivityPlan:
    """Read the mail at ``path`` (a message, a mailbox or a folder of them)
    at ``now`` (a message dated well after it is misdated). ``own`` are the
    user's addresses; ``progress(bytes, total)`` returning False cancels
    (``CancelledError``)."""
    mine = frozenset(a.casefold() for a in own)
    if not mine:
        raise UserError(
            "Say which email addresses are yours first (Settings, or --me ADDRESS), so "
            "img-crm can tell your messages from others'; nothing was imported."
        )
    files = _mail_files(path)
    total = sum(f.stat().st_size for f in files)
    if total > MAX_MAIL_BYTES:
        raise UserError(
            f"{path.name} holds {total / 1024**3:,.1f} GB of mail; img-crm reads up to "
            f"{MAX_MAIL_BYTES // 1024**3} GB at a time. Import one mailbox at a time."
        )
    now = now or clock.now()
    plan = ActivityPlan("mail", files=[f.name for f in files])
    owners = email_owners(session)
    done = imported_keys(session, source="mail")
    keys = _Keys()
    offset = 0
    stopped = False
    mail = 0

    def told(done_bytes: int, all_bytes: int) -> bool:
        nonlocal stopped
        stopped = progress is not None and not progress(done_bytes, all_bytes)
        return not stopped

    for file in files:
        for read in read_messages(
            file,
            now=now,
            with_bodies=with_bodies,
            progress=told,
            done_before=offset,
            total=total,
        ):
            mail += read.is_mail
            if read.message is None:
                continue
            plan.read += 1
            message = read.message if read.problem else keys.own(read.message)
            if message is None:
                continue  # the same message again (Takeout's "All mail" and "Sent")
            found = found_in_message(message, own=mine, contacts=owners)
            if read.problem is not None:
                if found:
                    plan.invalid.append(read.problem)
                else:
                    plan.unrelated += 1
                continue
            _keep(plan, found, done)
        if stopped:
            raise CancelledError
        offset += file.stat().st_size
    if not mail:
        raise _no_mail(path)
    plan.suggestions = [
        s
        for s in suggestions(item for items in plan.strangers.values() for item in items)
        if _SUGGESTABLE.match(s.address) and _new_contact(s.address, s.name) is not None
    ]
    return plan


#: An address worth offering as a contact: a domain of letters, digits and
#: inner hyphens (any script), no bracketed IP address.
_SUGGESTABLE = re.compile(
    r"^[^@\s]+@(?:(?!-)[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)$"
)


class _Keys:
    """Each message's key, unique within one import: a second copy of a
    message (same Message-ID, sender and moment) is dropped, but a different
    message that reuses a Message-ID (broken mail software) is known by its
    Message-ID and a digest of its sender and moment."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[object, ...]] = {}

    def own(self, message: Message) -> Message | None:
        # sender and moment only: the Sent copy has a Bcc the Inbox copy has
        # not, a list's copy a "[list]" subject, and they are one message
        facts = (message.moment, message.sender)
        seen = self._seen.setdefault(message.key, facts)
        if seen is facts:
            return message
        if seen == facts:
            return None
        digest = hashlib.sha256(repr(facts).encode("utf-8", "replace")).hexdigest()[:16]
        key = f"{message.key}|{digest}"
        if self._seen.setdefault(key, facts) is not facts:
            return None
        return replace(message, key=key)


def _no_mail(path: Path) -> UserError:
    """No file there is mail, or none of the files holds a message."""
    return UserError(
        f"{path.name} holds no mail img-crm can read (.eml files or mbox mailboxes); "
        "nothing was imported."
    )


def _mail_files(path: Path) -> list[Path]:
    try:
        files = mail_files(path)
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}; nothing was imported.") from exc
    if not files:
        raise _no_mail(path)
    return files


def plan_calendar(
    session: Source, path: Path, *, own: Sequence[str] = (), now: datetime | None = None
) -> ActivityPlan:
    """Read the meetings in an ``.ics`` file: each one a contact took part in
    (and did not decline) that has started by ``now``."""
    from img_crm.services.calendar_reader import read_meetings

    now = now or clock.now()
    mine = frozenset(a.casefold() for a in own)
    meetings, later = read_meetings(path, now=now)
    plan = ActivityPlan("calendar", files=[path.name], later=later)
    owners = email_owners(session)
    done = imported_keys(session, source="calendar")
    for meeting in meetings:
        plan.read += 1
        if meeting.cancelled or meeting.declined & mine:  # cancelled, or you declined
            plan.cancelled += 1
            continue
        found = [
            Found(
                meeting.key,
                contact_id,
                address,
                name,
                ActivityKind.MEETING,
                meeting.moment,
                meeting.summary,
            )
            for address, name in meeting.attendees
            if address not in mine
            for contact_id in owners.get(address, ())
        ]
        if meeting.problem is not None:
            if found:  # a contact's meeting whose date cannot be read: listed
                plan.invalid.append(meeting.problem)
            else:
                plan.unrelated += 1
            continue
        _keep(plan, found, done)
    return plan


@dataclass(frozen=True, slots=True)
class Applied:
    logged: int
    contacts_added: int

    def __str__(self) -> str:
        text = f"{self.logged} {'activity' if self.logged == 1 else 'activities'} logged"
        if self.contacts_added:
            who = "contact" if self.contacts_added == 1 else "contacts"
            text += f", {self.contacts_added} {who} added"
        return text


def apply(
    session: Any,
    plan: ActivityPlan,
    *,
    add: Sequence[str] = (),
    skip_invalid: bool = False,
    today: date | None = None,
) -> Applied:
    """Write the plan in the caller's writing transaction: first a contact
    for each address in ``add`` (chosen from the plan's suggestions), then
    every new activity. Refused while the plan has unreadable messages,
    unless the user chose to skip them."""
    from img_crm.store.contacts import insert_contacts

    today = today or clock.today()
    if plan.invalid and not skip_invalid:
        raise UserError(plan.refusal())
    chosen = [a.casefold() for a in dict.fromkeys(add)]
    unknown = sum(a not in plan.strangers for a in chosen)
    if unknown:
        raise UserError(
            f"{unknown} of the addresses to add {'is' if unknown == 1 else 'are'} not among "
            "those this import found without a contact; nothing was imported."
        )
    items = list(plan.new)
    if chosen:
        names = {s.address: s.name for s in plan.suggestions}
        rows = [_new_contact(address, names.get(address, "")) for address in chosen]
        if any(row is None for row in rows):
            bad = sum(row is None for row in rows)
            raise UserError(
                f"{bad} of the addresses to add cannot be a contact's email (it does not look "
                "like name@example.org); nothing was imported."
            )
        ids = insert_contacts(session, rows=[r for r in rows if r is not None], today=today)
        for address, contact_id in zip(chosen, ids, strict=True):
            items += [replace(item, contact_id=contact_id) for item in plan.strangers[address]]
    logged = write_found(session, source=plan.source, items=items, today=today)
    return Applied(logged, len(chosen))


def _new_contact(address: str, name: str) -> dict[str, Any] | None:
    """A cold contact for an address, named as its messages name it (else by
    the address itself), tagged so the user can find who came from mail;
    None for an address no contact can have (``bob@localhost``)."""
    from img_crm.domain.contacts import normalize_contact
    from img_crm.errors import ValidationError

    for shown in dict.fromkeys((name, address)):
        if not shown:
            continue
        try:
            return normalize_contact({"name": shown, "email": address, "tags": ["from-mail"]})
        except ValidationError:
            continue
    return None
