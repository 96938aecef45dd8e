import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from img_crm.errors import UserError
from img_crm.services.demo import load_demo
from img_crm.services.json_io import write_store_json
from img_crm.store.contact_rows import list_contacts
from img_crm.store.db import Store
from img_crm.store.migrations import SCHEMA_VERSION
from img_crm.store.stages import stage_counts


def test_demo_is_realistic(store: Store) -> None:
    with store.session() as session:
        summary = load_demo(session, today=date(2026, 11, 22))
        rows = list_contacts(session)
        counts = stage_counts(session)
    assert summary.contacts >= 20 and summary.programs >= 10
    assert summary.activities >= 50 and summary.letters == 4
    assert all(count > 0 for count in counts.values())
    names = " ".join(r.name for r in rows)
    for sample in ("ễ", "م", "क", "王", "Е"):
        assert sample in names


def test_demo_refuses_a_store_with_data(demo_store: Store) -> None:
    with demo_store.session() as session:
        before = len(list_contacts(session))
        with pytest.raises(UserError, match="already has data"):
            load_demo(session)
    with demo_store.session() as session:
        assert len(list_contacts(session)) == before


def test_json_export_holds_every_table_and_row(demo_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    with demo_store.session() as session:
        counts = write_store_json(session, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "img-crm"
    assert document["schema_version"] == SCHEMA_VERSION
    assert set(document["tables"]) == set(SQLModel.metadata.tables) - {"attachment_file"}
    assert document["files"] == []  # the demo attaches nothing; files are not a table
    contact = document["tables"]["contact"]
    assert len(contact["rows"]) == counts["contact"] >= 20
    assert contact["columns"][:2] == ["id", "name"]
    assert any(row[1] == "王小明" for row in contact["rows"])
    assert len(document["tables"]["activity"]["rows"]) >= 50


def test_json_export_is_deterministic(demo_store: Store, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    with demo_store.session() as session:
        write_store_json(session, first)
        write_store_json(session, second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8").count("\n") > 200  # one row per line
