"""The JSON export as a passphrase-protected archive (issue #23)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from img_crm.errors import UserError
from img_crm.services import json_archive
from img_crm.services.exports import Kind, export
from img_crm.store.db import Store, open_store
from tests.helpers.cli import run_cli
from tests.helpers.protect import passphrase_file

SECRET = "archive passphrase"


def test_the_archive_holds_no_plain_text_and_restores_whole(
    demo_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "everything.zip"
    with demo_store.reading() as session:
        written = export(session, Kind.JSON, target, passphrase=SECRET)
        plain = tmp_path / "everything.json"
        export(session, Kind.JSON, plain)
    data = target.read_bytes()
    assert b"Margaret" not in data and b'"tables"' not in data
    assert data.count(b"img-crm") == 2  # the entry's name, in its header and the directory
    with zipfile.ZipFile(target) as archive:  # a standard zip: its entry is listed, encrypted
        (info,) = archive.infolist()
        assert info.filename == "img-crm.json" and info.flag_bits & 0x1
    assert json_archive.read_archive(target, SECRET) == plain.read_text(encoding="utf-8")
    with pytest.raises(UserError, match=r"does not open everything\.zip"):
        json_archive.read_archive(target, "not the one")
    fresh = open_store(tmp_path / "fresh")
    try:
        from img_crm.services.json_io import restore_store_json

        with fresh.session() as session:
            counts = restore_store_json(session, json_archive.read_archive_document(target, SECRET))
        assert sum(counts.values()) == written.count
    finally:
        fresh.close()


def test_a_short_passphrase_or_none_writes_nothing(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.reading() as session:
        with pytest.raises(UserError, match="needs a passphrase"):
            export(session, Kind.JSON, tmp_path / "a.zip")
        with pytest.raises(UserError, match="at least 8 characters"):
            export(session, Kind.JSON, tmp_path / "a.zip", passphrase="short")
    assert not (tmp_path / "a.zip").exists()


def test_archives_that_are_not_ours_or_too_big_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(UserError, match="not an img-crm archive"):
        json_archive.read_archive(other, SECRET)
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("img-crm.json", "{}")
    with pytest.raises(UserError, match="is not encrypted"):
        json_archive.read_archive(plain, SECRET)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("img-crm.json", b"\0" * (json_archive.MAX_BYTES + 1))
    with pytest.raises(UserError, match="unpacks to more than"):
        json_archive.read_archive(bomb, SECRET)
    (tmp_path / "garbage.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(UserError, match="not a readable archive"):
        json_archive.read_archive(tmp_path / "garbage.zip", SECRET)


def test_the_command_line_writes_and_restores_an_archive(data_dir: Path, tmp_path: Path) -> None:
    assert run_cli("demo", data_dir=data_dir).returncode == 0
    secret = passphrase_file(tmp_path / "secret", SECRET)
    target = tmp_path / "all.zip"
    made = run_cli(
        "export", "json", str(target), "--archive-passphrase-file", str(secret), data_dir=data_dir
    )
    assert made.returncode == 0, made.stderr
    asked = run_cli("export", "json", str(tmp_path / "b.zip"), data_dir=data_dir)
    assert asked.returncode == 1 and "--archive-passphrase-file" in asked.stderr
    fresh = tmp_path / "fresh"
    assert run_cli("init", data_dir=fresh).returncode == 0
    restored = run_cli(
        "import", str(target), "--archive-passphrase-file", str(secret), data_dir=fresh
    )
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout
    listed = run_cli("contacts", "list", data_dir=fresh)
    assert "Margaret Hughes" in listed.stdout
