"""The Letters tab: readiness, each letter's status and reminders, packets, assignments."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.enums import ActivityKind, LetterStatus, LetterType
from img_crm.domain.letters import ERAS_MAX_PER_PROGRAM, REMINDER_TEXT
from img_crm.domain.text import sort_key
from img_crm.services.letters import (
    LettersView,
    assignment_grid,
    letter_history,
    letter_packet,
    letters_view,
)
from img_crm.services.relationships import contact_choices
from img_crm.ui.labels import label
from img_crm.ui.models.records import LettersModel
from img_crm.ui.ops import Ops
from img_crm.ui.theme import is_dark
from img_crm.ui.views.fields import muted
from img_crm.ui.views.lazy import LazyLoader
from img_crm.ui.views.table_view import delete_action, make_table

#: The next step along the usual path, for the one-click "advance" action.
NEXT_STATUS = {
    LetterStatus.IDENTIFIED: LetterStatus.ASKED,
    LetterStatus.ASKED: LetterStatus.AGREED,
    LetterStatus.AGREED: LetterStatus.PACKET_SENT,
    LetterStatus.PACKET_SENT: LetterStatus.UPLOADED,
}
PACKET = (
    ("packet_cv", "CV"),
    ("packet_statement", "Personal statement draft"),
    ("packet_evidence", "Evidence sheet"),
    ("packet_instructions", "ERAS letter instructions"),
)


class LetterDialog(QDialog):
    """A new letter: who writes it, what kind, for which specialty."""

    def __init__(
        self, people: list[tuple[int, str]], specialty: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New letter"))
        self.writer = QComboBox(self)
        for contact_id, name in people:
            self.writer.addItem(name, contact_id)
        self.writer.setAccessibleName(self.tr("Writer"))
        self.kind = QComboBox(self)
        for kind in LetterType:
            self.kind.addItem(label("LetterType", kind), kind.value)
        self.kind.setAccessibleName(self.tr("Type"))
        self.specialty = QComboBox(self)
        self.specialty.setEditable(True)
        self.specialty.setCurrentText(specialty)
        self.specialty.setAccessibleName(self.tr("Specialty"))
        self.status = QComboBox(self)
        for status in LetterStatus:
            self.status.addItem(label("LetterStatus", status), status.value)
        self.status.setAccessibleName(self.tr("Status"))
        form = QFormLayout(self)
        form.addRow(self.tr("&Writer"), self.writer)
        form.addRow(self.tr("&Type"), self.kind)
        form.addRow(self.tr("&Specialty"), self.specialty)
        form.addRow(self.tr("S&tatus"), self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class LetterDetail(QScrollArea):
    """One letter: status history, reminder with a message to copy, waiver, packet."""

    #: Make the evidence sheet for this writer (contact id).
    evidence_requested = Signal(int)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.letter_id: int | None = None
        self.view: LettersView | None = None
        self.setWidgetResizable(True)
        body = QWidget(self)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.advance_button = QPushButton(body)
        self.advance_button.setAccessibleName(self.tr("Move to the next status"))
        self.reminder = QGroupBox(self.tr("Reminder due"), body)
        self.reminder_text = QLabel(self.reminder)
        self.reminder_text.setWordWrap(True)
        self.message = QPlainTextEdit(self.reminder)
        self.message.setReadOnly(True)
        self.message.setAccessibleName(self.tr("Reminder message"))
        self.message.setMinimumHeight(140)
        self.copy_button = QPushButton(self.tr("&Copy message"), self.reminder)
        self.sent_button = QPushButton(self.tr("Mark reminder &sent"), self.reminder)
        box = QVBoxLayout(self.reminder)
        box.addWidget(self.reminder_text)
        box.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.sent_button)
        row.addStretch(1)
        box.addLayout(row)
        self.waived = QCheckBox(self.tr("Right to see the letter &waived (recommended)"), body)
        self.notes = QLineEdit(body)
        self.notes.setPlaceholderText(self.tr("Notes, e.g. prefers a reminder by phone"))
        self.notes.setAccessibleName(self.tr("Notes on this letter"))
        self.notes.editingFinished.connect(lambda: self._update({"notes": self.notes.text()}))
        packet = QGroupBox(self.tr("Packet for the writer"), body)
        packet_box = QVBoxLayout(packet)
        self.packet: dict[str, QCheckBox] = {}
        for field, text in PACKET:
            check = QCheckBox(self.tr(text), packet)
            check.toggled.connect(lambda on, f=field: self._update({f: on}))
            packet_box.addWidget(check)
            self.packet[field] = check
        self.evidence_button = QPushButton(self.tr("Make the &evidence sheet…"), packet)
        self.evidence_button.setAccessibleName(self.tr("Make the evidence sheet for this writer"))
        self.evidence_button.clicked.connect(self._evidence)
        packet_box.addWidget(self.evidence_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.empty = QLabel(self.tr("Select a letter to see its details."), body)
        muted(self.empty)
        layout = QVBoxLayout(body)
        layout.addWidget(self.empty)
        layout.addWidget(self.summary)
        layout.addWidget(self.advance_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.reminder)
        layout.addWidget(self.waived)
        layout.addWidget(self.notes)
        layout.addWidget(packet)
        layout.addStretch(1)
        self.setWidget(body)
        self._parts = [
            self.summary,
            self.advance_button,
            self.reminder,
            self.waived,
            self.notes,
            packet,
        ]
        self._loading = False
        self.advance_button.clicked.connect(self.advance)
        self.copy_button.clicked.connect(self.copy_message)
        self.sent_button.clicked.connect(self.mark_sent)
        self.waived.toggled.connect(self._waived_toggled)

    def show_letter(self, letter_id: int | None, view: LettersView | None) -> None:
        self.letter_id, self.view = letter_id, view
        row = next((r for r in view.rows if r.id == letter_id), None) if view else None
        self.empty.setVisible(row is None)
        for part in self._parts:
            part.setVisible(row is not None)
        if row is None or view is None:
            return
        self._loading = True
        with self.ops.reading() as session:
            history = letter_history(session, letter_id=row.id)
        e = escape
        lines = [
            f"<h2>{e(row.writer_name)}</h2>",
            f"<p>{e(label('LetterType', row.letter_type))} · {e(row.specialty)}</p>",
            "<p>"
            + " → ".join(
                f"<b>{e(label('LetterStatus', h.to_status))}</b> {h.changed_on.isoformat()}"
                for h in history
            )
            + "</p>",
        ]
        alert = "#ff8a80" if is_dark(self.palette()) else "#b3261e"
        for warning in view.readiness.warnings:
            if warning.letter_id == row.id:
                lines.append(f"<p style='color:{alert}'>{e(warning.text)}</p>")
        self.summary.setText("".join(lines))
        status = LetterStatus(row.status)
        following = NEXT_STATUS.get(status)
        self.advance_button.setVisible(following is not None)
        if following is not None:
            self.advance_button.setText(
                self.tr("Mark as %1 (Ctrl+Enter)").replace("%1", label("LetterStatus", following))
            )
        due = view.reminders.get(row.id)
        self.reminder.setVisible(due is not None)
        if due is not None:
            self.reminder_text.setText(
                self.tr("%1 — asked %2 days ago; due from %3, ideally by %4.")
                .replace("%1", self.tr(REMINDER_TEXT[due.reminder.step]))
                .replace("%2", str(due.reminder.days_since_request))
                .replace("%3", due.reminder.due.isoformat())
                .replace("%4", due.reminder.by.isoformat())
            )
            self.message.setPlainText(due.message)
        state = view.states.get(row.id)
        self.waived.setChecked(row.waived)
        self.notes.setText(row.notes)
        if state is not None:
            with self.ops.reading() as session:
                packet = letter_packet(session, letter_id=row.id)
            for field, check in self.packet.items():
                check.setChecked(packet[field])
        self._loading = False

    def _update(self, changes: dict[str, object]) -> None:
        if not self._loading and self.letter_id is not None:
            self.ops.update_letter(self.letter_id, changes)

    def _waived_toggled(self, on: bool) -> None:
        if self._loading or self.letter_id is None:
            return
        if not on and not self.confirm_unwaive():
            self._loading = True
            self.waived.setChecked(True)
            self._loading = False
            return
        self._update({"waived": on})

    def confirm_unwaive(self) -> bool:
        answer = QMessageBox.warning(
            self,
            self.tr("Keep the right to read the letter?"),
            self.tr(
                "Programs give more weight to letters the applicant has not seen. "
                "Almost everyone waives this right. Keep it anyway?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _evidence(self) -> None:
        if self.letter_id is not None and self.view is not None:
            state = self.view.states.get(self.letter_id)
            if state is not None:
                self.evidence_requested.emit(state.writer_id)

    def advance(self) -> None:
        if self.letter_id is None or self.view is None:
            return
        row = next(r for r in self.view.rows if r.id == self.letter_id)
        following = NEXT_STATUS.get(LetterStatus(row.status))
        if following is not None:
            self.ops.set_letter_status(self.letter_id, following.value)

    def copy_message(self) -> None:
        QGuiApplication.clipboard().setText(self.message.toPlainText())

    def mark_sent(self) -> None:
        if self.letter_id is None or self.view is None:
            return
        due = self.view.reminders.get(self.letter_id)
        if due is not None:
            self.ops.add_activity(
                {
                    "kind": ActivityKind.OUTREACH_SENT.value,
                    "occurred_on": clock.today(),
                    "contact_id": due.writer_id,
                    "description": self.tr(REMINDER_TEXT[due.reminder.step]) + " (letter)",
                }
            )


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
        counts = {p.id: sum(1 for _l, pid in pairs if pid == p.id) for p in programs}
        self.setHorizontalHeaderLabels(
            [f"{p.name}\n{counts[p.id]}/{ERAS_MAX_PER_PROGRAM}" for p in programs]
        )
        self.setVerticalHeaderLabels(
            [f"{r.writer_name} ({label('LetterType', r.letter_type)})" for r in view.rows]
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
        self.table = make_table(self.model, "lettersTable", self)
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
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, list_page)
        self.splitter.setObjectName("lettersSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([760, 480])
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
            ],
            lazy=lazy,
        )

    def reload(self) -> None:
        selected = self.selected_id()
        with self.ops.reading() as session:
            self.view = letters_view(session)
        view = self.view
        self.model.set_letters(
            view.rows,
            {i: self.tr(REMINDER_TEXT[r.reminder.step]) for i, r in view.reminders.items()},
        )
        self._show_readiness(view)
        self.matrix.reload(view)
        if selected is not None:
            self.select_letter(selected)
        self._selection_changed()

    def _show_readiness(self, view: LettersView) -> None:
        r = view.readiness
        good = "#7ddc9b" if is_dark(self.palette()) else "#2e7d32"
        alert = "#ff8a80" if is_dark(self.palette()) else "#b3261e"

        def mark(ok: bool) -> str:
            return f"<span style='color:{good if ok else alert}'>{'✔' if ok else '✘'}</span>"

        target = escape(
            view.target_specialty or self.tr("your target specialty (set it in Settings)")
        )
        lines = [
            f"{mark(r.enough_us_clinical)} "
            + self.tr("US clinical letters in %1: <b>%2</b> (at least 2, ideally 3)")
            .replace("%1", target)
            .replace("%2", str(r.us_clinical_in_target)),
            f"{mark(r.total_ok)} "
            + self.tr("Letters in all: <b>%1</b> (aim for 3–4)").replace("%1", str(r.total)),
        ]
        lines += [f"<span style='color:{alert}'>⚠ {escape(w.text)}</span>" for w in r.warnings]
        self.readiness.setText("<br>".join(lines))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    def show_letter(self, letter_id: int) -> None:
        """The letters list, with this letter selected."""
        self.pages.setCurrentIndex(0)
        self.select_letter(letter_id)

    def select_letter(self, letter_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == letter_id:
                self.table.selectRow(row)
                return

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
            self.select_letter(letter_id)

    def delete_selected(self) -> None:
        letter_id = self.selected_id()
        if letter_id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete letter"),
            self.tr("Stop tracking this letter, its history and program assignments?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ops.delete_letter(letter_id)

    def _menu(self, pos: QPoint) -> None:
        letter_id = self.selected_id()
        if letter_id is None or not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        statuses = menu.addMenu(self.tr("Set status"))
        for status in LetterStatus:
            statuses.addAction(
                label("LetterStatus", status),
                partial(self.ops.set_letter_status, letter_id, status.value),
            )
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
