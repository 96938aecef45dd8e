"""No field value of the user's in any error output (docs/DATA-SAFETY.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from img_crm.errors import bug_report
from img_crm.store.db import Store
from tests.helpers import db as sqlite3
from tests.helpers.cli import run_cli as run

SECRET = "Private: discussed my visa denial"


def test_a_failed_statement_does_not_print_its_parameters(store: Store) -> None:
    with pytest.raises(Exception) as caught, store.session() as session:
        session.execute(
            text(
                "INSERT INTO activity (kind, occurred_on, description, program_id) "
                "VALUES ('meeting', '2026-11-01', :d, -1)"
            ),
            {"d": SECRET},
        )
    assert SECRET not in str(caught.value)
    report = bug_report(caught.value)
    assert SECRET not in report and "IntegrityError" in report
    assert "SQLITE_CONSTRAINT" in report  # SQLite's error name is kept: it holds no data


def test_a_bug_report_names_types_and_code_lines_only() -> None:
    def deep() -> None:
        raise KeyError(SECRET)

    try:
        try:
            deep()
        except KeyError as exc:
            raise sqlite3.OperationalError(f"while saving {SECRET}") from exc
    except sqlite3.OperationalError as exc:
        report = bug_report(exc)
    assert SECRET not in report
    assert report.splitlines()[0] == "builtins.KeyError"
    assert "in deep" in report and "sqlcipher3.dbapi2.OperationalError" in report
    assert str(Path.home()) not in report or str(Path.home()) == "/"


def test_the_cli_prints_no_field_value_when_a_write_is_refused(data_dir: Path) -> None:
    assert run("demo", data_dir=data_dir).returncode == 0
    result = run(
        "activities",
        "add",
        "--contact",
        "1",
        "--kind",
        "meeting",
        "--date",
        "2026-11-01",
        "--program",
        "999",
        "--description",
        SECRET,
        data_dir=data_dir,
    )
    assert result.returncode == 1  # refused with a sentence, never a bug report (70)
    assert "there is no program with id 999" in result.stderr
    assert SECRET not in result.stderr and SECRET not in result.stdout
    assert "parameters" not in result.stderr
