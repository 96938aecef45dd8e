"""``img-crm invitations`` (#22): the 48-hour window, the countdown, the
accepted date on the program, clashes and the dated history."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from img_crm import clock
from tests.helpers.cli import run_cli

EASTERN = ZoneInfo("America/New_York")
PACIFIC = ZoneInfo("America/Los_Angeles")


def _there(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    assert run_cli("init", data_dir=data).returncode == 0
    for name, zone in (
        ("Brookside IM", "America/New_York"),
        ("Lakeview IM", "America/Los_Angeles"),
    ):
        added = run_cli(
            "programs", "add", "--name", name, "--institution", name.split()[0],
            "--specialty", "Internal Medicine", "--timezone", zone, data_dir=data,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    assert (
        run_cli("settings", "set", "home_timezone", "Asia/Kolkata", data_dir=data).returncode == 0
    )
    return data


def test_an_invitation_counts_down_is_accepted_and_clashes(folder: Path) -> None:
    now = clock.now().replace(second=0, microsecond=0)
    short = run_cli(
        "invitations", "add", "1", "--respond-by", _there(now + timedelta(hours=30), EASTERN),
        data_dir=folder,
    )  # fmt: skip
    assert short.returncode == 0, short.stderr
    assert "Warning: the program left 30 hours to answer" in short.stdout  # to the minute
    # an evening in New York and the next morning's in Los Angeles are one day in India
    day = (now + timedelta(days=20)).astimezone(EASTERN).replace(hour=19, minute=0)
    later = day.astimezone(PACIFIC) + timedelta(hours=14)  # the next morning there
    added = run_cli(
        "invitations", "add", "2", "--respond-by", _there(now + timedelta(days=3), PACIFIC),
        "--offered", _there(later, PACIFIC), data_dir=folder,
    )  # fmt: skip
    assert added.returncode == 0 and "Warning" not in added.stdout
    listed = json.loads(run_cli("invitations", "list", "--json", data_dir=folder).stdout)
    by_id = {v["id"]: v for v in listed["invitations"]}
    assert by_id[1]["countdown"].endswith("left to answer") and by_id[1]["urgent"] is False
    assert by_id[2]["countdown"].startswith("2 d 23 h") or by_id[2]["countdown"].startswith("3 d")
    assert re.search(r"P[SD]T · .* IST$", by_id[2]["offered"][0])  # both zones, always
    first = run_cli(
        "invitations", "answer", "1", "scheduled", "--at", _there(day, EASTERN), data_dir=folder
    )
    assert first.returncode == 0, first.stderr
    ics = folder.parent / "season.ics"
    assert run_cli("export", "ics", str(ics), data_dir=folder).returncode == 0
    from icalendar import Calendar

    events = {str(e["UID"]): e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    assert any(uid.startswith("interview-program-1@") for uid in events)  # accepted
    # invitation 2 still awaits an answer: its respond-by time is there, with alarms
    (respond,) = [e for uid, e in events.items() if uid.startswith("respond-by-invitation-")]
    assert str(respond["SUMMARY"]) == "Answer the invitation: Lakeview IM"
    assert len(respond.walk("VALARM")) == 2
    second = run_cli(
        "invitations", "answer", "2", "scheduled", "--at", _there(later, PACIFIC), data_dir=folder
    )
    home_day = day.astimezone(ZoneInfo("Asia/Kolkata")).date().isoformat()
    assert f"Warning: two interviews on {home_day} (with #1, Brookside IM)." in second.stdout
    program = json.loads(run_cli("programs", "show", "1", "--json", data_dir=folder).stdout)
    assert program["application_status"] == "interview-scheduled"
    assert program["interview_utc"] == day.astimezone(ZoneInfo("UTC")).isoformat()
    history = json.loads(run_cli("invitations", "show", "1", "--json", data_dir=folder).stdout)
    assert [(h["from"], h["to"]) for h in history["history"]] == [
        (None, "invited"),
        ("invited", "scheduled"),
    ]


def test_an_answer_the_invitation_s_life_does_not_allow_is_refused(folder: Path) -> None:
    assert run_cli("invitations", "add", "1", data_dir=folder).returncode == 0
    assert run_cli("invitations", "answer", "1", "declined", data_dir=folder).returncode == 0
    again = run_cli(
        "invitations", "answer", "1", "scheduled", "--at", "2027-01-05 09:00", data_dir=folder
    )
    assert again.returncode == 1
    assert "an invitation that is declined cannot become scheduled" in again.stderr
    no_date = run_cli("invitations", "add", "2", data_dir=folder)
    assert no_date.returncode == 0
    undated = run_cli("invitations", "answer", "2", "scheduled", data_dir=folder)
    assert undated.returncode == 1 and "Say which date you accepted" in undated.stderr
    past = run_cli("invitations", "add", "2", "--respond-by", "2020-01-01 09:00", data_dir=folder)
    assert past.returncode == 1 and "must be after the invitation came" in past.stderr


def test_the_history_begins_when_the_invitation_came_not_when_it_was_typed(
    folder: Path,
) -> None:
    """An invitation typed in a day late keeps the day it came at the top of
    its history; the answer is dated when it was given."""
    came = clock.now().replace(second=0, microsecond=0) - timedelta(days=1, hours=3)
    added = run_cli("invitations", "add", "1", "--received", _there(came, EASTERN), data_dir=folder)
    assert added.returncode == 0, added.stderr
    assert run_cli("invitations", "answer", "1", "waitlisted", data_dir=folder).returncode == 0
    shown = json.loads(run_cli("invitations", "show", "1", "--json", data_dir=folder).stdout)
    first, second = shown["history"]
    assert datetime.fromisoformat(first["changed_at"]) == came
    assert first["to"] == "invited" and second["to"] == "waitlisted"
    assert datetime.fromisoformat(second["changed_at"]) > came + timedelta(days=1)


def test_a_thank_you_is_filled_for_the_program_and_its_interview_day(folder: Path) -> None:
    added = run_cli("contacts", "add", "--name", "Wei Chen", "--title", "Dr.", data_dir=folder)
    assert added.returncode == 0, added.stderr
    assert run_cli("invitations", "add", "1", data_dir=folder).returncode == 0
    day = (clock.now() + timedelta(days=9)).astimezone(EASTERN).replace(hour=9, minute=30)
    answered = run_cli(
        "invitations", "answer", "1", "scheduled", "--at", _there(day, EASTERN), data_dir=folder
    )
    assert answered.returncode == 0, answered.stderr
    assert run_cli("settings", "set", "my_name", "Asha Rao", data_dir=folder).returncode == 0
    shown = run_cli(
        "templates", "render", "Thank you after an interview", "--contact", "1",
        "--program", "1", "--set", "what_stood_out=the research track", data_dir=folder,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Subject: Thank you for my interview at Brookside IM")
    assert f"speaking with me on {day:%B} {day.day}, {day.year}." in shown.stdout
    assert "Dear Dr. Chen," in shown.stdout and "{" not in shown.stdout


def test_a_waitlisted_invitation_is_not_one_to_answer(folder: Path) -> None:
    """On the waitlist the user has answered: no countdown, no Today item,
    no respond-by in the calendar, even after the respond-by time."""
    respond_by = clock.now() + timedelta(hours=50)
    added = run_cli(
        "invitations", "add", "1", "--respond-by", _there(respond_by, EASTERN), data_dir=folder
    )
    assert added.returncode == 0, added.stderr
    today = json.loads(run_cli("today", "--json", data_dir=folder).stdout)
    assert [i["program"] for i in today["invitations"]] == ["Brookside IM"]
    assert run_cli("invitations", "answer", "1", "waitlisted", data_dir=folder).returncode == 0
    listed = json.loads(run_cli("invitations", "list", "--json", data_dir=folder).stdout)
    (only,) = listed["invitations"]
    assert (only["status"], only["countdown"], only["urgent"]) == ("waitlisted", "", False)
    today = json.loads(run_cli("today", "--json", data_dir=folder).stdout)
    assert today["invitations"] == []


def test_an_interview_before_the_invitation_came_is_refused(folder: Path) -> None:
    """ "Sat 17 Jan" typed for an invitation that came in December is last
    January's: refused, and nothing is written."""
    assert run_cli("invitations", "add", "1", data_dir=folder).returncode == 0
    earlier = (clock.now() - timedelta(days=320)).astimezone(EASTERN)
    refused = run_cli(
        "invitations", "answer", "1", "scheduled", "--at", _there(earlier, EASTERN),
        data_dir=folder,
    )  # fmt: skip
    assert refused.returncode == 1
    assert "The interview is before the invitation came" in refused.stderr
    program = json.loads(run_cli("programs", "show", "1", "--json", data_dir=folder).stdout)
    assert program["interview_utc"] is None
    shown = json.loads(run_cli("invitations", "show", "1", "--json", data_dir=folder).stdout)
    assert shown["status"] == "invited" and len(shown["history"]) == 1
