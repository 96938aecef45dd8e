"""The Programs table: tiers, visas, status, interviews in two zones, and warnings."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush

from img_crm.domain.enums import ApplicationStatus, values
from img_crm.domain.rows import ProgramRow
from img_crm.domain.text import haystack, query_words, sort_key
from img_crm.services.programs import ProgramStatus, interview_text
from img_crm.ui.labels import label
from img_crm.ui.models.contacts import OVERDUE_TINT, REPLY_OWED_TINT
from img_crm.ui.models.own_columns import OwnFieldsModel
from img_crm.ui.models.table import Column, none_last

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
NO_STATUS = ProgramStatus(False, False, False, (), ())


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgramsModel", text)


def status_rank(status: str) -> int:
    order = values(ApplicationStatus)
    return order.index(status) if status in order else len(order)


class ProgramsModel(OwnFieldsModel[ProgramRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        self._status: Mapping[int, ProgramStatus] = {}
        self.home_zone = ""
        super().__init__(self._make_columns(), parent)
        self._keys: dict[int, str] = {}
        self._terms: tuple[str, int | None, str | None] = ("", None, None)

    def status(self, row: ProgramRow) -> ProgramStatus:
        return self._status.get(row.id, NO_STATUS)

    def _make_columns(self) -> list[Column[ProgramRow]]:
        def tint(row: ProgramRow) -> QBrush | None:
            status = self.status(row)
            if status.wasted:
                return QBrush(REPLY_OWED_TINT)
            if status.red_flags or status.visa_mismatch:
                return QBrush(OVERDUE_TINT)
            return None

        def notes(row: ProgramRow) -> str:
            status = self.status(row)
            parts = [_tr(w) for w in status.warnings]
            if status.suggest_tier_1:
                parts.insert(0, _tr("Suggested for tier 1"))
            return " · ".join(parts)

        return [
            Column(
                _tr("Program"),
                lambda r: r.name,
                sort_key=lambda r: sort_key(r.name),
                width=22,
                background=tint,
                flexible=True,
            ),
            Column(
                _tr("Tier"),
                lambda r: f"{r.tier or '–'}{' → 1' if self.status(r).suggest_tier_1 else ''}",
                sort_key=lambda r: none_last(r.tier),
                width=6,
            ),
            Column(_tr("Institution"), lambda r: r.institution, width=18, hidden=True),
            Column(_tr("City"), lambda r: r.city, width=12, hidden=True),
            Column(_tr("State"), lambda r: r.state, width=5),
            Column(_tr("Type"), lambda r: label("ProgramType", r.program_type), width=12),
            Column(_tr("Visa"), lambda r: label("ProgramVisa", r.visa), width=10),
            Column(_tr("IMG %"), lambda r: r.img_share, align=RIGHT, width=6, hidden=True),
            Column(
                _tr("Status"),
                lambda r: label("ApplicationStatus", r.application_status),
                sort_key=lambda r: status_rank(r.application_status),
                width=16,
            ),
            Column(
                _tr("Interview"),
                lambda r: interview_text(r, self.home_zone),
                sort_key=lambda r: none_last(r.interview_at),
                width=30,
                hidden=True,  # in the detail, and on Today when it comes
            ),
            Column(_tr("Notes"), notes, tooltip=notes, background=tint, flexible=True),
        ]

    def set_programs(
        self, rows: list[ProgramRow], statuses: Mapping[int, ProgramStatus], home_zone: str
    ) -> None:
        self._status = statuses
        self.home_zone = home_zone
        self._keys = {
            r.id: haystack([r.name, r.institution, r.city, r.state, r.specialty, r.notes])
            for r in rows
        }
        self.set_rows(rows)

    def set_search(self, query: str, tier: int | None, status: str | None) -> None:
        """Narrow to programs with every word of ``query`` (in the built-in
        fields or the user's own), a tier, a status and the field filters."""
        self._terms = (query, tier, status)
        words = query_words(query)
        filtered = bool(self.field_filters())
        if not words and tier is None and not status and not filtered:
            self.set_filter(None)
            return
        keys = self._keys
        own = self.own_texts()

        def keep(row: ProgramRow) -> bool:
            if tier is not None and row.tier != tier:
                return False
            if status and row.application_status != status:
                return False
            if not self.own_keeps(row):
                return False
            key, mine = keys.get(row.id, ""), own.get(row.id, "")
            return all(word in key or word in mine for word in words)

        self.set_filter(keep)

    def search_again(self) -> None:
        self.set_search(*self._terms)

    def program_id(self, row: int) -> int:
        return self.row_at(row).id
