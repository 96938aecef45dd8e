"""Outreach templates: placeholders, filling them, the built-in messages, reply rates.

Messages are the playbook's in our own words: who you are, why this person,
one concrete offer, one small ask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

#: Placeholders filled from the contact and the profile; others are typed in.
FROM_CONTACT = ("first_name", "last_name", "title", "institution", "specialty", "role")
FROM_PROFILE = ("my_name", "target_specialty")
#: Filled from the program a message is about (a thank-you after its interview).
FROM_PROGRAM = ("program", "interview_date")
REPLY_WINDOW_DAYS = 21


@dataclass(frozen=True, slots=True)
class BuiltIn:
    name: str
    subject: str
    body: str


BUILT_INS = (
    BuiltIn(
        "First outreach",
        "Help with your {specialty} research",
        "Dear {title} {last_name},\n\n"
        "I am {my_name}, an international medical graduate preparing for residency in "
        '{target_specialty}. I read your paper "{paper_title}" in {journal} and would like to '
        "help with the next step: I can give {hours_per_week} hours a week to chart review, "
        "data cleaning or a literature search, starting now.\n\n"
        "Would you have a small task I could take on this month? I will deliver it on time.\n\n"
        "With thanks,\n{my_name}",
    ),
    BuiltIn(
        "Follow-up after no reply",
        "Following up: help with your research",
        "Dear {title} {last_name},\n\n"
        "I wrote last week offering {hours_per_week} hours a week of research help. I know how "
        "full your inbox is, so I will keep this short: if a small task would be useful, I can "
        "start right away. If the timing is not right, no reply is needed.\n\n"
        "Best regards,\n{my_name}",
    ),
    BuiltIn(
        "Thank you after a meeting",
        "Thank you for your time",
        "Dear {title} {last_name},\n\n"
        "Thank you for meeting with me today. I have written down the next steps we agreed on "
        "and will send you the first results by the date we set.\n\n"
        "Best regards,\n{my_name}",
    ),
    BuiltIn(
        "Asking for a mentoring meeting",
        "A short meeting about my path to residency",
        "Dear {title} {last_name},\n\n"
        "I have enjoyed working on the project with you these past weeks. Could we meet for "
        "twenty minutes in the coming weeks? I would value your advice on my plan for "
        "residency in {target_specialty} and on how I can be most useful to your team.\n\n"
        "With thanks,\n{my_name}",
    ),
    BuiltIn(
        "Letter request",
        "Would you write a strong letter for me?",
        "Dear {title} {last_name},\n\n"
        "Working with you at {institution} has been the most important part of my preparation. "
        "I am applying to {target_specialty} programs this cycle. Do you feel you know my work "
        "well enough to write a strong letter of recommendation for me?\n\n"
        "If so, I will send my CV, a draft of my personal statement, a one-page summary of the "
        "work we did together and the ERAS instructions. I will waive my right to see the "
        "letter. If not, I completely understand.\n\n"
        "With gratitude,\n{my_name}",
    ),
    BuiltIn(
        "Letter reminder",
        "A gentle reminder about my letter",
        "Dear {title} {last_name},\n\n"
        "A gentle reminder about the letter of recommendation you kindly agreed to write. It "
        "has not reached ERAS yet; I am happy to resend any of the documents. Thank you again "
        "for your support.\n\n"
        "Best regards,\n{my_name}",
    ),
    BuiltIn(
        "Sponsor advocacy ask",
        "Could you mention me to these programs?",
        "Dear {title} {last_name},\n\n"
        "Thank you for everything you have done for me. I have applied to {programs}. If you "
        "know the program directors there, a short email or call from you saying you would take "
        "me in your own program would mean more than anything in my application.\n\n"
        "With deep thanks,\n{my_name}",
    ),
    BuiltIn(
        "Before an interview (to the PD)",
        "Looking forward to my interview",
        "Dear {title} {last_name},\n\n"
        "Thank you for the invitation to interview at {institution}. I am looking forward to "
        "learning more about the program, and in particular about how residents are mentored.\n\n"
        "Best regards,\n{my_name}",
    ),
    BuiltIn(
        "Thank you after an interview",
        "Thank you for my interview at {program}",
        "Dear {title} {last_name},\n\n"
        "Thank you for speaking with me on {interview_date}. I valued what you told me about "
        "{what_stood_out}, and the day confirmed how much I would like to train at {program}.\n\n"
        "With thanks,\n{my_name}",
    ),
)


def placeholders(text: str) -> list[str]:
    """The placeholders in a text, in order of first appearance."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def split_name(name: str) -> tuple[str, str]:
    """First and last name as a letter would use them (one-word names are both)."""
    parts = name.split()
    if len(parts) < 2:
        return name, name
    return " ".join(parts[:-1]), parts[-1]


def contact_values(
    *,
    name: str,
    title: str,
    institution: str,
    specialty: str,
    role: str,
    given_name: str = "",
    family_name: str = "",
    address_as: str = "",
) -> dict[str, str]:
    """A contact's placeholder values. The stored name parts win over a guess
    from the whole name ("Dear Dr. Đặng" for Đặng Thị Hương, whose family name
    comes first); "greet as" wins over both (see ``fill``)."""
    first, last = split_name(name)
    values = {
        "first_name": given_name or first,
        "last_name": family_name or last,
        "title": title or "Dr.",
        "institution": institution,
        "specialty": specialty,
        "role": role,
    }
    if address_as.strip():
        values[GREETING] = address_as.strip()
    return values


@dataclass(frozen=True, slots=True)
class Filled:
    subject: str
    body: str
    missing: tuple[str, ...]


#: The value that stands for "{title} {last_name}" when the user set how a
#: contact is greeted ("Hannah", "Professor Okafor").
GREETING = "greeting"
_TITLE_AND_NAME = "{title} {last_name}"


def fill(subject: str, body: str, values: Mapping[str, str]) -> Filled:
    """Replace every placeholder that has a value; list the ones still missing.
    With a greeting set, "{title} {last_name}" together becomes it."""
    if values.get(GREETING, "").strip():
        subject = subject.replace(_TITLE_AND_NAME, "{" + GREETING + "}")
        body = body.replace(_TITLE_AND_NAME, "{" + GREETING + "}")
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        value = values.get(key, "").strip()
        if not value:
            if key not in missing:
                missing.append(key)
            return match.group(0)
        return value

    return Filled(PLACEHOLDER.sub(replace, subject), PLACEHOLDER.sub(replace, body), tuple(missing))


@dataclass(frozen=True, slots=True)
class Sent:
    contact_id: int
    on: date
    template_id: int | None


@dataclass(frozen=True, slots=True)
class ReplyRate:
    sent: int
    replied: int

    @property
    def rate(self) -> float:
        return self.replied / self.sent if self.sent else 0.0


def reply_rates(
    sent: Iterable[Sent],
    replies: Iterable[tuple[int, date]],
    *,
    window_days: int = REPLY_WINDOW_DAYS,
) -> tuple[dict[int | None, ReplyRate], ReplyRate]:
    """Per template (None: sent without one) and overall: messages that got a
    reply from the same person within ``window_days`` (inclusive)."""
    by_contact: dict[int, list[date]] = {}
    for contact_id, day in replies:
        by_contact.setdefault(contact_id, []).append(day)
    counts: dict[int | None, list[int]] = {}
    for message in sent:
        got = any(
            message.on <= day <= message.on + timedelta(days=window_days)
            for day in by_contact.get(message.contact_id, [])
        )
        tally = counts.setdefault(message.template_id, [0, 0])
        tally[0] += 1
        tally[1] += got
    rates = {key: ReplyRate(s, r) for key, (s, r) in counts.items()}
    total = ReplyRate(sum(r.sent for r in rates.values()), sum(r.replied for r in rates.values()))
    return rates, total
