"""Contacts as vCard 4.0 through vobject, for phones and address books."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from img_crm.domain.rows import ContactRow
from img_crm.services.atomic import atomic_text_writer
from img_crm.services.custom_fields import OwnColumns, cells_of

#: Labels written as vCard 4.0 TYPE values ((kind, label), or ("", label) for
#: every kind); the others go in an ``X-ABLabel``, which Apple, Google and
#: DAVx5 read.
_TYPES: dict[tuple[str, str], tuple[str, ...]] = {
    ("", "work"): ("work",),
    ("", "home"): ("home",),
    ("phone", "mobile"): ("cell",),
    ("phone", "pager"): ("pager",),
    ("phone", "fax"): ("fax",),
    ("phone", "work fax"): ("work", "fax"),
    ("phone", "home fax"): ("home", "fax"),
}


#: A field of the user's own: ``X-IMG-CRM-FIELD;X-NAME="Visa status":J-1``
#: (other programs keep an X- property they do not know, and show nothing).
FIELD_PROPERTY = "x-img-crm-field"


def _card(row: ContactRow, own: OwnColumns | None = None) -> str:
    import vobject  # loaded only when vCards are written

    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("fn").value = row.name
    # N from the parts the user or a file gave; never guessed from the whole
    # name (the last word of "Nguyễn Thị Minh Khai" is not the family name).
    card.add("n").value = vobject.vcard.Name(
        family=row.family_name,
        given=row.given_name,
        prefix=row.title,
        suffix=row.name_suffix,
    )
    # The LinkedIn and PubMed links first: a reader takes the first of each
    # kind for those fields, and a web address that is also one stays a point.
    for url in (row.linkedin_url, row.pubmed_url):
        if url:
            card.add("url").value = url
    group = 0
    for point in row.points:
        line = card.add({"email": "email", "phone": "tel", "web": "url"}[point.kind])
        line.value = point.value
        types = _TYPES.get((point.kind, point.label), _TYPES.get(("", point.label)))
        if types is not None:
            line.params["TYPE"] = list(types)
        elif point.label:  # a label vCard has no type for: Apple's grouped label
            group += 1
            line.group = f"item{group}"
            label = card.add("x-ablabel")
            label.group, label.value = line.group, point.label
    if row.institution or row.department:
        parts = [row.institution, row.department] if row.department else [row.institution]
        card.add("org").value = parts
    if row.role:
        card.add("title").value = row.role
    if row.tags:
        card.add("categories").value = list(row.tags)
    if row.notes:
        card.add("note").value = row.notes
    if own is not None:
        for field, value in zip(own[0], cells_of(own, row.id), strict=True):
            if value:
                line = card.add(FIELD_PROPERTY)
                line.params["X-NAME"] = [field.name]
                line.value = value
    card.add("uid").value = f"urn:img-crm:contact:{row.id}"
    return str(card.serialize())


def write_vcards(
    rows: Iterable[ContactRow], destination: Path, own: OwnColumns | None = None
) -> int:
    """Write every contact as a vCard, atomically; return how many. ``own``:
    the fields of the user's own, as ``X-IMG-CRM-FIELD`` lines."""
    count = 0
    with atomic_text_writer(destination, encoding="utf-8", newline="") as handle:
        for row in rows:
            handle.write(_card(row, own))
            count += 1
    return count
