"""A JSON restore checks every value: one hand-edited cell is either refused
with a sentence naming table, row and column (and nothing is written), or it
is a value every screen can read."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel

from img_crm.errors import UserError
from img_crm.services.demo import load_demo
from img_crm.services.json_io import (
    FILES_TABLE,
    read_json_document,
    restore_store_json,
    store_document,
    table_names,
)
from img_crm.services.plan import ensure_plan
from img_crm.store.activities import add_activity
from img_crm.store.contact_rows import list_contacts
from img_crm.store.db import Store, open_store
from img_crm.store.imported import record_imported
from img_crm.store.snoozes import add_snooze
from img_crm.store.templates import ensure_builtins
from tests.helpers.cli import run_cli

HOSTILE: list[Any] = [
    None,
    "",
    " ",
    "x" * 1_000_001,
    "a\x00b",
    "\ud800",
    2**64,
    -1,
    0,
    10**20,
    float("inf"),
    float("nan"),
    True,
    [],
    {},
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "not a date",
    "Infinity",
    1.5,
    "1",
]


def _small(document: dict[str, Any], keep: int = 3) -> dict[str, Any]:
    """At most ``keep`` rows a table whose references all stay inside the export."""
    small = copy.deepcopy(document)
    kept: dict[str, set[Any]] = {FILES_TABLE: {f["sha256"] for f in small.get("files", [])}}
    for name in table_names():
        if name == FILES_TABLE:  # the document's files, not a table
            continue
        table = SQLModel.metadata.tables[name]
        content = small["tables"][name]
        columns = content["columns"]
        refs = {
            c.name: next(iter(c.foreign_keys)).column.table.name
            for c in table.columns
            if c.foreign_keys
        }
        rows = [
            row
            for row in content["rows"]
            if all(
                row[columns.index(col)] is None or row[columns.index(col)] in kept[parent]
                for col, parent in refs.items()
            )
        ][:keep]
        content["rows"] = rows
        if "id" in columns:
            kept[name] = {row[columns.index("id")] for row in rows}
    return small


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    store = open_store(tmp_path_factory.mktemp("source"))
    with store.session() as session:
        load_demo(session, today=date(2026, 11, 22))
        ensure_builtins(session)  # templates and the plan come on first use
        ensure_plan(session, today=date(2026, 11, 22))
        add_activity(
            session,
            data={
                "kind": "outreach-sent",
                "occurred_on": date(2026, 11, 1),
                "contact_id": 1,
                "template_id": 1,
                "description": "First email",
            },
        )
        add_snooze(
            session,
            contact_id=1,
            until=date(2026, 11, 29),
            reason="On nights this week",
            today=date(2026, 11, 22),
        )
        record_imported(session, source="mail", key="first@example.org", contact_id=1)
        _season_rows(session)
        _attachment_rows(session)
        full = store_document(session)
    store.close()
    return _small(full)


def _season_rows(session: Any) -> None:
    """A row in each table of the application season (data version 9)."""
    connection = session.connection()
    for statement in (
        "UPDATE program SET accepts_signals = 1, eras_signal = 'gold', "
        "eras_signal_state = 'planned', applied_on = '2026-09-24' WHERE id = 1",
        "INSERT OR IGNORE INTO invitation (id, program_id, received_at, respond_by, status, "
        "created_at, updated_at) VALUES (1, 1, '2026-10-01 14:00:00', '2026-10-03 14:00:00', "
        "'invited', '2026-10-01 15:00:00', '2026-10-01 15:00:00')",
        "INSERT INTO invitation_date (invitation_id, offered_at) VALUES (1, '2026-11-10 14:00:00')",
        "INSERT INTO invitation_change (invitation_id, changed_at, to_status) VALUES "
        "(1, '2026-10-01 15:00:00', 'invited')",
        "INSERT INTO rank_rating (program_id, criterion_id, rating) VALUES (1, 1, 4)",
        "INSERT INTO rank_entry (list_name, program_id, position) VALUES ('primary', 1, 1)",
        "INSERT INTO rank_change (changed_at, list_name, what) VALUES "
        "('2026-12-01 10:00:00', 'primary', 'added at 1')",
        "INSERT OR REPLACE INTO eligibility_step (key, done_on, score) VALUES "
        "('step-1', '2025-06-01', 'Pass')",
    ):
        connection.exec_driver_sql(statement)


def _attachment_rows(session: Any) -> None:
    """A row in each table of attachments and fields of the user's own (data
    version 10), written as the app writes them."""
    from img_crm.domain.attachments import AttachmentKind, Owner, OwnerKind
    from img_crm.store.attachments import add_attachment
    from img_crm.store.sent_files import mark_sent

    moment = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    first = add_attachment(
        session,
        owner=Owner(OwnerKind.CONTACT, 1),
        name="CV (final) — Đặng.pdf",
        data=b"%PDF-1.4 a CV",
        kind=AttachmentKind.CV,
        now=moment,
    )
    mark_sent(session, attachment_id=first, contact_ids=[2], sent_on=date(2026, 11, 21))
    from img_crm.domain.custom_fields import FieldKind, RecordKind
    from img_crm.services.custom_fields import define, set_by_name

    define(session, record=RecordKind.CONTACT, name="Hours together", kind=FieldKind.NUMBER)
    set_by_name(session, record=RecordKind.CONTACT, record_id=1, values={"Hours together": "76.5"})


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(tmp_path_factory.mktemp("target"))
    yield store
    store.close()


def _read_everything(session: Any) -> None:
    """What the screens and commands read after a restore."""
    from img_crm.services.ical import build_calendar
    from img_crm.services.letters import letters_view
    from img_crm.services.programs import program_view
    from img_crm.services.relationships import contacts_with_status
    from img_crm.services.today import build_today

    list_contacts(session)
    contacts_with_status(session)
    build_today(session, today=date(2026, 11, 22))
    letters_view(session, today=date(2026, 11, 22))
    program_view(session)
    build_calendar(session, today=date(2026, 11, 22)).to_ical()
    json.dumps(store_document(session), allow_nan=False)


def _cells(document: dict[str, Any]) -> Iterator[tuple[str, int, str]]:
    for name, content in document["tables"].items():
        for column in content["columns"]:
            if content["rows"]:
                yield name, 0, column


def test_the_small_export_restores_and_reads(document: dict[str, Any], target: Store) -> None:
    assert all(content["rows"] for content in document["tables"].values())  # every table
    with target.session() as session:
        restore_store_json(session, document)
        _read_everything(session)
        session.rollback()


def test_every_one_cell_edit_is_refused_by_name_or_reads(
    document: dict[str, Any], target: Store
) -> None:
    accepted = refused = 0
    for name, row, column in _cells(document):
        index = document["tables"][name]["columns"].index(column)
        for value in HOSTILE:
            edited = copy.deepcopy(document)
            edited["tables"][name]["rows"][row][index] = value
            with target.session() as session:
                try:
                    restore_store_json(session, edited)
                except UserError as exc:
                    refused += 1
                    message = str(exc)
                    assert message.startswith(f"Table {name}"), (name, column, value, message)
                    assert "x" * 100 not in message  # the value is not echoed
                    session.rollback()
                    assert list_contacts(session) == []  # nothing was written
                    continue
                accepted += 1
                try:
                    _read_everything(session)
                except Exception as exc:  # pragma: no cover - the failure report
                    pytest.fail(f"{name}.{column} = {value!r} restored, then {exc!r}")
                session.rollback()
    assert refused > 1000 and accepted > 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": "img-crm", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ("[" * 100_000 + "]" * 100_000, "not an img-crm export"),
        ('{"format": "img-crm", "schema_version": 3, "tables": {"contact": []}}', "layout"),
        (
            '{"format": "img-crm", "schema_version": 3, "tables": {"contact": '
            '{"columns": [["name"]], "rows": []}}}',
            "does not know: list",
        ),
    ],
)
def test_odd_documents_get_a_sentence(text: str, expected: str, target: Store) -> None:
    with pytest.raises(UserError, match=expected), target.session() as session:
        restore_store_json(session, read_json_document(text))


def test_the_cli_restores_a_hostile_export_never(data_dir: Path, tmp_path: Path) -> None:

    store = open_store(tmp_path / "src")
    with store.session() as session:
        load_demo(session)
        document = store_document(session)
    store.close()
    contact = document["tables"]["contact"]
    contact["rows"][0][contact["columns"].index("id")] = 2**64
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli("import", str(path), data_dir=data_dir)
    assert result.returncode == 1
    assert result.stderr.startswith("img-crm: Table contact, row 1, column id:")
    assert "Traceback" not in result.stderr and "Overflow" not in result.stderr


@pytest.mark.slow
def test_soak_every_cell_of_the_whole_sample(target: Store, tmp_path_factory: Any) -> None:
    """Every cell of the whole sample export, each with one hostile value (seeded)."""
    import random

    store = open_store(tmp_path_factory.mktemp("whole"))
    with store.session() as session:
        load_demo(session, today=date(2026, 11, 22))
        ensure_builtins(session)
        ensure_plan(session, today=date(2026, 11, 22))
        whole = store_document(session)
    store.close()
    rng = random.Random(2026)
    tried = 0
    for name, content in whole["tables"].items():
        for row in range(len(content["rows"])):
            for index, column in enumerate(content["columns"]):
                value = rng.choice(HOSTILE)
                edited = copy.deepcopy(whole)
                edited["tables"][name]["rows"][row][index] = value
                tried += 1
                with target.session() as session:
                    try:
                        restore_store_json(session, edited)
                    except UserError as exc:
                        assert str(exc).startswith(f"Table {name}")
                        session.rollback()
                        continue
                    try:
                        _read_everything(session)
                    except Exception as exc:  # pragma: no cover - the failure report
                        pytest.fail(f"{name}[{row}].{column} = {value!r} restored, then {exc!r}")
                    session.rollback()
    assert tried > 2000
