"""The profile: target specialty, backup, match year, home time zone, visa."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.cadence import DEFAULT_INTERVALS, INTERVAL_RANGE, interval_key
from img_crm.domain.contacts import known_timezones
from img_crm.domain.enums import Stage, VisaNeed
from img_crm.domain.profile import MATCH_YEAR_RANGE, SPECIALTIES, Profile
from img_crm.domain.programs import DEFAULT_TIER_RANGES, tier_range_key
from img_crm.errors import UserError
from img_crm.ui.labels import label, stage_label
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, muted

SaveProfile = Callable[[dict[str, str]], None]


class SettingsDialog(Dialog):
    """Edit the profile. In first-run mode it explains itself and offers "Skip for now"."""

    def __init__(
        self,
        profile: Profile,
        on_save: SaveProfile,
        *,
        first_run: bool = False,
        intervals: Mapping[Stage, int] | None = None,
        tier_ranges: Mapping[int, tuple[int, int]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(self.tr("Your profile") if first_run else self.tr("Settings"))
        self.setMinimumWidth(480)

        self.my_name = QLineEdit(profile.my_name, self)
        self.my_name.setPlaceholderText(self.tr("As it appears on your CV"))
        self.my_name.setAccessibleName(self.tr("Your name"))
        self.target = self._specialty_box(profile.target_specialty, self.tr("Target specialty"))
        self.backup = self._specialty_box(profile.backup_specialty, self.tr("Backup specialty"))
        self.match_year = QSpinBox(self)
        low, high = MATCH_YEAR_RANGE
        self.match_year.setRange(low - 1, high)
        self.match_year.setSpecialValueText(self.tr("Not set"))
        self.match_year.setValue(profile.match_year or low - 1)
        self.match_year.setAccessibleName(self.tr("Match year"))
        self.timezone = QComboBox(self)
        self.timezone.setEditable(True)
        zones = sorted(known_timezones())
        self.timezone.addItems(zones)
        completer = QCompleter(zones, self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(completer)
        self.timezone.setCurrentText(profile.home_timezone)
        self.timezone.setAccessibleName(self.tr("Home time zone"))
        self.visa = QComboBox(self)
        for need in VisaNeed:
            self.visa.addItem(label("VisaNeed", need), need.value)
        self.visa.setCurrentIndex(max(self.visa.findData(profile.visa.value), 0))
        self.visa.setAccessibleName(self.tr("Visa situation"))
        self.error = ErrorLabel(self.timezone, self)
        for field in (self.target, self.backup, self.timezone):
            # An error goes as soon as what it was about is changed.
            field.currentTextChanged.connect(lambda _text: self.error.show_error(None))
        self.intervals: dict[Stage, QSpinBox] = {}
        cadence = QGroupBox(self.tr("Follow up after (days without contact)"), self)
        cadence_form = QFormLayout(cadence)
        low, high = INTERVAL_RANGE
        for stage in Stage:
            box = QSpinBox(self)
            box.setRange(low, high)
            box.setSuffix(self.tr(" days"))
            box.setValue((intervals or DEFAULT_INTERVALS)[stage])
            box.setAccessibleName(
                self.tr("Follow-up interval for %1").replace("%1", stage_label(stage))
            )
            cadence_form.addRow(stage_label(stage), box)
            self.intervals[stage] = box

        form = QFormLayout()
        form.addRow(self.tr("Your &name"), self.my_name)
        form.addRow(self.tr("&Target specialty"), self.target)
        form.addRow(self.tr("&Backup specialty"), self.backup)
        form.addRow(self.tr("&Match year"), self.match_year)
        form.addRow(self.tr("&Home time zone"), self.timezone)
        form.addRow(self.tr("&Visa"), self.visa)

        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(
                self.tr(
                    "Tell the app what you are aiming for. Letters are checked against your "
                    "target specialty, plans are dated from your match year, and interview "
                    "times are shown in your home time zone. You can change all of this later "
                    "in Settings."
                ),
                self,
            )
            intro.setWordWrap(True)
            muted(intro)
            layout.addWidget(intro)
        self.tier_ranges: dict[int, QLineEdit] = {}
        tiers = QGroupBox(self.tr("How many programs to aim for per tier"), self)
        tiers_form = QFormLayout(tiers)
        for tier, (low, high) in (tier_ranges or DEFAULT_TIER_RANGES).items():
            edit = QLineEdit(f"{low}-{high}", self)
            edit.setAccessibleName(self.tr("Tier %1 range").replace("%1", str(tier)))
            edit.setPlaceholderText("15-30")
            tiers_form.addRow(self.tr("Tier %1").replace("%1", str(tier)), edit)
            self.tier_ranges[tier] = edit
        layout.addLayout(form)
        # The first run is one short step: what the playbook needs. The
        # follow-up intervals and tier ranges wait in Settings, at their defaults.
        self.first_run = first_run
        self.my_name.setFocus()  # the first field first
        if not first_run:
            layout.addWidget(cadence)
            layout.addWidget(tiers)
        else:
            cadence.hide()
            tiers.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save, self)
        if first_run:
            skip = buttons.addButton(
                self.tr("Skip for now"), QDialogButtonBox.ButtonRole.RejectRole
            )
            skip.setAccessibleName(self.tr("Skip for now"))
        else:
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.target.setFocus()

    def _specialty_box(self, value: str, name: str) -> QComboBox:
        box = QComboBox(self)
        box.setEditable(True)
        box.addItem("")
        box.addItems(SPECIALTIES)
        box.setCurrentText(value)
        box.setAccessibleName(name)
        return box

    def values(self) -> dict[str, str]:
        values = {
            "my_name": self.my_name.text(),
            "target_specialty": self.target.currentText(),
            "backup_specialty": self.backup.currentText(),
            "home_timezone": self.timezone.currentText().strip(),
            "visa": str(self.visa.currentData()),
        }
        if not self.first_run:
            for stage, box in self.intervals.items():
                values[interval_key(stage)] = str(box.value())
            for tier, edit in self.tier_ranges.items():
                values[tier_range_key(tier)] = edit.text()
        if self.match_year.value() >= MATCH_YEAR_RANGE[0]:
            values["match_year"] = str(self.match_year.value())
        return values

    def save(self) -> None:
        values = self.values()
        if values["target_specialty"].strip() and (
            values["target_specialty"].strip().casefold()
            == values["backup_specialty"].strip().casefold()
        ):
            self.error.show_error(self.tr("The backup specialty should differ from the target."))
            return
        try:
            self._on_save(values)
        except UserError as exc:
            self.error.show_error(str(exc))
            return
        self.accept()
