"""The Programs tab: tier counts, the target list, and a detail pane per program."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from html import escape
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.enums import ApplicationStatus, TieKind
from img_crm.errors import UserError
from img_crm.services.exports import Kind
from img_crm.services.programs import (
    interview_text,
    program,
    program_detail,
    program_view,
    read_programs_csv,
)
from img_crm.services.relationships import contact_choices
from img_crm.ui.dates import qdatetime
from img_crm.ui.labels import label, stage_label
from img_crm.ui.models.programs import ProgramsModel
from img_crm.ui.ops import Ops
from img_crm.ui.theme import is_dark
from img_crm.ui.views.fields import muted
from img_crm.ui.views.lazy import LazyLoader
from img_crm.ui.views.program_dialog import ProgramDialog
from img_crm.ui.views.table_view import delete_action, make_table

SIGNALS = (
    ("signal_visa_info", "Visa information on the website"),
    ("signal_img_residents", "Several IMGs among current residents"),
    ("signal_img_mentorship", "Mentorship for IMGs"),
    ("signal_pd_replied", "PD or coordinator replied"),
)
RED_FLAGS = (
    ("flag_no_visa", "No visa sponsorship"),
    ("flag_no_img", "No IMG residents"),
    ("flag_no_reply", "No reply"),
)


class TieDialog(QDialog):
    """Pick a contact and how they are connected to the program."""

    def __init__(self, people: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who do I know here?"))
        self.contact = QComboBox(self)
        self.contact.setEditable(True)
        self.contact.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for contact_id, name in people:
            self.contact.addItem(name, contact_id)
        self.contact.setAccessibleName(self.tr("Contact"))
        self.kind = QComboBox(self)
        for kind in TieKind:
            self.kind.addItem(label("TieKind", kind), kind.value)
        self.kind.setAccessibleName(self.tr("How they are connected"))
        form = QFormLayout(self)
        form.addRow(self.tr("&Contact"), self.contact)
        form.addRow(self.tr("&Connection"), self.kind)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class InterviewDialog(QDialog):
    """Interview time in the program's own zone, with the user's zone shown live."""

    def __init__(
        self, program_name: str, zone: str, home: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.zone, self.home = zone, home
        self.setWindowTitle(self.tr("Interview at %1").replace("%1", program_name))
        self.when = QDateTimeEdit(
            qdatetime(datetime.combine(clock.today() + timedelta(days=14), time(9, 0))), self
        )
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setAccessibleName(self.tr("Interview time in the program's zone"))
        self.preview = QLabel(self)
        form = QFormLayout(self)
        form.addRow(self.tr("&Time in %1").replace("%1", zone), self.when)
        form.addRow(self.tr("Shown as"), self.preview)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.when.dateTimeChanged.connect(self._preview)
        self._preview()

    def local(self) -> datetime:
        value = self.when.dateTime()
        d, t = value.date(), value.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

    def _preview(self) -> None:
        from img_crm.domain.programs import dual_time, local_to_utc

        try:
            self.preview.setText(
                dual_time(local_to_utc(self.local(), self.zone), self.zone, self.home)
            )
        except UserError as exc:
            self.preview.setText(str(exc))


class ProgramDetail(QScrollArea):
    """Everything about one program; edits go straight through ``Ops``."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.program_id: int | None = None
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(self)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setOpenExternalLinks(False)
        self.status = QComboBox(body)
        for value in ApplicationStatus:
            self.status.addItem(label("ApplicationStatus", value), value.value)
        self.status.setAccessibleName(self.tr("Application status"))
        self.checks: dict[str, QCheckBox] = {}
        signals = QGroupBox(self.tr("IMG-friendly signals"), body)
        flags = QGroupBox(self.tr("Red flags"), body)
        for box, items in ((signals, SIGNALS), (flags, RED_FLAGS)):
            column = QVBoxLayout(box)
            for field, text in items:
                check = QCheckBox(self.tr(text), box)
                check.toggled.connect(lambda on, f=field: self._toggle(f, on))
                column.addWidget(check)
                self.checks[field] = check
        self.ties = QListWidget(body)
        self.ties.setAccessibleName(self.tr("Contacts tied to this program"))
        self.ties.setMaximumHeight(120)
        self.tie_button = QPushButton(self.tr("&Tie a contact…"), body)
        self.untie_button = QPushButton(self.tr("Remove tie"), body)
        self.interview = QLabel(body)
        self.interview.setWordWrap(True)
        self.interview_button = QPushButton(self.tr("Set &interview…"), body)
        self.questions = QTableWidget(0, 2, body)
        self.questions.setHorizontalHeaderLabels([self.tr("Question"), self.tr("Answer")])
        self.questions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.questions.verticalHeader().setVisible(False)
        self.questions.setAccessibleName(self.tr("Questions to ask"))
        self.questions.setWordWrap(True)
        self.questions.setMinimumHeight(180)
        # Rows grow to fit the wrapped question once the column has its width.
        self.questions.horizontalHeader().sectionResized.connect(
            lambda *_: self.questions.resizeRowsToContents()
        )
        self.add_question_button = QPushButton(self.tr("Add a &question…"), body)
        for button in (
            self.tie_button,
            self.untie_button,
            self.interview_button,
            self.add_question_button,
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        self.empty = QLabel(self.tr("Select a program to see its details."), body)
        muted(self.empty)

        layout = QVBoxLayout(body)
        layout.addWidget(self.empty)
        layout.addWidget(self.summary)
        status_row = QHBoxLayout()
        status_row.addWidget(QLabel(self.tr("Application:"), body))
        status_row.addWidget(self.status, 1)
        layout.addLayout(status_row)
        layout.addWidget(signals)
        layout.addWidget(flags)
        layout.addWidget(QLabel(self.tr("<b>Who do I know here?</b>"), body))
        layout.addWidget(self.ties)
        tie_row = QHBoxLayout()
        tie_row.addWidget(self.tie_button)
        tie_row.addWidget(self.untie_button)
        tie_row.addStretch(1)
        layout.addLayout(tie_row)
        layout.addWidget(QLabel(self.tr("<b>Interview</b>"), body))
        layout.addWidget(self.interview)
        layout.addWidget(self.interview_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.questions)
        layout.addWidget(self.add_question_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.setWidget(body)
        self._parts = [
            w for w in body.findChildren(QWidget) if w is not self.empty and w.parent() is body
        ]

        self.status.currentIndexChanged.connect(self._status_changed)
        self.tie_button.clicked.connect(self.tie_contact)
        self.untie_button.clicked.connect(self.untie_selected)
        self.interview_button.clicked.connect(self.set_interview)
        self.add_question_button.clicked.connect(self.add_question)
        self.questions.itemChanged.connect(self._answer_changed)
        ops.programs_changed.connect(self.refresh)
        ops.contacts_changed.connect(self.refresh)
        ops.settings_changed.connect(self.refresh)
        self._loading = False
        self.show_program(None)

    def show_program(self, program_id: int | None) -> None:
        self.program_id = program_id
        self.refresh()

    def refresh(self) -> None:
        program_id = self.program_id
        row = None
        if program_id is not None:
            try:
                with self.ops.reading() as session:
                    view = program_view(session)
                    detail = program_detail(session, program_id=program_id)
                row, ties, questions = detail.row, detail.ties, detail.questions
                history = detail.history
            except UserError:
                self.program_id = row = None
        self.empty.setVisible(row is None)
        for part in self._parts:
            part.setVisible(row is not None)
        if row is None:
            return
        self._loading = True
        status = view.statuses[row.id]
        e = escape
        lines = [f"<h2>{e(row.name)}</h2>"]
        place = ", ".join(p for p in (row.institution, row.city, row.state) if p)
        if place:
            lines.append(f"<div>{e(place)}</div>")
        facts = [
            self.tr("Tier %1").replace("%1", str(row.tier)) if row.tier else self.tr("No tier yet"),
            label("ProgramType", row.program_type),
            self.tr("Visas: %1").replace("%1", label("ProgramVisa", row.visa)),
            self.tr("IMGs: %1 %").replace("%1", f"{row.img_share:g}")
            if row.img_share is not None
            else "",
        ]
        lines.append(f"<p>{' · '.join(e(f) for f in facts if f)}</p>")
        alert = "#ff8a80" if is_dark(self.palette()) else "#b3261e"
        if status.suggest_tier_1:
            hint = self.tr("Suggested for tier 1: a mentor or sponsor has a tie here.")
            lines.append(f"<p><b>{e(hint)}</b></p>")
        for warning in status.warnings:
            lines.append(f"<p style='color:{alert}'><b>{e(self.tr(warning))}</b></p>")
        steps = " → ".join(
            f"{label('ApplicationStatus', change.to_status)} {change.changed_on.isoformat()}"
            for change in history
        )
        if steps:
            lines.append(f"<p><i>{e(steps)}</i></p>")
        if row.website:
            lines.append(f"<p>{e(row.website)}</p>")
        if row.notes:
            lines.append(f"<p>{e(row.notes)}</p>")
        self.summary.setText("".join(lines))
        self.status.setCurrentIndex(max(self.status.findData(row.application_status), 0))
        for field, check in self.checks.items():
            check.setChecked(bool(getattr(row, field)))
        self.ties.clear()
        for tie in ties:
            item = QListWidgetItem(
                f"{tie.name} — {stage_label(tie.stage)} ({label('TieKind', tie.kind)})", self.ties
            )
            item.setData(Qt.ItemDataRole.UserRole, (tie.contact_id, tie.kind))
        self.untie_button.setEnabled(bool(ties))
        self.interview.setText(
            interview_text(row, view.home_zone)
            or (
                self.tr("Not scheduled.")
                if row.timezone
                else self.tr("Set the program's time zone (Edit…) to schedule an interview.")
            )
        )
        self.interview_button.setEnabled(bool(row.timezone))
        self.questions.setRowCount(len(questions))
        for index, question in enumerate(questions):
            asked = QTableWidgetItem(question.question)
            asked.setFlags(asked.flags() & ~Qt.ItemFlag.ItemIsEditable)
            answer = QTableWidgetItem(question.answer)
            answer.setData(Qt.ItemDataRole.UserRole, question.id)
            self.questions.setItem(index, 0, asked)
            self.questions.setItem(index, 1, answer)
        self.questions.resizeRowsToContents()
        self._loading = False

    def _toggle(self, field: str, on: bool) -> None:
        if not self._loading and self.program_id is not None:
            self.ops.update_program(self.program_id, {field: on})

    def _status_changed(self) -> None:
        if not self._loading and self.program_id is not None:
            self.ops.update_program(
                self.program_id, {"application_status": self.status.currentData()}
            )

    def _answer_changed(self, item: QTableWidgetItem) -> None:
        question_id = item.data(Qt.ItemDataRole.UserRole)
        if not self._loading and question_id is not None:
            self.ops.set_answer(int(question_id), item.text())

    def tie_contact(self) -> None:
        if self.program_id is None:
            return
        with self.ops.reading() as session:
            people = contact_choices(session)
        dialog = TieDialog(people, self)
        if dialog.exec() and dialog.contact.currentData() is not None:
            self.ops.tie_contact(
                self.program_id, int(dialog.contact.currentData()), str(dialog.kind.currentData())
            )

    def untie_selected(self) -> None:
        item = self.ties.currentItem()
        if item is None or self.program_id is None:
            return
        contact_id, kind = item.data(Qt.ItemDataRole.UserRole)
        self.ops.tie_contact(self.program_id, contact_id, kind, tie=False)

    def set_interview(self) -> None:
        if self.program_id is None:
            return
        with self.ops.reading() as session:
            row = program(session, program_id=self.program_id)
            home = program_view(session).home_zone
        dialog = InterviewDialog(row.name, row.timezone, home, self)
        if dialog.exec():
            self.ops.set_interview(row.id, dialog.local())

    def add_question(self) -> None:
        if self.program_id is None:
            return
        text, ok = QInputDialog.getText(
            self, self.tr("Add a question"), self.tr("Question to ask:")
        )
        if ok and text.strip():
            self.ops.add_question(self.program_id, text)


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
        self.table = make_table(self.model, "programsTable", self)
        self.table.setAccessibleName(self.tr("Programs"))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.detail = ProgramDetail(ops, self)
        self.new_button = QPushButton(self.tr("&New program…"), self)
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        self.import_button = QPushButton(self.tr("&Import CSV…"), self)
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
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(bottom)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("programsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([760, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._timer.start)
        self.tier_filter.currentIndexChanged.connect(self.apply_search)
        self.status_filter.currentIndexChanged.connect(self.apply_search)
        self.new_button.clicked.connect(self.new_program)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_csv)
        self.export_button.clicked.connect(self.export_csv)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.loader = LazyLoader(
            self,
            self.reload,
            signals=[ops.programs_changed, ops.contacts_changed, ops.settings_changed],
            lazy=lazy,
        )

    def reload(self) -> None:
        selected = self.selected_id()
        with self.ops.reading() as session:
            view = program_view(session)
        self.model.set_programs(view.rows, view.statuses, view.home_zone)
        colors = {"below": "#e0a526", "within": "#3fa46a", "above": "#e0683c"}
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
        self._selection_changed()

    def apply_search(self) -> None:
        self._timer.stop()
        self.model.set_search(
            self.search.text(), self.tier_filter.currentData(), self.status_filter.currentData()
        )

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.program_id(rows[0].row()) if rows else None

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
            self.select_program(created[0])

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
        program_id = self.selected_id()
        if program_id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete program"),
            self.tr("Delete this program, its ties, interview questions and letter assignments?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ops.delete_programs([program_id])

    def import_csv(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import programs"), str(Path.home()), self.tr("CSV files (*.csv)")
        )
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> int:
        """Check the whole file, confirm, then add every row or none."""
        records = self.ops.attempt(
            self, self.tr("Import programs"), lambda: read_programs_csv(path)
        )
        if records is None:
            return 0
        names = ", ".join(r.data["name"] for r in records[:5]) + ("…" if len(records) > 5 else "")
        if not self.confirm_import(len(records), names):
            return 0
        return self.ops.import_programs(records)

    def confirm_import(self, count: int, preview: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Import programs"),
            self.tr("Add %1 programs? %2").replace("%1", str(count)).replace("%2", preview),
        )
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
