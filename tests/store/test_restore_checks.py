"""A restore checks its source before it changes anything."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from img_crm.store.inspect import APPLICATION_ID
from img_crm.store.migrations import SCHEMA_VERSION
from tests.helpers import db as sqlite3
from tests.helpers.cli import run_cli as run
from tests.helpers.protect import KINDS


@pytest.fixture(params=KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    """Every test here runs on a plain and on a protected store (issue #23)."""
    return str(request.param)


def _state(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-shm", "-wal"))
    }


@pytest.fixture
def folder(data_dir: Path) -> Path:
    assert run("demo", data_dir=data_dir).returncode == 0
    assert run("backup", data_dir=data_dir).returncode == 0
    return data_dir


def _copy_of_backup(folder: Path, tmp_path: Path, name: str) -> Path:
    source = next((folder / "backups").iterdir())
    target = tmp_path / name
    target.write_bytes(source.read_bytes())
    return target


def test_a_backup_from_a_newer_img_crm_is_refused_before_anything_changes(
    folder: Path, tmp_path: Path
) -> None:
    newer = _copy_of_backup(folder, tmp_path, "newer.sqlite3")
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = _state(folder)
    result = run("restore", str(newer), data_dir=folder)
    assert result.returncode == 1
    assert "written by a newer img-crm" in result.stderr and "not changed" in result.stderr
    assert _state(folder) == before  # not replaced, and no safety backup either


@pytest.mark.parametrize("kind", ["torn", "foreign", "marked-foreign", "reset"])
def test_other_unrestorable_files_are_refused_unchanged(
    folder: Path, tmp_path: Path, kind: str
) -> None:
    bad = _copy_of_backup(folder, tmp_path, f"{kind}.sqlite3")
    if kind == "torn":
        bad.write_bytes(bad.read_bytes()[:3000])
    elif kind == "foreign":
        bad.unlink()
        con = sqlite3.connect(bad)
        con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
        con.execute("PRAGMA user_version = 7")
        con.commit()
        con.close()
    else:
        con = sqlite3.connect(bad)
        con.execute(
            "PRAGMA application_id = 42" if kind == "marked-foreign" else "PRAGMA user_version = 0"
        )
        con.commit()
        con.close()
    before = _state(folder)
    result = run("restore", str(bad), data_dir=folder)
    assert result.returncode == 1, result.stdout
    assert "not changed" in result.stderr and "Traceback" not in result.stderr
    assert _state(folder) == before


def test_a_good_backup_is_restored_after_a_backup_of_the_store(folder: Path) -> None:
    source = next((folder / "backups").iterdir())
    assert run("contacts", "add", "--name", "After The Backup", data_dir=folder).returncode == 0
    result = run("restore", str(source), data_dir=folder)
    assert result.returncode == 0, result.stderr
    safety = [p for p in (folder / "backups").iterdir() if "before-restore" in p.name]
    assert len(safety) == 1 and "The store as it was before is in" in result.stdout
    listed = run("contacts", "list", data_dir=folder).stdout
    assert "After The Backup" not in listed and "Margaret Hughes" in listed
    con = sqlite3.connect(safety[0])
    names = [r[0] for r in con.execute("SELECT name FROM contact")]
    con.close()
    assert "After The Backup" in names
    con = sqlite3.connect(folder / "img-crm.sqlite3")
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.close()
