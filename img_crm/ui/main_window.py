"""The main window: menus, the seven tabs, the welcome panel and saved window state.

One module because every menu entry is a small method of the window it acts on;
the flows behind them live elsewhere (``transfers.py``, ``ops.py``, the views).

The window paints before the store is open: this module and what it imports
at the top are Qt and plain Python only, so the window, its menus and the
"Opening your contacts…" note are on screen before SQLAlchemy and the tables
load (about 0.5 s). Each tab is a placeholder until it is first shown; then its
module is imported and the tab built in its place (``_build_tab``).
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, QSignalBlocker, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QShowEvent,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
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
from img_crm.ui import theme
from img_crm.ui.icons import app_icon
from img_crm.ui.views.welcome import WelcomePanel

if TYPE_CHECKING:
    from img_crm.ui.notifier import Notifier
    from img_crm.ui.ops import Ops
    from img_crm.ui.transfers import Transfers
    from img_crm.ui.views.activity_tab import ActivityTab
    from img_crm.ui.views.board import PipelineTab
    from img_crm.ui.views.contacts_tab import ContactsTab
    from img_crm.ui.views.letters_tab import LettersTab
    from img_crm.ui.views.plan_tab import PlanTab
    from img_crm.ui.views.programs_tab import ProgramsTab
    from img_crm.ui.views.season_tab import SeasonTab
    from img_crm.ui.views.settings_dialog import SettingsDialog
    from img_crm.ui.views.today_tab import TodayTab

AUTO_BACKUP_MINUTES = 30
WELCOME_DONE = "ui.welcome_done"
PROFILE_PROMPTED = "ui.profile_prompted"

#: The tabs in order: key, and the module and class that build it when first shown.
TABS: tuple[tuple[str, str, str], ...] = (
    ("today", "img_crm.ui.views.today_tab", "TodayTab"),
    ("contacts", "img_crm.ui.views.contacts_tab", "ContactsTab"),
    ("pipeline", "img_crm.ui.views.board", "PipelineTab"),
    ("programs", "img_crm.ui.views.programs_tab", "ProgramsTab"),
    ("activity", "img_crm.ui.views.activity_tab", "ActivityTab"),
    ("letters", "img_crm.ui.views.letters_tab", "LettersTab"),
    ("plan", "img_crm.ui.views.plan_tab", "PlanTab"),
    ("season", "img_crm.ui.views.season_tab", "SeasonTab"),
)

#: ``opener(window)``: opens the store after the window's first paint, asking
#: whatever it must with the window as parent; None when the user chose to quit.
Opener = Callable[[QWidget], "Ops | None"]


class TabSlot(QWidget):
    """Where a tab goes until it is first shown (its module not yet imported)."""

    def __init__(self, key: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"{key}Slot")


class MainWindow(QMainWindow):
    def __init__(
        self,
        ops: Ops | None,
        window_settings: QSettings,
        parent: QWidget | None = None,
        *,
        open_later: bool = False,
        opener: Opener | None = None,
    ) -> None:
        """``open_later``: paint the window at once with a short "opening" note,
        and read the start page's data just after that first paint (the app's
        start-up does this; a big store then shows a window in about a second
        instead of after its whole first page is ready).

        ``ops`` None with an ``opener``: the store itself is opened after the
        first paint, by ``opener``; the window then closes if it gives None."""
        super().__init__(parent)
        self._ops = ops
        self._opener = opener
        self.window_settings = window_settings
        self._opened = False
        self._quitting = False
        self._ending = False
        self._transfers: Transfers | None = None
        self.notifier: Notifier | None = None  # once the store is open
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setWindowIcon(app_icon())
        self.setObjectName("mainWindow")

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        # No mnemonics on the tabs: Ctrl+1 to Ctrl+8 (the View menu) open them,
        # and eight Alt letters taken by tabs clashed with the pages' own buttons.
        self._captions = {
            "today": self.tr("Today"),
            "contacts": self.tr("Contacts"),
            "pipeline": self.tr("Pipeline"),
            "programs": self.tr("Programs"),
            "activity": self.tr("Activity"),
            "letters": self.tr("Letters"),
            "plan": self.tr("Plan"),
            "season": self.tr("Season"),
        }
        self._slots: dict[str, TabSlot] = {}
        self._built: dict[str, Any] = {}
        for key, _module, _name in TABS:
            self._slots[key] = TabSlot(key, self)
            self.tabs.addTab(self._slots[key], self._captions[key])
        self.welcome = WelcomePanel(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.opening = QLabel(self.tr("Opening your contacts…"), self)
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening.setAccessibleName(self.opening.text())
        self.opening.installEventFilter(self)
        self._orm_after: QWidget | None = None  # see finish_opening
        self.stack.addWidget(self.opening)
        self.setCentralWidget(self.stack)

        self.undo_group = QUndoGroup(self)
        self._build_menus()
        self.welcome.sample_requested.connect(self.load_sample)
        self.welcome.empty_requested.connect(self.start_empty)
        self.welcome.import_requested.connect(lambda: self.transfers.import_file())
        self.welcome.protect_requested.connect(lambda: self.screen_lock.protect())
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack.currentChanged.connect(self._load_current_tab)
        self._restore_state()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            self._painted_with = app.palette().cacheKey()  # drawn with it as built
        # Back up every 30 minutes while something changed, and on close.
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(AUTO_BACKUP_MINUTES * 60 * 1000)
        self.backup_timer.timeout.connect(self.auto_backup)
        self.backup_timer.start()
        if ops is not None:
            self._attach(ops)
        if open_later or ops is None:
            self.stack.setCurrentWidget(self.opening)
            self._update_actions()
        else:
            self.finish_opening()

    # --- the store and the tabs ---------------------------------------------------

    @property
    def ops(self) -> Ops:
        """The store's write path; there is none until the store is open (every
        action that needs it is disabled until then)."""
        if self._ops is None:
            raise RuntimeError("the store is not open yet")
        return self._ops

    @property
    def has_store(self) -> bool:
        """The store is open (the start page may not be chosen yet)."""
        return self._ops is not None

    @property
    def is_open(self) -> bool:
        """The store is open and the start page chosen."""
        return self._ops is not None and self._opened

    @property
    def transfers(self) -> Transfers:
        if self._transfers is None:
            from img_crm.ui.transfers import Transfers

            self._transfers = Transfers(self.ops, self, self.window_settings)
            self._transfers.imported.connect(self._leave_welcome)
        return self._transfers

    def _attach(self, ops: Ops) -> None:
        self._ops = ops
        ops.protection_changed.connect(self.update_protection)
        ops.exported.connect(self.screen_lock.warn_exported)
        self.undo_group.addStack(ops.undo_stack)
        self.undo_group.setActiveStack(ops.undo_stack)

    def built_tab(self, key: str) -> Any | None:
        """The tab if it has been built, without building it."""
        return self._built.get(key)

    def _tab(self, key: str) -> Any:
        built = self._built.get(key)
        return built if built is not None else self._build_tab(key)

    @property
    def today_tab(self) -> TodayTab:
        return self._tab("today")  # type: ignore[no-any-return]

    @property
    def contacts_tab(self) -> ContactsTab:
        return self._tab("contacts")  # type: ignore[no-any-return]

    @property
    def pipeline_tab(self) -> PipelineTab:
        return self._tab("pipeline")  # type: ignore[no-any-return]

    @property
    def programs_tab(self) -> ProgramsTab:
        return self._tab("programs")  # type: ignore[no-any-return]

    @property
    def activity_tab(self) -> ActivityTab:
        return self._tab("activity")  # type: ignore[no-any-return]

    @property
    def letters_tab(self) -> LettersTab:
        return self._tab("letters")  # type: ignore[no-any-return]

    @property
    def plan_tab(self) -> PlanTab:
        return self._tab("plan")  # type: ignore[no-any-return]

    @property
    def season_tab(self) -> SeasonTab:
        return self._tab("season")  # type: ignore[no-any-return]

    def _build_tab(self, key: str) -> Any:
        """Import the tab's module and put the tab where its placeholder was,
        keeping which tab is current (and loading no other tab on the way)."""
        module, name = next((m, n) for k, m, n in TABS if k == key)
        tab = getattr(importlib.import_module(module), name)(self.ops, self, lazy=True)
        self._built[key] = tab
        self._restore_tab_state(tab)
        slot = self._slots[key]
        index = self.tabs.indexOf(slot)
        showing = self.tabs.currentWidget() is slot
        blocker = QSignalBlocker(self.tabs)
        self.tabs.insertTab(index, tab, self._captions[key])
        if showing:
            self.tabs.setCurrentIndex(index)
        self.tabs.removeTab(index + 1)
        del blocker
        slot.deleteLater()
        self._wire(key, tab)
        return tab

    def _wire(self, key: str, tab: Any) -> None:
        """What a tab asks of the window, and its actions in the window's menus."""
        if key == "contacts":
            tab.detail.log_requested.connect(self.log_activity)
            self._replace_placeholder(self.edit_menu, self.delete_placeholder, tab.delete_action)
        elif key == "pipeline":
            tab.detail.log_requested.connect(self.log_activity)
            self._replace_placeholder(
                self.contact_menu, self.forward_placeholder, tab.board.forward_action
            )
            self._replace_placeholder(
                self.contact_menu, self.back_placeholder, tab.board.back_action
            )
        elif key == "today":
            # Answering a reply or following up is a message sent, most of the time.
            tab.log_requested.connect(
                lambda contact_id: self.log_activity(contact_id, ActivityKind.OUTREACH_SENT)
            )
            tab.open_requested.connect(self.open_contact)
            tab.letter_requested.connect(self.open_letter)
            tab.overdue_requested.connect(self.show_overdue)
        elif key == "letters":
            tab.detail.evidence_requested.connect(self.export_evidence)

    @staticmethod
    def _replace_placeholder(menu: QMenu, placeholder: QAction, action: QAction) -> None:
        menu.insertAction(placeholder, action)
        menu.removeAction(placeholder)

    def _placeholder(self, text: str, key: QKeySequence) -> QAction:
        """A menu entry for a tab's action until that tab is built: greyed, with
        the key it will have shown, but not bound (a key is bound once)."""
        shown = key.toString(QKeySequence.SequenceFormat.NativeText)
        action = QAction(f"{text}\t{shown}", self)
        action.setEnabled(False)
        return action

    @staticmethod
    def _parts(tab: Any) -> tuple[list[QTableView], list[QSplitter], QTabWidget | None]:
        """A tab's tables and splitters (``table``/``splitter``, or ``tables``/
        ``splitters`` for a tab of pages) and its pages, whose layout is kept."""
        tables = getattr(tab, "tables", None) or [getattr(tab, "table", None)]
        splitters = getattr(tab, "splitters", None) or [getattr(tab, "splitter", None)]
        pages = getattr(tab, "pages", None)
        return (
            [t for t in tables if isinstance(t, QTableView)],
            [s for s in splitters if isinstance(s, QSplitter)],
            pages if isinstance(pages, QTabWidget) else None,
        )

    def _restore_tab_state(self, tab: Any) -> None:
        from img_crm.ui.views.table_view import restore_header

        tables, splitters, pages = self._parts(tab)
        for table in tables:
            restore_header(table, self.window_settings)
            if tab is self._built.get("activity") and not self.window_settings.contains(
                f"tables/{table.objectName()}"
            ):
                table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for splitter in splitters:
            state = self.window_settings.value(f"splitters/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)
        if pages is not None:
            page = self.window_settings.value(f"pages/{pages.objectName()}")
            if page is not None and str(page).isdigit():
                pages.setCurrentIndex(min(int(str(page)), pages.count() - 1))

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
        quit_action = self._action(self.tr("&Quit"), self.quit_app, QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.export_experiences_action = self._action(
            self.tr("E&xperiences for ERAS…"), lambda: self.transfers.export(Kind.EXPERIENCES)
        )
        self.import_action = self._action(
            self.tr("&Import…"), lambda: self.transfers.import_file(), "Ctrl+I"
        )
        self.import_mail_action = self._action(
            self.tr("Import &mail…"), lambda: self.transfers.import_mail()
        )
        self.import_mail_folder_action = self._action(
            self.tr("Import a mail &folder…"), lambda: self.transfers.import_mail(folder=True)
        )
        self.import_calendar_action = self._action(
            self.tr("Import c&alendar…"), lambda: self.transfers.import_calendar()
        )
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_mail_action)
        file_menu.addAction(self.import_mail_folder_action)
        file_menu.addAction(self.import_calendar_action)
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
        from img_crm.ui.screen_lock import ScreenLock

        self.screen_lock = ScreenLock(self)
        file_menu.addActions(list(self.screen_lock.actions))
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = self.edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self.undo_group.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("&Redo"))
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
        self.delete_placeholder = self._placeholder(
            self.tr("Delete…"), QKeySequence(QKeySequence.StandardKey.Delete)
        )
        edit_menu.addAction(self.delete_placeholder)

        contact_menu = self.contact_menu = bar.addMenu(self.tr("C&ontact"))
        self.log_action = self._action(
            self.tr("&Log activity…"), lambda: self.log_activity(self.current_contact()), "Ctrl+L"
        )
        self.duplicates_action = self._action(self.tr("Find &duplicates…"), self.find_duplicates)
        contact_menu.addAction(self.new_action)
        contact_menu.addAction(self.log_action)
        contact_menu.addSeparator()
        self.forward_placeholder = self._placeholder(
            self.tr("Move up the ladder"), QKeySequence("Ctrl+]")
        )
        self.back_placeholder = self._placeholder(
            self.tr("Move down the ladder"), QKeySequence("Ctrl+[")
        )
        contact_menu.addAction(self.forward_placeholder)
        contact_menu.addAction(self.back_placeholder)
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
        if watched is self._orm_after and event.type() == QEvent.Type.Paint:
            # The start page painted (its children paint in the same pass):
            # the ORM the first write needs loads in a thread from here.
            from img_crm.store.db import load_orm_in_background

            watched.removeEventFilter(self)
            self._orm_after = None
            QTimer.singleShot(0, load_orm_in_background)
        return super().eventFilter(watched, event)

    def finish_opening(self) -> None:
        """Open the store if the window was given an opener rather than the
        store, choose the start page (welcome or tabs) and load what it shows
        (once). The window closes if the store was not opened."""
        if self._opened:
            return
        if self._ops is None:
            if self._opener is None:
                return
            opener, self._opener = self._opener, None
            ops = opener(self)
            if ops is None:
                self.close()
                return
            self._attach(ops)
        self._opened = True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._choose_start_page()
            self._load_current_tab()
        finally:
            QApplication.restoreOverrideCursor()
        # A store opened on its seal is checked now, off the GUI thread; the
        # first write waits for the answer (store/seal.py). The first screen
        # was read without the ORM; it loads once that screen has painted.
        self.ops.store.check_in_background()
        self._start_notifier()
        page = self.stack.currentWidget()
        if page is not None:
            self._orm_after = page
            page.installEventFilter(self)

    def _choose_start_page(self) -> None:
        # The store's own readers: services.profile would load the profile's
        # modules before the first page, for one setting.
        from img_crm.store.reports import store_is_empty
        from img_crm.store.settings import get_setting

        with self.ops.plain() as connection:
            empty = store_is_empty(connection)
            done = get_setting(connection, key=WELCOME_DONE) == "1"
        if empty and not done:
            self.stack.setCurrentWidget(self.welcome)
            self.welcome.setFocus()
        else:
            self.stack.setCurrentWidget(self.tabs)
        self._update_actions()

    def _update_actions(self) -> None:
        on_tabs = self.stack.currentWidget() is self.tabs
        store_open = self._ops is not None and self.stack.currentWidget() is not self.opening
        for action in (
            self.import_action,
            self.import_mail_action,
            self.import_mail_folder_action,
            self.import_calendar_action,
            self.backups_action,
            self.settings_action,
        ):
            action.setEnabled(store_open)
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
        self.screen_lock.update(store_open=store_open)

    def update_protection(self) -> None:
        """The passphrase entries of the File menu, after the store's protection changed."""
        self._update_actions()

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
        from img_crm.services.profile import setting

        with self.ops.reading() as session:
            prompted = setting(session, key=PROFILE_PROMPTED) == "1"
        if prompted:
            return
        self.ops.set_flag(PROFILE_PROMPTED, "1")
        self._settings_dialog(first_run=True).exec()

    def _settings_dialog(self, *, first_run: bool) -> SettingsDialog:
        from img_crm.services.profile import load_cadence, load_profile, tier_ranges
        from img_crm.ui.views.fields_page import FieldsPage
        from img_crm.ui.views.settings_dialog import SettingsDialog

        with self.ops.reading() as session:
            profile = load_profile(session)
            cadence = load_cadence(session)
            ranges = tier_ranges(session)
        notifier = self.notifier
        return SettingsDialog(
            profile,
            self.ops.save_profile,
            first_run=first_run,
            cadence=cadence,
            tier_ranges=ranges,
            reminders=notifier.choices() if notifier is not None else None,
            on_reminders=notifier.take if notifier is not None else None,
            lock_minutes=self.screen_lock.minutes() if self.ops.protected else None,
            on_lock_minutes=self.screen_lock.set_minutes,
            fields_page=None if first_run else FieldsPage(self.ops),
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
            self.tabs.setCurrentIndex(0)
        else:
            self.tabs.setCurrentIndex(int(str(tab)))
        # Each tab's columns and splitter: restored as it is built.

    def save_state(self) -> None:
        self.window_settings.setValue("window/geometry", self.saveGeometry())
        self.window_settings.setValue("window/state", self.saveState())
        self.window_settings.setValue("window/tab", self.tabs.currentIndex())
        from img_crm.ui.views.table_view import save_header

        for tab in self._built.values():  # a tab never built keeps what was saved
            tables, splitters, pages = self._parts(tab)
            for table in tables:
                save_header(table, self.window_settings)
            for splitter in splitters:
                self.window_settings.setValue(
                    f"splitters/{splitter.objectName()}", splitter.saveState()
                )
            if pages is not None:
                self.window_settings.setValue(f"pages/{pages.objectName()}", pages.currentIndex())
        self.window_settings.sync()

    def auto_backup(self, reason: str = "auto") -> None:
        """Back up if anything changed since the last backup; a failure is reported once."""
        if self._ops is None or not self._ops.dirty:
            return
        try:
            self.ops.backup_now(reason)
        except (UserError, OSError) as exc:
            self.statusBar().showMessage(
                self.tr("Automatic backup failed: %1").replace("%1", str(exc)), 15000
            )

    def open_backups(self) -> None:
        from img_crm.ui.views.backups_dialog import BackupsDialog

        BackupsDialog(self.ops, self).exec()

    def _start_notifier(self) -> None:
        """The tray and the reminder clock (they say nothing unless the user
        turned reminders on); what the user changes is looked at again."""
        from img_crm.ui.notifier import Notifier

        self.notifier = Notifier(self)
        for signal in (
            self.ops.contacts_changed,
            self.ops.activities_changed,
            self.ops.letters_changed,
            self.ops.programs_changed,
        ):
            signal.connect(self.notifier.soon)

    def quit_app(self) -> None:
        """Quit for real, even when closing the window only hides it to the tray."""
        self._quitting = True
        if self.close():
            QApplication.quit()
        self._quitting = False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.notifier is not None and self.notifier.keeps_running and not self._quitting:
            event.ignore()  # still running in the tray, with its reminders
            self.save_state()
            self.hide()
            self.notifier.say_still_running()
            return
        if not self._unsaved_answered(ask=not self._ending):
            event.ignore()  # the user chose to stay and finish
            return
        self.save_state()
        self._tidy_files()
        self.auto_backup("on-close")
        super().closeEvent(event)

    def _tidy_files(self) -> None:
        """At close: files no attachment names leave the store (no undo is
        left to need them), and the copies opened for a viewer go."""
        if self._ops is None:
            return
        from img_crm.services.attachments import forget_opened

        with contextlib.suppress(UserError, OSError):  # kept for the next close or command
            self._ops.sweep_files()
        forget_opened(self._ops.store.path.parent)

    def end_session(self) -> None:
        """The session ends (SIGTERM, logout): close as Quit does, without a
        question nobody is there to answer; ratings typed and not saved are
        kept rather than lost."""
        self._ending = True
        self.close()

    def _unsaved_answered(self, *, ask: bool) -> bool:
        """Ratings typed on the Rank list and not saved: ask whether to save
        them (or save them, when ``ask`` is False). False: the user cancelled."""
        season = self._built.get("season")
        if season is None or not season.rank.ratings.dirty():
            return True
        panel = season.rank.ratings
        if not ask:
            panel.save_ratings()
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Ratings not saved"),
            self.tr("Save your ratings of %1 before closing?").replace("%1", panel.rated_name()),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            panel.save_ratings()
        return True

    # --- actions ----------------------------------------------------------------

    def current_contact(self) -> int | None:
        """The contact the user is looking at, on whichever tab shows one."""
        current = self.tabs.currentWidget()
        if current is self._built.get("pipeline"):
            return self.pipeline_tab.detail.contact_id
        contacts = self._built.get("contacts")
        return None if contacts is None else contacts.detail.contact_id

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

    def show_program_activities(self, program_id: int) -> None:
        """The Activity tab, narrowed to one program's messages and meetings."""
        self.tabs.setCurrentWidget(self.activity_tab)
        self.activity_tab.show_program(program_id)

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
        from img_crm.ui.views.templates_dialog import TemplatesDialog

        TemplatesDialog(self.ops, contact_id=chosen, parent=self).exec()

    def find_duplicates(self) -> None:
        from img_crm.ui.views.duplicates_dialog import DuplicatesDialog

        DuplicatesDialog(self.ops, self).exec()

    def show_tab(self, index: int) -> None:
        if self.stack.currentWidget() is self.tabs:
            self.tabs.setCurrentIndex(index)

    def _load_current_tab(self) -> None:
        """Tabs are built and load when looked at (see views/lazy.py); this one
        is being looked at."""
        if self.stack.currentWidget() is not self.tabs or self._ops is None:
            return
        current = self.tabs.currentWidget()
        if isinstance(current, TabSlot):
            current = self._build_tab(current.key)
        loader = getattr(current, "loader", None)
        if loader is not None:
            loader.ensure_loaded()

    def _tab_changed(self, index: int) -> None:
        self._load_current_tab()
        contacts = self._built.get("contacts")
        if contacts is not None:
            on_contacts = self.tabs.widget(index) is contacts
            contacts.delete_action.setEnabled(on_contacts and bool(contacts.selected_ids()))

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
        for tab in self._built.values():  # a tab not built yet is drawn when it is
            loader = getattr(tab, "loader", None)
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
