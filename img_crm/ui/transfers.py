"""The File menu's imports and exports: ask where, write through ``Ops``, say what happened.

Each export is one kind of ``services/exports.py``; this module only asks
for the file (starting in the last folder used, with a name dated today),
shows a busy cursor, and reports the result in the status bar, or the
refusal in one box (``Ops.attempt``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from img_crm import clock
from img_crm.services.activity_import import ActivityPlan
from img_crm.services.exports import Kind, Written
from img_crm.services.file_text import read_text
from img_crm.services.json_io import read_json_document
from img_crm.services.relationships import contact
from img_crm.ui.ops import Ops
from img_crm.ui.views.import_dialog import ImportDialog


def suffix_of(file_filter: str, default: str) -> str:
    """The ending a file-type filter such as "Excel workbook (*.xlsx)" gives."""
    found = re.search(r"\*(\.\w+)", file_filter)
    return found.group(1) if found else default


class Transfers(QObject):
    """Imports and exports for one main window."""

    #: Something was imported or restored: the window leaves its welcome page.
    imported = Signal()

    def __init__(self, ops: Ops, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.ops = ops
        self.window = window
        self.settings = settings

    # --- exports -----------------------------------------------------------------

    def _filters(self) -> dict[Kind, tuple[str, str]]:
        """Each kind's first file name and its file-type filters."""
        stamp = clock.today().isoformat()
        csv = self.tr("CSV files (*.csv);;Excel workbook (*.xlsx)")
        return {
            Kind.CONTACTS: (f"contacts-{stamp}.csv", csv),
            Kind.VCARD: (f"contacts-{stamp}.vcf", self.tr("vCard files (*.vcf)")),
            Kind.ICS: (f"img-crm-{stamp}.ics", self.tr("Calendar files (*.ics)")),
            Kind.ACTIVITIES: (f"activities-{stamp}.csv", csv),
            Kind.LETTERS: (f"letters-{stamp}.csv", csv),
            Kind.PROGRAMS: (f"programs-{stamp}.csv", csv),
            Kind.JSON: (
                f"img-crm-{stamp}.json",
                self.tr("JSON files (*.json);;Encrypted archive, with a passphrase (*.zip)"),
            ),
            Kind.EXPERIENCES: (
                f"experiences-{stamp}.csv",
                self.tr("CSV files (*.csv);;Excel workbook (*.xlsx);;Web page (*.html)"),
            ),
            Kind.EVIDENCE: ("evidence.pdf", self.tr("PDF (*.pdf);;Web page (*.html)")),
        }

    def ask_save_path(self, title: str, name: str, filters: str) -> Path | None:
        """Ask where to save, starting in the last export folder; a name given
        without an ending gets the one of the first file type."""
        folder = self.settings.value("export/folder", str(Path.home()))
        chosen, selected = QFileDialog.getSaveFileName(
            self.window, title, str(Path(str(folder)) / name), filters
        )
        if not chosen:
            return None
        path = Path(chosen)
        self.settings.setValue("export/folder", str(path.parent))
        return path if path.suffix else path.with_suffix(suffix_of(selected, Path(name).suffix))

    def export(self, kind: Kind, *, safe: bool = False) -> None:
        """One of the File → Export menu's kinds, saved where the user says."""
        name, filters = self._filters()[kind]
        path = self.ask_save_path(self.tr("Export"), name, filters)
        if path is None:
            return
        if kind is Kind.JSON and path.suffix.casefold() == ".zip":
            self._export_archive(path)
            return
        self._run(lambda: self.ops.export(kind, path, safe=safe))

    def _export_archive(self, path: Path) -> None:
        """The JSON export encrypted: written from inside the passphrase dialog,
        so a refusal (too short a passphrase, a full disk) shows there."""
        from img_crm.ui.views.passphrase_dialogs import Mode, ask

        done: list[Written] = []
        if ask(
            Mode.ARCHIVE,
            lambda _current, new: done.append(self.ops.export(Kind.JSON, path, passphrase=new)),
            self.window,
        ):
            self.window.statusBar().showMessage(
                self.tr("Wrote %1 to %2, encrypted.")
                .replace("%1", f"{done[0].count} {done[0].noun}")
                .replace("%2", str(done[0].path)),
                8000,
            )

    def export_evidence(self, contact_id: int | None) -> None:
        if contact_id is None:
            QMessageBox.information(
                self.window,
                self.tr("Evidence sheet"),
                self.tr("Select a contact first, on the Contacts tab or the Pipeline board."),
            )
            return
        with self.ops.reading() as session:
            person = contact(session, contact_id=contact_id)
        stem = "evidence-" + "-".join(person.name.split()).casefold()
        _, filters = self._filters()[Kind.EVIDENCE]
        path = self.ask_save_path(self.tr("Save the evidence sheet"), f"{stem}.pdf", filters)
        if path is not None:
            self._run(lambda: self.ops.export(Kind.EVIDENCE, path, contact_id=contact_id))

    def _run(self, export: Callable[[], Written]) -> None:
        """Write with a busy cursor; a refusal is said in one box, success in the status bar."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = self.ops.attempt(self.window, self.tr("Export failed"), export)
        finally:
            QApplication.restoreOverrideCursor()
        if written is not None:
            self.window.statusBar().showMessage(
                self.tr("Wrote %1 to %2.")
                .replace("%1", f"{written.count} {written.noun}")
                .replace("%2", str(written.path)),
                8000,
            )

    # --- imports -----------------------------------------------------------------

    def import_file(self) -> None:
        folder = self.settings.value("import/folder", str(Path.home()))
        chosen, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import contacts"),
            str(folder),
            self.tr(
                "Contacts (*.csv *.vcf *.vcard *.json *.zip);;CSV (*.csv);;vCard (*.vcf *.vcard);;"
                "img-crm export (*.json *.zip)"
            ),
        )
        if chosen:
            self.settings.setValue("import/folder", str(Path(chosen).parent))
            self.import_path(Path(chosen))

    def import_path(self, path: Path) -> None:
        """Import one file: a JSON export is restored whole, anything else goes
        through the preview, mapping and duplicate steps."""
        if path.suffix.casefold() in (".json", ".zip"):
            self._restore_json(path)
            return
        dialog = self.ops.attempt(
            self.window, self.tr("Import"), lambda: ImportDialog(self.ops, path, self.window)
        )
        if dialog is not None and dialog.exec():
            self.imported.emit()

    # --- your own mail and calendar ---------------------------------------------------

    def import_mail(self, *, folder: bool = False) -> None:
        """A mailbox or .eml file (or a folder of them, as Thunderbird keeps
        its local folders): read, previewed, then logged."""
        start = str(self.settings.value("import/mail_folder", str(Path.home())))
        if folder:
            chosen = QFileDialog.getExistingDirectory(
                self.window, self.tr("Import a mail folder"), start
            )
        else:
            chosen, _ = QFileDialog.getOpenFileName(
                self.window,
                self.tr("Import mail"),
                start,
                self.tr("Mail (*.mbox *.eml *);;mbox mailboxes (*.mbox);;Messages (*.eml)"),
            )
        if not chosen:
            return
        path = Path(chosen)
        self.settings.setValue("import/mail_folder", str(path if folder else path.parent))
        self.import_mail_path(path)

    def import_mail_path(self, path: Path) -> None:
        from img_crm.ui.views.activity_import_dialog import read_with_progress

        if not self._own_addresses():
            return
        plan = self.ops.attempt(
            self.window,
            self.tr("Import mail"),
            lambda: read_with_progress(self.ops, path, self.window),
        )
        if plan is not None:
            self._preview(path, plan)

    def import_calendar(self) -> None:
        start = str(self.settings.value("import/calendar_folder", str(Path.home())))
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import calendar"), start, self.tr("Calendars (*.ics)")
        )
        if not chosen:
            return
        path = Path(chosen)
        self.settings.setValue("import/calendar_folder", str(path.parent))
        plan = self.ops.attempt(
            self.window, self.tr("Import calendar"), lambda: self.ops.read_calendar(path)
        )
        if plan is not None:
            self._preview(path, plan)

    def _preview(self, path: Path, plan: ActivityPlan) -> None:
        from img_crm.ui.views.activity_import_dialog import ActivityImportDialog

        dialog = ActivityImportDialog(self.ops, path, plan, self.window)
        if dialog.exec() and dialog.applied is not None:
            self.imported.emit()
            self.window.statusBar().showMessage(
                self.tr("Imported %1: %2.")
                .replace("%1", path.name)
                .replace("%2", str(dialog.applied)),
                8000,
            )

    def _own_addresses(self) -> bool:
        """The user's own addresses, asked for once if Settings has none."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from img_crm.services.profile import load_profile

        with self.ops.reading() as session:
            if load_profile(session).my_emails:
                return True
        text, ok = QInputDialog.getText(
            self.window,
            self.tr("Your email addresses"),
            self.tr(
                "Which addresses are yours? Mail between them and your contacts is logged "
                "(separate several with commas; Settings keeps them)."
            ),
            QLineEdit.EchoMode.Normal,
        )
        if not ok or not text.strip():
            return False

        def save() -> bool:
            self.ops.save_profile({"my_emails": text})
            return True

        return bool(self.ops.attempt(self.window, self.tr("Your email addresses"), save))

    def _restore_json(self, path: Path) -> None:
        if path.suffix.casefold() == ".zip":
            from img_crm.services.json_archive import read_archive_document
            from img_crm.ui.views.passphrase_dialogs import Mode, ask

            opened: list[dict[str, Any]] = []
            if not ask(
                Mode.OPEN_ARCHIVE,
                lambda current, _new: opened.append(read_archive_document(path, current)),
                self.window,
            ):
                return
            document: dict[str, Any] | None = opened[0]
        else:
            document = self.ops.attempt(
                self.window, self.tr("Restore"), lambda: read_json_document(read_text(path))
            )
        if document is None:
            return
        answer = QMessageBox.question(
            self.window,
            self.tr("Restore"),
            self.tr("Restore everything in %1 into this empty store?").replace("%1", path.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        counts = self.ops.attempt(
            self.window, self.tr("Restore"), lambda: self.ops.restore_json(document)
        )
        if counts is not None:
            self.imported.emit()
            self.window.statusBar().showMessage(
                self.tr("Restored %1 rows.").replace("%1", str(sum(counts.values()))), 8000
            )
