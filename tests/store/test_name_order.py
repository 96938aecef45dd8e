"""The name order the triggers keep (data version 7) always equals
``sort_key`` of every contact's name, whatever wrote the contacts, and the
first screen read from its index is the first rows of the full sort."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from img_crm.domain.contacts import normalize_contact
from img_crm.domain.text import sort_key
from img_crm.services.duplicates import merge
from img_crm.services.json_io import restore_store_json, store_document
from img_crm.store import migrations, snapshots
from img_crm.store.contact_rows import first_by_name, list_contacts
from img_crm.store.contacts import add_contact, delete_contacts, insert_contacts, update_contact
from img_crm.store.db import Store, open_store
from tests.helpers import db as sqlite3

DATA = Path(__file__).resolve().parent.parent / "data"

NAMES = [
    "Zoë Ålvarez",
    "zoe alvarez",
    "Émile Durand",
    "Emma Stone",
    "Nguyễn Thị Minh Khai",
    "Ngozi Okafor",
    "محمد الأحمد",
    "فاطمة الزهراء",
    "अनन्या शर्मा",
    "王芳",
    "Ørsted Lund",
    "Oscar Ortiz",
    "Łukasz Nowak",
    "Lucia Novak",
    "  Ana   Smith ",
    "ana smith",
]


def _order(con: sqlite3.Connection) -> dict[int, str]:
    return dict(con.execute("SELECT contact_id, folded FROM contact_name_order").fetchall())


def _expected(con: sqlite3.Connection) -> dict[int, str]:
    return {cid: sort_key(name)[0] for cid, name in con.execute("SELECT id, name FROM contact")}


def _check(store: Store) -> None:
    with store.plain() as con:
        assert _order(con) == _expected(con)


def test_every_write_keeps_the_order_equal_to_sort_key(store: Store) -> None:
    chance = random.Random(20261201)
    with store.session() as session:
        ids = [add_contact(session, data={"name": name}) for name in NAMES[:6]]
        ids += insert_contacts(session, rows=[normalize_contact({"name": n}) for n in NAMES[6:]])
    _check(store)
    for _ in range(40):
        with store.session() as session:
            target = chance.choice(ids)
            update_contact(session, contact_id=target, changes={"name": chance.choice(NAMES)})
    _check(store)
    with store.session() as session:
        before = snapshots.capture(session, contact_ids=ids[:3])
        for cid in ids[:3]:
            update_contact(session, contact_id=cid, changes={"name": "Renamed Then Undone"})
    with store.session() as session:  # an undo writes the rows back in place
        snapshots.restore(session, snapshot=before, current_ids=ids[:3])
    _check(store)
    with store.session() as session:
        merge(session, keep_id=ids[3], other_id=ids[4])
        delete_contacts(session, contact_ids=ids[5:8])
    _check(store)
    with store.plain() as con:
        assert set(_order(con)) == set(ids) - {ids[4], *ids[5:8]}


def test_a_json_restore_rebuilds_the_order(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        insert_contacts(session, rows=[normalize_contact({"name": n}) for n in NAMES])
        document = store_document(session)
    fresh = open_store(tmp_path / "restored", start_empty=True)
    try:
        with fresh.session() as session:
            restore_store_json(session, document)
        _check(fresh)
        with fresh.plain() as con:
            assert len(_order(con)) == len(NAMES)
    finally:
        fresh.close()


@pytest.mark.parametrize("descending", [False, True])
def test_the_first_screen_is_the_start_of_the_full_sort(store: Store, descending: bool) -> None:
    with store.session() as session:
        insert_contacts(session, rows=[normalize_contact({"name": n}) for n in NAMES * 3])
    with store.plain() as con:
        everyone = list_contacts(con)
        first = first_by_name(con, limit=10, descending=descending)
    ordered = sorted(everyone, key=lambda row: sort_key(row.name), reverse=descending)
    assert [sort_key(r.name) for r in first] == [sort_key(r.name) for r in ordered[:10]]
    # Names from every script are in it, each once per copy.
    assert len(first) == 10 and len({r.id for r in first}) == 10


def test_an_upgrade_from_version_6_fills_the_order(tmp_path: Path) -> None:
    shutil.copy(DATA / "store-v6.sqlite3", tmp_path / "img-crm.sqlite3")
    opened = open_store(tmp_path)
    try:
        with opened.plain() as con:
            order = _order(con)
            assert order == _expected(con)
            assert len(order) == con.execute("SELECT count(*) FROM contact").fetchone()[0] > 0
    finally:
        opened.close()


def test_a_program_without_the_fold_cannot_add_a_contact(store: Store) -> None:
    """Another program (the sqlite3 shell, say) that does not know the fold is
    refused, rather than leaving a contact out of the name order. It runs as
    its own process on Python's own sqlite3 module: in this process the app's
    driver may already know the fold."""
    outside = (
        "import sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "try:\n"
        '    con.execute("INSERT INTO contact (name, stage, created_at, updated_at) "\n'
        "                \"VALUES ('Outside Writer', 'cold', '2026-01-01', '2026-01-01')\")\n"
        "except sqlite3.OperationalError as error:\n"
        "    print(error)\n"
        "print(con.execute('SELECT count(*) FROM contact').fetchone()[0])\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", outside, str(store.path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == ["no such function: img_name_key", "0"]
    assert migrations.SCHEMA_VERSION >= 7
