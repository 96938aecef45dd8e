"""The Activity tab: the log with filters, and where activities are added, edited, deleted."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.enums import ActivityKind
from img_crm.domain.rows import ActivityRow
from img_crm.domain.text import sort_key
from img_crm.services.activities import activity_choices, activity_for_editing, activity_log
from img_crm.ui.labels import label
from img_crm.ui.models.records import ActivitiesModel
from img_crm.ui.ops import Ops
from img_crm.ui.views.activity_dialog import ActivityDialog
from img_crm.ui.views.confirm import confirm_delete
from img_crm.ui.views.fields import OptionalDateEdit, muted
from img_crm.ui.views.lazy import LazyLoader
from img_crm.ui.views.table_view import delete_action, make_table


class ActivityTab(QWidget):
    """The activity log; every write goes through ``Ops``."""

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = ActivitiesModel(self)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Filter by kind"))
        self.kind.addItem(self.tr("All kinds"), None)
        for kind in ActivityKind:
            self.kind.addItem(label("ActivityKind", kind), kind.value)
        self.contact = QComboBox(self)
        self.contact.setAccessibleName(self.tr("Filter by contact"))
        self.program = QComboBox(self)
        self.program.setAccessibleName(self.tr("Filter by program"))
        for box in (self.contact, self.program):
            # Names of any length: the box stays 14 letters wide, its list as wide as needed.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(14)
        self.start = OptionalDateEdit(self.tr("From"), self)
        self.end = OptionalDateEdit(self.tr("To"), self)
        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Activities shown"))
        muted(self.summary)

        self.table = make_table(self.model, "activityTable", self, multi=True)
        self.table.setAccessibleName(self.tr("Activities"))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.add_button = QPushButton(self.tr("&Log activity…"), self)
        self.edit_button = QPushButton(self.tr("Ed&it…"), self)
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        self.files_button = QPushButton(self.tr("File&s…"), self)
        self.files_button.setToolTip(self.tr("The files attached to this activity"))
        for button, name in (
            (self.files_button, self.tr("Files of the activity")),
            (self.add_button, self.tr("Log activity")),
            (self.edit_button, self.tr("Edit activity")),
            (self.delete_button, self.tr("Delete activities")),
        ):
            button.setAccessibleName(name)
        self.delete_action = delete_action(self.table, self.delete_selected)

        filters = QHBoxLayout()
        for widget in (self.kind, self.contact, self.program, self.start, self.end):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.summary)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.files_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        for box in (self.kind, self.contact, self.program):
            box.currentIndexChanged.connect(self.apply_filter)
        self.start.changed.connect(self.apply_filter)
        self.end.changed.connect(self.apply_filter)
        self.add_button.clicked.connect(lambda: self.log_activity())
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.files_button.clicked.connect(self.show_files)
        # activated: a double click or Enter (doubleClicked too opened two forms)
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_summary)
        self.loader = LazyLoader(
            self,
            self.reload,
            signals=[ops.activities_changed, ops.contacts_changed, ops.programs_changed],
            lazy=lazy,
        )

    # --- data -------------------------------------------------------------------

    def choices(self) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """Contacts and programs as (id, name), sorted for pickers."""
        with self.ops.reading() as session:
            people, programs = activity_choices(session)
        programs.sort(key=lambda pair: sort_key(pair[1]))
        return people, programs

    def reload(self) -> None:
        people, programs = self.choices()
        self._fill(self.contact, self.tr("All contacts"), people)
        self._fill(self.program, self.tr("All programs"), programs)
        with self.ops.reading() as session:
            self.model.set_rows(activity_log(session))
        self.apply_filter()

    @staticmethod
    def _fill(box: QComboBox, everyone: str, items: list[tuple[int, str]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everyone, None)
        for item_id, name in items:
            box.addItem(name, item_id)
        box.setCurrentIndex(max(box.findData(current), 0))
        box.blockSignals(False)

    def show_program(self, program_id: int) -> None:
        """Everything logged with one program: the other filters cleared."""
        self.loader.ensure_loaded()
        for box in (self.kind, self.contact):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.start.set_value(None)
        self.end.set_value(None)
        self.program.setCurrentIndex(max(self.program.findData(program_id), 0))
        self.apply_filter()

    def apply_filter(self) -> None:
        kind, contact, program = (
            self.kind.currentData(),
            self.contact.currentData(),
            self.program.currentData(),
        )
        start, end = self.start.value(), self.end.value()
        if not any((kind, contact, program, start, end)):
            self.model.set_filter(None)
            return

        def keep(row: ActivityRow) -> bool:
            return (
                (kind is None or row.kind == kind)
                and (contact is None or row.contact_id == contact)
                and (program is None or row.program_id == program)
                and (start is None or row.occurred_on >= start)
                and (end is None or row.occurred_on <= end)
            )

        self.model.set_filter(keep)

    def _update_summary(self) -> None:
        rows = self.model.rows()
        hours = sum(r.hours or 0 for r in rows)
        self.summary.setText(
            self.tr("%1 activities · %2 hours")
            .replace("%1", str(len(rows)))
            .replace("%2", f"{hours:g}")
        )
        self.table.set_empty_text(
            self.tr(
                "Nothing logged yet. Log each email, reply, meeting and piece of work with "
                "Log activity (Ctrl+L): follow-ups, the reply rate and the month's goals "
                "count only what you log."
            )
            if self.model.total_count() == 0
            else self.tr("No activity matches the filters.")
        )
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r).id for r in rows]

    def _update_buttons(self) -> None:
        count = len(self.selected_ids())
        self.edit_button.setEnabled(count == 1)
        self.files_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count > 0)
        self.delete_action.setEnabled(count > 0)

    # --- actions ------------------------------------------------------------------

    def show_files(self) -> None:
        from img_crm.domain.attachments import Owner, OwnerKind
        from img_crm.ui.views.attachments_panel import FilesDialog

        chosen = self.selected_ids()
        if len(chosen) != 1:
            return
        row = self.model.row_at(self._row_index(chosen[0]))
        title = (
            self.tr("Files of %1 on %2")
            .replace("%1", label("ActivityKind", row.kind))
            .replace("%2", row.occurred_on.isoformat())
        )
        FilesDialog(self.ops, Owner(OwnerKind.ACTIVITY, chosen[0]), title, self).exec()

    def _row_index(self, activity_id: int) -> int:
        return next(
            r for r in range(self.model.rowCount()) if self.model.row_at(r).id == activity_id
        )

    def log_activity(
        self, contact_id: int | None = None, kind: ActivityKind = ActivityKind.MEETING
    ) -> None:
        """Quick log: today, with the given contact or the one last logged for."""
        people, programs = self.choices()
        dialog = ActivityDialog(
            self.ops.add_activity,
            contacts=people,
            programs=programs,
            contact_id=contact_id if contact_id is not None else self.ops.last_logged_contact,
            kind=kind,
            parent=self,
        )
        dialog.exec()

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        with self.ops.reading() as session:
            activity = activity_for_editing(session, activity_id=ids[0])
        people, programs = self.choices()
        dialog = ActivityDialog(
            lambda data: self.ops.update_activity(ids[0], data),
            contacts=people,
            programs=programs,
            activity=activity,
            parent=self,
        )
        dialog.exec()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.confirm_delete(len(ids)):
            self.ops.delete_activities(ids)

    def confirm_delete(self, count: int) -> bool:
        return confirm_delete(
            self,
            self.tr("Delete activities"),
            self.tr("Delete %1 logged activities? They are evidence for your letters.").replace(
                "%1", str(count)
            ),
        )

    def _menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Edit…"), self.edit_selected).setEnabled(
            len(self.selected_ids()) == 1
        )
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
