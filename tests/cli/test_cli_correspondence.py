"""``import mail``, ``import calendar`` and ``followups``: the command line
over the same use cases as the window."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from img_crm import clock
from tests.helpers.cli import run_cli
from tests.helpers.mail import exchange

ANA = "ana@brookside.example.edu"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    assert run_cli("init", data_dir=data).returncode == 0
    added = run_cli("contacts", "add", "--name", "Ana Lima", "--email", ANA, data_dir=data)
    assert added.returncode == 0, added.stderr
    return data


def test_import_mail_needs_your_address_then_dry_runs_and_imports_once(
    folder: Path, tmp_path: Path
) -> None:
    box = exchange(
        tmp_path / "Inbox",
        [
            ("me@example.org", ANA),
            (ANA, "me@example.org"),
            ("me@example.org", "Sam <sam@lakeview.example.org>"),
            ("sam@lakeview.example.org", "me@example.org"),
        ],
        now=clock.now(),
    )
    refused = run_cli("import", "mail", str(box), data_dir=folder)
    assert refused.returncode == 1
    assert "which email addresses are yours" in refused.stderr
    assert (
        run_cli("settings", "set", "my_emails", "Me@Example.org", data_dir=folder).returncode == 0
    )
    dry = run_cli("import", "mail", str(box), "--dry-run", "--json", data_dir=folder)
    plan = json.loads(dry.stdout)
    assert (plan["new"], plan["sent"], plan["received"]) == (2, 1, 1)
    assert plan["suggested_contacts"] == [
        {"address": "sam@lakeview.example.org", "name": "Sam", "messages": 2}
    ]
    listed = run_cli("activities", "list", "--json", data_dir=folder)
    assert json.loads(listed.stdout) == []  # the dry run wrote nothing
    done = run_cli("import", "mail", str(box), "--add", "sam@lakeview.example.org", data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert "Imported Inbox: 4 activities logged, 1 contact added." in done.stdout
    assert "0 already imported, 2 with people who are not contacts, 0 not yours" in done.stdout
    again = run_cli("import", "mail", str(box), data_dir=folder)
    assert "Imported Inbox: 0 activities logged." in again.stdout
    assert "4 already imported" in again.stdout  # Sam is a contact now


def test_import_calendar_and_a_stray_second_path(folder: Path, tmp_path: Path) -> None:
    start = (clock.now() - timedelta(days=2)).strftime("%Y%m%dT%H%M%SZ")
    ics = tmp_path / "invite.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nMETHOD:REQUEST\nBEGIN:VEVENT\n"
        f"UID:call-1\nDTSTART:{start}\nSUMMARY:Research call\n"
        f"ORGANIZER:mailto:{ANA}\nEND:VEVENT\nEND:VCALENDAR\n",
        encoding="utf-8",
    )
    done = run_cli("import", "calendar", str(ics), data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert "Imported invite.ics: 1 activity logged." in done.stdout
    listed = json.loads(run_cli("activities", "list", "--json", data_dir=folder).stdout)
    assert [(a["kind"], a["description"]) for a in listed] == [("meeting", "Research call")]
    stray = run_cli("import", "contacts.csv", str(ics), data_dir=folder)
    assert stray.returncode == 1 and "import takes one file" in stray.stderr


def test_followups_snooze_keeps_the_reason_and_moves_the_follow_up(folder: Path) -> None:
    today = clock.today()
    logged = run_cli(
        "activities",
        "add",
        "--contact",
        "1",
        "--kind",
        "outreach-sent",
        "--date",
        (today - timedelta(days=10)).isoformat(),
        data_dir=folder,
    )
    assert logged.returncode == 0, logged.stderr
    due = json.loads(run_cli("followups", "list", "--json", data_dir=folder).stdout)
    assert [(d["contact_id"], d["level"]) for d in due["due"]] == [(1, "amber")]
    snoozed = run_cli(
        "followups", "snooze", "1", "--days", "3", "--reason", "On nights", data_dir=folder
    )
    end = (today + timedelta(days=3)).isoformat()
    assert snoozed.stdout.strip() == f"Follow-up with #1 snoozed until {end}."
    after = json.loads(run_cli("followups", "list", "--json", data_dir=folder).stdout)
    assert after["due"] == []
    assert [(s["contact_id"], s["snoozed_until"]) for s in after["snoozed"]] == [(1, end)]
    shown = json.loads(run_cli("contacts", "show", "1", "--json", data_dir=folder).stdout)
    assert shown["snoozes"] == [{"on": today.isoformat(), "until": end, "reason": "On nights"}]
    assert shown["next_follow_up"] == end
    both = run_cli("followups", "snooze", "1", data_dir=folder)
    assert both.returncode == 2  # --days or --until is required
    past = run_cli("followups", "snooze", "1", "--until", today.isoformat(), data_dir=folder)
    assert past.returncode == 1 and "must end after today" in past.stderr
