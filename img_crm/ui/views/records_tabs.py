"""Pipeline, Activity and Letters tabs: the store's rows, read-only for now."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget
from sqlmodel import Session

from img_crm.store.letters import list_letters
from img_crm.ui.models.records import LettersModel
from img_crm.ui.models.table import RowTableModel
from img_crm.ui.ops import Ops
from img_crm.ui.views.fields import muted
from img_crm.ui.views.table_view import make_table


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecordsTab", text)


class RecordsTab(QWidget):
    """A caption, an optional header widget and a sortable table that reloads on its signal."""

    def __init__(
        self,
        ops: Ops,
        model: RowTableModel[Any],
        load: Callable[[Session], Sequence[Any]],
        *,
        name: str,
        caption: str,
        signals: Sequence[Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = model
        self._load = load
        self.header = QHBoxLayout()
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        muted(self.caption)
        self.table: QTableView = make_table(model, name, self)
        self.table.setAccessibleName(caption)
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        for signal in signals:
            signal.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        with self.ops.reading() as session:
            self.model.set_rows(self._load(session))
            self.refresh_header(session)

    def refresh_header(self, session: Session) -> None:
        """Subclasses update their header from the same read."""


def letters_tab(ops: Ops, parent: QWidget | None = None) -> RecordsTab:
    return RecordsTab(
        ops,
        LettersModel(),
        lambda s: list_letters(s),
        name="lettersTable",
        caption=_tr("Letters of recommendation and where each one stands."),
        signals=[ops.letters_changed, ops.contacts_changed],
        parent=parent,
    )
