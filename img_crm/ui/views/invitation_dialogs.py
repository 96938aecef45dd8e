"""Recording an interview invitation and answering it (#22).

Times are typed as the program writes them, in the program's zone, with the
user's own zone shown beside them; when the invitation came is a moment on
the user's computer. ``services/invitations.py`` checks the 48-hour window
and the moves between statuses; its refusals are shown here as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from img_crm import clock
from img_crm.domain.invitations import NEXT_STATUSES, InvitationStatus
from img_crm.domain.programs import dual_time, in_zone, local_to_utc
from img_crm.errors import UserError
from img_crm.ui.dates import qdatetime
from img_crm.ui.models.season import status_label
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, finish_form, muted

#: An offered time, ISO text, naive, in the program's zone (Qt would turn a
#: datetime into a QDateTime).
LOCAL_ROLE = Qt.ItemDataRole.UserRole


def _py(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def _time_edit(start: datetime, name: str, parent: QWidget) -> QDateTimeEdit:
    edit = QDateTimeEdit(qdatetime(start), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setAccessibleName(name)
    return edit


def _shown(local: datetime, zone: str, home: str) -> str:
    """How a wall-clock time there reads in both zones, or why it cannot be."""
    if not zone:
        return ""
    try:
        return dual_time(local_to_utc(local, zone), zone, home)
    except UserError as exc:
        return str(exc)


#: (program id, name, time zone) of a program an invitation may come from.
ProgramChoice = tuple[int, str, str]
#: receive(program id, respond-by, offered, received at, notes) -> warning or None.
Receive = Callable[[int, datetime | None, list[datetime], datetime, str], str | None]


class InvitationDialog(Dialog):
    """A new invitation: which program, when it came, the time to answer by
    and the dates offered."""

    def __init__(
        self,
        programs: Sequence[ProgramChoice],
        home: str,
        on_save: Receive,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New interview invitation"))
        self._on_save = on_save
        self._home = home
        self.warning: str | None = None
        self.program = QComboBox(self)
        self.program.setAccessibleName(self.tr("Program"))
        for pid, name, zone in programs:
            self.program.addItem(name, (pid, zone))
        self.came = _time_edit(clock.local_now(), self.tr("When the invitation came"), self)
        self.came.setMaximumDateTime(qdatetime(clock.local_now()))
        self.has_deadline = QCheckBox(self.tr("The program asks for an answer &by"), self)
        self.has_deadline.setChecked(True)
        start = datetime.combine(clock.today() + timedelta(days=3), time(17, 0))
        self.deadline = _time_edit(start, self.tr("Answer by, in the program's time"), self)
        self.deadline_shown = QLabel(self)
        muted(self.deadline_shown)
        self.offer = _time_edit(
            datetime.combine(clock.today() + timedelta(days=21), time(9, 0)),
            self.tr("A date offered, in the program's time"),
            self,
        )
        self.add_offer = QPushButton(self.tr("Add &date"), self)
        self.add_offer.setAccessibleName(self.tr("Add the date offered"))
        self.offers = QListWidget(self)
        self.offers.setAccessibleName(self.tr("Dates offered"))
        self.offers.setMaximumHeight(self.offers.fontMetrics().height() * 5 + 12)
        self.remove_offer = QPushButton(self.tr("Re&move date"), self)
        self.remove_offer.setAccessibleName(self.tr("Remove the date offered"))
        self.notes = QLineEdit(self)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setPlaceholderText(self.tr("Format, portal, who wrote"))
        self.zone_note = QLabel(self)
        self.zone_note.setWordWrap(True)
        muted(self.zone_note)
        self.error = ErrorLabel(self.program, self)

        offer_row = QHBoxLayout()
        offer_row.addWidget(self.offer, 1)
        offer_row.addWidget(self.add_offer)
        offers_row = QHBoxLayout()
        offers_row.addWidget(self.offers, 1)
        offers_row.addWidget(self.remove_offer)
        form = QFormLayout()
        form.addRow(self.tr("&Program"), self.program)
        form.addRow(self.zone_note)
        form.addRow(self.tr("&Came on (your time)"), self.came)
        form.addRow(self.has_deadline)
        form.addRow(self.tr("&Answer by"), self.deadline)
        form.addRow("", self.deadline_shown)
        offer_label = QLabel(self.tr("Date &offered"), self)
        offer_label.setBuddy(self.offer)
        form.addRow(offer_label, offer_row)
        form.addRow("", offers_row)
        form.addRow(self.tr("&Notes"), self.notes)
        finish_form(self, form, self.save, self.error)

        self.program.currentIndexChanged.connect(lambda _i: self._refresh())
        self.deadline.dateTimeChanged.connect(lambda _v: self._refresh())
        self.has_deadline.toggled.connect(lambda _on: self._refresh())
        self.add_offer.clicked.connect(self._add_offer)
        self.remove_offer.clicked.connect(self._remove_offer)
        self.offers.currentRowChanged.connect(lambda _r: self._refresh())
        self._refresh()

    def zone(self) -> str:
        data = self.program.currentData()
        return str(data[1]) if data else ""

    def _refresh(self) -> None:
        self.error.show_error(None)
        zone = self.zone()
        self.zone_note.setText(
            self.tr(
                "Type the answer-by time and the dates offered as the program writes them, "
                "in %1; when it came is your own time."
            ).replace("%1", zone)
            if zone
            else self.tr(
                "This program has no time zone yet: set it on the Programs tab (Edit…) to "
                "type its times."
            )
        )
        self.deadline.setEnabled(self.has_deadline.isChecked())
        self.deadline_shown.setText(
            _shown(_py(self.deadline.dateTime()), zone, self._home)
            if self.has_deadline.isChecked()
            else ""
        )
        for n in range(self.offers.count()):
            item = self.offers.item(n)
            local = datetime.fromisoformat(item.data(LOCAL_ROLE))
            item.setText(_shown(local, zone, self._home) or f"{local:%Y-%m-%d %H:%M}")
        self.remove_offer.setEnabled(self.offers.currentRow() >= 0)

    def _add_offer(self) -> None:
        local = _py(self.offer.dateTime())
        if local in self.offered():
            return
        item = QListWidgetItem(local.strftime("%Y-%m-%d %H:%M"), self.offers)
        item.setData(LOCAL_ROLE, local.isoformat())
        self._refresh()

    def _remove_offer(self) -> None:
        row = self.offers.currentRow()
        if row >= 0:
            self.offers.takeItem(row)
        self._refresh()

    def offered(self) -> list[datetime]:
        return [
            datetime.fromisoformat(self.offers.item(n).data(LOCAL_ROLE))
            for n in range(self.offers.count())
        ]

    def save(self) -> None:
        data = self.program.currentData()
        if not data:
            self.error.show_error(self.tr("Add the program on the Programs tab first."))
            return
        deadline = _py(self.deadline.dateTime()) if self.has_deadline.isChecked() else None
        came = _py(self.came.dateTime()).astimezone()  # the computer's own zone

        def receive() -> None:
            self.warning = self._on_save(
                int(data[0]), deadline, self.offered(), came, self.notes.text().strip()
            )

        if self.error.attempt(receive):
            self.accept()


#: answer(status, accepted time in the program's zone or None, note) -> None.
Answer = Callable[[InvitationStatus, datetime | None, str], None]


class AnswerDialog(Dialog):
    """Move an invitation on: accept a date, be waitlisted, decline, ..."""

    def __init__(
        self,
        program: str,
        status: InvitationStatus,
        zone: str,
        home: str,
        offered: Sequence[datetime],
        on_save: Answer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Answer %1").replace("%1", program))
        self._on_save = on_save
        self._zone, self._home = zone, home
        self.status = QComboBox(self)
        self.status.setAccessibleName(self.tr("New status"))
        for choice in InvitationStatus:
            if choice in NEXT_STATUSES[status]:
                self.status.addItem(status_label(choice), choice.value)
        self.offered = QComboBox(self)
        self.offered.setAccessibleName(self.tr("The date you accepted"))
        for moment in offered:
            local = in_zone(moment, zone).replace(tzinfo=None) if zone else moment
            self.offered.addItem(
                dual_time(moment, zone, home) if zone else f"{local:%Y-%m-%d %H:%M}",
                local.isoformat(),
            )
        self.offered.addItem(self.tr("Another time…"), None)
        start = datetime.combine(clock.today() + timedelta(days=14), time(9, 0))
        self.other = _time_edit(start, self.tr("The time you accepted, in the program's"), self)
        self.other_shown = QLabel(self)
        muted(self.other_shown)
        self.note = QLineEdit(self)
        self.note.setAccessibleName(self.tr("Note for the history"))
        self.note.setPlaceholderText(self.tr("Kept, dated, in the invitation's history"))
        self.error = ErrorLabel(self.status, self)
        form = QFormLayout()
        form.addRow(self.tr("&Status"), self.status)
        form.addRow(self.tr("&Date accepted"), self.offered)
        form.addRow(self.tr("&Time in %1").replace("%1", zone or "UTC"), self.other)
        form.addRow("", self.other_shown)
        form.addRow(self.tr("&Note"), self.note)
        finish_form(self, form, self.save, self.error)
        self.status.currentIndexChanged.connect(lambda _i: self._refresh())
        self.offered.currentIndexChanged.connect(lambda _i: self._refresh())
        self.other.dateTimeChanged.connect(lambda _v: self._refresh())
        self._refresh()

    def chosen_status(self) -> InvitationStatus | None:
        value = self.status.currentData()
        return InvitationStatus(value) if value else None

    def accepted_local(self) -> datetime | None:
        if self.chosen_status() is not InvitationStatus.SCHEDULED:
            return None
        local = self.offered.currentData()
        return datetime.fromisoformat(local) if local else _py(self.other.dateTime())

    def _refresh(self) -> None:
        self.error.show_error(None)
        scheduling = self.chosen_status() is InvitationStatus.SCHEDULED
        self.offered.setEnabled(scheduling)
        other = scheduling and not self.offered.currentData()
        self.other.setEnabled(other)
        self.other_shown.setText(
            _shown(_py(self.other.dateTime()), self._zone, self._home) if other else ""
        )

    def save(self) -> None:
        status = self.chosen_status()
        if status is None:
            self.error.show_error(self.tr("This invitation cannot change any more."))
            return
        if self.error.attempt(
            lambda: self._on_save(status, self.accepted_local(), self.note.text().strip())
        ):
            self.accept()
