"""The questions opening a store raises in the window: each in sentences, and
nothing done to the user's data they did not choose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from img_crm.app import _open_for_window
from img_crm.errors import UserError
from img_crm.services.backups import backup_now
from img_crm.services.demo import load_demo
from img_crm.store import health
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.store.db import open_store
from img_crm.ui import store_dialogs
from tests.helpers.disks import fill, needs_mount, small_disk


def _click(monkeypatch: pytest.MonkeyPatch, caption: str) -> list[str]:
    """Answer the next message boxes with the button whose text starts with ``caption``."""
    seen: list[str] = []

    def exec_(box: QMessageBox) -> int:
        seen.append(box.text())
        chosen = next(b for b in box.buttons() if b.text().startswith(caption))
        monkeypatch.setattr(QMessageBox, "clickedButton", lambda _self: chosen)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


def _demo(folder: Path) -> None:
    store = open_store(folder)
    with store.session() as session:
        load_demo(session)
    store.close()


@needs_mount
def test_a_full_disk_is_not_already_running_and_opens_read_only(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with small_disk(tmp_path / "disk") as mounted:
        folder = mounted / "data"
        _demo(folder)
        fill(mounted)
        lock, problem = store_dialogs.try_lock(folder)
        assert lock is None and problem is not None
        assert problem.startswith("The disk holding your data is full: free at least")
        seen = _click(monkeypatch, "Open read-only")
        store = _open_for_window(folder, problem)
        assert store is not None and store.read_only == problem
        assert seen and seen[0].startswith(problem)
        assert "already running" not in seen[0]
        with store.reading() as session:
            assert len(list_contacts(session)) == 24  # reads work
        with pytest.raises(UserError, match="is full"), store.session() as session:
            add_contact(session, data={"name": "Ana Lima"})
        store.close()


def test_a_missing_store_offers_the_backup_or_an_empty_one(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _demo(data_dir)
    backup_now(data_dir)
    (data_dir / "img-crm.sqlite3").unlink()
    for suffix in ("-wal", "-shm"):
        (data_dir / f"img-crm.sqlite3{suffix}").unlink(missing_ok=True)
    seen = _click(monkeypatch, "Restore the newest backup")
    store = _open_for_window(data_dir, None)
    assert "though there was one before" in seen[0] and "24 contacts" in seen[0]
    with store.reading() as session:
        assert len(list_contacts(session)) == 24
    store.close()
    (data_dir / "img-crm.sqlite3").unlink()
    for suffix in ("-wal", "-shm"):
        (data_dir / f"img-crm.sqlite3{suffix}").unlink(missing_ok=True)
    _click(monkeypatch, "Start with an empty store")
    store = _open_for_window(data_dir, None)
    with store.reading() as session:
        assert list_contacts(session) == []  # the user chose it
    store.close()
    _click(monkeypatch, "Close")
    (data_dir / "img-crm.sqlite3").unlink()
    for suffix in ("-wal", "-shm"):
        (data_dir / f"img-crm.sqlite3{suffix}").unlink(missing_ok=True)
    assert _open_for_window(data_dir, None) is None
    assert not (data_dir / "img-crm.sqlite3").exists()  # closing made nothing


@pytest.mark.parametrize("choice", ["Open read-only", "Go on with this store", "Restore"])
def test_a_failed_check_asks_before_any_write(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch, choice: str
) -> None:
    _demo(data_dir)
    backup_now(data_dir)
    health.mark_failed(data_dir, health.HealthReport(integrity=["On tree page 3 cell 0: x"]))
    seen = _click(monkeypatch, choice)
    store: Any = _open_for_window(data_dir, None)
    assert "failed its integrity check" in seen[0] and "tree page" not in seen[0]
    if choice == "Open read-only":
        assert store.read_only is not None
        with pytest.raises(UserError, match="failed its integrity check"), store.session() as s:
            add_contact(s, data={"name": "Ana Lima"})
        assert health.failed_check_notice(data_dir) is not None
    else:
        assert store.read_only is None and health.failed_check_notice(data_dir) is None
        with store.session() as session:
            add_contact(session, data={"name": "Ana Lima"})
    store.close()


def test_the_cli_on_a_marked_store_refuses_writes(data_dir: Path) -> None:
    _demo(data_dir)
    health.mark_failed(data_dir, health.HealthReport(integrity=["malformed"]))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "img_crm",
            "--data-dir",
            str(data_dir),
            "contacts",
            "add",
            "--name",
            "Ana Lima",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "failed its integrity check" in result.stderr
