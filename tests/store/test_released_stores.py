"""Every released schema version, opened from a real file and migrated to today's.

``tests/data/store-vN.sqlite3`` stands for a user's file written by version N
(made once by ``scripts/make_store_fixture.py`` and never regenerated); the
expected JSON is what the migrated store must export.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from img_crm.services.json_io import store_document
from img_crm.store.backup import list_backups
from img_crm.store.db import open_store
from img_crm.store.migrations import SCHEMA_VERSION

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_released_store_migrates_to_the_expected_export(version: int, tmp_path: Path) -> None:
    source = DATA / f"store-v{version}.sqlite3"
    assert source.exists(), f"keep a store file for released schema version {version}"
    shutil.copy(source, tmp_path / "img-crm.sqlite3")
    store = open_store(tmp_path)
    with store.session() as session:
        document = store_document(session)
    store.close()
    expected = json.loads((DATA / f"store-v{version}.expected.json").read_text(encoding="utf-8"))
    assert document["schema_version"] == expected["schema_version"] == SCHEMA_VERSION
    assert document["tables"] == expected["tables"]
    if version < SCHEMA_VERSION:
        backups = list_backups(tmp_path / "backups")
        assert backups and backups[0].reason == f"before-v{version}-to-v{SCHEMA_VERSION}"
