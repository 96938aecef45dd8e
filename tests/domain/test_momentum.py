import dataclasses
from datetime import date

from img_crm.domain.enums import ActivityKind as K
from img_crm.domain.enums import Stage
from img_crm.domain.momentum import (
    Goal,
    LoggedActivity,
    PersonProgress,
    funnel,
    momentum,
    per_month,
    shift_month,
)


def test_momentum_counts_only_the_month_of_the_day() -> None:
    log = [
        LoggedActivity(date(2026, 1, 31), K.RESEARCH_TASK),
        LoggedActivity(date(2026, 2, 1), K.RESEARCH_TASK),
        LoggedActivity(date(2026, 2, 28), K.MEETING, Stage.MENTOR),
        LoggedActivity(date(2026, 3, 1), K.CONFERENCE),
    ]
    assert momentum(log, date(2026, 2, 15)) == {
        Goal.RESEARCH: 1,
        Goal.MENTOR_CONTACT: 1,
        Goal.EXPOSURE_OR_WIN: 0,
    }
    assert momentum(log, date(2026, 1, 1))[Goal.RESEARCH] == 1
    assert momentum(log, date(2026, 3, 31))[Goal.EXPOSURE_OR_WIN] == 1


def test_mentor_goal_needs_a_mentor_or_sponsor() -> None:
    day = date(2026, 5, 5)
    assert momentum([LoggedActivity(day, K.MEETING, Stage.WARM)], day)[Goal.MENTOR_CONTACT] == 0
    assert (
        momentum([LoggedActivity(day, K.OUTREACH_SENT, Stage.SPONSOR)], day)[Goal.MENTOR_CONTACT]
        == 1
    )
    assert momentum([LoggedActivity(day, K.MEETING, None)], day)[Goal.MENTOR_CONTACT] == 0


def test_per_month_covers_twelve_months_across_a_year_end() -> None:
    log = [
        LoggedActivity(date(2025, 12, 31), K.MEETING),
        LoggedActivity(date(2026, 1, 1), K.MEETING),
        LoggedActivity(date(2024, 12, 1), K.MEETING),  # too old
    ]
    buckets = per_month(log, last_month=date(2026, 11, 22))
    assert next(iter(buckets)) == date(2025, 12, 1) and list(buckets)[-1] == date(2026, 11, 1)
    assert len(buckets) == 12
    assert buckets[date(2025, 12, 1)][K.MEETING] == 1
    assert buckets[date(2026, 1, 1)][K.MEETING] == 1
    assert sum(sum(c.values()) for c in buckets.values()) == 2
    assert shift_month(date(2026, 1, 1), -1) == date(2025, 12, 1)


def test_funnel_counts_and_reply_rate() -> None:
    people = [PersonProgress(Stage.COLD, True, False)] * 40 + [
        PersonProgress(Stage.COLD, True, True),
        PersonProgress(Stage.WARM, True, True),
        PersonProgress(Stage.MENTOR, False, False),  # met in person: counts as contacted
        PersonProgress(Stage.SPONSOR, True, True),
        PersonProgress(Stage.COLD, False, False),  # on the list, not yet written to
    ]
    result = funnel(people)
    assert (result.contacted, result.replied, result.warm, result.mentor, result.sponsor) == (
        44,
        4,
        3,
        2,
        1,
    )
    # The reply rate is not read off the bars: it is the share of outreach
    # messages answered, counted as the templates count it (services/today).
    assert result.reply_rate == 0.0  # no messages given
    counted = dataclasses.replace(result, messages_sent=27, messages_answered=14)
    assert round(counted.reply_rate, 4) == round(14 / 27, 4)
    assert funnel([]).reply_rate == 0.0
