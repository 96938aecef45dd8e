"""One program in full: its flags, the people tied to it, its interview and
questions, its files and its history; every edit goes straight through ``Ops``.

One module because it is one pane whose parts refresh together from one read
of the program.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.attachments import Owner, OwnerKind
from img_crm.domain.custom_fields import RecordKind
from img_crm.domain.enums import ApplicationStatus, TieKind
from img_crm.errors import UserError
from img_crm.services.programs import (
    interview_text,
    program,
    program_detail,
    program_view,
)
from img_crm.services.relationships import contact_choices
from img_crm.ui.dates import qdatetime
from img_crm.ui.labels import label, stage_label
from img_crm.ui.models.own_columns import shown_value
from img_crm.ui.ops import Ops
from img_crm.ui.theme import tone
from img_crm.ui.views.attachments_panel import AttachmentsPanel
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import muted
from img_crm.ui.views.own_fields import OwnFieldsDialog

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


class TieDialog(Dialog):
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


class InterviewDialog(Dialog):
    """Interview time in the program's own zone, with the user's zone (from
    the profile) shown live. A new one starts at 09:00 there, two weeks out;
    one already set starts where it is."""

    def __init__(
        self,
        program_name: str,
        zone: str,
        home: str,
        parent: QWidget | None = None,
        *,
        current: datetime | None = None,
    ) -> None:
        from img_crm.domain.programs import in_zone

        super().__init__(parent)
        self.zone, self.home = zone, home
        self.setWindowTitle(self.tr("Interview at %1").replace("%1", program_name))
        start = (
            in_zone(current, zone).replace(tzinfo=None)
            if current is not None
            else datetime.combine(clock.today() + timedelta(days=14), time(9, 0))
        )
        self.when = QDateTimeEdit(qdatetime(start), self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setAccessibleName(self.tr("Interview time in the program's zone"))
        self.preview = QLabel(self)
        form = QFormLayout(self)
        form.addRow(self.tr("&Time in %1").replace("%1", zone), self.when)
        form.addRow(self.tr("Shown as"), self.preview)
        note = (
            self.tr("Set your own time zone in Settings → Profile to see the time there too.")
            if not home
            else self.tr("Your own zone, %1 (Settings → Profile), is the program's too.")
            if home == zone
            else self.tr("Your own zone, %1, comes from Settings → Profile.")
        )
        home_note = QLabel(note.replace("%1", home), self)
        home_note.setWordWrap(True)
        muted(home_note)
        form.addRow(home_note)
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
        self.interview_button = QPushButton(self.tr("Set intervie&w…"), body)
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
        self.clear_interview_button = QPushButton(self.tr("&Remove interview"), body)
        for button in (
            self.tie_button,
            self.untie_button,
            self.interview_button,
            self.clear_interview_button,
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
        interview_row = QHBoxLayout()
        interview_row.addWidget(self.interview_button)
        interview_row.addWidget(self.clear_interview_button)
        interview_row.addStretch(1)
        layout.addLayout(interview_row)
        layout.addWidget(self.questions)
        layout.addWidget(self.add_question_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.own_button = QPushButton(self.tr("Yo&ur fields…"), body)
        self.own_button.setAccessibleName(self.tr("Your fields"))
        self.own_button.setToolTip(self.tr("The fields of your own (Settings → Your fields)"))
        self.own_button.clicked.connect(self.edit_own_fields)
        layout.addWidget(self.own_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.files = AttachmentsPanel(ops, "programFiles", body)
        self.files.setMinimumHeight(190)
        self.files.take_drops_for(self)
        layout.addWidget(self.files)
        layout.addStretch(1)
        self.setWidget(body)
        self._parts = [
            w for w in body.findChildren(QWidget) if w is not self.empty and w.parent() is body
        ]

        self.status.currentIndexChanged.connect(self._status_changed)
        self.tie_button.clicked.connect(self.tie_contact)
        self.untie_button.clicked.connect(self.untie_selected)
        self.interview_button.clicked.connect(self.set_interview)
        self.clear_interview_button.clicked.connect(self.clear_interview)
        self.add_question_button.clicked.connect(self.add_question)
        self.questions.itemChanged.connect(self._answer_changed)
        ops.programs_changed.connect(self.refresh)
        ops.contacts_changed.connect(self.refresh)
        ops.settings_changed.connect(self.refresh)
        ops.fields_changed.connect(self.refresh)
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
        owner = None if row is None else Owner(OwnerKind.PROGRAM, row.id)
        if self.files.owner != owner:
            self.files.show_owner(owner)
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
        alert = tone(self.palette(), "alert").name()
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
        own = self.ops.own_fields(RecordKind.PROGRAM)
        values = self.ops.own_values(RecordKind.PROGRAM, row.id) if own else {}
        shown = [(f.name, shown_value(f, values[f.id])) for f in own if f.id in values]
        if shown:
            lines.append("<p>" + "<br>".join(f"<i>{e(n)}</i>: {e(v)}" for n, v in shown) + "</p>")
        self.own_button.setVisible(bool(own))
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
        self.clear_interview_button.setVisible(row.interview_at is not None)
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
        dialog = InterviewDialog(row.name, row.timezone, home, self, current=row.interview_at)
        if dialog.exec():
            self.ops.set_interview(row.id, dialog.local())

    def clear_interview(self) -> None:
        """Cancelled or entered by mistake: off Today, the status left to the user."""
        if self.program_id is not None:
            self.ops.clear_interview(self.program_id)

    def add_question(self) -> None:
        if self.program_id is None:
            return
        text, ok = QInputDialog.getText(
            self, self.tr("Add a question"), self.tr("Question to ask:")
        )
        if ok and text.strip():
            self.ops.add_question(self.program_id, text)

    def edit_own_fields(self) -> None:
        """The values of the user's fields of this program, in a small form."""
        ident = self.program_id
        if ident is None:
            return
        fields = self.ops.own_fields(RecordKind.PROGRAM)
        values = self.ops.own_values(RecordKind.PROGRAM, ident)

        def save(chosen: dict[int, str | None]) -> None:
            self.ops.set_own_values(RecordKind.PROGRAM, ident, chosen)

        OwnFieldsDialog(self.tr("Your fields"), fields, values, save, self).exec()
