"""The user's own fields as table columns (#24): shown after the built-in
columns (hidden until the user shows them), sorted as their kind sorts,
searched, and narrowed by field filters.

One base for the Contacts, Programs and Letters tables, so a field behaves
the same on each. A subclass keeps its own search and looks in ``own_texts``
and ``own_kept``/``own_keeps`` from it; ``set_field_filter`` asks it to
search again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt

from img_crm.domain.custom_fields import FieldDef, FieldKind, sort_value
from img_crm.domain.field_filters import FieldFilter, keeps_all, still_fits
from img_crm.domain.text import haystack
from img_crm.ui.models.table import Column, RowTableModel


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


Row = TypeVar("Row", bound=_HasId)
_EMPTY: Mapping[int, str] = {}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def shown_value(field: FieldDef, stored: str | None) -> str:
    """A stored value as a cell shows it (yes/no in the user's language)."""
    if stored is None:
        return ""
    if field.kind is FieldKind.YES_NO:
        yes = stored == "yes"
        return QCoreApplication.translate("OwnColumns", "Yes" if yes else "No")
    return stored


class OwnFieldsModel(RowTableModel[Row]):
    """A table whose rows may carry values of the user's own fields."""

    def __init__(self, columns: Sequence[Column[Row]], parent: QObject | None = None) -> None:
        self._base = list(columns)
        self._own: list[FieldDef] = []
        self._own_values: Mapping[int, Mapping[int, str]] = {}
        #: Each record's folded values, for the search.
        self._own_text: dict[int, str] = {}
        self._field_filters: dict[int, FieldFilter] = {}
        #: Bumped when a filter changes: a search is then not a narrowing.
        self.filter_generation = 0
        #: The fields whose columns were shown when the window last closed,
        #: and the field it was sorted by (applied once the fields are read).
        self.shown_at_start: set[int] = set()
        self.sort_field_at_start: tuple[int, Qt.SortOrder] | None = None
        #: Whether the fields were read yet (a window closed before keeps
        #: what was saved last time).
        self.own_read = False
        self._passing: set[int] = set()
        self._passing_key: tuple[int, int, int] | None = None
        super().__init__(columns, parent)

    def set_own(self, fields: Sequence[FieldDef], values: Mapping[int, Mapping[int, str]]) -> None:
        """A column for each field, after the built-in ones. A sort by a
        field stays on that field wherever it moved (gone with it); a filter
        follows its field's new name and choices (``still_fits``)."""
        sorted_field = self.sorted_field()
        self.beginResetModel()
        self.own_read = True
        self._own = list(fields)
        self._own_values = values
        self._columns = [*self._base, *(self._own_column(f) for f in self._own)]
        self._own_text = {ident: haystack(mine.values()) for ident, mine in values.items() if mine}
        by_id = {field.id: field for field in self._own}
        kept: dict[int, FieldFilter] = {}
        for ident, chosen in self._field_filters.items():
            now = by_id.get(ident)
            fitted = None if now is None else still_fits(chosen, now)
            if fitted is not None:
                kept[ident] = fitted
        if kept != self._field_filters:
            self.filter_generation += 1
        self._field_filters = kept
        self._sorted = None
        if sorted_field is not None and self._sort is not None:
            section = self.own_section(sorted_field)
            self._sort = None if section is None else (section, self._sort[1])
        self._refilter()
        self.endResetModel()

    def sorted_field(self) -> int | None:
        """The field the rows are sorted by, if any."""
        if self._sort is None or self._sort[0] < len(self._base):
            return None
        index = self._sort[0] - len(self._base)
        return self._own[index].id if index < len(self._own) else None

    def has_own(self) -> bool:
        return bool(self._own)

    def own_fields(self) -> list[FieldDef]:
        return list(self._own)

    def own_section(self, field_id: int) -> int | None:
        """The column that shows a field, or None."""
        for n, field in enumerate(self._own):
            if field.id == field_id:
                return len(self._base) + n
        return None

    def field_filters(self) -> list[FieldFilter]:
        """The filters in force, in the fields' order."""
        order = {field.id: n for n, field in enumerate(self._own)}
        return sorted(self._field_filters.values(), key=lambda f: order.get(f.field.id, 0))

    def set_field_filter(self, field_id: int, chosen: FieldFilter | None) -> None:
        """Narrow by a field (None: that field's filter is taken off)."""
        if chosen is None:
            self._field_filters.pop(field_id, None)
        else:
            self._field_filters[field_id] = chosen
        self.filter_generation += 1
        self.search_again()

    def clear_field_filters(self) -> None:
        if self._field_filters:
            self._field_filters = {}
            self.filter_generation += 1
            self.search_again()

    def search_again(self) -> None:
        """Apply the search and filters anew (a subclass keeps its own terms)."""
        raise NotImplementedError

    def own_kept(self, rows: Sequence[Row]) -> list[bool] | None:
        """Which rows every field filter keeps; None when there is no filter."""
        if not self._field_filters:
            return None
        passing = self._passing_ids()
        return [r.id in passing for r in rows]

    def own_keeps(self, row: Row) -> bool:
        return not self._field_filters or row.id in self._passing_ids()

    def _passing_ids(self) -> set[int]:
        """The records every filter keeps, worked out once per change of the
        filters, the values or the rows: a keystroke then only looks them up
        (100,000 contacts in milliseconds)."""
        key = (self.filter_generation, id(self._all), id(self._own_values))
        if self._passing_key != key:
            filters = list(self._field_filters.values())
            values = self._own_values
            self._passing = {r.id for r in self._all if keeps_all(filters, values.get(r.id))}
            self._passing_key = key
        return self._passing

    def own_texts(self) -> Mapping[int, str]:
        """Each record's folded values of its fields, for a search to look in."""
        return self._own_text

    def _own_column(self, field: FieldDef) -> Column[Row]:
        values = self._own_values

        def value(row: Row) -> str:
            return shown_value(field, values.get(row.id, _EMPTY).get(field.id))

        return Column(
            field.name,
            value,
            sort_key=lambda row: sort_value(field, values.get(row.id, _EMPTY).get(field.id)),
            align=_RIGHT if field.kind is FieldKind.NUMBER else _LEFT,
            width=min(max(10, len(field.name) + 2), 30),  # its header read whole
            hidden=True,
        )
