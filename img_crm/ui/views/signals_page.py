"""The signal planner: signals left, where each one is placed, and suggestions.

A signal is planned, then marked sent (after a question, since MyERAS
locks it); a planned one can be taken back. The rules come from
``domain/signals.py`` through ``services/signals.py``; refusals are shown
as they come from there, so the window and the command line say the same.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.signals import ProgramSignal, SignalKind, SignalState
from img_crm.domain.text import fold, sort_key
from img_crm.errors import UserError
from img_crm.ui.models.season import LeftModel, SignalsModel, kind_label
from img_crm.ui.ops import Ops
from img_crm.ui.theme import set_tone
from img_crm.ui.views.fields import muted
from img_crm.ui.views.table_view import make_table

ID_ROLE = Qt.ItemDataRole.UserRole


def _heading(text: str, parent: QWidget) -> QLabel:
    return QLabel(f"<b>{escape(text)}</b>", parent)


class SignalsPage(QWidget):
    """Plan, send and take back program signals, within the season's rules."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.planner: Any = None
        hint = QLabel(
            self.tr(
                "A signal tells a program it is among your first choices. Each specialty allows "
                "a number per season (MyERAS's rules: Signal rules… keeps a new season's). A "
                "signal marked sent is locked, as it is in MyERAS."
            ),
            self,
        )
        hint.setWordWrap(True)
        muted(hint)
        self.left_model = LeftModel(self)
        self.left_table = make_table(self.left_model, "signalsLeft", self)
        self.left_table.setAccessibleName(self.tr("Signals left per specialty"))
        self.left_table.set_empty_text(
            self.tr("Give programs a specialty with a signal rule to count signals.")
        )
        self.model = SignalsModel(self)
        self.table = make_table(self.model, "signalPrograms", self)
        self.table.setAccessibleName(self.tr("Programs and their signals"))
        self.table.set_empty_text(self.tr("Add programs on the Programs tab to plan signals."))
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        set_tone(self.notice, "alert")

        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Kind of signal"))
        self.plan_button = QPushButton(self.tr("&Plan"), self)
        self.send_button = QPushButton(self.tr("&Mark sent…"), self)
        self.back_button = QPushButton(self.tr("Take &back"), self)
        self.accepts = QComboBox(self)
        self.accepts.setAccessibleName(self.tr("Whether the program takes signals"))
        for text, value in (
            (self.tr("Not known"), None),
            (self.tr("Takes signals"), True),
            (self.tr("Takes none"), False),
        ):
            self.accepts.addItem(text, value)
        for button in (self.plan_button, self.send_button, self.back_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))

        self.suggestions = QListWidget(self)
        self.suggestions.setAccessibleName(self.tr("Where the planner suggests a signal"))
        self.suggestions.setWordWrap(True)
        self.suggestions.setAlternatingRowColors(True)
        self.suggestions.setSpacing(2)
        self.rules_button = QPushButton(self.tr("Signal &rules…"), self)
        self.rules_button.setAccessibleName(self.tr("Signal rules"))
        self.rules_button.clicked.connect(self._edit_rules)
        self.go_button = QPushButton(self.tr("&Go to the program"), self)
        self.go_button.setAccessibleName(self.tr("Go to the suggested program"))

        actions = QHBoxLayout()
        actions.addWidget(self.kind)
        actions.addWidget(self.plan_button)
        actions.addWidget(self.send_button)
        actions.addWidget(self.back_button)
        actions.addStretch(1)
        actions.addWidget(QLabel(self.tr("This program:"), self))
        actions.addWidget(self.accepts)
        main = QWidget(self)
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        left_heading = QHBoxLayout()
        left_heading.addWidget(_heading(self.tr("Signals left"), self), 1)
        left_heading.addWidget(self.rules_button)
        main_layout.addLayout(left_heading)
        main_layout.addWidget(self.left_table)
        main_layout.addWidget(_heading(self.tr("Programs"), self))
        main_layout.addWidget(self.table, 3)
        main_layout.addWidget(self.notice)
        main_layout.addLayout(actions)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(_heading(self.tr("Suggested"), self))
        why = QLabel(
            self.tr(
                "Tier-1 programs where a mentor or sponsor has a tie come first, then visa fit "
                "and the share of IMGs."
            ),
            self,
        )
        why.setWordWrap(True)
        muted(why)
        side_layout.addWidget(why)
        side_layout.addWidget(self.suggestions, 1)
        side_layout.addWidget(self.go_button)
        # wide enough to read a suggestion in two or three lines, at any window size
        side.setMinimumWidth(side.fontMetrics().averageCharWidth() * 34)
        split = self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("signalsSplit")
        split.setChildrenCollapsible(False)
        split.addWidget(main)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(split, 1)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.plan_button.clicked.connect(self._plan)
        self.send_button.clicked.connect(self._send)
        self.back_button.clicked.connect(self._take_back)
        self.accepts.activated.connect(self._accepts_chosen)
        self.go_button.clicked.connect(self._go)
        self.suggestions.itemActivated.connect(lambda _item: self._go())
        self.suggestions.currentRowChanged.connect(lambda *_: self._update())

    # --- reading ----------------------------------------------------------------------

    def reload(self) -> None:
        from img_crm.services.signals import planner

        current = self.current()
        with self.ops.reading() as session:
            self.planner = planner(session)
        used = {fold(p.specialty) for p in self.planner.programs if p.specialty}
        self.left_model.set_rows(
            [r for r in self.planner.left if fold(r.specialty) in used or r.planned or r.sent]
        )
        self.model.set_signals(self.planner.programs, self.planner.warnings)
        self.suggestions.clear()
        for s in self.planner.suggestions:
            item = QListWidgetItem(f"{s.name}\n{s.reason}", self.suggestions)
            item.setData(ID_ROLE, s.program_id)
        if not self.planner.suggestions:
            empty = QListWidgetItem(
                self.tr("No suggestion: give programs a tier and a specialty with a rule."),
                self.suggestions,
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
        if current is None or not self.select(current.program_id):
            self.table.selectRow(0)
        self._fit_left()
        self._update()

    def _fit_left(self) -> None:
        """As tall as its rows (a specialty or two), not half the page."""
        rows = max(self.left_model.rowCount(), 2)
        header = self.left_table.horizontalHeader().height()
        row = self.left_table.verticalHeader().defaultSectionSize()
        self.left_table.setFixedHeight(header + rows * row + 2 * self.left_table.frameWidth() + 2)

    def current(self) -> ProgramSignal | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row: ProgramSignal = self.model.row_at(index.row())
        return row

    def select(self, program_id: int) -> bool:
        found = self.model.find(lambda row: row.program_id == program_id)
        if found is not None:
            self.table.selectRow(found)
            self.table.scrollTo(self.model.index(found, 0))
        return found is not None

    def _kinds_for(self, row: ProgramSignal) -> list[SignalKind]:
        rule = self.planner.rules.get(fold(row.specialty)) if self.planner else None
        if rule is None:
            return []
        return [kind for kind, count in rule.allowed().items() if count > 0]

    def _update(self) -> None:
        row = self.current()
        self.kind.clear()
        kinds = self._kinds_for(row) if row is not None else []
        for kind in kinds:
            self.kind.addItem(kind_label(kind), kind.value)
        if row is not None and row.kind is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(row.kind.value), 0))
        sent = row is not None and row.state is SignalState.SENT
        self.kind.setEnabled(bool(kinds) and not sent)
        self.plan_button.setEnabled(bool(kinds) and not sent and row is not None)
        self.send_button.setEnabled(bool(kinds) and not sent and row is not None)
        self.back_button.setEnabled(row is not None and row.state is SignalState.PLANNED)
        self.accepts.setEnabled(row is not None)
        if row is not None:
            self.accepts.setCurrentIndex(max(self.accepts.findData(row.accepts), 0))
        tip = ""
        if row is not None and not kinds:
            tip = self.tr("No signal rule for %1 this season.").replace(
                "%1", row.specialty or self.tr("a program without a specialty")
            )
        elif sent:
            tip = self.tr("A sent signal is locked.")
        for button in (self.plan_button, self.send_button):
            button.setToolTip(tip)
        item = self.suggestions.currentItem()
        self.go_button.setEnabled(item is not None and item.data(ID_ROLE) is not None)

    # --- writing ----------------------------------------------------------------------

    def _say(self, text: str | None) -> None:
        self.notice.setText(f"{text[0].upper()}{text[1:]}." if text else "")
        self.notice.setVisible(bool(text))

    def _place(self, state: SignalState) -> None:
        row = self.current()
        if row is None:
            return
        value = self.kind.currentData()
        kind = SignalKind(value) if value else None
        try:
            warning = self.ops.place_signal(row.program_id, kind, state)
        except UserError as exc:
            self.ops.report(self, self.tr("Signals"), str(exc))
            return
        self._say(warning)

    def _plan(self) -> None:
        self._place(SignalState.PLANNED)

    def _send(self) -> None:
        row = self.current()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Mark the signal sent"),
            self.tr(
                "Mark the %1 signal to %2 as sent? A sent signal is locked: MyERAS does not "
                "let you move it."
            )
            .replace("%1", self.kind.currentText().lower())
            .replace("%2", row.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._place(SignalState.SENT)

    def _take_back(self) -> None:
        self._place(SignalState.NONE)

    def _accepts_chosen(self, _index: int) -> None:
        row = self.current()
        if row is None or self.accepts.currentData() == row.accepts:
            return
        try:
            warning = self.ops.set_accepts_signals(row.program_id, self.accepts.currentData())
        except UserError as exc:
            self.ops.report(self, self.tr("Signals"), str(exc))
            return
        self._say(warning)

    def _edit_rules(self) -> None:
        from img_crm.ui.views.signal_rules_dialog import SignalRulesDialog

        programs = self.planner.programs if self.planner is not None else []
        rules = self.ops.signal_rules()
        seen: dict[str, str] = {}
        for name in [*(p.specialty for p in programs), *(r.specialty for r in rules)]:
            if name.strip():
                seen.setdefault(name.casefold(), name)
        specialties = sorted(seen.values(), key=sort_key)
        SignalRulesDialog(
            self.ops.signal_rules, self.ops.keep_signal_rule, specialties, self
        ).exec()

    def _go(self) -> None:
        item = self.suggestions.currentItem()
        if item is not None and item.data(ID_ROLE) is not None:
            self.select(int(item.data(ID_ROLE)))
            self.table.setFocus()
