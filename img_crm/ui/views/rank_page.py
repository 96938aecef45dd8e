"""The Rank list page of the Season tab: the rank order list, ordered by dragging (#22).

The list is the user's: a drag, Move up/down or Add puts a program at a
place, each change dated in the list's history (``services/ranking.py``).
The ratings' order is shown beside it as a suggestion; it is applied only
when the user asks.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.ranking import PRIMARY
from img_crm.errors import UserError
from img_crm.ui.ops import Ops
from img_crm.ui.theme import set_tone
from img_crm.ui.views.fields import muted

ID_ROLE = Qt.ItemDataRole.UserRole


class RankPage(QWidget):
    """The primary rank order list, with the suggested order beside it."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.board: Any = None
        self._reloading = False
        title = QLabel(f"<b>{escape(self.tr('Rank order list'))}</b>", self)
        hint = QLabel(
            self.tr(
                "Drag a program to its place, or use Move up and Move down. NRMP takes up to "
                "300 ranks; enter the list in the NRMP system and certify it there by the "
                "deadline."
            ),
            self,
        )
        hint.setWordWrap(True)
        muted(hint)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.certification = QLabel(self)
        self.certification.setWordWrap(True)
        self.certification.setAccessibleName(self.tr("The deadline and your certification"))
        self.deadline_button = QPushButton(self.tr("&Deadline…"), self)
        self.deadline_button.setAccessibleName(self.tr("Set the deadline"))
        self.certified_button = QPushButton(self.tr("I &certified it today"), self)
        self.certified_button.setAccessibleName(self.tr("I certified it today"))
        self.certified_button.setToolTip(
            self.tr(
                "After you certified the list in the NRMP system: img-crm then says when "
                "a later change needs certifying again."
            )
        )
        self.ranks = QListWidget(self)
        self.ranks.setAccessibleName(self.tr("Rank order list, first choice at the top"))
        self.ranks.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.ranks.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.ranks.model().rowsMoved.connect(self._moved)
        self.up_button = QPushButton(self.tr("Move &up"), self)
        self.down_button = QPushButton(self.tr("Move do&wn"), self)
        self.remove_button = QPushButton(self.tr("&Remove from the list"), self)
        self.up_button.setShortcut(QKeySequence("Alt+Up"))
        self.down_button.setShortcut(QKeySequence("Alt+Down"))
        self.candidates = QComboBox(self)
        self.candidates.setAccessibleName(self.tr("Interviewed programs not on the list"))
        self.add_button = QPushButton(self.tr("&Add to the list"), self)
        self.suggested = QLabel(self)
        self.suggested.setWordWrap(True)
        self.suggested.setTextFormat(Qt.TextFormat.RichText)
        self.suggested.setAccessibleName(self.tr("The order the ratings suggest"))
        self.use_button = QPushButton(self.tr("Use the &suggested order…"), self)
        for button in (
            self.up_button,
            self.down_button,
            self.remove_button,
            self.add_button,
            self.use_button,
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))

        moves = QVBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            moves.addWidget(button)
        moves.addStretch(1)
        lists = QHBoxLayout()
        lists.addWidget(self.ranks, 2)
        lists.addLayout(moves)
        side = QVBoxLayout()
        side.addWidget(QLabel(f"<b>{escape(self.tr('Suggested by your ratings'))}</b>", self))
        side.addWidget(self.suggested)
        side.addWidget(self.use_button)
        side.addStretch(1)
        lists.addLayout(side, 1)
        adding = QHBoxLayout()
        adding.addWidget(QLabel(self.tr("Interviewed, not on the list:"), self))
        adding.addWidget(self.candidates, 1)
        adding.addWidget(self.add_button)
        certify = QHBoxLayout()
        certify.addWidget(self.certification, 1)
        certify.addWidget(self.deadline_button)
        certify.addWidget(self.certified_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(certify)
        layout.addWidget(self.warning)
        layout.addLayout(lists, 1)
        layout.addLayout(adding)

        self.up_button.clicked.connect(lambda: self._step(-1))
        self.down_button.clicked.connect(lambda: self._step(1))
        self.remove_button.clicked.connect(self._remove)
        self.add_button.clicked.connect(self._add)
        self.use_button.clicked.connect(self._use_suggestion)
        self.deadline_button.clicked.connect(self._edit_deadline)
        self.certified_button.clicked.connect(self._certified)
        self.ranks.currentRowChanged.connect(self._update_buttons)

    # --- reading ----------------------------------------------------------------------

    def reload(self) -> None:
        self.board = self.ops.rank_board()
        board = self.board
        current = self.current_program()
        self._reloading = True
        try:
            self.ranks.clear()
            for n, program_id in enumerate(board.lists.get(PRIMARY, []), 1):
                item = QListWidgetItem(f"{n}. {board.name(program_id)}", self.ranks)
                item.setData(ID_ROLE, program_id)
                if program_id == current:
                    self.ranks.setCurrentItem(item)
        finally:
            self._reloading = False
        on_list = set(board.lists.get(PRIMARY, []))
        self.candidates.clear()
        for program in board.programs:
            if program.program_id not in on_list:
                self.candidates.addItem(program.name, program.program_id)
        self.candidates.setPlaceholderText(
            self.tr("Every program you interviewed at is on the list")
            if board.programs
            else self.tr("Programs you interviewed at appear here")
        )
        self.candidates.setEnabled(self.candidates.count() > 0)
        if self.candidates.count():  # with a placeholder set, none would be chosen
            self.candidates.setCurrentIndex(0)
        scores = {p.program_id: p.score for p in board.programs}
        self.suggested.setText(
            "<br>".join(
                f"{n}. {escape(board.name(pid))}"
                + (f" ({scores[pid]:.1f})" if scores.get(pid) is not None else "")
                for n, pid in enumerate(board.suggested, 1)
            )
            or escape(self.tr("Rate interviewed programs (img-crm rank rate) to see an order."))
        )
        self.warning.setText(
            f"{board.warning[0].upper()}{board.warning[1:]}." if board.warning else ""
        )
        set_tone(self.warning, "alert")
        deadline = (
            self.tr("Deadline: %1.").replace("%1", board.deadline.isoformat())
            if board.deadline
            else self.tr("No deadline entered (NRMP publishes it each season).")
        )
        certified = (
            self.tr("You certified it on %1.").replace("%1", board.certified_on.isoformat())
            if board.certified_on
            else self.tr("Not certified yet.")
        )
        self.certification.setText(f"{deadline} {certified}")
        self.warning.setVisible(bool(board.warning))
        self._update_buttons()

    def current_program(self) -> int | None:
        item = self.ranks.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    def _update_buttons(self) -> None:
        row = self.ranks.currentRow()
        count = self.ranks.count()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.remove_button.setEnabled(row >= 0)
        self.certified_button.setEnabled(count > 0)
        self.add_button.setEnabled(self.candidates.count() > 0)
        self.use_button.setEnabled(bool(self.board and self.board.suggested))

    # --- writing (each through Ops: one transaction, one history line) ------------------

    def _write(self, action: Any) -> None:
        try:
            action()
        except UserError as exc:
            self.ops.report(self, self.tr("Rank order list"), str(exc))
            self.reload()

    def _moved(
        self, _parent: QModelIndex, start: int, _end: int, _dest: QModelIndex, row: int
    ) -> None:
        """A drop moved the row at ``start`` to before ``row``: store its new place."""
        if self._reloading:
            return
        place = row if row < start else row - 1
        item = self.ranks.item(place)
        if item is None:
            return
        program_id = int(item.data(ID_ROLE))
        self._write(lambda: self.ops.rank_put(program_id, place + 1))

    def _step(self, by: int) -> None:
        program_id = self.current_program()
        if program_id is None:
            return
        self._write(lambda: self.ops.rank_put(program_id, self.ranks.currentRow() + 1 + by))

    def _remove(self) -> None:
        program_id = self.current_program()
        if program_id is not None:
            self._write(lambda: self.ops.rank_remove(program_id))

    def _add(self) -> None:
        program_id = self.candidates.currentData()
        if program_id is not None:
            self._write(lambda: self.ops.rank_put(int(program_id), self.ranks.count() + 1))

    def _edit_deadline(self) -> None:
        from img_crm.services.profile import settings_json
        from img_crm.ui.views.season_settings import SeasonSettingsDialog

        with self.ops.reading() as session:
            values = settings_json(session)
        dialog = SeasonSettingsDialog(values, self.ops.save_profile, self)
        dialog.deadline.setFocus()
        dialog.exec()

    def _certified(self) -> None:
        from img_crm import clock

        self._write(lambda: self.ops.save_profile({"rank_certified_on": clock.today().isoformat()}))

    def _use_suggestion(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Use the suggested order"),
            self.tr("Replace your list's order with the order your ratings suggest?"),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(self.ops.rank_use_suggestion)
