"""The fixed vocabularies of the domain, stored in the database as their values.

Values are kebab-case strings so that the CLI, CSV and JSON all spell them the
same way the database does.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """The relationship ladder, in order."""

    COLD = "cold"
    WARM = "warm"
    MENTOR = "mentor"
    SPONSOR = "sponsor"

    @property
    def rank(self) -> int:
        return list(Stage).index(self)


class ActivityKind(StrEnum):
    OUTREACH_SENT = "outreach-sent"
    REPLY_RECEIVED = "reply-received"
    MEETING = "meeting"
    RESEARCH_TASK = "research-task"
    CLINICAL_EXPERIENCE = "clinical-experience"
    PRESENTATION = "presentation"
    CONFERENCE = "conference"
    PAPER_SUBMITTED = "paper-submitted"
    PAPER_ACCEPTED = "paper-accepted"


class Exposure(StrEnum):
    """Kinds of clinical exposure, strongest first (the playbook's order)."""

    EXTERNSHIP = "externship"
    SUB_INTERNSHIP = "sub-internship"
    OBSERVERSHIP = "observership"
    SHADOWING = "shadowing"


class LetterType(StrEnum):
    US_CLINICAL = "us-clinical"
    HOME_CLINICAL = "home-clinical"
    RESEARCH = "research"


class LetterStatus(StrEnum):
    IDENTIFIED = "identified"
    ASKED = "asked"
    AGREED = "agreed"
    PACKET_SENT = "packet-sent"
    UPLOADED = "uploaded"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class ProgramType(StrEnum):
    UNIVERSITY = "university"
    AFFILIATED = "affiliated"
    COMMUNITY = "community"


class ProgramVisa(StrEnum):
    """Which visas a program sponsors."""

    J1 = "j1"
    H1B = "h1b"
    BOTH = "both"
    NONE = "none"
    UNKNOWN = "unknown"


class ApplicationStatus(StrEnum):
    RESEARCHING = "researching"
    APPLIED = "applied"
    INVITED = "invited"
    INTERVIEW_SCHEDULED = "interview-scheduled"
    INTERVIEWED = "interviewed"
    RANKED = "ranked"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class TieKind(StrEnum):
    """How a contact is connected to a program."""

    WORKS = "works"
    TRAINED = "trained"
    KNOWS_PD = "knows-pd"


class VisaNeed(StrEnum):
    """The user's own visa situation (a profile setting)."""

    NOT_NEEDED = "not-needed"
    J1 = "j1"
    H1B = "h1b"
    J1_OR_H1B = "j1-or-h1b"
    UNDECIDED = "undecided"


def values(enum: type[StrEnum]) -> list[str]:
    """The stored values of an enum, in declaration order."""
    return [member.value for member in enum]
