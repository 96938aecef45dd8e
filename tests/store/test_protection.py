"""A passphrase-protected store (issue #23), on real SQLCipher files.

Each test reads the bytes of every file in the data folder (the store, its
write-ahead log, each backup) for the contacts' names."""

from __future__ import annotations

from pathlib import Path

import pytest

from img_crm import paths
from img_crm.errors import LockedStoreError, UserError
from img_crm.services import backups, protection
from img_crm.services.demo import load_demo
from img_crm.store import backup, cipher
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store, open_store
from img_crm.store.sqlite import dbapi
from tests.helpers.protect import (
    PASSPHRASE,
    as_a_new_process,
    files_of,
    plain_text_in,
)


@pytest.fixture(autouse=True)
def _no_keys_left() -> object:
    yield
    cipher.forget_all()


def _names(store: Store) -> list[str]:
    with store.plain() as con:
        return [row.name for row in list_contacts(con)]


def _demo(data_dir: Path) -> tuple[Store, list[str]]:
    store = open_store(data_dir)
    with store.session() as session:
        load_demo(session)
    backup.make_backup(store.path, paths.backups_dir(data_dir), "manual")
    return store, _names(store)


def test_protecting_leaves_no_plain_text_in_the_store_its_log_or_its_backups(
    data_dir: Path,
) -> None:
    store, names = _demo(data_dir)
    assert plain_text_in(files_of(data_dir), names[:3])  # the check can fail: plain before
    assert protection.protect(store, PASSPHRASE) == 0
    assert _names(store) == names  # the open store reads on, now protected
    with store.session() as session:
        add_contact(session, data={"name": "Zanele Okonkwo-Mthembu"})
    # Before the log is checkpointed: the new name is in the -wal, encrypted.
    assert (data_dir / "img-crm.sqlite3-wal").stat().st_size > 0
    backup.make_backup(store.path, paths.backups_dir(data_dir), "manual")
    everything = [*names, "Zanele Okonkwo-Mthembu", PASSPHRASE]
    assert plain_text_in(files_of(data_dir), everything) == []
    store.close()
    assert plain_text_in(files_of(data_dir), everything) == []
    assert not cipher.is_plain(paths.store_path(data_dir))
    for info in backups.backups_of(data_dir):
        assert not cipher.is_plain(info.path)
    assert not [p.name for p in data_dir.iterdir() if p.name.endswith((".converting", ".partial"))]


def test_a_protected_store_opens_only_with_its_passphrase(data_dir: Path) -> None:
    store, names = _demo(data_dir)
    protection.protect(store, PASSPHRASE)
    store.close()
    as_a_new_process()
    with pytest.raises(LockedStoreError):
        open_store(data_dir)
    with pytest.raises(UserError) as wrong:
        protection.unlock(data_dir, "not the passphrase")
    assert str(wrong.value) == (
        "That passphrase does not open the store; nothing was changed. Try again."
    )
    # A wrong passphrase is not damage: nothing was moved aside, the store is there.
    assert sorted(p.name for p in data_dir.glob("*.damaged")) == []
    protection.unlock(data_dir, PASSPHRASE)
    again = open_store(data_dir)
    try:
        assert _names(again) == names
    finally:
        again.close()


def test_the_file_is_standard_sqlcipher_and_opens_with_the_passphrase_elsewhere(
    data_dir: Path,
) -> None:
    store, names = _demo(data_dir)
    protection.protect(store, PASSPHRASE)
    store.close()
    # SQLCipher's own derivation from the passphrase, as DB Browser for SQLite does it.
    con = dbapi.connect(str(paths.store_path(data_dir)))
    con.execute(f"PRAGMA key = '{PASSPHRASE}'")
    assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == len(names)
    con.close()
    marker = (data_dir / cipher.MARKER).read_text(encoding="utf-8")
    assert PASSPHRASE not in marker
    assert cipher.derive(
        PASSPHRASE, cipher.header(paths.store_path(data_dir))
    ).secret.hex() not in (marker)


def test_changing_the_passphrase_changes_it_for_the_backups_too(data_dir: Path) -> None:
    store, names = _demo(data_dir)
    protection.protect(store, PASSPHRASE)
    with pytest.raises(UserError, match="does not open"):
        protection.change(store, "wrong one", "a new passphrase")
    protection.change(store, PASSPHRASE, "a new passphrase")
    assert _names(store) == names
    store.close()
    as_a_new_process()
    with pytest.raises(UserError, match="does not open"):
        protection.unlock(data_dir, PASSPHRASE)
    protection.unlock(data_dir, "a new passphrase")
    for info in backups.backups_of(data_dir):
        assert cipher.key_of(info.path) is not None  # under the new key
        assert backup.describe(info.path).endswith(f"{len(names)} contacts)")
    assert plain_text_in(files_of(data_dir), names) == []


def test_removing_the_passphrase_makes_every_file_plain_again(data_dir: Path) -> None:
    store, names = _demo(data_dir)
    protection.protect(store, PASSPHRASE)
    with pytest.raises(UserError, match="does not open"):
        protection.remove(store, "wrong one")
    protection.remove(store, PASSPHRASE)
    assert _names(store) == names
    store.close()
    as_a_new_process()
    assert not protection.is_protected(data_dir)
    assert not (data_dir / cipher.MARKER).exists()
    again = open_store(data_dir)
    again.close()
    assert cipher.is_plain(paths.store_path(data_dir))
    assert all(cipher.is_plain(info.path) for info in backups.backups_of(data_dir))


def test_a_passphrase_too_short_or_mistyped_is_refused_and_nothing_changes(
    data_dir: Path,
) -> None:
    store, names = _demo(data_dir)
    with pytest.raises(UserError, match="at least 8 characters"):
        protection.protect(store, "short")
    with pytest.raises(UserError, match="not the same"):
        protection.check_new("long enough one", "long enough 0ne")
    store.close()
    assert cipher.is_plain(paths.store_path(data_dir))
    assert not (data_dir / cipher.MARKER).exists()
    again = open_store(data_dir)
    assert _names(again) == names
    again.close()


def test_a_backup_from_before_the_passphrase_restores_after_a_warning(data_dir: Path) -> None:
    store, names = _demo(data_dir)
    old = data_dir.parent / "plain-backup.sqlite3"
    backups.backup_now(data_dir, old)
    protection.protect(store, PASSPHRASE)
    with store.session() as session:
        add_contact(session, data={"name": "Added After"})
    warning = protection.restore_warning(old, data_dir)
    assert warning is not None and "not protected" in warning
    backups.restore_open_store(store, old)
    assert _names(store) == names  # the row added after is gone, as restoring means
    store.close()
    assert not cipher.is_plain(paths.store_path(data_dir))  # still protected
    assert plain_text_in(files_of(data_dir), names) == []


def test_a_backup_under_another_passphrase_asks_for_that_one(
    data_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    store, names = _demo(other)
    protection.protect(store, "the other passphrase")
    copy = tmp_path / "from-the-other.sqlite3"
    backups.backup_now(other, copy)
    store.close()
    as_a_new_process()
    mine = open_store(data_dir)
    protection.protect(mine, PASSPHRASE)
    assert protection.backup_needs_passphrase(copy)
    with pytest.raises(UserError, match="protected with a passphrase img-crm was not given"):
        backups.restore_open_store(mine, copy)
    with pytest.raises(UserError, match="does not open"):
        protection.unlock_backup(copy, PASSPHRASE)
    protection.unlock_backup(copy, "the other passphrase")
    backups.restore_open_store(mine, copy)
    assert _names(mine) == names
    mine.close()
    as_a_new_process()
    protection.unlock(data_dir, PASSPHRASE)  # the store keeps its own passphrase
    again = open_store(data_dir)
    assert _names(again) == names
    again.close()
