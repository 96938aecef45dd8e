from pathlib import Path

import pytest
from sqlmodel import SQLModel

from img_crm.domain import models  # noqa: F401
from img_crm.errors import DamagedStoreError, StoreError
from img_crm.store import migrations
from img_crm.store.db import open_store
from img_crm.store.inspect import APPLICATION_ID
from img_crm.store.migrations import SCHEMA_VERSION
from tests.helpers import db as sqlite3


def test_migrates_a_new_file_to_the_current_version(data_dir: Path) -> None:
    store = open_store(data_dir)
    store.close()
    con = sqlite3.connect(data_dir / "img-crm.sqlite3")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(SQLModel.metadata.tables) <= tables


def test_models_match_the_migrated_schema(data_dir: Path) -> None:
    open_store(data_dir).close()
    con = sqlite3.connect(data_dir / "img-crm.sqlite3")
    for name, table in SQLModel.metadata.tables.items():
        db_columns = [row[1] for row in con.execute(f'PRAGMA table_info("{name}")')]
        assert db_columns == [c.name for c in table.columns], name


def test_a_newer_file_is_refused_and_left_byte_for_byte(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / "img-crm.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE future (x)")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # a newer img-crm marks it
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer img-crm"):
        open_store(data_dir)
    assert path.read_bytes() == before
    assert not (data_dir / "img-crm.sqlite3-wal").exists()


def test_a_file_that_is_not_a_database_is_moved_aside_byte_for_byte(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / "img-crm.sqlite3"
    path.write_bytes(b"these are not the pages you are looking for" * 100)
    before = path.read_bytes()
    with pytest.raises(DamagedStoreError, match="moved aside") as info:
        open_store(data_dir)
    assert not path.exists()
    damaged = Path(str(info.value.damaged))
    assert damaged.name.endswith(".damaged") and damaged.read_bytes() == before
    assert info.value.backup is None


def test_a_failing_step_rolls_everything_back_after_a_backup(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(data_dir).close()
    path = data_dir / "img-crm.sqlite3"

    def add_column(con: sqlite3.Connection) -> None:
        con.execute("ALTER TABLE contact ADD COLUMN nickname TEXT")

    def broken(con: sqlite3.Connection) -> None:
        raise RuntimeError("step failed")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_column, broken])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 2)
    with pytest.raises(RuntimeError):
        migrations.upgrade(path, backup_dir=data_dir / "backups")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = [row[1] for row in con.execute("PRAGMA table_info(contact)")]
    assert "nickname" not in columns
    backups = list((data_dir / "backups").glob("*.sqlite3"))
    assert len(backups) == 1 and f"before-v{SCHEMA_VERSION}" in backups[0].name


def test_the_sql_splitter_keeps_triggers_whole() -> None:
    script = (
        "CREATE TABLE a(x);\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n"
        "-- trailing comment\n"
    )
    statements = list(migrations._statements(script))
    assert len(statements) == 2
    assert statements[1].endswith("END;")


def test_a_version_1_store_upgrades_to_version_2_keeping_its_data(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir.mkdir()
    path = data_dir / "img-crm.sqlite3"
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        patch.setattr(migrations, "SCHEMA_VERSION", 1)
        migrations.upgrade(path, backup_dir=data_dir / "backups")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO program (name, created_at, updated_at) "
        "VALUES ('Lakeview IM', '2026-01-01', '2026-01-01')"
    )
    con.commit()
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    con.close()
    store = open_store(data_dir)
    store.close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("SELECT name FROM program").fetchall() == [("Lakeview IM",)]
    con.execute("INSERT INTO interview_question (program_id, question) VALUES (1, 'Visas?')")
    (backup,) = (data_dir / "backups").iterdir()
    assert backup.name.endswith(f"before-v1-to-v{SCHEMA_VERSION}.sqlite3")
