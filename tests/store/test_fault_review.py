"""Faults found by a review of the data-safety work, each held by a test."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from img_crm.errors import MissingStoreError, UserError
from img_crm.services.backups import backup_now, restore
from img_crm.services.demo import load_demo
from img_crm.services.json_io import read_json_document
from img_crm.store import health, restorable, sqlite
from img_crm.store.backup import list_backups, make_backup
from img_crm.store.db import open_store
from img_crm.store.inspect import APPLICATION_ID
from img_crm.store.migrations import SCHEMA_VERSION
from tests.helpers import db as sqlite3
from tests.helpers.cli import run_cli as run
from tests.helpers.disks import fill, needs_mount, remount_read_only, small_disk


def _demo(folder: Path) -> Path:
    store = open_store(folder)
    with store.session() as session:
        load_demo(session)
    store.close()
    return folder / "img-crm.sqlite3"


# --- backups and restores --------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_backup_to_a_file_leaves_its_folder_as_it_was(data_dir: Path, tmp_path: Path) -> None:
    _demo(data_dir)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    backup_now(data_dir, shared / "copy.sqlite3")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


@pytest.mark.parametrize(
    "name", ["img-crm.sqlite3", "img-crm.sqlite3-wal", "img-crm.lock", "notes.txt", "BACKUP"]
)
def test_a_backup_never_replaces_a_file(data_dir: Path, tmp_path: Path, name: str) -> None:
    store_file = _demo(data_dir)
    first = backup_now(data_dir)
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    target = (
        first if name == "BACKUP" else (tmp_path / name if name == "notes.txt" else data_dir / name)
    )
    if not target.exists():
        target.write_bytes(b"x")
    before = target.read_bytes()
    store_before = store_file.read_bytes()
    with pytest.raises(UserError):
        backup_now(data_dir, target)
    assert target.read_bytes() == before and store_file.read_bytes() == store_before


def test_two_backups_in_one_second_are_both_kept(data_dir: Path) -> None:
    store_file = _demo(data_dir)
    folder = data_dir / "backups"
    made = [make_backup(store_file, folder, "before-restore") for _ in range(3)]
    assert len(set(made)) == 3 and all(p.exists() for p in made)
    assert [b.reason for b in list_backups(folder)] == ["before-restore"] * 3


def test_an_empty_file_or_a_hollow_store_is_not_restored(data_dir: Path, tmp_path: Path) -> None:
    store_file = _demo(data_dir)
    before = store_file.read_bytes()
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    with pytest.raises(UserError, match="is empty, not a backup"):
        restore(data_dir, empty)
    hollow = tmp_path / "hollow.sqlite3"
    con = sqlite3.connect(hollow)
    for table in ("contact", "contact_tag", "stage_change", "activity", "letter", "setting"):
        con.execute(f"CREATE TABLE {table} (x)")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    con.commit()
    con.close()
    with pytest.raises(UserError, match="not a whole img-crm store"):
        restore(data_dir, hollow)
    assert store_file.read_bytes() == before


def test_the_backup_offered_is_one_that_restores(data_dir: Path) -> None:
    store_file = _demo(data_dir)
    good = backup_now(data_dir)
    con = sqlite3.connect(store_file)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    # Every copy of the name (its cell and an index's): no longer UTF-8.
    store_file.write_bytes(
        store_file.read_bytes().replace(b"Margaret Hughes", b"Mar\xffaret Hughes")
    )
    with pytest.raises(UserError, match="damaged text cells"):
        backup_now(data_dir)  # a damaged store is not backed up over good ones
    damaged_copy = data_dir / "backups" / "img-crm-2099-01-01_000000-auto.sqlite3"
    damaged_copy.write_bytes(store_file.read_bytes())  # as an older img-crm would have made it
    assert restorable.newest_good(data_dir / "backups") == good


# --- the mark of a failed check ----------------------------------------------------------


def test_a_marked_store_is_not_written_when_opened(data_dir: Path) -> None:
    store_file = _demo(data_dir)
    con = sqlite3.connect(store_file)
    con.execute("PRAGMA application_id = 0")  # as stores from before the mark
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    health.mark_failed(data_dir, health.HealthReport(integrity=["malformed"]))
    before = store_file.read_bytes()
    store = open_store(data_dir)
    assert store.read_only is not None
    store.close()
    assert store_file.read_bytes() == before  # not even the mark of img-crm was written


def test_the_mark_goes_with_the_store_it_was_about(data_dir: Path) -> None:
    store_file = _demo(data_dir)
    health.mark_failed(data_dir, health.HealthReport(integrity=["malformed"]))
    store_file.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{store_file}{suffix}").unlink(missing_ok=True)
    assert run("init", data_dir=data_dir).returncode == 0
    added = run("contacts", "add", "--name", "Ana Lima", data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    assert health.failed_check_notice(data_dir) is None


def test_a_leftover_journal_is_evidence_of_a_store(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "img-crm.sqlite3-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\0" * 4000)
    with pytest.raises(MissingStoreError, match="write-ahead log"):
        open_store(data_dir)
    assert (data_dir / "img-crm.sqlite3-wal").stat().st_size == 4004


# --- the check and locks -----------------------------------------------------------------


def test_a_check_that_cannot_read_the_store_does_not_mark_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The commands wait for the lock as long as they always do, scaled down.
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 300)
    store_file = _demo(data_dir)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(store_file)!r}, isolation_level=None)\n"
            "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        checked = run("check", data_dir=data_dir)
        assert checked.returncode == 1
        assert "holds the store locked" in checked.stderr and "Traceback" not in checked.stderr
        assert health.failed_check_notice(data_dir) is None
        listed = run("contacts", "list", data_dir=data_dir)
        assert listed.returncode == 1 and "holds the store locked" in listed.stderr
    finally:
        holder.kill()
        holder.wait()


# --- disks ---------------------------------------------------------------------------


@needs_mount
def test_a_store_that_cannot_be_made_says_why_and_leaves_nothing(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", size="100k") as mounted:
        data = mounted / "d"
        made = run("init", data_dir=data)
        assert made.returncode == 1 and "full" in made.stderr, made.stderr
        assert not (data / "img-crm.sqlite3").exists()
        again = run("contacts", "list", data_dir=data)
        assert again.returncode == 1 and "Traceback" not in again.stderr


@needs_mount
def test_reading_commands_work_on_a_read_only_store(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as mounted:
        data = mounted / "data"
        assert run("demo", data_dir=data).returncode == 0
        csv = tmp_path / "c.csv"
        assert run("export", "contacts", str(csv), data_dir=data).returncode == 0
        remount_read_only(mounted)
        for args in (
            ["templates", "list"],
            [
                "templates",
                "render",
                "Thank you after a meeting",
                "--contact",
                "1",
                "--set",
                "my_name=Priya",
            ],
            ["plan", "show"],
            ["import", str(csv), "--dry-run"],
            ["check"],
        ):
            result = run(*args, data_dir=data)
            assert result.returncode == 0, (args, result.stderr)


@needs_mount
def test_a_restore_that_does_not_fit_says_so(tmp_path: Path) -> None:
    big = tmp_path / "big"
    _demo(big)
    source = backup_now(big)
    with small_disk(tmp_path / "disk", size="600k") as mounted:
        data = mounted / "data"
        assert run("init", data_dir=data).returncode == 0
        fill(mounted)
        result = run("restore", str(source), data_dir=data)
        assert result.returncode == 1 and "full" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


# --- exports, text and JSON --------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX files")
def test_odd_export_targets(data_dir: Path, tmp_path: Path) -> None:
    _demo(data_dir)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    (data_dir / "window.ini").write_text("[window]\n", encoding="utf-8")
    for target in (str(fifo), str(folder), "", str(data_dir / "window.ini")):
        result = run("export", "contacts", target, data_dir=data_dir)
        assert result.returncode == 1, (target, result.stdout)
        assert "Traceback" not in result.stderr and ".tmp" not in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run("export", "contacts", str(link), data_dir=data_dir).returncode == 0
    assert link.is_symlink() and "Margaret Hughes" in real.read_text(encoding="utf-8-sig")


def test_a_name_the_terminal_cannot_show_does_not_fail_the_export(
    data_dir: Path, tmp_path: Path
) -> None:
    _demo(data_dir)
    target = os.fsencode(tmp_path) + b"/r16-\xff.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "img_crm",
            "--data-dir",
            str(data_dir),
            "export",
            "contacts",
            os.fsdecode(target),
        ],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert os.path.exists(target)


@pytest.mark.parametrize(
    "args",
    [
        ["settings", "set", "my_name", b"\xff"],
        ["settings", "set", "my_name", "a\x01b"],
        ["contacts", "stage", "1", "warm", "--note", b"\xff"],
        ["contacts", "add", "--name", "N", "--tags", b"\xff"],
        ["letters", "add", "--writer", "1", "--type", "us-clinical", "--specialty", b"\xff"],
        ["letters", "add", "--writer", "1", "--type", "us-clinical", "--specialty", "x" * 1000],
    ],
)
def test_text_that_cannot_be_stored_gets_a_sentence(
    data_dir: Path, args: list[str | bytes]
) -> None:
    _demo(data_dir)
    result = run(*(os.fsdecode(a) for a in args), data_dir=data_dir)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr


def _export(folder: Path) -> dict[str, object]:
    from img_crm.services.json_io import store_document

    store = open_store(folder)
    with store.reading() as session:
        document = store_document(session)
    store.close()
    return document


def test_what_img_crm_writes_restores(data_dir: Path, tmp_path: Path) -> None:
    _demo(data_dir)
    at_the_edge = run("programs", "interview", "1", "--at", "2199-12-31 23:59", data_dir=data_dir)
    assert at_the_edge.returncode == 0, at_the_edge.stderr
    path = tmp_path / "all.json"
    assert run("export", "json", str(path), data_dir=data_dir).returncode == 0
    restored = run("import", str(path), data_dir=tmp_path / "fresh")
    assert restored.returncode == 0, restored.stderr


@pytest.mark.parametrize(
    ("table", "column", "value", "said"),
    [
        ("contact", "created_at", "2026-12-01T09:09:52Z", "must be a time"),
        ("contact", "first_contacted", "2026-W01-1", "must be a date"),
        ("setting", "value", "  Asia/Kolkata", "not in the form"),
    ],
)
def test_values_that_would_break_later_are_refused(
    data_dir: Path, tmp_path: Path, table: str, column: str, value: str, said: str
) -> None:
    from img_crm.services.json_io import restore_store_json

    _demo(data_dir)
    run("settings", "set", "home_timezone", "Asia/Kolkata", data_dir=data_dir)
    document = _export(data_dir)
    content = document["tables"][table]  # type: ignore[index]
    index = content["columns"].index(column)
    row = 0
    if table == "setting":
        row = next(i for i, r in enumerate(content["rows"]) if r[0] == "home_timezone")
    content["rows"][row][index] = value
    target = open_store(tmp_path / "t")
    with pytest.raises(UserError, match=said), target.session() as session:
        restore_store_json(session, document)  # type: ignore[arg-type]
    target.close()


def test_a_plan_that_cannot_be_scheduled_is_refused(data_dir: Path, tmp_path: Path) -> None:
    from img_crm.services.json_io import restore_store_json

    _demo(data_dir)
    assert run("plan", "show", data_dir=data_dir).returncode == 0
    for after, said in (("no-such-task", "names a task"), ("CYCLE", "in a circle")):
        document = _export(data_dir)
        plan = document["tables"]["plan_task"]  # type: ignore[index]
        key, column = plan["columns"].index("key"), plan["columns"].index("after")
        first = plan["rows"][0]
        first[column] = plan["rows"][1][key] if after == "CYCLE" else after
        if after == "CYCLE":
            plan["rows"][1][column] = first[key]
        target = open_store(tmp_path / after)
        with pytest.raises(UserError, match=said), target.session() as session:
            restore_store_json(session, document)  # type: ignore[arg-type]
        target.close()


def test_json_that_would_take_gigabytes_is_refused_unread() -> None:
    with pytest.raises(UserError, match="too large"):
        read_json_document('{"format": "img-crm", "x": ' + "9" * 5000 + "}")
    many = '{"format": "img-crm", "rows": [' + ",".join(["[]"] * 3_000_001) + "]}"
    with pytest.raises(UserError, match="more rows or values"):
        read_json_document(many)


def test_a_vcard_import_prints_nothing_of_the_file(data_dir: Path, tmp_path: Path) -> None:
    card = tmp_path / "c.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Lima\nthis line is broken secret-phone 555-0199\n"
        "END:VCARD\n",
        encoding="utf-8",
    )
    result = run("import", str(card), data_dir=data_dir)
    assert "secret-phone" not in result.stderr and "555-0199" not in result.stderr


def test_a_lock_file_with_a_nonsense_process_id_is_no_window(data_dir: Path) -> None:
    from img_crm import paths

    data_dir.mkdir()
    (data_dir / "img-crm.lock").write_text(f"{10**40}\nimg-crm\n\n", encoding="utf-8")
    assert paths.gui_holding(data_dir) is None
