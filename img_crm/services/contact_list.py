"""The Contacts table's list: a lean row, a status and a search key per
contact, and the name order, read in one pass.

A whole ``ContactRow`` per contact, held for the life of the window, was most
of a 100,000-contact store's memory (issue #20). The table needs only its
columns (``ContactListRow``), each contact's follow-up state and its folded
search text; the rest is read by id when a contact is opened. The whole rows
stream by once and are dropped as they go.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from img_crm.domain.rows import ContactListRow, ContactRow
from img_crm.domain.text import haystack
from img_crm.services.relationships import ContactStatus, contact_statuses, statuses_in_id_order
from img_crm.store.contact_rows import (
    count_contacts,
    each_contact,
    first_by_name,
    ids_by_name,
)
from img_crm.store.driver import Source


@dataclass(frozen=True, slots=True)
class ContactList:
    """Contacts as the table holds them, in id order unless ``first_by_name``
    read them; ``keys[n]`` is ``rows[n]``'s search text."""

    rows: list[ContactListRow]
    statuses: dict[int, ContactStatus]
    keys: list[str]


def search_text(row: ContactRow) -> str:
    """A contact's folded search text: names, institution, emails, phones,
    specialty and tags."""
    return haystack([row.name, row.institution, *row.emails, *row.phones, row.specialty, *row.tags])


def _held(rows: list[ContactRow], statuses: dict[int, ContactStatus]) -> ContactList:
    return ContactList(
        [ContactListRow.of(row) for row in rows], statuses, [search_text(row) for row in rows]
    )


def contact_list(source: Source) -> ContactList:
    """Every contact, streamed in id order and kept only as the table needs it."""
    rows: list[ContactListRow] = []
    statuses: dict[int, ContactStatus] = {}
    keys: list[str] = []
    stream = each_contact(source)
    try:
        for row, status in statuses_in_id_order(source, stream):
            rows.append(ContactListRow.of(row))
            statuses[row.id] = status
            keys.append(search_text(row))
    finally:
        stream.close()  # its cursors, while the source is still open
    return ContactList(rows, statuses, keys)


def name_positions(source: Source, rows: list[ContactListRow], *, descending: bool) -> list[int]:
    """Where each of ``rows`` (every contact, in id order) goes in the table's
    name order, from the stored order's index: no sort key is built in Python
    (19 MiB at the peak of a 100,000-contact list)."""
    ids = [row.id for row in rows]  # rising: the list is in id order
    return [bisect_left(ids, n) for n in ids_by_name(source, descending=descending)]


def first_screen(
    source: Source, *, limit: int, descending: bool = False
) -> tuple[int, ContactList]:
    """How many contacts there are, and the first ``limit`` by name with their
    status: what the Contacts table shows of a big store before the rest."""
    rows = first_by_name(source, limit=limit, descending=descending)
    return count_contacts(source), _held(rows, contact_statuses(source, rows))
