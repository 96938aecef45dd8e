"""An export never replaces the store, its journals, its lock, a backup, or
any SQLite database, whatever name is typed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from img_crm.errors import UserError
from img_crm.store.db import open_store
from tests.helpers.cli import run_cli as run


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-shm", "-wal", ".sealed"))
    }


@pytest.fixture
def folder(data_dir: Path) -> Path:
    assert run("demo", data_dir=data_dir).returncode == 0
    assert run("backup", data_dir=data_dir).returncode == 0
    return data_dir


PROTECTED = [
    "img-crm.sqlite3",
    "img-crm.sqlite3-wal",
    "img-crm.sqlite3-shm",
    "img-crm.lock",
    "backups/contacts.csv",
    "BACKUP",  # the existing backup file itself
]


def _target(folder: Path, name: str) -> Path:
    if name == "BACKUP":
        return next((folder / "backups").iterdir())
    return folder / name


def test_no_export_command_replaces_the_store_or_a_backup(folder: Path) -> None:
    before = _digest(folder)
    kinds = [["contacts"], ["json"], ["vcard"], ["ics"], ["evidence", "1"], ["programs"]]
    for name, kind in zip(PROTECTED, kinds, strict=True):
        result = run("export", *kind, str(_target(folder, name)), data_dir=folder)
        assert result.returncode == 1, (name, kind, result.stdout)
        assert any(
            said in result.stderr
            for said in ("never replaces", "holds img-crm's backups", "img-crm's own files")
        )
        assert "Traceback" not in result.stderr
    assert _digest(folder) == before
    assert run("check", data_dir=folder).returncode == 0


def test_every_writer_refuses_every_protected_target(folder: Path) -> None:
    from img_crm.services import csv_io, ical, json_io, vcard
    from img_crm.services.evidence import build_sheet, sheet_html, write_sheet_html
    from img_crm.store.contact_rows import list_contacts
    from img_crm.ui.pdf import write_pdf

    before = _digest(folder)
    store = open_store(folder)
    with store.reading() as session:
        rows = list_contacts(session)
        html = sheet_html(build_sheet(session, contact_id=1))
        writers = [
            lambda t: csv_io.export_contacts_csv(session, t),
            lambda t: json_io.write_store_json(session, t),
            lambda t: vcard.write_vcards(rows, t),
            lambda t: ical.write_calendar(session, t),
            lambda t: write_sheet_html(html, t),
            lambda t: write_pdf(html, t),
        ]
        for name in PROTECTED:
            for write in writers:
                with pytest.raises(
                    UserError, match=r"never replaces|holds img-crm's backups|img-crm's own files"
                ):
                    write(_target(folder, name))
    store.close()
    assert _digest(folder) == before


def test_an_export_never_overwrites_another_sqlite_database(folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    from tests.helpers import db as sqlite3

    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = other.read_bytes()
    result = run("export", "contacts", str(other), data_dir=folder)
    assert result.returncode == 1 and "is a SQLite database" in result.stderr
    assert other.read_bytes() == before
    plain = tmp_path / "contacts.csv"
    plain.write_text("an older export\n", encoding="utf-8")
    assert run("export", "contacts", str(plain), data_dir=folder).returncode == 0
    assert "Margaret Hughes" in plain.read_text(encoding="utf-8-sig")  # a CSV may be replaced
