"""``img-crm fields`` and ``--field NAME=VALUE`` (#24) on the sample store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli


@pytest.fixture
def demo(data_dir: Path) -> Path:
    assert run_cli("demo", data_dir=data_dir).returncode == 0
    return data_dir


def _ok(*args: str, data_dir: Path) -> str:
    ran = run_cli(*args, data_dir=data_dir)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def test_define_list_set_show_change_and_remove(demo: Path) -> None:
    assert (
        _ok(
            "fields",
            "define",
            "contact",
            "Visa status",
            "--kind",
            "choice",
            "--choice",
            "J-1",
            "--choice",
            "H-1B",
            data_dir=demo,
        ).strip()
        == "Defined the contact field 'Visa status' as field 1."
    )
    _ok("fields", "define", "program", "Interview offered", "--kind", "yes-no", data_dir=demo)
    _ok("fields", "define", "letter", "Asked on", "--kind", "date", data_dir=demo)
    listed = json.loads(_ok("fields", "list", "--json", data_dir=demo))
    assert [(f["record"], f["name"], f["kind"]) for f in listed] == [
        ("contact", "Visa status", "choice"),
        ("letter", "Asked on", "date"),
        ("program", "Interview offered", "yes-no"),
    ]
    assert [
        f["name"] for f in json.loads(_ok("fields", "list", "program", "--json", data_dir=demo))
    ] == ["Interview offered"]
    _ok("contacts", "edit", "1", "--field", "visa status=j-1", "--role", "Attending", data_dir=demo)
    _ok("programs", "edit", "1", "--field", "Interview offered=yes", data_dir=demo)
    _ok("letters", "edit", "1", "--field", "Asked on=2026-10-01", data_dir=demo)
    shown = json.loads(_ok("contacts", "show", "1", "--json", data_dir=demo))
    assert shown["fields"] == {"Visa status": "J-1"} and shown["role"] == "Attending"
    program = json.loads(_ok("programs", "show", "1", "--json", data_dir=demo))
    assert program["fields"] == {"Interview offered": "yes"}
    letter = json.loads(_ok("letters", "show", "1", "--json", data_dir=demo))
    assert letter["fields"] == {"Asked on": "2026-10-01"}
    for command, line in (
        ("contacts", "  Visa status: J-1"),
        ("programs", "  Interview offered: yes"),
        ("letters", "  Asked on: 2026-10-01"),
    ):  # the plain show lists them under a heading
        lines = _ok(command, "show", "1", data_dir=demo).splitlines()
        assert lines[lines.index("your fields:") + 1] == line
    _ok(
        "fields",
        "change",
        "1",
        "--name",
        "Visa",
        "--choice",
        "J-1",
        "--choice",
        "O-1",
        data_dir=demo,
    )
    assert json.loads(_ok("contacts", "show", "1", "--json", data_dir=demo))["fields"] == {
        "Visa": "J-1"
    }
    refused = run_cli("fields", "remove", "1", data_dir=demo)
    assert refused.returncode == 1
    assert "its value on 1 contact. Run it again with --yes" in refused.stderr
    _ok("fields", "remove", "1", "--yes", data_dir=demo)
    assert json.loads(_ok("contacts", "show", "1", "--json", data_dir=demo))["fields"] == {}


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (
            ["fields", "define", "contact", "Stage"],
            "name: is already one of the contact's own fields",
        ),
        (
            ["fields", "define", "contact", "Visa", "--kind", "choice", "--choice", "J-1"],
            "choices: must be at least two",
        ),
        (["contacts", "edit", "1", "--field", "Nope=1"], "There is no contact field called 'Nope'"),
        (["contacts", "edit", "1", "--field", "no equals"], "is not NAME=VALUE"),
        (["contacts", "edit", "1", "--field", "Hours=lots"], "Hours: must be a number"),
        (["contacts", "edit", "1", "--field", "Hours=2", "--email", "bad"], "email"),
    ],
)
def test_what_does_not_fit_is_one_sentence_and_nothing_is_written(
    demo: Path, args: list[str], sentence: str
) -> None:
    _ok("fields", "define", "contact", "Hours", "--kind", "number", data_dir=demo)
    ran = run_cli(*args, data_dir=demo)
    assert ran.returncode != 0 and sentence in ran.stderr
    assert len(ran.stderr.strip().splitlines()) == 1
    assert json.loads(_ok("contacts", "show", "1", "--json", data_dir=demo))["fields"] == {}
    assert [f["name"] for f in json.loads(_ok("fields", "list", "--json", data_dir=demo))] == [
        "Hours"
    ]
