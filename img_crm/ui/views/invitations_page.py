"""Interview invitations: each with its countdown, its dates and its dated
history, and the clashes among the dates accepted (#22)."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.invitations import NEXT_STATUSES, Conflict, InvitationStatus
from img_crm.services.invitations import InvitationView
from img_crm.ui.labels import label
from img_crm.ui.models.season import InvitationsModel, status_label
from img_crm.ui.ops import Ops
from img_crm.ui.theme import set_tone
from img_crm.ui.views.fields import muted
from img_crm.ui.views.table_view import make_table


def clash_text(clash: Conflict) -> str:
    """ "Brookside IM and Lakeview IM: two interviews on 2026-12-14", or one
    program named once when it is the one interviewing twice."""
    if clash.first.program_id == clash.second.program_id:
        text = QCoreApplication.translate("InvitationsPage", "%1: %3")
    else:
        text = QCoreApplication.translate("InvitationsPage", "%1 and %2: %3")
    return (
        text.replace("%1", clash.first.program)
        .replace("%2", clash.second.program)
        .replace("%3", clash.reason)
    )


#: History lines img-crm writes itself, which the status already says.
AUTOMATIC = frozenset({"received", "date accepted"})
#: The newest activities with the program shown beside an invitation.
MESSAGES_SHOWN = 8


class InvitationsPage(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.views: list[InvitationView] = []
        self.home = ""
        hint = QLabel(
            self.tr(
                "The Match agreement leaves you at least 48 hours to answer an invitation. "
                "Times are the program's, with yours beside them."
            ),
            self,
        )
        hint.setWordWrap(True)
        muted(hint)
        self.model = InvitationsModel(self)
        self.table = make_table(self.model, "invitations", self)
        self.table.setAccessibleName(self.tr("Interview invitations"))
        self.table.set_empty_text(
            self.tr("No invitation yet. Add one when a program invites you (Add invitation…).")
        )
        self.clashes = QLabel(self)
        self.clashes.setWordWrap(True)
        self.clashes.setAccessibleName(self.tr("Clashes among the dates accepted"))
        set_tone(self.clashes, "alert")
        self.add_button = QPushButton(self.tr("A&dd invitation…"), self)
        self.answer_button = QPushButton(self.tr("Ans&wer…"), self)
        self.thanks_button = QPushButton(self.tr("&Thank-you note…"), self)
        self.thanks_button.setToolTip(
            self.tr("After the interview: a thank-you from the template, logged when you send it")
        )
        self.log_button = QPushButton(self.tr("Activity lo&g"), self)
        self.log_button.setToolTip(self.tr("Every activity with this program, on the Activity tab"))
        for button in (self.add_button, self.answer_button, self.thanks_button, self.log_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        self.detail = QLabel(self)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName(self.tr("The invitation's dates and history"))
        self.detail.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)
        self.detail.setContentsMargins(8, 0, 0, 0)
        self.detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.thanks_button)
        buttons.addStretch(1)
        buttons.addWidget(self.log_button)
        main = QWidget(self)
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(self.table, 1)
        main_layout.addWidget(self.clashes)
        main_layout.addLayout(buttons)
        split = self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("invitationsSplit")
        split.setChildrenCollapsible(False)
        split.addWidget(main)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(split, 1)

        self.add_button.clicked.connect(self.add)
        self.answer_button.clicked.connect(self.answer)
        self.thanks_button.clicked.connect(self.thank)
        self.log_button.clicked.connect(self.open_log)
        self.table.doubleClicked.connect(lambda _index: self.answer())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

    def reload(self) -> None:
        from img_crm.services.invitations import overview
        from img_crm.services.profile import load_profile

        current = self.current()
        with self.ops.reading() as session:
            self.views, conflicts = overview(session)
            self.home = load_profile(session).home_timezone
        self.model.set_rows(self.views)
        if current is None or not self.select(current.id):
            self.table.selectRow(0)
        self.clashes.setText(
            "<br>".join(
                escape(self.tr("Clash: %1.").replace("%1", clash_text(c))) for c in conflicts
            )
        )
        self.clashes.setVisible(bool(conflicts))
        self._show_current()

    def current(self) -> InvitationView | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row: InvitationView = self.model.row_at(index.row())
        return row

    def select(self, invitation_id: int) -> bool:
        found = self.model.find(lambda row: row.id == invitation_id)
        if found is not None:
            self.table.selectRow(found)
        return found is not None

    def _show_current(self) -> None:
        from img_crm.services.invitations import history_of, program_messages

        row = self.current()
        self.answer_button.setEnabled(bool(row and NEXT_STATUSES[row.status]))
        self.thanks_button.setEnabled(bool(row and row.interviewed(clock.now())))
        self.log_button.setEnabled(row is not None)
        if row is None:
            self.detail.setText(
                escape(self.tr("Choose an invitation to see its dates and its history."))
            )
            return
        with self.ops.reading() as session:
            _status, changes = history_of(session, invitation_id=row.id)
            messages = program_messages(session, program_id=row.program_id)
        parts = [f"<b>{escape(row.program)}</b>: {escape(status_label(row.status))}"]
        came = row.received_at.astimezone().strftime("%Y-%m-%d %H:%M")
        parts.append(escape(self.tr("Came on %1").replace("%1", came)))
        if row.countdown:
            parts.append(escape(row.countdown))
        if row.interview:
            parts.append(escape(self.tr("Interview: %1").replace("%1", row.interview)))
        if row.offered:
            parts.append(
                escape(self.tr("Dates offered:"))
                + "<br>"
                + "<br>".join(f"• {escape(o)}" for o in row.offered)
            )
        lines = []
        for c in changes:
            when = c.changed_at.astimezone().strftime("%Y-%m-%d %H:%M")
            step = status_label(InvitationStatus(c.to_status))
            lines.append(
                f"{escape(when)} · {escape(step)}"
                # the user's note; not the words the status already says
                + (f" ({escape(c.what)})" if c.what and c.what not in AUTOMATIC else "")
            )
        parts.append(f"<b>{escape(self.tr('History'))}</b><br>" + "<br>".join(lines))
        shown = messages[:MESSAGES_SHOWN]
        said = [
            escape(f"{m.occurred_on.isoformat()} · {label('ActivityKind', m.kind)}")
            + (f" · {escape(m.contact_name)}" if m.contact_name else "")
            + (f": {escape(m.description.splitlines()[0])}" if m.description else "")
            for m in shown
        ]
        if len(messages) > len(shown):
            said.append(
                escape(
                    self.tr("and %1 more (Activity log)").replace(
                        "%1", str(len(messages) - len(shown))
                    )
                )
            )
        parts.append(
            f"<b>{escape(self.tr('With this program'))}</b><br>"
            + ("<br>".join(said) or escape(self.tr("Nothing logged with this program yet.")))
        )
        self.detail.setText("<br><br>".join(parts))

    # --- writing ----------------------------------------------------------------------

    def add(self) -> None:
        from img_crm.services.invitations import program_choices
        from img_crm.ui.views.invitation_dialogs import InvitationDialog

        with self.ops.reading() as session:
            programs = program_choices(session)
        chosen = self.current()

        def receive(
            program_id: int,
            respond_by: datetime | None,
            offered: list[datetime],
            came: datetime,
            notes: str,
        ) -> str | None:
            invitation_id, warning = self.ops.receive_invitation(
                program_id, respond_by=respond_by, offered=offered, received_at=came, notes=notes
            )
            self.select(invitation_id)
            return warning

        dialog = InvitationDialog(programs, self.home, receive, self)
        if chosen is not None:
            dialog.program.setCurrentIndex(max(dialog.program.findText(chosen.program), 0))
        if dialog.exec() and dialog.warning:
            QMessageBox.warning(
                self,
                self.tr("A short window"),
                f"{dialog.warning[0].upper()}{dialog.warning[1:]}.",
            )

    def answer(self) -> None:
        from img_crm.ui.views.invitation_dialogs import AnswerDialog

        row = self.current()
        if row is None or not NEXT_STATUSES[row.status]:
            return
        clashes: list[Any] = []

        def save(status: InvitationStatus, local: datetime | None, note: str) -> None:
            clashes.extend(
                self.ops.answer_invitation(row.id, status, interview_local=local, note=note)
            )

        dialog = AnswerDialog(
            row.program, row.status, row.zone, self.home, row.offered_at, save, self
        )
        if dialog.exec() and clashes:
            QMessageBox.warning(
                self,
                self.tr("A clash"),
                "\n".join(f"{clash_text(c)}." for c in clashes),
            )

    def thank(self) -> None:
        """The thank-you template, filled for the program and the person
        there; logged only when the user says it went."""
        from img_crm.services.invitations import thank_you_contact
        from img_crm.ui.views.templates_dialog import TemplatesDialog

        row = self.current()
        if row is None:
            return
        with self.ops.reading() as session:
            contact_id = thank_you_contact(session, program_id=row.program_id)
        TemplatesDialog(
            self.ops,
            contact_id=contact_id,
            program_id=row.program_id,
            template="Thank you after an interview",
            parent=self,
        ).exec()
        self._show_current()  # a note logged as sent shows under the program

    def open_log(self) -> None:
        row = self.current()
        window = self.window()
        if row is not None and hasattr(window, "show_program_activities"):
            window.show_program_activities(row.program_id)
