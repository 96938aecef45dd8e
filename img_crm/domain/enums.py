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
        """0 for cold up to 3 for sponsor (a table look-up: funnels rank every contact)."""
        return _STAGE_RANK[self.value]


_STAGE_RANK = {stage.value: n for n, stage in enumerate(Stage)}
_STAGE_BY_VALUE = {stage.value: stage for stage in Stage}


def stage_of(value: str) -> Stage:
    """``Stage(value)`` for hot loops: a dict look-up, ten times cheaper than the
    enum's constructor (status and funnel code calls it for every contact)."""
    try:
        return _STAGE_BY_VALUE[value]
    except KeyError:
        return Stage(value)  # raises the usual ValueError


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
