"""The files on one record (#24), for the contact, program and letter panes
and the activity form: attach by dialog or by dropping files on the pane,
open a copy with the system's viewer, save a copy, rename, record whom it
was given to, remove."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.attachments import AttachmentKind, Owner
from img_crm.ui.models.attachments import AttachmentsModel
from img_crm.ui.ops import Ops
from img_crm.ui.views.confirm import confirm_delete
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.table_view import delete_action, make_table


def _local_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    data = event.mimeData()
    if not data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


class AttachmentsPanel(QWidget):
    """The attachments of the record given to :meth:`show_owner`."""

    #: Files were attached (their ids): a test, or the pane, may follow up.
    attached = Signal(list)
    #: How many files the record has now (a tab's title shows it).
    counted = Signal(int)

    def __init__(
        self, ops: Ops, name: str, parent: QWidget | None = None, *, titled: bool = True
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.owner: Owner | None = None
        self.model = AttachmentsModel(self)
        self.table = make_table(self.model, name, self, multi=True)
        self.table.setAccessibleName(self.tr("Attached files"))
        self.table.set_empty_text(self.tr("No files yet: attach one, or drop it here."))
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.title = QLabel(self.tr("<b>Files</b>"), self)
        self.title.setVisible(titled)  # a tab named "Files (2)" says it already
        self.attach_button = QPushButton(self.tr("&Attach…"), self)
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.attach_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton(self.tr("Open"), self)
        # No mnemonics but Attach: the panes around have their own letters;
        # Enter opens the chosen file and Delete removes it.
        self.open_button.setToolTip(self.tr("Open a copy with the system's viewer (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.sent_button = QPushButton(self.tr("Sent to…"), self)
        self.sent_button.setToolTip(self.tr("Record whom you gave this version, and when"))
        self.sent_button.clicked.connect(self.record_sent)
        self.delete = delete_action(self.table, self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.title)
        row.addStretch(1)
        row.addWidget(self.attach_button)
        # Open and Sent to as buttons; the rest in a menu beside them and in
        # the table's context menu: the row fits a narrow pane.
        self.more = QMenu(self)
        self.save_action = self.more.addAction(self.tr("Save a copy…"), self.save_selected)
        self.rename_action = self.more.addAction(self.tr("Rename…"), self.rename_selected)
        self.more.addSeparator()
        self.remove_action = self.more.addAction(self.tr("Remove…"), self.remove_selected)
        self.more_button = QToolButton(self)
        self.more_button.setText(self.tr("More"))
        self.more_button.setAccessibleName(self.tr("More file actions"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setMenu(self.more)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.sent_button, self.more_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.model.modelReset.connect(self._enable)
        ops.attachments_changed.connect(self.refresh)
        ops.contacts_changed.connect(self.refresh)  # names in "Sent to"
        ops.programs_changed.connect(self.refresh)
        self.setAcceptDrops(True)
        self._enable()

    # --- what is shown ---------------------------------------------------------------

    def show_owner(self, owner: Owner | None) -> None:
        self.owner = owner
        self.refresh()

    def refresh(self) -> None:
        from img_crm.services.attachments import listing

        if self.owner is None:
            self.model.set_rows([])
            return
        with self.ops.plain() as connection:
            self.model.set_rows(listing(connection, owner=self.owner))
        count = self.model.rowCount()
        self.counted.emit(count)
        self.title.setText(
            self.tr("<b>Files</b> (%1)").replace("%1", str(count))
            if count
            else self.tr("<b>Files</b>")
        )

    def _selected(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(row).row.id for row in rows]

    def _enable(self) -> None:
        chosen = len(self._selected())
        self.attach_button.setEnabled(self.owner is not None)
        for widget in (self.open_button, self.sent_button):
            widget.setEnabled(chosen == 1)
        for action in (self.save_action, self.rename_action):
            action.setEnabled(chosen == 1)
        self.remove_action.setEnabled(chosen > 0)
        self.more_button.setEnabled(chosen > 0)
        self.delete.setEnabled(chosen > 0)

    def _context_menu(self, pos: QPoint) -> None:
        if not self._selected():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), self.open_selected).setEnabled(self.open_button.isEnabled())
        menu.addAction(self.tr("Sent to…"), self.record_sent).setEnabled(
            self.sent_button.isEnabled()
        )
        menu.addSeparator()
        for action in self.more.actions():
            menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # --- adding ------------------------------------------------------------------------

    def choose_files(self) -> None:
        if self.owner is None:
            return
        names, _filter = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        if names:
            self.attach([Path(name) for name in names])

    def attach(self, files: list[Path]) -> list[int] | None:
        """Attach ``files`` to the record shown; a file that cannot be
        attached is one sentence, and none of them is."""
        owner = self.owner
        if owner is None or not files:
            return None
        ids = self.ops.attempt(
            self, self.tr("Attach files"), lambda: self.ops.attach_files(owner, files)
        )
        if ids:
            self.attached.emit(ids)
            self._select_last(len(ids))
        return ids

    def _select_last(self, count: int) -> None:
        self.table.clearSelection()
        for row in range(max(0, self.model.rowCount() - count), self.model.rowCount()):
            self.table.selectRow(row)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.owner is not None and _local_files(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if self.owner is not None and _local_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _local_files(event)
        if files and self.owner is not None:
            event.acceptProposedAction()
            self.attach(files)

    def take_drops_for(self, pane: QWidget) -> None:
        """Files dropped anywhere on ``pane`` (the record's detail) are
        attached here."""
        pane.setAcceptDrops(True)
        pane.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            self.dragEnterEvent(event)  # type: ignore[arg-type]
            return event.isAccepted()
        if kind == QEvent.Type.Drop:
            self.dropEvent(event)  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)

    # --- acting on the chosen file -------------------------------------------------

    def _one(self) -> int | None:
        chosen = self._selected()
        return chosen[0] if len(chosen) == 1 else None

    def open_selected(self) -> None:
        ident = self._one()
        if ident is None:
            return
        copy = self.ops.attempt(self, self.tr("Open"), lambda: self.ops.copy_to_open(ident))
        if copy is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
            self.ops.report(
                self,
                self.tr("Open"),
                self.tr("No program here opens %1; a copy is at %2.")
                .replace("%1", copy.name)
                .replace("%2", str(copy)),
            )

    def save_selected(self) -> None:
        ident = self._one()
        if ident is None:
            return
        listed = self.model.row_at(self._row_of(ident))
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save a copy"), str(Path.home() / listed.row.name)
        )
        if name:
            self.ops.attempt(
                self, self.tr("Save a copy"), lambda: self.ops.save_attachment(ident, Path(name))
            )

    def rename_selected(self) -> None:
        from img_crm.ui.views.attachment_dialogs import RenameDialog

        ident = self._one()
        if ident is None:
            return
        row = self.model.row_at(self._row_of(ident)).row

        def save(name: str, kind: AttachmentKind) -> None:
            self.ops.rename_attachment(ident, name, kind)

        RenameDialog(row.name, row.kind, save, self).exec()

    def record_sent(self) -> None:
        from img_crm.services.attachments import recipients
        from img_crm.ui.views.attachment_dialogs import SentToDialog

        ident = self._one()
        if ident is None:
            return
        row = self.model.row_at(self._row_of(ident)).row
        with self.ops.plain() as connection:
            contacts, programs = recipients(connection)

        def save(contact_ids: list[int], program_ids: list[int], day: date) -> None:
            self.ops.mark_sent(ident, contact_ids=contact_ids, program_ids=program_ids, on=day)

        SentToDialog(row.name, contacts, programs, save, self).exec()

    def remove_selected(self) -> None:
        chosen = self._selected()
        if not chosen:
            return
        names = [self.model.row_at(self._row_of(i)).row.name for i in chosen]
        question = (
            self.tr("Remove %1?").replace("%1", names[0])
            if len(names) == 1
            else self.tr("Remove %1 files?").replace("%1", str(len(names)))
        )
        if not confirm_delete(
            self,
            self.tr("Remove files"),
            question,
            self.tr("The store keeps a file only while something names it."),
        ):
            return
        self.ops.attempt(self, self.tr("Remove files"), lambda: self.ops.remove_attachments(chosen))

    def _row_of(self, ident: int) -> int:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).row.id == ident:
                return row
        raise LookupError(ident)

    def index_of(self, ident: int) -> QModelIndex:
        return self.model.index(self._row_of(ident), 0)


class FilesDialog(Dialog):
    """The files of a record that has no pane of its own (an activity)."""

    def __init__(self, ops: Ops, owner: Owner, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.panel = AttachmentsPanel(ops, "activityFiles", self)
        self.panel.show_owner(owner)
        self.panel.take_drops_for(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(close)
        self.resize(max(self.minimumWidth(), 720), 360)
