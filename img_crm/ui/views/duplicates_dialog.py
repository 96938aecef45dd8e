"""Find contacts that are probably the same person, and merge them field by field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.merge import MERGE_FIELDS, default_choices
from img_crm.domain.rows import ContactRow
from img_crm.services.duplicates import likely_pairs
from img_crm.ui.labels import stage_label
from img_crm.ui.models.table import Column, RowTableModel
from img_crm.ui.ops import Ops
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import muted
from img_crm.ui.views.table_view import make_table


def _tr(text: str) -> str:
    return QCoreApplication.translate("Duplicates", text)


@dataclass(frozen=True, slots=True)
class Pair:
    first: ContactRow
    second: ContactRow
    score: float
    reason: str


class PairsModel(RowTableModel[Pair]):
    def __init__(self) -> None:
        super().__init__(
            [
                Column(_tr("Contact"), lambda p: p.first.name, width=22),
                Column(_tr("Possible duplicate"), lambda p: p.second.name, width=22),
                Column(_tr("Institution"), lambda p: p.first.institution, width=22),
                Column(
                    _tr("Score"), lambda p: f"{p.score:.0f}", sort_key=lambda p: p.score, width=6
                ),
                Column(_tr("Why"), lambda p: p.reason),
            ]
        )


class DuplicatesDialog(Dialog):
    """Lists candidate pairs with a score; Merge… opens the field-by-field merge."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("Find duplicates"))
        self.resize(820, 420)
        self.model = PairsModel()
        self.table = make_table(self.model, "duplicatesTable", self)
        self.table.setAccessibleName(self.tr("Possible duplicates"))
        self.summary = QLabel(self)
        muted(self.summary)
        self.merge_button = QPushButton(self.tr("&Merge…"), self)
        self.merge_button.setAccessibleName(self.tr("Merge the selected pair"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.merge_button.clicked.connect(self.merge_selected)
        self.table.activated.connect(lambda _index: self.merge_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.reload()

    def reload(self) -> None:
        with self.ops.reading() as session:
            found, by_id = likely_pairs(session)
        pairs = [Pair(by_id[m.first_id], by_id[m.second_id], m.score, m.reason) for m in found]
        self.model.set_rows(pairs)
        self.summary.setText(
            self.tr(
                "Possible duplicate pairs: %1. Same email, or a very similar name at the "
                "same institution."
            ).replace("%1", str(len(pairs)))
            if pairs
            else self.tr("No likely duplicates found.")
        )
        if pairs:
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.merge_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def merge_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        pair = self.model.row_at(rows[0].row())
        dialog = MergeDialog(pair.first, pair.second, self)
        if dialog.exec():
            keep, other, choices = dialog.result_values()
            self.ops.merge_contacts(keep, other, choices)
            self.reload()


class MergeDialog(Dialog):
    """Choose which record survives and, for each differing field, which value to keep."""

    def __init__(
        self, first: ContactRow, second: ContactRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.first, self.second = first, second
        self.setWindowTitle(self.tr("Merge contacts"))
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Keep the record of</b>"), self), 0, 0)
        self.keep_group = QButtonGroup(self)
        for column, contact in ((1, first), (2, second)):
            radio = QRadioButton(contact.name.replace("&", "&&"), self)  # a name, no Alt letter
            radio.setAccessibleName(self.tr("Keep %1").replace("%1", contact.name))
            self.keep_group.addButton(radio, contact.id)
            grid.addWidget(radio, 0, column)
        self.keep_group.button(first.id).setChecked(True)
        self.choices: dict[str, QButtonGroup] = {}
        defaults = default_choices(first, second)
        row = 1
        for field in MERGE_FIELDS:
            a, b = self._shown(first, field), self._shown(second, field)
            if a == b:
                continue
            grid.addWidget(QLabel(field.replace("_", " ").capitalize(), self), row, 0)
            group = QButtonGroup(self)
            for column, value in ((1, a), (2, b)):
                radio = QRadioButton(value or self.tr("(empty)"), self)
                radio.setAccessibleName(f"{field}: {value or self.tr('empty')}")
                group.addButton(radio, column)
                grid.addWidget(radio, row, column)
            # The default is the one the command line takes: keep's own value,
            # the other's where keep has none (domain/merge.py).
            group.button(2 if field in defaults else 1).setChecked(True)
            self.choices[field] = group
            row += 1
        note = QLabel(
            self.tr(
                "Tags and notes are combined. Every activity, stage change, program tie and "
                "letter of both moves to the record you keep. Edit → Undo reverses the merge."
            ),
            self,
        )
        note.setWordWrap(True)
        muted(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Merge"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignRight)

    @staticmethod
    def _shown(contact: ContactRow, field: str) -> str:
        value = getattr(contact, field)
        if field == "stage":
            return stage_label(value)
        return str(value or "")

    def result_values(self) -> tuple[int, int, dict[str, Any]]:
        keep = self.keep_group.checkedId()
        other = self.second.id if keep == self.first.id else self.first.id
        choices: dict[str, Any] = {}
        for field, group in self.choices.items():
            source = self.first if group.checkedId() == 1 else self.second
            choices[field] = getattr(source, field)
        return keep, other, choices
