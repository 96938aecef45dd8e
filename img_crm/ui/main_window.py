"""The main window: menus, the four tabs, the welcome panel and saved window state.

One module because every menu entry is a small method of the window it acts on;
the flows behind them live elsewhere (``transfers.py``, ``ops.py``, the views).
"""

from __future__ import annotations

from functools import partial

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QWidget,
)

from img_crm import APP_DISPLAY_NAME, __version__
from img_crm.domain.enums import ActivityKind
from img_crm.domain.text import is_number
from img_crm.errors import UserError
from img_crm.services.exports import Kind
from img_crm.services.profile import load_intervals, load_profile, setting, tier_ranges
from img_crm.store.reports import store_is_empty
from img_crm.ui import theme
from img_crm.ui.icons import app_icon
from img_crm.ui.ops import Ops
from img_crm.ui.transfers import Transfers
from img_crm.ui.views.activity_tab import ActivityTab
from img_crm.ui.views.backups_dialog import BackupsDialog
from img_crm.ui.views.board import PipelineTab
from img_crm.ui.views.contacts_tab import ContactsTab
from img_crm.ui.views.duplicates_dialog import DuplicatesDialog
from img_crm.ui.views.letters_tab import LettersTab
from img_crm.ui.views.plan_tab import PlanTab
from img_crm.ui.views.programs_tab import ProgramsTab
from img_crm.ui.views.settings_dialog import SettingsDialog
from img_crm.ui.views.table_view import restore_header, save_header
from img_crm.ui.views.templates_dialog import TemplatesDialog
from img_crm.ui.views.today_tab import TodayTab
from img_crm.ui.views.welcome import WelcomePanel

AUTO_BACKUP_MINUTES = 30
WELCOME_DONE = "ui.welcome_done"
PROFILE_PROMPTED = "ui.profile_prompted"


class MainWindow(QMainWindow):
    def __init__(
        self,
        ops: Ops,
        window_settings: QSettings,
        parent: QWidget | None = None,
        *,
        open_later: bool = False,
    ) -> None:
        """``open_later``: paint the window at once with a short "opening" note,
        and read the start page's data just after that first paint (the app's
        start-up does this; a big store then shows a window in about a second
        instead of after its whole first page is ready)."""
        super().__init__(parent)
        self.ops = ops
        self.window_settings = window_settings
        self._opened = False
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setWindowIcon(app_icon())
        self.setObjectName("mainWindow")

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.today_tab = TodayTab(ops, self, lazy=True)
        self.contacts_tab = ContactsTab(ops, self, lazy=True)
        self.pipeline_tab = PipelineTab(ops, self, lazy=True)
        self.programs_tab = ProgramsTab(ops, self, lazy=True)
        self.activity_tab = ActivityTab(ops, self, lazy=True)
        self.letters_tab = LettersTab(ops, self, lazy=True)
        self.plan_tab = PlanTab(ops, self, lazy=True)
        self.tabs.addTab(self.today_tab, self.tr("&Today"))
        self.tabs.addTab(self.contacts_tab, self.tr("&Contacts"))
        self.tabs.addTab(self.pipeline_tab, self.tr("&Pipeline"))
        self.tabs.addTab(self.programs_tab, self.tr("P&rograms"))
        self.tabs.addTab(self.activity_tab, self.tr("&Activity"))
        self.tabs.addTab(self.letters_tab, self.tr("&Letters"))
        self.tabs.addTab(self.plan_tab, self.tr("Pla&n"))
        self.welcome = WelcomePanel(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.opening = QLabel(self.tr("Opening your contacts…"), self)
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening.setAccessibleName(self.opening.text())
        self.opening.installEventFilter(self)
        self.stack.addWidget(self.opening)
        self.setCentralWidget(self.stack)

        self.transfers = Transfers(ops, self, window_settings)
        self._build_menus()
        self.contacts_tab.detail.log_requested.connect(self.log_activity)
        self.pipeline_tab.detail.log_requested.connect(self.log_activity)
        # Answering a reply or following up is a message sent, most of the time.
        self.today_tab.log_requested.connect(
            lambda contact_id: self.log_activity(contact_id, ActivityKind.OUTREACH_SENT)
        )
        self.today_tab.open_requested.connect(self.open_contact)
        self.today_tab.letter_requested.connect(self.open_letter)
        self.today_tab.overdue_requested.connect(self.show_overdue)
        self.letters_tab.detail.evidence_requested.connect(self.export_evidence)
        self.transfers.imported.connect(self._leave_welcome)
        self.welcome.sample_requested.connect(self.load_sample)
        self.welcome.empty_requested.connect(self.start_empty)
        self.welcome.import_requested.connect(self.transfers.import_file)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack.currentChanged.connect(self._load_current_tab)
        self._restore_state()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            self._painted_with = app.palette().cacheKey()  # drawn with it as built
        if open_later:
            self.stack.setCurrentWidget(self.opening)
            self._update_actions()
        else:
            self.finish_opening()
        # Back up every 30 minutes while something changed, and on close.
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(AUTO_BACKUP_MINUTES * 60 * 1000)
        self.backup_timer.timeout.connect(self.auto_backup)
        self.backup_timer.start()

    # --- menus ------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = self._action(
            self.tr("&New contact…"), self.new_contact, QKeySequence.StandardKey.New
        )
        self.export_csv_action = self._action(
            self.tr("&Export contacts as CSV…"),
            lambda: self.transfers.export(Kind.CONTACTS),
            "Ctrl+E",
        )
        self.export_json_action = self._action(
            self.tr("Export &everything as JSON…"),
            lambda: self.transfers.export(Kind.JSON),
            "Ctrl+Shift+E",
        )
        self.settings_action = self._action(
            self.tr("&Settings…"), self.open_settings, QKeySequence.StandardKey.Preferences
        )
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.export_experiences_action = self._action(
            self.tr("E&xperiences for ERAS…"), lambda: self.transfers.export(Kind.EXPERIENCES)
        )
        self.import_action = self._action(self.tr("&Import…"), self.transfers.import_file, "Ctrl+I")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.import_action)
        export_menu = file_menu.addMenu(self.tr("E&xport"))
        export_menu.addAction(self.export_csv_action)
        self.export_other_actions: dict[str, QAction] = {}
        for kind, caption in (
            ("contacts-safe", self.tr("Contacts as CSV for &Excel (formulas made safe)…")),
            ("vcard", self.tr("Contacts as &vCard…")),
            ("ics", self.tr("&Calendar of follow-ups, reminders and interviews…")),
            ("activities", self.tr("&Activities as CSV…")),
            ("letters", self.tr("&Letters as CSV…")),
            ("programs", self.tr("&Programs as CSV…")),
        ):
            action = self._action(
                caption,
                lambda _c=False, k=kind: self.transfers.export(
                    Kind.CONTACTS if k == "contacts-safe" else Kind(k), safe=k == "contacts-safe"
                ),
            )
            export_menu.addAction(action)
            self.export_other_actions[kind] = action
        export_menu.addAction(self.export_experiences_action)
        export_menu.addSeparator()
        export_menu.addAction(self.export_json_action)
        self.backups_action = self._action(self.tr("&Backups…"), self.open_backups)
        file_menu.addAction(self.backups_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        stack = self.ops.undo_stack
        self.undo_action = stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = stack.createRedoAction(self, self.tr("&Redo"))
        # The platform's Redo (Ctrl+Shift+Z on Linux, Ctrl+Y on Windows) and the
        # other one too, each once: a key bound twice makes Qt act on neither.
        redo_keys = [
            *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
            QKeySequence("Ctrl+Shift+Z"),
            QKeySequence("Ctrl+Y"),
        ]
        self.redo_action.setShortcuts(list({key.toString(): key for key in redo_keys}.values()))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.find_action = self._action(
            self.tr("&Find…"), self.focus_find, QKeySequence.StandardKey.Find
        )
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.contacts_tab.delete_action)

        contact_menu = bar.addMenu(self.tr("C&ontact"))
        self.log_action = self._action(
            self.tr("&Log activity…"), lambda: self.log_activity(self.current_contact()), "Ctrl+L"
        )
        self.duplicates_action = self._action(self.tr("Find &duplicates…"), self.find_duplicates)
        contact_menu.addAction(self.new_action)
        contact_menu.addAction(self.log_action)
        contact_menu.addSeparator()
        contact_menu.addAction(self.pipeline_tab.board.forward_action)
        contact_menu.addAction(self.pipeline_tab.board.back_action)
        contact_menu.addSeparator()
        contact_menu.addAction(self.duplicates_action)
        self.evidence_action = self._action(
            self.tr("&Evidence sheet…"), lambda: self.export_evidence()
        )
        contact_menu.addAction(self.evidence_action)
        self.templates_action = self._action(
            self.tr("&Templates…"), lambda: self.open_templates(), "Ctrl+T"
        )
        contact_menu.addAction(self.templates_action)

        view_menu = bar.addMenu(self.tr("&View"))
        for index in range(self.tabs.count()):
            name = self.tabs.tabText(index).replace("&", "")
            action = self._action(
                name, lambda _checked=False, i=index: self.show_tab(i), f"Ctrl+{index + 1}"
            )
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.open_on_today_action = QAction(self.tr("Open on &Today at start"), self)
        self.open_on_today_action.setCheckable(True)
        self.open_on_today_action.setChecked(
            str(self.window_settings.value("window/open_on_today", "true")) == "true"
        )
        self.open_on_today_action.toggled.connect(
            lambda on: self.window_settings.setValue(
                "window/open_on_today", "true" if on else "false"
            )
        )
        view_menu.addAction(self.open_on_today_action)
        appearance = view_menu.addMenu(self.tr("A&ppearance"))
        group = QActionGroup(self)
        current = self.window_settings.value("appearance", theme.Appearance.SYSTEM.value)
        captions = {
            theme.Appearance.SYSTEM: self.tr("Follow the &system"),
            theme.Appearance.LIGHT: self.tr("&Light"),
            theme.Appearance.DARK: self.tr("&Dark"),
        }
        self.appearance_actions: dict[theme.Appearance, QAction] = {}
        for choice, caption in captions.items():
            action = self._action(caption, lambda _c=False, a=choice: self.set_appearance(a))
            self.appearance_actions[choice] = action
            action.setCheckable(True)
            action.setChecked(current == choice.value)
            group.addAction(action)
            appearance.addAction(action)

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("Open the &data folder"), self.open_data_folder))
        about = self._action(self.tr("&About %1").replace("%1", APP_DISPLAY_NAME), self.about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    # --- start page and state -------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.opening
            and event.type() == QEvent.Type.Paint
            and self.stack.currentWidget() is self.opening
        ):
            QTimer.singleShot(0, self.finish_opening)  # once painted, fill it in
        return super().eventFilter(watched, event)

    def finish_opening(self) -> None:
        """Choose the start page (welcome or tabs) and load what it shows (once)."""
        if self._opened:
            return
        self._opened = True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._choose_start_page()
            self._load_current_tab()
        finally:
            QApplication.restoreOverrideCursor()

    def _choose_start_page(self) -> None:
        with self.ops.reading() as session:
            empty = store_is_empty(session)
            done = setting(session, key=WELCOME_DONE) == "1"
        if empty and not done:
            self.stack.setCurrentWidget(self.welcome)
            self.welcome.setFocus()
        else:
            self.stack.setCurrentWidget(self.tabs)
        self._update_actions()

    def _update_actions(self) -> None:
        on_tabs = self.stack.currentWidget() is self.tabs
        for action in (
            self.new_action,
            self.export_csv_action,
            self.export_json_action,
            self.find_action,
            self.log_action,
            self.duplicates_action,
            self.evidence_action,
            self.templates_action,
            self.export_experiences_action,
            *self.export_other_actions.values(),
        ):
            action.setEnabled(on_tabs)

    def load_sample(self) -> None:
        summary = self.ops.attempt(self, self.tr("Sample data"), self.ops.load_demo)
        if summary is None:
            return
        self.ops.set_flag(WELCOME_DONE, "1")
        self.stack.setCurrentWidget(self.tabs)
        self._update_actions()
        self.statusBar().showMessage(
            self.tr("Sample data loaded: %1 contacts, %2 activities.")
            .replace("%1", str(summary.contacts))
            .replace("%2", str(summary.activities)),
            8000,
        )
        self.prompt_profile()

    def start_empty(self) -> None:
        self.ops.set_flag(WELCOME_DONE, "1")
        self.stack.setCurrentWidget(self.tabs)
        self._update_actions()
        self.prompt_profile()

    def prompt_profile(self) -> None:
        """Ask for the profile once, on first use; it can be skipped."""
        with self.ops.reading() as session:
            prompted = setting(session, key=PROFILE_PROMPTED) == "1"
        if prompted:
            return
        self.ops.set_flag(PROFILE_PROMPTED, "1")
        self._settings_dialog(first_run=True).exec()

    def _settings_dialog(self, *, first_run: bool) -> SettingsDialog:
        with self.ops.reading() as session:
            profile = load_profile(session)
            intervals = load_intervals(session)
            ranges = tier_ranges(session)
        return SettingsDialog(
            profile,
            self.ops.save_profile,
            first_run=first_run,
            intervals=intervals,
            tier_ranges=ranges,
            parent=self,
        )

    def open_settings(self) -> None:
        self._settings_dialog(first_run=False).exec()

    def _restore_state(self) -> None:
        geometry = self.window_settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            # 1200x760 where it fits; on a 1024x700 screen, the screen's room.
            room = self.screen().availableGeometry()
            self.resize(min(1200, room.width()), min(760, room.height()))
        state = self.window_settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        # The day starts on Today unless the user asked to come back to the last tab.
        tab = self.window_settings.value("window/tab", 0)
        if self.open_on_today_action.isChecked() or not is_number(str(tab)):
            self.tabs.setCurrentWidget(self.today_tab)
        else:
            self.tabs.setCurrentIndex(int(str(tab)))
        for table in self._tables():
            restore_header(table, self.window_settings)
        if not self.window_settings.contains(f"tables/{self.activity_tab.table.objectName()}"):
            self.activity_tab.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for splitter in self._splitters():
            state = self.window_settings.value(f"splitters/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)

    def save_state(self) -> None:
        self.window_settings.setValue("window/geometry", self.saveGeometry())
        self.window_settings.setValue("window/state", self.saveState())
        self.window_settings.setValue("window/tab", self.tabs.currentIndex())
        for table in self._tables():
            save_header(table, self.window_settings)
        for splitter in self._splitters():
            self.window_settings.setValue(
                f"splitters/{splitter.objectName()}", splitter.saveState()
            )
        self.window_settings.sync()

    def auto_backup(self, reason: str = "auto") -> None:
        """Back up if anything changed since the last backup; a failure is reported once."""
        if not self.ops.dirty:
            return
        try:
            self.ops.backup_now(reason)
        except (UserError, OSError) as exc:
            self.statusBar().showMessage(
                self.tr("Automatic backup failed: %1").replace("%1", str(exc)), 15000
            )

    def open_backups(self) -> None:
        BackupsDialog(self.ops, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.auto_backup("on-close")
        super().closeEvent(event)

    def _tables(self) -> list[QTableView]:
        return [
            self.contacts_tab.table,
            self.programs_tab.table,
            self.activity_tab.table,
            self.letters_tab.table,
        ]

    def _splitters(self) -> list[QSplitter]:
        return [
            self.contacts_tab.splitter,
            self.pipeline_tab.splitter,
            self.programs_tab.splitter,
            self.letters_tab.splitter,
        ]

    # --- actions ----------------------------------------------------------------

    def current_contact(self) -> int | None:
        """The contact the user is looking at, on whichever tab shows one."""
        if self.tabs.currentWidget() is self.pipeline_tab:
            return self.pipeline_tab.detail.contact_id
        return self.contacts_tab.detail.contact_id

    def log_activity(
        self, contact_id: int | None = None, kind: ActivityKind = ActivityKind.MEETING
    ) -> None:
        """Open the activity form, with the contact (or the last one used) and today."""
        self.activity_tab.log_activity(contact_id, kind)

    def open_contact(self, contact_id: int) -> None:
        self.tabs.setCurrentWidget(self.contacts_tab)
        self.contacts_tab.show_contact(contact_id)

    def show_overdue(self) -> None:
        """Contacts, narrowed to everyone who owes or is owed a touch."""
        self.tabs.setCurrentWidget(self.contacts_tab)
        self.contacts_tab.show_overdue()

    def open_letter(self, letter_id: int) -> None:
        self.tabs.setCurrentWidget(self.letters_tab)
        self.letters_tab.show_letter(letter_id)

    def export_evidence(self, contact_id: int | None = None) -> None:
        """The evidence sheet of the given contact, or of the one on screen."""
        self.transfers.export_evidence(
            contact_id if contact_id is not None else self.current_contact()
        )

    def open_templates(self, contact_id: int | None = None) -> None:
        chosen = contact_id if contact_id is not None else self.current_contact()
        TemplatesDialog(self.ops, contact_id=chosen, parent=self).exec()

    def find_duplicates(self) -> None:
        DuplicatesDialog(self.ops, self).exec()

    def show_tab(self, index: int) -> None:
        if self.stack.currentWidget() is self.tabs:
            self.tabs.setCurrentIndex(index)

    def _load_current_tab(self) -> None:
        """Tabs load when looked at (see views/lazy.py); this one is being looked at."""
        loader = getattr(self.tabs.currentWidget(), "loader", None)
        if self.stack.currentWidget() is self.tabs and loader is not None:
            loader.ensure_loaded()

    def _tab_changed(self, index: int) -> None:
        self._load_current_tab()
        on_contacts = self.tabs.widget(index) is self.contacts_tab
        self.contacts_tab.delete_action.setEnabled(
            on_contacts and bool(self.contacts_tab.selected_ids())
        )

    def new_contact(self) -> None:
        self.tabs.setCurrentWidget(self.contacts_tab)
        self.contacts_tab.new_contact()

    def focus_find(self) -> None:
        self.tabs.setCurrentWidget(self.contacts_tab)
        self.contacts_tab.focus_search()

    def _leave_welcome(self) -> None:
        if self.stack.currentWidget() is self.welcome:
            self.ops.set_flag(WELCOME_DONE, "1")
            self.stack.setCurrentWidget(self.tabs)
            self._update_actions()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """A dialog of this window closed and left no window active (no
        window manager hands it back, or one that does not): the main window
        takes the keyboard again, on the widget that had it."""
        if new is None and old is not None:
            dialog = old.window()
            owner = dialog.parentWidget()
            if isinstance(dialog, QDialog) and owner is not None and owner.window() is self:
                # Once the dialog is hidden: focus leaves it while it still shows.
                QTimer.singleShot(0, partial(self._take_focus_back, dialog))

    def _take_focus_back(self, dialog: QDialog) -> None:
        closed = not shiboken6.isValid(dialog) or not dialog.isVisible()
        if not closed or not self.isVisible() or QApplication.activeWindow() is not None:
            return  # the dialog is still open (the user went to another app), or all is well
        self.activateWindow()
        child = self.focusWidget()
        if child is not None:
            child.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    _refresh_pending = False
    _painted_with: int | None = None

    def set_appearance(self, appearance: theme.Appearance) -> None:
        """Light, dark or the system's, at once: the palette changes under
        every widget and ``changeEvent`` redraws what paints its own colours."""
        self.window_settings.setValue("appearance", appearance.value)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, appearance)
            # Every widget takes the palette through a posted event: deliver
            # them, then redraw, so nothing is drawn from the old palette.
            QApplication.sendPostedEvents()
            self.refresh_appearance()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_appearance()  # the palette may have changed while it was hidden

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        changed = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in changed and not self._refresh_pending:
            # Once every widget has the new palette (they get it one by one).
            self._refresh_pending = True
            QTimer.singleShot(0, self.refresh_appearance)

    def refresh_appearance(self) -> None:
        """After a palette change: recolour the toned labels, and redraw each
        tab that paints colours of its own (rich text, charts, the plan) now
        if it is on screen, else when it is next opened."""
        self._refresh_pending = False
        app = QApplication.instance()
        if not isinstance(app, QApplication) or not self.isVisible():
            return  # a closed window (its store may be closed too) redraws when shown
        painted = app.palette().cacheKey()
        if painted == self._painted_with:
            return  # already drawn with this palette
        self._painted_with = painted
        theme.retone(app)
        for index in range(self.tabs.count()):
            loader = getattr(self.tabs.widget(index), "loader", None)
            if loader is not None and not loader.stale:
                loader.changed()

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ops.store.path.parent)))

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About %1").replace("%1", APP_DISPLAY_NAME),
            self.tr(
                "<h3>%1 %2</h3><p>A private, offline relationship manager for International "
                "Medical Graduates building US residency sponsorship.</p>"
                "<p>Your data is kept in:<br><code>%3</code></p>"
            )
            .replace("%1", APP_DISPLAY_NAME)
            .replace("%2", __version__)
            .replace("%3", str(self.ops.store.path)),
        )
