"""The per-contact activity summary the triggers keep (data version 6; from
version 8 an activity's own moment, when a file gave one, goes before its
logging time) always equals the aggregate over the activity log, whatever
wrote the activities."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from img_crm.domain.cadence import OUTGOING_KINDS
from img_crm.domain.enums import ActivityKind
from img_crm.domain.pipeline import WORK_KINDS
from img_crm.store import migrations, sqlite
from img_crm.store.db import Store
from tests.helpers import db as sqlite3

AGGREGATE = """
SELECT contact_id,
       min(occurred_on), max(occurred_on),
       min(CASE WHEN kind IN ({work}) THEN occurred_on END),
       max(CASE WHEN kind IN ({work}) THEN occurred_on END),
       max(CASE WHEN kind = 'reply-received'
           THEN occurred_on || '|' || coalesce(occurred_at, created_at) END),
       max(CASE WHEN kind IN ({outgoing})
           THEN occurred_on || '|' || coalesce(occurred_at, created_at) END)
FROM activity WHERE contact_id IS NOT NULL GROUP BY contact_id ORDER BY contact_id
"""


def _quoted(kinds: frozenset[ActivityKind]) -> str:
    return ", ".join(f"'{kind.value}'" for kind in sorted(kinds))


def _summary(con: sqlite3.Connection) -> list[tuple[object, ...]]:
    return con.execute("SELECT * FROM contact_activity_summary ORDER BY contact_id").fetchall()


def _aggregate(con: sqlite3.Connection) -> list[tuple[object, ...]]:
    query = AGGREGATE.format(work=_quoted(WORK_KINDS), outgoing=_quoted(OUTGOING_KINDS))
    return con.execute(query).fetchall()


def test_the_triggers_count_the_domains_kinds() -> None:
    assert tuple(sorted(k.value for k in WORK_KINDS)) == migrations.SUMMARY_WORK_KINDS
    assert tuple(sorted(k.value for k in OUTGOING_KINDS)) == migrations.SUMMARY_OUTGOING_KINDS
    assert ActivityKind.REPLY_RECEIVED.value == migrations.SUMMARY_REPLY_KIND


def test_the_summary_follows_every_kind_of_write(store: Store) -> None:
    con = sqlite3.connect(store.path, isolation_level=None)
    sqlite.lend_functions(con)  # as every connection img-crm opens (the name order's key)
    con.execute("PRAGMA foreign_keys=ON")
    stamp = "2026-01-01 10:00:00.000000"
    for n in range(1, 7):
        con.execute(
            "INSERT INTO contact (id, name, stage, us_based, title, role, institution, "
            "specialty, email, phone, linkedin_url, timezone, notes, created_at, updated_at) "
            "VALUES (?, ?, 'cold', 1, '', '', '', '', '', '', '', '', '', ?, ?)",
            (n, f"Person {n}", stamp, stamp),
        )
    chance = random.Random(20261201)
    kinds = [kind.value for kind in ActivityKind]
    start = date(2026, 1, 1)
    for step in range(400):
        action = chance.random()
        ids = [row[0] for row in con.execute("SELECT id FROM activity")]
        people = [None, *(row[0] for row in con.execute("SELECT id FROM contact"))]
        if action < 0.55 or not ids:
            con.execute(
                "INSERT INTO activity (occurred_on, kind, contact_id, setting, description, "
                "outcome, created_at, occurred_at) VALUES (?, ?, ?, '', '', '', ?, ?)",
                (
                    (start + timedelta(days=chance.randrange(300))).isoformat(),
                    chance.choice(kinds),
                    chance.choice(people),
                    f"2026-02-01 10:00:{step % 60:02d}.{step:06d}",
                    chance.choice([None, f"2026-01-15 {step % 24:02d}:30:00.000000"]),
                ),
            )
        elif action < 0.65:  # a moment given or taken away (an import, an edit)
            con.execute(
                "UPDATE activity SET occurred_at = ? WHERE id = ?",
                (
                    chance.choice([None, f"2026-03-01 0{step % 10}:00:00.000000"]),
                    chance.choice(ids),
                ),
            )
        elif action < 0.85:
            con.execute(
                "UPDATE activity SET occurred_on = ?, kind = ?, contact_id = ? WHERE id = ?",
                (
                    (start + timedelta(days=chance.randrange(300))).isoformat(),
                    chance.choice(kinds),
                    chance.choice(people),
                    chance.choice(ids),
                ),
            )
        else:
            con.execute("DELETE FROM activity WHERE id = ?", (chance.choice(ids),))
        if step == 300:  # a contact deleted: its activities are unlinked, its summary goes
            con.execute("DELETE FROM contact WHERE id = 3")
        assert _summary(con) == _aggregate(con), f"after step {step}"
    assert 3 not in {row[0] for row in _summary(con)}
    assert len(_summary(con)) >= 4
    con.close()


def test_an_older_store_gets_its_summary_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")
    for step in migrations.MIGRATIONS[:5]:
        step(con)
    con.execute("PRAGMA user_version = 5")
    stamp = "2026-01-01 10:00:00.000000"
    con.execute(
        "INSERT INTO contact (id, name, stage, us_based, title, role, institution, specialty, "
        "email, phone, linkedin_url, timezone, notes, created_at, updated_at) "
        "VALUES (1, 'A', 'warm', 1, '', '', '', '', '', '', '', '', '', ?, ?)",
        (stamp, stamp),
    )
    for day, kind in (("2026-03-01", "meeting"), ("2026-04-02", "reply-received")):
        con.execute(
            "INSERT INTO activity (occurred_on, kind, contact_id, setting, description, "
            "outcome, created_at) VALUES (?, ?, 1, '', '', '', ?)",
            (day, kind, stamp),
        )
    con.execute("COMMIT")
    con.close()
    migrations.upgrade(path, backup_dir=None)
    con = sqlite3.connect(path)
    assert _summary(con) == _aggregate(con)
    assert _summary(con)[0][1:3] == ("2026-03-01", "2026-04-02")
    con.close()
