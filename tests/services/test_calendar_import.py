"""Meetings in calendar files (exports and invitations) become activities."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from img_crm.domain.enums import ActivityKind
from img_crm.errors import UserError
from img_crm.services import activity_import
from img_crm.services.activity_import import ActivityPlan
from img_crm.store.activities import list_activities
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

# As Google Calendar exports one (folded lines, CRLF, a TZID with its VTIMEZONE).
EXPORT = """BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
CALSCALE:GREGORIAN\r
METHOD:PUBLISH\r
BEGIN:VTIMEZONE\r
TZID:America/New_York\r
BEGIN:STANDARD\r
DTSTART:19701101T020000\r
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r
TZOFFSETFROM:-0400\r
TZOFFSETTO:-0500\r
TZNAME:EST\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
DTSTART;TZID=America/New_York:20261105T090000\r
DTEND;TZID=America/New_York:20261105T093000\r
UID:call-ana-1@google.com\r
ORGANIZER;CN=Me:mailto:me@example.org\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Ana Lima;\r
 X-NUM-GUESTS=0:mailto:Ana.Lima@brookside.example.edu\r
ATTENDEE;PARTSTAT=ACCEPTED;CN=Me:mailto:me@example.org\r
SUMMARY:Research call: chart review\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;VALUE=DATE:20261110\r
DTEND;VALUE=DATE:20261111\r
UID:declined@google.com\r
ATTENDEE;PARTSTAT=DECLINED:mailto:khai@lakeview.example.org\r
SUMMARY:Journal club\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART:20261112T150000Z\r
UID:cancelled@google.com\r
STATUS:CANCELLED\r
ATTENDEE:mailto:ana.lima@brookside.example.edu\r
SUMMARY:Cancelled call\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART:20261201T150000Z\r
UID:future@google.com\r
ATTENDEE:mailto:ana.lima@brookside.example.edu\r
SUMMARY:Next month\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART:20261101T140000Z\r
UID:stranger@google.com\r
ATTENDEE:mailto:someone@else.example.org\r
SUMMARY:Dentist\r
END:VEVENT\r
END:VCALENDAR\r
"""

# A weekly mentoring call, one week skipped (EXDATE) and one moved (RECURRENCE-ID).
WEEKLY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
BEGIN:VEVENT
UID:weekly-khai
DTSTART:20261015T130000Z
RRULE:FREQ=WEEKLY;COUNT=8
EXDATE:20261022T130000Z
SUMMARY:Mentoring call
ORGANIZER:mailto:khai@lakeview.example.org
END:VEVENT
BEGIN:VEVENT
UID:weekly-khai
RECURRENCE-ID:20261029T130000Z
DTSTART:20261030T160000Z
SUMMARY:Mentoring call (moved)
ORGANIZER:mailto:khai@lakeview.example.org
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    with store.session() as session:
        ana = add_contact(
            session, data={"name": "Ana Lima", "email": "ana.lima@brookside.example.edu"}
        )
        khai = add_contact(session, data={"name": "Khai", "email": "khai@lakeview.example.org"})
    return {"ana": ana, "khai": khai}


def _plan(store: Store, path: Path) -> ActivityPlan:
    with store.reading() as session:
        return activity_import.plan_calendar(session, path, own=["me@example.org"], now=NOW)


def test_a_calendar_export_logs_the_meetings_contacts_attended(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "basic.ics"
    path.write_bytes(EXPORT.encode())
    plan = _plan(store, path)
    assert [(f.contact_id, f.kind, f.description) for f in plan.new] == [
        (people["ana"], ActivityKind.MEETING, "Research call: chart review")
    ]
    assert plan.new[0].moment == datetime(2026, 11, 5, 14, 0, tzinfo=UTC)  # 9:00 EST
    counts = plan.counts()
    assert (counts["cancelled"], counts["later"], counts["unrelated"]) == (1, 1, 2)
    with store.session() as session:
        assert activity_import.apply(session, plan).logged == 1
    with store.session() as session:
        assert activity_import.apply(session, _plan(store, path)).logged == 0
    with store.reading() as session:
        (meeting,) = list_activities(session, contact_id=people["ana"])
    assert meeting.kind == "meeting"


def test_a_repeating_event_is_one_meeting_per_occurrence_that_happened(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "weekly.ics"
    path.write_text(WEEKLY, encoding="utf-8")
    plan = _plan(store, path)
    days = [f.moment.astimezone(UTC).date() for f in plan.new]
    # 15, (22 removed), 29 moved to 30, 5, 12, 19 Nov; 26 Nov and 3 Dec are later
    assert days == [
        date(2026, 10, 15),
        date(2026, 11, 5),
        date(2026, 11, 12),
        date(2026, 11, 19),
        date(2026, 10, 30),
    ]
    assert plan.new[-1].description == "Mentoring call (moved)"
    assert len({f.key for f in plan.new}) == 5
    assert plan.later == 1


def test_a_file_that_is_not_a_calendar_is_refused_in_one_sentence(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "notes.ics"
    path.write_text("BEGIN:VCALENDAR\nthis is not\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"^notes\.ics is not a calendar file"):
        _plan(store, path)


def _calendar(path: Path, *events: str) -> Path:
    """An .ics file of ``events`` (each the lines inside one VEVENT)."""
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    path.write_bytes(
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + body + "END:VCALENDAR\r\n")
        .replace("\n", "\r\n")
        .replace("\r\r\n", "\r\n")
        .encode()
    )
    return path


ANA_ATTENDS = "ATTENDEE:mailto:ana.lima@brookside.example.edu"


def test_an_event_whose_start_or_rule_cannot_be_read_is_listed_not_guessed(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    path = _calendar(
        tmp_path / "odd.ics",
        f"UID:fine\nDTSTART:20261102T150000Z\nSUMMARY:Fine\n{ANA_ATTENDS}",
        f"UID:bad-start\nDTSTART:2026-11-03 x\nSUMMARY:Private matter\n{ANA_ATTENDS}",
        f"UID:bad-rule\nDTSTART:20261001T150000Z\nRRULE:FREQ=SOMETIMES\n{ANA_ATTENDS}",
        "UID:not-ours\nDTSTART:garbage\nATTENDEE:mailto:someone@else.example.org",
    )
    plan = _plan(store, path)
    assert [f.description for f in plan.new] == ["Fine"]
    assert [u.sentence() for u in plan.invalid] == [
        "odd.ics, line 10 (event 2), DTSTART: the start cannot be read (or is not a date from "
        "1900 to 2199)",
        "odd.ics, line 16 (event 3), RRULE: the repeat rule cannot be read or used",
    ]
    assert plan.unrelated == 1
    with store.session() as session, pytest.raises(UserError) as refused:
        activity_import.apply(session, plan)
    assert "Private" not in str(refused.value)
    with store.session() as session:
        assert activity_import.apply(session, plan, skip_invalid=True).logged == 1


def test_a_file_that_is_not_a_calendar_is_refused_without_quoting_it(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "notes.ics"
    path.write_text("Dr Osei said the letter is weak\nBEGIN:VCALENDAR\n", encoding="utf-8")
    with pytest.raises(UserError) as refused:
        _plan(store, path)
    assert str(refused.value) == (
        "notes.ics is not a calendar file img-crm can read (an .ics file of events); "
        "nothing was imported."
    )


def _in_zone(zone: str) -> None:
    os.environ["TZ"] = zone
    time.tzset()


@pytest.fixture
def travel() -> Iterator[Callable[[str], None]]:
    """Move this computer to another time zone (and back after the test)."""
    before = os.environ.get("TZ")
    yield _in_zone
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_all_day_and_floating_series_are_not_logged_again_after_travel(
    store: Store, people: dict[str, int], tmp_path: Path, travel: Callable[[str], None]
) -> None:
    path = _calendar(
        tmp_path / "series.ics",
        f"UID:all-day\nDTSTART;VALUE=DATE:20261005\nRRULE:FREQ=WEEKLY;COUNT=3\n{ANA_ATTENDS}",
        f"UID:floating\nDTSTART:20261006T090000\nRRULE:FREQ=WEEKLY;COUNT=3\n{ANA_ATTENDS}",
    )
    travel("America/New_York")
    first = _plan(store, path)
    assert len(first.new) == 6
    with store.session() as session:
        activity_import.apply(session, first)
    travel("Asia/Kolkata")
    again = _plan(store, path)
    assert (again.new, again.already) == ([], 6)


def test_a_local_until_and_repeat_dates_are_honoured(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    """Outlook writes UNTIL in the event's zone (dateutil wants UTC); RDATE
    adds occurrences a rule does not give, a PERIOD counting from its start."""
    path = _calendar(
        tmp_path / "outlook.ics",
        "UID:until\nDTSTART;TZID=Europe/Berlin:20261001T090000\n"
        f"RRULE:FREQ=WEEKLY;UNTIL=20261022T090000\nSUMMARY:Weekly\n{ANA_ATTENDS}",
        "UID:extra\nDTSTART:20261002T150000Z\n"
        "RDATE:20261009T150000Z,20261016T160000Z\n"
        f"RDATE;VALUE=PERIOD:20261023T150000Z/PT1H\nSUMMARY:Extra\n{ANA_ATTENDS}",
    )
    plan = _plan(store, path)
    weekly = [f.moment.astimezone(UTC) for f in plan.new if f.description == "Weekly"]
    assert weekly == [datetime(2026, 10, d, 7, 0, tzinfo=UTC) for d in (1, 8, 15, 22)]
    extra = [f.moment.astimezone(UTC) for f in plan.new if f.description == "Extra"]
    assert extra == [
        datetime(2026, 10, 2, 15, 0, tzinfo=UTC),
        datetime(2026, 10, 9, 15, 0, tzinfo=UTC),
        datetime(2026, 10, 16, 16, 0, tzinfo=UTC),
        datetime(2026, 10, 23, 15, 0, tzinfo=UTC),
    ]
    assert len({f.key for f in plan.new}) == 8


def test_impossible_starts_and_endless_rules_are_listed_not_run(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    path = _calendar(
        tmp_path / "odd.ics",
        f"UID:year-one\nDTSTART;TZID=Asia/Tokyo:00010101T010000\n{ANA_ATTENDS}",
        f"UID:all-day-one\nDTSTART;VALUE=DATE:00010101\n{ANA_ATTENDS}",
        # a Monday start, every 0 days on Tuesdays: dateutil would search forever
        f"UID:never\nDTSTART:20261005T090000Z\nRRULE:FREQ=DAILY;INTERVAL=0;BYDAY=TU\n{ANA_ATTENDS}",
        f"UID:minutely\nDTSTART:20261005T090000Z\nRRULE:FREQ=MINUTELY\n{ANA_ATTENDS}",
    )
    plan = _plan(store, path)
    assert [u.field for u in plan.invalid] == ["DTSTART", "DTSTART", "RRULE", "RRULE"]
    assert plan.new == []


def test_only_the_newest_version_of_an_event_counts_and_your_decline_is_kept(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    invite = f"UID:call\nSEQUENCE:0\nDTSTART:20261001T090000Z\nSUMMARY:Call\n{ANA_ATTENDS}"
    moved = f"UID:call\nSEQUENCE:1\nDTSTART:20261008T090000Z\nSUMMARY:Call\n{ANA_ATTENDS}"
    path = _calendar(tmp_path / "moved.ics", moved, invite)  # the newer first
    assert [f.moment.date() for f in _plan(store, path).new] == [date(2026, 10, 8)]
    cancel = tmp_path / "cancel.ics"
    cancel.write_text(
        EXPORT_HEAD + invite.replace("\n", "\r\n") + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\n"
        + invite.replace("SEQUENCE:0", "SEQUENCE:1").replace("\n", "\r\n")
        + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    plan = _plan(store, cancel)
    assert (plan.new, plan.cancelled) == ([], 1)
    declined = _calendar(
        tmp_path / "declined.ics",
        "UID:no\nDTSTART:20261001T090000Z\nORGANIZER:mailto:ana.lima@brookside.example.edu\n"
        "ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.org",
    )
    plan = _plan(store, declined)
    assert (plan.new, plan.cancelled) == ([], 1)
    by_parameter = _calendar(
        tmp_path / "apple.ics",
        "UID:apple\nDTSTART:20261001T090000Z\nSTATUS:CONFIRMED\n"
        "ATTENDEE;EMAIL=ana.lima@brookside.example.edu;CN=Ana:urn:uuid:1234",
        f"UID:twice\nDTSTART:20261002T090000Z\nSTATUS:CONFIRMED\nSTATUS:CANCELLED\n{ANA_ATTENDS}",
    )
    plan = _plan(store, by_parameter)
    assert ([f.key for f in plan.new], plan.cancelled) == (["apple"], 1)


EXPORT_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("", "holds no calendar events"),
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "holds no calendar events"),
        ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n", "calendar"),
        (
            EXPORT_HEAD + "UID:cut\r\nDTSTART:20261001T090000Z\r\n",
            "line 5: the event there has no END",
        ),
    ],
)
def test_a_file_with_no_events_or_cut_short_is_refused(
    store: Store, people: dict[str, int], tmp_path: Path, content: str, said: str
) -> None:
    path = tmp_path / "cal.ics"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=said):
        _plan(store, path)


def test_a_floating_series_with_utc_dates_and_a_moved_day_is_the_same_after_travel(
    store: Store, people: dict[str, int], tmp_path: Path, travel: Callable[[str], None]
) -> None:
    path = _calendar(
        tmp_path / "series.ics",
        f"UID:f\nDTSTART:20261001T090000\nRDATE:20261005T090000Z\nEXDATE:20261001T090000Z\n"
        f"{ANA_ATTENDS}",
        f"UID:w\nDTSTART:20261002T150000Z\nRRULE:FREQ=WEEKLY;COUNT=3\n{ANA_ATTENDS}",
        f"UID:w\nRECURRENCE-ID;VALUE=DATE:20261009\nDTSTART:20261010T150000Z\n{ANA_ATTENDS}",
    )
    travel("America/Los_Angeles")
    first = _plan(store, path)
    # f: 5 Oct (1 Oct is its EXDATE, read as UTC's wall clock); w: 2, 10 (moved
    # from the 9th) and 16 Oct
    assert sorted(f.moment.date().day for f in first.new) == [2, 5, 10, 16]
    with store.session() as session:
        activity_import.apply(session, first)
    for zone in ("Pacific/Kiritimati", "Asia/Kathmandu"):
        travel(zone)
        assert _plan(store, path).new == []
