"""Contacts as CSV: UTF-8 with a BOM (so Excel detects it), RFC 4180 quoting, CRLF.

The columns are documented in ``docs/csv-format.md``; import (a later issue)
reads exactly what this writes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from img_crm.services.atomic import atomic_text_writer
from img_crm.store.contacts import ContactRow

CONTACT_COLUMNS = (
    "id",
    "name",
    "title",
    "role",
    "institution",
    "specialty",
    "email",
    "phone",
    "linkedin_url",
    "pubmed_url",
    "us_based",
    "timezone",
    "stage",
    "first_contacted",
    "last_interaction",
    "next_follow_up",
    "tags",
    "notes",
    "created_at",
    "updated_at",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def contact_record(row: ContactRow) -> list[str]:
    """One contact as CSV cells, in ``CONTACT_COLUMNS`` order."""
    return [_cell(getattr(row, column)) for column in CONTACT_COLUMNS]


def write_contacts_csv(rows: Iterable[ContactRow], destination: Path) -> int:
    """Write contacts atomically; return how many rows were written."""
    count = 0
    with atomic_text_writer(destination, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(CONTACT_COLUMNS)
        for row in rows:
            writer.writerow(contact_record(row))
            count += 1
    return count
