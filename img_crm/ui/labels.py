"""Translatable labels for the domain's stored values.

The domain keeps stable kebab-case values; this is where they become words a
user reads, through Qt's translation system.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from img_crm.domain.attachments import AttachmentKind
from img_crm.domain.enums import (
    ActivityKind,
    ApplicationStatus,
    Exposure,
    LetterStatus,
    LetterType,
    ProgramType,
    ProgramVisa,
    Stage,
    TieKind,
    VisaNeed,
)

# QT_TRANSLATE_NOOP marks each source text for lupdate and returns it unchanged.
_LABELS: dict[str, dict[str, Any]] = {
    "AttachmentKind": {
        AttachmentKind.CV: QT_TRANSLATE_NOOP("AttachmentKind", "CV"),
        AttachmentKind.STATEMENT: QT_TRANSLATE_NOOP("AttachmentKind", "Personal statement"),
        AttachmentKind.LETTER_REQUEST: QT_TRANSLATE_NOOP("AttachmentKind", "Letter request"),
        AttachmentKind.CERTIFICATE: QT_TRANSLATE_NOOP("AttachmentKind", "Certificate"),
        AttachmentKind.EVIDENCE: QT_TRANSLATE_NOOP("AttachmentKind", "Evidence sheet"),
        AttachmentKind.OTHER: QT_TRANSLATE_NOOP("AttachmentKind", "Other"),
    },
    "Stage": {
        Stage.COLD: QT_TRANSLATE_NOOP("Stage", "Cold"),
        Stage.WARM: QT_TRANSLATE_NOOP("Stage", "Warm"),
        Stage.MENTOR: QT_TRANSLATE_NOOP("Stage", "Mentor"),
        Stage.SPONSOR: QT_TRANSLATE_NOOP("Stage", "Sponsor"),
    },
    "ActivityKind": {
        ActivityKind.OUTREACH_SENT: QT_TRANSLATE_NOOP("ActivityKind", "Outreach sent"),
        ActivityKind.REPLY_RECEIVED: QT_TRANSLATE_NOOP("ActivityKind", "Reply received"),
        ActivityKind.MEETING: QT_TRANSLATE_NOOP("ActivityKind", "Meeting or call"),
        ActivityKind.RESEARCH_TASK: QT_TRANSLATE_NOOP("ActivityKind", "Research task"),
        ActivityKind.CLINICAL_EXPERIENCE: QT_TRANSLATE_NOOP("ActivityKind", "Clinical experience"),
        ActivityKind.PRESENTATION: QT_TRANSLATE_NOOP("ActivityKind", "Presentation or teaching"),
        ActivityKind.CONFERENCE: QT_TRANSLATE_NOOP("ActivityKind", "Conference attended"),
        ActivityKind.PAPER_SUBMITTED: QT_TRANSLATE_NOOP("ActivityKind", "Abstract/paper submitted"),
        ActivityKind.PAPER_ACCEPTED: QT_TRANSLATE_NOOP("ActivityKind", "Abstract/paper accepted"),
    },
    "Exposure": {
        Exposure.EXTERNSHIP: QT_TRANSLATE_NOOP("Exposure", "Externship"),
        Exposure.SUB_INTERNSHIP: QT_TRANSLATE_NOOP("Exposure", "Sub-internship / audition"),
        Exposure.OBSERVERSHIP: QT_TRANSLATE_NOOP("Exposure", "Observership"),
        Exposure.SHADOWING: QT_TRANSLATE_NOOP("Exposure", "Shadowing"),
    },
    "LetterType": {
        LetterType.US_CLINICAL: QT_TRANSLATE_NOOP("LetterType", "US clinical"),
        LetterType.HOME_CLINICAL: QT_TRANSLATE_NOOP("LetterType", "Home-country clinical"),
        LetterType.RESEARCH: QT_TRANSLATE_NOOP("LetterType", "Research"),
    },
    "LetterStatus": {
        LetterStatus.IDENTIFIED: QT_TRANSLATE_NOOP("LetterStatus", "Identified"),
        LetterStatus.ASKED: QT_TRANSLATE_NOOP("LetterStatus", "Asked"),
        LetterStatus.AGREED: QT_TRANSLATE_NOOP("LetterStatus", "Agreed"),
        LetterStatus.PACKET_SENT: QT_TRANSLATE_NOOP("LetterStatus", "Packet sent"),
        LetterStatus.UPLOADED: QT_TRANSLATE_NOOP("LetterStatus", "Uploaded"),
        LetterStatus.DECLINED: QT_TRANSLATE_NOOP("LetterStatus", "Declined"),
        LetterStatus.WITHDRAWN: QT_TRANSLATE_NOOP("LetterStatus", "Withdrawn"),
    },
    "ApplicationStatus": {
        ApplicationStatus.RESEARCHING: QT_TRANSLATE_NOOP("ApplicationStatus", "Researching"),
        ApplicationStatus.APPLIED: QT_TRANSLATE_NOOP("ApplicationStatus", "Applied"),
        ApplicationStatus.INVITED: QT_TRANSLATE_NOOP("ApplicationStatus", "Invited"),
        ApplicationStatus.INTERVIEW_SCHEDULED: QT_TRANSLATE_NOOP(
            "ApplicationStatus", "Interview scheduled"
        ),
        ApplicationStatus.INTERVIEWED: QT_TRANSLATE_NOOP("ApplicationStatus", "Interviewed"),
        ApplicationStatus.RANKED: QT_TRANSLATE_NOOP("ApplicationStatus", "Ranked"),
        ApplicationStatus.REJECTED: QT_TRANSLATE_NOOP("ApplicationStatus", "Rejected"),
        ApplicationStatus.WITHDRAWN: QT_TRANSLATE_NOOP("ApplicationStatus", "Withdrawn"),
    },
    "ProgramVisa": {
        ProgramVisa.J1: QT_TRANSLATE_NOOP("ProgramVisa", "J-1"),
        ProgramVisa.H1B: QT_TRANSLATE_NOOP("ProgramVisa", "H-1B"),
        ProgramVisa.BOTH: QT_TRANSLATE_NOOP("ProgramVisa", "J-1 and H-1B"),
        ProgramVisa.NONE: QT_TRANSLATE_NOOP("ProgramVisa", "None"),
        ProgramVisa.UNKNOWN: QT_TRANSLATE_NOOP("ProgramVisa", "Unknown"),
    },
    "ProgramType": {
        ProgramType.UNIVERSITY: QT_TRANSLATE_NOOP("ProgramType", "University"),
        ProgramType.AFFILIATED: QT_TRANSLATE_NOOP("ProgramType", "University-affiliated community"),
        ProgramType.COMMUNITY: QT_TRANSLATE_NOOP("ProgramType", "Community"),
    },
    "TieKind": {
        TieKind.WORKS: QT_TRANSLATE_NOOP("TieKind", "works there"),
        TieKind.TRAINED: QT_TRANSLATE_NOOP("TieKind", "trained there"),
        TieKind.KNOWS_PD: QT_TRANSLATE_NOOP("TieKind", "knows the PD"),
    },
    "VisaNeed": {
        VisaNeed.NOT_NEEDED: QT_TRANSLATE_NOOP(
            "VisaNeed", "No visa needed (US citizen or green card)"
        ),
        VisaNeed.J1: QT_TRANSLATE_NOOP("VisaNeed", "J-1 only"),
        VisaNeed.H1B: QT_TRANSLATE_NOOP("VisaNeed", "H-1B only"),
        VisaNeed.J1_OR_H1B: QT_TRANSLATE_NOOP("VisaNeed", "J-1 or H-1B"),
        VisaNeed.UNDECIDED: QT_TRANSLATE_NOOP("VisaNeed", "Not decided yet"),
    },
    # Contact point labels (domain/contact_points): stored as these words.
    "PointLabel": {
        "work": QT_TRANSLATE_NOOP("PointLabel", "Work"),
        "home": QT_TRANSLATE_NOOP("PointLabel", "Home"),
        "mobile": QT_TRANSLATE_NOOP("PointLabel", "Mobile"),
        "other": QT_TRANSLATE_NOOP("PointLabel", "Other"),
        "main": QT_TRANSLATE_NOOP("PointLabel", "Main"),
        "assistant": QT_TRANSLATE_NOOP("PointLabel", "Assistant"),
        "pager": QT_TRANSLATE_NOOP("PointLabel", "Pager"),
        "fax": QT_TRANSLATE_NOOP("PointLabel", "Fax"),
        "work fax": QT_TRANSLATE_NOOP("PointLabel", "Work fax"),
        "home fax": QT_TRANSLATE_NOOP("PointLabel", "Home fax"),
        "homepage": QT_TRANSLATE_NOOP("PointLabel", "Homepage"),
        "blog": QT_TRANSLATE_NOOP("PointLabel", "Blog"),
        "profile": QT_TRANSLATE_NOOP("PointLabel", "Profile"),
    },
}


def label(context: str, value: str | None) -> str:
    """The translated label of a stored value; unknown values are shown as they are."""
    if not value:
        return ""
    source = _LABELS.get(context, {}).get(value)
    if source is None:
        return value
    return QCoreApplication.translate(context, str(source))


def stage_label(value: str) -> str:
    return label("Stage", value)
