from datetime import date, timedelta

from img_crm.domain.templates import (
    BUILT_INS,
    Sent,
    contact_values,
    fill,
    placeholders,
    reply_rates,
    split_name,
)


def test_every_built_in_has_a_subject_body_and_known_placeholders() -> None:
    names = [b.name for b in BUILT_INS]
    assert len(names) == len(set(names)) == 9
    for template in BUILT_INS:
        assert template.subject and template.body
        assert "{my_name}" in template.body


def test_placeholders_in_order_without_repeats() -> None:
    assert placeholders("Dear {title} {last_name}, {title} again; {paper_title}") == [
        "title",
        "last_name",
        "paper_title",
    ]


def test_fill_from_contact_and_profile_leaves_the_rest_missing() -> None:
    values = {
        **contact_values(
            name="Nguyễn Thị Minh Khai",
            title="",
            institution="Brookside",
            specialty="Infectious Disease",
            role="Attending",
        ),
        "my_name": "Amina Yusuf",
        "target_specialty": "Internal Medicine",
    }
    result = fill("Help with your {specialty} research", BUILT_INS[0].body, values)
    assert result.subject == "Help with your Infectious Disease research"
    assert result.body.startswith("Dear Dr. Khai,")
    assert result.missing == ("paper_title", "journal", "hours_per_week")
    assert "{paper_title}" in result.body
    complete = fill(
        "",
        BUILT_INS[0].body,
        {**values, "paper_title": "HF readmissions", "journal": "JGIM", "hours_per_week": "10"},
    )
    assert complete.missing == () and "{" not in complete.body


def test_split_name_handles_single_words() -> None:
    assert split_name("王小明") == ("王小明", "王小明")
    assert split_name("Margaret  Hughes") == ("Margaret", "Hughes")


def test_reply_rates_per_template_and_overall() -> None:
    day = date(2026, 3, 1)
    sent = [
        Sent(1, day, 10),
        Sent(2, day, 10),
        Sent(3, day, 10),
        Sent(4, day, 11),
        Sent(5, day, None),
    ]
    replies = [
        (1, day + timedelta(days=21)),  # inside the window (inclusive)
        (2, day + timedelta(days=22)),  # too late
        (4, day - timedelta(days=1)),  # before the message: not a reply to it
        (5, day),
    ]
    rates, total = reply_rates(sent, replies)
    assert (rates[10].sent, rates[10].replied) == (3, 1)
    assert round(rates[10].rate, 3) == 0.333
    assert (rates[11].sent, rates[11].replied, rates[None].replied) == (1, 0, 1)
    assert (total.sent, total.replied) == (5, 2) and total.rate == 0.4
    assert reply_rates([], [])[1].rate == 0.0
