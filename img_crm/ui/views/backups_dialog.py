"""File → Backups…: the backups with their date and size; back up now or restore one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from img_crm.services.backups import BackupInfo, backups_of
from img_crm.ui.ops import Ops
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import muted


class BackupsDialog(Dialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("Backups"))
        self.resize(720, 420)
        self.folder = ops.store.path.parent / "backups"
        note = QLabel(
            self.tr(
                "img-crm backs up on close and every 30 minutes while you work, and before "
                "every upgrade or restore. It keeps the 10 newest and one per day, week and "
                "month further back. Backups are in %1."
            ).replace("%1", str(self.folder)),
            self,
        )
        note.setWordWrap(True)
        muted(note)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Size"), self.tr("Why")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(self.tr("Backups"))
        self.backup_button = QPushButton(self.tr("&Back up now"), self)
        self.restore_button = QPushButton(self.tr("&Restore…"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.table.itemSelectionChanged.connect(self._update)
        self.reload()

    def reload(self) -> None:
        self.backups: list[BackupInfo] = backups_of(self.ops.store.path.parent)
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            self.table.setItem(row, 0, QTableWidgetItem(f"{info.when:%Y-%m-%d %H:%M:%S}"))
            self.table.setItem(row, 1, QTableWidgetItem(f"{info.size / 1024:,.0f} KiB"))
            self.table.setItem(row, 2, QTableWidgetItem(info.reason.replace("-", " ")))
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def backup_now(self) -> None:
        self.ops.attempt(self, self.tr("Backup"), self.ops.backup_now)
        self.reload()

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        info = self.backups[rows[0].row()]
        from img_crm.services import protection

        if protection.backup_needs_passphrase(info.path):
            from img_crm.ui.views.passphrase_dialogs import Mode, ask

            if not ask(
                Mode.BACKUP,
                lambda current, _new: protection.unlock_backup(info.path, current),
                self,
            ):
                return
        if not self.confirm(info):
            return
        restored = self.ops.attempt(
            self, self.tr("Restore"), lambda: (self.ops.restore_backup(info.path),)
        )
        if restored is None:
            return
        (safety,) = restored
        self.reload()
        when = f"{info.when:%Y-%m-%d %H:%M}"
        if safety is None:
            self.tell(self.tr("Restored the backup of %1.").replace("%1", when))
            return
        self.tell(
            self.tr("Restored the backup of %1. What you had before is kept as %2.")
            .replace("%1", when)
            .replace("%2", safety.name)
        )

    def confirm(self, info: BackupInfo) -> bool:
        """Ask before a restore, saying first when the backup is not protected
        as the store is (one from before the passphrase)."""
        from img_crm.services import protection

        text = self.tr(
            "Replace everything with the backup of %1? The store as it is now is backed up first."
        ).replace("%1", f"{info.when:%Y-%m-%d %H:%M}")
        warning = protection.restore_warning(info.path, self.ops.store.path.parent)
        if warning is not None:
            text = warning + "\n\n" + text
        answer = QMessageBox.question(self, self.tr("Restore"), text)
        return answer == QMessageBox.StandardButton.Yes

    def tell(self, message: str) -> None:
        QMessageBox.information(self, self.tr("Restore"), message)
