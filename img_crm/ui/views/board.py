"""The Pipeline tab: a board of four stage columns whose cards move by drag or key.

Moving a card records a dated stage change through ``Ops.set_stage`` (undoable);
the board then rebuilds from the change signal, never by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import (
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.enums import Stage
from img_crm.domain.pipeline import step
from img_crm.domain.rows import ContactRow
from img_crm.domain.text import sort_key
from img_crm.services.relationships import ContactStatus, contacts_with_status
from img_crm.ui.dates import pydate, qtoday
from img_crm.ui.icons import STAGE_COLORS, stage_icon
from img_crm.ui.labels import stage_label
from img_crm.ui.models.contacts import NO_STATUS
from img_crm.ui.ops import Ops
from img_crm.ui.views.board_cards import CardRole, StageColumn, make_card
from img_crm.ui.views.contact_detail import ContactDetail
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import muted
from img_crm.ui.views.lazy import LazyLoader


class MoveDialog(Dialog):
    """Move with a date and a note, for a history that explains itself."""

    def __init__(self, names: str, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Move to %1").replace("%1", stage_label(stage)))
        self.when = QDateEdit(qtoday(), self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd")
        self.when.setAccessibleName(self.tr("Date of the move"))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Why, e.g. “agreed to mentor me monthly”"))
        self.note.setAccessibleName(self.tr("Note"))
        form = QFormLayout(self)
        form.addRow(QLabel(names, self))
        form.addRow(self.tr("&Date"), self.when)
        form.addRow(self.tr("&Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def moved_on(self) -> date:
        return pydate(self.when.date())


class PipelineBoard(QWidget):
    """Four columns, cold to sponsor, with filters and a detail pane beside them."""

    #: A card was selected (contact id, or None when nothing is).
    contact_selected = Signal(object)

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self.ops = ops
        self.specialty = QComboBox(self)
        self.specialty.setAccessibleName(self.tr("Filter by specialty"))
        self.tag = QComboBox(self)
        self.tag.setAccessibleName(self.tr("Filter by tag"))
        self.overdue_only = QCheckBox(self.tr("Overd&ue only"), self)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Specialty"), self))
        filters.addWidget(self.specialty)
        filters.addWidget(QLabel(self.tr("Tag"), self))
        filters.addWidget(self.tag)
        filters.addWidget(self.overdue_only)
        filters.addStretch(1)
        hint = QLabel(self.tr("Drag a card, or press Ctrl+] / Ctrl+[ to move it up or down"), self)
        muted(hint)  # secondary, and legible (disabled text is below AA)
        filters.addWidget(hint)
        self.empty_hint = QLabel(
            self.tr(
                "No contacts yet. Each physician you add or import starts as Cold; move a card "
                "to Warm, Mentor and Sponsor as the relationship grows."
            ),
            self,
        )
        self.empty_hint.setWordWrap(True)
        muted(self.empty_hint)
        self.empty_hint.hide()

        self.columns: dict[Stage, StageColumn] = {}
        self.headers: dict[Stage, QLabel] = {}
        grid = QHBoxLayout()
        for stage in Stage:
            column = StageColumn(stage, self)
            column.dropped.connect(self._dropped)
            column.itemSelectionChanged.connect(lambda c=column: self._selected(c))
            column.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            column.customContextMenuRequested.connect(lambda pos, c=column: self._menu(c, pos))
            header = QLabel(self)
            header.setTextFormat(Qt.TextFormat.RichText)
            box = QVBoxLayout()
            box.addWidget(header)
            box.addWidget(column, 1)
            grid.addLayout(box, 1)
            self.columns[stage] = column
            self.headers[stage] = header

        self.forward_action = QAction(self.tr("Move up the ladder"), self)
        self.forward_action.setShortcut(QKeySequence("Ctrl+]"))
        self.back_action = QAction(self.tr("Move down the ladder"), self)
        self.back_action.setShortcut(QKeySequence("Ctrl+["))
        for action, delta in ((self.forward_action, 1), (self.back_action, -1)):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _c=False, d=delta: self.move_focused(d))
            self.addAction(action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.empty_hint)
        layout.addLayout(grid, 1)
        self._rows: list[ContactRow] = []
        self._status: dict[int, ContactStatus] = {}
        self.specialty.currentIndexChanged.connect(self.rebuild)
        self.tag.currentIndexChanged.connect(self.rebuild)
        self.overdue_only.toggled.connect(self.rebuild)
        self.loader = LazyLoader(
            self, self.reload, signals=[ops.contacts_changed, ops.activities_changed], lazy=lazy
        )

    # --- data -----------------------------------------------------------------

    def reload(self) -> None:
        with self.ops.reading() as session:
            self._rows, self._status = contacts_with_status(session)
        self._fill_filter(self.specialty, sorted({r.specialty for r in self._rows if r.specialty}))
        tags = sorted({t for r in self._rows for t in r.tags}, key=str.casefold)
        self._fill_filter(self.tag, tags)
        self.empty_hint.setVisible(not self._rows)
        self.rebuild()

    def _fill_filter(self, box: QComboBox, values: list[str]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("All"), None)
        for value in values:
            box.addItem(value, value)
        box.setCurrentIndex(max(box.findData(current), 0))
        box.blockSignals(False)

    def rebuild(self) -> None:
        """Refill the columns from the loaded rows and the filters, keeping selection."""
        selected = set(self.selected_ids())
        specialty, tag = self.specialty.currentData(), self.tag.currentData()
        overdue_only = self.overdue_only.isChecked()
        today = clock.today()
        by_stage: dict[Stage, list[ContactRow]] = {stage: [] for stage in Stage}
        totals = dict.fromkeys(Stage, 0)
        for row in self._rows:
            totals[Stage(row.stage)] += 1
            status = self._status.get(row.id, NO_STATUS)
            if specialty and row.specialty != specialty:
                continue
            if tag and tag not in row.tags:
                continue
            if overdue_only and not (status.overdue or status.reply_owed):
                continue
            by_stage[Stage(row.stage)].append(row)
        for stage, column in self.columns.items():
            rows = sorted(
                by_stage[stage],
                key=lambda r: (-self._status.get(r.id, NO_STATUS).urgency, sort_key(r.name)),
            )
            column.blockSignals(True)
            column.clear()
            for row in rows:
                item = QListWidgetItem(row.name)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                item.setData(CardRole, make_card(row, self._status.get(row.id, NO_STATUS), today))
                item.setToolTip(f"{row.name}\n{row.role}\n{row.institution}".strip())
                column.addItem(item)
                item.setSelected(row.id in selected)
            column.blockSignals(False)
            shown = len(rows)
            count = str(totals[stage]) if shown == totals[stage] else f"{shown}/{totals[stage]}"
            color = STAGE_COLORS[stage]
            self.headers[stage].setText(
                f"<span style='color:{color}'>●</span> <b>{stage_label(stage)}</b> {count}"
            )
            self.headers[stage].setAccessibleName(f"{stage_label(stage)}: {count}")

    # --- moves ------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        return [cid for column in self.columns.values() for cid in column.selected_ids()]

    def _dropped(self, ids: list[int], stage: str) -> None:
        self.move_cards(ids, stage)

    def move_cards(
        self, ids: Sequence[int], stage: str, *, on: date | None = None, note: str = ""
    ) -> None:
        movable = [i for i in ids if any(r.id == i and r.stage != stage for r in self._rows)]
        if not movable:
            return
        self.ops.set_stage(movable, stage, on=on, note=note)
        target = self.columns[Stage(stage)]
        for index in range(target.count()):
            item = target.item(index)
            item.setSelected(int(item.data(Qt.ItemDataRole.UserRole)) in movable)
        current = next(
            (
                target.item(i)
                for i in range(target.count())
                if int(target.item(i).data(Qt.ItemDataRole.UserRole)) in movable
            ),
            None,
        )
        if current is not None:
            target.setCurrentItem(current)
            target.setFocus()

    def focused_column(self) -> StageColumn | None:
        for column in self.columns.values():
            if column.hasFocus() or column.isAncestorOf(self.focusWidget() or self):
                return column
        return next((c for c in self.columns.values() if c.selectedItems()), None)

    def move_focused(self, delta: int) -> None:
        column = self.focused_column()
        if column is None:
            return
        target = step(column.stage, delta)
        ids = column.selected_ids()
        if target is not None and ids:
            self.move_cards(ids, target.value)

    def _menu(self, column: StageColumn, pos: QPoint) -> None:
        ids = column.selected_ids()
        if not ids:
            return
        menu = QMenu(self)
        for stage in Stage:
            if stage is column.stage:
                continue
            menu.addAction(
                stage_icon(stage),
                self.tr("Move to %1…").replace("%1", stage_label(stage)),
                lambda s=stage: self.move_with_note(ids, s),
            )
        menu.exec(column.viewport().mapToGlobal(pos))

    def move_with_note(self, ids: list[int], stage: Stage) -> None:
        names = ", ".join(r.name for r in self._rows if r.id in ids)
        dialog = MoveDialog(names, stage, self)
        if dialog.exec():
            self.move_cards(ids, stage.value, on=dialog.moved_on(), note=dialog.note.text().strip())

    def _selected(self, column: StageColumn) -> None:
        if column.selectedItems():
            for other in self.columns.values():
                if other is not column:
                    other.blockSignals(True)
                    other.clearSelection()
                    other.blockSignals(False)
        ids = self.selected_ids()
        self.contact_selected.emit(ids[0] if len(ids) == 1 else None)


class PipelineTab(QWidget):
    """The board with the contact detail pane beside it."""

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self.board = PipelineBoard(ops, self, lazy=lazy)
        self.loader = self.board.loader
        self.detail = ContactDetail(ops, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("pipelineSplitter")
        self.splitter.addWidget(self.board)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 360])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.board.contact_selected.connect(self.detail.show_contact)
