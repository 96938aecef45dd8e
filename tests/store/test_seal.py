"""A store sealed at a clean close opens without ``quick_check``; anything
that touched the file makes the check run at open; a sealed store is still
checked before its first write, and a failed check refuses the write."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from img_crm.errors import DamagedStoreError, UserError
from img_crm.store import inspect, seal
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.store.db import open_store


def _sealed(data_dir: Path) -> Path:
    store = open_store(data_dir)
    with store.session() as session:
        add_contact(session, data={"name": "Amara Okafor", "stage": "cold"})
    store.close()
    path = data_dir / "img-crm.sqlite3"
    assert seal.unchanged(path)
    return path


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = inspect._read

    def counting(
        uri: str, *, check: bool = True
    ) -> tuple[int, int, frozenset[str], tuple[str, ...]]:
        if check:
            calls.append(1)
        return real(uri, check=check)

    monkeypatch.setattr(inspect, "_read", counting)
    return calls


def test_a_sealed_store_opens_unchecked_and_is_checked_before_a_write(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _sealed(data_dir)
    checks = _count_checks(monkeypatch)
    answers: list[tuple[str, ...]] = []
    real_quick = inspect.quick_check
    monkeypatch.setattr(
        inspect, "quick_check", lambda p: answers.append(real_quick(p)) or answers[-1]
    )
    store = open_store(data_dir, check_later=True)
    assert checks == [] and answers == []
    with store.reading() as session:
        assert [r.name for r in list_contacts(session)] == ["Amara Okafor"]
    assert answers == []  # reading needs no check
    with store.session() as session:
        add_contact(session, data={"name": "Bo Chen", "stage": "cold"})
    assert answers == [("ok",)]
    store.close()
    assert seal.unchanged(path)
    assert oct(os.stat(path.with_name(path.name + seal.SUFFIX)).st_mode & 0o777) == "0o600"


def test_any_change_to_the_file_makes_the_check_run_at_open(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _sealed(data_dir)
    before = path.stat()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert not seal.unchanged(path)
    checks = _count_checks(monkeypatch)
    open_store(data_dir, check_later=True).close()
    assert checks == [1]


def test_damage_written_under_a_seal_is_found_at_open(data_dir: Path) -> None:
    path = _sealed(data_dir)
    before = path.stat()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page + 8 : page * 3] = b"\xa5" * (page * 2 - 8)  # pages 2-3 overwritten
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # even with the old time
    with pytest.raises(DamagedStoreError):
        open_store(data_dir, check_later=True)


def test_a_failed_check_before_the_first_write_refuses_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _sealed(data_dir)
    monkeypatch.setattr(inspect, "quick_check", lambda p: ("*** in database main ***",))
    store = open_store(data_dir, check_later=True)
    with (
        pytest.raises(UserError, match=r"failed its integrity check.*Nothing was written"),
        store.session() as session,
    ):
        add_contact(session, data={"name": "Never Written", "stage": "cold"})
    store.close()
    assert not seal.unchanged(path)  # the next open checks it, and finds the damage
    monkeypatch.undo()
    store = open_store(data_dir, check_later=True)
    with store.reading() as session:
        assert [r.name for r in list_contacts(session)] == ["Amara Okafor"]
    store.close()


def test_the_background_check_decides_the_seal(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _sealed(data_dir)
    monkeypatch.setattr(inspect, "quick_check", lambda p: ("row 3 missing from index",))
    store = open_store(data_dir, check_later=True)
    store.check_in_background()
    store.close()
    assert not seal.unchanged(path)


def test_a_file_put_in_place_while_open_is_not_sealed(data_dir: Path, tmp_path: Path) -> None:
    path = _sealed(data_dir)
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(path, copy)
    store = open_store(data_dir, check_later=True)
    os.replace(copy, path)
    store.close()
    assert not seal.unchanged(path)


def test_an_unsaved_log_breaks_the_seal(data_dir: Path) -> None:
    path = _sealed(data_dir)
    path.with_name(path.name + "-wal").write_bytes(b"\0" * 32)
    assert not seal.unchanged(path)
