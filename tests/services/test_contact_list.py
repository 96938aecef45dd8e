"""The Contacts table's lean list, read in one pass, holds what whole rows
would have given it: the same columns, statuses and search keys, and the
stored name order puts the rows where the table's own sort puts them."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from img_crm.domain.contacts import normalize_contact
from img_crm.domain.enums import ActivityKind, Stage
from img_crm.domain.rows import ContactListRow
from img_crm.domain.text import haystack
from img_crm.services.contact_list import contact_list, first_screen, name_positions
from img_crm.services.relationships import contact_statuses, statuses_in_id_order
from img_crm.store.activities import insert_activities
from img_crm.store.contact_rows import each_contact, list_contacts
from img_crm.store.contacts import delete_contacts, insert_contacts
from img_crm.store.db import Store
from img_crm.ui.models.contacts import NAME_COLUMN, ContactsModel

DAY = date(2026, 6, 1)
NAMES = [
    "Zoë Ålvarez",
    "zoe alvarez",
    "Émile Durand",
    "Nguyễn Thị Minh Khai",
    "محمد الأحمد",
    "अनन्या शर्मा",
    "王芳",
    "Łukasz Nowak",
    "Lucia Novak",
    "ana smith",
    "Ana Smith",
]

PLACES = ["", "Mercy Hospital", "Hôpital Lariboisière"]


def _fill(store: Store, count: int) -> None:
    chance = random.Random(20261202)
    with store.session() as session:
        ids = insert_contacts(
            session,
            rows=[
                normalize_contact(
                    {
                        "name": chance.choice(NAMES),  # the same name many times over
                        "stage": chance.choice(list(Stage)).value,
                        "institution": chance.choice(
                            ["", "Mercy Hospital", "Hôpital Lariboisière"]
                        ),
                        "points": [
                            *(
                                [
                                    ("email", "", f"p{n}@example.org"),
                                    ("email", "work", f"s{n}@x.org"),
                                ]
                                if n % 4
                                else []
                            ),
                            *([("phone", "", f"+1 555 010 {n:04d}")] if n % 5 == 0 else []),
                        ],
                        "tags": "research, IM" if n % 3 == 0 else "",
                        "first_contacted": DAY - timedelta(days=chance.randint(1, 400)),
                    }
                )
                for n in range(count)
            ],
            today=DAY,
        )
        insert_activities(
            session,
            rows=[
                {
                    "contact_id": cid,
                    "occurred_on": DAY - timedelta(days=chance.randint(0, 300)),
                    "kind": ActivityKind.REPLY_RECEIVED.value,
                }
                for cid in ids
                if cid % 2
            ],
        )
        delete_contacts(session, contact_ids=ids[10:20])  # ids with gaps


def test_the_lean_list_is_the_whole_rows_columns_statuses_and_keys(store: Store) -> None:
    _fill(store, 600)
    with store.plain() as con:
        rows = list_contacts(con)
        statuses = contact_statuses(con, rows)
        listed = contact_list(con)
    assert len(listed.rows) == len(rows) == 590
    assert listed.rows == [ContactListRow.of(row) for row in rows]
    assert listed.statuses == statuses
    # Every email and phone, not only the first, is searchable.
    second = next(row for row in rows if len(row.emails) == 2)
    at = [r.id for r in listed.rows].index(second.id)
    assert second.emails[1] in listed.keys[at]
    assert listed.keys == [
        haystack([r.name, r.institution, *r.emails, *r.phones, r.specialty, *r.tags]) for r in rows
    ]


def test_streaming_the_contacts_gives_the_list_in_id_order(store: Store) -> None:
    _fill(store, 120)
    with store.plain() as con:
        stream = each_contact(con)
        first = next(stream)
        stream.close()  # stopping early closes its cursors: the source is usable
        rows = list_contacts(con)
        assert first == rows[0]
        assert list(each_contact(con)) == rows
        with pytest.raises(ValueError, match="rising id order"):
            list(statuses_in_id_order(con, reversed(rows)))


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_the_stored_name_order_is_the_tables_own_sort(
    store: Store, qapp: object, order: Qt.SortOrder
) -> None:
    _fill(store, 300)
    with store.plain() as con:
        listed = contact_list(con)
        positions = name_positions(
            con, listed.rows, descending=order == Qt.SortOrder.DescendingOrder
        )
        total, first = first_screen(con, limit=40, descending=order == Qt.SortOrder.DescendingOrder)
    model = ContactsModel()
    # The same positions, ties (one name many times) in id order as well.
    assert positions == model.positions(listed.rows, NAME_COLUMN, order)
    assert total == 290
    assert [r.id for r in first.rows] == [listed.rows[n].id for n in positions[:40]]


def test_duplicate_checks_read_only_the_contacts_a_row_could_match(store: Store) -> None:
    from img_crm.domain.duplicates import Sought
    from img_crm.domain.rows import ContactFacts
    from img_crm.store.contact_rows import contact_facts

    with store.session() as session:
        insert_contacts(
            session,
            rows=[
                normalize_contact(data)
                for data in (
                    {
                        "name": "Ana Lima",
                        "points": [("email", "", "a@x.org"), ("email", "", "Ana@Home.org")],
                    },
                    {"name": "Bo Chen", "institution": "Hôpital  Lariboisière"},
                    {"name": "Cy Diaz", "institution": "Mercy Hospital", "email": "cy@x.org"},
                    {"name": "Di Eze"},
                )
            ],
        )
    rows = [
        ContactFacts(-1, "Ana L.", ("ana@home.ORG",), ""),  # her second address, in other case
        ContactFacts(-2, "B. Chen", (), "hopital lariboisiere"),  # accents and spaces aside
    ]
    sought = Sought(rows)
    with store.plain() as con:
        everyone = contact_facts(con)
        found = contact_facts(con, email_wanted=sought.email, institution_wanted=sought.institution)
    assert [f.name for f in found] == ["Ana Lima", "Bo Chen"]
    assert found == [f for f in everyone if f.name in ("Ana Lima", "Bo Chen")]  # every email kept
    assert found[0].emails == ("a@x.org", "Ana@Home.org")
