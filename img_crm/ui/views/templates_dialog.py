"""Contact → Templates…: fill a message for a contact, copy or mail it, log it as sent."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.enums import ActivityKind
from img_crm.domain.models import Template
from img_crm.domain.templates import (
    FROM_CONTACT,
    FROM_PROFILE,
    FROM_PROGRAM,
    fill,
)
from img_crm.services.profile import load_profile
from img_crm.services.relationships import contact, contact_choices
from img_crm.services.templates import placeholder_values, templates_with_rates
from img_crm.ui.ops import Ops
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import muted


class TemplatesDialog(Dialog):
    """The templates with their reply rates; one filled for the chosen contact."""

    def __init__(
        self,
        ops: Ops,
        *,
        contact_id: int | None = None,
        program_id: int | None = None,
        template: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``program_id``: the program the message is about (its name and
        interview day fill the placeholders, and a message logged as sent
        names it); ``template``: the name of the one to open on."""
        super().__init__(parent)
        self.ops = ops
        self.program_id = program_id
        self.setWindowTitle(self.tr("Templates"))
        self.resize(1000, 640)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Templates"))
        self.list.setSpacing(3)
        self.overall = QLabel(self)
        self.overall.setWordWrap(True)
        muted(self.overall)
        self.contact = QComboBox(self)
        self.contact.setAccessibleName(self.tr("Contact to write to"))
        self.subject = QLineEdit(self)
        self.subject.setAccessibleName(self.tr("Subject"))
        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName(self.tr("Template text"))
        self.extra_form = QFormLayout()
        self.extra: dict[str, QLineEdit] = {}
        self.preview = QTextBrowser(self)
        self.preview.setAccessibleName(self.tr("The message, filled in"))
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("&Copy"), self)
        self.mail_button = QPushButton(self.tr("Open in &mail…"), self)
        self.log_button = QPushButton(self.tr("&Log as sent"), self)
        self.save_button = QPushButton(self.tr("&Save template"), self)
        self.new_button = QPushButton(self.tr("&New…"), self)
        self.delete_button = QPushButton(self.tr("&Delete"), self)
        self.reset_button = QPushButton(self.tr("&Reset built-ins"), self)
        for button in (
            self.copy_button,
            self.mail_button,
            self.log_button,
            self.save_button,
            self.new_button,
            self.delete_button,
            self.reset_button,
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.overall)
        row = QHBoxLayout()
        for button in (self.new_button, self.delete_button, self.reset_button):
            row.addWidget(button)
        left_layout.addLayout(row)
        right = QWidget(self)
        form = QFormLayout()
        form.addRow(self.tr("C&ontact"), self.contact)
        form.addRow(self.tr("S&ubject"), self.subject)
        form.addRow(self.tr("&Text"), self.body)
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(form, 2)
        right_layout.addLayout(self.extra_form)
        right_layout.addWidget(QLabel(self.tr("<b>Message</b>"), self))
        right_layout.addWidget(self.preview, 2)
        right_layout.addWidget(self.missing)
        actions = QHBoxLayout()
        for button in (self.copy_button, self.mail_button, self.log_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        right_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([320, 680])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        with ops.reading() as session:
            people = contact_choices(session)
            self.profile = load_profile(session)
        for person_id, name in people:
            self.contact.addItem(name, person_id)
        if contact_id is not None:
            self.contact.setCurrentIndex(max(self.contact.findData(contact_id), 0))
        self.list.currentRowChanged.connect(self._show_template)
        self.contact.currentIndexChanged.connect(self.refresh_preview)
        self.subject.textChanged.connect(self.refresh_preview)
        self.body.textChanged.connect(self.refresh_preview)
        self.copy_button.clicked.connect(self.copy)
        self.mail_button.clicked.connect(self.open_mail)
        self.log_button.clicked.connect(self.log_sent)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new_template)
        self.delete_button.clicked.connect(self.delete)
        self.reset_button.clicked.connect(self.reset)
        # Any change to the templates (here, or elsewhere) reloads the list.
        ops.templates_changed.connect(self._templates_changed)
        self.reload()
        if template is not None:
            names = [t.name.casefold() for t in self.templates]
            if template.casefold() in names:
                self.list.setCurrentRow(names.index(template.casefold()))

    def _templates_changed(self) -> None:
        current = self.current()
        self.reload(select=current.id if current is not None else None)

    # --- data ---------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        self.ops.ensure_templates()  # announces a change only the first time
        with self.ops.reading() as session:
            self.templates: list[Template]
            self.templates, rates, total = templates_with_rates(session)
        self.list.blockSignals(True)
        self.list.clear()
        for template in self.templates:
            rate = rates.get(template.id)
            detail = (
                self.tr("%1 sent · %2% replied")
                .replace("%1", str(rate.sent))
                .replace("%2", f"{rate.rate * 100:.0f}")
                if rate
                else self.tr("not used yet")
            )
            item = QListWidgetItem(f"{template.name}\n{detail}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, template.id)
        self.list.blockSignals(False)
        self.overall.setText(
            self.tr(
                "All outreach: %1 sent, %2 replied within 3 weeks (%3%). "
                "A 6–10% reply rate is normal."
            )
            .replace("%1", str(total.sent))
            .replace("%2", str(total.replied))
            .replace("%3", f"{total.rate * 100:.0f}")
        )
        ids = [t.id for t in self.templates]
        self.list.setCurrentRow(ids.index(select) if select in ids else 0)

    def current(self) -> Template | None:
        row = self.list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def _show_template(self) -> None:
        template = self.current()
        if template is None:
            return
        self.subject.blockSignals(True)
        self.body.blockSignals(True)
        self.subject.setText(template.subject)
        self.body.setPlainText(template.body)
        self.subject.blockSignals(False)
        self.body.blockSignals(False)
        self.delete_button.setEnabled(not template.builtin)
        self.refresh_preview()

    def values(self) -> dict[str, str]:
        contact_id = self.contact.currentData()
        with self.ops.reading() as session:
            return placeholder_values(
                session,
                contact_id=None if contact_id is None else int(contact_id),
                extra={key: edit.text() for key, edit in self.extra.items()},
                program_id=self.program_id,
            )

    def _sync_extra_fields(self) -> None:
        """One field per placeholder that neither the contact nor the profile
        fills: a contact with no specialty gets a Specialty field, so every
        message can be finished here."""
        contact_id = self.contact.currentData()
        with self.ops.reading() as session:
            known = placeholder_values(
                session,
                contact_id=None if contact_id is None else int(contact_id),
                program_id=self.program_id,
            )
        still = fill(self.subject.text(), self.body.toPlainText(), known).missing
        wanted = list(still)  # typed values are left out of known: their fields stay
        for key in list(self.extra):
            if key not in wanted:
                edit = self.extra.pop(key)
                self.extra_form.removeRow(edit)
        for key in wanted:
            if key not in self.extra:
                edit = QLineEdit(self)
                edit.setAccessibleName(key.replace("_", " "))
                if key in FROM_PROGRAM:
                    edit.setPlaceholderText(
                        self.tr("no interview date on this program yet")
                        if self.program_id is not None
                        else self.tr("filled when you open this from the program's invitation")
                    )
                elif key in FROM_PROFILE:
                    edit.setPlaceholderText(self.tr("or set it once in Settings → Profile"))
                elif key in FROM_CONTACT:
                    edit.setPlaceholderText(
                        self.tr("not in this contact's details")
                        if contact_id is not None
                        else self.tr("choose a contact, or type it")
                    )
                edit.textChanged.connect(self.refresh_preview)
                self.extra[key] = edit
                self.extra_form.addRow(key.replace("_", " ").capitalize(), edit)

    def refresh_preview(self) -> None:
        self._sync_extra_fields()
        self.filled = fill(self.subject.text(), self.body.toPlainText(), self.values())
        html = escape(f"Subject: {self.filled.subject}\n\n{self.filled.body}").replace("\n", "<br>")
        for key in self.filled.missing:
            html = html.replace(
                escape("{" + key + "}"),
                f"<span style='background:#f2c14e;color:#000'>{{{key}}}</span>",
            )
        self.preview.setHtml(html)
        ready = not self.filled.missing
        self.missing.setText(
            ""
            if ready
            else self.tr("Fill before sending: %1").replace(
                "%1", ", ".join(key.replace("_", " ").capitalize() for key in self.filled.missing)
            )
        )
        for button in (self.copy_button, self.mail_button, self.log_button):
            button.setEnabled(ready and self.contact.currentData() is not None)

    # --- actions -----------------------------------------------------------------------

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.filled.subject}\n\n{self.filled.body}")
        self.missing.setText(
            self.tr("Copied the subject and message to the clipboard; paste them into your mail.")
        )

    def open_mail(self) -> None:
        contact_id = self.contact.currentData()
        with self.ops.reading() as session:
            email = contact(session, contact_id=int(contact_id)).email
        subject, body = quote(self.filled.subject), quote(self.filled.body)
        url = f"mailto:{quote(email)}?subject={subject}&body={body}"
        QDesktopServices.openUrl(QUrl(url))
        if self.confirm_sent():
            self.log_sent()

    def confirm_sent(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Sent?"), self.tr("Did you send it? It will be logged as outreach sent.")
        )
        return answer == QMessageBox.StandardButton.Yes

    def log_sent(self) -> None:
        template = self.current()
        contact_id = self.contact.currentData()
        if template is None or contact_id is None:
            return
        self.ops.add_activity(
            {
                "kind": ActivityKind.OUTREACH_SENT.value,
                "occurred_on": clock.today(),
                "contact_id": int(contact_id),
                "program_id": self.program_id,
                "template_id": template.id,
                "description": self.filled.subject,
            }
        )
        self.reload(select=template.id)

    def save(self) -> None:
        template = self.current()
        if template is None:
            return
        saved = self.ops.attempt(
            self,
            self.tr("Templates"),
            lambda: self.ops.save_template(
                template_id=template.id,
                name=template.name,
                subject=self.subject.text(),
                body=self.body.toPlainText(),
            ),
        )
        if saved is not None:
            self.reload(select=template.id)

    def new_template(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New template"), self.tr("Name:"))
        if not ok or not name.strip():
            return
        new_id = self.ops.attempt(
            self,
            self.tr("Templates"),
            lambda: self.ops.save_template(
                name=name, subject="", body="Dear {title} {last_name},\n\n\n{my_name}"
            ),
        )
        if new_id is not None:
            self.reload(select=new_id)

    def delete(self) -> None:
        template = self.current()
        if template is None or template.id is None:
            return
        template_id = template.id
        self.ops.attempt(self, self.tr("Templates"), lambda: self.ops.delete_template(template_id))

    def reset(self) -> None:
        self.ops.attempt(self, self.tr("Templates"), self.ops.reset_templates)
