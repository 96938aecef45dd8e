from datetime import UTC, date, datetime, timedelta

from img_crm.domain.cadence import (
    DEFAULT_INTERVALS,
    activity_moment,
    intervals_from_settings,
    is_overdue,
    next_follow_up,
    reply_owed,
)
from img_crm.domain.enums import Stage

D = date(2026, 3, 10)


def test_follow_up_is_last_touch_plus_the_stage_interval() -> None:
    for stage, days in DEFAULT_INTERVALS.items():
        due = next_follow_up(
            stage=stage,
            last_interaction=D,
            first_contacted=None,
            manual=None,
            intervals=DEFAULT_INTERVALS,
        )
        assert due == D + timedelta(days=days)


def test_a_date_set_by_hand_wins_and_first_contact_is_the_fallback() -> None:
    manual = date(2026, 4, 1)
    assert (
        next_follow_up(
            stage=Stage.WARM,
            last_interaction=D,
            first_contacted=None,
            manual=manual,
            intervals=DEFAULT_INTERVALS,
        )
        == manual
    )
    assert next_follow_up(
        stage=Stage.COLD,
        last_interaction=None,
        first_contacted=D,
        manual=None,
        intervals=DEFAULT_INTERVALS,
    ) == D + timedelta(days=7)
    assert (
        next_follow_up(
            stage=Stage.COLD,
            last_interaction=None,
            first_contacted=None,
            manual=None,
            intervals=DEFAULT_INTERVALS,
        )
        is None
    )


def test_overdue_starts_the_day_after_it_is_due() -> None:
    assert not is_overdue(D, today=D)
    assert is_overdue(D, today=D + timedelta(days=1))
    assert not is_overdue(None, today=D)


def test_intervals_from_settings_ignore_bad_values() -> None:
    intervals = intervals_from_settings(
        {"cadence_warm": "10", "cadence_mentor": "0", "cadence_cold": "x"}
    )
    assert intervals[Stage.WARM] == 10
    assert intervals[Stage.MENTOR] == DEFAULT_INTERVALS[Stage.MENTOR]
    assert intervals[Stage.COLD] == DEFAULT_INTERVALS[Stage.COLD]


def test_reply_owed_at_exactly_24_hours_and_after() -> None:
    reply = datetime(2026, 3, 10, 9, 0)
    assert not reply_owed(last_reply=reply, last_outgoing=None, now=reply + timedelta(hours=24))
    assert reply_owed(
        last_reply=reply, last_outgoing=None, now=reply + timedelta(hours=24, seconds=1)
    )


def test_an_answer_after_the_reply_clears_it() -> None:
    reply = datetime(2026, 3, 10, 9, 0)
    later = reply + timedelta(days=3)
    assert not reply_owed(last_reply=reply, last_outgoing=reply, now=later)
    assert not reply_owed(last_reply=reply, last_outgoing=reply + timedelta(hours=2), now=later)
    assert reply_owed(last_reply=reply, last_outgoing=reply - timedelta(hours=2), now=later)
    assert not reply_owed(last_reply=None, last_outgoing=None, now=later)


def test_activity_moment_uses_the_logging_time_on_the_same_day() -> None:
    logged = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
    local = logged.astimezone().replace(tzinfo=None)
    assert activity_moment(local.date(), logged) == local
    assert activity_moment(date(2026, 3, 1), logged) == datetime(2026, 3, 1, 12, 0)
    assert activity_moment(date(2026, 3, 1), None) == datetime(2026, 3, 1, 12, 0)


def test_maximums_come_from_settings_and_never_fall_below_the_ideal() -> None:
    from img_crm.domain.cadence import DEFAULT_MAXIMUMS, cadence_from_settings

    rules = cadence_from_settings(
        {
            "cadence_warm": "20",
            "cadence_max_warm": "10",
            "cadence_max_mentor": "50",
            "cadence_max_sponsor": "nonsense",
        }
    )
    assert rules.intervals[Stage.WARM] == 20
    assert rules.maximums[Stage.WARM] == 20  # raised to the ideal: never red before amber
    assert rules.maximums[Stage.MENTOR] == 50
    assert rules.maximums[Stage.SPONSOR] == DEFAULT_MAXIMUMS[Stage.SPONSOR]


def test_the_touch_limit_is_the_maximum_after_the_last_touch_or_a_later_choice() -> None:
    from img_crm.domain.cadence import DEFAULT_MAXIMUMS, touch_limit

    last = date(2026, 10, 1)
    common = {"stage": Stage.WARM, "first_contacted": None, "maximums": DEFAULT_MAXIMUMS}
    assert touch_limit(last_interaction=last, manual=None, snoozed=None, **common) == date(
        2026, 10, 31
    )
    later = date(2026, 11, 15)
    assert touch_limit(last_interaction=last, manual=later, snoozed=None, **common) == later
    assert touch_limit(last_interaction=last, manual=None, snoozed=later, **common) == later
    # never contacted (an imported network): nobody is losing touch
    assert touch_limit(last_interaction=None, manual=None, snoozed=None, **common) is None


def test_a_snooze_moves_the_follow_up_until_a_new_touch() -> None:
    from img_crm.domain.cadence import snooze_problem, snoozed_until

    today = date(2026, 12, 2)
    snooze = (date(2026, 12, 1), date(2026, 12, 8))
    assert snoozed_until(snooze, last_interaction=date(2026, 11, 20)) == date(2026, 12, 8)
    # a touch the same day as the snooze came before it
    assert snoozed_until(snooze, last_interaction=date(2026, 12, 1)) == date(2026, 12, 8)
    assert snoozed_until(snooze, last_interaction=date(2026, 12, 2)) is None
    assert snoozed_until(None, last_interaction=None) is None
    assert snooze_problem(today, today=today) == "a snooze must end after today"
    assert snooze_problem(date(2027, 12, 3), today=today) == "a snooze can last at most a year"
    assert snooze_problem(date(2027, 12, 2), today=today) is None
