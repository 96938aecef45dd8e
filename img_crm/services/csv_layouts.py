"""Readers for the CSV layouts address books and networks export: LinkedIn's
Connections.csv (both layouts), Google Contacts (current and legacy) and
Outlook's contacts CSV (also Google's "Outlook CSV"). Each turns rows into
``ImportRecord``s in our own field names; checking and writing are the
importer's job.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from img_crm.domain.names import full_name
from img_crm.services.import_formats import ImportRecord, shown, table

# --- LinkedIn --------------------------------------------------------------------------


#: "Connected On" as LinkedIn has written it: "05 Feb 2024" since 2019,
#: "1/8/18, 6:14 PM" (US month first) before.
_LINKEDIN_DATES = ("%d %b %Y", "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y", "%m/%d/%Y")


@lru_cache(maxsize=8192)
def _linkedin_date(text: str) -> date | None:
    """The day, or None. Cached: a network of 10,000 connections has a few
    hundred distinct days, and ``strptime`` was a tenth of an import."""
    for pattern in _LINKEDIN_DATES:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_linkedin(text: str) -> list[ImportRecord]:
    """LinkedIn's Connections.csv: a few "Notes:" lines, then the table; the
    pre-2019 layout has no URL column and US dates with a time.

    "Connected On" is when the two of you connected on LinkedIn, which is not
    a touch: it is kept as its own fact, and the follow-up clock starts only
    at the first interaction the user logs. A member who hides their details
    comes as a row with only that date, and is marked hidden."""
    _, rows = table(text, skip_until="First Name")
    records = []
    for row in rows:
        cells = {k: v.strip() for k, v in row.cells.items()}
        given, family = cells.get("First Name", ""), cells.get("Last Name", "")
        name = full_name(given, family)
        email = cells.get("Email Address", "")
        if email.casefold().startswith("urn:li:"):  # a member id in old exports, not an address
            email = ""
        data: dict[str, Any] = {
            "name": name,
            "given_name": given,
            "family_name": family,
            "email": email,
            "institution": cells.get("Company", ""),
            "role": cells.get("Position", ""),
            "linkedin_url": cells.get("URL", ""),
            "tags": "linkedin",
        }
        hidden = not (name or email or data["linkedin_url"] or data["institution"])
        problem = row.problem
        connected = cells.get("Connected On", "")
        if connected:
            day = _linkedin_date(connected)
            if day is None:
                problem = problem or (
                    "Connected On",
                    f"{shown(connected)} is not a date like 28 Sep 2026",
                )
            else:
                data["connected_on"] = day
        kept = {k: v for k, v in data.items() if v not in ("", None)}
        records.append(ImportRecord(row.line, kept, problem, hidden))
    return records


# --- Google Contacts -------------------------------------------------------------------


def _values(cell: str) -> list[str]:
    """Google puts several values of one label in one cell, joined by " ::: "."""
    return [p.strip() for p in cell.split(" ::: ") if p.strip()]


_GOOGLE_POINTS = (("E-mail", "email"), ("Phone", "phone"), ("Website", "web"))


def _google_points(row: dict[str, str]) -> list[tuple[str, str, str]]:
    """``E-mail 1..N``, ``Phone 1..N`` and ``Website 1..N``, each a label
    ("Type" in older exports) and a value, as (kind, label, value)."""
    points = []
    for prefix, kind in _GOOGLE_POINTS:
        n = 1
        while f"{prefix} {n} - Value" in row:
            label = row.get(f"{prefix} {n} - Label") or row.get(f"{prefix} {n} - Type") or ""
            points += [(kind, label, v) for v in _values(row[f"{prefix} {n} - Value"])]
            n += 1
    return points


#: Outlook's phone columns with their labels, the likeliest to reach a physician first.
_OUTLOOK_PHONES = (
    ("Mobile Phone", "mobile"),
    ("Business Phone", "work"),
    ("Primary Phone", "main"),
    ("Business Phone 2", "work"),
    ("Home Phone", "home"),
    ("Home Phone 2", "home"),
    ("Other Phone", "other"),
    ("Company Main Phone", "main"),
    ("Assistant's Phone", "assistant"),
    ("Car Phone", "car"),
    ("Pager", "pager"),
    ("Business Fax", "work fax"),
    ("Home Fax", "home fax"),
    ("Other Fax", "fax"),
)
_OUTLOOK_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")


def _split_categories(value: str) -> list[str]:
    """Outlook separates categories with ";", Google's export with " ::: "."""
    parts = re.split(r";|:::", value)
    return [
        p.strip().lstrip("* ").strip()
        for p in parts
        if p.strip() and p.replace(" ", "").strip("* ").casefold() != "mycontacts"
    ]


def read_outlook(text: str) -> list[ImportRecord]:
    """Outlook's contacts CSV (also what Google exports as "Outlook CSV", with
    an empty cell at the end of every row): "Title" is the name's prefix,
    "Job Title" the role, and Categories become tags."""
    _, rows = table(text)
    records = []
    for table_row in rows:
        row = {k: v.strip() for k, v in table_row.cells.items()}
        given = " ".join(p for p in (row.get("First Name", ""), row.get("Middle Name", "")) if p)
        family = row.get("Last Name", "")
        name = full_name(given, family)
        if row.get("Suffix"):
            name = f"{name} {row['Suffix']}" if name else row["Suffix"]
        web = row.get("Web Page", "")
        points = [("email", "", row[k]) for k in _OUTLOOK_EMAILS if row.get(k)]
        points += [("phone", label, row[k]) for k, label in _OUTLOOK_PHONES if row.get(k)]
        if web and "linkedin.com" not in web:
            points.append(("web", "", web))
        data: dict[str, Any] = {
            "name": name,
            "given_name": given,
            "family_name": family,
            "name_suffix": row.get("Suffix", ""),
            "title": row.get("Title", ""),
            "points": points,
            "institution": row.get("Company", ""),
            "department": row.get("Department", ""),
            "role": row.get("Job Title", ""),
            "linkedin_url": web if "linkedin.com" in web else "",
            "tags": ",".join(
                t.replace(",", " ") for t in _split_categories(row.get("Categories", ""))
            ),
            "notes": row.get("Notes", ""),
        }
        records.append(
            ImportRecord(table_row.line, {k: v for k, v in data.items() if v}, table_row.problem)
        )
    return records


def read_google(text: str) -> list[ImportRecord]:
    """Google Contacts CSV, in the current layout or the legacy one."""
    _, rows = table(text)
    records = []
    for table_row in rows:
        line, row = table_row.line, table_row.cells
        given = row.get("First Name") or row.get("Given Name") or ""
        family = row.get("Last Name") or row.get("Family Name") or ""
        middle = row.get("Middle Name") or row.get("Additional Name") or ""
        given = " ".join(p.strip() for p in (given, middle) if p.strip())
        name = row.get("Name") or full_name(given, family)
        points = _google_points(row)
        linkedin = next((v for k, _, v in points if k == "web" and "linkedin.com" in v), "")
        org = row.get("Organization Name") or row.get("Organization 1 - Name") or ""
        title = row.get("Organization Title") or row.get("Organization 1 - Title") or ""
        labels = row.get("Labels") or row.get("Group Membership") or ""
        tags = [
            t.strip().lstrip("* ").strip()
            for t in labels.split(" ::: ")
            # Google's own "My Contacts" group says nothing about the person.
            if t.strip() and t.replace(" ", "").strip("* ").casefold() != "mycontacts"
        ]
        data: dict[str, Any] = {
            "name": " ".join(name.split()),
            "given_name": given,
            "family_name": family.strip(),
            "name_suffix": (row.get("Name Suffix") or "").strip(),
            "title": (row.get("Name Prefix") or "").strip(),
            "points": [p for p in points if p[2] != linkedin],  # LinkedIn: a field of its own
            "linkedin_url": linkedin,
            "institution": org.strip(),
            "role": title.strip(),
            "tags": ",".join(t.replace(",", " ") for t in tags),
            "notes": row.get("Notes", "").strip(),
        }
        records.append(ImportRecord(line, {k: v for k, v in data.items() if v}, table_row.problem))
    return records
