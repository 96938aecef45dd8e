"""Contacts as vCard 4.0 through vobject, for phones and address books."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from img_crm.domain.rows import ContactRow
from img_crm.services.atomic import atomic_text_writer


def _card(row: ContactRow) -> str:
    import vobject  # loaded only when vCards are written

    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("fn").value = row.name
    parts = row.name.split()
    card.add("n").value = vobject.vcard.Name(
        family=parts[-1] if len(parts) > 1 else "",
        given=" ".join(parts[:-1]) if len(parts) > 1 else row.name,
        prefix=row.title,
    )
    if row.email:
        card.add("email").value = row.email
    if row.phone:
        card.add("tel").value = row.phone
    if row.institution:
        card.add("org").value = [row.institution]
    if row.role:
        card.add("title").value = row.role
    for url in (row.linkedin_url, row.pubmed_url):
        if url:
            card.add("url").value = url
    if row.tags:
        card.add("categories").value = list(row.tags)
    if row.notes:
        card.add("note").value = row.notes
    card.add("uid").value = f"urn:img-crm:contact:{row.id}"
    return str(card.serialize())


def write_vcards(rows: Iterable[ContactRow], destination: Path) -> int:
    """Write every contact as a vCard, atomically; return how many."""
    count = 0
    with atomic_text_writer(destination, encoding="utf-8", newline="") as handle:
        for row in rows:
            handle.write(_card(row))
            count += 1
    return count
