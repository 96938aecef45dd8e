"""Reading vCards as phones and mail programs write them (2.1, 3.0 and 4.0).

vobject parses the cards; ``clean_vcard_text`` first mends what real
exporters write and vobject trips on or misreads: quoted-printable values
with soft line breaks (even inside one UTF-8 character) and a ``CHARSET``,
base64 photos in 2.1 (img-crm keeps no photos), Lotus Notes' ``PROFILE``
line, and commas left unescaped in a name, an organisation or a note, which
would otherwise split the value.
"""

from __future__ import annotations

import base64
import binascii
import logging
import quopri
import re
from typing import Any

from img_crm.domain.contact_points import label_from_types, phone_number
from img_crm.domain.names import full_name
from img_crm.errors import UserError
from img_crm.services.import_formats import ImportRecord

_PUBMED = re.compile(
    r"^https?://(pubmed\.ncbi\.nlm\.nih\.gov|www\.ncbi\.nlm\.nih\.gov/pubmed)", re.I
)
_LINE_END = re.compile(r"\r\n|\r|\n")
#: Properties whose value img-crm does not keep and that break 2.1 parsing.
_DROPPED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "PROFILE", "AGENT"})
#: Single text values (or ;-separated parts) in which a comma is only a comma.
_TEXT = frozenset({"FN", "ORG", "TITLE", "ROLE", "NOTE", "NICKNAME"})
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")
#: Properties with no field of their own, kept as lines of the notes.
_KEPT_IN_NOTES = (
    ("nickname", "Nickname"),
    ("bday", "Birthday"),
    ("anniversary", "Anniversary"),
    ("x-anniversary", "Anniversary"),
    ("adr", "Address"),
    ("impp", "Instant messaging"),
    *((f"x-{name}", "Instant messaging") for name in ("aim", "icq", "jabber", "msn", "skype")),
    *((f"x-{name}", "Instant messaging") for name in ("yahoo", "gtalk", "qq", "gadugadu")),
    ("x-abrelatednames", "Related"),
    ("related", "Related"),
)


def _is_qp(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first physical line, text) of each property: RFC folding (a line that
    starts with a space or a tab) and quoted-printable soft line breaks (a QP
    line that ends with ``=``) unfolded. Lines end at CR or LF only: a form
    feed or U+2028 inside a value is part of it."""
    physical = _LINE_END.split(text)
    logical: list[tuple[int, str]] = []
    index = 0
    while index < len(physical):
        number, line = index + 1, physical[index]
        index += 1
        if not line.strip():
            continue
        if line[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + line[1:])
            continue
        while _is_qp(line) and line.endswith("=") and index < len(physical):
            line = line[:-1] + physical[index]
            index += 1
        logical.append((number, line))
    return logical


def _decode_bytes(raw: bytes, charset: str) -> str:
    """Bytes of one value in the charset it names (UTF-8, then Windows-1252,
    when the name is unknown, not a text encoding, or wrong)."""
    for encoding in (charset, "utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeError, ValueError):
            continue
    return raw.decode("utf-8", errors="replace")


def _decode_qp(value: str, charset: str) -> str:
    return _decode_bytes(quopri.decodestring(value.encode("utf-8")), charset)


def _decode_base64(value: str, charset: str) -> str | None:
    try:
        return _decode_bytes(base64.b64decode(value.strip(), validate=False), charset)
    except (binascii.Error, ValueError):
        return None


def _escape(value: str) -> str:
    """A decoded value as vCard 3.0 text: backslashes, newlines and commas escaped."""
    value = value.replace("\\", "\\\\")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _UNESCAPED_COMMA.sub(r"\\,", value)


def _property(line: str) -> str | None:
    """One property line mended for vobject, or None to leave it out."""
    head, colon, value = line.partition(":")
    if not colon:
        return None  # not a property line: vobject would skip it with a warning
    group, _, rest = head.rpartition(".") if "." in head.split(";", 1)[0] else ("", "", head)
    name, *params = rest.split(";")
    upper = name.strip().upper()
    if upper in _DROPPED:
        return None
    kept: list[str] = []
    charset, encoded = "utf-8", ""
    for param in params:
        key = param.strip().upper()
        if key in ("QUOTED-PRINTABLE", "ENCODING=QUOTED-PRINTABLE"):
            encoded = "qp"
        elif key in ("BASE64", "ENCODING=BASE64", "ENCODING=B"):
            encoded = "base64"
        elif key.startswith("CHARSET="):
            charset = param.split("=", 1)[1].strip().strip('"')
        elif key in ("ENCODING=8BIT", "8BIT"):
            continue
        else:
            kept.append(param)
    if encoded == "qp":
        value = _escape(_decode_qp(value, charset))
    elif encoded == "base64":
        decoded = _decode_base64(value, charset)
        if decoded is None:
            return None
        value = _escape(decoded)
    elif upper in _TEXT:
        value = _UNESCAPED_COMMA.sub(r"\\,", value)
    if (len(value) - len(value.rstrip("\\"))) % 2:
        value += "\\"  # a lone backslash at the end escapes nothing: keep it as one
    prefix = f"{group}." if group else ""
    return prefix + ";".join([name, *kept]) + ":" + value


def _mended(text: str) -> tuple[str, list[int]]:
    """The cards as vobject can read them, and the line each starts on. Lines
    outside a card (vobject would make them a card that hides the next ones)
    and components inside one (img-crm reads none) are left out; a card
    missing its END is closed."""
    out: list[str] = []
    starts: list[int] = []
    depth = 0
    for number, line in _logical_lines(text):
        word, _, what = line.partition(":")
        word, what = word.strip().upper(), what.strip().upper()
        if word == "BEGIN":
            depth += 1
            if depth == 1 and what == "VCARD":
                if out and not out[-1].upper().startswith("END:"):
                    out.append("END:VCARD")
                starts.append(number)
                out.append("BEGIN:VCARD")
            elif depth == 1:
                depth = 0  # some other object at the top: not a card, left out
            continue
        if word == "END":
            if depth == 1:
                out.append("END:VCARD")
            depth = max(depth - 1, 0)
            continue
        if depth != 1:
            continue
        mended = _property(line)
        if mended is not None:
            out.append(mended)
    if depth:
        out.append("END:VCARD")
    return "\r\n".join(out) + "\r\n", starts


def clean_vcard_text(text: str) -> str:
    """The same cards, in a form vobject reads whole (see the module's doc)."""
    return _mended(text)[0]


def _flat(value: Any) -> str:
    """vobject gives strings, lists, or lists of lists (a comma inside a part)."""
    if isinstance(value, list | tuple):
        return " ".join(part for part in (_flat(v) for v in value) if part)
    return "" if value is None else str(value).strip()


def without_prefix(name: str, prefix: str) -> str:
    """ "Dr. Ana Lima" with the prefix "Dr." is Ana Lima: the prefix is the title."""
    if prefix and name.casefold().startswith(prefix.casefold() + " "):
        return name[len(prefix) :].strip()
    return name


def _labels_by_group(card: Any) -> dict[str, str]:
    """Apple's and Google's ``item1.X-ABLabel`` labels, by their group."""
    return {
        str(line.group).casefold(): _flat(line.value)
        for line in card.contents.get("x-ablabel", [])
        if line.group
    }


def _points(card: Any) -> list[tuple[str, str, str]]:
    """Every EMAIL, TEL and URL of a card with its label: the group's
    X-ABLabel when it has one, else its TYPE (``WORK``, 2.1's bare ``CELL``)."""
    labels = _labels_by_group(card)
    points = []
    for key, kind in (("email", "email"), ("tel", "phone"), ("url", "web")):
        for line in card.contents.get(key, []):
            value = _flat(line.value)
            if not value:
                continue
            if kind == "phone":
                value = phone_number(value)
            elif kind == "web":
                value = value.replace("\\:", ":")
            label = labels.get(str(line.group or "").casefold(), "")
            if not label:
                label = label_from_types([*line.params.get("TYPE", []), *line.singletonparams])
            points.append((kind, label, value))
    return points


def read_vcards(text: str) -> list[ImportRecord]:
    """vCard 2.1, 3.0 and 4.0 through vobject, after ``clean_vcard_text``."""
    import vobject  # a dependency of imports only

    # vobject logs each line it skips, with the line's text: the user's data
    # has no place on stderr.
    logging.getLogger("vobject").disabled = True
    logging.getLogger("vobject.base").disabled = True
    mended, starts = _mended(text)
    records = []
    try:
        cards = list(vobject.readComponents(mended, ignoreUnreadable=True))
    except Exception as exc:  # vobject raises several private error types
        raise UserError("The vCard file cannot be read: it is not in vCard form.") from exc
    for index, card in enumerate(cards):
        line = starts[index] if index < len(starts) else 0
        if card.name.upper() != "VCARD":
            continue

        def values(key: str, card: Any = card) -> list[str]:
            found = (_flat(getattr(c, "value", None)) for c in card.contents.get(key, []))
            return [value for value in found if value]

        prefix = given = family = suffix = ""
        name = (values("fn") or [""])[0]
        if "n" in card.contents:
            n = card.n.value
            prefix, suffix, family = _flat(n.prefix), _flat(n.suffix), _flat(n.family)
            given = _flat([n.given, n.additional])
            if not name:
                name = " ".join(p for p in (full_name(given, family), suffix) if p)
        points = _points(card)
        institution, department = "", ""
        orgs = card.contents.get("org", [])
        if orgs:
            parts = orgs[0].value if isinstance(orgs[0].value, list) else [orgs[0].value]
            flat = [_flat(part) for part in parts]
            institution = flat[0] if flat else ""
            department = ", ".join(p for p in flat[1:] if p)
        linkedin = next((v for k, _, v in points if k == "web" and "linkedin.com" in v), "")
        pubmed = next(
            (v for k, _, v in points if k == "web" and _PUBMED.match(v)),
            "",
        )
        points = [p for p in points if p[2] not in (linkedin, pubmed)]  # fields of their own
        notes = values("note")
        # What img-crm has no field for is kept in the notes, never dropped.
        kept: dict[str, list[str]] = {}
        for key, caption in _KEPT_IN_NOTES:
            for value in values(key):
                one_line = ", ".join(p.strip() for p in value.splitlines() if p.strip())
                kept.setdefault(caption, []).append(one_line)
        notes.extend(f"{caption}: " + "; ".join(found) for caption, found in kept.items())
        data: dict[str, Any] = {
            "name": " ".join(name.split()),
            "given_name": given,
            "family_name": family,
            "name_suffix": suffix,
            "title": prefix,
            "points": points,
            "institution": " ".join(institution.split()),
            "department": department,
            "role": (values("title") or values("role") or [""])[0],
            "linkedin_url": linkedin,
            "pubmed_url": pubmed,
            "notes": "\n".join(notes),
        }
        categories = card.contents.get("categories", [])
        if categories:
            value = categories[0].value
            parts = value if isinstance(value, list) else [value]
            data["tags"] = ",".join(_flat(part) for part in parts)
        own = {}
        for prop in card.contents.get("x-img-crm-field", []):  # our own fields, read back
            name = " ".join(str((prop.params.get("X-NAME") or [""])[0]).split())
            if name and _flat(prop.value).strip():
                own[name] = _flat(prop.value)
        if own:
            data["fields"] = own
        records.append(ImportRecord(line, {k: v for k, v in data.items() if v}))
    return records
