"""The Programs tab: tier counts, the target list, and a detail pane per program."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.custom_fields import RecordKind
from img_crm.domain.enums import ApplicationStatus
from img_crm.services.exports import Kind
from img_crm.services.program_csv import ProgramImport, plan_programs, read_programs_csv
from img_crm.services.programs import program, program_view
from img_crm.ui.labels import label
from img_crm.ui.models.programs import ProgramsModel
from img_crm.ui.ops import Ops
from img_crm.ui.theme import tone
from img_crm.ui.views.confirm import confirm_delete
from img_crm.ui.views.field_filter import FieldFilterBar
from img_crm.ui.views.lazy import LazyLoader
from img_crm.ui.views.live_search import LiveSearch
from img_crm.ui.views.program_detail import ProgramDetail
from img_crm.ui.views.program_dialog import ProgramDialog
from img_crm.ui.views.table_view import delete_action, make_table, shown_of


class ProgramsTab(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = ProgramsModel(self)
        self.tier_labels: dict[int, QLabel] = {}
        tiers = QHBoxLayout()
        for tier in (1, 2, 3):
            text = QLabel(self)
            text.setTextFormat(Qt.TextFormat.RichText)
            self.tier_labels[tier] = text
            tiers.addWidget(text)
            tiers.addSpacing(18)
        tiers.addStretch(1)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search programs, institutions, cities"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search programs"))
        self.tier_filter = QComboBox(self)
        self.tier_filter.addItem(self.tr("All tiers"), None)
        for tier in (1, 2, 3):
            self.tier_filter.addItem(self.tr("Tier %1").replace("%1", str(tier)), tier)
        self.tier_filter.setAccessibleName(self.tr("Filter by tier"))
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Any status"), None)
        for value in ApplicationStatus:
            self.status_filter.addItem(label("ApplicationStatus", value), value.value)
        self.status_filter.setAccessibleName(self.tr("Filter by application status"))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Number of programs shown"))
        self.table = make_table(self.model, "programsTable", self)
        self.table.setAccessibleName(self.tr("Programs"))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.detail = ProgramDetail(ops, self)
        self.field_filter = FieldFilterBar(self.model, self.table, self, after=self.status_filter)
        self.new_button = QPushButton(self.tr("&New program…"), self)
        self.edit_button = QPushButton(self.tr("Ed&it…"), self)
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        self.import_button = QPushButton(self.tr("I&mport CSV…"), self)
        self.export_button = QPushButton(self.tr("E&xport CSV…"), self)
        for button in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.import_button,
            self.export_button,
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        self.delete_action = delete_action(self.table, self.delete_selected)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.tier_filter)
        top.addWidget(self.status_filter)
        top.addWidget(self.field_filter.button)
        top.addWidget(self.count_label)
        bottom = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tiers)
        left_layout.addLayout(top)
        left_layout.addWidget(self.field_filter)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(bottom)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("programsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([880, 360])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.live_search = LiveSearch(self.search, self._search)
        self.tier_filter.currentIndexChanged.connect(self.apply_search)
        self.status_filter.currentIndexChanged.connect(self.apply_search)
        self.field_filter.changed.connect(self._narrowed)
        self.new_button.clicked.connect(self.new_program)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_csv)
        self.export_button.clicked.connect(self.export_csv)
        self.table.activated.connect(lambda _i: self.edit_selected())  # double click or Enter
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.loader = LazyLoader(
            self,
            self.reload,
            signals=[
                ops.programs_changed,
                ops.contacts_changed,
                ops.settings_changed,
                ops.fields_changed,
            ],
            lazy=lazy,
        )

    def reload(self) -> None:
        selected = self.selected_id()
        with self.ops.reading() as session:
            view = program_view(session)
        self.model.set_programs(view.rows, view.statuses, view.home_zone)
        self.field_filter.load(self.ops, RecordKind.PROGRAM)
        colors = {
            state: tone(self.palette(), name).name()
            for state, name in (("below", "warn"), ("within", "good"), ("above", "alert"))
        }
        for count in view.tiers:
            state = {
                "below": self.tr("below"),
                "within": self.tr("on target"),
                "above": self.tr("above"),
            }[count.state]
            self.tier_labels[count.tier].setText(
                f"<b>{self.tr('Tier %1').replace('%1', str(count.tier))}</b> "
                f"<span style='color:{colors[count.state]}'>{count.count}</span>"
                f" / {count.low}–{count.high} "
                f"<i>({state})</i>"
            )
            self.tier_labels[count.tier].setAccessibleName(
                f"Tier {count.tier}: {count.count} of {count.low} to {count.high}, {state}"
            )
        if selected is not None:
            self.select_program(selected)
        self._explain_empty()
        self._selection_changed()

    def _narrowed(self) -> None:
        """After a search or a filter: the program on show stays selected
        while it is among the rows; otherwise its pane clears."""
        shown = self.detail.program_id
        if shown is not None:
            self.select_program(shown)
        self._explain_empty()
        self._selection_changed()

    def apply_search(self) -> None:
        self.live_search.run()

    def _search(self) -> None:
        self.model.set_search(
            self.search.text(), self.tier_filter.currentData(), self.status_filter.currentData()
        )
        self._narrowed()

    def _explain_empty(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        number = self.locale().toString
        self.count_label.setText(
            self.tr("Programs: %1").replace("%1", number(total))
            if shown == total
            else shown_of(self, shown, total)
        )
        self.table.set_empty_text(
            self.tr(
                "No programs yet. Add the residency programs you aim for with New program…, "
                "or bring in a list with Import CSV… (name, state, tier, visa, time zone). "
                "Each program then shows whether you have a tie there, the letters it gets "
                "and its interview."
            )
            if self.model.total_count() == 0
            else self.tr("No program matches the search or the filters.")
        )

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.program_id(rows[0].row()) if rows else None

    def show_program(self, program_id: int) -> None:
        """Select a program, clearing a search or filter that hides it."""
        if self.model.find(lambda row: row.id == program_id) is None:
            self.field_filter.clear()
            self.search.clear()
            self.tier_filter.setCurrentIndex(0)
            self.status_filter.setCurrentIndex(0)
            self._search()
        self.select_program(program_id)

    def select_program(self, program_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.program_id(row) == program_id:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        selected = self.selected_id()
        self.edit_button.setEnabled(selected is not None)
        self.delete_button.setEnabled(selected is not None)
        self.delete_action.setEnabled(selected is not None)
        if selected != self.detail.program_id:
            self.detail.show_program(selected)

    def new_program(self) -> None:
        created: list[int] = []
        if (
            ProgramDialog(
                lambda data: created.append(self.ops.add_program(data)), parent=self
            ).exec()
            and created
        ):
            self.show_program(created[0])

    def edit_selected(self) -> None:
        program_id = self.selected_id()
        if program_id is None:
            return
        with self.ops.reading() as session:
            row = program(session, program_id=program_id)
        ProgramDialog(
            lambda data: self.ops.update_program(program_id, data), program=row, parent=self
        ).exec()

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        chosen = self.model.row_at(rows[0].row())
        if self.confirm_delete(chosen.name):
            self.ops.delete_programs([chosen.id])

    def confirm_delete(self, name: str) -> bool:
        return confirm_delete(
            self,
            self.tr("Delete program"),
            self.tr("Delete %1?").replace("%1", name),
            self.tr(
                "Its ties to your contacts, its interview questions and its letter "
                "assignments go with it."
            ),
        )

    def import_csv(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import programs"), str(Path.home()), self.tr("CSV files (*.csv)")
        )
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> ProgramImport | None:
        """Check the whole file, say what it would add and change, then write
        all of it or nothing. Programs already here are updated, not added."""
        records = self.ops.attempt(
            self, self.tr("Import programs"), lambda: read_programs_csv(path)
        )
        if records is None:
            return None
        with self.ops.reading() as session:
            planned = plan_programs(session, records=records)
        if not planned.add and not planned.update:
            self.ops.report(
                self,
                self.tr("Import programs"),
                self.tr(
                    "Every program in %1 is already here as the file has it; nothing to do."
                ).replace("%1", path.name),
            )
            return None
        if not self.confirm_import(planned):
            return None
        return self.ops.import_programs(records)

    def confirm_import(self, planned: ProgramImport) -> bool:
        names = [r.data["name"] for r in planned.add[:5]]
        preview = ", ".join(names) + ("…" if len(planned.add) > 5 else "")
        text = (
            self.tr("Add %1 programs, update %2 already here, leave %3 unchanged?")
            .replace("%1", str(len(planned.add)))
            .replace("%2", str(len(planned.update)))
            .replace("%3", str(len(planned.unchanged)))
        )
        answer = QMessageBox.question(self, self.tr("Import programs"), f"{text} {preview}".strip())
        return answer == QMessageBox.StandardButton.Yes

    def export_csv(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export programs"),
            str(Path.home() / "programs.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if chosen:
            path = Path(chosen) if Path(chosen).suffix else Path(chosen).with_suffix(".csv")
            self.ops.attempt(
                self, self.tr("Export failed"), lambda: self.ops.export(Kind.PROGRAMS, path)
            )

    def _menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Edit…"), self.edit_selected)
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
