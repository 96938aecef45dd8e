from datetime import date, timedelta

import pytest

from img_crm.domain.enums import Stage
from img_crm.domain.pipeline import (
    ActivitySpan,
    Hint,
    add_months,
    hints,
    ready_for_letter,
    ready_for_mentoring,
    sponsor_needs_touch,
    step,
)

D = date(2026, 1, 15)


def test_step_moves_along_the_ladder_and_stops_at_the_ends() -> None:
    assert step(Stage.COLD, 1) is Stage.WARM
    assert step(Stage.SPONSOR, 1) is None
    assert step(Stage.COLD, -1) is None
    assert step(Stage.MENTOR, -1) is Stage.WARM


def test_mentoring_hint_at_exactly_four_weeks_of_work() -> None:
    span = ActivitySpan(first_work=D, last_work=D + timedelta(days=28))
    assert ready_for_mentoring(Stage.WARM, span)
    short = ActivitySpan(first_work=D, last_work=D + timedelta(days=27))
    assert not ready_for_mentoring(Stage.WARM, short)
    assert not ready_for_mentoring(Stage.COLD, span)
    assert not ready_for_mentoring(Stage.WARM, ActivitySpan())


def test_letter_hint_at_exactly_two_months_of_interaction() -> None:
    span = ActivitySpan(first_activity=D, last_activity=date(2026, 3, 15))
    assert ready_for_letter(Stage.MENTOR, span)
    assert not ready_for_letter(Stage.MENTOR, ActivitySpan(D, date(2026, 3, 14)))
    assert not ready_for_letter(Stage.WARM, span)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [(date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2026, 11, 30), 3, date(2027, 2, 28))],
)
def test_add_months_clamps_to_month_end(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


def test_sponsor_needs_a_touch_after_thirty_days() -> None:
    today = date(2026, 6, 30)
    assert not sponsor_needs_touch(
        Stage.SPONSOR, ActivitySpan(last_activity=today - timedelta(days=29)), today
    )
    assert sponsor_needs_touch(
        Stage.SPONSOR, ActivitySpan(last_activity=today - timedelta(days=30)), today
    )
    assert sponsor_needs_touch(Stage.SPONSOR, ActivitySpan(), today)
    assert not sponsor_needs_touch(Stage.MENTOR, ActivitySpan(), today)


def test_hints_collects_what_applies() -> None:
    span = ActivitySpan(D, D + timedelta(days=70), D, D + timedelta(days=70))
    assert hints(Stage.WARM, span, D + timedelta(days=70)) == [Hint.READY_FOR_MENTORING]
    assert hints(Stage.MENTOR, span, D + timedelta(days=70)) == [Hint.READY_FOR_LETTER]
    assert hints(Stage.COLD, span, D) == []
