"""Backups: checked copies, retention, restore, and start-up recovery from damage."""

from __future__ import annotations

import os
import stat
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from img_crm import clock
from img_crm.errors import DamagedStoreError, UserError
from img_crm.services.backups import backup_now, restore
from img_crm.store.backup import list_backups, prune, retained, timestamped_name
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store, open_store
from tests.helpers import db as sqlite3
from tests.helpers.protect import KINDS


@pytest.fixture(params=KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    """Every test here runs on a plain and on a protected store (issue #23)."""
    return str(request.param)


def test_a_backup_is_a_checked_private_copy(demo_store: Store, data_dir: Path) -> None:
    path = backup_now(data_dir)
    assert path.parent == data_dir / "backups" and path.name.endswith("-manual.sqlite3")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == 24
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert not list((data_dir / "backups").glob(".*partial"))


def test_retention_keeps_recent_daily_weekly_and_monthly(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 11, 22, 18, 0)
    for hours in range(0, 24 * 400, 6):  # four a day for 400 days
        (folder / timestamped_name("auto", start - timedelta(hours=hours))).write_bytes(b"x")
    before = list_backups(folder)
    keep = retained(before)
    removed = prune(folder)
    after = list_backups(folder)
    assert len(after) == len(keep) == len(before) - len(removed)
    assert after[0].when == start  # the newest is always kept
    assert 25 <= len(after) <= 10 + 12 + 10 + 9
    days = {b.when.date() for b in after}
    assert len({d for d in days if (start.date() - d).days < 12}) == 12
    months = {(b.when.year, b.when.month) for b in after}
    assert len(months) >= 9
    prune(folder)
    assert len(list_backups(folder)) == len(after)  # pruning is stable


def test_restore_backs_up_first_and_brings_back_the_old_rows(
    demo_store: Store, data_dir: Path
) -> None:
    snapshot = backup_now(data_dir)
    with demo_store.session() as session:
        add_contact(session, data={"name": "Added after the backup"})
    demo_store.engine.dispose()
    safety = restore(data_dir, snapshot)
    assert "before-restore" in safety.name and safety.exists() and snapshot.exists()
    reopened = open_store(data_dir)
    with reopened.session() as session:
        names = {r.name for r in list_contacts(session)}
    assert len(names) == 24 and "Added after the backup" not in names
    con = sqlite3.connect(safety)
    assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == 25


def test_restore_refuses_a_damaged_backup(store: Store, data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(UserError):
        restore(data_dir, bad)


def test_a_truncated_store_is_moved_aside_and_the_newest_good_backup_offered(
    demo_store: Store, data_dir: Path
) -> None:
    good = backup_now(data_dir)
    corrupt = (
        data_dir / "backups" / timestamped_name("auto", clock.local_now() + timedelta(hours=1))
    )
    corrupt.write_bytes(b"not a database at all")
    demo_store.close()
    path = data_dir / "img-crm.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 3])  # a crash in the middle of a copy, say
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with pytest.raises(DamagedStoreError) as info:
        open_store(data_dir)
    assert not path.exists()
    assert Path(str(info.value.damaged)).read_bytes() == raw[: len(raw) // 3]
    assert info.value.backup == good  # the corrupt newer one is passed over
    assert restore(data_dir, good) is None  # nothing was left to back up
    with open_store(data_dir).session() as session:
        assert len(list_contacts(session)) == 24


def test_backups_made_in_the_same_second_list_newest_first(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    moment = datetime(2026, 11, 22, 6, 0, 0)
    older = folder / timestamped_name("auto", moment)
    newer = folder / timestamped_name("on-close", moment)
    older.write_bytes(b"a")
    newer.write_bytes(b"b")
    os.utime(older, ns=(1_000_000_000, 1_000_000_000))
    os.utime(newer, ns=(2_000_000_000, 2_000_000_000))
    assert [b.reason for b in list_backups(folder)] == ["on-close", "auto"]
