import pytest

from img_crm.domain.enums import VisaNeed
from img_crm.domain.profile import parse_setting, profile_from_settings
from img_crm.errors import UserError


@pytest.mark.parametrize(
    ("key", "raw", "stored"),
    [
        ("target_specialty", " Internal   Medicine ", "Internal Medicine"),
        ("match_year", "2027", "2027"),
        ("home_timezone", "Asia/Kolkata", "Asia/Kolkata"),
        ("visa", "J1", "j1"),
    ],
)
def test_good_values_are_normalised(key: str, raw: str, stored: str) -> None:
    assert parse_setting(key, raw) == stored


@pytest.mark.parametrize(
    ("key", "raw", "hint"),
    [
        ("match_year", "1999", "2020 to 2045"),
        ("match_year", "soon", "2020 to 2045"),
        ("home_timezone", "IST", "Asia/Kolkata"),
        ("visa", "green", "not-needed, j1, h1b, j1-or-h1b, undecided"),
        ("colour", "blue", "target_specialty"),
    ],
)
def test_bad_values_list_what_is_accepted(key: str, raw: str, hint: str) -> None:
    with pytest.raises(UserError) as info:
        parse_setting(key, raw)
    assert hint in str(info.value)


def test_profile_tolerates_missing_and_stale_values() -> None:
    profile = profile_from_settings({"match_year": "x", "visa": "old"}, default_timezone="UTC")
    assert profile.match_year is None
    assert profile.visa is VisaNeed.UNDECIDED
    assert profile.home_timezone == "UTC"
    assert not profile.is_set_up


def test_own_addresses_are_checked_lower_cased_and_listed_once() -> None:
    from img_crm.domain.profile import parse_setting, profile_from_settings

    stored = parse_setting("my_emails", "Me@Example.org; me@example.org, <work@hosp.example.edu>")
    assert stored == "me@example.org, work@hosp.example.edu"
    assert profile_from_settings({"my_emails": stored}).my_emails == (
        "me@example.org",
        "work@hosp.example.edu",
    )
    with pytest.raises(UserError, match="'not-an-address' is not an email address"):
        parse_setting("my_emails", "me@example.org not-an-address")
    assert parse_setting("cadence_max_warm", "45") == "45"
    with pytest.raises(UserError, match="from 1 to 730"):
        parse_setting("cadence_max_warm", "0")
