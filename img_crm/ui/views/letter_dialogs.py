"""The letter forms: a new letter or one mended (writer, type, specialty),
a dated status change, and the one way a letter moves (``move_letter``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from img_crm import clock
from img_crm.domain.enums import ActivityKind, LetterStatus, LetterType
from img_crm.domain.rows import LetterRow
from img_crm.services.letters import letter_packet
from img_crm.services.relationships import contact_choices
from img_crm.ui.dates import pydate, qdate, qtoday
from img_crm.ui.labels import label
from img_crm.ui.ops import Ops
from img_crm.ui.views.activity_dialog import ActivityDialog
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel

#: The packet a writer is sent: (letter field, what it is).
PACKET = (
    ("packet_cv", "CV"),
    ("packet_statement", "Personal statement draft"),
    ("packet_evidence", "Evidence sheet"),
    ("packet_instructions", "ERAS letter instructions"),
)

#: The next step along the usual path, for the one-click "advance" action.
NEXT_STATUS = {
    LetterStatus.IDENTIFIED: LetterStatus.ASKED,
    LetterStatus.ASKED: LetterStatus.AGREED,
    LetterStatus.AGREED: LetterStatus.PACKET_SENT,
    LetterStatus.PACKET_SENT: LetterStatus.UPLOADED,
}


class LetterDialog(Dialog):
    """A new letter (who writes it, what kind, for which specialty, its first
    status), or, given ``row``, the same fields of a letter already tracked:
    a wrong writer or type is mended here; its status moves through
    ``StatusDialog`` so that it stays dated."""

    def __init__(
        self,
        people: list[tuple[int, str]],
        specialty: str,
        parent: QWidget | None = None,
        *,
        row: LetterRow | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New letter") if row is None else self.tr("Edit letter"))
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
        if row is None:
            form.addRow(self.tr("S&tatus"), self.status)
        else:
            self.status.hide()
            self.writer.setCurrentIndex(max(0, self.writer.findData(row.writer_id)))
            self.kind.setCurrentIndex(max(0, self.kind.findData(row.letter_type)))
            self.specialty.setCurrentText(row.specialty)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes_from(self, row: LetterRow) -> dict[str, object]:
        """The fields that differ from ``row``."""
        now: dict[str, object] = {
            "writer_id": self.writer.currentData(),
            "letter_type": self.kind.currentData(),
            "specialty": self.specialty.currentText().strip(),
        }
        was = {
            "writer_id": row.writer_id,
            "letter_type": row.letter_type,
            "specialty": row.specialty,
        }
        return {k: v for k, v in now.items() if v is not None and v != was[k]}


class StatusDialog(Dialog):
    """Move a letter to a status on a day: today, or the day it really
    happened, from its last change to today (a history runs forward)."""

    def __init__(self, row: LetterRow, last_change: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_change = min(last_change, clock.today())
        self.setWindowTitle(self.tr("Change the letter's status"))
        self.status = QComboBox(self)
        following = NEXT_STATUS.get(LetterStatus(row.status))
        if following is None:  # uploaded or declined: nothing to offer first
            self.status.addItem(self.tr("Choose a status…"), None)
        for status in LetterStatus:
            if status.value != row.status:
                self.status.addItem(label("LetterStatus", status), status.value)
        if following is not None:
            self.status.setCurrentIndex(self.status.findData(following.value))
        self.status.setAccessibleName(self.tr("New status"))
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        # Only the future is closed: a lower bound would refuse the digits of
        # a date while it is being typed; an early day is refused on OK.
        self.day.setMaximumDate(qtoday())
        self.day.setDate(qtoday())
        self.day.setAccessibleName(self.tr("Date of the change"))
        intro = QLabel(
            self.tr("Letter from %1 · now %2, since %3.")
            .replace("%1", row.writer_name)
            .replace("%2", label("LetterStatus", row.status))
            .replace("%3", self.last_change.isoformat()),
            self,
        )
        intro.setWordWrap(True)
        self.error = ErrorLabel(self.day, self)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow(self.tr("&Status"), self.status)
        form.addRow(self.tr("&On"), self.day)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.status.currentIndexChanged.connect(self._allow)
        self._allow()

    def _allow(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.status.currentData() is not None)

    def accept(self) -> None:
        if pydate(self.day.date()) < self.last_change:
            self.error.show_error(
                self.tr("Choose %1 or later: the letter's history runs forward.").replace(
                    "%1", self.last_change.isoformat()
                )
            )
            return
        super().accept()

    def chosen(self) -> tuple[str, date]:
        return str(self.status.currentData()), pydate(self.day.date())


def move_letter(
    parent: QWidget, ops: Ops, row: LetterRow, status: str, *, on: date | None = None
) -> None:
    """Move a letter to ``status`` (today, or ``on``). Nothing is logged for
    the user: once the packet is marked sent, they are offered the activity,
    prefilled, to log or cancel (the reply rate and the month's goals count
    only what they log)."""

    def apply() -> bool:
        ops.set_letter_status(row.id, status, on=on)
        return True

    moved = ops.attempt(parent, parent.tr("Change status"), apply)
    if not moved or status != LetterStatus.PACKET_SENT.value:
        return
    with ops.reading() as session:
        packet = letter_packet(session, letter_id=row.id)
    unticked = [parent.tr(text) for field, text in PACKET if not packet[field]]
    question = parent.tr("Log that you sent %1 the letter packet?").replace("%1", row.writer_name)
    if unticked:  # said, never ticked for the user
        question += "\n\n" + parent.tr("Not ticked as sent yet: %1.").replace(
            "%1", ", ".join(unticked)
        )
    answer = QMessageBox.question(
        parent,
        parent.tr("Log the packet"),
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    with ops.reading() as session:
        people = contact_choices(session)
    offer = ActivityDialog(
        ops.add_activity,
        contacts=people,
        contact_id=row.writer_id,
        kind=ActivityKind.OUTREACH_SENT,
        description=parent.tr("Sent the letter packet"),
        parent=parent,
    )
    if on is not None:
        offer.when.setDate(qdate(on))
    offer.exec()
