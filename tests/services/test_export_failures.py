"""A failed export never damages the previous file, and says why."""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import pytest

from img_crm import cli
from img_crm.errors import UserError
from img_crm.services import atomic
from img_crm.services.csv_io import write_contacts_csv
from img_crm.store.contact_rows import list_contacts
from img_crm.store.db import Store


def test_a_read_only_folder_is_reported_and_the_old_file_kept(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "contacts.csv"
    target.write_text("previous\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with demo_store.session() as session:
        rows = list_contacts(session)
    with pytest.raises(UserError, match="permission denied"):
        write_contacts_csv(rows, target)
    assert target.read_text(encoding="utf-8") == "previous\n"


def test_a_write_that_fails_half_way_keeps_the_old_file(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "contacts.csv"
    target.write_text("previous\n", encoding="utf-8")
    real_fsync = atomic.os.fsync

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with demo_store.session() as session:
        rows = list_contacts(session)
    with pytest.raises(OSError, match="No space left"):
        write_contacts_csv(rows, target)
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".contacts")] == []


def test_the_cli_says_why_an_export_failed(
    demo_store: Store,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "contacts.csv"
    target.write_text("previous\n", encoding="utf-8")
    monkeypatch.setattr(
        tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "denied"))
    )
    code = cli.main(["--data-dir", str(data_dir), "export", "contacts", str(target)])
    assert code == 1
    assert "permission denied" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "previous\n"


def test_the_cli_reports_a_full_disk_without_a_traceback(
    demo_store: Store,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "all.json"
    target.write_text("previous\n", encoding="utf-8")
    monkeypatch.setattr(
        atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device"))
    )
    code = cli.main(["--data-dir", str(data_dir), "export", "json", str(target)])
    err = capsys.readouterr().err
    assert code == 1 and "No space left on device" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "previous\n"
