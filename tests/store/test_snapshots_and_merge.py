"""Undo restores identical rows; merge loses nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from img_crm.services.json_io import store_document
from img_crm.store import snapshots
from img_crm.store.activities import add_activity
from img_crm.store.contact_rows import get_contact
from img_crm.store.contacts import delete_contacts, update_contact
from img_crm.store.db import Store
from img_crm.store.merge import merge_contacts


def _tables(store: Store) -> dict[str, object]:
    with store.session() as session:
        return store_document(session)["tables"]  # type: ignore[no-any-return]


def test_restore_after_delete_gives_identical_rows(demo_store: Store) -> None:
    before = _tables(demo_store)
    ids = [1, 3, 9]  # a sponsor and a mentor who write letters, and a warm contact
    with demo_store.session() as session:
        snap = snapshots.capture(session, contact_ids=ids)
        delete_contacts(session, contact_ids=ids)
    assert _tables(demo_store) != before
    with demo_store.session() as session:
        snapshots.restore(session, snapshot=snap, current_ids=[])
    assert _tables(demo_store) == before


def test_restore_after_edit_gives_identical_rows(demo_store: Store) -> None:
    before = _tables(demo_store)
    with demo_store.session() as session:
        snap = snapshots.capture(session, contact_ids=[8])
        update_contact(session, contact_id=8, changes={"stage": "mentor", "tags": ["x"]})
    with demo_store.session() as session:
        snapshots.restore(session, snapshot=snap, current_ids=[8])
    assert _tables(demo_store) == before


def _count(store: Store, sql: str, **params: int) -> int:
    with store.session() as session:
        return int(session.execute(text(sql), params).scalar_one())


def test_merge_keeps_every_activity_stage_change_tie_and_letter(demo_store: Store) -> None:
    keep, other = 2, 3  # both at Lakeview; 3 writes a letter
    totals = {
        table: _count(demo_store, f"SELECT count(*) FROM {table}")
        for table in ("activity", "stage_change", "letter", "letter_program")
    }
    owned = {
        "activity": _count(demo_store, "SELECT count(*) FROM activity WHERE contact_id IN (2, 3)"),
        "stage_change": _count(
            demo_store, "SELECT count(*) FROM stage_change WHERE contact_id IN (2, 3)"
        ),
        "letter": _count(demo_store, "SELECT count(*) FROM letter WHERE writer_id IN (2, 3)"),
    }
    added_lines = _count(  # the other's "added" line: not a change of the kept one's stage
        demo_store, "SELECT count(*) FROM stage_change WHERE contact_id = 3 AND from_stage IS NULL"
    )
    assert added_lines == 1
    totals["stage_change"] -= added_lines
    owned["stage_change"] -= added_lines
    with demo_store.session() as session:
        merge_contacts(
            session, keep_id=keep, other_id=other, choices={"email": "x@lakeview.example.edu"}
        )
    for table, total in totals.items():
        assert _count(demo_store, f"SELECT count(*) FROM {table}") == total, table
    assert (
        _count(
            demo_store,
            "SELECT count(*) FROM stage_change WHERE contact_id = 2 AND from_stage IS NULL",
        )
        == 1
    )
    assert (
        _count(demo_store, "SELECT count(*) FROM activity WHERE contact_id = 2")
        == owned["activity"]
    )
    assert (
        _count(demo_store, "SELECT count(*) FROM stage_change WHERE contact_id = 2")
        == owned["stage_change"]
    )
    assert _count(demo_store, "SELECT count(*) FROM letter WHERE writer_id = 2") == owned["letter"]
    assert _count(demo_store, "SELECT count(*) FROM contact_program WHERE contact_id = 2") >= 1
    assert _count(demo_store, "SELECT count(*) FROM contact WHERE id = 3") == 0
    with demo_store.session() as session:
        survivor = get_contact(session, contact_id=keep)
    assert survivor.email == "x@lakeview.example.edu"
    assert set(survivor.tags) >= {"apd", "alumni", "pubmed", "research"}


def test_logging_an_activity_clears_a_follow_up_that_has_happened(store: Store) -> None:
    from img_crm.store.contacts import add_contact

    with store.session() as session:
        cid = add_contact(session, data={"name": "A", "next_follow_up": "2026-03-10"})
        add_activity(
            session, data={"kind": "meeting", "occurred_on": date(2026, 3, 1), "contact_id": cid}
        )
        assert get_contact(session, contact_id=cid).next_follow_up == date(2026, 3, 10)
        add_activity(
            session, data={"kind": "meeting", "occurred_on": date(2026, 3, 10), "contact_id": cid}
        )
        assert get_contact(session, contact_id=cid).next_follow_up is None
