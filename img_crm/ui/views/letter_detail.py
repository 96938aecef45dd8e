"""One letter in full: its status, the packet sent to its writer, reminders and
history; edits go straight through ``Ops`` (the forms are in letter_dialogs)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.attachments import Owner, OwnerKind
from img_crm.domain.custom_fields import RecordKind
from img_crm.domain.enums import ActivityKind, LetterStatus
from img_crm.domain.letters import REMINDER_TEXT
from img_crm.domain.rows import LetterRow
from img_crm.services.letters import (
    LettersView,
    letter_history,
    letter_packet,
)
from img_crm.services.relationships import contact_choices
from img_crm.ui.labels import label
from img_crm.ui.models.own_columns import shown_value
from img_crm.ui.ops import Ops
from img_crm.ui.theme import tone
from img_crm.ui.views.attachments_panel import AttachmentsPanel
from img_crm.ui.views.fields import muted
from img_crm.ui.views.letter_dialogs import (
    NEXT_STATUS,
    PACKET,
    LetterDialog,
    StatusDialog,
    move_letter,
)
from img_crm.ui.views.own_fields import OwnFieldsDialog


class LetterDetail(QScrollArea):
    """One letter: status history, reminder with a message to copy, waiver, packet."""

    #: Make the evidence sheet for this writer (contact id).
    evidence_requested = Signal(int)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.letter_id: int | None = None
        self.view: LettersView | None = None
        #: The shown letter's status history (Change status… starts after it).
        self.history: list[Any] = []
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps
        body = QWidget(self)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.advance_button = QPushButton(body)
        self.advance_button.setAccessibleName(self.tr("Move to the next status"))
        self.status_button = QPushButton(self.tr("Chan&ge status…"), body)
        self.status_button.setAccessibleName(self.tr("Change the status, dated"))
        self.take_back_button = QPushButton(body)
        self.take_back_button.setAccessibleName(self.tr("Take back the last status change"))
        self.edit_button = QPushButton(self.tr("Edit &letter…"), body)
        self.edit_button.setAccessibleName(self.tr("Edit the writer, type and specialty"))
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
        self.evidence_button = QPushButton(self.tr("&Make the evidence sheet…"), packet)
        self.evidence_button.setAccessibleName(self.tr("Make the evidence sheet for this writer"))
        self.evidence_button.clicked.connect(self._evidence)
        packet_box.addWidget(self.evidence_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.empty = QLabel(self.tr("Select a letter to see its details."), body)
        muted(self.empty)
        layout = QVBoxLayout(body)
        layout.addWidget(self.empty)
        layout.addWidget(self.summary)
        layout.addWidget(self.advance_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.actions_row = QWidget(body)
        actions = QHBoxLayout(self.actions_row)
        actions.setContentsMargins(0, 0, 0, 0)
        for button in (self.status_button, self.take_back_button, self.edit_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addWidget(self.actions_row)
        layout.addWidget(self.reminder)
        layout.addWidget(self.waived)
        layout.addWidget(self.notes)
        layout.addWidget(packet)
        self.own_button = QPushButton(self.tr("Yo&ur fields…"), body)
        self.own_button.setAccessibleName(self.tr("Your fields"))
        self.own_button.setToolTip(self.tr("The fields of your own (Settings → Your fields)"))
        self.own_button.clicked.connect(self.edit_own_fields)
        layout.addWidget(self.own_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.files = AttachmentsPanel(ops, "letterFiles", body)
        self.files.setMinimumHeight(190)
        self.files.take_drops_for(self)
        layout.addWidget(self.files)
        layout.addStretch(1)
        self.setWidget(body)
        self._parts = [
            self.files,
            self.own_button,
            self.summary,
            self.advance_button,
            self.actions_row,
            self.reminder,
            self.waived,
            self.notes,
            packet,
        ]
        self._loading = False
        self.advance_button.clicked.connect(self.advance)
        self.status_button.clicked.connect(self.change_status)
        self.take_back_button.clicked.connect(self.take_back)
        self.edit_button.clicked.connect(self.edit_letter)
        self.copy_button.clicked.connect(self.copy_message)
        self.sent_button.clicked.connect(self.mark_sent)
        self.waived.toggled.connect(self._waived_toggled)

    def show_letter(self, letter_id: int | None, view: LettersView | None) -> None:
        self.letter_id, self.view = letter_id, view
        row = next((r for r in view.rows if r.id == letter_id), None) if view else None
        self.empty.setVisible(row is None)
        for part in self._parts:
            part.setVisible(row is not None)
        owner = None if row is None or view is None else Owner(OwnerKind.LETTER, row.id)
        if self.files.owner != owner:
            self.files.show_owner(owner)
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
        alert = tone(self.palette(), "alert").name()
        for warning in view.readiness.warnings:
            if warning.letter_id == row.id:
                lines.append(f"<p style='color:{alert}'>{e(warning.text)}</p>")
        own = self.ops.own_fields(RecordKind.LETTER)
        values = self.ops.own_values(RecordKind.LETTER, row.id) if own else {}
        shown = [(f.name, shown_value(f, values[f.id])) for f in own if f.id in values]
        if shown:
            lines.append("<p>" + "<br>".join(f"<i>{e(n)}</i>: {e(v)}" for n, v in shown) + "</p>")
        self.own_button.setVisible(bool(own))
        self.summary.setText("".join(lines))
        self.history = history
        taken_back = history[-1] if history and history[-1].from_status else None
        self.take_back_button.setVisible(taken_back is not None)
        if taken_back is not None:
            self.take_back_button.setText(
                self.tr("&Take back “%1”").replace(
                    "%1", label("LetterStatus", taken_back.to_status)
                )
            )
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
            move_letter(self, self.ops, row, following.value)

    def _row(self) -> LetterRow | None:
        if self.letter_id is None or self.view is None:
            return None
        return next((r for r in self.view.rows if r.id == self.letter_id), None)

    def change_status(self) -> None:
        row = self._row()
        if row is None:
            return
        last = self.history[-1].changed_on if self.history else clock.today()
        dialog = StatusDialog(row, last, self)
        if dialog.exec():
            status, on = dialog.chosen()
            move_letter(self, self.ops, row, status, on=on)

    def take_back(self) -> None:
        row = self._row()
        if row is not None:
            self.ops.attempt(
                self,
                self.tr("Take back"),
                lambda: self.ops.take_back_letter_status(row.id),
            )

    def edit_letter(self) -> None:
        row = self._row()
        if row is None:
            return
        with self.ops.reading() as session:
            people = contact_choices(session)
        dialog = LetterDialog(people, row.specialty, self, row=row)
        if dialog.exec():
            changes = dialog.changes_from(row)
            if changes:
                self.ops.attempt(
                    self,
                    self.tr("Edit letter"),
                    lambda: self.ops.update_letter(row.id, changes),
                )

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

    def edit_own_fields(self) -> None:
        """The values of the user's fields of this letter, in a small form."""
        ident = self.letter_id
        if ident is None:
            return
        fields = self.ops.own_fields(RecordKind.LETTER)
        values = self.ops.own_values(RecordKind.LETTER, ident)

        def save(chosen: dict[int, str | None]) -> None:
            self.ops.set_own_values(RecordKind.LETTER, ident, chosen)

        OwnFieldsDialog(self.tr("Your fields"), fields, values, save, self).exec()
