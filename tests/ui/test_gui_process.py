"""The real GUI process: ended by SIGTERM or SIGHUP it closes as File → Quit
does, and while it is open the command line does not restore under it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from img_crm.store.backup import list_backups
from tests.helpers import db as sqlite3
from tests.helpers.cli import run_cli as cli

WORKER = Path(__file__).resolve().parent.parent / "helpers" / "gui_worker.py"
ROOT = Path(__file__).resolve().parents[2]


def _prepared(data_dir: Path) -> None:
    assert cli("demo", data_dir=data_dir).returncode == 0
    con = sqlite3.connect(data_dir / "img-crm.sqlite3")
    con.execute("INSERT INTO setting (key, value) VALUES ('ui.profile_prompted', '1')")
    con.commit()
    con.close()


def _start_gui(data_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    gui = subprocess.Popen(
        [sys.executable, str(WORKER), str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert gui.stdout is not None
    line = gui.stdout.readline()
    if line.strip() != "ready":
        gui.kill()
        pytest.fail(f"the GUI did not start: {line!r} {gui.stderr.read() if gui.stderr else ''}")
    return gui


def _activities(data_dir: Path) -> int:
    con = sqlite3.connect(data_dir / "img-crm.sqlite3")
    try:
        return int(con.execute("SELECT count(*) FROM activity").fetchone()[0])
    finally:
        con.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_closes_the_window_as_quit_does(data_dir: Path, sent: int) -> None:
    _prepared(data_dir)
    before = _activities(data_dir)
    gui = _start_gui(data_dir)
    assert (data_dir / "img-crm.lock").exists()
    gui.send_signal(sent)
    _, err = gui.communicate(timeout=60)
    assert gui.returncode == 0, err  # not -15: it closed itself
    assert _activities(data_dir) == before + 1  # the write it made is committed
    assert [b.reason for b in list_backups(data_dir / "backups")] == ["on-close"]
    assert not (data_dir / "img-crm.lock").exists()  # released
    state = (data_dir / "window.ini").read_text(encoding="utf-8")
    assert "[window]" in state and "geometry=" in state  # the window state was saved


def test_restore_is_refused_while_the_window_has_the_store_open(data_dir: Path) -> None:
    _prepared(data_dir)
    assert cli("backup", data_dir=data_dir).returncode == 0
    backup = next((data_dir / "backups").iterdir())
    gui = _start_gui(data_dir)
    try:
        refused = cli("restore", str(backup), data_dir=data_dir)
        assert refused.returncode == 1
        assert refused.stderr.startswith("img-crm: img-crm is open on this data folder (process")
        assert "quit it first" in refused.stderr and "File → Backups" in refused.stderr
        assert len(list_backups(data_dir / "backups")) == 1  # no safety copy: nothing happened
    finally:
        gui.send_signal(signal.SIGTERM)
        gui.communicate(timeout=60)
    restored = cli("restore", str(backup), data_dir=data_dir)  # once closed, it works
    assert restored.returncode == 0, restored.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_every_file_the_app_writes_is_the_users_alone(data_dir: Path, tmp_path: Path) -> None:
    import stat

    _prepared(data_dir)
    exports = tmp_path / "exports"
    exports.mkdir()
    for args in (
        ["backup"],
        ["export", "evidence", "1", str(exports / "evidence.pdf")],
        ["export", "evidence", "1", str(exports / "evidence.html")],
        ["export", "contacts", str(exports / "contacts.csv")],
        ["export", "json", str(exports / "all.json")],
        ["export", "ics", str(exports / "all.ics")],
    ):
        assert cli(*args, data_dir=data_dir).returncode == 0, args
    gui = _start_gui(data_dir)
    lock = data_dir / "img-crm.lock"
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    gui.send_signal(signal.SIGTERM)
    gui.communicate(timeout=60)
    written = [p for p in [*data_dir.rglob("*"), *exports.iterdir()]]
    assert {p.name for p in written} >= {"window.ini", "backups", "evidence.pdf", "all.json"}
    loose = {
        str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode))
        for p in written
        if stat.S_IMODE(p.stat().st_mode) != (0o700 if p.is_dir() else 0o600)
    }
    assert loose == {}


def test_the_window_paints_before_the_store_layer_loads(data_dir: Path) -> None:
    """The window, its menus and the "Opening…" note are on screen before
    SQLAlchemy, SQLModel and pydantic are imported and before any tab is built."""
    _prepared(data_dir)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    worker = Path(__file__).resolve().parent.parent / "helpers" / "first_paint_worker.py"
    done = subprocess.run(
        [sys.executable, str(worker), str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"loaded": [], "built": []}


def test_the_first_screen_of_contacts_paints_before_the_orm_loads(data_dir: Path) -> None:
    """A user who left the window on Contacts sees the rows read through
    ``sqlite3`` alone: SQLAlchemy, SQLModel and pydantic load after that paint."""
    _prepared(data_dir)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    worker = Path(__file__).resolve().parent.parent / "helpers" / "first_paint_worker.py"
    done = subprocess.run(
        [sys.executable, str(worker), str(data_dir), "contacts"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    con = sqlite3.connect(data_dir / "img-crm.sqlite3")
    contacts = con.execute("SELECT count(*) FROM contact").fetchone()[0]
    con.close()
    assert report == {"loaded": [], "rows": contacts}


@pytest.mark.parametrize(
    ("command", "loads"),
    [
        (["contacts", "list"], []),
        (["contacts", "list", "--json", "--stage", "warm"], []),
        (["export", "contacts", "{out}/c.csv"], []),
        (["export", "contacts", "{out}/c.xlsx"], ["sqlalchemy", "sqlmodel"]),  # through the ORM
    ],
)
def test_a_reading_command_imports_only_what_it_reads_with(
    data_dir: Path, tmp_path: Path, command: list[str], loads: list[str]
) -> None:
    _prepared(data_dir)
    argv = ["--data-dir", str(data_dir), *(part.format(out=tmp_path) for part in command)]
    code = (
        "import sys; from img_crm.cli import main; code = main(sys.argv[1:]); "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'PySide6', 'rapidfuzz') "
        "if m in sys.modules)); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == str(loads)


def test_the_command_line_loads_no_store_layer_to_parse() -> None:
    code = (
        "import sys, img_crm.cli as c; c.build_parser(); print(sorted(m for m in "
        "('sqlalchemy', 'sqlmodel', 'PySide6', 'rapidfuzz') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.stdout.strip() == "[]", done.stderr
