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
