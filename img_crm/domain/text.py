"""Text keys for names from every script: accent-insensitive search and sorting.

Latin, Greek and Cyrillic letters lose their diacritics ("Nguyễn" -> "nguyen",
"Ёлкин" -> "елкин") and Arabic loses its optional short-vowel marks, so a
user can type a name the way a keyboard makes it easy. Marks that carry
meaning in other scripts (Devanagari vowel signs, for example) are kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Letters that carry a stroke rather than a combining mark, so NFKD keeps them.
_STROKED = str.maketrans(
    {
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ð": "d",
        "þ": "th",
    }
)


def _strips_marks(base: str) -> bool:
    """Whether combining marks on this base character are optional diacritics."""
    code = ord(base)
    return code < 0x0530 or 0x1E00 <= code <= 0x1FFF


def _is_arabic_vowel_mark(mark: str) -> bool:
    code = ord(mark)
    return 0x064B <= code <= 0x065F or code == 0x0670


def is_number(text: str) -> bool:
    """Plain ASCII digits only ("²" and "٣" are digits to ``str.isdigit`` but not to ``int``)."""
    return text.isascii() and text.isdigit()


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Drop control characters (a NUL would end the text for SQLite) and fold spaces.

    One-line fields come back single-spaced; multi-line ones keep their line
    breaks and tabs, trimmed at both ends.
    """
    if text.isprintable():  # no control characters: the common case, checked in C
        return text.strip() if multiline else " ".join(text.split())
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(
        ch
        if unicodedata.category(ch) != "Cc" or (multiline and ch in "\n\t")
        else (" " if ch.isspace() else "")
        for ch in text
    )
    return kept.strip() if multiline else " ".join(kept.split())


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Return a case- and accent-insensitive key for matching ``text``.

    Plain ASCII (most emails, institutions and many names) takes a fast path,
    and a small cache serves the values that repeat (hospitals, specialties):
    a 100,000-contact list folds its search keys at start-up."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_STROKED))
    kept: list[str] = []
    base = " "
    for char in decomposed:
        if unicodedata.combining(char):
            if _strips_marks(base) or _is_arabic_vowel_mark(char):
                continue
        else:
            base = char
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).casefold()


def sort_key(text: str) -> tuple[str, str]:
    """Order names by their folded form, then exactly, so sorting is stable."""
    return (fold(text).strip(), text)


def query_words(query: str) -> tuple[str, ...]:
    """The folded words of a search, folded once rather than once per row."""
    return tuple(fold(query).split())


def matches(query: str, haystack_folded: str) -> bool:
    """True when every word of ``query`` occurs in the pre-folded haystack."""
    return all(word in haystack_folded for word in query_words(query))


def haystack(parts: Iterable[str | None]) -> str:
    """Fold and join the searchable fields of one row."""
    return "\x1f".join(fold(part) for part in parts if part)


def counted(count: int, one: str, many: str) -> str:
    """'1 rating', '3 ratings' (English; the window's words go through tr())."""
    return f"{count} {one if count == 1 else many}"
