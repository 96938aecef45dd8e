"""The Letters tab: readiness, each letter's status and reminders, packets, assignments."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.custom_fields import RecordKind
from img_crm.domain.enums import LetterStatus
from img_crm.domain.letters import ERAS_MAX_PER_PROGRAM, REMINDER_TEXT
from img_crm.domain.text import sort_key
from img_crm.services.letters import (
    LettersView,
    assignment_grid,
    letters_view,
)
from img_crm.services.relationships import contact_choices
from img_crm.ui.labels import label
from img_crm.ui.models.records import LettersModel
from img_crm.ui.ops import Ops
from img_crm.ui.theme import tone
from img_crm.ui.views.confirm import confirm_delete
from img_crm.ui.views.field_filter import FieldFilterBar
from img_crm.ui.views.lazy import LazyLoader
from img_crm.ui.views.letter_detail import LetterDetail
from img_crm.ui.views.letter_dialogs import LetterDialog, move_letter
from img_crm.ui.views.table_view import delete_action, make_table


class AssignmentMatrix(QTableWidget):
    """Letters down, programs across; a tick sends that letter to that program."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setAccessibleName(self.tr("Which letters go to which programs"))
        self._loading = False
        self.itemChanged.connect(self._changed)

    def reload(self, view: LettersView) -> None:
        with self.ops.reading() as session:
            programs, pairs = assignment_grid(session)
        programs.sort(key=lambda p: (p.tier or 9, sort_key(p.name)))
        self._loading = True
        self.clear()
        self.setRowCount(len(view.rows))
        self.setColumnCount(len(programs))
        declined = {r.id for r in view.rows if r.status == LetterStatus.DECLINED.value}
        counts = {
            p.id: sum(1 for lid, pid in pairs if pid == p.id and lid not in declined)
            for p in programs
        }
        self.setHorizontalHeaderLabels(
            [f"{p.name}\n{counts[p.id]}/{ERAS_MAX_PER_PROGRAM}" for p in programs]
        )
        self.setVerticalHeaderLabels(
            [
                f"{r.writer_name} ({label('LetterType', r.letter_type)})"
                + (" · " + self.tr("declined, counts nowhere") if r.id in declined else "")
                for r in view.rows
            ]
        )
        for i, letter in enumerate(view.rows):
            for j, program in enumerate(programs):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(
                    Qt.CheckState.Checked
                    if (letter.id, program.id) in pairs
                    else Qt.CheckState.Unchecked
                )
                item.setData(Qt.ItemDataRole.UserRole, (letter.id, program.id))
                self.setItem(i, j, item)
        self.resizeColumnsToContents()
        self._loading = False

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        letter_id, program_id = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked

        def assign() -> bool:
            self.ops.assign_letter(letter_id, program_id, assigned=on)
            return True

        if self.ops.attempt(self, self.tr("ERAS limit"), assign) is None:
            # Refused (a fifth letter for the program): the box goes back.
            self._loading = True
            item.setCheckState(Qt.CheckState.Unchecked)
            self._loading = False


class LettersTab(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = LettersModel(self)
        self.readiness = QLabel(self)
        self.readiness.setWordWrap(True)
        self.readiness.setTextFormat(Qt.TextFormat.RichText)
        self.readiness.setAccessibleName(self.tr("Readiness of your letters"))
        # Made before the table: Tab meets the filter before the rows it narrows.
        self.field_filter = FieldFilterBar(self.model, None, self, count=True)
        self.table = make_table(self.model, "lettersTable", self)
        self.field_filter.table = self.table
        self.table.setAccessibleName(self.tr("Letters"))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.detail = LetterDetail(ops, self)
        self.matrix = AssignmentMatrix(ops, self)
        self.new_button = QPushButton(self.tr("&New letter…"), self)
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        for button in (self.new_button, self.delete_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        self.delete_action = delete_action(self.table, self.delete_selected)
        self.advance_action = QAction(self.tr("Next status"), self)
        self.advance_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.advance_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.advance_action.triggered.connect(self.detail.advance)
        self.addAction(self.advance_action)

        list_page = QWidget(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left = QWidget(list_page)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.field_filter, 1)
        filters.addWidget(
            self.field_filter.button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, list_page)
        self.splitter.setObjectName("lettersSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([860, 380])
        page_layout = QVBoxLayout(list_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.splitter)
        self.pages = QTabWidget(self)
        self.pages.addTab(list_page, self.tr("Letters"))
        self.pages.addTab(self.matrix, self.tr("Which letters go where"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.readiness)
        layout.addWidget(self.pages, 1)

        self.new_button.clicked.connect(self.new_letter)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.field_filter.changed.connect(self._narrowed)
        self.view: LettersView | None = None
        self.loader = LazyLoader(
            self,
            self.reload,
            signals=[
                ops.letters_changed,
                ops.contacts_changed,
                ops.programs_changed,
                ops.settings_changed,
                ops.activities_changed,
                ops.fields_changed,
            ],
            lazy=lazy,
        )

    def reload(self) -> None:
        selected = self.selected_id()
        with self.ops.reading() as session:
            self.view = letters_view(session)
        view = self.view
        today = clock.today()
        self.model.set_letters(
            view.rows,
            {
                i: self.tr(REMINDER_TEXT[r.step])
                if r.due <= today
                else self.tr("%1 from %2")
                .replace("%1", self.tr(REMINDER_TEXT[r.step]))
                .replace("%2", r.due.isoformat())
                for i, r in view.next_reminders.items()
            },
        )
        self.field_filter.load(self.ops, RecordKind.LETTER)
        self._show_readiness(view)
        self._explain_empty()
        self.matrix.reload(view)
        if selected is not None:
            self.select_letter(selected)
        self._selection_changed()
        # A button that had the keyboard (Take back, say) may be gone now.
        focused = QApplication.focusWidget()
        if self.isVisible() and (focused is None or not focused.isVisible()):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_readiness(self, view: LettersView) -> None:
        r = view.readiness
        good = tone(self.palette(), "good").name()
        alert = tone(self.palette(), "alert").name()

        def mark(ok: bool) -> str:
            return f"<span style='color:{good if ok else alert}'>{'✔' if ok else '✘'}</span>"

        target = escape(
            view.target_specialty or self.tr("your target specialty (set it in Settings)")
        )

        def pending(count: int) -> str:
            if not count:
                return ""
            return " · " + self.tr("%1 more asked or picked, not yet agreed").replace(
                "%1", str(count)
            )

        lines = [
            f"{mark(r.enough_us_clinical)} "
            + self.tr("US clinical letters in %1 agreed: <b>%2</b> (at least 2, ideally 3)")
            .replace("%1", target)
            .replace("%2", str(r.us_clinical_in_target))
            + pending(r.us_clinical_in_progress),
            f"{mark(r.total_ok)} "
            + self.tr("Letters agreed in all: <b>%1</b> (aim for 3–4)").replace("%1", str(r.total))
            + pending(r.in_progress),
        ]
        lines += [f"<span style='color:{alert}'>⚠ {escape(w.text)}</span>" for w in r.warnings]
        self.readiness.setText("<br>".join(lines))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    def show_letter(self, letter_id: int) -> None:
        """The letters list, with this letter selected (a field filter that
        hides it is cleared)."""
        self.pages.setCurrentIndex(0)
        if self.model.find(lambda row: row.id == letter_id) is None:
            self.field_filter.clear()
        self.select_letter(letter_id)

    def select_letter(self, letter_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == letter_id:
                self.table.selectRow(row)
                return

    def _explain_empty(self) -> None:
        self.table.set_empty_text(
            self.tr(
                "No letters yet. When a physician has seen your work for a few months, add "
                "the letter you hope for with New letter…; it then tracks the ask, the "
                "packet, polite reminders and the upload."
            )
            if self.model.total_count() == 0
            else self.tr("No letter matches the filters.")
        )

    def _narrowed(self) -> None:
        """After a filter: the letter on show stays selected while it is
        among the rows; otherwise its pane clears."""
        shown = self.detail.letter_id
        if shown is not None:
            self.select_letter(shown)
        self._explain_empty()
        self._selection_changed()

    def _selection_changed(self) -> None:
        selected = self.selected_id()
        self.delete_button.setEnabled(selected is not None)
        self.delete_action.setEnabled(selected is not None)
        self.detail.show_letter(selected, self.view)

    def new_letter(self) -> None:
        with self.ops.reading() as session:
            people = contact_choices(session)
        specialty = self.view.target_specialty if self.view else ""
        dialog = LetterDialog(people, specialty, self)
        if dialog.exec() and dialog.writer.currentData() is not None:
            letter_id = self.ops.add_letter(
                writer_id=int(dialog.writer.currentData()),
                letter_type=str(dialog.kind.currentData()),
                specialty=dialog.specialty.currentText(),
                status=str(dialog.status.currentData()),
            )
            self.show_letter(letter_id)

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        chosen = self.model.row_at(rows[0].row())
        if self.confirm_delete(chosen.writer_name):
            self.ops.delete_letter(chosen.id)

    def confirm_delete(self, writer: str) -> bool:
        return confirm_delete(
            self,
            self.tr("Delete letter"),
            self.tr("Stop tracking the letter from %1?").replace("%1", writer),
            self.tr(
                "Its history and its program assignments go with it; the writer stays "
                "in your contacts."
            ),
        )

    def _menu(self, pos: QPoint) -> None:
        letter_id = self.selected_id()
        if letter_id is None or not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        statuses = menu.addMenu(self.tr("Set status"))
        row = next(r for r in self.view.rows if r.id == letter_id) if self.view else None
        for status in LetterStatus:
            if row is not None:
                statuses.addAction(
                    label("LetterStatus", status),
                    partial(move_letter, self, self.ops, row, status.value),
                )
        menu.addAction(self.tr("Change status on a date…"), self.detail.change_status)
        if not self.detail.take_back_button.isHidden():
            menu.addAction(self.detail.take_back_button.text(), self.detail.take_back)
        menu.addAction(self.tr("Edit letter…"), self.detail.edit_letter)
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
