"""A full disk, a read-only medium and a permission problem are not damage.

Each test uses a real file system that fails: a small tmpfs filled to the last
byte, or remounted read-only (tests/helpers/disks.py). Nothing is renamed, the
user is told what is wrong in one sentence, reading and exporting still work,
and nothing already written is lost.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from img_crm.store import disk
from tests.helpers.cli import run_cli as run
from tests.helpers.disks import fill, needs_mount, remount_read_only, small_disk
from tests.helpers.protect import KINDS, passphrase_file


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Plain, or protected (issue #23): the commands read the passphrase file."""
    monkeypatch.setenv("IMG_CRM_PASSPHRASE_FILE", str(passphrase_file(tmp_path / "passphrase")))
    return str(request.param)


def _demo(data: Path, kind: str) -> None:
    """The sample store on the small disk, put under a passphrase if ``kind`` says."""
    assert run("demo", data_dir=data).returncode == 0
    if kind == "protected":
        secret = os.environ["IMG_CRM_PASSPHRASE_FILE"]
        made = run("passphrase", "set", "--new-passphrase-file", secret, data_dir=data)
        assert made.returncode == 0, made.stderr


def _one_sentence(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


@needs_mount
def test_a_full_disk_still_reads_refuses_writes_and_renames_nothing(
    tmp_path: Path, kind: str
) -> None:
    with small_disk(tmp_path / "disk") as mounted:
        data = mounted / "data"
        _demo(data, kind)  # a clean exit: no -wal, no -shm
        assert sorted(p.name for p in data.iterdir()) == [
            "img-crm.sqlite3",
            "img-crm.sqlite3.sealed",
            *(["protection.json"] if kind == "protected" else []),
        ]
        before = _listing(data)
        fill(mounted)
        listed = run("contacts", "list", data_dir=data)
        assert listed.returncode == 0, listed.stderr
        assert "Margaret Hughes" in listed.stdout and listed.stderr == ""
        shown = run("contacts", "show", "1", "--json", data_dir=data)
        assert shown.returncode == 0 and '"Margaret Hughes"' in shown.stdout
        added = run("contacts", "add", "--name", "Ana Lima", data_dir=data)
        assert added.returncode == 1
        sentence = _one_sentence(added.stderr)
        assert "The disk holding your data is full: free at least" in sentence
        assert " MB " in sentence and "Nothing was written" in sentence
        assert "damaged" not in sentence and "already running" not in sentence
        exported = run("export", "contacts", str(tmp_path / "contacts.csv"), data_dir=data)
        assert exported.returncode == 0, exported.stderr
        assert "Margaret Hughes" in (tmp_path / "contacts.csv").read_text(encoding="utf-8-sig")
        after = {k: v for k, v in _listing(data).items() if not k.endswith(("-shm", "-wal"))}
        assert after == before  # nothing renamed, not a byte of the store changed
        (mounted / "filler").unlink()
        (mounted / "filler-tail").unlink()
        again = run("contacts", "add", "--name", "Ana Lima", data_dir=data)
        assert again.returncode == 0, again.stderr
        assert len(run("contacts", "list", "--json", data_dir=data).stdout.split('"id"')) == 26


@needs_mount
def test_a_disk_that_fills_while_working_loses_nothing(tmp_path: Path, kind: str) -> None:
    with small_disk(tmp_path / "disk") as mounted:
        data = mounted / "data"
        _demo(data, kind)
        assert run("contacts", "add", "--name", "Before Full", data_dir=data).returncode == 0
        fill(mounted)
        refused = run(
            "activities",
            "add",
            "--contact",
            "1",
            "--kind",
            "meeting",
            "--date",
            "2026-11-20",
            data_dir=data,
        )
        assert refused.returncode == 1
        assert "disk holding your data is full" in _one_sentence(refused.stderr)
        listed = run("contacts", "list", data_dir=data)
        assert listed.returncode == 0 and "Before Full" in listed.stdout
        assert run("check", data_dir=data).returncode == 0


@needs_mount
def test_backups_on_a_full_disk_say_so_keep_the_old_ones_and_leave_no_part(
    tmp_path: Path, kind: str
) -> None:
    with small_disk(tmp_path / "disk") as mounted:
        data = mounted / "data"
        _demo(data, kind)
        assert run("backup", data_dir=data).returncode == 0
        old = sorted((data / "backups").iterdir())
        fill(mounted)
        made = run("backup", data_dir=data)
        assert made.returncode == 1
        sentence = _one_sentence(made.stderr)
        assert "is full: free at least" in sentence and "earlier backups are kept" in sentence
        assert sorted((data / "backups").iterdir()) == old  # kept, and no partial file


@needs_mount
def test_protecting_on_a_full_disk_leaves_the_store_plain_and_whole(tmp_path: Path) -> None:
    secret = passphrase_file(tmp_path / "passphrase")
    with small_disk(tmp_path / "disk") as mounted:
        data = mounted / "data"
        assert run("demo", data_dir=data).returncode == 0
        before = _listing(data)
        fill(mounted)
        (mounted / "filler-tail").unlink()  # room for the marker, not for a copy
        made = run("passphrase", "set", "--new-passphrase-file", str(secret), data_dir=data)
        assert made.returncode == 1
        sentence = _one_sentence(made.stderr)
        assert "The disk holding your data is full" in sentence
        assert sentence.endswith(("Nothing was changed.", "The store was not changed."))
        after = {k: v for k, v in _listing(data).items() if not k.endswith(("-shm", "-wal"))}
        assert after == before  # no half-made copy, no marker, the store as it was
        assert run("passphrase", "status", data_dir=data).stdout == "not protected\n"
        assert "Margaret Hughes" in run("contacts", "list", data_dir=data).stdout


@needs_mount
def test_a_store_on_a_read_only_medium_reads_and_exports(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as mounted:
        data = mounted / "data"
        assert run("demo", data_dir=data).returncode == 0
        before = _listing(data)
        remount_read_only(mounted)
        listed = run("contacts", "list", data_dir=data)
        assert listed.returncode == 0 and "Margaret Hughes" in listed.stdout, listed.stderr
        today = run("today", "--json", data_dir=data)
        assert today.returncode == 0, today.stderr
        exported = run("export", "json", str(tmp_path / "all.json"), data_dir=data)
        assert exported.returncode == 0, exported.stderr
        added = run("contacts", "add", "--name", "Ana Lima", data_dir=data)
        assert added.returncode == 1
        assert "is read-only, so img-crm cannot save changes there" in _one_sentence(added.stderr)
        assert _listing(data) == before


@needs_mount
def test_no_store_is_half_made_on_a_full_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as mounted:
        fill(mounted)
        data = mounted / "data"
        made = run("contacts", "list", data_dir=data)
        assert made.returncode == 1
        assert "full" in _one_sentence(made.stderr)
        assert not (data / "img-crm.sqlite3").exists()


def test_each_cause_is_said_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    full = disk.explain(folder, exc=OSError(errno.ENOSPC, "No space left on device"))
    assert full.startswith("The disk holding your data is full: free at least 4 MB")
    denied = disk.explain(folder, exc=PermissionError(errno.EACCES, "Permission denied"))
    assert denied == f"img-crm is not allowed to write in {folder} (permission denied)."
    (folder / "img-crm.sqlite3").write_bytes(b"\0" * (3 * disk.MIB))
    needed = disk.explain(
        folder, store_file=folder / "img-crm.sqlite3", exc=OSError(errno.ENOSPC, "full")
    )
    assert "free at least 10 MB" in needed  # room for the log and a backup: 2 x 3 + 4


@pytest.mark.parametrize(
    "code", ["SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY"]
)
def test_io_codes_are_environment_and_corruption_is_damage(code: str) -> None:
    from tests.helpers import db as sqlite3

    error = sqlite3.OperationalError("x")
    error.sqlite_errorcode = getattr(sqlite3, code)  # type: ignore[attr-defined]
    assert disk.is_environment(error) and not disk.is_damage(error)
    corrupt = sqlite3.DatabaseError("database disk image is malformed")
    corrupt.sqlite_errorcode = sqlite3.SQLITE_CORRUPT  # type: ignore[attr-defined]
    assert disk.is_damage(corrupt) and not disk.is_environment(corrupt)
