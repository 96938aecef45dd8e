"""Reading vCards as phones and mail programs write them (2.1, 3.0 and 4.0).

vobject parses the cards; ``clean_vcard_text`` first mends what real
exporters write and vobject trips on or misreads: quoted-printable values
with soft line breaks (even inside one UTF-8 character) and a ``CHARSET``,
base64 photos in 2.1 (img-crm keeps no photos), Lotus Notes' ``PROFILE``
line, and commas left unescaped in a name, an organisation or a note, which
would otherwise split the value.
"""

from __future__ import annotations

import codecs
import logging
import quopri
import re
from typing import Any

from img_crm.domain.names import full_name
from img_crm.errors import UserError
from img_crm.services.import_formats import ImportRecord

_BEGIN = re.compile(r"^BEGIN:VCARD", re.IGNORECASE | re.MULTILINE)
#: Properties whose value img-crm does not keep and that break 2.1 parsing.
_DROPPED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "PROFILE", "AGENT"})
#: Single text values (or ;-separated parts) in which a comma is only a comma.
_TEXT = frozenset({"FN", "ORG", "TITLE", "ROLE", "NOTE", "NICKNAME"})
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")


def _is_qp(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def _logical_lines(text: str) -> list[str]:
    """Unfold RFC folding (a line that starts with a space or a tab) and
    quoted-printable soft line breaks (a QP line that ends with ``=``)."""
    physical = text.splitlines()
    logical: list[str] = []
    index = 0
    while index < len(physical):
        line = physical[index]
        index += 1
        if not line.strip():
            continue
        if line[:1] in (" ", "\t") and logical:
            logical[-1] += line[1:]
            continue
        while _is_qp(line) and line.endswith("=") and index < len(physical):
            line = line[:-1] + physical[index]
            index += 1
        logical.append(line)
    return logical


def _decode_qp(value: str, charset: str) -> str:
    raw = quopri.decodestring(value.encode("utf-8"))
    for encoding in (charset, "utf-8", "cp1252"):
        try:
            codecs.lookup(encoding)
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")


def _escape(value: str) -> str:
    """A decoded 2.1 value as vCard 3.0 text: newlines and commas escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _UNESCAPED_COMMA.sub(r"\\,", value)


def clean_vcard_text(text: str) -> str:
    """The same cards, in a form vobject reads whole (see the module's doc)."""
    out: list[str] = []
    for line in _logical_lines(text):
        head, colon, value = line.partition(":")
        if not colon:
            continue  # not a property line: vobject would skip it with a warning
        group, _, rest = head.rpartition(".") if "." in head.split(";", 1)[0] else ("", "", head)
        name, *params = rest.split(";")
        upper = name.strip().upper()
        if upper in _DROPPED:
            continue
        kept: list[str] = []
        charset, quoted = "utf-8", False
        for param in params:
            key = param.strip().upper()
            if key in ("QUOTED-PRINTABLE", "ENCODING=QUOTED-PRINTABLE"):
                quoted = True
            elif key.startswith("CHARSET="):
                charset = param.split("=", 1)[1].strip().strip('"')
            elif key in ("ENCODING=8BIT", "8BIT"):
                continue
            else:
                kept.append(param)
        if quoted:
            value = _escape(_decode_qp(value, charset))
        elif upper in _TEXT:
            value = _UNESCAPED_COMMA.sub(r"\\,", value)
        prefix = f"{group}." if group else ""
        out.append(prefix + ";".join([name, *kept]) + ":" + value)
    return "\r\n".join(out) + "\r\n"


def _flat(value: Any) -> str:
    """vobject gives strings, lists, or lists of lists (a comma inside a part)."""
    if isinstance(value, list | tuple):
        return " ".join(part for part in (_flat(v) for v in value) if part)
    return "" if value is None else str(value).strip()


def phone_number(value: str) -> str:
    """A ``tel:`` URI (vCard 4.0) as the number people dial, with its extension."""
    if not value.casefold().startswith("tel:"):
        return value
    number, *params = value[4:].split(";")
    extension = next((p.split("=", 1)[1] for p in params if p.casefold().startswith("ext=")), "")
    return f"{number} ext. {extension}" if extension else number


def without_prefix(name: str, prefix: str) -> str:
    """ "Dr. Ana Lima" with the prefix "Dr." is Ana Lima: the prefix is the title."""
    if prefix and name.casefold().startswith(prefix.casefold() + " "):
        return name[len(prefix) :].strip()
    return name


def read_vcards(text: str) -> list[ImportRecord]:
    """vCard 2.1, 3.0 and 4.0 through vobject, after ``clean_vcard_text``."""
    import vobject  # a dependency of imports only

    # vobject logs each line it skips, with the line's text: the user's data
    # has no place on stderr.
    logging.getLogger("vobject").disabled = True
    logging.getLogger("vobject.base").disabled = True
    starts = [text.count("\n", 0, m.start()) + 1 for m in _BEGIN.finditer(text)]
    records = []
    try:
        cards = list(vobject.readComponents(clean_vcard_text(text), ignoreUnreadable=True))
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

        prefix = given = family = suffix = ""
        name = (values("fn") or [""])[0]
        if "n" in card.contents:
            n = card.n.value
            prefix, suffix, family = _flat(n.prefix), _flat(n.suffix), _flat(n.family)
            given = _flat([n.given, n.additional])
            if not name:
                name = " ".join(p for p in (full_name(given, family), suffix) if p)
        emails = values("email")
        phones = [phone_number(p) for p in values("tel")]
        institution, department = "", ""
        orgs = card.contents.get("org", [])
        if orgs:
            parts = orgs[0].value if isinstance(orgs[0].value, list) else [orgs[0].value]
            flat = [_flat(part) for part in parts]
            institution = flat[0] if flat else ""
            department = ", ".join(p for p in flat[1:] if p)
        urls = [u.replace("\\:", ":") for u in values("url")]
        notes = values("note")
        if emails[1:]:
            notes.append("Other emails: " + ", ".join(emails[1:]))
        if phones[1:]:
            notes.append("Other phones: " + ", ".join(phones[1:]))
        data: dict[str, Any] = {
            "name": " ".join(name.split()),
            "given_name": given,
            "family_name": family,
            "name_suffix": suffix,
            "title": prefix,
            "email": emails[0] if emails else "",
            "phone": phones[0] if phones else "",
            "institution": " ".join(institution.split()),
            "department": department,
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
