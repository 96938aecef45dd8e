"""A contact's emails, phones and web addresses: labels, checks, order, cells."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from img_crm.domain.contact_points import (
    clean_label,
    label_from_types,
    lines,
    normalize_points,
    parse_lines,
    united,
    with_primary,
)
from img_crm.domain.contacts import normalize_contact
from img_crm.domain.rows import ContactPointRow as P
from img_crm.errors import ValidationError


def test_labels_files_write_become_ours_and_others_are_kept() -> None:
    assert [clean_label(x) for x in ("* Work", "Cell", "_$!<Mobile>!$_", "INTERNET", "")] == [
        "work",
        "mobile",
        "mobile",
        "",
        "",
    ]
    assert clean_label("Lab: 3rd floor") == "Lab 3rd floor"  # a colon would split the CSV cell
    assert clean_label("Research office") == "Research office"
    assert label_from_types(["INTERNET", "WORK", "PREF"]) == "work"
    assert label_from_types(["CELL", "VOICE"]) == "mobile"
    assert label_from_types(['"work', 'fax"']) == "work fax"
    assert label_from_types(["FAX"]) == "fax"
    assert label_from_types(["VOICE"]) == ""


def test_values_are_checked_per_kind_and_kept_once() -> None:
    points, errors = normalize_points(
        [
            ("email", "work", " a@x.org "),
            ("email", "home", "A@X.org"),  # the same address: kept once, first label
            ("phone", "", "+1 312 555 0100"),
            ("web", "", "https://x.org/a"),
            ("email", "", ""),  # empty: dropped
        ]
    )
    assert errors == {}
    assert points == [
        P("email", "work", "a@x.org"),
        P("phone", "", "+1 312 555 0100"),
        P("web", "", "https://x.org/a"),
    ]
    _, errors = normalize_points([("email", "", "someone@hot mail.com"), ("web", "", "a b")])
    assert errors == {
        "emails": "'someone@hot mail.com' does not look like an email address (name@example.org)",
        "websites": "'a b' is not a web address (it has a space)",
    }
    assert normalize_points([("fax", "", "1")])[1] == {
        "points": "'fax' is not one of email, phone, web"
    }


def test_the_email_and_phone_are_the_first_of_theirs() -> None:
    clean = normalize_contact(
        {
            "name": "Ana Lima",
            "email": "main@x.org",
            "points": [("email", "work", "w@x.org"), ("phone", "mobile", "555")],
        }
    )
    assert clean["email"] == "main@x.org" and clean["phone"] == "555"
    assert clean["points"] == [
        P("email", "", "main@x.org"),
        P("email", "work", "w@x.org"),
        P("phone", "mobile", "555"),
    ]
    only_points = normalize_contact({"name": "A", "points": [("email", "", "b@x.org")]})
    assert only_points["email"] == "b@x.org"
    with pytest.raises(ValidationError) as info:
        normalize_contact({"name": "A", "points": [("email", "", "nope")]})
    assert list(info.value.errors) == ["emails"]


def test_editing_the_main_email_replaces_it_or_brings_another_forward() -> None:
    points = [P("email", "work", "a@x.org"), P("email", "home", "b@x.org"), P("phone", "", "1")]
    assert with_primary(points, "email", "c@x.org") == [
        P("email", "work", "c@x.org"),
        P("email", "home", "b@x.org"),
        P("phone", "", "1"),
    ]
    assert with_primary(points, "email", "B@x.org")[:2] == [
        P("email", "home", "b@x.org"),
        P("email", "work", "a@x.org"),
    ]
    assert with_primary(points, "email", "") == [P("email", "home", "b@x.org"), P("phone", "", "1")]
    assert with_primary(points, "email", "c@x.org", replace=False)[0] == P("email", "", "c@x.org")
    assert with_primary([], "phone", "2") == [P("phone", "", "2")]
    assert united(points, [P("email", "other", "a@x.org"), P("web", "", "https://y.org")]) == [
        *points,
        P("web", "", "https://y.org"),
    ]


def test_a_cell_lists_them_one_per_line_and_reads_back() -> None:
    points = [P("email", "work", "a@x.org"), P("email", "", "b@x.org"), P("phone", "", "1")]
    assert lines(points, "email") == "work: a@x.org\nb@x.org"
    assert parse_lines("work: a@x.org\nb@x.org", "email") == [
        ("email", "work", "a@x.org"),
        ("email", "", "b@x.org"),
    ]
    # on the command line: ; between them; a URL's colon is no label
    assert parse_lines("https://x.org/a; blog: https://b.org", "web", semicolons=True) == [
        ("web", "", "https://x.org/a"),
        ("web", "blog", "https://b.org"),
    ]


_LABEL = st.sampled_from(["", "work", "home", "mobile", "other", "Lab", "work fax", "Pager 2"])
_EMAIL = st.from_regex(r"[a-z0-9._]{1,12}@[a-z]{1,8}\.(org|com|edu)", fullmatch=True)


def test_a_tel_uri_is_stored_as_the_number_people_dial() -> None:
    points, _ = normalize_points([("phone", "work", "tel:+1-418-656-9254;ext=102")])
    assert points == [P("phone", "work", "+1-418-656-9254 ext. 102")]


@given(st.lists(st.tuples(_LABEL, _EMAIL), max_size=6))
def test_cells_round_trip_any_labelled_list(pairs: list[tuple[str, str]]) -> None:
    points, errors = normalize_points([("email", label, value) for label, value in pairs])
    assert errors == {}
    again, _ = normalize_points(parse_lines(lines(points, "email"), "email"))
    assert again == points
