"""File → Import…: preview, column mapping, rows that cannot be imported, duplicate review,
then a cancellable import.

One module because its two steps share one plan, one file and one set of widgets.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from img_crm.errors import UserError
from img_crm.services import file_text, importer
from img_crm.services import import_formats as formats
from img_crm.services.import_formats import Format, ImportRecord
from img_crm.ui.ops import Ops
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, muted

PREVIEW_ROWS = 20
PREVIEW_FIELDS = ("name", "title", "email", "phone", "institution", "role", "connected_on", "notes")
FORMAT_NAMES = {
    Format.CSV: "CSV (any columns)",
    Format.LINKEDIN: "LinkedIn Connections.csv",
    Format.GOOGLE: "Google Contacts CSV",
    Format.OUTLOOK: "Outlook CSV (Outlook, Google's Outlook export)",
    Format.VCARD: "vCard (.vcf)",
}
ACTION_NAMES = {
    importer.OnDuplicate.SKIP: "Skip (keep what I have)",
    importer.OnDuplicate.MERGE: "Merge (fill empty fields, add tags)",
    importer.OnDuplicate.ADD: "Add as a new contact",
}


def _preview_cell(record: ImportRecord, field: str) -> str:
    """A record's value as the preview shows it: every email (or phone) of
    the record, the main one first."""
    if field not in ("email", "phone"):
        return str(record.data.get(field, ""))
    values = [str(record.data.get(field) or "")]
    values += [str(p[2]) for p in record.data.get("points", ()) if p[0] == field]
    return ", ".join(dict.fromkeys(v for v in values if v))


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


class ImportDialog(Dialog):
    """Two steps: what is in the file (and how its columns map), then the duplicates."""

    def __init__(self, ops: Ops, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.path = path
        self.text, self.encoding = file_text.read_text_and_encoding(path)
        self.chosen_encoding: str | None = None
        self.records: list[ImportRecord] = []
        self.header: list[str] = []
        self.mapping: dict[str, str] = {}
        self.plan: importer.ImportPlan | None = None
        self.summary: importer.Summary | None = None
        self.setWindowTitle(self.tr("Import %1").replace("%1", path.name))
        self.resize(860, 560)

        self.format = QComboBox(self)
        for fmt, name in FORMAT_NAMES.items():
            self.format.addItem(_tr(name), fmt.value)
        detected = formats.detect(path, self.text)
        self.format.setCurrentIndex(max(self.format.findData(detected.value), 0))
        self.format.setAccessibleName(self.tr("File format"))
        self.encoding_box = QComboBox(self)
        names = ("utf-8", *file_text.LEGACY_ENCODINGS)
        found = next((n for n in names if file_text.encoding_label(n) == self.encoding), "")
        shown = file_text.described(found) if found else self.encoding
        self.encoding_box.addItem(self.tr("Found: %1").replace("%1", shown), "")
        for name in names:
            self.encoding_box.addItem(file_text.described(name), name)
        self.encoding_box.setAccessibleName(self.tr("The file's encoding"))
        # Our spreadsheet-safe export puts ' before = + - @; only the user knows
        # which export a file is, so this is asked (ticked when it looks so).
        self.unprotect = QCheckBox(
            self.tr("This is a spreadsheet-safe export: take off the ' before = + - @"), self
        )
        self.unprotect.setChecked(formats.looks_spreadsheet_safe(self.text))
        self.unprotect.setVisible(formats.is_own_contacts_csv(self.text))
        self.count = QLabel(self)
        muted(self.count)
        self.mapping_table = QTableWidget(0, 2, self)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Becomes")]
        )
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setAccessibleName(self.tr("Column mapping"))
        self.mapping_label = QLabel(
            self.tr("<b>Match the file's columns to contact fields</b>"), self
        )
        self.preview = QTableWidget(0, len(PREVIEW_FIELDS), self)
        self.preview.setHorizontalHeaderLabels(
            [f.replace("_", " ").capitalize() for f in PREVIEW_FIELDS]
        )
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setAccessibleName(self.tr("Preview of the first rows"))
        self.error = ErrorLabel(self.preview, self)

        first = QWidget(self)
        first_layout = QVBoxLayout(first)
        form = QFormLayout()
        form.addRow(self.tr("&Format"), self.format)
        form.addRow(self.tr("&Encoding"), self.encoding_box)
        form.addRow("", self.unprotect)
        first_layout.addLayout(form)
        first_layout.addWidget(self.mapping_label)
        first_layout.addWidget(self.mapping_table, 1)
        first_layout.addWidget(QLabel(self.tr("<b>Preview</b>"), self))
        first_layout.addWidget(self.preview, 2)
        first_layout.addWidget(self.count)
        first_layout.addWidget(self.error)

        self.default_action = QComboBox(self)
        for action, name in ACTION_NAMES.items():
            self.default_action.addItem(_tr(name), action.value)
        self.default_action.setAccessibleName(self.tr("What to do with every duplicate"))
        self.duplicates = QTableWidget(0, 3, self)
        self.duplicates.setHorizontalHeaderLabels(
            [self.tr("In the file"), self.tr("Looks like"), self.tr("Do")]
        )
        self.duplicates.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.duplicates.setAccessibleName(self.tr("Possible duplicates"))
        self.plan_label = QLabel(self)
        self.plan_label.setWordWrap(True)
        self.invalid = QTableWidget(0, 4, self)
        self.invalid.setHorizontalHeaderLabels(
            [
                self.tr("Line"),
                self.tr("Name"),
                self.tr("Field"),
                self.tr("Why it cannot be imported"),
            ]
        )
        self.invalid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.invalid.horizontalHeader().setStretchLastSection(True)
        self.invalid.verticalHeader().setVisible(False)
        self.invalid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.invalid.setAccessibleName(self.tr("Rows that cannot be imported"))
        self.invalid_label = QLabel(self)
        self.invalid_label.setWordWrap(True)
        self.skip_invalid = QCheckBox(self)
        self.skip_invalid.setAccessibleName(self.tr("Leave out the rows that cannot be imported"))
        self.skip_invalid.toggled.connect(self._update_import_button)
        second = QWidget(self)
        second_layout = QVBoxLayout(second)
        row = QHBoxLayout()
        self.default_label = QLabel(self.tr("For every duplicate:"), self)
        row.addWidget(self.default_label)
        row.addWidget(self.default_action, 1)
        second_layout.addWidget(self.plan_label)
        second_layout.addWidget(self.invalid_label)
        second_layout.addWidget(self.invalid, 1)
        second_layout.addWidget(self.skip_invalid)
        second_layout.addLayout(row)
        second_layout.addWidget(self.duplicates, 2)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(first)
        self.pages.addWidget(second)
        self.back_button = QPushButton(self.tr("< &Back"), self)
        self.next_button = QPushButton(self.tr("&Next >"), self)
        self.import_button = QPushButton(self.tr("&Import"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        for button in (self.back_button, self.next_button, self.import_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)

        self.format.currentIndexChanged.connect(self._reparse)
        self.unprotect.toggled.connect(self._reparse)
        self.encoding_box.currentIndexChanged.connect(self._reencode)
        self.back_button.clicked.connect(lambda: self._show_page(0))
        self.next_button.clicked.connect(self.review)
        self.import_button.clicked.connect(self.run_import)
        self.default_action.currentIndexChanged.connect(self._apply_default)
        self._reparse()
        self._show_page(0)

    # --- step 1 ------------------------------------------------------------------------

    def current_format(self) -> Format:
        return Format(self.format.currentData())

    def _reencode(self) -> None:
        """Read the file again in the encoding the user chose (or as found)."""
        self.chosen_encoding = self.encoding_box.currentData() or None
        try:
            self.text, self.encoding = file_text.read_text_and_encoding(
                self.path, self.chosen_encoding
            )
        except UserError as exc:
            self.records = []
            self.error.show_error(str(exc))
            self._fill_preview()
            return
        self._reparse()

    def _reparse(self) -> None:
        fmt = self.current_format()
        generic = fmt is Format.CSV
        self.mapping_label.setVisible(generic)
        self.mapping_table.setVisible(generic)
        self.error.show_error(None)
        try:
            if generic:
                header, _ = formats.read_generic_csv(self.text, {})
                if header != self.header:
                    self.header = header
                    self.mapping = formats.guess_mapping(header)
                    self._fill_mapping()
            self.records = importer.parse(
                self.text,
                fmt,
                self.path.name,
                mapping=self.mapping if generic else None,
                unprotect=self.unprotect.isChecked(),
            )
        except UserError as exc:
            self.records = []
            self.error.show_error(str(exc))
        self._fill_preview()

    def _fill_mapping(self) -> None:
        self.mapping_table.setRowCount(len(self.header))
        for index, column in enumerate(self.header):
            self.mapping_table.setItem(index, 0, QTableWidgetItem(column))
            box = QComboBox(self.mapping_table)
            box.addItem(self.tr("(ignore)"), "")
            for target in formats.TARGETS:
                box.addItem(target.replace("_", " "), target)
            box.setCurrentIndex(max(box.findData(self.mapping.get(column, "")), 0))
            box.setAccessibleName(self.tr("Field for column %1").replace("%1", column))
            box.currentIndexChanged.connect(
                lambda _i, c=column, b=box: self._map(c, b.currentData())
            )
            self.mapping_table.setCellWidget(index, 1, box)

    def _map(self, column: str, target: str) -> None:
        self.mapping[column] = target
        self._reparse()

    def _fill_preview(self) -> None:
        people = [record for record in self.records if not record.hidden]
        shown = people[:PREVIEW_ROWS]
        self.preview.setRowCount(len(shown))
        # Each row is numbered with its line in the file, as every message names it.
        self.preview.setVerticalHeaderLabels([str(record.line) for record in shown])
        for row, record in enumerate(shown):
            for column, field in enumerate(PREVIEW_FIELDS):
                self.preview.setItem(row, column, QTableWidgetItem(_preview_cell(record, field)))
        text = (
            self.tr("1 contact in the file.")
            if len(people) == 1
            else self.tr("%1 contacts in the file.").replace("%1", str(len(people)))
        )
        if self.encoding not in ("UTF-8", "ASCII") and self.chosen_encoding is None:
            text += " " + self.tr("Read as %1 (the file is not in UTF-8).").replace(
                "%1", self.encoding
            )
        self.count.setText(text)
        self.next_button.setEnabled(bool(self.records))

    # --- step 2 ------------------------------------------------------------------------

    def review(self) -> None:
        """Check every row and find duplicates; rows that cannot be imported are
        listed, and the import waits until the user chooses to leave them out."""
        action = importer.OnDuplicate(self.default_action.currentData())
        try:
            with self.ops.reading() as session:
                self.plan = importer.plan(
                    session,
                    self.records,
                    source=self.path.name,
                    fmt=self.current_format(),
                    on_duplicate=action,
                )
        except UserError as exc:
            self.error.show_error(
                self.tr("Nothing can be imported yet. %1").replace("%1", str(exc))
            )
            return
        self._fill_invalid()
        self._fill_duplicates()
        self._show_page(1)

    def _fill_invalid(self) -> None:
        plan = self.plan
        assert plan is not None
        bad = plan.invalid
        self.invalid.setRowCount(len(bad))
        for index, row in enumerate(bad):
            cells = (str(row.line), row.name or self.tr("(no name)"), row.field, row.reason)
            for column, text in enumerate(cells):
                self.invalid.setItem(index, column, QTableWidgetItem(text))
        self.invalid.resizeColumnsToContents()
        for widget in (self.invalid, self.skip_invalid, self.invalid_label):
            widget.setVisible(bool(bad))
        one = len(bad) == 1
        self.invalid_label.setText(
            self.tr(
                "<b>1 entry cannot become a contact.</b> Correct it in the file and import "
                "the file again, or leave it out."
            )
            if one
            else self.tr(
                "<b>%1 entries cannot become a contact.</b> Correct them in the file and "
                "import the file again, or leave them out."
            ).replace("%1", str(len(bad)))
        )
        self.skip_invalid.setText(
            self.tr("&Leave out this entry and import the rest")
            if one
            else self.tr("&Leave out these %1 entries and import the rest").replace(
                "%1", str(len(bad))
            )
        )
        self.skip_invalid.setChecked(False)
        self._update_import_button()

    def _update_import_button(self) -> None:
        plan = self.plan
        ready = (
            plan is not None
            and bool(plan.rows)
            and (not plan.invalid or self.skip_invalid.isChecked())
        )
        self.import_button.setEnabled(ready)

    def _fill_duplicates(self) -> None:
        plan = self.plan
        assert plan is not None
        rows = plan.duplicates
        for widget in (self.duplicates, self.default_label, self.default_action):
            widget.setVisible(bool(rows))
        self.duplicates.setRowCount(len(rows))
        for index, row in enumerate(rows):
            self.duplicates.setItem(
                index, 0, QTableWidgetItem(f"{row.data['name']} (line {row.line})")
            )
            reason = row.match.reason if row.match else ""
            self.duplicates.setItem(index, 1, QTableWidgetItem(f"{row.match_name} — {reason}"))
            box = QComboBox(self.duplicates)
            for action, name in ACTION_NAMES.items():
                box.addItem(_tr(name), action.value)
            box.setCurrentIndex(box.findData(row.action.value))
            box.currentIndexChanged.connect(
                lambda _i, r=row, b=box: self._set_action(r, b.currentData())
            )
            self.duplicates.setCellWidget(index, 2, box)
        self._update_plan_label()

    def _set_action(self, row: importer.PlannedRow, value: str) -> None:
        row.action = importer.OnDuplicate(value)
        self._update_plan_label()

    def _apply_default(self) -> None:
        for index in range(self.duplicates.rowCount()):
            box = self.duplicates.cellWidget(index, 2)
            if isinstance(box, QComboBox):
                box.setCurrentIndex(box.findData(self.default_action.currentData()))

    def _update_plan_label(self) -> None:
        plan = self.plan
        assert plan is not None
        text = (
            self.tr("%1 to add, %2 to merge, %3 to skip. Possible duplicates: %4.")
            .replace("%1", str(plan.count(importer.OnDuplicate.ADD)))
            .replace("%2", str(plan.count(importer.OnDuplicate.MERGE)))
            .replace("%3", str(plan.count(importer.OnDuplicate.SKIP)))
            .replace("%4", str(len(plan.duplicates)))
        )
        if plan.hidden == 1:
            text += " " + self.tr(
                "1 LinkedIn connection who hides their details (only a date in the file) "
                "is left out."
            )
        elif plan.hidden:
            text += " " + self.tr(
                "%1 LinkedIn connections who hide their details (only a date in the file) "
                "are left out."
            ).replace("%1", str(plan.hidden))
        if plan.unknown_fields:
            text += " " + self.tr(
                "Not imported: %1 (no contact field of yours has that name; define one in "
                "Settings and import again to have them)."
            ).replace("%1", ", ".join(plan.unknown_fields))
        self.plan_label.setText(text)

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.back_button.setVisible(index == 1)
        self.next_button.setVisible(index == 0)
        self.import_button.setVisible(index == 1)
        if index == 1:
            self.import_button.setDefault(True)

    # --- import ------------------------------------------------------------------------

    def run_import(self) -> None:
        """Write with a cancellable progress dialog; cancel leaves the store as it was."""
        plan = self.plan
        if plan is None:
            return
        progress = QProgressDialog(
            self.tr("Importing %1…").replace("%1", self.path.name),
            self.tr("Cancel"),
            0,
            max(len(plan.rows), 1),
            self,
        )
        progress.setWindowTitle(self.tr("Import"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        self.progress = progress

        def report(done: int, total: int) -> bool:
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            self.summary = self.ops.import_contacts(
                plan, report, skip_invalid=self.skip_invalid.isChecked()
            )
        except importer.CancelledError:
            progress.close()
            self.tell(self.tr("Import cancelled. Nothing was added or changed."))
            return
        except UserError as exc:
            progress.close()
            self.tell(self.tr("Nothing was imported. %1").replace("%1", str(exc)))
            return
        progress.close()
        summary = self.summary
        message = (
            self.tr("Imported %1: %2 added, %3 merged, %4 skipped.")
            .replace("%1", self.path.name)
            .replace("%2", str(summary.added))
            .replace("%3", str(summary.merged))
            .replace("%4", str(summary.skipped))
        )
        if summary.invalid == 1:
            message += " " + self.tr("1 entry that cannot be imported was left out.")
        elif summary.invalid:
            message += " " + self.tr("%1 entries that cannot be imported were left out.").replace(
                "%1", str(summary.invalid)
            )
        if summary.hidden == 1:
            message += " " + self.tr("1 LinkedIn connection who hides their details was left out.")
        elif summary.hidden:
            message += " " + self.tr(
                "%1 LinkedIn connections who hide their details were left out."
            ).replace("%1", str(summary.hidden))
        self.tell(message)
        self.accept()

    def tell(self, message: str) -> None:
        QMessageBox.information(self, self.tr("Import"), message)
