from datetime import date, timedelta

import pytest

from img_crm.domain.enums import LetterStatus, LetterType, ProgramType
from img_crm.domain.letters import (
    LetterFacts,
    Pitfall,
    ReminderStep,
    readiness,
    reminder,
    reminder_message,
)

ASKED = date(2026, 8, 1)


def _due(days: int, status: LetterStatus = LetterStatus.ASKED, nudge: date | None = None) -> object:
    found = reminder(
        status=status, requested_on=ASKED, last_nudge=nudge, today=ASKED + timedelta(days=days)
    )
    return found.step if found else None


@pytest.mark.parametrize(
    ("days", "step"),
    [
        (13, None),
        (14, ReminderStep.FIRST),
        (21, ReminderStep.FIRST),
        (41, ReminderStep.FIRST),
        (42, ReminderStep.SECOND),
        (56, ReminderStep.SECOND),
        (57, ReminderStep.ALTERNATIVE),
    ],
)
def test_reminder_steps_at_their_boundaries(days: int, step: ReminderStep | None) -> None:
    assert _due(days) == step


def test_reminder_windows_and_dates() -> None:
    first = reminder(
        status=LetterStatus.AGREED,
        requested_on=ASKED,
        last_nudge=None,
        today=ASKED + timedelta(days=15),
    )
    assert first is not None and (first.due, first.by) == (date(2026, 8, 15), date(2026, 8, 22))


def test_a_nudge_sent_counts_as_the_reminder() -> None:
    assert _due(20, nudge=ASKED + timedelta(days=14)) is None
    assert _due(20, nudge=ASKED + timedelta(days=13)) is ReminderStep.FIRST
    assert _due(45, nudge=ASKED + timedelta(days=20)) is ReminderStep.SECOND
    assert _due(45, nudge=ASKED + timedelta(days=42)) is None
    assert _due(60, nudge=ASKED + timedelta(days=58)) is ReminderStep.ALTERNATIVE


def test_no_reminder_once_uploaded_declined_or_before_asking() -> None:
    for status in (LetterStatus.UPLOADED, LetterStatus.IDENTIFIED, LetterStatus.DECLINED):
        assert _due(30, status=status) is None
    assert (
        reminder(status=LetterStatus.ASKED, requested_on=None, last_nudge=None, today=ASKED) is None
    )


def test_reminder_message_is_polite_and_signed() -> None:
    text = reminder_message(ReminderStep.FIRST, writer="Dr. Hughes", my_name="Amina Yusuf")
    assert text.startswith("Dear Dr. Hughes") and text.endswith("Amina Yusuf")
    assert "[your name]" in reminder_message(ReminderStep.SECOND, writer="Dr. K", my_name="")


@pytest.mark.parametrize("step", [ReminderStep.FIRST, ReminderStep.SECOND])
def test_a_request_not_yet_answered_is_not_chased_as_a_letter_in_writing(
    step: ReminderStep,
) -> None:
    """Only an agreed letter can be "not in ERAS yet"; an open request asks."""
    asked = reminder_message(step, writer="Dr. K", my_name="A", status=LetterStatus.ASKED)
    agreed = reminder_message(step, writer="Dr. K", my_name="A", status=LetterStatus.AGREED)
    assert "ERAS" not in asked and "agreed" not in asked
    assert "help you decide" in asked
    assert "It has not appeared in ERAS yet" in agreed


def _letter(**changes: object) -> LetterFacts:
    base: dict[str, object] = {
        "letter_id": 1,
        "writer": "Dr. A",
        "letter_type": LetterType.US_CLINICAL,
        "specialty": "Internal Medicine",
        "status": LetterStatus.AGREED,
        "waived": True,
        "requested_on": date(2026, 9, 1),
        "first_interaction": date(2026, 5, 1),
        "last_interaction": date(2026, 8, 1),
        "last_supervised": date(2026, 8, 1),
        "program_types": (ProgramType.UNIVERSITY,),
    }
    base.update(changes)
    return LetterFacts(**base)  # type: ignore[arg-type]


def _pitfalls(letters: list[LetterFacts]) -> set[Pitfall]:
    return {w.pitfall for w in readiness(letters, target_specialty="Internal Medicine").warnings}


def test_a_good_set_of_letters_is_ready_with_no_warnings() -> None:
    letters = [_letter(letter_id=i) for i in (1, 2, 3)]
    result = readiness(letters, target_specialty="internal  medicine")
    assert (result.us_clinical_in_target, result.total) == (3, 3)
    assert result.enough_us_clinical and result.ideal_us_clinical and result.total_ok
    assert result.warnings == ()


def test_declined_letters_do_not_count() -> None:
    letters = [_letter(letter_id=1), _letter(letter_id=2, status=LetterStatus.DECLINED)]
    result = readiness(letters, target_specialty="Internal Medicine")
    assert (result.us_clinical_in_target, result.total, result.enough_us_clinical) == (1, 1, False)


def test_too_many_home_country_letters_appears_and_clears() -> None:
    home = {"letter_type": LetterType.HOME_CLINICAL}
    assert Pitfall.TOO_MANY_HOME in _pitfalls(
        [_letter(letter_id=1, **home), _letter(letter_id=2, **home)]
    )
    assert Pitfall.TOO_MANY_HOME not in _pitfalls(
        [_letter(letter_id=1, **home), _letter(letter_id=2)]
    )


def test_writer_who_barely_knows_you_appears_and_clears() -> None:
    assert Pitfall.WRITER_TOO_NEW in _pitfalls([_letter(first_interaction=date(2026, 6, 2))])
    assert Pitfall.WRITER_TOO_NEW not in _pitfalls([_letter(first_interaction=date(2026, 6, 1))])


def test_letter_outside_the_target_specialty_appears_and_clears() -> None:
    assert Pitfall.OFF_SPECIALTY in _pitfalls([_letter(specialty="Pediatrics")])
    assert Pitfall.OFF_SPECIALTY not in _pitfalls([_letter(specialty="Internal Medicine")])


def test_research_letter_to_a_community_program_appears_and_clears() -> None:
    research = {"letter_type": LetterType.RESEARCH}
    assert Pitfall.RESEARCH_TO_COMMUNITY in _pitfalls(
        [_letter(**research, program_types=(ProgramType.COMMUNITY,))]
    )
    assert Pitfall.RESEARCH_TO_COMMUNITY not in _pitfalls(
        [_letter(**research, program_types=(ProgramType.UNIVERSITY,))]
    )


def test_request_long_after_the_rotation_appears_and_clears() -> None:
    assert Pitfall.LATE_REQUEST in _pitfalls([_letter(requested_on=date(2027, 2, 2))])
    assert Pitfall.LATE_REQUEST not in _pitfalls([_letter(requested_on=date(2027, 2, 1))])


def test_unwaived_letter_appears_and_clears() -> None:
    assert Pitfall.NOT_WAIVED in _pitfalls([_letter(waived=False)])
    assert Pitfall.NOT_WAIVED not in _pitfalls([_letter(waived=True)])


@pytest.mark.parametrize(
    ("days_ago", "nudged_on_day", "step", "due_day"),
    [
        (3, None, ReminderStep.FIRST, 14),  # not due yet: the first, on day 14
        (20, 15, ReminderStep.SECOND, 42),  # the first was sent: the second next
        (50, 45, ReminderStep.ALTERNATIVE, 57),  # both sent: plan another writer after 8 weeks
        (16, None, ReminderStep.FIRST, 14),  # due now: the same as reminder()
    ],
)
def test_the_next_reminder_and_its_day_before_it_is_due(
    days_ago: int, nudged_on_day: int | None, step: ReminderStep, due_day: int
) -> None:
    from img_crm.domain.letters import next_reminder

    today = date(2026, 12, 1)
    asked = today - timedelta(days=days_ago)
    nudge = asked + timedelta(days=nudged_on_day) if nudged_on_day is not None else None
    upcoming = next_reminder(
        status=LetterStatus.ASKED, requested_on=asked, last_nudge=nudge, today=today
    )
    assert upcoming is not None
    assert (upcoming.step, upcoming.due) == (step, asked + timedelta(days=due_day))
    uploaded = next_reminder(
        status=LetterStatus.UPLOADED, requested_on=asked, last_nudge=nudge, today=today
    )
    assert uploaded is None


def test_only_agreed_letters_are_counted_as_secured() -> None:
    def letter(n: int, status: LetterStatus) -> LetterFacts:
        return LetterFacts(
            n,
            f"W{n}",
            LetterType.US_CLINICAL,
            "Internal Medicine",
            status,
            True,
            date(2026, 1, 1),
            date(2025, 1, 1),
            date(2026, 1, 1),
            None,
        )

    statuses = [
        LetterStatus.IDENTIFIED,
        LetterStatus.ASKED,
        LetterStatus.AGREED,
        LetterStatus.PACKET_SENT,
        LetterStatus.UPLOADED,
        LetterStatus.DECLINED,
    ]
    r = readiness(
        [letter(n, s) for n, s in enumerate(statuses)], target_specialty="Internal Medicine"
    )
    assert (r.us_clinical_in_target, r.us_clinical_in_progress) == (3, 2)
    assert (r.total, r.in_progress) == (3, 2)
    only_asked = readiness(
        [letter(n, LetterStatus.ASKED) for n in range(5)], target_specialty="Internal Medicine"
    )
    assert not only_asked.enough_us_clinical and not only_asked.total_ok
