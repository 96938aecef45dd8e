"""Single instance, backups from the GUI, automatic backups, damage recovery, no network."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from img_crm.errors import DamagedStoreError
from img_crm.services.backups import backup_now
from img_crm.services.exports import Kind
from img_crm.store.backup import list_backups
from img_crm.store.contact_rows import list_contacts
from img_crm.store.db import Store, open_store
from img_crm.ui.main_window import MainWindow
from img_crm.ui.ops import Ops
from img_crm.ui.store_dialogs import recover, try_lock
from img_crm.ui.views.backups_dialog import BackupsDialog
from tests.helpers.protect import KINDS

MakeWindow = Callable[..., MainWindow]


@pytest.fixture(params=KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    """Every test here runs on a plain and on a protected store (issue #23)."""
    return str(request.param)


def test_a_second_instance_is_refused_and_a_stale_lock_reclaimed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    first, problem = try_lock(folder)
    assert first is not None and problem is None
    assert try_lock(folder) == (None, None)  # held by another: no other problem to tell
    first.unlock()
    # A process that takes the lock and dies without releasing it.
    script = (
        "import os, signal, sys\n"
        "from PySide6.QtCore import QLockFile\n"
        f"lock = QLockFile({str(folder / 'img-crm.lock')!r})\n"
        "assert lock.tryLock(100)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=False)
    assert (folder / "img-crm.lock").exists()
    reclaimed, _ = try_lock(folder)
    assert reclaimed is not None
    reclaimed.unlock()


def test_backups_dialog_backs_up_and_restores(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = BackupsDialog(demo_ops)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    dialog.backup_now()
    assert dialog.table.rowCount() == 1 and "KiB" in dialog.table.item(0, 1).text()
    demo_ops.delete_contacts([1, 2, 3])
    changed: list[bool] = []
    demo_ops.contacts_changed.connect(lambda: changed.append(True))
    monkeypatch.setattr(BackupsDialog, "confirm", lambda self, info: True)
    told: list[str] = []
    monkeypatch.setattr(BackupsDialog, "tell", lambda self, message: told.append(message))
    dialog.table.selectRow(0)
    dialog.restore_selected()
    with demo_ops.reading() as session:
        assert len(list_contacts(session)) == 24
    assert changed and "before-restore" in told[0]
    assert dialog.table.rowCount() == 2


def test_closing_backs_up_when_something_changed(
    qtbot: QtBot, demo_ops: Ops, make_window: MakeWindow, data_dir: Path
) -> None:
    window = make_window(demo_ops)
    demo_ops.dirty = False
    window.close()
    assert list_backups(data_dir / "backups") == []
    window = make_window(demo_ops)
    demo_ops.add_contact({"name": "New"})
    window.auto_backup()  # what the 30-minute timer calls
    assert [b.reason for b in list_backups(data_dir / "backups")] == ["auto"]
    demo_ops.add_contact({"name": "Newer"})
    window.close()
    assert list_backups(data_dir / "backups")[0].reason == "on-close"
    assert window.backup_timer.interval() == 30 * 60 * 1000


def test_damage_recovery_offers_the_newest_backup(
    qtbot: QtBot, demo_store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = backup_now(data_dir)
    demo_store.close()
    (data_dir / "img-crm.sqlite3").write_bytes(b"garbage" * 500)
    for suffix in ("-wal", "-shm"):
        (data_dir / f"img-crm.sqlite3{suffix}").unlink(missing_ok=True)
    with pytest.raises(DamagedStoreError) as info:
        open_store(data_dir)
    assert info.value.backup == good
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    monkeypatch.setattr(
        QMessageBox,
        "clickedButton",
        lambda self: self.buttons()[0],  # "Restore the newest backup"
    )
    store = recover(data_dir, info.value)
    with store.session() as session:
        assert len(list_contacts(session)) == 24


def test_the_gui_opens_no_network_connection(
    qtbot: QtBot, ops: Ops, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[Any] = []
    real_socket = socket.socket

    class Guard(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family: int = socket.AF_INET, *args: Any, **kwargs: Any) -> None:
            if family in (socket.AF_INET, socket.AF_INET6):
                attempts.append((family, args))
                raise OSError("img-crm must not open network connections")
            super().__init__(family, *args, **kwargs)

    monkeypatch.setattr(socket, "socket", Guard)
    window = make_window(ops)
    window.load_sample()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(20)
    target = tmp_path / "contacts.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.transfers.export(Kind.CONTACTS)
    for kind in ("vcard", "ics"):
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *a, k=kind, **kw: (str(tmp_path / f"x.{k}"), "")
        )
        window.transfers.export(Kind(kind))
    assert target.exists() and (tmp_path / "x.ics").exists()
    assert attempts == []
    assert "PySide6.QtNetwork" not in sys.modules
    assert os.environ.get("QT_QPA_PLATFORM") == "offscreen"
