"""The tables of the store as SQLModel classes.

The schema itself is created and changed only by the ordered migrations in
``img_crm.store.migrations``; a test checks that these classes and the
migrated database agree column for column. Enum-valued columns hold the
enum's ``value`` (see ``img_crm.domain.enums``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from img_crm import clock


class Contact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    title: str = ""
    role: str = ""
    institution: str = ""
    specialty: str = ""
    email: str = ""
    phone: str = ""
    linkedin_url: str = ""
    pubmed_url: str = ""
    us_based: bool | None = None
    timezone: str = ""
    stage: str = "cold"
    first_contacted: date | None = None
    last_interaction: date | None = None
    next_follow_up: date | None = None
    notes: str = ""
    created_at: datetime
    updated_at: datetime
    #: When the two connected on LinkedIn: a fact, not a touch (no follow-up clock).
    #: Last because version 4 added it (the table's column order).
    connected_on: date | None = None
    department: str = ""
    #: The name's parts as a file gave them ("Đặng" is the family name of
    #: "Đặng Thị Hương"); empty when only the whole name is known.
    given_name: str = ""
    family_name: str = ""
    name_suffix: str = ""
    #: How a letter greets them ("Dr. Đặng", "Hannah"); empty: title and family name.
    address_as: str = ""


class ContactTag(SQLModel, table=True):
    __tablename__ = "contact_tag"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True)


class ContactPoint(SQLModel, table=True):
    """One of a contact's email addresses, phone numbers or web addresses
    (``kind``), in the user's order within its kind (``position``)."""

    __tablename__ = "contact_point"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    kind: str = Field(primary_key=True)
    value: str = Field(primary_key=True)
    position: int
    label: str = ""


class StageChange(SQLModel, table=True):
    __tablename__ = "stage_change"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    from_stage: str | None = None
    to_stage: str
    changed_on: date
    note: str = ""


class Program(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    institution: str = ""
    specialty: str = ""
    city: str = ""
    state: str = ""
    program_type: str = ""
    tier: int | None = None
    visa: str = "unknown"
    img_share: float | None = None
    website: str = ""
    timezone: str = ""
    signal_visa_info: bool = False
    signal_img_residents: bool = False
    signal_img_mentorship: bool = False
    signal_pd_replied: bool = False
    flag_no_visa: bool = False
    flag_no_img: bool = False
    flag_no_reply: bool = False
    application_status: str = "researching"
    interview_at: datetime | None = None
    notes: str = ""
    created_at: datetime
    updated_at: datetime
    #: Version 9: the season's signal (None: not known whether it takes any).
    accepts_signals: bool | None = None
    eras_signal: str | None = None  # gold, silver, signal
    eras_signal_state: str = "none"  # none, planned, sent (locked)
    eras_signal_sent_on: date | None = None
    applied_on: date | None = None
    rank_pros: str = ""
    rank_cons: str = ""


class ProgramStatusChange(SQLModel, table=True):
    __tablename__ = "program_status_change"
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", ondelete="CASCADE")
    from_status: str | None = None
    to_status: str
    changed_on: date


class ContactProgram(SQLModel, table=True):
    __tablename__ = "contact_program"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    program_id: int = Field(foreign_key="program.id", primary_key=True, ondelete="CASCADE")
    kind: str = Field(primary_key=True)


class Template(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    subject: str = ""
    body: str = ""
    builtin: bool = False
    created_at: datetime
    updated_at: datetime


class Activity(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    occurred_on: date
    kind: str
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    program_id: int | None = Field(default=None, foreign_key="program.id", ondelete="SET NULL")
    template_id: int | None = Field(default=None, foreign_key="template.id", ondelete="SET NULL")
    hours: float | None = None
    exposure: str | None = None
    setting: str = ""
    description: str = ""
    outcome: str = ""
    created_at: datetime
    #: The exact moment a mail or calendar file gave (UTC; version 8): the
    #: 24-hour rule counts from it. None for an activity the user typed.
    occurred_at: datetime | None = None


class ImportedItem(SQLModel, table=True):
    """A message (its Message-ID) or an event (its UID) already read for a
    contact, so that importing the same file again adds nothing."""

    __tablename__ = "imported_item"
    source: str = Field(primary_key=True)
    key: str = Field(primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    activity_id: int | None = Field(default=None, foreign_key="activity.id", ondelete="SET NULL")
    imported_on: date


class FollowUpSnooze(SQLModel, table=True):
    """The user put off a follow-up until a day, for a reason."""

    __tablename__ = "follow_up_snooze"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    snoozed_on: date
    until: date
    reason: str = ""
    created_at: datetime


class Letter(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    writer_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    letter_type: str
    specialty: str = ""
    status: str = "identified"
    waived: bool = True
    packet_cv: bool = False
    packet_statement: bool = False
    packet_evidence: bool = False
    packet_instructions: bool = False
    notes: str = ""
    created_at: datetime
    updated_at: datetime


class LetterStatusChange(SQLModel, table=True):
    __tablename__ = "letter_status_change"
    id: int | None = Field(default=None, primary_key=True)
    letter_id: int = Field(foreign_key="letter.id", ondelete="CASCADE")
    from_status: str | None = None
    to_status: str
    changed_on: date


class LetterProgram(SQLModel, table=True):
    __tablename__ = "letter_program"
    letter_id: int = Field(foreign_key="letter.id", primary_key=True, ondelete="CASCADE")
    program_id: int = Field(foreign_key="program.id", primary_key=True, ondelete="CASCADE")


class InterviewQuestion(SQLModel, table=True):
    __tablename__ = "interview_question"
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", ondelete="CASCADE")
    position: int = 0
    question: str
    answer: str = ""


class SignalRule(SQLModel, table=True):
    """How many signals one specialty allows in one season (data the user edits)."""

    __tablename__ = "signal_rule"
    id: int | None = Field(default=None, primary_key=True)
    specialty: str
    season: str
    gold: int = 0
    silver: int = 0
    signals: int = 0


class Invitation(SQLModel, table=True):
    """An interview invitation from a program, and the user's answer."""

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", ondelete="CASCADE")
    received_at: datetime  # UTC
    respond_by: datetime | None = None  # UTC
    status: str = "invited"
    interview_at: datetime | None = None  # UTC, the date accepted
    notes: str = ""
    created_at: datetime
    updated_at: datetime


class InvitationDate(SQLModel, table=True):
    """A date and time an invitation offered (UTC)."""

    __tablename__ = "invitation_date"
    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int = Field(foreign_key="invitation.id", ondelete="CASCADE")
    offered_at: datetime


class InvitationChange(SQLModel, table=True):
    """Every change to an invitation, dated (its history)."""

    __tablename__ = "invitation_change"
    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int = Field(foreign_key="invitation.id", ondelete="CASCADE")
    changed_at: datetime
    from_status: str | None = None
    to_status: str
    what: str = ""


class RankCriterion(SQLModel, table=True):
    __tablename__ = "rank_criterion"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    weight: int = 1
    position: int = 0


class RankRating(SQLModel, table=True):
    __tablename__ = "rank_rating"
    program_id: int = Field(foreign_key="program.id", primary_key=True, ondelete="CASCADE")
    criterion_id: int = Field(foreign_key="rank_criterion.id", primary_key=True, ondelete="CASCADE")
    rating: int


class RankEntry(SQLModel, table=True):
    """A program's place on the primary rank list or a supplemental one."""

    __tablename__ = "rank_entry"
    list_name: str = Field(primary_key=True)
    program_id: int = Field(foreign_key="program.id", primary_key=True, ondelete="CASCADE")
    position: int


class RankChange(SQLModel, table=True):
    """A dated line of the rank lists' history ("Lakeview moved to 2")."""

    __tablename__ = "rank_change"
    id: int | None = Field(default=None, primary_key=True)
    changed_at: datetime
    list_name: str
    what: str


class EligibilityStep(SQLModel, table=True):
    """What the user entered for one ECFMG or visa step."""

    __tablename__ = "eligibility_step"
    key: str = Field(primary_key=True)
    done_on: date | None = None
    score: str = ""
    expires_on: date | None = None
    notes: str = ""


class PlanTask(SQLModel, table=True):
    __tablename__ = "plan_task"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    phase: str
    title: str
    start: date
    days: int
    after: str = ""
    done: bool = False
    position: int = 0


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str


class AttachmentFile(SQLModel, table=True):
    """A file's bytes, once however many attachments name it (version 10)."""

    __tablename__ = "attachment_file"
    digest: str = Field(primary_key=True)  # SHA-256, hex
    size: int
    data: bytes


class Attachment(SQLModel, table=True):
    """A named file on exactly one contact, program, letter or activity."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    kind: str = "other"
    digest: str = Field(foreign_key="attachment_file.digest")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="CASCADE")
    program_id: int | None = Field(default=None, foreign_key="program.id", ondelete="CASCADE")
    letter_id: int | None = Field(default=None, foreign_key="letter.id", ondelete="CASCADE")
    activity_id: int | None = Field(default=None, foreign_key="activity.id", ondelete="CASCADE")
    added_at: datetime


class AttachmentSent(SQLModel, table=True):
    """The user gave this version to a contact or a program on a day."""

    __tablename__ = "attachment_sent"
    id: int | None = Field(default=None, primary_key=True)
    attachment_id: int = Field(foreign_key="attachment.id", ondelete="CASCADE")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="CASCADE")
    program_id: int | None = Field(default=None, foreign_key="program.id", ondelete="CASCADE")
    sent_on: date


class CustomField(SQLModel, table=True):
    """A field of the user's own on contacts, programs or letters (#24);
    ``choices`` one per line."""

    __tablename__ = "custom_field"
    id: int | None = Field(default=None, primary_key=True)
    record: str
    name: str
    kind: str
    choices: str = ""
    position: int = 0


class CustomValue(SQLModel, table=True):
    """One record's value of one field, in the field's canonical text."""

    __tablename__ = "custom_value"
    id: int | None = Field(default=None, primary_key=True)
    field_id: int = Field(foreign_key="custom_field.id", ondelete="CASCADE")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="CASCADE")
    program_id: int | None = Field(default=None, foreign_key="program.id", ondelete="CASCADE")
    letter_id: int | None = Field(default=None, foreign_key="letter.id", ondelete="CASCADE")
    value: str


def utc_now() -> datetime:
    """Timestamps are stored in UTC, to the second."""
    return clock.now().replace(microsecond=0)
