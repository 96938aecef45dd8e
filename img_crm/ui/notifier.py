"""Reminders that reach the user while the app runs: a tray icon, its menu,
and desktop notifications.

Opt-in (first run and Settings), per computer: the choices live in the
data folder's ``window.ini`` beside the window's state, with what was
already said (``domain/reminders.py`` decides what to say and when). The
notifier only reads the store. Where the desktop has no tray, it shows no
icon and Settings says so; the Today tab is then the list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from img_crm import APP_DISPLAY_NAME, clock
from img_crm.domain.reminders import Notice, NoticeState, due_notices
from img_crm.ui.icons import app_icon
from img_crm.ui.views.settings_dialog import Reminders

if TYPE_CHECKING:
    from img_crm.ui.main_window import MainWindow

#: How often the clock is looked at (a reply owed is said within a minute).
TICK_MS = 60_000
DEFAULT_DIGEST = time(8, 0)
SHOWN_MS = 10_000
#: The moment of the last look is written at most this often (window.ini).
CHECKED_EVERY = timedelta(minutes=15)
#: After a change or the window's opening: soon, but after the first paint.
FIRST_LOOK_MS = 2_000


@dataclass(frozen=True, slots=True)
class ReminderPrefs:
    enabled: bool = False
    digest_at: time = DEFAULT_DIGEST
    close_to_tray: bool = False


def load_prefs(settings: QSettings) -> ReminderPrefs:
    def flag(key: str) -> bool:
        return str(settings.value(key, "false")).casefold() == "true"

    try:
        digest = time.fromisoformat(str(settings.value("reminders/digest_at", "08:00")))
    except ValueError:
        digest = DEFAULT_DIGEST
    return ReminderPrefs(flag("reminders/enabled"), digest, flag("reminders/close_to_tray"))


def save_prefs(settings: QSettings, prefs: ReminderPrefs) -> None:
    settings.setValue("reminders/enabled", "true" if prefs.enabled else "false")
    settings.setValue("reminders/digest_at", prefs.digest_at.strftime("%H:%M"))
    settings.setValue("reminders/close_to_tray", "true" if prefs.close_to_tray else "false")
    settings.sync()


def _load_state(settings: QSettings) -> NoticeState:
    def moment(key: str) -> datetime | None:
        try:
            return datetime.fromisoformat(str(settings.value(key, "")))
        except ValueError:
            return None

    day = moment("reminders/digest_on")
    said = str(settings.value("reminders/said", ""))
    return NoticeState(
        moment("reminders/checked"),
        day.date() if day is not None else None,
        frozenset(k for k in said.split("\n") if k),
    )


def _save_state(settings: QSettings, state: NoticeState) -> None:
    if state.checked is not None:
        settings.setValue("reminders/checked", state.checked.isoformat(timespec="seconds"))
    if state.digest_on is not None:
        settings.setValue("reminders/digest_on", state.digest_on.isoformat())
    settings.setValue("reminders/said", "\n".join(sorted(state.said)))


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class Notifier(QObject):
    """The tray icon and the reminder clock of one main window."""

    #: A notice was shown (tests and the status bar listen).
    notified = Signal(object)

    def __init__(
        self,
        window: MainWindow,
        *,
        now: Callable[[], datetime] = clock.local_now,
        with_tray: bool | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self._now = now
        self._with_tray = tray_available() if with_tray is None else with_tray
        self.prefs = load_prefs(window.window_settings)
        self.state = _load_state(window.window_settings)
        self._saved = self.state
        self.last: Notice | None = None
        self._said_running = False
        self.tray: QSystemTrayIcon | None = None
        self.menu = QMenu(window)
        self.menu.setObjectName("trayMenu")
        self.open_action = self.menu.addAction(self.tr("&Open %1").replace("%1", APP_DISPLAY_NAME))
        self.log_action = self.menu.addAction(self.tr("&Log activity…"))
        self.today_action = self.menu.addAction(self.tr("&Today"))
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction(self.tr("&Quit"))
        self.open_action.triggered.connect(self.bring_up)
        self.log_action.triggered.connect(self._log)
        self.today_action.triggered.connect(self._today)
        self.quit_action.triggered.connect(window.quit_app)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.apply(self.prefs)

    # --- choices ------------------------------------------------------------------

    @property
    def has_tray(self) -> bool:
        return self._with_tray

    @property
    def keeps_running(self) -> bool:
        """Closing the window hides it to the tray instead of quitting."""
        return self.tray is not None and self.prefs.close_to_tray

    def choices(self) -> Reminders:
        """The choices as Settings shows them, with what this desktop can do."""
        from img_crm.services import autostart

        return Reminders(
            enabled=self.prefs.enabled,
            digest_at=self.prefs.digest_at.strftime("%H:%M"),
            close_to_tray=self.prefs.close_to_tray,
            start_at_login=autostart.supported() and autostart.is_enabled(),
            tray=self._with_tray,
            autostart=autostart.supported(),
        )

    def take(self, choices: Reminders) -> None:
        """Settings' choices: the start-at-login entry first (it can fail on a
        full disk or a read-only home), then the rest."""
        from img_crm.services import autostart

        if choices.autostart and choices.start_at_login != autostart.is_enabled():
            folder = self.window.ops.store.path.parent
            autostart.set_enabled(choices.start_at_login, command=autostart.start_command(folder))
        self.apply(
            ReminderPrefs(
                choices.enabled, time.fromisoformat(choices.digest_at), choices.close_to_tray
            )
        )

    def apply(self, prefs: ReminderPrefs) -> None:
        """Take new choices: show or hide the tray icon, start or stop the clock."""
        was_on = self.prefs.enabled
        self.prefs = prefs
        save_prefs(self.window.window_settings, prefs)
        if prefs.enabled and self._with_tray and self.tray is None:
            self.tray = QSystemTrayIcon(app_icon(), self)
            self.tray.setToolTip(APP_DISPLAY_NAME)
            self.tray.setContextMenu(self.menu)
            self.tray.messageClicked.connect(self.open_last)
            self.tray.activated.connect(self._activated)
            self.tray.show()
        elif not prefs.enabled and self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(not self.keeps_running)
        if prefs.enabled:
            if not was_on:
                self.state = replace(self.state, checked=None)  # say nothing already pending
            self.timer.start()
            self.soon()
        else:
            self.timer.stop()

    def soon(self) -> None:
        """Look again shortly (after a change, or once the window is up)."""
        if self.prefs.enabled:
            QTimer.singleShot(FIRST_LOOK_MS, self.tick)

    def say_still_running(self) -> None:
        """Once per run: closing the window left the app in the tray."""
        if self.tray is not None and not self._said_running:
            self._said_running = True
            self.tray.showMessage(
                APP_DISPLAY_NAME,
                self.tr("Still running in the tray, with your reminders. Quit from its menu."),
                QSystemTrayIcon.MessageIcon.Information,
                SHOWN_MS,
            )

    # --- the clock ----------------------------------------------------------------

    def tick(self) -> list[Notice]:
        """Look at the clock and the store; show what is due. Returns it."""
        if not self.prefs.enabled or not self.window.is_open:
            return []
        from img_crm.services.reminders import reminder_facts

        now = self._now()
        digest_due = now.time() >= self.prefs.digest_at and self.state.digest_on != now.date()
        with self.window.ops.reading() as session:
            facts = reminder_facts(session, now=now, with_counts=digest_due)
        notices, self.state = due_notices(
            facts, now=now, state=self.state, digest_at=self.prefs.digest_at
        )
        self._keep_state()
        for notice in notices:
            self.show(notice)
        return notices

    def _keep_state(self) -> None:
        """Write what was said to ``window.ini`` when it changed (not at every
        tick: the moment of the last look alone is written every
        ``CHECKED_EVERY``; what was said is what keeps a notice from being
        said twice)."""
        old, new = self._saved, self.state
        stale = (
            old.checked is None
            or new.checked is None
            or new.checked - old.checked >= CHECKED_EVERY
            or new.checked < old.checked
        )
        if (old.said, old.digest_on) != (new.said, new.digest_on) or stale:
            _save_state(self.window.window_settings, new)
            self._saved = new

    def said(self, notice: Notice) -> tuple[str, str]:
        """The title and text shown: the notice's, or none of its names and
        numbers while the window is locked (issue #23)."""
        if self.window.screen_lock.locked:
            return APP_DISPLAY_NAME, self.tr(
                "A reminder is due. Unlock %1 with your passphrase to see it."
            ).replace("%1", APP_DISPLAY_NAME)
        return notice.title, notice.text

    def show(self, notice: Notice) -> None:
        self.last = notice
        title, text = self.said(notice)
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, SHOWN_MS)
        else:  # no tray: the window's status bar, and the Today tab lists it
            self.window.statusBar().showMessage(f"{title}: {text}", SHOWN_MS)
        self.notified.emit(notice)

    # --- what a click opens -------------------------------------------------------

    def open_last(self) -> None:
        if self.last is not None:
            self.open(self.last)

    def open(self, notice: Notice) -> None:
        self.bring_up()
        if self.window.screen_lock.locked:
            return  # the cover asks for the passphrase first
        if notice.opens == "contact" and notice.contact_id is not None:
            self.window.open_contact(notice.contact_id)
        elif notice.opens == "letters":
            self.window.tabs.setCurrentWidget(self.window.letters_tab)
        elif notice.opens == "programs":
            self.window.tabs.setCurrentWidget(self.window.programs_tab)
        else:
            self.window.tabs.setCurrentIndex(0)

    def bring_up(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            if self.window.isVisible() and not self.window.isMinimized():
                self.window.hide()
            else:
                self.bring_up()

    def _log(self) -> None:
        self.bring_up()
        if self.window.is_open and not self.window.screen_lock.locked:
            self.window.log_activity()

    def _today(self) -> None:
        self.bring_up()
        self.window.tabs.setCurrentIndex(0)
