"""Narrowing a table by one of the user's own fields (#24).

A filter keeps the records whose value of one field passes: one of the
chosen choices, yes or no, text holding every word typed, a number or a
date within bounds (both ends kept). "No value" is a filter of its own, so
the user can find the records still to fill in. Pure: the tables apply it
to the values they already hold.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from img_crm.domain.custom_fields import FieldDef, FieldKind
from img_crm.domain.text import fold, query_words

#: In ``FieldFilter.wanted`` of a choice field: the records with no value.
NO_CHOICE = ""


@dataclass(frozen=True, slots=True)
class FieldFilter:
    """What one field's filter keeps; bounds are values as stored."""

    field: FieldDef
    #: choice: the choices kept (``NO_CHOICE`` for none); yes/no: {"yes"} or {"no"}.
    wanted: frozenset[str] = frozenset()
    #: text: words that must all be in the value (case and accents aside).
    words: str = ""
    low: str | None = None
    high: str | None = None
    #: Only the records with no value (any kind).
    no_value: bool = False
    #: ``words`` folded and a number's bounds read once, not once per record.
    _words: tuple[str, ...] = dataclasses.field(init=False, repr=False, compare=False)
    _numbers: tuple[float, float] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_words", query_words(self.words))
        numbers = (-math.inf, math.inf)
        if self.field.kind is FieldKind.NUMBER:
            numbers = (
                -math.inf if self.low is None else float(self.low),
                math.inf if self.high is None else float(self.high),
            )
        object.__setattr__(self, "_numbers", numbers)

    def keeps(self, stored: str | None) -> bool:
        empty = stored is None or stored == ""
        if self.no_value:
            return empty
        kind = self.field.kind
        if kind is FieldKind.YES_NO:  # "no" is also a value never set
            return (stored == "yes") == ("yes" in self.wanted)
        if kind is FieldKind.CHOICE:
            return (NO_CHOICE if empty else stored) in self.wanted
        if stored is None or stored == "":
            return False
        if kind is FieldKind.TEXT:
            folded = fold(stored)
            return all(word in folded for word in self._words)
        if kind is FieldKind.NUMBER:
            try:
                number = float(stored)
            except ValueError:
                return False
            low, high = self._numbers
            return low <= number <= high
        # DATE: ISO days compare as text
        return (self.low is None or stored >= self.low) and (
            self.high is None or stored <= self.high
        )


def still_fits(chosen: FieldFilter, field: FieldDef) -> FieldFilter | None:
    """The filter for a field defined anew (renamed, its choices changed):
    the same filter on the new definition, the choices that are gone left
    out; None when it no longer means anything (another kind, or none of
    its choices is left)."""
    if field.kind is not chosen.field.kind:
        return None
    if field.kind is FieldKind.CHOICE and not chosen.no_value:
        wanted = frozenset(c for c in chosen.wanted if c == NO_CHOICE or c in field.choices)
        if not wanted:
            return None
        return replace(chosen, field=field, wanted=wanted)
    return replace(chosen, field=field)


def keeps_all(filters: Sequence[FieldFilter], values: Mapping[int, str] | None) -> bool:
    """Whether one record (its values by field id) passes every filter."""
    mine = values or {}
    return all(f.keeps(mine.get(f.field.id)) for f in filters)
