"""A QTableView set up the same way everywhere: sortable rows, remembered columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from img_crm.ui.models.table import RowTableModel


def make_table(
    model: RowTableModel[Any], name: str, parent: QWidget | None = None, *, multi: bool = False
) -> QTableView:
    """A read-only, sortable table over ``model``; ``name`` keys its saved layout."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
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
