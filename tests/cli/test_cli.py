"""The CLI as a script runs it, on a real store; ``main`` runs in this process
(one real process per command group is in ``test_processes.py``)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from img_crm import clock
from img_crm.cli import main
from tests.helpers.cli import run_cli as run


def test_demo_then_refusal(data_dir: Path) -> None:
    first = run("demo", data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    assert "24 contacts" in first.stdout
    listing = json.loads(run("contacts", "list", "--json", data_dir=data_dir).stdout)
    second = run("demo", data_dir=data_dir)
    assert second.returncode == 1
    assert "already has data" in second.stderr and "Traceback" not in second.stderr
    after = json.loads(run("contacts", "list", "--json", data_dir=data_dir).stdout)
    assert after == listing


def test_contacts_add_and_list(data_dir: Path) -> None:
    added = run(
        "contacts",
        "add",
        "--name",
        "محمد الأحمد",
        "--email",
        "m@example.org",
        "--stage",
        "warm",
        "--tags",
        "alumni,chief",
        data_dir=data_dir,
    )
    assert added.returncode == 0, added.stderr
    new_id = int(added.stdout.strip())
    warm = json.loads(
        run("contacts", "list", "--stage", "warm", "--json", data_dir=data_dir).stdout
    )
    assert [(c["id"], c["name"], c["tags"]) for c in warm] == [
        (new_id, "محمد الأحمد", ["alumni", "chief"])
    ]
    assert (
        json.loads(run("contacts", "list", "--stage", "cold", "--json", data_dir=data_dir).stdout)
        == []
    )
    plain = run("contacts", "list", data_dir=data_dir)
    assert "محمد الأحمد" in plain.stdout


def test_global_option_after_the_subcommand(tmp_path: Path) -> None:
    folder = tmp_path / "after"
    assert main(["contacts", "add", "--name", "A", "--data-dir", str(folder)]) == 0
    assert (folder / "img-crm.sqlite3").exists()


def test_bad_input_exits_1_with_one_sentence(data_dir: Path) -> None:
    bad = run("contacts", "add", "--name", "A", "--email", "not-an-email", data_dir=data_dir)
    assert bad.returncode == 1
    assert "email" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    stage = run("contacts", "add", "--name", "A", "--stage", "friend", data_dir=data_dir)
    assert stage.returncode == 1 and "cold, warm, mentor, sponsor" in stage.stderr


def test_usage_error_exits_2(data_dir: Path) -> None:
    assert run("contacts", "frobnicate", data_dir=data_dir).returncode == 2
    assert run("contacts", "add", data_dir=data_dir).returncode == 2


def test_settings_show_and_set(data_dir: Path) -> None:
    assert (
        run(
            "settings", "set", "target_specialty", "Internal Medicine", data_dir=data_dir
        ).returncode
        == 0
    )
    assert (
        run("settings", "set", "home_timezone", "Asia/Kolkata", data_dir=data_dir).returncode == 0
    )
    refused = run("settings", "set", "visa", "green-card", data_dir=data_dir)
    assert refused.returncode == 1 and "j1-or-h1b" in refused.stderr
    shown = json.loads(run("settings", "show", "--json", data_dir=data_dir).stdout)
    assert shown["target_specialty"] == "Internal Medicine"
    assert shown["home_timezone"] == "Asia/Kolkata"
    assert shown["visa"] == "undecided"
    text = run("settings", "show", data_dir=data_dir).stdout
    assert "backup_specialty = (not set)" in text.splitlines()
    assert "tier_range_2 = 40-60" in text.splitlines()
    # What was stored is said back, as stored.
    said = run("settings", "set", "tier_range_1", " 12 - 25 ", data_dir=data_dir)
    assert said.stdout == "tier_range_1 = 12-25\n"
    assert (
        json.loads(run("settings", "show", "--json", data_dir=data_dir).stdout)["tier_range_1"]
        == "12-25"
    )


def test_exports_and_check(data_dir: Path, tmp_path: Path) -> None:
    assert run("demo", data_dir=data_dir).returncode == 0
    csv_file = tmp_path / "contacts.csv"
    json_file = tmp_path / "all.json"
    assert run("export", "contacts", str(csv_file), data_dir=data_dir).returncode == 0
    assert run("export", "json", str(json_file), data_dir=data_dir).returncode == 0
    with csv_file.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 24
    document = json.loads(json_file.read_text(encoding="utf-8"))
    assert len(document["tables"]["contact"]["rows"]) == 24
    check = run("check", data_dir=data_dir)
    assert check.returncode == 0 and "integrity_check: ok" in check.stdout
    missing = run(
        "export", "contacts", str(tmp_path / "no" / "such" / "dir.csv"), data_dir=data_dir
    )
    assert missing.returncode == 1 and "does not exist" in missing.stderr


def test_check_reports_damage(data_dir: Path) -> None:
    assert run("contacts", "add", "--name", "A", data_dir=data_dir).returncode == 0
    from tests.helpers import db as sqlite3

    con = sqlite3.connect(data_dir / "img-crm.sqlite3")
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("INSERT INTO contact_tag (contact_id, tag) VALUES (999, 'orphan')")
    con.commit()
    con.close()
    check = run("check", data_dir=data_dir)
    assert check.returncode == 1
    assert "contact_tag" in check.stdout


def test_check_without_a_store(tmp_path: Path) -> None:
    result = run("check", data_dir=tmp_path / "empty")
    assert result.returncode == 1 and "no store" in result.stderr


def test_contacts_stage_show_duplicates_and_merge(data_dir: Path) -> None:
    assert run("demo", data_dir=data_dir).returncode == 0
    # The sample's history runs up to today, so the move is dated today.
    today = clock.today().isoformat()
    moved = run(
        "contacts", "stage", "8", "mentor", "--date", today, "--note", "agreed", data_dir=data_dir
    )
    assert moved.returncode == 0, moved.stderr
    shown = json.loads(run("contacts", "show", "8", "--json", data_dir=data_dir).stdout)
    assert shown["stage"] == "mentor"
    assert shown["stage_history"][-1] == {
        "on": today,
        "from": "warm",
        "to": "mentor",
        "note": "agreed",
    }
    assert set(shown["flags"]) == {"overdue", "reply_owed", "losing_touch"}
    assert shown["flags"]["reply_owed"] is True
    assert shown["next_follow_up"]
    assert isinstance(shown["hints"], list)
    bad = run("contacts", "stage", "8", "friend", data_dir=data_dir)
    assert bad.returncode == 1 and "cold, warm" in bad.stderr
    bad_date = run("contacts", "stage", "8", "warm", "--date", "1/11/2026", data_dir=data_dir)
    assert bad_date.returncode == 1 and "YYYY-MM-DD" in bad_date.stderr
    assert run("contacts", "show", "999", data_dir=data_dir).returncode == 1

    twin = run(
        "contacts",
        "add",
        "--name",
        "Minh Khai Nguyen",
        "--institution",
        "Brookside Medical Center",
        data_dir=data_dir,
    )
    assert "may duplicate #8" in twin.stderr
    twin_id = int(twin.stdout)
    pairs = json.loads(run("contacts", "duplicates", "--json", data_dir=data_dir).stdout)
    assert [(p["first_id"], p["second_id"]) for p in pairs] == [(8, twin_id)]
    merged = run("contacts", "merge", "8", str(twin_id), data_dir=data_dir)
    assert merged.returncode == 0, merged.stderr
    assert json.loads(run("contacts", "duplicates", "--json", data_dir=data_dir).stdout) == []
    assert run("contacts", "merge", "8", "8", data_dir=data_dir).returncode == 1
    assert run("check", data_dir=data_dir).returncode == 0


def test_cadence_settings(data_dir: Path) -> None:
    assert run("settings", "set", "cadence_warm", "10", data_dir=data_dir).returncode == 0
    refused = run("settings", "set", "cadence_warm", "0", data_dir=data_dir)
    assert refused.returncode == 1 and "1 to 365" in refused.stderr
    shown = json.loads(run("settings", "show", "--json", data_dir=data_dir).stdout)
    assert shown["cadence_warm"] == 10 and shown["cadence_cold"] == 7


def test_activities_add_and_today_json_for_a_fixed_date(data_dir: Path) -> None:
    cid = run("contacts", "add", "--name", "Elena Petrova", "--stage", "mentor", data_dir=data_dir)
    contact = cid.stdout.strip()
    logs = [
        ("outreach-sent", "2026-03-01", []),
        (
            "research-task",
            "2026-03-10",
            ["--hours", "6", "--description", "Chart review of 76 patients"],
        ),
        ("clinical-experience", "2026-03-20", ["--hours", "40", "--setting", "Clinic"]),
        ("reply-received", "2026-03-25", []),
    ]
    for kind, day, extra in logs:
        result = run(
            "activities",
            "add",
            "--contact",
            contact,
            "--kind",
            kind,
            "--date",
            day,
            *extra,
            data_dir=data_dir,
        )
        assert result.returncode == 0, result.stderr
    bad = run(
        "activities",
        "add",
        "--contact",
        contact,
        "--kind",
        "lunch",
        "--date",
        "2026-03-01",
        data_dir=data_dir,
    )
    assert bad.returncode == 2
    missing = run(
        "activities",
        "add",
        "--contact",
        "999",
        "--kind",
        "meeting",
        "--date",
        "2026-03-01",
        data_dir=data_dir,
    )
    assert missing.returncode == 1 and "no contact" in missing.stderr
    report = json.loads(run("today", "--date", "2026-03-31", "--json", data_dir=data_dir).stdout)
    assert report["date"] == "2026-03-31"
    # Nothing went out after the reply of 25 March, so a reply is owed.
    assert [p["contact_id"] for p in report["replies_owed"]] == [int(contact)]
    assert report["momentum"]["research"]["met"] is True
    assert report["momentum"]["mentor-contact"]["count"] == 2  # outreach + reply, a mentor
    assert report["momentum"]["exposure-or-win"]["count"] == 1
    assert report["funnel"]["contacted"] == 1 and report["funnel"]["replied"] == 1
    # The reply rate is the templates' one: a message answered within 21 days;
    # this reply came 24 days after the email.
    assert (report["funnel"]["messages_sent"], report["funnel"]["reply_rate"]) == (1, 0.0)
    assert report["letter_reminders"] == [] and report["interviews"] == []
    april = json.loads(run("today", "--date", "2026-04-15", "--json", data_dir=data_dir).stdout)
    assert all(goal["count"] == 0 for goal in april["momentum"].values())
    text = run("today", "--date", "2026-03-31", data_dir=data_dir).stdout
    assert "Replies owed" in text and "Elena Petrova" in text


def test_evidence_and_experience_exports(data_dir: Path, tmp_path: Path) -> None:
    assert run("demo", data_dir=data_dir).returncode == 0
    pdf = tmp_path / "hughes.pdf"
    result = run("export", "evidence", "1", str(pdf), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    html = tmp_path / "hughes.html"
    assert run("export", "evidence", "1", str(html), data_dir=data_dir).returncode == 0
    assert "Work with Dr. Margaret Hughes" in html.read_text(encoding="utf-8")
    experiences = tmp_path / "experiences.csv"
    assert run("export", "experiences", str(experiences), data_dir=data_dir).returncode == 0
    with experiences.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["experience_type"] for r in rows} == {"Clinical", "Research"}
    assert run("export", "evidence", "999", str(pdf), data_dir=data_dir).returncode == 1


def test_programs_cli(data_dir: Path, tmp_path: Path) -> None:
    assert (
        run("settings", "set", "home_timezone", "Asia/Kolkata", data_dir=data_dir).returncode == 0
    )
    assert run("settings", "set", "visa", "j1", data_dir=data_dir).returncode == 0
    added = run(
        "programs",
        "add",
        "--name",
        "Lakeview IM",
        "--institution",
        "Lakeview",
        "--specialty",
        "Internal Medicine",
        "--state",
        "IL",
        "--tier",
        "2",
        "--visa",
        "j1",
        "--img-share",
        "30",
        "--timezone",
        "America/Chicago",
        data_dir=data_dir,
    )
    assert added.returncode == 0, added.stderr
    pid = added.stdout.strip()
    none = run(
        "programs",
        "add",
        "--name",
        "Desert IM",
        "--institution",
        "Desert",
        "--specialty",
        "IM",
        "--visa",
        "none",
        data_dir=data_dir,
    )
    contact = run("contacts", "add", "--name", "Dr. Mentor", "--stage", "mentor", data_dir=data_dir)
    tied = run("programs", "tie", pid, contact.stdout.strip(), "--kind", "works", data_dir=data_dir)
    assert tied.returncode == 0, tied.stderr
    interview = run("programs", "interview", pid, "--at", "2026-10-13 18:00", data_dir=data_dir)
    assert (
        interview.stdout.strip() == "Lakeview IM: Tue 13 Oct, 6:00 pm CDT · Wed 14 Oct, 4:30 am IST"
    )
    listing = json.loads(run("programs", "list", "--json", data_dir=data_dir).stdout)
    lakeview, desert = listing["programs"]
    assert (
        lakeview["suggest_tier_1"] is True
        and lakeview["application_status"] == "interview-scheduled"
    )
    assert desert["flags"]["wasted_application"] is True
    assert listing["tiers"][1] == {"tier": 2, "count": 1, "range": [40, 60], "state": "below"}
    report = json.loads(run("today", "--date", "2026-10-01", "--json", data_dir=data_dir).stdout)
    assert [i["when"] for i in report["interviews"]] == [
        "Tue 13 Oct, 6:00 pm CDT · Wed 14 Oct, 4:30 am IST"
    ]
    assert (
        run(
            "programs",
            "interview",
            str(int(none.stdout)),
            "--at",
            "2026-10-13 18:00",
            data_dir=data_dir,
        ).returncode
        == 1
    )  # no time zone set
    cleared = run("programs", "interview", pid, "--clear", data_dir=data_dir)
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout.strip() == (
        "Lakeview IM: no interview now (its status is still interview-scheduled)."
    )
    after = run("today", "--date", "2026-10-01", "--json", data_dir=data_dir)
    assert json.loads(after.stdout)["interviews"] == []
    assert run("programs", "interview", pid, data_dir=data_dir).returncode == 2  # --at or --clear
    assert (
        run("programs", "interview", pid, "--at", "13/10/2026", data_dir=data_dir).returncode == 1
    )
    exported = tmp_path / "programs.csv"
    assert run("programs", "export", str(exported), data_dir=data_dir).returncode == 0
    other = tmp_path / "other"
    dry = run("programs", "import", str(exported), "--dry-run", data_dir=other)
    assert dry.returncode == 0
    assert (
        dry.stdout
        == "Dry run: 2 added, 0 updated, 0 unchanged would be done; nothing was written.\n"
    )
    assert run("programs", "import", str(exported), data_dir=other).returncode == 0
    twice = run("programs", "import", str(exported), data_dir=other)  # idempotent
    assert twice.stdout == "Imported programs.csv: 0 added, 0 updated, 2 unchanged.\n"
    again = tmp_path / "again.csv"
    assert run("programs", "export", str(again), data_dir=other).returncode == 0
    assert again.read_bytes() == exported.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,tier\nGood IM,1\nBad IM,9\n", encoding="utf-8")
    refused = run("programs", "import", str(bad), data_dir=other)
    assert refused.returncode == 1 and "line 3, column tier" in refused.stderr
    assert (
        len(json.loads(run("programs", "list", "--json", data_dir=other).stdout)["programs"]) == 2
    )


def _asked_letter(data_dir: Path) -> str:
    """On the sample: a US clinical letter asked of Елена Петрова (#5) on
    2026-01-05; its id. (Each test loads the sample itself, which marks it
    date-sensitive for `make test-dates`.)"""
    added = run(
        "letters",
        "add",
        "--writer",
        "5",
        "--type",
        "us-clinical",
        "--specialty",
        "Internal Medicine",
        "--status",
        "asked",
        "--date",
        "2026-01-05",
        data_dir=data_dir,
    )
    assert added.returncode == 0, added.stderr
    return added.stdout.strip()


def test_letters_cli(data_dir: Path) -> None:
    assert run("demo", data_dir=data_dir).returncode == 0
    letter = _asked_letter(data_dir)
    moved = run("letters", "status", letter, "agreed", "--date", "2026-01-10", data_dir=data_dir)
    assert moved.returncode == 0
    assert (
        moved.stdout.strip() == f"Letter #{letter} (Елена Петрова): asked -> agreed on 2026-01-10."
    )
    same = run("letters", "status", letter, "agreed", data_dir=data_dir)
    assert same.stdout.strip() == f"Letter #{letter} is already agreed; nothing changed."
    full = run("letters", "assign", letter, "1", data_dir=data_dir)
    assert full.returncode == 1 and "4 letters" in full.stderr
    assert run("letters", "assign", letter, "6", data_dir=data_dir).returncode == 0
    listing = json.loads(run("letters", "list", "--json", data_dir=data_dir).stdout)
    mine = next(item for item in listing["letters"] if item["id"] == int(letter))
    assert mine["status"] == "agreed" and mine["programs"] == [6]
    assert mine["reminder"]["step"] == "plan-alternative"  # asked in January
    assert mine["next_reminder"]["step"] == "plan-alternative"
    tariq = next(item for item in listing["letters"] if item["id"] == 4)
    assert tariq["next_reminder"]["due"] == tariq["reminder"]["due"]
    assert listing["readiness"]["us_clinical_in_target"] == 3
    assert any(
        w["pitfall"] == "research-letter-to-community-program"
        for w in listing["readiness"]["warnings"]
    )
    report = json.loads(run("today", "--json", data_dir=data_dir).stdout)
    assert int(letter) in [r["letter_id"] for r in report["letter_reminders"]]
    assert run("letters", "status", letter, "lost", data_dir=data_dir).returncode == 2
    assert run("letters", "assign", letter, "6", "--remove", data_dir=data_dir).returncode == 0
    again = json.loads(run("letters", "list", "--json", data_dir=data_dir).stdout)
    assert next(i for i in again["letters"] if i["id"] == int(letter))["programs"] == []


def test_a_letters_status_is_taken_back_and_its_writer_mended(data_dir: Path) -> None:
    assert run("demo", data_dir=data_dir).returncode == 0
    letter = _asked_letter(data_dir)
    assert (
        run(
            "letters", "status", letter, "agreed", "--date", "2026-01-10", data_dir=data_dir
        ).returncode
        == 0
    )
    back = run("letters", "undo-status", letter, data_dir=data_dir)
    assert back.returncode == 0, back.stderr
    assert back.stdout.strip() == (
        f"Letter #{letter} (Елена Петрова): took back asked -> agreed of 2026-01-10; "
        "it is asked again."
    )
    shown = json.loads(run("letters", "show", letter, "--json", data_dir=data_dir).stdout)
    assert shown["status"] == "asked"
    assert [(h["from"], h["to"], h["on"]) for h in shown["history"]] == [
        (None, "asked", "2026-01-05")
    ]
    first = run("letters", "undo-status", letter, data_dir=data_dir)
    assert first.returncode == 1
    assert first.stderr.strip().endswith(
        f"Letter #{letter} has no status change to take back; "
        "its first status can only go with the letter."
    )
    mended = run(
        "letters", "edit", letter, "--writer", "6", "--type", "research", data_dir=data_dir
    )
    assert mended.returncode == 0, mended.stderr
    shown = json.loads(run("letters", "show", letter, "--json", data_dir=data_dir).stdout)
    assert (shown["writer_id"], shown["type"]) == (6, "research")
    assert len(shown["history"]) == 1  # the history stays with the letter
    nobody = run("letters", "edit", letter, "--writer", "999", data_dir=data_dir)
    assert nobody.returncode == 1 and "writer: there is no contact with id 999" in nobody.stderr


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_import_cli_formats_dry_run_duplicates_and_errors(data_dir: Path, tmp_path: Path) -> None:
    dry = run("import", str(FIXTURES / "linkedin_connections.csv"), "--dry-run", data_dir=data_dir)
    assert dry.returncode == 0 and "4 added" in dry.stdout and "nothing was written" in dry.stdout
    assert json.loads(run("contacts", "list", "--json", data_dir=data_dir).stdout) == []
    done = run("import", str(FIXTURES / "linkedin_connections.csv"), data_dir=data_dir)
    assert done.returncode == 0 and "(linkedin): 4 added, 0 merged, 0 skipped" in done.stdout
    again = run("import", str(FIXTURES / "linkedin_connections.csv"), data_dir=data_dir)
    assert "0 added, 0 merged, 4 skipped" in again.stdout
    forced = run(
        "import",
        str(FIXTURES / "contacts_v4.vcf"),
        "--format",
        "vcard",
        "--on-duplicate",
        "merge",
        data_dir=data_dir,
    )
    assert forced.returncode == 0 and "1 added" in forced.stdout
    bad = tmp_path / "people.csv"
    bad.write_text("Name,Email\nAna,ana@example.org\nBo,bo@\n", encoding="utf-8")
    refused = run("import", str(bad), data_dir=data_dir)
    assert refused.returncode == 1 and "people.csv, line 3, field email" in refused.stderr
    assert len(json.loads(run("contacts", "list", "--json", data_dir=data_dir).stdout)) == 5


def test_exports_for_every_format_and_spreadsheet_safety(data_dir: Path, tmp_path: Path) -> None:
    assert (
        run(
            "contacts",
            "add",
            "--name",
            '=HYPERLINK("http://x")',
            "--tags",
            "+one,@two",
            data_dir=data_dir,
        ).returncode
        == 0
    )
    safe = tmp_path / "safe.csv"
    assert (
        run("export", "contacts", str(safe), "--spreadsheet-safe", data_dir=data_dir).returncode
        == 0
    )
    with safe.open(encoding="utf-8-sig", newline="") as handle:
        row = next(iter(csv.DictReader(handle)))
    assert row["name"] == '\'=HYPERLINK("http://x")' and row["tags"] == "'+one, @two"
    plain = tmp_path / "plain.csv"
    assert run("export", "contacts", str(plain), data_dir=data_dir).returncode == 0
    with plain.open(encoding="utf-8-sig", newline="") as handle:
        assert next(iter(csv.DictReader(handle)))["name"].startswith("=")
    assert run("demo", data_dir=tmp_path / "demo").returncode == 0
    for what, suffix in (
        ("activities", "csv"),
        ("letters", "csv"),
        ("programs", "csv"),
        ("vcard", "vcf"),
        ("ics", "ics"),
    ):
        target = tmp_path / f"out.{suffix}"
        result = run("export", what, str(target), data_dir=tmp_path / "demo")
        assert result.returncode == 0, result.stderr
        assert target.stat().st_size > 100
    full = tmp_path / "all.json"
    assert run("export", "json", str(full), data_dir=tmp_path / "demo").returncode == 0
    restored = run("import", str(full), data_dir=tmp_path / "restored")
    assert restored.returncode == 0 and "restored" in restored.stdout
    twice = run("import", str(full), data_dir=tmp_path / "restored")
    assert twice.returncode == 1 and "empty store" in twice.stderr


def test_templates_list_and_render(data_dir: Path) -> None:
    assert run("demo", data_dir=data_dir).returncode == 0
    listing = json.loads(run("templates", "list", "--json", data_dir=data_dir).stdout)
    names = [t["name"] for t in listing["templates"]]
    assert len(names) == 9 and "Letter request" in names
    first = next(t for t in listing["templates"] if t["name"] == "First outreach")
    assert {"paper_title", "journal", "hours_per_week", "my_name"} <= set(first["placeholders"])
    assert listing["overall"]["sent"] > 0
    missing = run("templates", "render", "first outreach", "--contact", "3", data_dir=data_dir)
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        "img-crm: 'First outreach' still needs my_name, paper_title, journal, hours_per_week; "
        'set your own once with img-crm settings set my_name "VALUE"; add '
        '--set paper_title="VALUE" --set journal="VALUE" --set hours_per_week="VALUE".'
    )
    assert run("settings", "set", "my_name", "Amina Yusuf", data_dir=data_dir).returncode == 0
    filled = run(
        "templates",
        "render",
        "First outreach",
        "--contact",
        "3",
        "--set",
        "paper_title=HF readmissions",
        "--set",
        "journal=JGIM",
        "--set",
        "hours_per_week=10",
        "--set",
        "hours=12",
        data_dir=data_dir,
    )
    assert filled.returncode == 0, filled.stderr
    assert filled.stderr.strip() == (
        "warning: --set hours: 'First outreach' has no {hours}; it uses hours_per_week, "
        "journal, last_name, my_name, paper_title, specialty, target_specialty, title."
    )
    assert filled.stdout.startswith("Subject: Help with your Internal Medicine research")
    assert "Amina Yusuf" in filled.stdout and "{" not in filled.stdout
    assert (
        run("templates", "render", "No such", "--contact", "3", data_dir=data_dir).returncode == 1
    )


def test_plan_show(data_dir: Path) -> None:
    refused = run("plan", "show", data_dir=data_dir)
    assert refused.returncode == 1 and "match year" in refused.stderr
    assert run("settings", "set", "match_year", "2029", data_dir=data_dir).returncode == 0
    tasks = json.loads(run("plan", "show", "--json", data_dir=data_dir).stdout)
    by_key = {t["key"]: t for t in tasks}
    assert by_key["submit"]["start"] == "2028-09-25"
    for task in tasks:
        for before in task["after"]:
            assert task["start"] >= by_key[before]["end"]
    assert "Foundation" in run("plan", "show", data_dir=data_dir).stdout


def test_self_test_builds_the_window_offscreen() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "img_crm", "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
