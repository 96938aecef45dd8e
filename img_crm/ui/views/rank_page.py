"""The Rank list page of the Season tab: the rank order lists, ordered by
dragging, and the ratings that suggest an order (#22).

The lists are the user's: a drag, Move up/down or Add puts a program at a
place, each change dated in the history (``services/ranking.py``). The
primary list and each supplemental one (preliminary positions, named for the
advanced program) are chosen above the list. On the right the user rates the
programs interviewed at on their own criteria, with pros and cons; the
ratings' order is shown as a suggestion and applied only when asked.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.ranking import PRIMARY
from img_crm.errors import UserError
from img_crm.ui.ops import Ops
from img_crm.ui.theme import set_tone
from img_crm.ui.views.fields import muted
from img_crm.ui.views.ratings_panel import RatingsPanel

ID_ROLE = Qt.ItemDataRole.UserRole


class RankPage(QWidget):
    """The rank order lists, with the ratings and their suggested order beside."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.board: Any = None
        self._reloading = False
        #: Supplemental lists named but still empty (the store keeps lists with programs).
        self._new_lists: list[str] = []
        title = QLabel(f"<b>{escape(self.tr('Rank order list'))}</b>", self)
        hint = QLabel(
            self.tr(
                "Drag a program to its place, or use Move up and Move down. NRMP takes up to "
                "300 ranks in all your lists; enter them in the NRMP system and certify them "
                "there by the deadline."
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

        # --- the lists (left) ---
        self.list_choice = QComboBox(self)
        self.list_choice.setAccessibleName(self.tr("Which rank list"))
        self.new_list_button = QPushButton(self.tr("&New supplemental list…"), self)
        self.new_list_button.setToolTip(
            self.tr(
                "A supplemental list ranks preliminary positions for one advanced program "
                "on your primary list."
            )
        )
        self.export_button = QPushButton(self.tr("E&xport…"), self)
        self.export_button.setToolTip(self.tr("This list as CSV or PDF, to copy into NRMP"))
        self.ranks = QListWidget(self)
        self.ranks.setAccessibleName(self.tr("Rank order list, first choice at the top"))
        self.ranks.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.ranks.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.ranks.model().rowsMoved.connect(self._moved)
        self.up_button = QPushButton(self.tr("Move &up"), self)
        self.down_button = QPushButton(self.tr("Move do&wn"), self)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.remove_button.setToolTip(self.tr("Take the program off this list"))
        self.up_button.setShortcut(QKeySequence("Alt+Up"))
        self.down_button.setShortcut(QKeySequence("Alt+Down"))
        self.candidates = QComboBox(self)
        self.candidates.setAccessibleName(self.tr("Programs not on this list"))
        self.add_button = QPushButton(self.tr("&Add to the list"), self)

        # --- the ratings (right) ---
        self.ratings = RatingsPanel(ops, self._write, self)
        for button in (
            self.up_button,
            self.down_button,
            self.remove_button,
            self.add_button,
            self.new_list_button,
            self.export_button,
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))

        certify = QHBoxLayout()
        certify.addWidget(self.certification, 1)
        certify.addWidget(self.deadline_button)
        certify.addWidget(self.certified_button)
        choose = QHBoxLayout()
        choose.addWidget(QLabel(self.tr("List:"), self))
        choose.addWidget(self.list_choice, 1)
        choose.addWidget(self.new_list_button)
        moves = QHBoxLayout()  # under the list, which then has the pane's width
        for button in (self.up_button, self.down_button, self.remove_button):
            moves.addWidget(button)
        moves.addStretch(1)
        moves.addWidget(self.export_button)
        ordered = QVBoxLayout()
        ordered.addWidget(self.ranks, 1)
        ordered.addLayout(moves)
        adding = QHBoxLayout()
        adding.addWidget(QLabel(self.tr("Not on it:"), self))
        adding.addWidget(self.candidates, 1)
        adding.addWidget(self.add_button)
        left = QWidget(self)
        # the list reads whole beside its buttons, at any window size
        left.setMinimumWidth(left.fontMetrics().averageCharWidth() * 48)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(choose)
        left_layout.addLayout(ordered, 1)
        left_layout.addLayout(adding)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("rankSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.ratings)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([400, 600])  # 2:3 until the user moves it (then remembered)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(certify)
        layout.addWidget(self.warning)
        layout.addWidget(self.splitter, 1)

        self.up_button.clicked.connect(lambda: self._step(-1))
        self.down_button.clicked.connect(lambda: self._step(1))
        self.remove_button.clicked.connect(self._remove)
        self.add_button.clicked.connect(self._add)
        self.deadline_button.clicked.connect(self._edit_deadline)
        self.certified_button.clicked.connect(self._certified)
        self.new_list_button.clicked.connect(self._new_list)
        self.export_button.clicked.connect(self._export)
        self.list_choice.currentIndexChanged.connect(lambda _i: self._list_chosen())
        self.ranks.currentRowChanged.connect(self._rank_chosen)

    # --- reading ----------------------------------------------------------------------

    def list_name(self) -> str:
        return str(self.list_choice.currentData() or PRIMARY)

    def reload(self) -> None:
        self.board = self.ops.rank_board()
        board = self.board
        self._new_lists = [n for n in self._new_lists if n not in board.lists]
        names = [PRIMARY, *(n for n in board.lists if n != PRIMARY), *self._new_lists]
        chosen = self.list_name()
        self._reloading = True
        try:
            self.list_choice.clear()
            for name in names:
                label = self.tr("Primary list") if name == PRIMARY else name
                self.list_choice.addItem(label, name)
            self.list_choice.setCurrentIndex(max(0, names.index(chosen) if chosen in names else 0))
        finally:
            self._reloading = False
        self._show_list()
        self.ratings.load(board, self.list_name())
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

    def _show_list(self) -> None:
        """Fill the chosen list and the programs that can be added to it."""
        board = self.board
        if board is None or self._reloading:
            return
        current = self.current_program()
        order = board.lists.get(self.list_name(), [])
        self._reloading = True
        try:
            self.ranks.clear()
            for n, program_id in enumerate(order, 1):
                item = QListWidgetItem(f"{n}. {board.name(program_id)}", self.ranks)
                item.setData(ID_ROLE, program_id)
                if program_id == current:
                    self.ranks.setCurrentItem(item)
        finally:
            self._reloading = False
        self.candidates.clear()
        for program in board.programs:
            if program.program_id not in order:
                self.candidates.addItem(program.name, program.program_id)
        self.candidates.setPlaceholderText(
            self.tr("Every program you interview at is on this list")
            if board.programs
            else self.tr("Programs you interview at appear here")
        )
        self.candidates.setEnabled(self.candidates.count() > 0)
        if self.candidates.count():  # with a placeholder set, none would be chosen
            self.candidates.setCurrentIndex(0)
        self._update_buttons()

    def _list_chosen(self) -> None:
        if not self._reloading:
            self._show_list()
            self.ratings.show_places(self.list_name())

    def current_program(self) -> int | None:
        item = self.ranks.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    def _update_buttons(self) -> None:
        row = self.ranks.currentRow()
        count = self.ranks.count()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.remove_button.setEnabled(row >= 0)
        self.export_button.setEnabled(count > 0)
        self.certified_button.setEnabled(bool(self.board and self.board.lists))
        self.add_button.setEnabled(self.candidates.count() > 0)

    def _rank_chosen(self, _row: int) -> None:
        self._update_buttons()
        program_id = self.current_program()
        if not self._reloading and program_id is not None:
            self.ratings.select_program(program_id)

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
        name = self.list_name()
        self._write(lambda: self.ops.rank_put(program_id, place + 1, name))

    def _step(self, by: int) -> None:
        program_id = self.current_program()
        if program_id is None:
            return
        place = self.ranks.currentRow() + 1 + by
        name = self.list_name()
        self._write(lambda: self.ops.rank_put(program_id, place, name))

    def _remove(self) -> None:
        program_id = self.current_program()
        name = self.list_name()
        if program_id is not None:
            self._write(lambda: self.ops.rank_remove(program_id, name))

    def _add(self) -> None:
        program_id = self.candidates.currentData()
        name = self.list_name()
        if program_id is not None:
            self._write(lambda: self.ops.rank_put(int(program_id), self.ranks.count() + 1, name))

    def _new_list(self) -> None:
        from img_crm.services.ranking import list_name_of

        text, ok = QInputDialog.getText(
            self,
            self.tr("New supplemental list"),
            self.tr("Name it for its advanced program (for example, Prelim for Lakeview):"),
        )
        if not ok or not text.strip():
            return
        try:
            name = list_name_of(text)
        except UserError as exc:
            self.ops.report(self, self.tr("New supplemental list"), str(exc))
            return
        if name == PRIMARY:
            return
        if name not in self.board.lists and name not in self._new_lists:
            self._new_lists.append(name)
            self.list_choice.addItem(name, name)
        self.list_choice.setCurrentIndex(self.list_choice.findData(name))

    def _export(self) -> None:
        name = self.list_name()
        suggested = "rank-list.csv" if name == PRIMARY else "supplemental-list.csv"
        chosen, selected = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the rank list"),
            str(Path.home() / suggested),
            self.tr("CSV files (*.csv);;PDF files (*.pdf)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(".pdf" if "pdf" in selected.casefold() else ".csv")
        written = self.ops.attempt(
            self, self.tr("Export failed"), lambda: self.ops.export_rank_list(path, name)
        )
        if written is not None:
            window = self.window()
            bar = getattr(window, "statusBar", None)
            if callable(bar):
                bar().showMessage(
                    (
                        self.tr("Wrote 1 rank to %2.")
                        if written == 1
                        else self.tr("Wrote %1 ranks to %2.")
                    )
                    .replace("%1", str(written))
                    .replace("%2", str(path)),
                    8000,
                )

    def _edit_deadline(self) -> None:
        from img_crm.ui.views.season_settings import DeadlineDialog

        deadline = self.board.deadline if self.board is not None else None
        DeadlineDialog(deadline, self.ops.save_profile, self).exec()

    def _certified(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Certified"),
            self.tr(
                "Did you certify your rank list in the NRMP system today? img-crm then "
                "says when a later change needs certifying again."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(self.ops.rank_certify)
