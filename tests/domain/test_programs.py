from datetime import UTC, datetime

import pytest

from img_crm.domain.enums import ProgramVisa, Stage, VisaNeed
from img_crm.domain.programs import (
    DEFAULT_TIER_RANGES,
    dual_time,
    local_to_utc,
    parse_range,
    suggest_tier_1,
    tier_counts,
    tier_ranges_from_settings,
    visa_mismatch,
    wasted_application,
)
from img_crm.errors import UserError


def test_the_playbook_example_new_york_evening_is_india_early_morning() -> None:
    utc = local_to_utc(datetime(2026, 10, 13, 19, 0), "America/New_York")
    assert utc == datetime(2026, 10, 13, 23, 0, tzinfo=UTC)
    assert (
        dual_time(utc, "America/New_York", "Asia/Kolkata")
        == "Tue 13 Oct, 7:00 pm EDT · Wed 14 Oct, 4:30 am IST"
    )


@pytest.mark.parametrize(
    ("local", "home", "expected"),
    [
        # US still on daylight time, UK already back on GMT (the last week of October).
        (
            datetime(2026, 10, 26, 9, 0),
            "Europe/London",
            "Mon 26 Oct, 9:00 am EDT · Mon 26 Oct, 1:00 pm GMT",
        ),
        # US back on standard time after the first Sunday of November.
        (
            datetime(2026, 11, 2, 9, 0),
            "Europe/London",
            "Mon 2 Nov, 9:00 am EST · Mon 2 Nov, 2:00 pm GMT",
        ),
        # US on daylight time from the second Sunday of March, the UK not until the last.
        (
            datetime(2027, 3, 15, 9, 0),
            "Europe/London",
            "Mon 15 Mar, 9:00 am EDT · Mon 15 Mar, 1:00 pm GMT",
        ),
        (
            datetime(2027, 3, 29, 9, 0),
            "Europe/London",
            "Mon 29 Mar, 9:00 am EDT · Mon 29 Mar, 2:00 pm BST",
        ),
        # Lagos and Kolkata never change their clocks; New York does.
        (
            datetime(2026, 11, 10, 8, 0),
            "Africa/Lagos",
            "Tue 10 Nov, 8:00 am EST · Tue 10 Nov, 2:00 pm WAT",
        ),
        (
            datetime(2026, 7, 10, 8, 0),
            "Africa/Lagos",
            "Fri 10 Jul, 8:00 am EDT · Fri 10 Jul, 1:00 pm WAT",
        ),
        (
            datetime(2027, 1, 12, 19, 0),
            "Asia/Kolkata",
            "Tue 12 Jan, 7:00 pm EST · Wed 13 Jan, 5:30 am IST",
        ),
    ],
)
def test_dual_time_across_daylight_saving_changes(
    local: datetime, home: str, expected: str
) -> None:
    utc = local_to_utc(local, "America/New_York")
    assert dual_time(utc, "America/New_York", home) == expected


def test_a_time_skipped_by_spring_forward_is_refused() -> None:
    with pytest.raises(UserError, match="does not exist"):
        local_to_utc(datetime(2027, 3, 14, 2, 30), "America/New_York")


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(UserError, match="time zone"):
        local_to_utc(datetime(2027, 3, 14, 9, 0), "Mars/Base")


def test_same_zone_shows_once() -> None:
    utc = local_to_utc(datetime(2026, 12, 1, 10, 0), "America/Chicago")
    assert dual_time(utc, "America/Chicago", "America/Chicago") == "Tue 1 Dec, 10:00 am CST"


def test_tier_counts_against_ranges() -> None:
    counts = tier_counts([1] * 10 + [2] * 45 + [3] * 25 + [None], DEFAULT_TIER_RANGES)
    assert [(c.tier, c.count, c.state) for c in counts] == [
        (1, 10, "below"),
        (2, 45, "within"),
        (3, 25, "above"),
    ]


def test_tier_ranges_from_settings() -> None:
    ranges = tier_ranges_from_settings({"tier_range_2": "120-150", "tier_range_3": "x"})
    assert ranges[2] == (120, 150) and ranges[3] == DEFAULT_TIER_RANGES[3]
    with pytest.raises(ValueError):
        parse_range("30-15")


def test_tier_one_is_suggested_where_a_mentor_or_sponsor_has_a_tie() -> None:
    assert suggest_tier_1(2, [Stage.WARM, Stage.MENTOR])
    assert suggest_tier_1(None, [Stage.SPONSOR])
    assert not suggest_tier_1(1, [Stage.SPONSOR])
    assert not suggest_tier_1(2, [Stage.WARM, Stage.COLD])


def test_wasted_application_and_visa_mismatch() -> None:
    assert wasted_application(ProgramVisa.NONE, False, VisaNeed.J1)
    assert wasted_application(ProgramVisa.UNKNOWN, True, VisaNeed.J1_OR_H1B)
    assert not wasted_application(ProgramVisa.NONE, False, VisaNeed.NOT_NEEDED)
    assert not wasted_application(ProgramVisa.NONE, False, VisaNeed.UNDECIDED)
    assert not wasted_application(ProgramVisa.BOTH, False, VisaNeed.H1B)
    assert visa_mismatch(ProgramVisa.J1, VisaNeed.H1B)
    assert not visa_mismatch(ProgramVisa.BOTH, VisaNeed.H1B)
