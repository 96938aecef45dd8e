from datetime import date

import pytest

from img_crm.domain.contacts import normalize_contact, parse_tags
from img_crm.errors import ValidationError


def test_name_is_required_and_defaults_fill_in() -> None:
    with pytest.raises(ValidationError) as info:
        normalize_contact({"name": "   "})
    assert info.value.errors == {"name": "a name is required"}
    clean = normalize_contact({"name": "  Ana   Lima "})
    assert clean == {"name": "Ana Lima", "stage": "cold", "email": "", "phone": "", "points": []}


def test_every_bad_field_is_named() -> None:
    with pytest.raises(ValidationError) as info:
        normalize_contact(
            {
                "name": "X",
                "email": "not-an-email",
                "stage": "friend",
                "timezone": "Mars/Olympus",
                "linkedin_url": "linkedin.com/in/x",
                "first_contacted": "28/09/2026",
                "us_based": "maybe",
            }
        )
    assert set(info.value.errors) == {
        "email",
        "stage",
        "timezone",
        "linkedin_url",
        "first_contacted",
        "us_based",
    }
    assert "cold, warm, mentor, sponsor" in info.value.errors["stage"]


def test_partial_update_checks_only_given_fields() -> None:
    assert normalize_contact({"email": "a@b.org"}, partial=True) == {"email": "a@b.org"}
    assert normalize_contact({"stage": "Mentor"}, partial=True) == {"stage": "mentor"}


def test_values_are_parsed() -> None:
    clean = normalize_contact(
        {"name": "Y", "first_contacted": "2026-09-28", "us_based": "yes", "tags": "a, b,,A"}
    )
    assert clean["first_contacted"] == date(2026, 9, 28)
    assert clean["us_based"] is True
    assert clean["tags"] == ["a", "b"]


def test_parse_tags_trims_and_dedupes_case_insensitively() -> None:
    assert parse_tags(" research ,alumni,Research,  ") == ["research", "alumni"]
    assert parse_tags(["x  y", "x y"]) == ["x y"]
