"""Import mail or calendar files: read them (with progress and Cancel), show
what would be logged, let the user pick the correspondents to add and skip
what cannot be read, then write it all in one transaction.

The reading and the writing are ``services/activity_import.py``'s, through
``Ops``; this dialog only shows the plan and asks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.services.activity_import import ActivityPlan, Applied
from img_crm.services.importer import CancelledError
from img_crm.ui.ops import Ops
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import muted

#: Suggested correspondents listed (the most frequent first).
SHOWN_SUGGESTIONS = 200
#: The progress bar's steps (a mailbox's bytes are scaled to it).
STEPS = 1000


def read_with_progress(
    ops: Ops, path: Path, parent: QWidget, *, with_bodies: bool = False
) -> ActivityPlan | None:
    """Read a mail file or folder behind a progress dialog; None if cancelled."""
    progress = QProgressDialog(
        QApplication.translate("ActivityImport", "Reading %1…").replace("%1", path.name),
        QApplication.translate("ActivityImport", "Cancel"),
        0,
        STEPS,
        parent,
    )
    progress.setWindowTitle(QApplication.translate("ActivityImport", "Import mail"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def told(done: int, total: int) -> bool:
        progress.setValue(min(STEPS, done * STEPS // max(total, 1)))
        QApplication.processEvents()
        return not progress.wasCanceled()

    try:
        return ops.read_mail(path, with_bodies=with_bodies, progress=told)
    except CancelledError:
        return None
    finally:
        progress.close()


class ActivityImportDialog(Dialog):
    """The plan of one mail or calendar import, and the choices it leaves."""

    def __init__(
        self, ops: Ops, path: Path, plan: ActivityPlan, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.path = path
        self.plan = plan
        self.applied: Applied | None = None
        mail = plan.source == "mail"
        self.setWindowTitle(self.tr("Import mail") if mail else self.tr("Import calendar"))
        self.setMinimumWidth(560)
        counts = plan.counts()
        self.summary = QLabel(self._summary(counts), self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName(self.tr("What the import would log"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)

        self.invalid = QListWidget(self)
        self.invalid.setAccessibleName(self.tr("Messages that cannot be read"))
        for bad in plan.invalid:
            self.invalid.addItem(bad.sentence())
        self.skip_invalid = QCheckBox(
            self.tr("&Leave out the messages that cannot be read, and import the rest"), self
        )
        self.skip_invalid.toggled.connect(self._update)
        if plan.invalid:
            heading = QLabel(
                self.tr("%1 of your messages cannot be dated:").replace(
                    "%1", str(len(plan.invalid))
                ),
                self,
            )
            layout.addWidget(heading)
            self.invalid.setMaximumHeight(90)
            layout.addWidget(self.invalid)
            layout.addWidget(self.skip_invalid)
        else:
            self.invalid.hide()
            self.skip_invalid.hide()

        self.people = QListWidget(self)
        self.people.setAccessibleName(self.tr("People to add as contacts"))
        suggestions = plan.suggestions
        for s in suggestions[:SHOWN_SUGGESTIONS]:
            name = f"{s.name} <{s.address}>" if s.name else s.address
            item = QListWidgetItem(
                self.tr("%1 · %2 messages").replace("%1", name).replace("%2", str(s.messages))
            )
            item.setData(Qt.ItemDataRole.UserRole, s.address)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.people.itemChanged.connect(lambda _item: self._update())
        if suggestions:
            offer = QLabel(
                self.tr(
                    "You correspond with these people, who are not contacts yet. Tick those "
                    "to add (as cold contacts, tagged from-mail), with their mail:"
                ),
                self,
            )
            offer.setWordWrap(True)
            layout.addWidget(offer)
            layout.addWidget(self.people, 1)
        else:
            self.people.hide()

        self.with_bodies = QCheckBox(self.tr("&Keep each message's text in its activity"), self)
        self.with_bodies.setToolTip(
            self.tr("By default only the subject is kept; the text stays in your mail.")
        )
        if mail:
            layout.addWidget(self.with_bodies)
        else:
            self.with_bodies.hide()
        note = QLabel(
            self.tr("Importing the same file again adds nothing: each message is logged once."),
            self,
        )
        note.setWordWrap(True)
        muted(note)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = QPushButton(self.tr("&Import"), self)
        self.import_button.setDefault(True)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.run_import)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    def _summary(self, counts: dict[str, int]) -> str:
        if self.plan.source == "mail":
            lines = [
                self.tr("Read %1 messages in %2.")
                .replace("%1", f"{counts['read']:,}")
                .replace("%2", self._files()),
                self.tr("To log: %1 sent to your contacts, %2 received from them.")
                .replace("%1", f"{counts['sent']:,}")
                .replace("%2", f"{counts['received']:,}"),
            ]
        else:
            lines = [
                self.tr("Read %1 meetings in %2.")
                .replace("%1", f"{counts['read']:,}")
                .replace("%2", self.plan.files[0]),
                self.tr("To log: %1 meetings with your contacts.").replace(
                    "%1", f"{counts['meetings']:,}"
                ),
            ]
        if self.plan.source == "mail":
            lines.append(
                self.tr(
                    "Already imported: %1. With people who are not your contacts: %2. "
                    "Not yours (lists, others' mail): %3."
                )
                .replace("%1", f"{counts['already']:,}")
                .replace("%2", f"{counts['no_contact']:,}")
                .replace("%3", f"{counts['unrelated']:,}")
            )
        else:
            lines.append(
                self.tr("Already imported: %1. With none of your contacts: %2.")
                .replace("%1", f"{counts['already']:,}")
                .replace("%2", f"{counts['unrelated']:,}")
            )
        if counts["later"]:
            lines.append(
                self.tr("Still to come: %1 (import the file again after them).").replace(
                    "%1", str(counts["later"])
                )
            )
        if counts["cancelled"]:
            lines.append(
                self.tr("Cancelled or declined by you, left out: %1.").replace(
                    "%1", str(counts["cancelled"])
                )
            )
        return "\n".join(lines)

    def _files(self) -> str:
        files = self.plan.files
        return ", ".join(files[:3]) + ("…" if len(files) > 3 else "")

    def chosen(self) -> list[str]:
        return [
            str(self.people.item(n).data(Qt.ItemDataRole.UserRole))
            for n in range(self.people.count())
            if self.people.item(n).checkState() is Qt.CheckState.Checked
        ]

    def _update(self) -> None:
        blocked = bool(self.plan.invalid) and not self.skip_invalid.isChecked()
        something = bool(self.plan.new) or bool(self.chosen())
        self.import_button.setEnabled(something and not blocked)

    def run_import(self) -> None:
        plan = self.plan
        if self.with_bodies.isChecked() and plan.source == "mail":
            again = read_with_progress(self.ops, self.path, self, with_bodies=True)
            if again is None:
                return
            plan = again
        add, skip = self.chosen(), self.skip_invalid.isChecked()
        self.applied = self.ops.attempt(
            self,
            self.windowTitle(),
            lambda: self.ops.import_activities(plan, add=add, skip_invalid=skip),
        )
        if self.applied is not None:
            self.accept()
