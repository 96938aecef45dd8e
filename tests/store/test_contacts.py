import re
from datetime import date

import pytest
from sqlalchemy import text

from img_crm.domain.contacts import normalize_contact
from img_crm.errors import UserError, ValidationError
from img_crm.store.activities import add_activity
from img_crm.store.contact_rows import get_contact, list_contacts
from img_crm.store.contacts import (
    add_contact,
    delete_contacts,
    dependents,
    insert_contacts,
    update_contact,
)
from img_crm.store.db import Store
from img_crm.store.letters import add_letter
from img_crm.store.stages import list_stage_changes, stage_counts


def test_add_and_read_back_every_script(store: Store) -> None:
    names = ["Nguyễn Thị Minh Khai", "محمد الأحمد", "王小明", "अनन्या शर्मा", "Елена Петрова"]
    with store.session() as session:
        ids = [add_contact(session, data={"name": n, "tags": "x,y"}) for n in names]
    with store.session() as session:
        rows = list_contacts(session)
    assert [r.name for r in rows] == names
    assert [r.id for r in rows] == ids
    assert all(r.tags == ("x", "y") and r.stage == "cold" for r in rows)


def test_validation_error_writes_nothing(store: Store) -> None:
    with pytest.raises(ValidationError), store.session() as session:
        add_contact(session, data={"name": "A", "email": "nope"})
    with store.session() as session:
        assert list_contacts(session) == []


def test_stage_changes_are_recorded_with_dates(store: Store) -> None:
    with store.session() as session:
        cid = add_contact(session, data={"name": "A", "first_contacted": "2026-01-05"})
        update_contact(
            session,
            contact_id=cid,
            changes={"stage": "warm"},
            today=date(2026, 2, 1),
            stage_note="replied",
        )
        update_contact(
            session, contact_id=cid, changes={"email": "a@b.org"}, today=date(2026, 2, 2)
        )
    with store.session() as session:
        history = list_stage_changes(session, contact_id=cid)
        assert [(h.from_stage, h.to_stage, h.changed_on, h.note) for h in history] == [
            ("cold", "warm", date(2026, 2, 1), "replied"),
            (None, "cold", date(2026, 1, 5), ""),
        ]
        assert stage_counts(session)["warm"] == 1  # type: ignore[index]
        assert get_contact(session, contact_id=cid).email == "a@b.org"


def test_update_only_touches_given_fields(store: Store) -> None:
    with store.session() as session:
        cid = add_contact(session, data={"name": "A", "institution": "X", "tags": "t"})
        update_contact(session, contact_id=cid, changes={"role": "PD"})
    with store.session() as session:
        row = get_contact(session, contact_id=cid)
    assert (row.institution, row.role, row.tags) == ("X", "PD", ("t",))


def test_delete_takes_history_and_letters_but_keeps_activities(store: Store) -> None:
    with store.session() as session:
        cid = add_contact(session, data={"name": "A"})
        add_activity(
            session, data={"kind": "meeting", "occurred_on": date(2026, 1, 1), "contact_id": cid}
        )
        add_letter(session, writer_id=cid, letter_type="us-clinical", specialty="IM")
        counts = dependents(session, contact_ids=[cid])
        assert (counts.letters, counts.activities_kept, counts.stage_changes) == (1, 1, 1)
        assert delete_contacts(session, contact_ids=[cid]) == 1
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM letter")).scalar_one() == 0
        assert session.execute(text("SELECT count(*) FROM stage_change")).scalar_one() == 0
        assert session.execute(text("SELECT contact_id FROM activity")).scalar_one() is None
        with pytest.raises(UserError):
            get_contact(session, contact_id=cid)


def test_bulk_insert_matches_one_by_one(store: Store) -> None:
    """The import's bulk path stores exactly what add_contact stores."""
    records = [
        {"name": "Nguyễn Thị Minh Khai", "tags": "a,b", "stage": "warm", "email": "n@x.org"},
        {"name": "王小明", "first_contacted": "2026-03-02", "institution": "Mercy"},
        {"name": "محمد الأحمد", "us_based": "yes", "notes": "line1\nline2"},
    ]
    day = date(2026, 11, 22)
    with store.session() as session:
        one = [add_contact(session, data=r, today=day) for r in records]
        bulk = insert_contacts(
            session,
            rows=[normalize_contact(r) for r in records],
            kept=[{}, {}, {"last_interaction": date(2026, 1, 5)}],
            today=day,
        )
    assert bulk == [one[-1] + 1, one[-1] + 2, one[-1] + 3]
    with store.session() as session:
        by_id = {r.id: r for r in list_contacts(session)}
        history = {cid: list_stage_changes(session, contact_id=cid) for cid in one + bulk}
    skip = {"id", "created_at", "updated_at", "last_interaction"}
    for a, b in zip(one, bulk, strict=True):
        left, right = by_id[a], by_id[b]
        for name in left._fields:
            if name not in skip:
                assert getattr(left, name) == getattr(right, name), name
        assert [(h.to_stage, h.changed_on) for h in history[a]] == [
            (h.to_stage, h.changed_on) for h in history[b]
        ]
    assert by_id[bulk[2]].last_interaction == date(2026, 1, 5)
    with store.session() as session:
        assert insert_contacts(session, rows=[]) == []


def test_fast_listing_reads_exactly_what_the_orm_reads(demo_store: Store) -> None:
    """list_contacts and get_contact convert raw driver values themselves, and
    insert_contacts writes through the driver: every column of every sample
    contact must read back as SQLAlchemy reads it, types included."""
    from img_crm.domain.models import Contact

    with demo_store.session() as session:
        add_contact(
            session,
            data={"name": "Zoë", "us_based": "no", "tags": "b,a", "first_contacted": "2026-01-02"},
        )
        rows = list_contacts(session)
        assert len(rows) > 20
        for row in rows:
            assert get_contact(session, contact_id=row.id) == row
            model = session.get(Contact, row.id)
            assert model is not None
            for name in Contact.model_fields:
                ours, orm = getattr(row, name), getattr(model, name)
                if name in ("created_at", "updated_at"):  # stored as naive UTC
                    ours = ours.replace(tzinfo=None)
                    orm = orm.replace(tzinfo=None)
                assert ours == orm and type(ours) is type(orm), name
        zoe = next(r for r in rows if r.name == "Zoë")
        assert (zoe.us_based, zoe.first_contacted) == (False, date(2026, 1, 2))
        stored = session.execute(
            text("SELECT created_at, first_contacted, us_based FROM contact WHERE id = :i"),
            {"i": zoe.id},
        ).one()
        assert stored[1:] == ("2026-01-02", 0)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", stored[0])
        assert {r.stage for r in list_contacts(session, stage="warm")} == {"warm"}


def test_an_import_keeps_its_files_moments_in_the_stored_form(store: Store) -> None:
    """``kept`` moments (our own CSV's created_at/updated_at) win over the
    moment of the import, and are stored as the ORM stores one: naive UTC."""
    from datetime import UTC, datetime, timedelta, timezone

    made = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    edited = datetime(2021, 6, 7, 10, 30, 0, tzinfo=timezone(timedelta(hours=2)))  # 08:30 UTC
    with store.session() as session:
        (cid,) = insert_contacts(
            session,
            rows=[normalize_contact({"name": "Kept Moments"})],
            kept=[{"created_at": made, "updated_at": edited, "last_interaction": date(2020, 5, 5)}],
        )
        stored = session.execute(
            text("SELECT created_at, updated_at, last_interaction FROM contact WHERE id = :i"),
            {"i": cid},
        ).one()
        row = get_contact(session, contact_id=cid)
    assert tuple(stored) == (
        "2020-01-02 03:04:05.000000",
        "2021-06-07 08:30:00.000000",
        "2020-05-05",
    )
    assert (row.created_at, row.updated_at) == (made, edited)
