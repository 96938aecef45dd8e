"""People's names as files give them: the honorific is the title, not part of the name."""

from __future__ import annotations

import re

#: Honorifics that open a name in address books and CSV exports.
_HONORIFIC = re.compile(r"^(dr|prof|professor|mr|mrs|ms|mx|miss|sir|dame)\.?(?=\s)", re.IGNORECASE)


def split_title(name: str, title: str = "") -> tuple[str, str]:
    """(name, title): a title given apart is taken off the front of the name
    ("Dr. Ana Lima" with "Dr." is Ana Lima, Dr.); a name that starts with an
    honorific and has no title gives it up as the title. Every importer uses
    this, so a prefix means the same thing in every format."""
    name, title = " ".join(name.split()), title.strip()
    if title:
        if name.casefold().startswith(title.casefold() + " "):
            name = name[len(title) :].strip()
        return name, title
    found = _HONORIFIC.match(name)
    if found and len(name.split()) > 1:
        return name[found.end() :].strip(), found.group(0)
    return name, ""


def _is_cjk(text: str) -> bool:
    """Written in Han, Hiragana, Katakana or Hangul (names written family first, unspaced)."""
    if text.isascii():  # most names: no need to look at each letter
        return False
    letters = [c for c in text if not c.isspace()]
    return bool(letters) and all(
        "\u4e00" <= c <= "\u9fff"
        or "\u3400" <= c <= "\u4dbf"
        or "\u3040" <= c <= "\u30ff"
        or "\uac00" <= c <= "\ud7af"
        or "\uf900" <= c <= "\ufaff"
        for c in letters
    )


def full_name(given: str, family: str) -> str:
    """The whole name from its parts as people write it: "李伟" from given 伟 and
    family 李 (Chinese, Japanese and Korean names put the family first, with no
    space), "Ana Lima" from Ana and Lima."""
    given, family = " ".join(given.split()), " ".join(family.split())
    if given and family and _is_cjk(given) and _is_cjk(family):
        return family + given
    return " ".join(part for part in (given, family) if part)
