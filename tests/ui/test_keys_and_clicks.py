"""Keys and clicks do one thing: each shortcut bound once, redo on both keys,
one form per double click, Escape asks before throwing changes away, and
the detail follows the search."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from img_crm.store.contact_rows import get_contact
from img_crm.ui.main_window import MainWindow
from img_crm.ui.ops import Ops
from img_crm.ui.views.activity_dialog import ActivityDialog
from img_crm.ui.views.contact_dialog import ContactDialog
from img_crm.ui.views.program_dialog import ProgramDialog

MakeWindow = Callable[..., MainWindow]


def _scope(action: QAction, window: MainWindow) -> QWidget:
    """Where a shortcut is live: the whole window, or the widget it belongs to."""
    if action.shortcutContext() in (
        Qt.ShortcutContext.WindowShortcut,
        Qt.ShortcutContext.ApplicationShortcut,
    ):
        return window
    parent = action.parent()
    assert isinstance(parent, QWidget)
    return parent


def test_every_shortcut_is_bound_once(make_window: MakeWindow, demo_ops: Ops) -> None:
    window = make_window(demo_ops)
    for tab in range(window.tabs.count()):  # every tab built, with its actions
        window.tabs.setCurrentIndex(tab)
    bound: Counter[tuple[int, str]] = Counter()
    for action in window.findChildren(QAction):
        keys = [key.toString() for key in action.shortcuts() if not key.isEmpty()]
        assert len(keys) == len(set(keys)), (action.text(), keys)
        scope = _scope(action, window)
        for key in keys:
            bound[(id(scope), key)] += 1
    twice = [key for (_, key), count in bound.items() if count > 1]
    assert twice == []
    redo = {key.toString() for key in window.redo_action.shortcuts()}
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= redo


def test_ctrl_shift_z_and_ctrl_y_redo(qtbot: QtBot, make_window: MakeWindow, demo_ops: Ops) -> None:
    window = make_window(demo_ops)
    window.show()
    window.activateWindow()  # shortcuts reach the active window
    qtbot.waitUntil(window.isActiveWindow)
    for key, stage in (("Ctrl+Shift+Z", "sponsor"), ("Ctrl+Y", "mentor")):
        demo_ops.set_stage([12], stage)
        window.undo_action.trigger()
        with demo_ops.reading() as session:
            assert get_contact(session, contact_id=12).stage != stage
        sequence = QKeySequence(key)[0]
        qtbot.keyClick(window, sequence.key(), sequence.keyboardModifiers())
        with demo_ops.reading() as session:
            assert get_contact(session, contact_id=12).stage == stage, key


@pytest.mark.parametrize("tab_name", ["contacts_tab", "activity_tab", "programs_tab"])
def test_a_double_click_opens_one_form(
    qtbot: QtBot,
    make_window: MakeWindow,
    demo_ops: Ops,
    monkeypatch: pytest.MonkeyPatch,
    tab_name: str,
) -> None:
    opened: list[str] = []
    for dialog in (ContactDialog, ActivityDialog, ProgramDialog):
        monkeypatch.setattr(dialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    window = make_window(demo_ops)
    window.show()
    tab = getattr(window, tab_name)
    window.tabs.setCurrentWidget(tab)
    table = tab.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)
    table.selectRow(0)
    point = table.visualRect(table.model().index(0, 0)).center()
    # as a mouse does it: press and release, then the second press comes as a double click
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert len(opened) == 1
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter opens it too
    assert len(opened) == 2


def test_escape_asks_before_throwing_changes_away(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    with demo_ops.reading() as session:
        contact = get_contact(session, contact_id=12)
    untouched = ContactDialog(lambda data: None, contact=contact)
    qtbot.addWidget(untouched)
    untouched.show()
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert asked == [] and untouched.result() == QDialog.DialogCode.Rejected
    edited = ContactDialog(lambda data: None, contact=contact)
    qtbot.addWidget(edited)
    edited.show()
    qtbot.keyClicks(edited.line("role"), " (acting)")
    qtbot.keyClick(edited, Qt.Key.Key_Escape)
    assert asked == ["Discard changes?"] and edited.isVisible()  # kept editing
    answer[0] = QMessageBox.StandardButton.Discard
    qtbot.keyClick(edited, Qt.Key.Key_Escape)
    assert not edited.isVisible()


def test_the_detail_clears_when_the_search_hides_its_contact(
    qtbot: QtBot, make_window: MakeWindow, demo_ops: Ops
) -> None:
    window = make_window(demo_ops)
    tab = window.contacts_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    row = next(r for r in range(tab.model.rowCount()) if tab.model.row_at(r).name == "Emily Carter")
    tab.table.selectRow(row)
    assert tab.detail.contact_id is not None
    shown = tab.detail.contact_id
    tab.search.setText("emily")
    tab.apply_search()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.detail.contact_id == shown  # still shown: the selection stays on it
    tab.search.setText("zzzz-nobody")
    tab.apply_search()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    assert tab.detail.contact_id is None and tab.detail.empty.isVisibleTo(tab.detail)


def test_focus_comes_back_to_the_window_after_a_dialog(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., MainWindow]
) -> None:
    """Without a window manager (and with some), closing a dialog left no
    window active: keys went nowhere until a click. The window now takes
    the keyboard back, on the widget that had it."""
    from PySide6.QtWidgets import QApplication, QLineEdit

    window = make_window(demo_ops)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.contacts_tab)
    window.contacts_tab.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.contacts_tab.table)
    for close in ("reject", "accept"):
        dialog = QDialog(window.contacts_tab)
        field = QLineEdit(dialog)
        dialog.show()
        dialog.activateWindow()
        field.setFocus()
        qtbot.waitUntil(lambda d=dialog: QApplication.activeWindow() is d)
        getattr(dialog, close)()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=1000)
        assert QApplication.focusWidget() is window.contacts_tab.table
