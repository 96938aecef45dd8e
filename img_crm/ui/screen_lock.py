"""The window's passphrase actions and its lock after idle (issue #23).

File → Protect with a passphrase…, Change the passphrase…, Remove the
passphrase… and Lock now act through ``Ops``. When the store is protected
and the user chose a time (Settings → Desktop; off by default), the window
locks after that long without a key press or a mouse move: a cover over the
window and over every dialog open hides every name and number, input to
anything but the cover's passphrase field is held back, and the tray says no
names (``notifier.py`` asks ``locked``) until the passphrase is typed again.

The key stays in the process's memory while locked: the reminders go on
being worked out, and nothing typed in a dialog left open is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from img_crm import APP_DISPLAY_NAME
from img_crm.errors import UserError
from img_crm.ui.views.fields import ErrorLabel
from img_crm.ui.views.passphrase_dialogs import Mode, ask

if TYPE_CHECKING:
    from img_crm.ui.main_window import MainWindow

#: The choices of Settings → Desktop, in minutes (0: never).
LOCK_CHOICES = (0, 5, 15, 60)
LOCK_SETTING = "security/lock_after_minutes"

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
    }
)
_ACTIVITY = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}
)


class Cover(QWidget):
    """An opaque cover over a window: nothing under it shows."""

    def __init__(self, parent: QWidget, *, with_field: bool) -> None:
        super().__init__(parent)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        title = QLabel(self.tr("%1 is locked").replace("%1", APP_DISPLAY_NAME), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        self.field: QLineEdit | None = None
        self.error: ErrorLabel | None = None
        self.button: QPushButton | None = None
        if with_field:
            hint = QLabel(self.tr("Type your passphrase to go on where you were."), self)
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.field = QLineEdit(self)
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
            self.field.setAccessibleName(self.tr("Passphrase"))
            self.field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
            self.field.setMaximumWidth(320)
            self.error = ErrorLabel(self.field, self)
            self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.button = QPushButton(self.tr("&Unlock"), self)
            self.button.setDefault(True)
            layout.addWidget(hint)
            layout.addWidget(self.field, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(self.error)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.field.returnPressed.connect(self.button.click)
        layout.addStretch(2)

        parent.installEventFilter(self)  # it follows the window's size

    def fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.fit()
        return False


class ScreenLock(QObject):
    """The passphrase menu entries and the lock of one main window."""

    locked_changed = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.locked = False
        self._warned = False
        self.export_notice: QMessageBox | None = None
        self._covers: list[Cover] = []
        self._main_cover: Cover | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        tr = self.tr
        self.protect_action = QAction(tr("Protect with a &Passphrase…"), window)
        self.protect_action.triggered.connect(self.protect)
        self.change_action = QAction(tr("C&hange the Passphrase…"), window)
        self.change_action.triggered.connect(self.change)
        self.remove_action = QAction(tr("Remove the Pass&phrase…"), window)
        self.remove_action.triggered.connect(self.remove)
        self.lock_action = QAction(tr("Loc&k Now"), window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.lock_action.triggered.connect(self.lock)
        self.actions = (
            self.protect_action,
            self.change_action,
            self.remove_action,
            self.lock_action,
        )
        for action in self.actions:
            action.setVisible(False)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # --- the menu entries ------------------------------------------------------

    def _protected(self) -> bool:
        return self.window.has_store and self.window.ops.protected

    def update(self, *, store_open: bool) -> None:
        """Show the entries that fit the store as it is now; arm the timer."""
        protected = store_open and self._protected()
        writable = store_open and self.window.ops.store.read_only is None
        self.protect_action.setVisible(store_open and not protected)
        self.protect_action.setEnabled(writable)
        for action in (self.change_action, self.remove_action):
            action.setVisible(protected)
            action.setEnabled(writable)
        self.lock_action.setVisible(protected)
        self.window.welcome.protect_button.setVisible(not protected)
        self.arm()

    def minutes(self) -> int:
        value = str(self.window.window_settings.value(LOCK_SETTING, "0"))
        return int(value) if value.isdigit() and int(value) in LOCK_CHOICES else 0

    def set_minutes(self, minutes: int) -> None:
        self.window.window_settings.setValue(LOCK_SETTING, str(minutes))
        self.arm()

    def arm(self) -> None:
        """(Re)start the idle timer when locking is on and the store protected."""
        minutes = self.minutes()
        if minutes and not self.locked and self._protected():
            self.timer.start(minutes * 60 * 1000)
        else:
            self.timer.stop()

    def _done(self, left: int, said: str) -> None:
        self.window.update_protection()
        text = said
        if left:
            text += " " + self.tr(
                "%n backup(s) made under a passphrase of long ago were left as they were.",
                "",
                left,
            )
        QMessageBox.information(self.window, APP_DISPLAY_NAME, text)

    def protect(self) -> None:
        left: list[int] = []

        def answer(_current: str, new: str) -> None:
            left.append(self.window.ops.protect(new))

        if ask(Mode.PROTECT, answer, self.window):
            self._done(
                left[0],
                self.tr(
                    "The store and its backups are now protected with your passphrase. "
                    "img-crm asks for it each time it starts."
                ),
            )

    def change(self) -> None:
        left: list[int] = []

        def answer(current: str, new: str) -> None:
            left.append(self.window.ops.change_passphrase(current, new))

        if ask(Mode.CHANGE, answer, self.window):
            self._done(
                left[0], self.tr("The store and its backups now open with the new passphrase.")
            )

    def remove(self) -> None:
        left: list[int] = []

        def answer(current: str, _new: str) -> None:
            left.append(self.window.ops.remove_passphrase(current))

        if ask(Mode.REMOVE, answer, self.window):
            self._done(
                left[0],
                self.tr("The store and its backups are plain files again, without a passphrase."),
            )

    def warn_exported(self, _path: str) -> None:
        """After an export of a protected store: its file is plain. Said in a
        box the first time in a session (each export's own message says where
        it went)."""
        said = self.window.ops.export_warning()
        if said is None:
            return
        if not self._warned:
            self._warned = True
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Export"), said, parent=self.window)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()  # said without holding up what comes after the export
            self.export_notice = box

    # --- locking ------------------------------------------------------------------

    def lock(self) -> None:
        """Cover the window and every other window of the app."""
        if self.locked or not self._protected():
            return
        self.locked = True
        self.timer.stop()
        QToolTip.hideText()
        for top in QApplication.topLevelWidgets():
            if top.isVisible() and top is not self.window and top.isWindow():
                cover = Cover(top, with_field=False)
                cover.fit()
                cover.show()
                self._covers.append(cover)
        main = Cover(self.window, with_field=True)
        assert main.field is not None and main.button is not None
        main.button.clicked.connect(self._try_unlock)
        main.fit()
        main.show()
        main.field.setFocus()
        self._main_cover = main
        self.locked_changed.emit(True)

    def _try_unlock(self) -> None:
        main = self._main_cover
        if main is None or main.field is None or main.error is None:
            return
        typed = main.field.text()
        main.field.clear()
        try:
            self.window.ops.check_passphrase(typed)
        except UserError as exc:
            main.error.show_error(str(exc))
            main.field.setFocus()
            return
        self.unlock()

    def unlock(self) -> None:
        for cover in [*self._covers, self._main_cover]:
            if cover is not None:
                cover.deleteLater()
        self._covers = []
        self._main_cover = None
        self.locked = False
        self.locked_changed.emit(False)
        self.arm()

    def _may_be_used(self, watched: QObject) -> bool:
        """The cover's field and button, and the tray's menu (its Quit). A
        window's native events pass: Qt hands them on to the widget they are
        for, which is held back or not here in its turn."""
        if isinstance(watched, QWindow):
            return True
        notifier = self.window.notifier
        allowed = (self._main_cover, notifier.menu if notifier is not None else None)
        node: QObject | None = watched
        while node is not None:
            if node in allowed:
                return True
            node = node.parent()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.locked:
            if kind in _INPUT and not self._may_be_used(watched):
                return True  # held back: nothing under the cover may be used
            if kind == QEvent.Type.ToolTip:
                return True
        elif kind in _ACTIVITY and self.timer.isActive():
            self.timer.start()  # the same interval, from now
        return False
