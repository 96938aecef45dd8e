"""The rank list's criteria and their weights, edited in one dialog (#22).

The user renames, re-weights, adds and removes criteria; Save writes them all
in one transaction (``Ops.rank_edit_criteria``). Removing one that holds
ratings asks first, saying how many go with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.ranking import MAX_WEIGHT, Criterion
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, muted

#: (name it had or None for a new one, name, weight) per criterion kept.
Kept = list[tuple[str | None, str, int]]


@dataclass
class _Row:
    was: str | None
    name: QLineEdit
    weight: QSpinBox
    remove: QPushButton
    removed: bool = False


class CriteriaDialog(Dialog):
    """Edit the criteria; ``on_save(kept, removed)`` writes them."""

    def __init__(
        self,
        criteria: Sequence[Criterion],
        held: Mapping[int, int],
        on_save: Callable[[Kept, list[str]], None],
        parent: QWidget | None = None,
    ) -> None:
        """``held``: criterion id -> how many ratings it holds."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Criteria and weights"))
        self._on_save = on_save
        self._held = {c.name: held.get(c.id, 0) for c in criteria}
        self.rows: list[_Row] = []
        about = QLabel(
            self.tr(
                "A program's score is the mean of its ratings weighted by these numbers "
                "(0 leaves a criterion out of the score). The score only suggests an order."
            ),
            self,
        )
        about.setWordWrap(True)
        muted(about)
        self.grid = QGridLayout()
        self.grid.addWidget(QLabel(self.tr("Criterion"), self), 0, 0)
        self.grid.addWidget(QLabel(self.tr("Weight"), self), 0, 1)
        self.grid.setColumnStretch(0, 1)
        for criterion in criteria:
            self._add_row(criterion.name, criterion.weight, was=criterion.name)
        self.add_button = QPushButton(self.tr("&Add a criterion"), self)
        self.add_button.setAccessibleName(self.tr("Add a criterion"))
        self.add_button.clicked.connect(lambda: self._add_row("", 1, was=None).setFocus())
        self.error = ErrorLabel(self.add_button, self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(self.grid)
        layout.addWidget(self.add_button)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _add_row(self, name: str, weight: int, *, was: str | None) -> QLineEdit:
        line = len(self.rows) + 1
        edit = QLineEdit(name, self)
        edit.setMaxLength(60)
        edit.setAccessibleName(self.tr("Criterion %1's name").replace("%1", str(line)))
        box = QSpinBox(self)
        box.setRange(0, MAX_WEIGHT)
        box.setValue(weight)
        box.setAccessibleName(self.tr("Criterion %1's weight").replace("%1", str(line)))
        remove = QPushButton(self.tr("Remove"), self)
        remove.setAccessibleName(self.tr("Remove criterion %1").replace("%1", str(line)))
        row = _Row(was, edit, box, remove)
        remove.clicked.connect(lambda: self._remove(row))
        self.grid.addWidget(edit, line, 0)
        self.grid.addWidget(box, line, 1)
        self.grid.addWidget(remove, line, 2)
        self.rows.append(row)
        return edit

    def _remove(self, row: _Row) -> None:
        row.removed = True
        for widget in (row.name, row.weight, row.remove):
            widget.hide()
        self.error.show_error(None)

    def changes(self) -> tuple[Kept, list[str]]:
        kept: Kept = [
            (row.was, " ".join(row.name.text().split()), row.weight.value())
            for row in self.rows
            if not row.removed and (row.was is not None or row.name.text().strip())
        ]
        removed = [row.was for row in self.rows if row.removed and row.was is not None]
        return kept, removed

    def _problem(self, kept: Kept) -> str | None:
        names = [name for _was, name, _weight in kept]
        if any(not name for name in names):
            return self.tr("Give each criterion a name, or remove it.")
        folded = [name.casefold() for name in names]
        if twice := next((n for n in names if folded.count(n.casefold()) > 1), None):
            return self.tr("%1 is there twice: give each criterion its own name.").replace(
                "%1", twice
            )
        if not kept:
            return self.tr("Keep at least one criterion: the ratings need one.")
        return None

    def save(self) -> None:
        kept, removed = self.changes()
        if problem := self._problem(kept):
            self.error.show_error(problem)
            return
        held = sum(self._held.get(name, 0) for name in removed)
        if held:
            answer = QMessageBox.question(
                self,
                self.tr("Remove criteria"),
                (
                    self.tr("Removing %1 deletes the rating given on it. Remove?")
                    if held == 1
                    else self.tr("Removing %1 deletes %2 ratings given on it. Remove?")
                )
                .replace("%1", ", ".join(removed))
                .replace("%2", str(held)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.error.attempt(lambda: self._on_save(kept, removed)):
            self.accept()
