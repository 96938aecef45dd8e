"""Atomic but not brittle: rows that cannot become a contact are listed, and
the user leaves them out (the rest in one transaction) or nothing is written."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from img_crm.errors import UserError
from img_crm.services import importer
from img_crm.services.relationships import contacts_with_status
from img_crm.store.contact_rows import list_contacts
from img_crm.store.db import Store
from tests.helpers.cli import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _plan(store: Store, path: Path) -> importer.ImportPlan:
    fmt, records = importer.load(path)
    with store.reading() as session:
        return importer.plan(session, records, source=path.name, fmt=fmt)


def test_linkedin_hidden_members_are_counted_and_a_typo_is_listed(store: Store) -> None:
    plan = _plan(store, FIXTURES / "linkedin_2024_hidden_members.csv")
    assert plan.hidden == 3
    assert [(r.line, r.field, r.name) for r in plan.invalid] == [(8, "email", "Li Wei")]
    assert "does not look like an email address" in plan.invalid[0].reason
    assert [r.data["name"] for r in plan.rows] == ["Amara Okafor", "Daniela Ruiz"]


def test_invalid_rows_refuse_the_file_until_the_user_leaves_them_out(store: Store) -> None:
    path = FIXTURES / "linkedin_2024_hidden_members.csv"
    plan = _plan(store, path)
    with pytest.raises(UserError) as refused, store.session() as session:
        importer.apply(session, plan)
    assert str(refused.value) == (
        "linkedin_2024_hidden_members.csv, line 8, field email: does not look like an email "
        "address (name@example.org); nothing was imported."
    )
    with store.reading() as session:
        assert list_contacts(session) == []
    with store.session() as session:
        summary = importer.apply(session, plan, skip_invalid=True)
    assert (summary.added, summary.invalid, summary.hidden) == (2, 1, 3)
    assert str(summary) == (
        "2 added, 0 merged, 0 skipped, 1 invalid entry left out, "
        "3 LinkedIn members who hide their details left out"
    )
    with store.reading() as session:
        assert sorted(r.name for r in list_contacts(session)) == ["Amara Okafor", "Daniela Ruiz"]


def test_google_entries_with_only_a_phone_or_an_email_are_listed(store: Store) -> None:
    plan = _plan(store, FIXTURES / "google_nameless_entries.csv")
    assert [(r.line, r.field) for r in plan.invalid] == [(3, "name"), (4, "name")]
    assert plan.hidden == 0 and [r.data["name"] for r in plan.rows] == [
        "Elena Petrova",
        "Rajesh Kumar",
    ]


def test_pre_2019_linkedin_layout_with_us_dates_and_member_ids(store: Store) -> None:
    path = FIXTURES / "linkedin_pre2019.csv"
    fmt, records = importer.load(path)
    assert fmt is importer.Format.LINKEDIN
    with store.session() as session:
        importer.apply(session, importer.plan(session, records, source=path.name, fmt=fmt))
    with store.reading() as session:
        rows = {r.name: r for r in list_contacts(session)}
    priya = rows["Priya Raghunathan"]
    assert priya.email == ""  # urn:li:member:… is LinkedIn's id, not an address
    assert priya.connected_on == date(2018, 1, 8) and priya.first_contacted is None
    assert rows["James O'Connor"].connected_on == date(2017, 11, 23)
    assert rows["James O'Connor"].email == "jim.oconnor@example.org"


def test_an_imported_network_is_not_yet_contacted_and_never_late(store: Store) -> None:
    path = FIXTURES / "linkedin_pre2019.csv"  # connected eight years ago
    fmt, records = importer.load(path)
    with store.session() as session:
        importer.apply(session, importer.plan(session, records, source=path.name, fmt=fmt))
    with store.reading() as session:
        rows, statuses = contacts_with_status(session)
    for row in rows:
        status = statuses[row.id]
        assert (status.overdue, status.follow_up, status.contacted) == (False, None, False)


def test_cli_skip_invalid_and_the_report(store: Store, data_dir: Path, tmp_path: Path) -> None:
    source = str(FIXTURES / "linkedin_2024_hidden_members.csv")
    refused = run_cli("import", source, data_dir=data_dir)
    assert refused.returncode == 1
    assert refused.stderr.strip().endswith(
        "; nothing was imported (--skip-invalid imports the rest)."
    )
    assert "line 8, field email" in refused.stderr
    report = tmp_path / "skipped.csv"
    done = run_cli(
        "import", source, "--skip-invalid", "--skipped-report", str(report), data_dir=data_dir
    )
    assert done.returncode == 0, done.stderr
    assert "2 added" in done.stdout and "1 invalid entry left out" in done.stdout
    assert "line 8: cannot be imported, field email" in done.stdout
    with open(report, encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[0:2] == [
            ["line", "field", "reason", "name"],
            ["8", "email", "does not look like an email address (name@example.org)", "Li Wei"],
        ]
    assert report.stat().st_mode & 0o077 == 0
    with store.reading() as session:
        assert len(list_contacts(session)) == 2


def test_a_csv_without_a_name_column_names_its_columns(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UserError) as refused:
        importer.load(path)
    assert str(refused.value) == "people.csv: no column for the name was found (columns: a, b)."


def test_googles_outlook_csv_with_a_trailing_empty_cell(store: Store) -> None:
    path = FIXTURES / "google_outlook_csv.csv"
    fmt, records = importer.load(path)
    assert fmt is importer.Format.OUTLOOK
    with store.session() as session:
        plan = importer.plan(session, records, source=path.name, fmt=fmt)
        assert plan.invalid == []
        importer.apply(session, plan)
    with store.reading() as session:
        rows = {r.name: r for r in list_contacts(session)}
    elena = rows["Elena Petrova"]
    assert (elena.title, elena.role, elena.department, elena.institution) == (
        "Dr.",
        "Attending, Nephrology",
        "Department of Medicine",
        "Riverside Regional Medical Center",
    )
    assert (elena.email, elena.phone) == ("e.petrova@riverside.example.org", "+1 951 555 0100")
    assert elena.tags == ("research",) and elena.linkedin_url.endswith("/epetrova")
    assert elena.notes.startswith("Met at ASN, 2026\nAsked about the renal registry")
    assert "Kwame A. Mensah Jr." in rows


def test_a_row_with_more_filled_cells_than_the_header_is_listed(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nAna,ana@example.org,\nBo,bo@example.org,extra\n", encoding="utf-8")
    plan = _plan(store, path)
    assert [(r.line, r.field, r.reason) for r in plan.invalid] == [
        (3, "row", "3 cells where the header has 2")
    ]
    assert [r.data["name"] for r in plan.rows] == ["Ana"]
