"""The table of a record's attachments (#24): name (when it was added in its
tooltip), kind, size, whom it was given to: four columns, for a narrow pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt

from img_crm.domain.attachments import size_text
from img_crm.domain.text import sort_key
from img_crm.ui.labels import label
from img_crm.ui.models.table import Column, RowTableModel

if TYPE_CHECKING:
    from img_crm.services.attachments import Listed

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _tr(text: str) -> str:
    return QCoreApplication.translate("AttachmentModels", text)


def given_text(listed: Listed) -> str:
    """Whom it was given to, newest last: "Dr. Hughes (2026-10-05), …"."""
    return ", ".join(f"{name} ({day.isoformat()})" for _id, name, day in listed.given)


class AttachmentsModel(RowTableModel["Listed"]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    _tr("Name"),
                    lambda r: r.row.name,
                    sort_key=lambda r: sort_key(r.row.name),
                    tooltip=lambda r: (
                        _tr("%1, added on %2")
                        .replace("%1", r.row.name)
                        .replace("%2", r.row.added_at.astimezone().date().isoformat())
                    ),
                    width=16,
                    flexible=True,
                ),
                Column(_tr("Kind"), lambda r: label("AttachmentKind", r.row.kind), width=9),
                Column(
                    _tr("Size"),
                    lambda r: size_text(r.row.size),
                    sort_key=lambda r: r.row.size,
                    align=RIGHT,
                    width=6,
                ),
                Column(
                    _tr("Sent to"),
                    given_text,
                    tooltip=lambda r: given_text(r) or None,
                    width=12,
                    flexible=True,
                ),
            ],
            parent,
        )
