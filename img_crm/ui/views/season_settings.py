"""The season's settings in one dialog: the fee rule, the budget, the regions
and setting ERAS asks about, and the rank list's deadline (#22).

The figures change every season, so they are the user's to edit; they are
saved through the same validated path as ``settings set`` (nothing is
written when one is refused).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.geography import DIVISIONS, MAX_DIVISIONS, SETTINGS
from img_crm.domain.profile import MAX_BUDGET
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, OptionalDateEdit, finish_form, muted


class SeasonSettingsDialog(Dialog):
    """Edit the fee rule, budget, regions and rank deadline; ``on_save`` gets
    the setting keys and their text, as ``settings set`` takes them."""

    def __init__(
        self,
        values: Mapping[str, object],
        on_save: Callable[[dict[str, str]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(self.tr("Season settings"))

        def number(key: str, high: int, name: str, prefix: str = "") -> QSpinBox:
            box = QSpinBox(self)
            box.setRange(0, high)
            box.setPrefix(prefix)
            text = str(values.get(key, "") or "")
            box.setValue(int(text) if text.isdigit() else 0)
            box.setAccessibleName(name)
            return box

        self.fee_season = number("fee_season", 2100, self.tr("Fee rule's season"))
        self.fee_season.setMinimum(2000)
        self.first_block = number("fee_first_block", 1000, self.tr("Programs at the first price"))
        self.first_price = number("fee_first_price", 1000, self.tr("First price"), "$")
        self.later_price = number("fee_later_price", 1000, self.tr("Price after that"), "$")
        self.budget = number("application_budget", MAX_BUDGET, self.tr("Budget"), "$")
        self.budget.setSpecialValueText(self.tr("No budget"))
        self.budget.setSingleStep(50)

        fees = QGroupBox(self.tr("ERAS fees (check AAMC's page each season)"), self)
        fees_form = QFormLayout(fees)
        fees_form.addRow(self.tr("&Season"), self.fee_season)
        fees_form.addRow(self.tr("&Programs per specialty at the first price"), self.first_block)
        fees_form.addRow(self.tr("&First price, each"), self.first_price)
        fees_form.addRow(self.tr("Price &after that, each"), self.later_price)
        fees_form.addRow(self.tr("Your &budget for fees"), self.budget)

        chosen = {
            d.strip().casefold() for d in str(values.get("geo_divisions", "")).split(",") if d
        }
        # Check boxes, not a checkable list: a list's ticks were dark on dark
        # in the dark palette.
        self.divisions = QWidget(self)
        self.divisions.setAccessibleName(self.tr("Preferred census divisions, up to three"))
        grid = QGridLayout(self.divisions)
        grid.setContentsMargins(0, 0, 0, 0)
        self.division_boxes: list[QCheckBox] = []
        half = (len(DIVISIONS) + 1) // 2
        for n, name in enumerate(DIVISIONS):
            box = QCheckBox(name, self.divisions)
            box.setChecked(name.casefold() in chosen)
            box.toggled.connect(self._clear_error)
            grid.addWidget(box, n % half, n // half)
            self.division_boxes.append(box)
        self.divisions.setFocusProxy(self.division_boxes[0])  # Alt+D lands on the first
        self.setting = QComboBox(self)
        self.setting.setAccessibleName(self.tr("Preferred setting"))
        for key, text in zip(
            SETTINGS, (self.tr("Urban"), self.tr("Rural"), self.tr("No preference")), strict=True
        ):
            self.setting.addItem(text, key)
        current = str(values.get("geo_setting", "") or "no-preference")
        self.setting.setCurrentIndex(max(self.setting.findData(current), 0))
        regions = QGroupBox(self.tr("Where you would train (ERAS asks)"), self)
        regions_form = QFormLayout(regions)
        about = QLabel(
            self.tr(
                "Up to %1 census divisions; the Applications page marks programs in them."
            ).replace("%1", str(MAX_DIVISIONS)),
            self,
        )
        about.setWordWrap(True)
        muted(about)
        regions_form.addRow(about)
        regions_form.addRow(self.tr("&Divisions"), self.divisions)
        regions_form.addRow(self.tr("Se&tting"), self.setting)

        self.deadline = OptionalDateEdit(self.tr("Certify &by (NRMP's deadline)"), self)
        deadline = str(values.get("rank_deadline", "") or "")
        self.deadline.set_value(date.fromisoformat(deadline) if deadline else None)
        rank = QGroupBox(self.tr("Rank order list"), self)
        rank_form = QFormLayout(rank)
        rank_form.addRow(self.deadline)

        self.error = ErrorLabel(self.divisions, self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(fees)
        layout.addWidget(regions)
        layout.addWidget(rank)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _clear_error(self, *_args: object) -> None:
        self.error.show_error(None)

    def chosen_divisions(self) -> list[str]:
        return [box.text() for box in self.division_boxes if box.isChecked()]

    def values(self) -> dict[str, str]:
        deadline = self.deadline.value()
        return {
            "fee_season": str(self.fee_season.value()),
            "fee_first_block": str(self.first_block.value()),
            "fee_first_price": str(self.first_price.value()),
            "fee_later_price": str(self.later_price.value()),
            "application_budget": str(self.budget.value()) if self.budget.value() else "",
            "geo_divisions": ", ".join(self.chosen_divisions()),
            "geo_setting": str(self.setting.currentData()),
            "rank_deadline": deadline.isoformat() if deadline else "",
        }

    def save(self) -> None:
        if len(self.chosen_divisions()) > MAX_DIVISIONS:
            self.division_boxes[0].setFocus()
            self.error.show_error(
                self.tr("Choose at most %1 divisions: ERAS takes no more.").replace(
                    "%1", str(MAX_DIVISIONS)
                )
            )
            return
        if self.error.attempt(lambda: self._on_save(self.values())):
            self.accept()


class DeadlineDialog(Dialog):
    """The rank list's certification deadline alone (the Rank list page's
    Deadline…): NRMP publishes it each season; the user types it in."""

    def __init__(
        self,
        deadline: date | None,
        on_save: Callable[[dict[str, str]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rank list deadline"))
        self._on_save = on_save
        about = QLabel(
            self.tr(
                "The day NRMP's rank order list certification closes this season, as NRMP "
                "publishes it. img-crm warns as it nears until you certify."
            ),
            self,
        )
        about.setWordWrap(True)
        muted(about)
        self.deadline = OptionalDateEdit(self.tr("Certify &by"), self)
        self.deadline.set_value(deadline)
        self.error = ErrorLabel(self.deadline, self)
        form = QFormLayout()
        form.addRow(about)
        form.addRow(self.deadline)
        finish_form(self, form, self.save, self.error)

    def save(self) -> None:
        chosen = self.deadline.value()
        if self.error.attempt(
            lambda: self._on_save({"rank_deadline": chosen.isoformat() if chosen else ""})
        ):
            self.accept()
