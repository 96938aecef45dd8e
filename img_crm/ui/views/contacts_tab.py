"""The Contacts tab: search, stage filter, the table and its actions."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.enums import Stage
from img_crm.store import contacts as contact_store
from img_crm.ui.icons import stage_icon
from img_crm.ui.labels import stage_label
from img_crm.ui.models.contacts import ContactsModel
from img_crm.ui.ops import Ops
from img_crm.ui.views.contact_dialog import ContactDialog
from img_crm.ui.views.table_view import make_table


class ContactsTab(QWidget):
    """Everything about the list of people; writes go through ``Ops``."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = ContactsModel(self)

        self.search = QLineEdit(self)
        self.search.setObjectName("contactSearch")
        self.search.setPlaceholderText(
            self.tr("Search names, institutions, emails, specialties, tags (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search contacts"))
        self.stage_filter = QComboBox(self)
        self.stage_filter.setAccessibleName(self.tr("Filter by stage"))
        self.stage_filter.addItem(self.tr("All stages"), None)
        for stage in Stage:
            self.stage_filter.addItem(stage_icon(stage), stage_label(stage), stage.value)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Number of contacts shown"))

        self.table = make_table(self.model, "contactsTable", self, multi=True)  # type: ignore[arg-type]
        self.table.setAccessibleName(self.tr("Contacts"))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self.new_button = QPushButton(self.tr("&New contact…"), self)
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        for button, name in (
            (self.new_button, self.tr("New contact")),
            (self.edit_button, self.tr("Edit contact")),
            (self.delete_button, self.tr("Delete contacts")),
        ):
            button.setAccessibleName(name)

        self.delete_action = QAction(self.tr("Delete…"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(self.delete_action)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.stage_filter)
        top.addWidget(self.count_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.delete_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        # Search as you type, without redoing the work for every fast keystroke.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_search)
        self.stage_filter.currentIndexChanged.connect(self.apply_search)
        self.new_button.clicked.connect(self.new_contact)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_counts)
        self.ops.contacts_changed.connect(self.reload)
        self.reload()

    # --- data ---------------------------------------------------------------

    def reload(self) -> None:
        selected = set(self.selected_ids())
        with self.ops.reading() as session:
            rows = contact_store.list_contacts(session)
        self.model.set_rows(rows)
        self._reselect(selected)
        self._update_buttons()

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search.text(), self.stage_filter.currentData())

    def _update_counts(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        if shown == total:
            text = self.tr("Contacts: %1").replace("%1", str(total))
        else:
            text = self.tr("%1 of %2 shown").replace("%1", str(shown)).replace("%2", str(total))
        self.count_label.setText(text)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.contact_id(row) for row in rows]

    def _reselect(self, ids: set[int]) -> None:
        if not ids:
            return
        selection = self.table.selectionModel()
        for row in range(self.model.rowCount()):
            if self.model.contact_id(row) in ids:
                selection.select(
                    self.model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def _update_buttons(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count > 0)
        self.delete_action.setEnabled(count > 0)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- actions ---------------------------------------------------------------

    def new_contact(self) -> int | None:
        created: list[int] = []
        dialog = ContactDialog(lambda data: created.append(self.ops.add_contact(data)), parent=self)
        if dialog.exec() and created:
            self.select_contact(created[0])
            return created[0]
        return None

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        with self.ops.reading() as session:
            contact = contact_store.get_contact(session, contact_id=ids[0])
        dialog = ContactDialog(
            lambda data: self.ops.update_contact(contact.id, data), contact=contact, parent=self
        )
        dialog.exec()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        with self.ops.reading() as session:
            counts = contact_store.dependents(session, contact_ids=ids)
            first = contact_store.get_contact(session, contact_id=ids[0]).name
        if len(ids) == 1:
            question = self.tr("Delete %1?").replace("%1", first)
        else:
            question = self.tr("Delete these %1 contacts?").replace("%1", str(len(ids)))
        details = (
            self.tr(
                "This also deletes their stage history, the letters they write (%1) and "
                "their program ties (%2). Their logged activities (%3) stay in the "
                "Activity log without a contact."
            )
            .replace("%1", str(counts.letters))
            .replace("%2", str(counts.program_ties))
            .replace("%3", str(counts.activities_kept))
        )
        if self.confirm_delete(question, details):
            self.ops.delete_contacts(ids)

    def confirm_delete(self, question: str, details: str) -> bool:
        """Ask before deleting; Cancel is the default button."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Delete contacts"), question, parent=self
        )
        box.setInformativeText(details)
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is delete

    def select_contact(self, contact_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.contact_id(row) == contact_id:
                index = self.model.index(row, 0)
                self.table.selectRow(row)
                self.table.scrollTo(index)
                self.table.setCurrentIndex(index)
                return

    def _context_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Edit…"), self.edit_selected).setEnabled(
            len(self.selected_ids()) == 1
        )
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
