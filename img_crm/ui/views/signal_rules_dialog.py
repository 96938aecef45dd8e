"""The signal rules, per specialty and season, kept by the user (#22).

img-crm ships the 2025 MyERAS numbers; AAMC publishes new ones each season,
and other specialties have their own. A rule typed here is kept for its
season (replacing that season's rule for the specialty); the planner uses
each specialty's newest season.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.signals import MAX_SIGNALS, SignalRule, rule_problem
from img_crm.ui.models.season import RulesModel
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, muted
from img_crm.ui.views.table_view import make_table


class SignalRulesDialog(Dialog):
    """The rules table and a form to keep one; ``keep`` writes it and
    ``load`` reads the rules again."""

    def __init__(
        self,
        load: Callable[[], list[SignalRule]],
        keep: Callable[[SignalRule], None],
        specialties: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Signal rules"))
        self._load = load
        self._keep = keep
        about = QLabel(
            self.tr(
                "How many signals each specialty allows in a season. img-crm ships the 2025 "
                "MyERAS numbers; when AAMC publishes a new season's, keep them here. The "
                "planner counts each specialty's newest season."
            ),
            self,
        )
        about.setWordWrap(True)
        muted(about)
        self.model = RulesModel(self)
        self.table = make_table(self.model, "signalRules", self)
        self.table.setAccessibleName(self.tr("Signal rules"))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 14)

        self.specialty = QComboBox(self)
        self.specialty.setEditable(True)
        self.specialty.setAccessibleName(self.tr("Specialty"))
        for name in specialties:
            self.specialty.addItem(name)
        self.specialty.setCurrentText("")
        self.season = QSpinBox(self)
        self.season.setRange(2000, 2100)
        self.season.setValue(clock.today().year)
        self.season.setAccessibleName(self.tr("Season"))
        self.two_kinds = QRadioButton(self.tr("Gold and silver"), self)
        self.one_kind = QRadioButton(self.tr("One kind"), self)
        kinds = QButtonGroup(self)
        kinds.addButton(self.two_kinds)
        kinds.addButton(self.one_kind)
        self.one_kind.setChecked(True)

        def count(name: str) -> QSpinBox:
            box = QSpinBox(self)
            box.setRange(0, MAX_SIGNALS)
            box.setAccessibleName(name)
            return box

        self.gold = count(self.tr("Gold signals"))
        self.silver = count(self.tr("Silver signals"))
        self.signals = count(self.tr("Signals"))
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.one_kind)
        kind_row.addWidget(self.signals)
        kind_row.addSpacing(16)
        kind_row.addWidget(self.two_kinds)
        kind_row.addWidget(QLabel(self.tr("gold"), self))
        kind_row.addWidget(self.gold)
        kind_row.addWidget(QLabel(self.tr("silver"), self))
        kind_row.addWidget(self.silver)
        kind_row.addStretch(1)
        self.keep_button = QPushButton(self.tr("&Keep this rule"), self)
        self.keep_button.setAccessibleName(self.tr("Keep this rule"))
        form_box = QGroupBox(self.tr("A rule for one specialty and season"), self)
        form = QFormLayout(form_box)
        form.addRow(self.tr("S&pecialty"), self.specialty)
        form.addRow(self.tr("S&eason"), self.season)
        form.addRow(self.tr("Signals"), kind_row)
        form.addRow(self.keep_button)
        self.error = ErrorLabel(self.specialty, self)
        self.kept = QLabel(self)
        self.kept.setAccessibleName(self.tr("What was kept"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.table, 1)
        layout.addWidget(form_box)
        layout.addWidget(self.error)
        layout.addWidget(self.kept)
        layout.addWidget(buttons)

        self.one_kind.toggled.connect(self._kind_changed)
        self.keep_button.clicked.connect(self.keep)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._chosen(current)
        )
        self.reload()
        self._kind_changed()

    def reload(self) -> None:
        self.model.set_rows(self._load())

    def _kind_changed(self, *_args: object) -> None:
        one = self.one_kind.isChecked()
        self.signals.setEnabled(one)
        self.gold.setEnabled(not one)
        self.silver.setEnabled(not one)

    def _chosen(self, current: QModelIndex) -> None:
        """Fill the form from a rule, to keep it for a new season or change it."""
        if not current.isValid():
            return
        rule = self.model.row_at(current.row())
        self.specialty.setCurrentText(rule.specialty)
        self.season.setValue(int(rule.season))
        two = bool(rule.gold or rule.silver)
        (self.two_kinds if two else self.one_kind).setChecked(True)
        self.gold.setValue(rule.gold)
        self.silver.setValue(rule.silver)
        self.signals.setValue(rule.signals)

    def rule(self) -> SignalRule:
        one = self.one_kind.isChecked()
        return SignalRule(
            " ".join(self.specialty.currentText().split()),
            str(self.season.value()),
            0 if one else self.gold.value(),
            0 if one else self.silver.value(),
            self.signals.value() if one else 0,
        )

    def keep(self) -> None:
        rule = self.rule()
        if problem := rule_problem(rule):
            self.error.show_error(f"{problem[0].upper()}{problem[1:]}.")
            return
        if not self.error.attempt(lambda: self._keep(rule)):
            return
        self.error.show_error(None)
        self.kept.setText(
            self.tr("Kept: %1 in %2, %3 signals.")
            .replace("%1", rule.specialty)
            .replace("%2", rule.season)
            .replace("%3", rule.describe())
        )
        self.reload()
