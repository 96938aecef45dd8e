"""Letter-of-recommendation rules: reminders, the ERAS limit, readiness and pitfalls.

The playbook: 3-4 letters, at least two (ideally three) US clinical letters in
the target specialty; ask writers who have known you for two months or more;
remind politely at 2-3 weeks and 6-8 weeks; after that, plan another writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from img_crm.domain.enums import LetterStatus, LetterType, ProgramType
from img_crm.domain.pipeline import add_months

ERAS_MAX_PER_PROGRAM = 4
FIRST_REMINDER = (14, 21)  # days after the request: due from, ideally by
SECOND_REMINDER = (42, 56)
ALTERNATIVE_AFTER = 56  # 8 weeks
WAITING = (LetterStatus.ASKED, LetterStatus.AGREED, LetterStatus.PACKET_SENT)
INACTIVE = (LetterStatus.DECLINED, LetterStatus.WITHDRAWN)
#: Letters a writer has said yes to: only these count as secured.
SECURED = (LetterStatus.AGREED, LetterStatus.PACKET_SENT, LetterStatus.UPLOADED)
#: Letters still being sought: a writer picked or asked, no answer yet.
IN_PROGRESS = (LetterStatus.IDENTIFIED, LetterStatus.ASKED)


class ReminderStep(StrEnum):
    FIRST = "first-reminder"
    SECOND = "second-reminder"
    ALTERNATIVE = "plan-alternative"


REMINDER_TEXT = {
    ReminderStep.FIRST: "First polite reminder",
    ReminderStep.SECOND: "Second reminder",
    ReminderStep.ALTERNATIVE: "Not uploaded after 8 weeks: plan an alternative writer",
}


@dataclass(frozen=True, slots=True)
class Reminder:
    step: ReminderStep
    due: date  # from this day on
    by: date  # ideally done by this day
    days_since_request: int


def reminder(
    *,
    status: LetterStatus,
    requested_on: date | None,
    last_nudge: date | None,
    today: date,
) -> Reminder | None:
    """The reminder that is due today for a letter still waiting, if any.

    ``last_nudge`` is the latest message or meeting with the writer; a nudge on
    or after a step's first day counts as that reminder sent.
    """
    if status not in WAITING or requested_on is None:
        return None
    days = (today - requested_on).days

    def sent(step_start: int) -> bool:
        return last_nudge is not None and last_nudge >= requested_on + timedelta(days=step_start)

    if days > ALTERNATIVE_AFTER:
        day = requested_on + timedelta(days=ALTERNATIVE_AFTER + 1)
        return Reminder(ReminderStep.ALTERNATIVE, day, day, days)
    if days >= SECOND_REMINDER[0]:
        if sent(SECOND_REMINDER[0]):
            return None
        return Reminder(
            ReminderStep.SECOND,
            requested_on + timedelta(days=SECOND_REMINDER[0]),
            requested_on + timedelta(days=SECOND_REMINDER[1]),
            days,
        )
    if days >= FIRST_REMINDER[0] and not sent(FIRST_REMINDER[0]):
        return Reminder(
            ReminderStep.FIRST,
            requested_on + timedelta(days=FIRST_REMINDER[0]),
            requested_on + timedelta(days=FIRST_REMINDER[1]),
            days,
        )
    return None


def next_reminder(
    *,
    status: LetterStatus,
    requested_on: date | None,
    last_nudge: date | None,
    today: date,
) -> Reminder | None:
    """The reminder due now or, when none is, the next one and the day it
    falls due (a letter asked three days ago: the first, eleven days on)."""
    due = reminder(status=status, requested_on=requested_on, last_nudge=last_nudge, today=today)
    if due is not None or status not in WAITING or requested_on is None:
        return due
    days = (today - requested_on).days

    def sent(step_start: int) -> bool:
        return last_nudge is not None and last_nudge >= requested_on + timedelta(days=step_start)

    if days < FIRST_REMINDER[0]:
        step, start, end = ReminderStep.FIRST, FIRST_REMINDER[0], FIRST_REMINDER[1]
    elif days < SECOND_REMINDER[0]:
        step, start, end = ReminderStep.SECOND, SECOND_REMINDER[0], SECOND_REMINDER[1]
    elif sent(SECOND_REMINDER[0]) and days <= ALTERNATIVE_AFTER:
        step, start, end = ReminderStep.ALTERNATIVE, ALTERNATIVE_AFTER + 1, ALTERNATIVE_AFTER + 1
    else:
        return None
    return Reminder(
        step, requested_on + timedelta(days=start), requested_on + timedelta(days=end), days
    )


def reminder_message(
    step: ReminderStep, *, writer: str, my_name: str, status: LetterStatus = LetterStatus.AGREED
) -> str:
    """A short, polite message the user can copy and adapt; it thanks the
    writer for agreeing only once they have (``status``)."""
    sign = my_name or "[your name]"
    if step is ReminderStep.ALTERNATIVE:
        return (
            f"Dear {writer},\n\nI hope you are well. I know how busy the season is. If it is "
            "still possible for you to upload the letter, I would be very grateful; if not, "
            "please just let me know and I will make other arrangements. Thank you again for "
            f"all your support.\n\nWith thanks,\n{sign}"
        )
    agreed = status in SECURED
    first = (
        "I hope your week is going well. A gentle reminder about the letter of "
        "recommendation you kindly agreed to write for my residency application."
        if agreed
        else "I hope your week is going well. A gentle reminder about my request for a "
        "letter of recommendation for my residency application; I would be grateful to "
        "know whether you are able to write one."
    )
    opening = (
        first
        if step is ReminderStep.FIRST
        else "I hope you are well. I wanted to follow up once more on the letter of "
        "recommendation for my residency application."
    )
    # Only a letter being written can be missing from ERAS; a request not yet
    # answered gets the papers that help the writer decide.
    middle = (
        "It has not appeared in ERAS yet; I have attached the letter request form, my CV "
        "and a one-page summary of our work again in case they help."
        if agreed
        else "I have attached my CV and a one-page summary of our work in case they help "
        "you decide; if the timing does not suit you, I will understand completely."
    )
    return (
        f"Dear {writer},\n\n{opening} {middle} Thank you for your time and support."
        f"\n\nBest regards,\n{sign}"
    )


# --- readiness and pitfalls ---------------------------------------------------------------


class Pitfall(StrEnum):
    TOO_MANY_HOME = "too-many-home-country"
    WRITER_TOO_NEW = "writer-knows-you-briefly"
    OFF_SPECIALTY = "not-target-specialty"
    RESEARCH_TO_COMMUNITY = "research-letter-to-community-program"
    LATE_REQUEST = "request-long-after-rotation"
    NOT_WAIVED = "right-not-waived"


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """What the readiness rules need to know about one letter."""

    letter_id: int
    writer: str
    letter_type: LetterType
    specialty: str
    status: LetterStatus
    waived: bool
    requested_on: date | None
    first_interaction: date | None
    last_interaction: date | None
    last_supervised: date | None
    program_types: tuple[ProgramType | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Warning:
    pitfall: Pitfall
    letter_id: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Readiness:
    """Letters secured (the writer agreed, or it is sent or uploaded) and in
    progress (picked or asked): only secured ones count toward the playbook's
    numbers."""

    us_clinical_in_target: int  # secured
    total: int  # secured
    warnings: tuple[Warning, ...]
    us_clinical_in_progress: int = 0
    in_progress: int = 0

    @property
    def enough_us_clinical(self) -> bool:
        return self.us_clinical_in_target >= 2

    @property
    def ideal_us_clinical(self) -> bool:
        return self.us_clinical_in_target >= 3

    @property
    def total_ok(self) -> bool:
        return 3 <= self.total <= 4


def _same_specialty(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def readiness(letters: Sequence[LetterFacts], *, target_specialty: str) -> Readiness:
    """Count the letters that count and list every pitfall the playbook warns about."""
    active = [f for f in letters if f.status not in INACTIVE]
    warnings: list[Warning] = []
    home = [f for f in active if f.letter_type is LetterType.HOME_CLINICAL]
    if len(home) > 1:
        warnings.append(
            Warning(
                Pitfall.TOO_MANY_HOME,
                None,
                f"{len(home)} home-country letters: programs weigh US letters; keep one at most.",
            )
        )
    for f in active:
        if (
            f.first_interaction is None
            or f.last_interaction is None
            or (add_months(f.first_interaction, 2) > f.last_interaction)
        ):
            warnings.append(
                Warning(
                    Pitfall.WRITER_TOO_NEW,
                    f.letter_id,
                    f"{f.writer}: less than 2 months of logged work together; a writer who "
                    "barely knows you writes a weak letter.",
                )
            )
        if target_specialty and not _same_specialty(f.specialty, target_specialty):
            warnings.append(
                Warning(
                    Pitfall.OFF_SPECIALTY,
                    f.letter_id,
                    f"{f.writer}: the letter is for {f.specialty or 'no specialty'}, not "
                    f"{target_specialty}.",
                )
            )
        if f.letter_type is LetterType.RESEARCH and ProgramType.COMMUNITY in f.program_types:
            warnings.append(
                Warning(
                    Pitfall.RESEARCH_TO_COMMUNITY,
                    f.letter_id,
                    f"{f.writer}: a research letter goes to a community program, where "
                    "clinical letters count for more.",
                )
            )
        if (
            f.letter_type is not LetterType.RESEARCH
            and f.requested_on is not None
            and f.last_supervised is not None
            and add_months(f.last_supervised, 6) < f.requested_on
        ):
            warnings.append(
                Warning(
                    Pitfall.LATE_REQUEST,
                    f.letter_id,
                    f"{f.writer}: asked more than 6 months after they last supervised you; "
                    "the memory of your work fades.",
                )
            )
        if not f.waived:
            warnings.append(
                Warning(
                    Pitfall.NOT_WAIVED,
                    f.letter_id,
                    f"{f.writer}: the right to see the letter is not waived; programs trust "
                    "waived letters more.",
                )
            )
    in_target = [
        f
        for f in active
        if f.letter_type is LetterType.US_CLINICAL
        and (not target_specialty or _same_specialty(f.specialty, target_specialty))
    ]
    return Readiness(
        us_clinical_in_target=sum(1 for f in in_target if f.status in SECURED),
        total=sum(1 for f in active if f.status in SECURED),
        warnings=tuple(warnings),
        us_clinical_in_progress=sum(1 for f in in_target if f.status in IN_PROGRESS),
        in_progress=sum(1 for f in active if f.status in IN_PROGRESS),
    )
