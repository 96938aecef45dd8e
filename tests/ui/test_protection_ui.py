"""The passphrase in the window (issue #23): File → Protect…, Change…,
Remove…, the question at start, and the lock after idle, on real SQLCipher
files and real widgets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from img_crm import app
from img_crm.domain.reminders import Notice
from img_crm.services import protection
from img_crm.store import cipher
from img_crm.ui.notifier import Notifier
from img_crm.ui.ops import Ops
from img_crm.ui.screen_lock import LOCK_SETTING, Cover
from img_crm.ui.views.passphrase_dialogs import PassphraseDialog
from tests.helpers.protect import PASSPHRASE, files_of, plain_text_in


@pytest.fixture(autouse=True)
def _no_keys_left() -> Iterator[None]:
    yield
    cipher.forget_all()


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the window said in message boxes, which are answered at once."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, text, *a: shown.append(text)
    )
    return shown


def _in_the_dialog(qtbot: QtBot, *typed: str, then: Callable[[PassphraseDialog], None]) -> None:
    """When the passphrase dialog comes up: type ``typed`` into its fields (in
    order, as a user tabs through them) and press Return; then ``then``."""

    def later() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PassphraseDialog)
        fields = [f for f in dialog.findChildren(QLineEdit) if f.isVisibleTo(dialog)]
        for field, text in zip(fields, typed, strict=True):
            assert field.echoMode() is QLineEdit.EchoMode.Password
            qtbot.keyClicks(field, text)
        qtbot.keyClick(fields[-1], Qt.Key.Key_Return)
        then(dialog)

    QTimer.singleShot(0, later)


def _close(dialog: PassphraseDialog) -> None:
    if dialog.isVisible():
        dialog.reject()


def test_protecting_from_the_file_menu_and_changing_and_removing(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., object], said: list[str]
) -> None:
    window = make_window(demo_ops)
    lock = window.screen_lock  # type: ignore[attr-defined]
    assert lock.protect_action.isVisible() is False or lock.protect_action.isEnabled()
    refused: list[str] = []

    def mistyped(dialog: PassphraseDialog) -> None:
        refused.append(dialog.error.text())
        dialog.reject()

    _in_the_dialog(qtbot, "twelve chars!", "twelve chars?", then=mistyped)
    lock.protect_action.trigger()
    assert refused == ["The two new passphrases are not the same."]
    assert not demo_ops.protected
    _in_the_dialog(qtbot, PASSPHRASE, PASSPHRASE, then=_close)
    lock.protect_action.trigger()
    assert demo_ops.protected
    assert said[-1].startswith("The store and its backups are now protected")
    assert not lock.protect_action.isVisible() and lock.change_action.isVisible()
    folder = demo_ops.store.path.parent
    assert plain_text_in(files_of(folder), ["Margaret Hughes"]) == []
    with demo_ops.store.plain() as con:  # the open store reads on, now protected
        assert con.execute("SELECT count(*) FROM contact").fetchone()[0] > 20

    wrong: list[str] = []

    def answered_wrong(dialog: PassphraseDialog) -> None:
        wrong.append(dialog.error.text())
        assert dialog.isVisible()  # stays open for another try
        dialog.reject()

    _in_the_dialog(
        qtbot, "not it at all", "new passphrase!", "new passphrase!", then=answered_wrong
    )
    lock.change_action.trigger()
    assert wrong == ["That passphrase does not open the store; nothing was changed. Try again."]
    _in_the_dialog(qtbot, PASSPHRASE, "new passphrase!", "new passphrase!", then=_close)
    lock.change_action.trigger()
    protection.check(folder, "new passphrase!")
    _in_the_dialog(qtbot, "new passphrase!", then=_close)
    lock.remove_action.trigger()
    assert not demo_ops.protected and lock.protect_action.isVisible()
    assert cipher.is_plain(demo_ops.store.path)


def _protected_window(
    demo_ops: Ops, make_window: Callable[..., object], minutes: int = 5
) -> object:
    protection.protect(demo_ops.store, PASSPHRASE)
    window = make_window(demo_ops)
    window.window_settings.setValue(LOCK_SETTING, str(minutes))  # type: ignore[attr-defined]
    window.update_protection()  # type: ignore[attr-defined]
    return window


def _visible_text(top: QWidget) -> list[str]:
    """The text of every label a person could see in ``top`` (not under a cover)."""
    covers = [c for c in top.findChildren(Cover) if c.isVisible()]
    if covers:
        return [label.text() for label in covers[0].findChildren(QLabel) if label.isVisible()]
    return [label.text() for label in top.findChildren(QLabel) if label.isVisibleTo(top)]


def test_the_window_locks_after_idle_and_hides_every_name(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., object]
) -> None:
    window = _protected_window(demo_ops, make_window)
    window.show()  # type: ignore[attr-defined]
    qtbot.waitExposed(window)
    lock = window.screen_lock  # type: ignore[attr-defined]
    assert lock.timer.isActive() and lock.timer.interval() == 5 * 60 * 1000
    window.tabs.setCurrentWidget(window.contacts_tab)  # type: ignore[attr-defined]
    lock.timer.timeout.emit()  # five minutes without a key or a click
    assert lock.locked
    cover = window.findChild(Cover)  # type: ignore[attr-defined]
    assert cover is not None and cover.isVisible()
    qtbot.waitUntil(lambda: cover.geometry() == window.rect())  # type: ignore[attr-defined]
    window.resize(1000, 700)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: cover.geometry() == window.rect())  # type: ignore[attr-defined]
    shown = " ".join(_visible_text(window))  # type: ignore[arg-type]
    assert "Margaret" not in shown and "is locked" in shown
    # Nothing under the cover can be used: a shortcut, a click on the table.
    before = window.tabs.currentIndex()  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    assert window.tabs.currentIndex() == before  # type: ignore[attr-defined]
    assert cover.field is not None and cover.button is not None
    qtbot.keyClicks(cover.field, "wrong passphrase")
    qtbot.keyClick(cover.field, Qt.Key.Key_Return)
    assert lock.locked and cover.error is not None and "does not open" in cover.error.text()
    assert cover.field.text() == ""
    # As a keyboard types: through the window, which hands the keys to the field.
    handle = window.windowHandle()  # type: ignore[attr-defined]
    cover.field.setFocus()
    for char in PASSPHRASE:
        QTest.keyClick(handle, char)
    QTest.keyClick(handle, Qt.Key.Key_Return)
    assert not lock.locked
    assert window.tabs.currentWidget() is window.contacts_tab  # type: ignore[attr-defined]
    assert lock.timer.isActive()


def test_locking_covers_open_dialogs_and_the_tray_says_no_names(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., object]
) -> None:
    window = _protected_window(demo_ops, make_window, minutes=15)
    window.show()  # type: ignore[attr-defined]
    dialog = QMessageBox(QMessageBox.Icon.Information, "x", "Margaret Hughes", parent=window)  # type: ignore[arg-type]
    dialog.setModal(False)
    dialog.show()
    qtbot.waitExposed(dialog)
    lock = window.screen_lock  # type: ignore[attr-defined]
    lock.lock_action.trigger()  # File → Lock Now
    assert lock.locked
    assert "Margaret Hughes" not in " ".join(_visible_text(dialog))
    notice = Notice(
        key="k", title="Write to Margaret Hughes", text="Follow-up due", opens="contact"
    )
    notifier = Notifier(window, with_tray=True)  # type: ignore[arg-type]
    title, text = notifier.said(notice)
    assert "Margaret" not in title + text and "Unlock" in text
    lock.unlock()
    assert notifier.said(notice) == ("Write to Margaret Hughes", "Follow-up due")
    qtbot.waitUntil(lambda: not [c for c in dialog.findChildren(Cover) if c.isVisible()])
    assert dialog.isVisible()  # left open, as it was


def test_idle_lock_is_off_by_default_and_only_for_a_protected_store(
    demo_ops: Ops, make_window: Callable[..., object]
) -> None:
    window = make_window(demo_ops)
    lock = window.screen_lock  # type: ignore[attr-defined]
    assert lock.minutes() == 0 and not lock.timer.isActive()
    lock.set_minutes(5)
    assert not lock.timer.isActive()  # no passphrase, no lock
    lock.lock()
    assert not lock.locked


def test_the_window_asks_for_the_passphrase_before_opening_the_store(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.helpers.protect import protect_folder

    protect_folder(data_dir)
    cipher.forget_all()  # a new start
    tries: list[str] = []

    def answer(dialog: PassphraseDialog) -> None:
        tries.append(dialog.error.text())
        fields = [f for f in dialog.findChildren(QLineEdit) if f.isVisibleTo(dialog)]
        fields[0].clear()
        qtbot.keyClicks(fields[0], PASSPHRASE)
        qtbot.keyClick(fields[0], Qt.Key.Key_Return)

    _in_the_dialog(qtbot, "a wrong one", then=answer)
    store = app._open_for_window(data_dir, None)
    try:
        assert tries == ["That passphrase does not open the store; nothing was changed. Try again."]
        assert store is not None and store.read_only is None
    finally:
        store.close()
    cipher.forget_all()
    _in_the_dialog(qtbot, "a wrong one", then=_close)  # then Quit
    assert app._open_for_window(data_dir, None) is None
    assert not list(data_dir.glob("*.damaged"))


def test_exports_warn_once_and_the_json_can_be_an_encrypted_archive(
    qtbot: QtBot,
    demo_ops: Ops,
    make_window: Callable[..., object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from img_crm.services.exports import Kind
    from img_crm.services.json_archive import read_archive

    window = _protected_window(demo_ops, make_window)
    transfers = window.transfers  # type: ignore[attr-defined]
    targets = iter([tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "all.zip"])
    monkeypatch.setattr(transfers, "ask_save_path", lambda *_a: next(targets))
    transfers.export(Kind.CONTACTS)
    transfers.export(Kind.CONTACTS)
    assert (tmp_path / "b.csv").exists()
    notice = window.screen_lock.export_notice  # type: ignore[attr-defined]
    assert notice is not None and notice.isVisible()
    assert notice.text().startswith("The file written is not protected")
    warnings = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and w.text() == notice.text()
    ]
    assert warnings == [notice]  # once a session, not per export
    notice.close()
    _in_the_dialog(qtbot, "archive secret", "archive secret", then=_close)
    transfers.export(Kind.JSON)
    assert '"img-crm"' in read_archive(tmp_path / "all.zip", "archive secret")
    assert b"Margaret" not in (tmp_path / "all.zip").read_bytes()
