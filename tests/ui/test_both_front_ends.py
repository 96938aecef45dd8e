"""Each use case run once from the command line and once through the window, on
two copies of the same store: the stores (and the files written) must agree.

The CLI and the GUI are both thin callers of one service per use case
(``services/``); this is the test that keeps them so. Only what honestly differs
is set aside: the moments rows were written, and the window's own flags
(``ui.*`` settings, e.g. that the welcome page was seen).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from img_crm.services import importer
from img_crm.services.demo import load_demo
from img_crm.services.duplicates import likely_pairs
from img_crm.services.exports import Kind
from img_crm.services.json_io import store_document
from img_crm.store.backup import timestamped_name
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.store.db import open_store
from img_crm.ui.main_window import MainWindow
from img_crm.ui.ops import Ops
from img_crm.ui.views.backups_dialog import BackupsDialog
from img_crm.ui.views.duplicates_dialog import DuplicatesDialog, MergeDialog
from img_crm.ui.views.import_dialog import ImportDialog
from tests.helpers.cli import run_cli

MakeWindow = Callable[..., MainWindow]
MOMENTS = frozenset({"created_at", "updated_at"})


def _state(folder: Path) -> dict[str, Any]:
    """Every table of the store in ``folder``, moments of writing masked."""
    store = open_store(folder)
    try:
        with store.reading() as session:
            tables = store_document(session)["tables"]
    finally:
        store.close()
    for name, table in tables.items():
        masked = [i for i, column in enumerate(table["columns"]) if column in MOMENTS]
        for row in table["rows"]:
            for i in masked:
                row[i] = "<moment>"
        if name == "setting":
            table["rows"] = [r for r in table["rows"] if not str(r[0]).startswith("ui.")]
    return tables


def _twins(tmp_path: Path, build: Callable[[Path], None]) -> tuple[Path, Path]:
    """Two folders holding the same store: one for the CLI, one for the window."""
    cli_dir, gui_dir = tmp_path / "cli", tmp_path / "gui"
    build(cli_dir)
    shutil.copytree(cli_dir, gui_dir)
    return cli_dir, gui_dir


def _sample(folder: Path) -> None:
    store = open_store(folder)
    with store.session() as session:
        load_demo(session)
    store.close()


def _ops(folder: Path) -> Ops:
    return Ops(open_store(folder))


def _ok(*args: str, data_dir: Path) -> str:
    ran = run_cli(*args, data_dir=data_dir)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def test_demo_from_either_front_end_is_the_same_store(
    tmp_path: Path, make_window: MakeWindow
) -> None:
    cli_dir, gui_dir = _twins(tmp_path, lambda folder: open_store(folder).close())
    _ok("demo", data_dir=cli_dir)
    ops = _ops(gui_dir)
    window = make_window(ops)
    window.load_sample()
    ops.store.close()
    cli, gui = _state(cli_dir), _state(gui_dir)
    assert len(cli["contact"]["rows"]) > 10 and len(cli["activity"]["rows"]) > 50
    assert cli == gui


def test_merge_from_either_front_end_is_the_same_store(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog's defaults are the command line's choices: the kept record's
    values, the other's where the kept one has none, both records' notes."""

    def build(folder: Path) -> None:
        _sample(folder)
        store = open_store(folder)
        with store.session() as session:
            first = list_contacts(session)[0]
            add_contact(
                session,
                data={
                    "name": first.name,
                    "institution": first.institution,
                    "email": "",
                    "phone": "+1 555 0100",
                    "notes": "Met at the grand rounds.",
                },
            )
        store.close()

    cli_dir, gui_dir = _twins(tmp_path, build)
    ops = _ops(gui_dir)
    with ops.reading() as session:
        pairs, _ = likely_pairs(session)
    assert pairs
    keep, other = pairs[0].first_id, pairs[0].second_id
    _ok("contacts", "merge", str(keep), str(other), data_dir=cli_dir)

    monkeypatch.setattr(MergeDialog, "exec", lambda self: 1)  # Merge with the defaults
    dialog = DuplicatesDialog(ops)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert dialog.model.row_at(0).first.id == keep
    dialog.merge_selected()
    ops.store.close()

    cli, gui = _state(cli_dir), _state(gui_dir)
    columns = cli["contact"]["columns"]
    row = next(r for r in cli["contact"]["rows"] if r[0] == keep)
    kept = dict(zip(columns, row, strict=True))
    assert "Met at the grand rounds." in kept["notes"] and kept["phone"] == "+1 555 0100"
    assert all(r[0] != other for r in cli["contact"]["rows"])
    assert cli == gui


def test_import_from_either_front_end_is_the_same_store(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli_dir, gui_dir = _twins(tmp_path, _sample)
    store = open_store(cli_dir)
    with store.reading() as session:
        known = next(c for c in list_contacts(session) if c.email)
    store.close()
    source = tmp_path / "Connections.csv"
    source.write_text(
        'Notes:\n"Exported by LinkedIn"\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Amara,Okafor,,amara@example.org,Lagos University Teaching Hospital,Registrar,"
        "02 Mar 2026\n"
        f"Someone,Else,,{known.email},Elsewhere,Attending,14 Jan 2025\n"
        "Lê,Văn Thành,,,Bach Mai Hospital,Resident,30 Nov 2026\n",
        encoding="utf-8",
    )
    _ok("import", str(source), "--on-duplicate", "merge", data_dir=cli_dir)

    ops = _ops(gui_dir)
    monkeypatch.setattr(ImportDialog, "tell", lambda self, message: None)
    dialog = ImportDialog(ops, source)
    qtbot.addWidget(dialog)
    box = dialog.default_action
    box.setCurrentIndex(box.findData(importer.OnDuplicate.MERGE.value))
    dialog.review()
    dialog.run_import()
    ops.store.close()

    cli, gui = _state(cli_dir), _state(gui_dir)
    names = [row[1] for row in cli["contact"]["rows"]]
    assert "Amara Okafor" in names and "Lê Văn Thành" in names
    assert cli == gui


def test_restore_from_either_front_end_is_the_same_store(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli_dir, gui_dir = _twins(tmp_path, _sample)
    before = _state(cli_dir)
    backup = tmp_path / "before.sqlite3"
    _ok("backup", str(backup), data_dir=cli_dir)
    for folder in (cli_dir, gui_dir):
        _ok("contacts", "add", "--name", "Added after the backup", data_dir=folder)
    _ok("restore", str(backup), data_dir=cli_dir)

    (gui_dir / "backups").mkdir(exist_ok=True)
    shutil.copy2(backup, gui_dir / "backups" / timestamped_name("manual"))
    ops = _ops(gui_dir)
    monkeypatch.setattr(BackupsDialog, "confirm", lambda self, info: True)
    monkeypatch.setattr(BackupsDialog, "tell", lambda self, message: None)
    dialog = BackupsDialog(ops)
    qtbot.addWidget(dialog)
    row = next(i for i, info in enumerate(dialog.backups) if info.reason == "manual")
    dialog.table.selectRow(row)
    dialog.restore_selected()
    ops.store.close()

    cli, gui = _state(cli_dir), _state(gui_dir)
    assert cli == before
    assert cli == gui


def test_a_json_restore_from_either_front_end_is_the_same_store(
    tmp_path: Path, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "source"
    _sample(source)
    document = tmp_path / "everything.json"
    _ok("export", "json", str(document), data_dir=source)
    cli_dir, gui_dir = _twins(tmp_path, lambda folder: open_store(folder).close())
    _ok("import", str(document), data_dir=cli_dir)

    ops = _ops(gui_dir)
    window = make_window(ops)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    window.transfers.import_path(document)
    ops.store.close()

    cli, gui = _state(cli_dir), _state(gui_dir)
    assert cli == _state(source)
    assert cli == gui


#: Lines that hold the moment a file was written, not what it says.
STAMPS = re.compile(rb"^(DTSTAMP|PRODID|REV)[:;].*$|\"exported_at\": \"[^\"]*\"", re.MULTILINE)

EXPORTS = [
    (Kind.CONTACTS, "contacts.csv"),
    (Kind.VCARD, "contacts.vcf"),
    (Kind.ICS, "calendar.ics"),
    (Kind.ACTIVITIES, "activities.csv"),
    (Kind.LETTERS, "letters.csv"),
    (Kind.PROGRAMS, "programs.csv"),
    (Kind.JSON, "everything.json"),
    (Kind.EXPERIENCES, "experiences.csv"),
    (Kind.EXPERIENCES, "experiences.html"),
]


def test_every_export_from_either_front_end_writes_the_same_file(
    tmp_path: Path, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    _sample(folder)
    ops = _ops(folder)
    window = make_window(ops)
    chosen: list[Path] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(chosen[-1]), "")
    )
    for kind, name in EXPORTS:
        by_cli, by_gui = tmp_path / "cli" / name, tmp_path / "gui" / name
        by_cli.parent.mkdir(exist_ok=True)
        by_gui.parent.mkdir(exist_ok=True)
        _ok("export", kind.value, str(by_cli), data_dir=folder)
        chosen.append(by_gui)
        window.transfers.export(kind)
        written = STAMPS.sub(b"<stamp>", by_cli.read_bytes())
        assert len(written) > 200, name
        assert written == STAMPS.sub(b"<stamp>", by_gui.read_bytes()), name

    with ops.reading() as session:
        person = list_contacts(session)[0].id
    by_cli, by_gui = tmp_path / "cli" / "evidence.html", tmp_path / "gui" / "evidence.html"
    _ok("export", "evidence", str(person), str(by_cli), data_dir=folder)
    chosen.append(by_gui)
    window.transfers.export_evidence(person)
    assert by_cli.read_bytes() == by_gui.read_bytes()
    ops.store.close()
