"""One real ``img-crm`` process per command group.

Every other CLI test calls ``img_crm.cli.main`` in the test process
(``tests/helpers/cli.py``); these start the command as a user's shell does,
so the entry point, the interpreter's argv and stdout, and each group's
lazily imported modules are proven in a process of their own.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from img_crm.cli import GROUP_NAMES
from tests.helpers.cli import run_cli_process
from tests.helpers.protect import passphrase_file


@pytest.fixture(scope="module", params=["plain", "protected"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, kind: str) -> Path:
    """The sample store, plain or under a passphrase (issue #23: every command
    works on a protected store, given the passphrase in a file)."""
    root = tmp_path_factory.mktemp(f"processes-{kind}")
    folder = root / "data"
    made = run_cli_process("demo", data_dir=folder)
    assert made.returncode == 0, made.stderr
    if kind == "protected":
        secret = passphrase_file(root / "passphrase")
        made = run_cli_process(
            "passphrase", "set", "--new-passphrase-file", str(secret), data_dir=folder
        )
        assert made.returncode == 0, made.stderr
    return folder


def _environment(folder: Path, kind: str) -> dict[str, str]:
    # As from a terminal with no display and no Qt settings of ours.
    env = {k: v for k, v in os.environ.items() if k not in NO_DISPLAY}
    if kind == "protected":
        env["IMG_CRM_PASSPHRASE_FILE"] = str(folder.parent / "passphrase")
    return env


#: Group module -> a command of it that reads or writes, and what it must print.
SMOKE: dict[str, tuple[list[str], str]] = {
    "today": (["today", "--json"], "json"),
    "contacts": (["contacts", "show", "1", "--json"], "json"),
    "activities": (["activities", "list", "--contact", "1", "--json"], "json"),
    "programs": (["programs", "list", "--json"], "json"),
    "letters": (["letters", "list", "--json"], "json"),
    "templates": (["templates", "list", "--json"], "json"),
    "attachments": (["attachments", "list"], "No attachments."),
    "fields": (["fields", "list"], "No fields of your own yet"),
    "plan": (["plan", "show", "--json"], "json"),
    "settings": (["settings", "set", "cadence_warm", "12"], "cadence_warm = 12"),
    "followups": (["followups", "list", "--json"], "json"),
    "signals": (["signals", "list", "--json"], "json"),
    "invitations": (["invitations", "list", "--json"], "json"),
    "rank": (["rank", "list", "--json"], "json"),
    "transfer": (["export", "evidence", "1", "{tmp}/evidence.pdf"], "Exported"),
    "maintenance": (["check"], "integrity_check: ok"),
    "passphrase": (["passphrase", "status"], "protected"),
}


NO_DISPLAY = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")


def test_every_group_has_a_process_smoke_test() -> None:
    assert sorted(SMOKE) == sorted(GROUP_NAMES)


@pytest.mark.parametrize("group", sorted(SMOKE))
def test_one_command_of_each_group_in_its_own_process(
    folder: Path, kind: str, tmp_path: Path, group: str
) -> None:
    args, expect = SMOKE[group]
    env = _environment(folder, kind)
    result = run_cli_process(*(a.format(tmp=tmp_path) for a in args), data_dir=folder, env=env)
    assert result.returncode == 0, result.stderr
    if kind == "protected" and group == "transfer":  # an export says its file is plain
        assert result.stderr.startswith("warning: The file written is not protected")
    else:
        assert result.stderr == ""
    if expect == "json":
        assert json.loads(result.stdout)
    elif group == "passphrase":
        assert result.stdout.strip() == ("protected" if kind == "protected" else "not protected")
    else:
        assert expect in result.stdout
    if group == "transfer":  # Qt drew it, in a process with no window and no display
        assert (tmp_path / "evidence.pdf").read_bytes().startswith(b"%PDF-")


def test_version_and_help_from_the_entry_point() -> None:
    import subprocess

    version = subprocess.run(
        [sys.executable, "-m", "img_crm", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and version.stdout.startswith("img-crm 0.")
    helped = subprocess.run(
        [sys.executable, "-m", "img_crm", "--help"], capture_output=True, text=True
    )
    assert helped.returncode == 0
    for group in ("today", "contacts", "activities", "programs", "letters", "backups"):
        assert group in helped.stdout
