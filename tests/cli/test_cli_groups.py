"""A command builds only its own group's parsers; the map that says which
group that is stays equal to what the groups register, and anything else
(help, a mistyped command) still gets the whole parser's answer."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from img_crm import cli


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


def test_the_map_names_every_command_of_every_group() -> None:
    registered = {
        command: group
        for group in cli.GROUP_NAMES
        for command in _commands(cli.build_parser(only=group))
    }
    assert registered == cli.COMMAND_GROUPS
    assert set(registered) == _commands(cli.build_parser())


def test_a_command_imports_only_its_group(tmp_path: Path) -> None:
    code = (
        "import json, sys, img_crm.cli as c\n"
        "c.main(['--data-dir', sys.argv[1], 'contacts', 'list', '--json'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('img_crm.cli.'))))\n"
    )
    subprocess.run(
        [sys.executable, "-m", "img_crm", "--data-dir", str(tmp_path), "init"],
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], check=True, capture_output=True, text=True
    ).stdout
    loaded = json.loads(out.strip().splitlines()[-1])
    assert {name.rsplit(".", 1)[1] for name in loaded} & set(cli.GROUP_NAMES) == {"contacts"}


def test_help_and_mistakes_get_the_whole_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as help_exit:
        cli.main(["--help"])
    assert help_exit.value.code == 0
    assert "backups" in capsys.readouterr().out
    with pytest.raises(SystemExit) as typo:
        cli.main(["exprot", "contacts", "x.csv"])
    assert typo.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'exprot'" in err
    assert "'export'" in err and "'backups'" in err  # every command offered
