"""The side pane: one contact's fields, ties, stage history, hints and activities."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.attachments import VERSIONED, Owner, OwnerKind
from img_crm.domain.custom_fields import RecordKind
from img_crm.errors import UserError
from img_crm.services.custom_fields import record_values
from img_crm.services.relationships import contact_detail
from img_crm.ui.labels import label, stage_label
from img_crm.ui.models.contacts import attention_text, hint_label
from img_crm.ui.models.own_columns import shown_value
from img_crm.ui.models.records import ActivitiesModel
from img_crm.ui.ops import Ops
from img_crm.ui.views.attachments_panel import AttachmentsPanel
from img_crm.ui.views.fields import muted
from img_crm.ui.views.table_view import make_table


class ContactDetail(QWidget):
    """Shows the contact given to :meth:`show_contact`; reloads on store changes."""

    #: The user asked to log an activity for this contact.
    log_requested = Signal(int)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.contact_id: int | None = None
        self.summary = QTextBrowser(self)
        self.summary.setOpenLinks(False)
        self.summary.setAccessibleName(self.tr("Contact details"))
        self.activities = ActivitiesModel(self)
        self.table = make_table(self.activities, "detailActivities", self)
        self.table.setAccessibleName(self.tr("This contact's activities"))
        for column in (2, 3, 5, 7):  # contact, program, setting, outcome: shown above
            self.table.setColumnHidden(column, True)
        self.log_button = QPushButton(self.tr("&Log activity…"), self)
        self.log_button.setAccessibleName(self.tr("Log activity"))
        self.log_button.clicked.connect(self._log)
        self.snooze_button = QPushButton(self.tr("Snoo&ze…"), self)
        self.snooze_button.setAccessibleName(self.tr("Snooze the follow-up"))
        self.snooze_button.setToolTip(
            self.tr("Put off the follow-up for a while, with a reason; nothing is logged.")
        )
        self.snooze_button.clicked.connect(self._snooze)
        self.empty = QLabel(self.tr("Select a contact to see their details."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        muted(self.empty)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.summary)
        activities = QWidget(self)
        below_layout = QVBoxLayout(activities)
        below_layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.snooze_button)
        row.addWidget(self.log_button)
        below_layout.addLayout(row)
        below_layout.addWidget(self.table)
        self.files = AttachmentsPanel(ops, "detailFiles", self, titled=False)
        self.files.take_drops_for(self)
        self.files.take_drops_for(self.summary.viewport())
        self.below = QTabWidget(self)
        self.below.setAccessibleName(self.tr("Activities and files"))
        self.below.addTab(activities, self.tr("Activities"))
        files_page = QWidget(self)
        files_layout = QVBoxLayout(files_page)
        files_layout.setContentsMargins(4, 4, 4, 4)
        files_layout.addWidget(self.files)
        self.below.addTab(files_page, self.tr("Files"))
        self.files.counted.connect(self._count_files)
        splitter.addWidget(self.below)
        splitter.setSizes([320, 240])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(splitter)
        ops.contacts_changed.connect(self.refresh)
        ops.activities_changed.connect(self.refresh)
        ops.attachments_changed.connect(self.refresh)
        ops.fields_changed.connect(self.refresh)
        self.show_contact(None)

    def _count_files(self, count: int) -> None:
        self.below.setTabText(
            1, self.tr("Files (%1)").replace("%1", str(count)) if count else self.tr("Files")
        )

    def _log(self) -> None:
        if self.contact_id is not None:
            self.log_requested.emit(self.contact_id)

    def _snooze(self) -> None:
        from img_crm.ui.views.snooze_dialog import SnoozeDialog

        contact_id = self.contact_id
        if contact_id is None:
            return
        SnoozeDialog(
            self._detail.row.name,
            lambda until, reason: self.ops.snooze(contact_id, until, reason),
            self,
        ).exec()

    def show_contact(self, contact_id: int | None) -> None:
        self.contact_id = contact_id
        self.refresh()

    def refresh(self) -> None:
        contact_id = self.contact_id
        if contact_id is not None:
            try:
                html = self._render(contact_id)
            except UserError:  # deleted meanwhile
                contact_id = self.contact_id = None
        self.empty.setVisible(contact_id is None)
        self.splitter.setVisible(contact_id is not None)
        if contact_id is None:
            self.activities.set_rows([])
            self.files.show_owner(None)
            return
        if self.files.owner != Owner(OwnerKind.CONTACT, contact_id):
            self.files.show_owner(Owner(OwnerKind.CONTACT, contact_id))
        self.summary.setHtml(html)
        self.activities.set_rows(self._detail.activities)
        self.snooze_button.setEnabled(self._detail.status.follow_up is not None)

    def _render(self, contact_id: int) -> str:
        with self.ops.reading() as session:
            self._detail = detail = contact_detail(session, contact_id=contact_id)
            detail_own = record_values(session, record=RecordKind.CONTACT, record_id=contact_id)
        row, status, history = detail.row, detail.status, detail.history
        ties, letters = detail.ties, detail.letters
        today = clock.today()
        e = escape
        title = " ".join(part for part in (row.title, row.name) if part)
        parts = [f"<h2 style='margin-bottom:2px'>{e(title)}</h2>"]
        place = ", ".join(p for p in (row.department, row.institution) if p)
        subtitle = " · ".join(p for p in (row.role, place, row.specialty) if p)
        if subtitle:
            parts.append(f"<div>{e(subtitle)}</div>")
        parts.append(f"<p><b>{e(stage_label(row.stage))}</b>")
        need = attention_text(status, today)
        if need:
            parts.append(f" — <b>{e(need)}</b>")
        parts.append("</p>")
        if status.hints:
            parts.append(
                "<ul>" + "".join(f"<li>{e(hint_label(h))}</li>" for h in status.hints) + "</ul>"
            )
        kinds = {"email": self.tr("Email"), "phone": self.tr("Phone"), "web": self.tr("Web")}
        facts = [
            *(
                (
                    f"{kinds[p.kind]} ({label('PointLabel', p.label)})"
                    if p.label
                    else kinds[p.kind],
                    p.value,
                )
                for p in row.points
            ),
            (self.tr("LinkedIn"), row.linkedin_url),
            (self.tr("PubMed"), row.pubmed_url),
            (self.tr("Time zone"), row.timezone),
            (self.tr("Tags"), ", ".join(row.tags)),
            *((field.name, shown_value(field, value)) for field, value in detail_own),
            (
                self.tr("First contacted"),
                row.first_contacted.isoformat() if row.first_contacted else "",
            ),
            (
                self.tr("Connected on LinkedIn"),
                row.connected_on.isoformat() if row.connected_on else "",
            ),
            (
                self.tr("Last touch"),
                row.last_interaction.isoformat()
                if row.last_interaction
                else self.tr("not yet contacted"),
            ),
            (self.tr("Follow up"), status.follow_up.isoformat() if status.follow_up else ""),
            (
                self.tr("Losing touch after"),
                status.touch_limit.isoformat() if status.touch_limit else "",
            ),
        ]
        parts.append("<table cellspacing='2'>")
        for name, value in facts:
            if value:
                parts.append(f"<tr><td><i>{e(name)}</i>&nbsp;&nbsp;</td><td>{e(value)}</td></tr>")
        parts.append("</table>")
        if row.notes:
            parts.append(f"<p>{e(row.notes).replace(chr(10), '<br>')}</p>")
        if ties:
            parts.append(f"<h4>{e(self.tr('Programs'))}</h4><ul>")
            for name, kind, tier in ties:
                tier_text = f" · {self.tr('tier')} {tier}" if tier else ""
                parts.append(f"<li>{e(name)} ({e(kind)}){e(tier_text)}</li>")
            parts.append("</ul>")
        if detail.given:
            parts.append(f"<h4>{e(self.tr('Files you gave them'))}</h4><ul>")
            newest = {row.id for row in detail.versions.values()}
            for given in reversed(detail.given):
                kind = label("AttachmentKind", given.kind)
                mark = (
                    f" — <b>{e(self.tr('the newest %1 they have').replace('%1', kind))}</b>"
                    if given.id in newest and given.kind in VERSIONED
                    else ""
                )
                parts.append(
                    f"<li>{given.sent_on.isoformat()}: {e(given.name)} ({e(kind)}){mark}</li>"
                )
            parts.append("</ul>")
        if letters:
            parts.append(f"<h4>{e(self.tr('Letters'))}</h4><ul>")
            for letter in letters:
                kind = label("LetterType", letter.letter_type)
                parts.append(f"<li>{e(kind)}: {e(label('LetterStatus', letter.status))}</li>")
            parts.append("</ul>")
        parts.append(f"<h4>{e(self.tr('Stage history'))}</h4><ul>")
        for change in history:
            start = stage_label(change.from_stage) if change.from_stage else self.tr("added as")
            note = f" — {change.note}" if change.note else ""
            parts.append(
                f"<li>{change.changed_on.isoformat()}: {e(start)} → "
                f"{e(stage_label(change.to_stage))}{e(note)}</li>"
            )
        parts.append("</ul>")
        if detail.snoozes:
            parts.append(f"<h4>{e(self.tr('Snoozed'))}</h4><ul>")
            for snooze in detail.snoozes:
                why = f" — {snooze.reason}" if snooze.reason else ""
                parts.append(
                    f"<li>{snooze.snoozed_on.isoformat()}: "
                    f"{e(self.tr('until %1').replace('%1', snooze.until.isoformat()))}{e(why)}</li>"
                )
            parts.append("</ul>")
        return "".join(parts)
