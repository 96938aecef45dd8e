"""What the command prints: aligned tables, JSON, and sentences.

Every handler prints through here, so tables align names from every script
(wide East Asian characters count twice), JSON is the same everywhere (UTF-8,
dates as ISO text), and a refusal is one line on stderr.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from img_crm import APP_NAME


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def width(text: str) -> int:
    """Columns a text takes in a terminal: wide East Asian characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max([width(h), *(width(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    for line in [headers, *rows]:
        cells = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(line)]
        print("  ".join(cells).rstrip())


def print_fields(values: dict[str, Any]) -> None:
    """``key: value`` lines, "-" for what is empty."""
    for key, value in values.items():
        print(f"{key}: {value if value not in ('', None, [], ()) else '-'}")


def print_own_fields(values: dict[str, str]) -> None:
    """A record's fields of the user's own, one ``  name: value`` line each
    under a heading (their names are the user's, apart from the built-in ones)."""
    if values:
        print("your fields:")
        for name, value in values.items():
            print(f"  {name}: {value}")


def say(sentence: str) -> None:
    """One sentence on stderr, named as img-crm's."""
    print(f"{APP_NAME}: {sentence}", file=sys.stderr)


def warn(sentence: str) -> None:
    print(f"warning: {sentence}", file=sys.stderr)
