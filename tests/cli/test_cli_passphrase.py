"""``img-crm passphrase`` and the passphrase of a protected store on the
command line: from a file or the terminal, never from an argument."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from img_crm.store import cipher
from tests.helpers.cli import run_cli
from tests.helpers.protect import PASSPHRASE, files_of, passphrase_file, plain_text_in


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    return passphrase_file(tmp_path / "passphrase")


@pytest.fixture
def protected(data_dir: Path, secret: Path) -> Path:
    assert run_cli("demo", data_dir=data_dir).returncode == 0
    made = run_cli("passphrase", "set", "--new-passphrase-file", str(secret), data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    assert "now protected" in made.stdout
    return data_dir


def test_a_protected_store_needs_the_passphrase_from_a_file_or_a_terminal(
    protected: Path, secret: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = run_cli("contacts", "list", data_dir=protected)
    assert refused.returncode == 1
    assert refused.stderr == (
        "img-crm: The store is protected with a passphrase: run the command on a terminal "
        "to be asked for it, or name a file that holds it with --passphrase-file or "
        "$IMG_CRM_PASSPHRASE_FILE. Nothing was done.\n"
    )
    listed = run_cli("--passphrase-file", str(secret), "contacts", "list", data_dir=protected)
    assert listed.returncode == 0 and "Margaret Hughes" in listed.stdout
    monkeypatch.setenv("IMG_CRM_PASSPHRASE_FILE", str(secret))
    assert run_cli("contacts", "list", data_dir=protected).returncode == 0
    wrong = passphrase_file(tmp_path / "wrong", "not the passphrase")
    said = run_cli("--passphrase-file", str(wrong), "today", data_dir=protected)
    assert said.returncode == 1
    assert said.stderr == (
        "img-crm: That passphrase does not open the store; nothing was changed. Try again.\n"
    )
    assert not list(protected.glob("*.damaged"))  # a wrong passphrase is not damage


def test_a_passphrase_file_others_can_read_is_refused(protected: Path, secret: Path) -> None:
    secret.chmod(0o644)
    said = run_cli("--passphrase-file", str(secret), "today", data_dir=protected)
    assert said.returncode == 1
    assert "can be read by others" in said.stderr and PASSPHRASE not in said.stderr


def test_no_argument_takes_the_passphrase_itself(protected: Path) -> None:
    for where in (["--passphrase", PASSPHRASE, "today"], ["today", "--passphrase", PASSPHRASE]):
        said = run_cli(*where, data_dir=protected)
        assert said.returncode == 2  # argparse: no such option (nor an abbreviation)
        assert "passphrase file" not in said.stderr  # not taken for --passphrase-file


def test_change_and_remove_from_the_command_line(
    protected: Path, secret: Path, tmp_path: Path
) -> None:
    new = passphrase_file(tmp_path / "new", "a brand new passphrase")
    changed = run_cli(
        "--passphrase-file",
        str(secret),
        "passphrase",
        "change",
        "--new-passphrase-file",
        str(new),
        data_dir=protected,
    )
    assert changed.returncode == 0, changed.stderr
    assert run_cli("--passphrase-file", str(secret), "today", data_dir=protected).returncode == 1
    refused = run_cli("--passphrase-file", str(new), "passphrase", "remove", data_dir=protected)
    assert refused.returncode == 1 and "--yes" in refused.stderr
    removed = run_cli(
        "--passphrase-file", str(new), "passphrase", "remove", "--yes", data_dir=protected
    )
    assert removed.returncode == 0, removed.stderr
    assert run_cli("passphrase", "status", data_dir=protected).stdout == "not protected\n"
    assert cipher.is_plain(protected / "img-crm.sqlite3")


def test_backups_and_exports_of_a_protected_store(
    protected: Path, secret: Path, tmp_path: Path
) -> None:
    key = ("--passphrase-file", str(secret))
    assert run_cli(*key, "backup", data_dir=protected).returncode == 0
    outside = tmp_path / "outside.sqlite3"
    assert run_cli(*key, "backup", str(outside), data_dir=protected).returncode == 0
    assert plain_text_in([*files_of(protected), outside], ["Margaret Hughes"]) == []
    exported = run_cli(*key, "export", "contacts", str(tmp_path / "c.csv"), data_dir=protected)
    assert exported.returncode == 0
    assert "not protected" in exported.stderr  # the export says its file is plain
    restored = run_cli(*key, "restore", str(outside), data_dir=protected)
    assert restored.returncode == 0, restored.stderr


def _on_a_terminal(args: list[str], answers: list[str], data_dir: Path) -> tuple[int, str]:
    """The command with a real terminal (a pty): what it printed, its exit code."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal
        os.execv(
            sys.executable, [sys.executable, "-m", "img_crm", "--data-dir", str(data_dir), *args]
        )
    seen = b""
    pending = list(answers)
    while True:
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            os.kill(pid, 9)
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if pending and chunk.rstrip().endswith(b":"):
            os.write(fd, pending.pop(0).encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace")


def test_the_terminal_asks_three_times_and_never_echoes(protected: Path) -> None:
    code, seen = _on_a_terminal(["today"], ["wrong one", PASSPHRASE], protected)
    assert code == 0, seen
    assert seen.count("Passphrase of the img-crm store:") == 2
    assert "does not open the store. Try again." in seen
    assert PASSPHRASE not in seen and "wrong one" not in seen  # not echoed
    code, seen = _on_a_terminal(["today"], ["no", "nope", "never"], protected)
    assert code == 1 and seen.count("Passphrase of the img-crm store:") == 3


def test_setting_a_passphrase_on_a_terminal_asks_it_twice(data_dir: Path) -> None:
    assert run_cli("demo", data_dir=data_dir).returncode == 0
    code, seen = _on_a_terminal(["passphrase", "set"], ["twelve chars!", "twelve chars?"], data_dir)
    assert code == 1 and "not the same" in seen
    code, seen = _on_a_terminal(["passphrase", "set"], ["twelve chars!", "twelve chars!"], data_dir)
    assert code == 0, seen
    assert (
        subprocess.run(
            [sys.executable, "-m", "img_crm", "--data-dir", str(data_dir), "passphrase", "status"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        == "protected\n"
    )


def test_restore_warns_of_a_plain_backup_and_asks_for_another_passphrase(
    data_dir: Path, secret: Path, tmp_path: Path
) -> None:
    assert run_cli("demo", data_dir=data_dir).returncode == 0
    plain = tmp_path / "before.sqlite3"
    assert run_cli("backup", str(plain), data_dir=data_dir).returncode == 0
    key = ("--passphrase-file", str(secret))
    made = run_cli("passphrase", "set", "--new-passphrase-file", str(secret), data_dir=data_dir)
    assert made.returncode == 0
    restored = run_cli(*key, "restore", str(plain), data_dir=data_dir)
    assert restored.returncode == 0, restored.stderr
    assert restored.stderr.startswith("warning: before.sqlite3 is not protected")
    old = tmp_path / "old.sqlite3"
    assert run_cli(*key, "backup", str(old), data_dir=data_dir).returncode == 0
    new = passphrase_file(tmp_path / "new", "a newer passphrase")
    changed = run_cli(
        *key, "passphrase", "change", "--new-passphrase-file", str(new), data_dir=data_dir
    )
    assert changed.returncode == 0
    asked = run_cli("--passphrase-file", str(new), "restore", str(old), data_dir=data_dir)
    assert asked.returncode == 1 and "--backup-passphrase-file" in asked.stderr
    done = run_cli(
        "--passphrase-file",
        str(new),
        "restore",
        str(old),
        "--backup-passphrase-file",
        str(secret),
        data_dir=data_dir,
    )
    assert done.returncode == 0, done.stderr
    listed = run_cli("--passphrase-file", str(new), "contacts", "list", data_dir=data_dir)
    assert "Margaret Hughes" in listed.stdout  # the store keeps the newer passphrase
