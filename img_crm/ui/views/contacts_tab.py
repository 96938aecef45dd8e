"""The Contacts tab: search and filters, the table, bulk actions, and the detail pane.

One module because each action acts on the table's selection and the tab's
load state (the first screen of a big store, then everyone: ``reload``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.custom_fields import RecordKind
from img_crm.domain.enums import Stage
from img_crm.services.contact_list import (
    ContactList,
    contact_list,
    first_screen,
    name_positions,
)
from img_crm.services.relationships import contact as contact_row
from img_crm.services.relationships import deletion_summary
from img_crm.ui.icons import stage_icon
from img_crm.ui.labels import stage_label
from img_crm.ui.models.contacts import NAME_COLUMN, ContactsModel
from img_crm.ui.models.table import Presorted
from img_crm.ui.ops import Ops
from img_crm.ui.views.background import Background
from img_crm.ui.views.confirm import confirm_delete
from img_crm.ui.views.contact_detail import ContactDetail
from img_crm.ui.views.contact_dialog import ContactDialog
from img_crm.ui.views.field_filter import FieldFilterBar
from img_crm.ui.views.lazy import LazyLoader
from img_crm.ui.views.live_search import LiveSearch
from img_crm.ui.views.table_view import delete_action, make_table, shown_of


class ContactsTab(QWidget):
    """Everything about the list of people; writes go through ``Ops``."""

    #: A store with more contacts than this shows its first screen at once
    #: and reads the rest in the background.
    FIRST_SCREEN_ABOVE = 5_000
    FIRST_SCREEN = 100

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, lazy: bool = False) -> None:
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
        self.overdue_only = QCheckBox(self.tr("Overd&ue only"), self)
        self.overdue_only.setToolTip(self.tr("Replies owed and follow-ups past their date"))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Number of contacts shown"))

        self.table = make_table(self.model, "contactsTable", self, multi=True)
        self.table.setAccessibleName(self.tr("Contacts"))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.detail = ContactDetail(ops, self)
        self.field_filter = FieldFilterBar(self.model, self.table, self, after=self.overdue_only)

        self.new_button = QPushButton(self.tr("&New contact…"), self)
        self.edit_button = QPushButton(self.tr("Ed&it…"), self)
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        self.stage_button = QToolButton(self)
        self.stage_button.setText(self.tr("Set &stage"))
        self.stage_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.stage_menu = QMenu(self.tr("Set stage"), self)
        for stage in Stage:
            self.stage_menu.addAction(
                stage_icon(stage),
                stage_label(stage),
                lambda s=stage: self.set_stage_of_selected(s.value),
            )
        self.stage_button.setMenu(self.stage_menu)
        self.tag_button = QToolButton(self)
        self.tag_button.setText(self.tr("&Tags"))
        self.tag_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tag_menu = QMenu(self.tr("Tags"), self)
        self.tag_menu.addAction(self.tr("Add a tag…"), lambda: self.tag_selected(add=True))
        self.tag_menu.addAction(self.tr("Remove a tag…"), lambda: self.tag_selected(add=False))
        self.tag_button.setMenu(self.tag_menu)
        for button, name in (
            (self.new_button, self.tr("New contact")),
            (self.edit_button, self.tr("Edit contact")),
            (self.delete_button, self.tr("Delete contacts")),
            (self.stage_button, self.tr("Set the stage of the selected contacts")),
            (self.tag_button, self.tr("Add or remove a tag on the selected contacts")),
        ):
            button.setAccessibleName(name)

        self.delete_action = delete_action(self.table, self.delete_selected)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.stage_filter)
        top.addWidget(self.overdue_only)
        top.addWidget(self.field_filter.button)
        top.addWidget(self.count_label)
        bottom = QHBoxLayout()
        for widget in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.stage_button,
            self.tag_button,
        ):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.field_filter)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(bottom)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        # The table first: at 1024 px wide its usual columns fit beside the detail.
        self.splitter.setSizes([900, 320])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.live_search = LiveSearch(self.search, self._search)
        self.stage_filter.currentIndexChanged.connect(self.apply_search)
        self.overdue_only.toggled.connect(self.apply_search)
        self.field_filter.changed.connect(self._search)
        self.new_button.clicked.connect(self.new_contact)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        # activated: a double click, or Enter (a double click also emits
        # doubleClicked; connecting both opened two forms)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._update_counts)
        self._first_load = True
        self._loading_total: int | None = None
        #: A contact asked for (Today's Open) who is not on the first screen:
        #: selected when the rest has been read.
        self._wanted: int | None = None
        self.background = Background(self)
        self.loader = LazyLoader(
            self,
            self.reload,
            signals=[ops.contacts_changed, ops.activities_changed, ops.fields_changed],
            lazy=lazy,
        )

    # --- data ---------------------------------------------------------------

    def reload(self) -> None:
        if self._first_load:
            self._first_load = False
            if self._show_first_screen():
                return
        self.background.cancel()  # this read is newer than any still running
        self._loading_total = None
        with self.ops.plain() as connection:
            contacts = contact_list(connection)
        self._take(contacts)

    def _take(self, contacts: ContactList, presorted: Presorted | None = None) -> None:
        """Show a new list: a contact asked for while a read ran is selected
        now, else the selection stays on the contacts it held."""
        selected = set(self.selected_ids())
        self.model.set_contacts(contacts, clock.today(), presorted=presorted)
        self.field_filter.load(self.ops, RecordKind.CONTACT)
        wanted, self._wanted = self._wanted, None
        if wanted is not None:
            self.select_contact(wanted)
        else:
            self._reselect(selected)
        self._selection_changed()

    def _show_first_screen(self) -> bool:
        """A big store (more than ``FIRST_SCREEN_ABOVE`` contacts) sorted by
        name: show the first ``FIRST_SCREEN`` rows now and read the whole list
        in the background. False when the tab should read everything now."""
        sort = self.model.sort_order()
        if sort is None or sort[0] != NAME_COLUMN:
            return False
        order = sort[1]
        descending = order == Qt.SortOrder.DescendingOrder
        with self.ops.plain() as connection:
            total, first = first_screen(connection, limit=self.FIRST_SCREEN, descending=descending)
        if total <= self.FIRST_SCREEN_ABOVE:
            return False
        self._loading_total = total
        self.model.set_contacts(first, clock.today())
        store = self.ops.store

        def read_everything() -> tuple[ContactList, Presorted]:
            with store.plain() as connection:  # one transaction: the order fits the rows
                everyone = contact_list(connection)
                positions = name_positions(connection, everyone.rows, descending=descending)
            return everyone, (NAME_COLUMN, order, positions)

        self.background.start(read_everything, self._everyone_read, self._reading_failed)
        return True

    def _everyone_read(self, result: tuple[ContactList, Presorted]) -> None:
        self._loading_total = None
        self._take(*result)

    def _reading_failed(self, _error: BaseException) -> None:
        self.reload()  # again on the GUI thread, where a failure is reported as usual

    def apply_search(self) -> None:
        self.live_search.run()

    def _search(self) -> None:
        """Narrow the rows; the selection stays on the contacts still shown,
        and the detail clears when the search hides its contact."""
        selected = set(self.selected_ids())
        self.model.set_search(
            self.search.text(),
            self.stage_filter.currentData(),
            overdue_only=self.overdue_only.isChecked(),
        )
        self.table.selectionModel().clearSelection()
        self._reselect(selected)
        self._selection_changed()

    def _update_counts(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        number = self.locale().toString  # 100,000 (or 100.000) as the user's locale writes it
        if self._loading_total is not None:
            text = self.tr("Contacts: %1 · reading the rest…").replace(
                "%1", number(self._loading_total)
            )
            self.count_label.setText(text)
            return
        if shown == total:
            text = self.tr("Contacts: %1").replace("%1", number(total))
        else:
            text = shown_of(self, shown, total)
        self.count_label.setText(text)
        self.table.set_empty_text(
            self.tr(
                "No contacts yet. Bring in your network with File → Import… (Ctrl+I) from "
                "LinkedIn, Google Contacts or your phone, or add the first physician with "
                "New contact (Ctrl+N)."
            )
            if total == 0
            else self.tr("No contact matches the search or the filters.")
        )

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

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._wanted = None  # the user chose someone else meanwhile
        self.edit_button.setEnabled(len(ids) == 1)
        for widget in (self.delete_button, self.stage_button, self.tag_button):
            widget.setEnabled(bool(ids))
        self.delete_action.setEnabled(bool(ids))
        shown = ids[0] if len(ids) == 1 else None
        if shown != self.detail.contact_id:
            self.detail.show_contact(shown)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- actions ---------------------------------------------------------------

    def _confirm_unique(self, data: dict[str, Any], exclude: int | None = None) -> bool:
        """Warn when the contact looks like one already in the store."""
        from img_crm.services.duplicates import look_alikes  # rapidfuzz: on saving only

        with self.ops.reading() as session:
            found = look_alikes(session, data=data, exclude=exclude)
        if not found:
            return True
        lines = "\n".join(f"• {name} ({match.reason})" for match, name in found[:5])
        return self.confirm_duplicate(
            self.tr("This may be someone you already have:\n%1\n\nSave anyway?").replace(
                "%1", lines
            )
        )

    def confirm_duplicate(self, message: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Possible duplicate"),
            message,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    def new_contact(self) -> int | None:
        created: list[int] = []

        def save(data: dict[str, Any]) -> bool:
            if not self._confirm_unique(data):
                return False
            created.append(self.ops.add_contact(data))
            return True

        dialog = ContactDialog(
            save, own_fields=self.ops.own_fields(RecordKind.CONTACT), parent=self
        )
        if dialog.exec() and created:
            self.select_contact(created[0])
            return created[0]
        return None

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        with self.ops.reading() as session:
            contact = contact_row(session, contact_id=ids[0])

        def save(data: dict[str, Any]) -> bool:
            emails = {p[2].casefold() for p in data.get("points", ()) if p[0] == "email"}
            changed_identity = (emails, data.get("name")) != (
                {e.casefold() for e in contact.emails},
                contact.name,
            )
            if changed_identity and not self._confirm_unique(data, exclude=contact.id):
                return False
            self.ops.update_contact(contact.id, data)
            return True

        ContactDialog(
            save,
            contact=contact,
            own_fields=self.ops.own_fields(RecordKind.CONTACT),
            own=self.ops.own_values(RecordKind.CONTACT, contact.id),
            parent=self,
        ).exec()

    def set_stage_of_selected(self, stage: str) -> None:
        ids = self.selected_ids()
        if ids:
            self.ops.set_stage(ids, stage)

    def tag_selected(self, *, add: bool) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        tag = self.ask_tag(add=add)
        if tag:
            self.ops.change_tag(ids, tag, add=add)

    def ask_tag(self, *, add: bool) -> str:
        if add:
            title, prompt = self.tr("Add a tag"), self.tr("Tag to add to the selected contacts:")
        else:
            title, prompt = self.tr("Remove a tag"), self.tr("Tag to remove:")
        text, ok = QInputDialog.getText(self, title, prompt)
        return " ".join(text.replace(",", " ").split()) if ok else ""

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        with self.ops.reading() as session:
            first, counts = deletion_summary(session, contact_ids=ids)
        if len(ids) == 1:
            question = self.tr("Delete %1?").replace("%1", first)
        else:
            question = self.tr("Delete these %1 contacts?").replace("%1", str(len(ids)))
        details = (
            self.tr(
                "This also deletes their stage history, the letters they write (%1) and "
                "their program ties (%2). Their logged activities (%3) stay in the "
                "Activity log without a contact. Edit → Undo brings everything back."
            )
            .replace("%1", str(counts.letters))
            .replace("%2", str(counts.program_ties))
            .replace("%3", str(counts.activities_kept))
        )
        if self.confirm_delete(question, details):
            self.ops.delete_contacts(ids)

    def confirm_delete(self, question: str, details: str) -> bool:
        return confirm_delete(self, self.tr("Delete contacts"), question, details)

    def show_contact(self, contact_id: int) -> None:
        """Select a contact, clearing a search or filter that would hide them."""
        if self.model.field_filters():
            self.field_filter.clear()
        if self.overdue_only.isChecked() or self.search.text():
            self.search.clear()
            self.overdue_only.setChecked(False)
            self.apply_search()
        self.select_contact(contact_id)

    def show_overdue(self) -> None:
        """Everyone who owes or is owed a touch, of every stage."""
        self.search.clear()
        self.stage_filter.setCurrentIndex(0)
        self.overdue_only.setChecked(True)
        self.apply_search()

    def select_contact(self, contact_id: int) -> None:
        """Select and show a contact; one beyond the first screen of a big
        store is selected as soon as the rest has been read."""
        self._wanted = None
        for row in range(self.model.rowCount()):
            if self.model.contact_id(row) == contact_id:
                index = self.model.index(row, 0)
                self.table.selectRow(row)
                self.table.scrollTo(index)
                self.table.setCurrentIndex(index)
                return
        if self._loading_total is not None:
            self._wanted = contact_id

    def _context_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        edit = menu.addAction(self.tr("Edit…"), self.edit_selected)
        edit.setEnabled(len(self.selected_ids()) == 1)
        menu.addMenu(self.stage_menu)
        menu.addMenu(self.tag_menu)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
