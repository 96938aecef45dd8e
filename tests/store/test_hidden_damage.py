"""Damage the start-up check misses: a flipped byte inside a name passes
quick_check, yet no listing could read it. One sentence, the full check finds
it, and writes wait for the user's decision."""

from __future__ import annotations

from pathlib import Path

from img_crm.services.demo import load_demo
from img_crm.store import health
from img_crm.store.db import open_store
from tests.helpers import db as sqlite3
from tests.helpers.cli import run_cli as run


def _flip_a_byte_in_a_name(data_dir: Path) -> Path:
    store = open_store(data_dir)
    with store.session() as session:
        load_demo(session)
    store.close()
    path = data_dir / "img-crm.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    # Every copy (the table's cell and an index's, wherever SQLite put them):
    # "Mar\xffaret" is no longer UTF-8, and quick_check does not compare them.
    path.write_bytes(path.read_bytes().replace(b"Margaret Hughes", b"Mar\xffaret Hughes"))
    return path


def test_an_unreadable_row_gets_a_sentence_the_check_finds_it_and_writes_wait(
    data_dir: Path,
) -> None:
    path = _flip_a_byte_in_a_name(data_dir)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # the start-up check passes
    con.close()
    refused = run("backup", data_dir=data_dir)  # a damaged copy could push good ones out
    assert refused.returncode == 1 and "damaged text cells" in refused.stderr
    listed = run("contacts", "list", data_dir=data_dir)
    assert listed.returncode == 1
    lines = listed.stderr.strip().splitlines()
    assert lines[0].startswith("img-crm: Part of the store cannot be read: its text is damaged.")
    assert "img-crm check" in lines[0] and "Traceback" not in listed.stderr
    assert "aret" not in listed.stderr and "Hughes" not in listed.stderr  # no damaged text shown
    checked = run("check", data_dir=data_dir)
    assert checked.returncode == 1
    assert "contact row 1, column name" in checked.stdout
    assert "1 text cells cannot be read" in checked.stderr
    assert health.failed_check_notice(data_dir) is not None
    added = run("contacts", "add", "--name", "Ana Lima", data_dir=data_dir)
    assert added.returncode == 1 and "failed its integrity check" in added.stderr
    assert "img-crm check --go-on" in added.stderr
    assert run("check", "--go-on", data_dir=data_dir).returncode == 0
    # Going on lifts the refusal; a write that does not read the damaged row works.
    set_name = run("settings", "set", "my_name", "Priya Sharma", data_dir=data_dir)
    assert set_name.returncode == 0, set_name.stderr
    assert health.failed_check_notice(data_dir) is None


def test_sqlite_findings_are_put_in_words() -> None:
    said = health.in_words("On tree page 70 cell 0: invalid page number 4294967295")
    assert said == "SQLite's check of its pages found problems in one place."
    assert "tree page" not in said
    two = health.in_words("*** in database main ***; On tree page 2 cell 1: Rowid out of order")
    assert two.endswith("in 2 places.")
    assert "not recognise it as a database" in health.in_words("file is not a database")
