"""Every released schema version, opened from a real file and migrated to today's.

``tests/data/store-vN.sqlite3`` stands for a user's file written by version N
(made once by ``scripts/make_store_fixture.py`` and never regenerated); the
expected JSON is what the migrated store must export.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from img_crm.services.json_io import store_document
from img_crm.store import cipher
from img_crm.store.backup import list_backups
from img_crm.store.db import open_store
from img_crm.store.migrations import SCHEMA_VERSION
from tests.helpers.protect import KINDS, protect_in_place

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_released_store_migrates_to_the_expected_export(
    version: int, kind: str, tmp_path: Path
) -> None:
    source = DATA / f"store-v{version}.sqlite3"
    assert source.exists(), f"keep a store file for released schema version {version}"
    shutil.copy(source, tmp_path / "img-crm.sqlite3")
    if kind == "protected":  # the upgrade and its backup, on a SQLCipher file
        protect_in_place(tmp_path)
    store = open_store(tmp_path)
    with store.session() as session:
        document = store_document(session)
    store.close()
    expected = json.loads((DATA / f"store-v{version}.expected.json").read_text(encoding="utf-8"))
    assert document["schema_version"] == expected["schema_version"] == SCHEMA_VERSION
    assert document["tables"] == expected["tables"]
    assert document["files"] == expected.get("files", [])  # attached files (version 10)
    if version < SCHEMA_VERSION:
        backups = list_backups(tmp_path / "backups")
        assert backups and backups[0].reason == f"before-v{version}-to-v{SCHEMA_VERSION}"
    if kind == "protected":
        assert not cipher.is_plain(tmp_path / "img-crm.sqlite3")
        assert all(not cipher.is_plain(b.path) for b in list_backups(tmp_path / "backups"))
        cipher.forget_all()


def test_a_json_export_of_an_earlier_version_restores_as_its_store_migrates(
    tmp_path: Path,
) -> None:
    """``export-v3.json`` is what img-crm 0.1 exported from ``store-v3``: it
    restores into today's store with what migrating that store gives."""
    from img_crm.services.json_io import restore_store_json

    document = json.loads((DATA / "export-v3.json").read_text(encoding="utf-8"))
    assert document["schema_version"] == 3 < SCHEMA_VERSION
    store = open_store(tmp_path)
    with store.session() as session:
        restore_store_json(session, document)
    with store.reading() as session:
        restored = store_document(session)
    store.close()
    expected = json.loads((DATA / "store-v3.expected.json").read_text(encoding="utf-8"))
    assert restored["tables"] == expected["tables"]


def test_version_4_moves_a_linkedin_connection_date_out_of_first_contacted(
    tmp_path: Path,
) -> None:
    """Earlier LinkedIn imports stored "Connected On" as first contact, which
    made a whole network late; only untouched LinkedIn contacts are moved."""
    from tests.helpers import db as sqlite3

    target = tmp_path / "img-crm.sqlite3"
    shutil.copy(DATA / "store-v3.sqlite3", target)
    con = sqlite3.connect(target)
    con.executescript(
        "INSERT INTO contact (id, name, stage, first_contacted, created_at, updated_at) VALUES "
        "(10, 'Imported', 'cold', '2024-02-05', '2026-01-01 10:00:00', '2026-01-01 10:00:00'),"
        "(11, 'Written to', 'cold', '2024-02-06', '2026-01-01 10:00:00', '2026-01-01 10:00:00');"
        "INSERT INTO contact_tag VALUES (10, 'linkedin'), (11, 'linkedin');"
        "INSERT INTO activity (occurred_on, kind, contact_id, created_at) VALUES "
        "('2026-01-02', 'outreach-sent', 11, '2026-01-02 10:00:00');"
    )
    con.commit()
    con.close()
    store = open_store(tmp_path)
    from img_crm.store.contact_rows import get_contact

    with store.reading() as session:
        imported = get_contact(session, contact_id=10)
        written = get_contact(session, contact_id=11)
        khai = get_contact(session, contact_id=1)  # not from LinkedIn: left alone
    store.close()
    assert (imported.first_contacted, imported.connected_on) == (None, date(2024, 2, 5))
    assert (written.first_contacted, written.connected_on) == (date(2024, 2, 6), None)
    assert khai.first_contacted == date(2026, 3, 1) and khai.connected_on is None
