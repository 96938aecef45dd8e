"""Reading vCards as phones and mail programs write them (2.1, 3.0 and 4.0)."""

from __future__ import annotations

import logging
import re
from typing import Any

from img_crm.errors import UserError
from img_crm.services.import_formats import ImportRecord

_BEGIN = re.compile(r"^BEGIN:VCARD", re.IGNORECASE | re.MULTILINE)


def _flat(value: Any) -> str:
    """vobject gives strings, lists, or lists of lists (a comma inside a part)."""
    if isinstance(value, list | tuple):
        return " ".join(part for part in (_flat(v) for v in value) if part)
    return "" if value is None else str(value).strip()


def read_vcards(text: str) -> list[ImportRecord]:
    """vCard 3.0 and 4.0 (and 2.1) through vobject: several emails and phones,
    folded lines, UTF-8 and quoted-printable names."""
    import vobject  # a dependency of imports only

    # vobject prints each line it skips, with the line's text, on stderr through
    # a handler of its own: the user's data has no place there.
    logging.getLogger("vobject").disabled = True
    logging.getLogger("vobject.base").disabled = True
    starts = [text.count("\n", 0, m.start()) + 1 for m in _BEGIN.finditer(text)]
    records = []
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as exc:  # vobject raises several private error types
        line = getattr(exc, "lineNumber", None)
        where = f" (near line {line})" if line else ""
        raise UserError(f"The vCard file cannot be read{where}.") from exc
    for index, card in enumerate(cards):
        line = starts[index] if index < len(starts) else 0
        if card.name.upper() != "VCARD":
            continue

        def values(key: str, card: Any = card) -> list[str]:
            return [_flat(c.value) for c in card.contents.get(key, []) if _flat(c.value)]

        name = (values("fn") or [""])[0]
        if not name and "n" in card.contents:
            n = card.n.value
            name = _flat([n.prefix, n.given, n.additional, n.family])
        emails, phones = values("email"), values("tel")
        orgs = card.contents.get("org", [])
        org = ""
        if orgs:
            org = _flat(orgs[0].value)
        urls = values("url")
        notes = values("note")
        if emails[1:]:
            notes.append("Other emails: " + ", ".join(emails[1:]))
        if phones[1:]:
            notes.append("Other phones: " + ", ".join(phones[1:]))
        data: dict[str, Any] = {
            "name": " ".join(name.split()),
            "email": emails[0] if emails else "",
            "phone": phones[0] if phones else "",
            "institution": " ".join(org.split()),
            "role": (values("title") or values("role") or [""])[0],
            "linkedin_url": next((u for u in urls if "linkedin.com" in u), ""),
            "notes": "\n".join(notes),
        }
        categories = card.contents.get("categories", [])
        if categories:
            value = categories[0].value
            parts = value if isinstance(value, list) else [value]
            data["tags"] = ",".join(_flat(part) for part in parts)
        records.append(ImportRecord(line, {k: v for k, v in data.items() if v}))
    return records
