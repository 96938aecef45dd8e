"""Which of the user's own messages and meetings are activities with a contact.

Pure rules over facts a mail or calendar reader has already taken out of a
file (``services/mail_reader.py``, ``services/calendar_reader.py``): the
readers know formats, these functions know the playbook. A message from one
of the user's own addresses to a contact is outreach sent; one from a
contact to the user is a reply received; a meeting a contact attended is a
meeting. Everything else (newsletters, lists, mail between strangers) is not
the user's correspondence and is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from img_crm.domain.enums import ActivityKind
from img_crm.domain.limits import MAX_SHORT_TEXT

#: Subjects and summaries are cut to one line of the activity's description.
DESCRIPTION_LIMIT = MAX_SHORT_TEXT
#: Mail or a meeting dated before this is a broken clock's (1 January 1970
#: is the zero of many), not the user's correspondence.
EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
#: An unknown address must appear in this many of the user's messages to be
#: offered as a new contact (one message is often a one-off).
SUGGEST_AFTER = 2


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A message or meeting of the user's that cannot be dated or read: listed
    by where it is, never by what it says (its text is the user's)."""

    file: str
    line: int
    number: int  # the message's or event's place in its file, from 1
    field: str
    reason: str

    def sentence(self) -> str:
        what = "message" if self.field not in CALENDAR_FIELDS else "event"
        return f"{self.file}, line {self.line} ({what} {self.number}), {self.field}: {self.reason}"


#: The fields of an event a calendar reader needs (the rest are not read).
CALENDAR_FIELDS = frozenset({"DTSTART", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"})


@dataclass(frozen=True, slots=True)
class Message:
    """What a mail reader found in one message's headers."""

    key: str  # the Message-ID (or a digest of the headers when there is none)
    moment: datetime  # aware
    sender: str  # lower-cased address
    sender_name: str
    recipients: tuple[tuple[str, str], ...]  # (address, display name), To + Cc + Bcc
    subject: str
    body: str = ""  # read only when the user asks for bodies


@dataclass(frozen=True, slots=True)
class Found:
    """One activity a file holds with one address: for a contact, or (with
    ``contact_id`` None) for an address the user may add as a contact."""

    key: str
    contact_id: int | None
    address: str
    name: str  # the display name the file gave the address
    kind: ActivityKind
    moment: datetime  # aware
    #: The subject (or an event's summary); with the message's text after a
    #: blank line when the user asked for bodies.
    description: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An address the user corresponds with that no contact has."""

    address: str
    name: str
    messages: int


def description(subject: str, *, fallback: str) -> str:
    """A subject as one line of an activity, or ``fallback`` for none."""
    line = " ".join(subject.split()) or fallback
    return line if len(line) <= DESCRIPTION_LIMIT else line[: DESCRIPTION_LIMIT - 1] + "…"


def local_day(moment: datetime) -> date:
    """The day a moment falls on in this computer's time zone (what the
    activity log shows)."""
    return moment.astimezone().date()


def found_in_message(
    message: Message, *, own: frozenset[str], contacts: Mapping[str, Sequence[int]]
) -> list[Found]:
    """The activities in one message, one per contact (or unknown address)
    on the other side.

    Sent: from one of ``own`` to the recipients who are not the user.
    Received: from someone else, with one of ``own`` among the recipients (a
    contact's message to a list the user is on is not a reply to the user)."""
    what = description(message.subject, fallback="Email")
    if message.body:
        what = f"{what}\n\n{message.body}"
    if message.sender in own:
        sides = [(a, n) for a, n in dict(message.recipients).items() if a not in own]
        kind = ActivityKind.OUTREACH_SENT
    elif any(address in own for address, _ in message.recipients):
        sides = [(message.sender, message.sender_name)]
        kind = ActivityKind.REPLY_RECEIVED
    else:
        return []
    found: list[Found] = []
    for address, name in sides:
        for contact_id in contacts.get(address) or (None,):
            found.append(Found(message.key, contact_id, address, name, kind, message.moment, what))
    return found


def suggestions(strangers: Iterable[Found]) -> list[Suggestion]:
    """Unknown addresses worth offering as contacts, the most messages first:
    the user wrote to them at least once (a newsletter is never written to)
    and they appear in at least ``SUGGEST_AFTER`` messages."""
    counts: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for item in strangers:
        sent, total = counts.setdefault(item.address, [0, 0])
        counts[item.address] = [sent + (item.kind is ActivityKind.OUTREACH_SENT), total + 1]
        if item.name and not names.get(item.address):
            names[item.address] = item.name
    chosen = [
        Suggestion(address, names.get(address, ""), total)
        for address, (sent, total) in counts.items()
        if sent >= 1 and total >= SUGGEST_AFTER
    ]
    chosen.sort(key=lambda s: (-s.messages, s.address))
    return chosen
