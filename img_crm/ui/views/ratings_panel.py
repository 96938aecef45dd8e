"""The ratings beside the rank list (#22): the programs interviewed at,
their score on the user's criteria, their mentor and sponsor ties, and a
form to rate one with its pros and cons.

The score only suggests an order (shown under the table); the user applies
it to the primary list or not. A form left unsaved is never lost: moving to
another program asks, and a reload keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.ranking import PRIMARY, RATING_RANGE
from img_crm.ui.models.season import RatingsModel, rating_rows
from img_crm.ui.ops import Ops
from img_crm.ui.views.table_view import make_table

#: Runs one write and, when it is refused, says so and reloads.
Write = Callable[[Callable[[], object]], None]


class RatingsPanel(QWidget):
    """The ratings table, the suggested order and the rating form."""

    def __init__(self, ops: Ops, write: Write, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._write = write
        self.board: Any = None
        self._reloading = False
        #: The program whose ratings the form shows, and what they were when loaded.
        self._rating: int | None = None
        self._loaded: tuple[dict[int, int | None], str, str] | None = None
        self.criteria_button = QPushButton(self.tr("Criteria and wei&ghts…"), self)
        self.model = RatingsModel(self)
        self.table = make_table(self.model, "ratings", self)
        self.table.setAccessibleName(self.tr("Programs and their ratings"))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.set_empty_text(
            self.tr("Programs you interview at appear here, to rate and rank.")
        )
        self.suggested = QLabel(self)
        self.suggested.setWordWrap(True)
        self.suggested.setAccessibleName(self.tr("The order the ratings suggest"))
        self.use_button = QPushButton(self.tr("Use the &suggested order…"), self)
        self.form = QGroupBox(self.tr("Ratings"), self)
        self.scores = QGridLayout()
        self.spins: dict[int, QSpinBox] = {}
        self.pros = QPlainTextEdit(self)
        self.cons = QPlainTextEdit(self)
        for box, name in ((self.pros, self.tr("Pros")), (self.cons, self.tr("Cons"))):
            box.setAccessibleName(name)
            box.setPlaceholderText(name)
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 12)
            box.textChanged.connect(self._update_save)
        self.save_button = QPushButton(self.tr("Save ra&tings"), self)
        for button in (self.criteria_button, self.use_button, self.save_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))

        heading = QHBoxLayout()
        heading.addWidget(QLabel(f"<b>{self.tr('Your ratings')}</b>", self), 1)
        heading.addWidget(self.criteria_button)
        suggestion = QHBoxLayout()
        suggestion.addWidget(self.suggested, 1)
        suggestion.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignTop)
        notes = QHBoxLayout()
        notes.addWidget(self.pros)
        notes.addWidget(self.cons)
        form_layout = QVBoxLayout(self.form)
        form_layout.addLayout(self.scores)
        form_layout.addLayout(notes)
        form_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(suggestion)
        layout.addWidget(self.form)

        self.use_button.clicked.connect(self._use_suggestion)
        self.criteria_button.clicked.connect(self._edit_criteria)
        self.save_button.clicked.connect(self.save_ratings)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._rate(current)
        )

    def load(self, board: Any, list_name: str) -> None:
        """Everything anew from ``board``, showing places on ``list_name``."""
        self.board = board
        self.show_places(list_name)
        self._show_ratings()

    def show_places(self, list_name: str) -> None:
        """The table's places on another list; the form stays as it is."""
        self.model.set_rows(rating_rows(self.board, list_name))
        primary = list_name == PRIMARY
        self.use_button.setVisible(primary)
        self.suggested.setVisible(primary)
        self.use_button.setEnabled(bool(self.board.suggested))
        self._mark_row(self._rating)

    def select_program(self, program_id: int) -> None:
        """Show ``program_id``'s ratings (chosen on the rank list)."""
        if program_id != self._rating:
            self._keep_or_drop()
            self._select_rated(program_id)

    def _mark_row(self, program_id: int | None) -> None:
        """Select ``program_id``'s row of the ratings table, leaving the form be."""
        row = self.model.find(lambda r: r.program_id == program_id)
        if row is None:
            return
        self._reloading = True
        try:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.selectRow(row)
        finally:
            self._reloading = False

    def _show_ratings(self) -> None:
        """The suggestion, and the form for the criteria as they are now; a
        form the user was filling in keeps what they typed."""
        board = self.board
        pending = (self._rating, self._form_values()) if self.dirty() else None
        scores = {p.program_id: p.score for p in board.programs}
        rated = [pid for pid in board.suggested if scores.get(pid) is not None]
        unrated = [board.name(pid) for pid in board.suggested if scores.get(pid) is None]
        rows = {r.program_id: r for r in self.model.rows()}

        def score_text(pid: int) -> str:
            # a score from some criteria only says so: it may rank above a full one
            row = rows.get(pid)
            if row is not None and row.rated < row.criteria:
                return (
                    self.tr("%1, %2 of %3 rated")
                    .replace("%1", f"{scores[pid]:.1f}")
                    .replace("%2", str(row.rated))
                    .replace("%3", str(row.criteria))
                )
            return f"{scores[pid]:.1f}"

        shown = ", ".join(
            f"{n}. {board.name(pid)} ({score_text(pid)})" for n, pid in enumerate(rated, 1)
        )
        if rated and unrated:
            shown += self.tr("; then, not rated: %1").replace("%1", ", ".join(unrated))
        self.suggested.setText(
            self.tr("Suggested by your ratings: %1").replace("%1", shown)
            if rated
            else self.tr("Rate the programs above to see the order your ratings suggest.")
        )
        while (item := self.scores.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.spins = {}
        low, high = RATING_RANGE
        columns = 2
        for n, criterion in enumerate(board.criteria):
            # a name's own "&" is text, not an Alt letter ("Location & cost")
            shown = criterion.name.replace("&", "&&")
            label = QLabel(f"{shown} (×{criterion.weight})", self.form)
            spin = QSpinBox(self.form)
            spin.setRange(low - 1, high)
            spin.setSpecialValueText(self.tr("Not rated"))
            spin.setAccessibleName(criterion.name)
            spin.setToolTip(
                self.tr("1 poor, 5 excellent; weight %1").replace("%1", str(criterion.weight))
            )
            label.setBuddy(spin)
            spin.valueChanged.connect(self._update_save)
            self.spins[criterion.id] = spin
            self.scores.addWidget(label, n // columns, (n % columns) * 2)
            self.scores.addWidget(spin, n // columns, (n % columns) * 2 + 1)
        # Tab goes from the table through the ratings to the notes and Save
        chain = [self.table, *self.spins.values(), self.pros, self.cons, self.save_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._select_rated(self._rating)
        if pending is not None and pending[0] == self._rating:
            ratings, pros, cons = pending[1]
            for criterion_id, rating in ratings.items():
                if criterion_id in self.spins:
                    self.spins[criterion_id].setValue(rating or self.spins[criterion_id].minimum())
            self.pros.setPlainText(pros)
            self.cons.setPlainText(cons)

    def _select_rated(self, program_id: int | None) -> None:
        """Show ``program_id``'s ratings (the first row's when it is gone)."""
        row = self.model.find(lambda r: r.program_id == program_id) or 0
        rows = self.model.rows()
        self._load_form(rows[row].program_id if rows else None)
        self._mark_row(self._rating)

    def _load_form(self, program_id: int | None) -> None:
        board = self.board
        self._rating = program_id
        given = board.ratings.get(program_id, {}) if program_id is not None else {}
        pros, cons = board.notes.get(program_id, ("", "")) if program_id is not None else ("", "")
        self._reloading = True
        try:
            for criterion_id, spin in self.spins.items():
                spin.setValue(given.get(criterion_id, spin.minimum()))
            self.pros.setPlainText(pros)
            self.cons.setPlainText(cons)
        finally:
            self._reloading = False
        self._loaded = self._form_values() if program_id is not None else None
        self.form.setTitle(
            self.tr("Ratings of %1 (1 poor to 5 excellent)").replace(
                "%1", board.name(program_id).replace("&", "&&")
            )
            if program_id is not None
            else self.tr("Ratings")
        )
        self.form.setEnabled(program_id is not None)
        self._update_save()

    def _form_values(self) -> tuple[dict[int, int | None], str, str]:
        ratings = {
            cid: (spin.value() if spin.value() >= RATING_RANGE[0] else None)
            for cid, spin in self.spins.items()
        }
        return ratings, self.pros.toPlainText().strip(), self.cons.toPlainText().strip()

    def rated_name(self) -> str:
        """The name of the program the form shows ("" when none)."""
        return self.board.name(self._rating) if self._rating is not None else ""

    def dirty(self) -> bool:
        return self._loaded is not None and self._form_values() != self._loaded

    def _update_save(self) -> None:
        self.save_button.setEnabled(self.dirty())

    def _rate(self, current: QModelIndex) -> None:
        if self._reloading or not current.isValid():
            return
        program_id = self.model.row_at(current.row()).program_id
        if program_id != self._rating:
            self._keep_or_drop()
            self._load_form(program_id)

    def _keep_or_drop(self) -> None:
        """Moving to another program with ratings not saved: ask to save them."""
        if not self.dirty() or self._rating is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Ratings not saved"),
            self.tr("Save your ratings of %1?").replace("%1", self.board.name(self._rating)),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            self.save_ratings()

    def save_ratings(self) -> None:
        program_id = self._rating
        if program_id is None or not self.dirty():
            return
        ratings, pros, cons = self._form_values()
        self._loaded = None  # saved (or refused and reloaded): nothing left to ask about
        self._write(lambda: self.ops.rank_rate(program_id, ratings, pros, cons))

    def _edit_criteria(self) -> None:
        from img_crm.ui.views.criteria_dialog import CriteriaDialog

        board = self.board
        held: dict[int, int] = {}
        for given in board.ratings.values():
            for criterion_id in given:
                held[criterion_id] = held.get(criterion_id, 0) + 1
        CriteriaDialog(board.criteria, held, self.ops.rank_edit_criteria, self).exec()

    def _use_suggestion(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Use the suggested order"),
            self.tr("Replace your list's order with the order your ratings suggest?"),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(self.ops.rank_use_suggestion)
