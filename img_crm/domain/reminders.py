"""When the desktop tells the user something, and what it says.

Pure: given the moment, what is pending and what was already said, the
notices due now. The window's notifier (``ui/notifier.py``) asks on a timer
and shows them; a test asks with any clock. Nothing is said twice: each
notice has a key, and the keys said are kept (``NoticeState``).

- A reply becomes owed 24 hours after it came (the playbook's first rule):
  one notice per reply, at that moment, naming the person.
- Follow-ups due are one daily digest at the time the user picks, not one
  notice per person.
- A letter reminder (ask again, thank) is said once, when it first appears.
- An interview is said a day before and an hour before.
- An interview invitation's respond-by time is said a day before and two
  hours before (the Match agreement leaves at least 48 hours; a missed one
  is a lost interview).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from img_crm.domain.cadence import REPLY_WINDOW

#: Notices said at most in one pass (after days away: the digest says the rest).
MAX_AT_ONCE = 5
INTERVIEW_WARNINGS = (timedelta(days=1), timedelta(hours=1))
RESPOND_WARNINGS = (timedelta(days=1), timedelta(hours=2))


@dataclass(frozen=True, slots=True)
class Notice:
    """One notification: its title and text, and what a click opens."""

    key: str
    title: str
    text: str
    #: "contact" (``contact_id``), "today", "letters" or "programs"
    opens: str
    contact_id: int | None = None


@dataclass(frozen=True, slots=True)
class PendingReply:
    """Someone's message that nothing answered yet, and when it came (local)."""

    contact_id: int
    name: str
    came: datetime


@dataclass(frozen=True, slots=True)
class Facts:
    """What the store says is pending, as the notifier reads it."""

    replies: Sequence[PendingReply] = ()
    follow_ups_due: int = 0
    losing_touch: int = 0
    #: (key, the writer's name, what to do)
    letters: Sequence[tuple[str, str, str]] = ()
    #: (program id, name, when: local)
    interviews: Sequence[tuple[int, str, datetime]] = ()
    #: (invitation id, program name, respond by: local) of those awaiting an answer
    responses: Sequence[tuple[int, str, datetime]] = ()


@dataclass(frozen=True, slots=True)
class NoticeState:
    """What was already said: the last pass's moment, the day of the last
    digest and the keys of the notices said (only those still pending are
    kept, so the set stays small)."""

    checked: datetime | None = None
    digest_on: date | None = None
    said: frozenset[str] = field(default_factory=frozenset)


def _digest_text(facts: Facts, owed: int) -> str:
    parts = []
    if owed:
        parts.append(f"{owed} {'reply' if owed == 1 else 'replies'} owed")
    if facts.follow_ups_due:
        n = facts.follow_ups_due
        parts.append(f"{n} follow-up{'' if n == 1 else 's'} due")
    if facts.losing_touch:
        parts.append(f"{facts.losing_touch} losing touch")
    if facts.letters:
        n = len(facts.letters)
        parts.append(f"{n} letter reminder{'' if n == 1 else 's'}")
    return ", ".join(parts)


def due_notices(
    facts: Facts, *, now: datetime, state: NoticeState, digest_at: time
) -> tuple[list[Notice], NoticeState]:
    """The notices to show at ``now`` (local, naive) and the state after them.

    The first pass (no state yet) says no reply or letter that was already
    pending: the window shows those, and the digest counts them. From then
    on each is said once, as it happens, even if the app was closed then."""
    first = state.checked is None
    since = now if state.checked is None else state.checked
    notices: list[Notice] = []
    pending: set[str] = set()
    owed = 0
    for reply in facts.replies:
        at = reply.came + REPLY_WINDOW
        if at > now:
            continue
        owed += 1
        key = f"reply:{reply.contact_id}:{reply.came.isoformat(timespec='minutes')}"
        pending.add(key)
        if key not in state.said and at > since:
            notices.append(
                Notice(
                    key,
                    f"Reply to {reply.name}",
                    "Their message has waited 24 hours.",
                    "contact",
                    reply.contact_id,
                )
            )
    for key, writer, what in facts.letters:
        pending.add(key)
        if key not in state.said and not first:
            notices.append(Notice(key, f"Letter: {writer}", what, "letters"))
    for program_id, name, when in facts.interviews:
        for ahead in INTERVIEW_WARNINGS[::-1]:  # the nearer warning first
            if when - ahead <= now < when:
                key = f"interview:{program_id}:{when.isoformat(timespec='minutes')}:{ahead}"
                pending.add(key)
                if key not in state.said:
                    soon = "tomorrow" if ahead >= timedelta(days=1) else "in an hour"
                    notices.append(
                        Notice(
                            key,
                            f"Interview {soon}: {name}",
                            f"At {when.strftime('%H:%M')}.",
                            "programs",
                        )
                    )
                break
    for invitation_id, name, by in facts.responses:
        for ahead in RESPOND_WARNINGS[::-1]:
            if by - ahead <= now < by:
                key = f"respond:{invitation_id}:{by.isoformat(timespec='minutes')}:{ahead}"
                pending.add(key)
                if key not in state.said:
                    notices.append(
                        Notice(
                            key,
                            f"Answer {name}'s invitation",
                            f"Respond by {by.strftime('%a %d %b, %H:%M')} (your time).",
                            "programs",
                        )
                    )
                break
    digest_on = state.digest_on
    if now.time() >= digest_at and digest_on != now.date():
        digest_on = now.date()
        text = _digest_text(facts, owed)
        if text:
            notices.insert(0, Notice(f"digest:{now.date()}", "img-crm today", text, "today"))
    said = frozenset(k for k in state.said | pending if k in pending)
    if not first:
        said = frozenset(k for k in state.said if k in pending) | {
            n.key for n in notices if n.key in pending
        }
    return notices[:MAX_AT_ONCE], NoticeState(now, digest_on, said)
