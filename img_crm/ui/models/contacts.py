"""The Contacts table: columns, search keys and filters."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from img_crm.domain.enums import Stage
from img_crm.domain.text import haystack, matches, sort_key
from img_crm.store.contacts import ContactRow
from img_crm.ui.icons import stage_icon
from img_crm.ui.labels import stage_label
from img_crm.ui.models.table import Column, RowTableModel, none_last


def _tr(text: str) -> str:
    return QCoreApplication.translate("ContactsModel", text)


def contact_columns() -> list[Column[ContactRow]]:
    return [
        Column(_tr("Name"), lambda r: r.name, sort_key=lambda r: sort_key(r.name), width=20),
        Column(
            _tr("Stage"),
            lambda r: stage_label(r.stage),
            sort_key=lambda r: Stage(r.stage).rank,
            decoration=lambda r: stage_icon(r.stage),
            width=7,
        ),
        Column(
            _tr("Role"),
            lambda r: r.role,
            sort_key=lambda r: none_last(sort_key(r.role)[0]),
            width=20,
        ),
        Column(
            _tr("Institution"),
            lambda r: r.institution,
            sort_key=lambda r: none_last(sort_key(r.institution)[0]),
            width=24,
        ),
        Column(_tr("Specialty"), lambda r: r.specialty, width=14),
        Column(
            _tr("Email"),
            lambda r: r.email,
            sort_key=lambda r: none_last(r.email.casefold()),
            width=22,
        ),
        Column(
            _tr("Tags"), lambda r: r.tags, sort_key=lambda r: none_last(", ".join(r.tags)), width=12
        ),
        Column(_tr("Last interaction"), lambda r: r.last_interaction, width=11),
        Column(_tr("Next follow-up"), lambda r: r.next_follow_up, width=11),
    ]


class ContactsModel(RowTableModel[ContactRow]):
    """Contacts with accent-insensitive search over the fields people look for."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(contact_columns(), parent)
        self._keys: dict[int, str] = {}
        self._query = ""
        self._stage: str | None = None

    def set_rows(self, rows: list[ContactRow]) -> None:  # type: ignore[override]
        self._keys = {
            r.id: haystack([r.name, r.institution, r.email, r.specialty, *r.tags]) for r in rows
        }
        super().set_rows(rows)

    def set_search(self, query: str, stage: str | None) -> None:
        """Narrow to rows matching every word of ``query`` and, if given, one stage."""
        self._query, self._stage = query.strip(), stage or None
        if not self._query and not self._stage:
            self.set_filter(None)
            return
        keys, wanted = self._keys, self._stage
        query = self._query

        def keep(row: ContactRow) -> bool:
            if wanted and row.stage != wanted:
                return False
            return matches(query, keys.get(row.id, ""))

        self.set_filter(keep)

    def contact_id(self, row: int) -> int:
        return self.row_at(row).id
