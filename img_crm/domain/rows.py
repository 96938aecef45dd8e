"""Read-only snapshots of stored records, as the screens and commands show them.

The store builds them (``store/contacts.py`` and the others read straight into
them); the services, the command line and the table models pass them around.
They hold plain values only, so any layer may use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple


class ContactPointRow(NamedTuple):
    """One email address, phone number or web address of a contact, with its
    label ("work", "mobile", a file's own); see ``domain/contact_points``."""

    kind: str
    label: str
    value: str


class ContactRow(NamedTuple):
    """A read-only snapshot of one contact with its tags, email addresses,
    phone numbers and web addresses (``email`` and ``phone`` are the first of
    each).

    A named tuple rather than a frozen dataclass: just as immutable, and built
    six times faster, which lists of 100,000 contacts feel."""

    id: int
    name: str
    given_name: str
    family_name: str
    name_suffix: str
    address_as: str
    title: str
    role: str
    institution: str
    department: str
    specialty: str
    email: str
    phone: str
    linkedin_url: str
    pubmed_url: str
    us_based: bool | None
    timezone: str
    stage: str
    first_contacted: date | None
    connected_on: date | None
    last_interaction: date | None
    next_follow_up: date | None
    notes: str
    created_at: datetime
    updated_at: datetime
    tags: tuple[str, ...] = ()
    points: tuple[ContactPointRow, ...] = ()

    @property
    def emails(self) -> tuple[str, ...]:
        return tuple(p.value for p in self.points if p.kind == "email")

    @property
    def phones(self) -> tuple[str, ...]:
        return tuple(p.value for p in self.points if p.kind == "phone")


class ContactListRow(NamedTuple):
    """What the Contacts table holds of a contact: its columns and no more.
    A third of a whole ``ContactRow`` (no points, notes, web addresses or
    moments), so a 100,000-contact list fits in a third of the memory; the
    detail reads the whole contact by id."""

    id: int
    name: str
    stage: str
    role: str
    institution: str
    specialty: str
    email: str
    tags: tuple[str, ...]
    last_interaction: date | None

    @classmethod
    def of(cls, row: ContactRow) -> ContactListRow:
        return cls(
            row.id,
            row.name,
            row.stage,
            row.role,
            row.institution,
            row.specialty,
            row.email,
            row.tags,
            row.last_interaction,
        )


class ContactFacts(NamedTuple):
    """What duplicate detection compares of a contact (``domain.duplicates.Person``):
    an import checks every row against these, not against whole contacts."""

    id: int
    name: str
    emails: tuple[str, ...]
    institution: str


@dataclass(frozen=True, slots=True)
class ProgramRow:
    """A read-only snapshot of one program."""

    id: int
    name: str
    institution: str
    specialty: str
    city: str
    state: str
    program_type: str
    tier: int | None
    visa: str
    img_share: float | None
    website: str
    timezone: str
    signal_visa_info: bool
    signal_img_residents: bool
    signal_img_mentorship: bool
    signal_pd_replied: bool
    flag_no_visa: bool
    flag_no_img: bool
    flag_no_reply: bool
    application_status: str
    interview_at: datetime | None
    notes: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ActivityRow:
    id: int
    occurred_on: date
    kind: str
    contact_id: int | None
    contact_name: str
    program_id: int | None
    program_name: str
    hours: float | None
    exposure: str | None
    setting: str
    description: str
    outcome: str


@dataclass(frozen=True, slots=True)
class LetterRow:
    id: int
    writer_id: int
    writer_name: str
    letter_type: str
    specialty: str
    status: str
    status_since: date | None
    waived: bool
    programs: int
    notes: str
