"""Settings: the profile (target specialty, backup, match year, home time
zone, visa, your own email addresses), the follow-up intervals and their
maximums, reminders on this desktop, and the tier ranges, one tab each.

The first run asks only for the profile, and whether to be reminded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.cadence import (
    INTERVAL_RANGE,
    MAXIMUM_RANGE,
    Cadence,
    interval_key,
    maximum_key,
)
from img_crm.domain.contacts import known_timezones
from img_crm.domain.enums import Stage, VisaNeed
from img_crm.domain.profile import MATCH_YEAR_RANGE, SPECIALTIES, Profile
from img_crm.domain.programs import DEFAULT_TIER_RANGES, tier_range_key
from img_crm.errors import UserError
from img_crm.ui.labels import label, stage_label
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, muted

SaveProfile = Callable[[dict[str, str]], None]


@dataclass(frozen=True, slots=True)
class Reminders:
    """The reminder choices of this computer, as the dialog shows them."""

    enabled: bool = False
    digest_at: str = "08:00"  # HH:MM
    close_to_tray: bool = False
    start_at_login: bool = False
    #: The desktop shows a tray (else reminders appear in the window only).
    tray: bool = True
    #: This platform reads the XDG autostart entry (else the installer's note).
    autostart: bool = True


SaveReminders = Callable[[Reminders], None]


class SettingsDialog(Dialog):
    """Edit the profile. In first-run mode it explains itself and offers "Skip for now"."""

    def __init__(
        self,
        profile: Profile,
        on_save: SaveProfile,
        *,
        first_run: bool = False,
        cadence: Cadence | None = None,
        tier_ranges: Mapping[int, tuple[int, int]] | None = None,
        reminders: Reminders | None = None,
        on_reminders: SaveReminders | None = None,
        lock_minutes: int | None = None,
        on_lock_minutes: Callable[[int], None] | None = None,
        fields_page: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``lock_minutes``: the lock after idle of a protected store (None: the
        store has no passphrase, and the choice is shown off and disabled)."""
        super().__init__(parent)
        self._on_lock_minutes = on_lock_minutes
        self._on_save = on_save
        self._on_reminders = on_reminders
        reminders = reminders or Reminders()
        cadence = cadence or Cadence()
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
        self.my_emails = QLineEdit(", ".join(profile.my_emails), self)
        self.my_emails.setPlaceholderText(self.tr("you@example.org, you@hospital.example.edu"))
        self.my_emails.setAccessibleName(self.tr("Your email addresses"))
        self.my_emails.setToolTip(
            self.tr(
                "Mail between these addresses and a contact's is logged when you import "
                "your mail (File → Import mail…)."
            )
        )
        self.my_emails.textChanged.connect(lambda _text: self.error.show_error(None))
        self.intervals: dict[Stage, QSpinBox] = {}
        self.maximums: dict[Stage, QSpinBox] = {}
        follow_ups = QWidget(self)
        grid = QGridLayout(follow_ups)
        explain = QLabel(
            self.tr(
                "Days without contact. After the first number a follow-up is due, and amber "
                "once it is late; after the second the relationship is losing touch (red)."
            ),
            follow_ups,
        )
        explain.setWordWrap(True)
        muted(explain)
        grid.addWidget(explain, 0, 0, 1, 3)
        grid.addWidget(QLabel(self.tr("Follow up after"), follow_ups), 1, 1)
        grid.addWidget(QLabel(self.tr("Losing touch after"), follow_ups), 1, 2)
        for row, stage in enumerate(Stage, start=2):
            name = stage_label(stage)
            grid.addWidget(QLabel(name, follow_ups), row, 0)
            for column, (boxes, (low, high), value, what) in enumerate(
                (
                    (
                        self.intervals,
                        INTERVAL_RANGE,
                        cadence.intervals[stage],
                        self.tr("Follow-up interval for %1"),
                    ),
                    (
                        self.maximums,
                        MAXIMUM_RANGE,
                        cadence.maximums[stage],
                        self.tr("Losing touch after, for %1"),
                    ),
                ),
                start=1,
            ):
                box = QSpinBox(follow_ups)
                box.setRange(low, high)
                box.setSuffix(self.tr(" days"))
                box.setValue(value)
                box.setAccessibleName(what.replace("%1", name))
                box.valueChanged.connect(lambda _value: self.error.show_error(None))
                grid.addWidget(box, row, column)
                boxes[stage] = box
        grid.setRowStretch(len(Stage) + 2, 1)

        form = QFormLayout()
        form.addRow(self.tr("Your &name"), self.my_name)
        form.addRow(self.tr("&Target specialty"), self.target)
        form.addRow(self.tr("&Backup specialty"), self.backup)
        form.addRow(self.tr("&Match year"), self.match_year)
        form.addRow(self.tr("&Home time zone"), self.timezone)
        form.addRow(self.tr("&Visa"), self.visa)
        form.addRow(self.tr("Your &emails"), self.my_emails)
        self.remind = QCheckBox(self.tr("Remind me on this &desktop while img-crm runs"), self)
        self.remind.setChecked(reminders.enabled)
        self.remind.setAccessibleName(self.tr("Desktop reminders"))
        self.digest_at = QTimeEdit(QTime.fromString(reminders.digest_at, "HH:mm"), self)
        self.digest_at.setDisplayFormat("HH:mm")
        self.digest_at.setAccessibleName(self.tr("Daily digest time"))
        self.close_to_tray = QCheckBox(self.tr("&Closing the window keeps it in the tray"), self)
        self.close_to_tray.setChecked(reminders.close_to_tray)
        self.start_at_login = QCheckBox(self.tr("&Start img-crm when I log in"), self)
        self.start_at_login.setChecked(reminders.start_at_login)
        self._reminders = reminders
        desktop = QWidget(self)
        desktop_form = QFormLayout(desktop)
        desktop_form.addRow(self.remind)
        about = QLabel(
            self.tr(
                "A notification when a reply becomes owed (24 hours after it came), one "
                "daily digest of follow-ups due, letter reminders, and interviews a day and "
                "an hour before. Click one to open the person or the list."
            ),
            desktop,
        )
        about.setWordWrap(True)
        muted(about)
        desktop_form.addRow(about)
        desktop_form.addRow(self.tr("Daily digest &at"), self.digest_at)
        desktop_form.addRow(self.close_to_tray)
        desktop_form.addRow(self.start_at_login)
        self.lock_after = QComboBox(desktop)
        for minutes in (0, 5, 15, 60):
            self.lock_after.addItem(
                self.tr("Never")
                if minutes == 0
                else self.tr("After %n minute(s) idle", "", minutes),
                minutes,
            )
        self.lock_after.setAccessibleName(self.tr("Lock the window"))
        self.lock_after.setCurrentIndex(max(self.lock_after.findData(lock_minutes or 0), 0))
        self.lock_after.setEnabled(lock_minutes is not None)
        if lock_minutes is None:
            self.lock_after.setToolTip(
                self.tr(
                    "Only a store with a passphrase can lock (File → Protect with a Passphrase…)."
                )
            )
        desktop_form.addRow(self.tr("&Lock the window"), self.lock_after)
        self.no_tray = QLabel(
            self.tr(
                "This desktop shows no tray icons: notifications appear in the window's "
                "status bar while it is open, and the Today tab lists everything."
            ),
            desktop,
        )
        self.no_tray.setWordWrap(True)
        self.no_tray.setVisible(not reminders.tray)
        desktop_form.addRow(self.no_tray)
        self.close_to_tray.setEnabled(reminders.tray)
        if not reminders.autostart:
            self.start_at_login.setEnabled(False)
            self.start_at_login.setToolTip(
                self.tr("The Windows and macOS installers set this up (see the README).")
            )
        self.remind.toggled.connect(self._reminders_toggled)
        self._reminders_toggled(reminders.enabled)

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
        tiers.setFlat(True)
        tiers_form = QFormLayout(tiers)
        for tier, (low, high) in (tier_ranges or DEFAULT_TIER_RANGES).items():
            edit = QLineEdit(f"{low}-{high}", self)
            edit.setAccessibleName(self.tr("Tier %1 range").replace("%1", str(tier)))
            edit.setPlaceholderText("15-30")
            tiers_form.addRow(self.tr("Tier %1").replace("%1", str(tier)), edit)
            self.tier_ranges[tier] = edit
        # The first run is one short step: what the playbook needs, and
        # whether to be reminded. The rest waits in Settings, at its defaults.
        self.first_run = first_run
        self.my_name.setFocus()  # the first field first
        self.pages = QTabWidget(self)
        self.pages.setObjectName("settingsPages")
        if first_run:
            layout.addLayout(form)
            layout.addWidget(self.remind)
            for hidden in (follow_ups, desktop, tiers):
                hidden.hide()
            self.pages.hide()
        else:
            profile_page = QWidget(self)
            profile_page.setLayout(form)
            self.pages.addTab(profile_page, self.tr("&Profile"))
            self.pages.addTab(follow_ups, self.tr("&Follow-ups"))
            self.pages.addTab(desktop, self.tr("Rem&inders"))
            self.pages.addTab(tiers, self.tr("P&rograms"))
            if fields_page is not None:
                self.pages.addTab(fields_page, self.tr("&Your fields"))
            layout.addWidget(self.pages)
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

    def _reminders_toggled(self, on: bool) -> None:
        for widget in (self.digest_at, self.close_to_tray, self.start_at_login):
            widget.setEnabled(
                (on and widget is not self.close_to_tray) or (on and self._reminders.tray)
            )
        if not self._reminders.autostart:
            self.start_at_login.setEnabled(False)

    def reminder_choices(self) -> Reminders:
        return Reminders(
            enabled=self.remind.isChecked(),
            digest_at=self.digest_at.time().toString("HH:mm"),
            close_to_tray=self.close_to_tray.isChecked() and self._reminders.tray,
            start_at_login=self.start_at_login.isChecked() and self._reminders.autostart,
            tray=self._reminders.tray,
            autostart=self._reminders.autostart,
        )

    def values(self) -> dict[str, str]:
        values = {
            "my_name": self.my_name.text(),
            "target_specialty": self.target.currentText(),
            "backup_specialty": self.backup.currentText(),
            "home_timezone": self.timezone.currentText().strip(),
            "visa": str(self.visa.currentData()),
        }
        if not self.first_run:
            values["my_emails"] = self.my_emails.text()
            for stage, box in self.intervals.items():
                values[interval_key(stage)] = str(box.value())
                values[maximum_key(stage)] = str(self.maximums[stage].value())
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
        for stage, box in self.intervals.items():
            if self.maximums[stage].value() < box.value():
                self.pages.setCurrentIndex(1)
                self.maximums[stage].setFocus()
                self.error.show_error(
                    self.tr("%1: losing touch must come after the follow-up is due.").replace(
                        "%1", stage_label(stage)
                    )
                )
                return
        try:
            self._on_save(values)
        except UserError as exc:
            if exc.where == "my_emails":
                self.pages.setCurrentIndex(0)
                self.my_emails.setFocus()
            self.error.show_error(str(exc))
            return
        if self._on_lock_minutes is not None and self.lock_after.isEnabled():
            self._on_lock_minutes(int(self.lock_after.currentData()))
        if self._on_reminders is not None:
            try:
                self._on_reminders(self.reminder_choices())
            except (UserError, OSError) as exc:
                self.pages.setCurrentIndex(2)
                self.error.show_error(str(exc))
                return
        self.accept()
