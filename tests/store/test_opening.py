"""What opening a store does with odd or missing files: never a silent empty
store where data existed, never a byte of another program's file changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from img_crm.errors import MissingStoreError, StoreError
from img_crm.services.demo import load_demo
from img_crm.store.db import open_store
from img_crm.store.inspect import APPLICATION_ID
from tests.helpers import db as sqlite3
from tests.helpers.cli import run_cli as run
from tests.helpers.protect import KINDS


@pytest.fixture(params=KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    """Every test here runs on a plain and on a protected store (issue #23)."""
    return str(request.param)


def _demo_with_backup(data_dir: Path) -> Path:
    assert run("demo", data_dir=data_dir).returncode == 0
    assert run("backup", data_dir=data_dir).returncode == 0
    return next((data_dir / "backups").iterdir())


def test_after_a_store_was_set_aside_the_next_start_says_so(data_dir: Path) -> None:
    backup = _demo_with_backup(data_dir)
    store = data_dir / "img-crm.sqlite3"
    store.write_bytes(b"garbage" * 2000)  # damage: the next command moves it aside
    for suffix in ("-wal", "-shm"):
        (data_dir / f"img-crm.sqlite3{suffix}").unlink(missing_ok=True)
    first = run("contacts", "list", data_dir=data_dir)
    assert first.returncode == 1 and "moved aside" in first.stderr
    assert "There is no backup" not in first.stderr and "24 contacts" in first.stderr
    second = run("contacts", "list", data_dir=data_dir)
    assert second.returncode == 1, second.stdout
    lines = second.stderr.strip().splitlines()
    assert "though there was one before" in lines[0] and "set aside as damaged on" in lines[0]
    assert f"The newest good backup is {backup.name}" in lines[0] and "24 contacts" in lines[0]
    assert lines[1] == f"To restore it, run: img-crm restore {backup}"
    assert lines[2] == "To start with an empty store instead, run: img-crm init"
    assert not store.exists()  # no empty store was made
    assert run("restore", str(backup), data_dir=data_dir).returncode == 0
    listed = run("contacts", "list", "--json", data_dir=data_dir)
    assert listed.returncode == 0 and listed.stdout.count('"id"') == 24


def test_an_empty_store_file_with_backups_is_not_taken_for_a_new_store(data_dir: Path) -> None:
    backup = _demo_with_backup(data_dir)
    store = data_dir / "img-crm.sqlite3"
    store.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        (data_dir / f"img-crm.sqlite3{suffix}").unlink(missing_ok=True)
    refused = run("today", data_dir=data_dir)
    assert refused.returncode == 1 and "is empty, though there was one before" in refused.stderr
    assert str(backup) in refused.stderr and store.read_bytes() == b""
    assert run("init", data_dir=data_dir).returncode == 0  # the user's choice
    assert run("contacts", "list", "--json", data_dir=data_dir).stdout.strip() == "[]"
    assert run("init", data_dir=data_dir).returncode == 1  # never over a store with content


def test_a_new_folder_gets_a_new_store_but_a_folder_with_backups_does_not(
    tmp_path: Path,
) -> None:
    result = run("contacts", "list", data_dir=tmp_path / "fresh")
    assert result.returncode == 0 and result.stderr == ""
    folder = tmp_path / "had-data"
    (folder / "backups").mkdir(parents=True)
    (folder / "backups" / "img-crm-2026-11-01_100000-auto.sqlite3").write_bytes(b"torn")
    with pytest.raises(MissingStoreError, match="There is no good backup to restore"):
        open_store(folder)
    assert not (folder / "img-crm.sqlite3").exists()
    open_store(folder, start_empty=True).close()  # only when chosen
    assert (folder / "img-crm.sqlite3").stat().st_size > 0


def test_a_reset_img_crm_store_is_refused_unchanged(store_file_with_demo: Path) -> None:
    con = sqlite3.connect(store_file_with_demo)
    con.execute("PRAGMA user_version = 0")
    con.execute("PRAGMA application_id = 0")  # as a tool that rewrote the header would
    con.commit()
    con.close()
    before = store_file_with_demo.read_bytes()
    with pytest.raises(StoreError, match="data version was reset to 0"):
        open_store(store_file_with_demo.parent)
    assert store_file_with_demo.read_bytes() == before
    result = run("contacts", "list", data_dir=store_file_with_demo.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert store_file_with_demo.read_bytes() == before


def test_another_programs_database_is_refused_unchanged(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / "img-crm.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    con.commit()
    con.close()
    before = path.read_bytes()
    result = run("contacts", "list", data_dir=data_dir)
    assert result.returncode == 1 and "another program's SQLite database" in result.stderr
    assert path.read_bytes() == before
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    con.close()
    assert tables == ["moz_places"]  # no img-crm table was added
    marked = sqlite3.connect(path)
    marked.execute("PRAGMA application_id = 1179796038")  # another app's id
    marked.commit()
    marked.close()
    with pytest.raises(StoreError, match="belongs to another program"):
        open_store(data_dir)


def test_img_crm_stores_carry_the_application_id(store_file_with_demo: Path) -> None:
    con = sqlite3.connect(store_file_with_demo)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.close()


@pytest.fixture
def store_file_with_demo(data_dir: Path) -> Path:
    store = open_store(data_dir)
    with store.session() as session:
        load_demo(session)
    store.close()
    con = sqlite3.connect(data_dir / "img-crm.sqlite3")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return data_dir / "img-crm.sqlite3"
