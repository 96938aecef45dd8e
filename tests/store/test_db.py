import os
import stat
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from img_crm.domain.models import Activity, ContactTag
from img_crm.store.activities import add_activity
from img_crm.store.contact_rows import get_contact
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store
from tests.helpers.protect import KINDS


@pytest.fixture(params=KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    """Every test here runs on a plain and on a protected store (issue #23)."""
    return str(request.param)


def _pragma(store: Store, name: str) -> object:
    with store.session() as session:
        return session.execute(text(f"PRAGMA {name}")).scalar_one()


def test_connection_pragmas(store: Store) -> None:
    assert _pragma(store, "foreign_keys") == 1
    assert _pragma(store, "journal_mode") == "wal"
    assert _pragma(store, "synchronous") == 2  # FULL
    assert int(_pragma(store, "busy_timeout")) >= 1000  # type: ignore[call-overload]


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(ContactTag(contact_id=999, tag="ghost"))
        session.flush()
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM contact_tag")).scalar_one() == 0


def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as session:
        add_contact(session, data={"name": "Half Written"})
        raise RuntimeError("crash mid-way")
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM contact")).scalar_one() == 0
        assert session.execute(text("SELECT count(*) FROM stage_change")).scalar_one() == 0


def test_last_interaction_follows_activities(store: Store) -> None:
    with store.session() as session:
        cid = add_contact(session, data={"name": "Ana"})
        first = add_activity(
            session,
            data={"kind": "outreach-sent", "occurred_on": date(2026, 3, 1), "contact_id": cid},
        )
        add_activity(
            session, data={"kind": "meeting", "occurred_on": date(2026, 2, 1), "contact_id": cid}
        )
    with store.session() as session:
        assert get_contact(session, contact_id=cid).last_interaction == date(2026, 3, 1)
        activity = session.get(Activity, first)
        assert activity is not None
        activity.occurred_on = date(2026, 1, 1)
    with store.session() as session:
        assert get_contact(session, contact_id=cid).last_interaction == date(2026, 2, 1)
        session.execute(text("DELETE FROM activity"))
    with store.session() as session:
        assert get_contact(session, contact_id=cid).last_interaction is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_files_are_private(store: Store, data_dir: Path) -> None:
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(data_dir / "img-crm.sqlite3").st_mode) == 0o600


def test_a_reading_session_cannot_write(store: Store) -> None:
    from sqlalchemy.exc import OperationalError

    from tests.helpers import db as sqlite3

    refused = (OperationalError, sqlite3.OperationalError)  # through the ORM or the driver
    with pytest.raises(refused, match="readonly"), store.reading() as session:
        add_contact(session, data={"name": "Written by mistake"})
    with pytest.raises(sqlite3.OperationalError, match="readonly"), store.plain() as plain:
        plain.execute("INSERT INTO setting (key, value) VALUES ('k', 'v')")
    with store.reading() as session:
        assert session.execute(text("SELECT count(*) FROM contact")).scalar_one() == 0
    with store.session() as session:  # the pooled connection is writable again
        add_contact(session, data={"name": "Written on purpose"})
    with store.reading() as session:
        assert session.execute(text("SELECT count(*) FROM contact")).scalar_one() == 1


def test_a_writer_that_cannot_get_the_lock_gets_one_sentence(store: Store) -> None:
    from img_crm.errors import UserError
    from img_crm.store.db import make_engine
    from tests.helpers import db as sqlite3

    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    impatient = Store(store.path, make_engine(store.path, busy_timeout_ms=200))
    try:
        with (
            pytest.raises(UserError, match=r"^Another img-crm is writing.*nothing was written"),
            impatient.session() as session,
        ):
            add_contact(session, data={"name": "Waits too long"})
    finally:
        impatient.close()
        blocker.execute("ROLLBACK")
        blocker.close()
    with store.reading() as session:
        assert session.execute(text("SELECT count(*) FROM contact")).scalar_one() == 0
