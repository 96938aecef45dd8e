"""Applications and fees: where the application went, what ERAS will charge
per specialty against the user's budget, and how the list sits with the
regions the user prefers (#22). The numbers are ``services/signals.py``'s."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.errors import UserError
from img_crm.ui.dates import pydate, qtoday
from img_crm.ui.models.season import ApplicationsModel
from img_crm.ui.ops import Ops
from img_crm.ui.theme import clear_tone, set_tone
from img_crm.ui.views.fields import muted
from img_crm.ui.views.table_view import make_table


def money(amount: int) -> str:
    return f"${amount:,}"


class ApplicationsPage(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.report: Any = None
        self.rule = QLabel(self)
        self.rule.setWordWrap(True)
        muted(self.rule)
        self.fees = QLabel(self)
        self.fees.setTextFormat(Qt.TextFormat.RichText)
        self.fees.setWordWrap(True)
        self.fees.setAccessibleName(self.tr("Fees per specialty"))
        self.total = QLabel(self)
        self.total.setWordWrap(True)
        self.total.setAccessibleName(self.tr("Total fees against your budget"))
        self.regions = QLabel(self)
        self.regions.setWordWrap(True)
        self.settings_button = QPushButton(self.tr("Fees, budget and re&gions…"), self)
        self.settings_button.setAccessibleName(self.tr("Fees, budget and regions"))
        self.model = ApplicationsModel(self)
        self.table = make_table(self.model, "applications", self)
        self.table.setAccessibleName(self.tr("Programs the application went to"))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.set_empty_text(
            self.tr("Mark each program your application went to, below: the fees follow.")
        )
        self.candidates = QComboBox(self)
        self.candidates.setAccessibleName(self.tr("Programs not applied to"))
        self.on = QDateEdit(qtoday(), self)
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setMaximumDate(qtoday())
        self.on.setAccessibleName(self.tr("Day the application went"))
        self.mark_button = QPushButton(self.tr("&Mark applied"), self)
        self.unmark_button = QPushButton(self.tr("&Not applied"), self)
        self.mark_button.setAccessibleName(self.tr("Mark applied"))
        self.unmark_button.setAccessibleName(self.tr("Not applied"))
        self.unmark_button.setToolTip(self.tr("The selected program: the application did not go"))

        top = QHBoxLayout()
        summary = QVBoxLayout()
        summary.addWidget(self.rule)
        summary.addWidget(self.fees)
        summary.addWidget(self.total)
        summary.addWidget(self.regions)
        top.addLayout(summary, 1)
        top.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        marking = QHBoxLayout()
        marking.addWidget(QLabel(self.tr("Applied to:"), self))
        marking.addWidget(self.candidates, 1)
        marking.addWidget(QLabel(self.tr("on"), self))
        marking.addWidget(self.on)
        marking.addWidget(self.mark_button)
        marking.addStretch(0)
        marking.addWidget(self.unmark_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(marking)

        self.settings_button.clicked.connect(self.edit_settings)
        self.mark_button.clicked.connect(self._mark)
        self.unmark_button.clicked.connect(self._unmark)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update())

    def reload(self) -> None:
        from img_crm.services.signals import applications

        with self.ops.reading() as session:
            self.report = report = applications(session)
        rule = report.fees.rule
        self.rule.setText(
            self.tr(
                "ERAS fees, %1 season: %2 a program for the first %3 in a specialty, %4 each "
                "after that. ERAS refunds nothing."
            )
            .replace("%1", rule.season)
            .replace("%2", money(rule.first_price))
            .replace("%3", str(rule.first_block))
            .replace("%4", money(rule.later_price))
        )
        lines = []
        for s in report.fees.specialties:
            step = (
                self.tr("%n more before the price steps up").replace("%n", str(s.before_step))
                if s.before_step
                else self.tr("past the step: each one more costs %1").replace(
                    "%1", money(rule.later_price)
                )
            )
            lines.append(
                f"<b>{escape(s.specialty)}</b>: "
                + escape(
                    self.tr("%1 programs, %2 (%3)")
                    .replace("%1", str(s.programs))
                    .replace("%2", money(s.fee))
                    .replace("%3", step)
                )
            )
        self.fees.setText("<br>".join(lines))
        self.fees.setVisible(bool(lines))
        fees = report.fees
        if fees.budget is None:
            total = self.tr("Total: %1. Set a budget to see what is left.").replace(
                "%1", money(fees.total)
            )
        elif fees.over_budget:
            total = (
                self.tr("Total: %1 of your %2 budget: %3 over.")
                .replace("%1", money(fees.total))
                .replace("%2", money(fees.budget))
                .replace("%3", money(fees.over_budget))
            )
        else:
            total = (
                self.tr("Total: %1 of your %2 budget: %3 left.")
                .replace("%1", money(fees.total))
                .replace("%2", money(fees.budget))
                .replace("%3", money(fees.budget - fees.total))
            )
        self.total.setText(total)
        if fees.over_budget:
            set_tone(self.total, "alert")
        else:
            clear_tone(self.total)
        preference = report.preference
        setting = {
            "urban": self.tr("urban"),
            "rural": self.tr("rural"),
        }.get(preference.setting, "")
        if preference.divisions:
            outside = sum(1 for a in report.programs if a.preferred is False)
            text = self.tr("Your regions: %1").replace("%1", ", ".join(preference.divisions))
            if setting:
                text += self.tr(", %1 setting").replace("%1", setting)
            text += ". " + (
                self.tr("%n of the programs are outside them.").replace("%n", str(outside))
                if outside
                else self.tr("Every program is in them.")
            )
        else:
            text = self.tr("No regions chosen (ERAS asks for up to three census divisions).")
        self.regions.setText(text)
        current = self.current_id()
        self.model.set_rows(report.programs)
        found = self.model.find(lambda row: row.program_id == current)
        if current is not None and found is not None:
            self.table.selectRow(found)
        self.candidates.clear()
        for pid, name, specialty in report.not_applied:
            self.candidates.addItem(f"{name} ({specialty})" if specialty else name, pid)
        self.candidates.setPlaceholderText(
            self.tr("Every program is marked applied")
            if self.model.total_count()
            else self.tr("Add programs on the Programs tab first")
        )
        if self.candidates.count():
            self.candidates.setCurrentIndex(0)
        self.on.setMaximumDate(qtoday())
        self._update()

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()).program_id if index.isValid() else None

    def _update(self) -> None:
        self.mark_button.setEnabled(self.candidates.count() > 0)
        self.candidates.setEnabled(self.candidates.count() > 0)
        self.unmark_button.setEnabled(self.current_id() is not None)

    def _mark(self) -> None:
        program_id = self.candidates.currentData()
        if program_id is None:
            return
        self._write(lambda: self.ops.mark_applied(int(program_id), pydate(self.on.date())))

    def _unmark(self) -> None:
        program_id = self.current_id()
        if program_id is not None:
            self._write(lambda: self.ops.mark_applied(program_id, None))

    def _write(self, action: Any) -> None:
        try:
            action()
        except UserError as exc:
            self.ops.report(self, self.tr("Applications"), str(exc))

    def edit_settings(self) -> None:
        from img_crm.services.profile import settings_json
        from img_crm.ui.views.season_settings import SeasonSettingsDialog

        with self.ops.reading() as session:
            values = settings_json(session)
        SeasonSettingsDialog(values, self.ops.save_profile, self).exec()
