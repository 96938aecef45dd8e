"""A contact's email addresses, phone numbers and web addresses, each with a label.

A physician has a hospital address, a university one and a personal one; a
desk line, a pager and a mobile. The store keeps any number of each kind, in
the order the user (or the file) gives them; the first of a kind is the one
the app writes to and shows first, and ``contact.email``/``contact.phone``
hold it for the tables and templates.

In a CSV cell a kind's points are written one per line as ``label: value``
(or just ``value``): the form ``lines`` writes and ``parse_lines`` reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from img_crm.domain.limits import text_problem
from img_crm.domain.rows import ContactPointRow
from img_crm.domain.text import clean_text

EMAIL, PHONE, WEB = "email", "phone", "web"
KINDS = (EMAIL, PHONE, WEB)
#: The labels the editor offers; a file's own ("Pager", "Lab") are kept as written.
LABELS = ("work", "home", "mobile", "other")
#: The CSV/JSON column that holds each kind, and the name an error gives.
COLUMNS = {EMAIL: "emails", PHONE: "phones", WEB: "websites"}
MAX_POINTS = 50
MAX_LABEL = 40

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

# Words files use for the same few labels (vCard TYPE values, Google's and
# Outlook's column labels, Apple's _$!<Mobile>!$_ labels), folded.
_LABEL_WORDS = {
    "work": "work",
    "business": "work",
    "office": "work",
    "home": "home",
    "personal": "home",
    "private": "home",
    "mobile": "mobile",
    "cell": "mobile",
    "cellular": "mobile",
    "iphone": "mobile",
    "other": "other",
    "main": "main",
    "assistant": "assistant",
    "assistantphone": "assistant",
    "assistant's phone": "assistant",
    "pager": "pager",
    "fax": "fax",
    "workfax": "work fax",
    "work fax": "work fax",
    "business fax": "work fax",
    "homefax": "home fax",
    "home fax": "home fax",
    "homepage": "homepage",
    "home page": "homepage",
    "blog": "blog",
    "profile": "profile",
}
#: Every label the app has words for (shown translated, stored as these).
KNOWN_LABELS = tuple(dict.fromkeys(_LABEL_WORDS.values()))
# vCard TYPE values that say how, not which: no label of their own.
_NOT_LABELS = {"internet", "pref", "voice", "x400", "text", "msg", "video", "uri", "x-internet"}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


def clean_label(raw: str) -> str:
    """One label as stored: Google's primary mark ("* Work"), Apple's
    ``_$!<Mobile>!$_`` wrapping and colons taken off; the usual words folded
    to ours ("Cell" -> "mobile"); anything else kept as written."""
    text = clean_text(str(raw or "")).strip("\"'").lstrip("* ").strip()
    apple = _APPLE_LABEL.match(text)
    if apple:
        text = apple.group(1)
    text = " ".join(text.replace(":", " ").split())
    folded = text.casefold()
    if folded in _NOT_LABELS:
        return ""
    return _LABEL_WORDS.get(folded, text)[:MAX_LABEL]


def label_from_types(types: Iterable[str]) -> str:
    """A label from vCard TYPE values (``WORK,VOICE``; ``CELL``; ``FAX,HOME``)."""
    words = []
    for part in types:
        for word in str(part).replace(";", ",").split(","):
            label = clean_label(word)
            if label and label not in words:
                words.append(label)
    if "fax" in words:
        where = next((w for w in words if w in ("work", "home")), "")
        return f"{where} fax".strip()
    for preferred in ("mobile", "work", "home", "pager", "main", "other"):
        if preferred in words:
            return preferred
    return words[0] if words else ""


def phone_number(value: str) -> str:
    """A ``tel:`` URI (vCard 4.0, or pasted from a web page) as the number
    people dial, with its extension."""
    if not value.casefold().startswith("tel:"):
        return value
    number, *params = value[4:].split(";")
    extension = next((p.split("=", 1)[1] for p in params if p.casefold().startswith("ext=")), "")
    return f"{number} ext. {extension}" if extension else number


def _value_problem(kind: str, value: str) -> str | None:
    problem = text_problem(value)
    if problem:
        return problem
    if kind == EMAIL and not EMAIL_PATTERN.match(value):
        return f"{value[:60]!r} does not look like an email address (name@example.org)"
    if kind == WEB and any(ch.isspace() for ch in value):
        return f"{value[:60]!r} is not a web address (it has a space)"
    return None


def _as_point(item: Any) -> tuple[str, str, str]:
    if isinstance(item, Mapping):
        return str(item.get("kind", "")), str(item.get("label", "")), str(item.get("value", ""))
    kind, label, value = item
    return str(kind), str(label), str(value)


def normalize_points(raw: Iterable[Any]) -> tuple[list[ContactPointRow], dict[str, str]]:
    """Cleaned points (kind, label, value) and ``{column: message}`` for bad
    ones. Empty values are dropped; a value given twice is kept once, at its
    first place (with the first label it had)."""
    points: list[ContactPointRow] = []
    errors: dict[str, str] = {}
    seen: dict[tuple[str, str], int] = {}
    for item in raw:
        kind, label, value = _as_point(item)
        kind = kind.strip().casefold()
        if kind not in KINDS:
            errors.setdefault("points", f"{kind!r} is not one of email, phone, web")
            continue
        value = clean_text(value)
        if kind == PHONE:
            value = phone_number(value)
        if not value:
            continue
        problem = _value_problem(kind, value)
        if problem:
            errors.setdefault(COLUMNS[kind], problem)
            continue
        label = clean_label(label)
        key = (kind, value.casefold())
        if key in seen:
            at = seen[key]
            if not points[at].label and label:
                points[at] = points[at]._replace(label=label)
            continue
        seen[key] = len(points)
        points.append(ContactPointRow(kind, label, value))
    if len(points) > MAX_POINTS:
        errors.setdefault("points", f"a contact keeps at most {MAX_POINTS} addresses and numbers")
    return points, errors


def set_aside(raw: Iterable[Any]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """A file's points, and note lines for the values that cannot be what
    they say and would refuse the whole contact: a web address with a space,
    an email that is not an address when the contact has a good one too
    (Android writes such). A contact's only email stays, to be listed as
    invalid: it is likely a typo the user wants to mend."""
    points = [_as_point(item) for item in raw]
    good_email = any(
        k.strip().casefold() == EMAIL and v.strip() and not _value_problem(EMAIL, clean_text(v))
        for k, _, v in points
    )
    kept, aside = [], []
    for kind, label, value in points:
        folded = kind.strip().casefold()
        text = clean_text(value)
        unusable = folded in (EMAIL, WEB) and text and _value_problem(folded, text)
        if unusable and (folded == WEB or good_email):
            what = "Not an email address" if folded == EMAIL else "Not a web address"
            aside.append(f"{what}{f' ({label})' if label else ''}: {text}")
        else:
            kept.append((kind, label, value))
    return kept, aside


_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


def first_of(points: Sequence[ContactPointRow], kind: str) -> str:
    return next((p.value for p in points if p.kind == kind), "")


def with_primary(
    points: Sequence[ContactPointRow], kind: str, value: str, *, replace: bool = True
) -> list[ContactPointRow]:
    """``points`` with ``value`` as the first of its kind. A value already
    among them moves to the front. Otherwise, with ``replace`` (an edit of
    "the" email or phone) the old first one takes the new value and keeps its
    label, and an empty value removes it; without, the value is added first."""
    if not points:  # an import's row with only "the" email or phone: the usual case
        return [ContactPointRow(kind, "", value)] if value else []
    others = [p for p in points if p.kind != kind]
    same = [p for p in points if p.kind == kind]
    existing = next((p for p in same if p.value.casefold() == value.casefold()), None)
    if not value:
        same = same[1:] if replace else same
    elif existing is not None:
        same = [existing, *(p for p in same if p is not existing)]
    elif same and replace:
        same = [same[0]._replace(value=value), *same[1:]]
    else:
        same = [ContactPointRow(kind, "", value), *same]
    return _in_kind_order([*others, *same])


def united(*groups: Sequence[ContactPointRow]) -> list[ContactPointRow]:
    """Every point of the groups, each value once, in the order first seen."""
    return normalize_points([p for group in groups for p in group])[0]


def _in_kind_order(points: Sequence[ContactPointRow]) -> list[ContactPointRow]:
    order = _KIND_ORDER
    return sorted(points, key=lambda p: order[p.kind])  # stable: each kind keeps its order


def lines(points: Sequence[ContactPointRow], kind: str) -> str:
    """One kind's points as a CSV cell, one per line: ``label: value``, or
    ``value`` alone. A label never holds a colon (``clean_label``), so the
    first ": " ends it; an unlabelled value that holds ": " itself is
    written after an empty label (": 555-1234 Ext: 22") to read back whole."""
    return "\n".join(_line(p) for p in points if p.kind == kind)


def _line(point: ContactPointRow) -> str:
    if point.label or ": " in point.value:
        return f"{point.label}: {point.value}"
    return point.value


_LABELLED = re.compile(rf"^([^:]{{0,{MAX_LABEL}}}): (.*)$")


def parse_lines(text: str, kind: str, *, semicolons: bool = False) -> list[tuple[str, str, str]]:
    """A cell written by ``lines`` as raw (kind, label, value) points; with
    ``semicolons`` they may also be separated by ``;`` (the command line's
    ``--phones "work: ...; mobile: ..."``). A cell is split at line ends
    only, since a label, a number or a web address may hold a ``;``."""
    separators = r"[\r\n;]+" if semicolons else r"[\r\n]+"
    points = []
    for line in re.split(separators, text or ""):
        line = line.strip()
        if not line:
            continue
        labelled = _LABELLED.match(line)
        if labelled:
            points.append((kind, labelled.group(1), labelled.group(2)))
        else:
            points.append((kind, "", line))
    return points
