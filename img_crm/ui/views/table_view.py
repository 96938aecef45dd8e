"""A QTableView set up the same way everywhere: sortable rows, remembered columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from img_crm.ui.models.table import RowTableModel
from img_crm.ui.theme import tone


class Table(QTableView):
    """A table that, while it has no rows, says what to do first (the
    ``empty_text``, drawn where the rows would be and read by screen readers)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.setAccessibleDescription(text if self._empty() else "")
        self.viewport().update()

    def _empty(self) -> bool:
        model = self.model()
        return model is None or model.rowCount() == 0

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.empty_text or not self._empty():
            return
        painter = QPainter(self.viewport())
        painter.setPen(tone(self.palette(), "muted"))
        area = self.viewport().rect().adjusted(24, 24, -24, -24)
        painter.drawText(
            area,
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            | int(Qt.TextFlag.TextWordWrap),
            self.empty_text,
        )
        painter.end()


def make_table(
    model: RowTableModel[Any], name: str, parent: QWidget | None = None, *, multi: bool = False
) -> Table:
    """A read-only, sortable table over ``model``; ``name`` keys its saved layout."""
    view = Table(parent)
    view.setObjectName(name)
    view.setModel(model)
    for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
        signal.connect(lambda *_: view.set_empty_text(view.empty_text))
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setSortIndicatorShown(True)
    header.setHighlightSections(False)
    header.setDefaultSectionSize(140)
    char = view.fontMetrics().averageCharWidth()
    for section, width in enumerate(model.column_widths()):
        if width:
            header.resizeSection(section, width * char + 24)
    return view


def delete_action(table: QTableView, slot: Callable[[], None]) -> QAction:
    """The Delete key on a table (and in menus), enabled by its owner on selection."""
    action = QAction(QCoreApplication.translate("Tables", "Delete…"), table)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    table.addAction(action)
    return action


def save_header(view: QTableView, settings: QSettings) -> None:
    settings.setValue(f"tables/{view.objectName()}", view.horizontalHeader().saveState())


def restore_header(view: QTableView, settings: QSettings, default_sort: int = 0) -> None:
    state = settings.value(f"tables/{view.objectName()}")
    header = view.horizontalHeader()
    if isinstance(state, QByteArray) and header.restoreState(state):
        view.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
        return
    view.sortByColumn(default_sort, Qt.SortOrder.AscendingOrder)
