"""The whole list's statuses, worked out as the activity aggregates stream by
(none held), are the statuses each contact gets on its own, in any order of
the rows; equal statuses are one object."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from img_crm.domain.contacts import normalize_contact
from img_crm.domain.enums import ActivityKind, Stage
from img_crm.services.relationships import contact_statuses
from img_crm.store.activities import insert_activities
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import insert_contacts
from img_crm.store.db import Store

DAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 12, 0)  # local time, as clock.local_now() gives it


def test_the_streamed_statuses_are_each_contacts_own(store: Store) -> None:
    chance = random.Random(20261201)
    with store.session() as session:
        ids = insert_contacts(
            session,
            rows=[
                normalize_contact(
                    {
                        "name": f"Person {n}",
                        "stage": chance.choice(list(Stage)).value,
                        "first_contacted": (DAY - timedelta(days=chance.randint(1, 400))),
                    }
                )
                for n in range(700)
            ],
            today=DAY,
        )
        kinds = [ActivityKind.OUTREACH_SENT, ActivityKind.REPLY_RECEIVED, ActivityKind.MEETING]
        insert_activities(
            session,
            rows=[
                {
                    "contact_id": cid,
                    "occurred_on": DAY - timedelta(days=chance.randint(0, 300)),
                    "kind": chance.choice(kinds).value,
                }
                for cid in ids
                if cid % 3  # a third have no activity at all
                for _ in range(chance.randint(1, 4))
            ],
        )
    with store.plain() as con:
        rows = list_contacts(con)
        whole = contact_statuses(con, rows, today=DAY, now=NOW)  # streamed
        shuffled = rows[:]
        chance.shuffle(shuffled)
        again = contact_statuses(con, shuffled, today=DAY, now=NOW)
        one_by_one = {
            row.id: contact_statuses(con, [row], today=DAY, now=NOW)[row.id] for row in rows
        }
    assert len(rows) >= 500  # the streamed path
    assert whole == one_by_one == again
    assert any(s.last_activity is None for s in whole.values())
    assert any(s.reply_owed or s.overdue for s in whole.values())
    distinct = {id(s) for s in whole.values()}
    assert len(distinct) == len(set(whole.values())) < len(rows)  # equal ones shared
