"""A QTableView set up the same way everywhere: sortable rows, remembered columns."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from img_crm.ui.models.own_columns import OwnFieldsModel
from img_crm.ui.models.table import RowTableModel
from img_crm.ui.theme import tone


class Table(QTableView):
    """A table that, while it has no rows, says what to do first (the
    ``empty_text``, drawn where the rows would be and read by screen readers)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""
        #: No column dragged by the user (now or when the layout was saved): the flexible columns
        #: share the room the others leave, at every size, so the table fills
        #: its space without a sideways scroll bar.
        self.auto_fit = True
        self.fitting = False

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        self.horizontalHeader().sectionResized.connect(self._section_resized)

    def _section_resized(self, *_args: object) -> None:
        # A column dragged on the header (not the last one stretching, nor
        # a splitter being dragged): the user's own widths from now on.
        header = self.horizontalHeader()
        dragging = QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton
        if not self.fitting and dragging and header.underMouse():
            self.auto_fit = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.auto_fit:
            fit_columns(self)

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport, not the table: it narrows when the vertical scroll bar
        # comes with the rows.
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize and self.auto_fit:
            fit_columns(self)
        return handled

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


def _rehide(header: QHeaderView) -> None:
    """Hide the hidden sections again when the header still counts their
    width (Qt keeps a hidden section's old width in the positions of those
    after it when it was hidden before the view was laid out: the columns
    after it were drawn shifted, with a blank gap where it was)."""
    for i in range(header.count()):
        if not header.isSectionHidden(i):
            continue
        after = next(
            (j for j in range(i + 1, header.count()) if not header.isSectionHidden(j)), None
        )
        if after is not None and header.sectionPosition(after) != header.sectionPosition(i):
            header.showSection(i)
            header.hideSection(i)


def fit_columns(view: Table) -> None:
    """Give the flexible columns what the visible fixed ones leave of the
    viewport, in proportion to their own widths (each at least 8 characters
    wide)."""
    model = view.model()
    if not isinstance(model, RowTableModel) or view.viewport().width() < 100:
        return
    header = view.horizontalHeader()
    layout = model.column_layout()
    flexible = [i for i, (flex, _) in enumerate(layout) if flex and not header.isSectionHidden(i)]
    if not flexible:
        return
    char = view.fontMetrics().averageCharWidth()
    widths = model.column_widths()
    view.fitting = True
    try:
        _rehide(header)
        for i in model.whole_columns():  # the rows on screen, whatever the font
            if not header.isSectionHidden(i):
                cap = 2 * ((widths[i] or 18) * char + 24)
                shown = max(view.sizeHintForColumn(i), header.sectionSizeHint(i))
                header.resizeSection(i, min(cap, shown))
    finally:
        view.fitting = False
    fixed = sum(
        header.sectionSize(i)
        for i in range(header.count())
        if i not in flexible and not header.isSectionHidden(i)
    )
    room = view.viewport().width() - fixed - 2
    least = 8 * char + 24
    wanted = {i: (widths[i] or 18) * char + 24 for i in flexible}
    total = sum(wanted.values())
    # Shrink to fit; on a wide screen grow too, so the room goes to the long
    # text rather than to whichever column comes last.
    share = room / total
    view.fitting = True
    try:
        for i in flexible:
            header.resizeSection(i, max(least, int(wanted[i] * share)))
    finally:
        view.fitting = False


def shown_of(widget: QWidget, shown: int, total: int) -> str:
    """ "3 of 24 shown", the numbers as the user's locale writes them."""
    number = widget.locale().toString
    return (
        QCoreApplication.translate("Tables", "%1 of %2 shown")
        .replace("%1", number(shown))
        .replace("%2", number(total))
    )


def show_column(view: Table, section: int, on: bool) -> None:
    """Show or hide a column, the others fitted around it."""
    view.horizontalHeader().setSectionHidden(section, not on)
    fit_columns(view)


def _column_menu(view: Table, model: RowTableModel[Any], pos: QPoint) -> None:
    """Right-click on the header: tick the columns to show (saved with the layout)."""
    header = view.horizontalHeader()
    menu = QMenu(view)
    for section in range(model.columnCount()):
        title = str(model.headerData(section, Qt.Orientation.Horizontal))
        action = menu.addAction(title.replace("&", "&&"))  # a name with & in it
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(section))
        visible = header.count() - header.hiddenSectionCount()
        action.setEnabled(header.isSectionHidden(section) or visible > 1)
        action.toggled.connect(partial(show_column, view, section))
    menu.exec(header.mapToGlobal(pos))


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
    view.fitting = True
    for section, width in enumerate(model.column_widths()):
        if width:
            header.resizeSection(section, width * char + 24)
    view.fitting = False
    for section, (_flexible, hidden) in enumerate(model.column_layout()):
        header.setSectionHidden(section, hidden)
    if any(flexible for flexible, _hidden in model.column_layout()):
        header.setStretchLastSection(False)  # the flexible columns take the room
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(lambda pos: _column_menu(view, model, pos))
    if model.whole_columns():
        # Short values read whole: fit them to the rows each time new ones come
        # (the first rows often come after the table was first shown).
        def refit() -> None:
            if view.auto_fit and view.isVisible():
                fit_columns(view)

        model.modelReset.connect(refit)
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
    """The header's columns, order and sort, and whether the user set the
    widths by hand (else they are fitted again to the window they open in)."""
    header = view.horizontalHeader()
    settings.setValue(f"tables/{view.objectName()}", header.saveState())
    model = view.model()
    if isinstance(model, OwnFieldsModel):  # by field, not by place: fields come and move
        if model.own_read:
            shown = {ident for ident, on in own_shown(view, model).items() if on}
            order = model.sort_order()
            field = model.sorted_field()
            sorted_by = None if order is None or field is None else (field, order[1])
        else:  # closed before the fields were read: what was saved stays
            shown, sorted_by = model.shown_at_start, model.sort_field_at_start
        settings.setValue(
            f"tables/{view.objectName()}_own_shown", ",".join(str(i) for i in sorted(shown))
        )
        sort = "" if sorted_by is None else f"{sorted_by[0]}:{sorted_by[1].value}"
        settings.setValue(f"tables/{view.objectName()}_own_sort", sort)
    by_hand = isinstance(view, Table) and not view.auto_fit
    settings.setValue(f"tables/{view.objectName()}_widths", "user" if by_hand else "fitted")


def restore_header(view: QTableView, settings: QSettings, default_sort: int = 0) -> None:
    state = settings.value(f"tables/{view.objectName()}")
    header = view.horizontalHeader()
    model = view.model()
    if isinstance(model, OwnFieldsModel):
        saved = str(settings.value(f"tables/{view.objectName()}_own_shown", "") or "")
        model.shown_at_start = {int(i) for i in saved.split(",") if i.strip().isdigit()}
        field, _, order = str(settings.value(f"tables/{view.objectName()}_own_sort", "")).partition(
            ":"
        )
        if field.isdigit() and order in ("0", "1"):
            model.sort_field_at_start = (int(field), Qt.SortOrder(int(order)))
    if isinstance(state, QByteArray) and header.restoreState(state):
        if isinstance(view, Table):
            # Widths fitted to last session's window are fitted again to this
            # one's (a window opened smaller scrolled sideways); a user's own
            # widths stay. A header saved before this was known counts as fitted.
            view.auto_fit = settings.value(f"tables/{view.objectName()}_widths") != "user"
            if view.auto_fit:
                fit_columns(view)
        view.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
        _own_as_saved(view)
        return
    _own_as_saved(view)
    view.sortByColumn(default_sort, Qt.SortOrder.AscendingOrder)


def _own_as_saved(view: QTableView) -> None:
    """The columns of the user's fields shown as they were at the last close
    (the saved header knows places, and a field's place may have changed)."""
    model = view.model()
    if not isinstance(model, OwnFieldsModel):
        return
    show_own(view, model, lambda ident: ident in model.shown_at_start)
    if model.has_own():  # the fields are read already: their sort now, not at the next read
        sort_by_saved_field(view, model)


def own_shown(view: QTableView, model: OwnFieldsModel[Any]) -> dict[int, bool]:
    """Whether each of the user's fields has its column shown, by field id."""
    header = view.horizontalHeader()
    return {
        field.id: not header.isSectionHidden(section)
        for field in model.own_fields()
        if (section := model.own_section(field.id)) is not None
    }


def show_own(view: QTableView, model: OwnFieldsModel[Any], shown: Callable[[int], bool]) -> None:
    """Show the column of each field ``shown`` says (by field id), hide the rest."""
    header = view.horizontalHeader()
    for field in model.own_fields():
        section = model.own_section(field.id)
        if section is not None:
            header.setSectionHidden(section, not shown(field.id))


def sort_by_saved_field(view: QTableView, model: OwnFieldsModel[Any]) -> None:
    """Sort by the field the table was sorted by at the last close, once."""
    pending, model.sort_field_at_start = model.sort_field_at_start, None
    if pending is not None and (section := model.own_section(pending[0])) is not None:
        view.sortByColumn(section, pending[1])
