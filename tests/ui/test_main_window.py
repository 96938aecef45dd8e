from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QTableView,
)
from pytestqt.qtbot import QtBot

from img_crm import clock
from img_crm.app import window_settings
from img_crm.services.profile import load_profile
from img_crm.store.db import Store
from img_crm.ui.main_window import PROFILE_PROMPTED, MainWindow
from img_crm.ui.ops import Ops
from img_crm.ui.views.settings_dialog import SettingsDialog

MakeWindow = Callable[..., MainWindow]


def test_empty_store_opens_on_the_welcome_panel(make_window: MakeWindow, ops: Ops) -> None:
    window = make_window(ops)
    assert window.stack.currentWidget() is window.welcome
    assert not window.new_action.isEnabled()


def test_load_sample_data_fills_every_tab_then_asks_for_the_profile(
    make_window: MakeWindow, ops: Ops, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[SettingsDialog] = []

    def fill_profile(dialog: SettingsDialog) -> int:
        shown.append(dialog)
        dialog.timezone.setCurrentText("Asia/Kolkata")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(SettingsDialog, "exec", fill_profile)
    window = make_window(ops, prompt_profile=True)
    qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.tabs
    # Tabs load when opened; each shows the sample once it is.
    assert window.contacts_tab.model.rowCount() == 0
    window.tabs.setCurrentWidget(window.contacts_tab)
    assert window.contacts_tab.model.rowCount() >= 20
    board = window.pipeline_tab.board
    window.tabs.setCurrentWidget(window.pipeline_tab)
    assert sum(column.count() for column in board.columns.values()) >= 20
    window.tabs.setCurrentWidget(window.activity_tab)
    assert window.activity_tab.model.rowCount() >= 50
    window.tabs.setCurrentWidget(window.letters_tab)
    assert window.letters_tab.model.rowCount() == 4
    window.tabs.setCurrentWidget(window.contacts_tab)
    assert len(shown) == 1
    with ops.reading() as session:
        profile = load_profile(session)
    assert profile.home_timezone == "Asia/Kolkata"
    assert profile.target_specialty == "Internal Medicine"
    # The welcome and the first-run prompt never come back.
    again = make_window(ops, prompt_profile=True)
    assert again.stack.currentWidget() is again.tabs


def test_start_empty_then_the_profile_can_be_skipped(
    make_window: MakeWindow, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SettingsDialog, "exec", lambda dialog: 0)
    window = make_window(ops, prompt_profile=True)
    window.welcome.empty_button.click()
    assert window.stack.currentWidget() is window.tabs
    assert window.contacts_tab.model.rowCount() == 0
    again = make_window(ops)
    assert again.stack.currentWidget() is again.tabs


def test_settings_dialog_refuses_a_bad_time_zone(qtbot: QtBot, ops: Ops) -> None:
    with ops.reading() as session:
        profile = load_profile(session)
    dialog = SettingsDialog(profile, ops.save_profile)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.timezone.setCurrentText("Moon/Base")
    dialog.save()
    assert dialog.error.isVisible() and "IANA" in dialog.error.text()
    dialog.timezone.setCurrentText("Africa/Lagos")
    assert not dialog.error.isVisible()  # gone once the field is changed
    dialog.match_year.setValue(2027)
    dialog.save()
    with ops.reading() as session:
        saved = load_profile(session)
    assert (saved.home_timezone, saved.match_year) == ("Africa/Lagos", 2027)


def test_window_state_and_tab_are_restored(
    make_window: MakeWindow, demo_ops: Ops, data_dir: Path, qtbot: QtBot
) -> None:
    window = make_window(demo_ops)
    assert window.tabs.currentWidget() is window.today_tab  # the day starts on Today
    window.show()
    window.resize(900, 560)
    window.tabs.setCurrentIndex(3)
    window.open_on_today_action.setChecked(False)  # come back to the last tab instead
    window.close()
    assert (data_dir / "window.ini").exists()
    again = make_window(demo_ops)
    assert again.tabs.currentIndex() == 3
    assert again.size().height() == 560  # the offscreen screen is only 800 px wide
    again.open_on_today_action.setChecked(True)
    again.close()
    third = make_window(demo_ops)
    assert third.tabs.currentWidget() is third.today_tab


def _a_season_on_any_day(ops: Ops) -> None:
    """The demo has invitations and applications only in interview season:
    out of it, one of each, so the Season pages have rows on any day."""
    from img_crm.services.invitations import overview
    from img_crm.services.signals import applications

    with ops.reading() as session:
        views, _ = overview(session)
        applied = applications(session)
    if not views:
        program = applied.not_applied[0][0]
        ops.receive_invitation(program, respond_by=None, offered=[], received_at=None)
    if not applied.programs:
        ops.mark_applied(applied.not_applied[0][0], clock.today())


def _on_the_season_tab(make_window: MakeWindow, ops: Ops, qtbot: QtBot) -> MainWindow:
    """A window on the demo's Season tab, with a season on any day."""
    _a_season_on_any_day(ops)
    window = make_window(ops)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.season_tab)
    return window


def test_the_season_page_and_its_splitters_are_restored(
    make_window: MakeWindow, demo_ops: Ops, qtbot: QtBot
) -> None:
    window = _on_the_season_tab(make_window, demo_ops, qtbot)
    season = window.season_tab
    season.show_page(season.invitations)
    assert season.invitations.model.rowCount() > 0  # the page read its rows when shown
    season.invitations.splitter.setSizes([300, 500])
    sizes = season.invitations.splitter.sizes()
    window.open_on_today_action.setChecked(False)  # come back to the Season tab
    window.close()
    again = make_window(demo_ops)
    again.show()
    qtbot.waitExposed(again)
    assert again.season_tab.pages.currentWidget() is again.season_tab.invitations
    qtbot.waitUntil(lambda: again.season_tab.invitations.splitter.sizes()[0] > 100)
    restored = again.season_tab.invitations.splitter.sizes()
    assert restored[0] == sizes[0] and abs(restored[1] - sizes[1]) <= 4  # the frame's width


def test_fitted_columns_fit_a_smaller_window_next_time_and_the_user_s_widths_stay(
    make_window: MakeWindow, demo_ops: Ops, qtbot: QtBot
) -> None:
    """Widths img-crm fitted to a wide window were kept as if the user had
    set them: the window opened smaller the next day and the tables scrolled
    sideways. Only widths the user dragged are kept."""
    _a_season_on_any_day(demo_ops)
    window = make_window(demo_ops)
    window.resize(1600, 900)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.season_tab)
    signals = window.season_tab.signals
    qtbot.waitUntil(lambda: signals.model.rowCount() > 0)
    window.season_tab.show_page(window.season_tab.applications)
    applications = window.season_tab.applications.table
    qtbot.waitUntil(lambda: applications.model().rowCount() > 0)
    applications.horizontalHeader().resizeSection(2, 90)  # the user's own width, as a
    applications.auto_fit = False  # drag on the header leaves it (Table._section_resized)
    window.season_tab.show_page(signals)
    window.open_on_today_action.setChecked(False)
    window.close()
    again = make_window(demo_ops)
    again.show()
    again.resize(1024, 700)
    qtbot.waitExposed(again)
    qtbot.wait(50)
    table = again.season_tab.signals.table
    qtbot.waitUntil(lambda: table.isVisible() and table.model().rowCount() > 0)
    header = table.horizontalHeader()
    shown = sum(
        header.sectionSize(i) for i in range(header.count()) if not header.isSectionHidden(i)
    )
    assert shown <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    again.season_tab.show_page(again.season_tab.applications)
    kept = again.season_tab.applications.table
    assert kept.horizontalHeader().sectionSize(2) == 90 and not kept.auto_fit


def _alt_letter(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def test_no_two_things_on_one_screen_share_an_alt_letter(
    make_window: MakeWindow, demo_ops: Ops, qtbot: QtBot
) -> None:
    """Alt+E opened the Edit menu or the Edit… button, whichever Qt chose; the
    tabs' eight letters clashed with their pages' buttons. On every tab and
    Season page, the menus and what is on screen each have their own letter."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

    from img_crm.domain.custom_fields import FieldKind, RecordKind
    from img_crm.ui.main_window import WELCOME_DONE

    demo_ops.set_flag(WELCOME_DONE, "1")
    for record in RecordKind:  # the Filter by field buttons show
        demo_ops.define_field(record, "Mine", FieldKind.TEXT)
    window = make_window(demo_ops)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)

    def letters(page: QWidget) -> dict[str, list[str]]:
        texts = [a.text() for a in window.menuBar().actions()]
        texts += [window.tabs.tabText(i) for i in range(window.tabs.count())]
        texts += [b.text() for b in page.findChildren(QAbstractButton) if b.isVisible()]
        texts += [g.title() for g in page.findChildren(QGroupBox) if g.isVisible()]
        texts += [
            label.text()
            for label in page.findChildren(QLabel)
            if label.isVisible() and label.buddy() is not None
        ]
        for pages in page.findChildren(QTabWidget):
            texts += [pages.tabText(i) for i in range(pages.count())]
        found: dict[str, list[str]] = {}
        for text in texts:
            if (letter := _alt_letter(text)) is not None:
                found.setdefault(letter, []).append(text)
        return {k: v for k, v in found.items() if len(v) > 1}

    clashes = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        page = window.tabs.widget(index)
        table = getattr(page, "table", None)
        if table is not None and table.model().rowCount():  # a detail pane's buttons show
            table.selectRow(0)
            qtbot.wait(20)
        inner = page.findChildren(QTabWidget)
        for pages in inner or [None]:
            for n in range(pages.count() if pages is not None else 1):
                if pages is not None:
                    pages.setCurrentIndex(n)
                    qtbot.wait(20)
                if found := letters(page):
                    clashes[(window.tabs.tabText(index), n)] = found
    assert clashes == {}


def test_an_invitation_opens_the_activity_log_of_its_program(
    make_window: MakeWindow, demo_ops: Ops, qtbot: QtBot
) -> None:
    window = _on_the_season_tab(make_window, demo_ops, qtbot)
    page = window.season_tab.invitations
    window.season_tab.show_page(page)
    row = page.current()
    assert row is not None and page.log_button.isEnabled()
    window.activity_tab.kind.setCurrentIndex(1)  # a filter left from before is cleared
    page.log_button.click()
    tab = window.activity_tab
    assert window.tabs.currentWidget() is tab
    assert tab.program.currentData() == row.program_id and tab.kind.currentData() is None
    assert {r.program_id for r in tab.model.rows()} <= {row.program_id}


def test_standard_shortcuts(make_window: MakeWindow, demo_ops: Ops) -> None:
    window = make_window(demo_ops)
    assert window.new_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert window.export_csv_action.shortcut() == QKeySequence("Ctrl+E")
    assert window.contacts_tab.delete_action.shortcut() == QKeySequence(
        QKeySequence.StandardKey.Delete
    )
    window.focus_find()
    assert window.contacts_tab.focusWidget() is window.contacts_tab.search


def test_file_menu_export_writes_csv(
    make_window: MakeWindow, demo_ops: Ops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window = make_window(demo_ops)
    window.export_csv_action.trigger()
    window.tabs.setCurrentWidget(window.contacts_tab)
    written = target.with_suffix(".csv")
    with written.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == window.contacts_tab.model.total_count()


def test_failed_export_says_why_and_keeps_the_old_file(
    make_window: MakeWindow, demo_ops: Ops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "missing-folder" / "contacts.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    window = make_window(demo_ops)
    window.export_csv_action.trigger()
    assert warnings and "does not exist" in warnings[0]
    assert "nothing was changed" in warnings[0].casefold()


def test_controls_have_accessible_names(make_window: MakeWindow, demo_ops: Ops) -> None:
    window = make_window(demo_ops)
    unnamed = [
        widget.objectName() or type(widget).__name__
        for kind in (QLineEdit, QComboBox, QTableView, QAbstractButton)
        for widget in window.findChildren(kind)
        if widget.isVisibleTo(window)
        and not widget.accessibleName()
        and not (isinstance(widget, QAbstractButton) and widget.text())
        and not widget.objectName().startswith("qt_")  # Qt's own internals
    ]
    assert unnamed == []


def test_second_window_on_the_same_store_sees_the_same_rows(
    make_window: MakeWindow, demo_store: Store, data_dir: Path
) -> None:
    first = make_window(Ops(demo_store))
    second = MainWindow(Ops(demo_store), window_settings(data_dir))
    try:
        for window in (first, second):
            window.tabs.setCurrentWidget(window.contacts_tab)
        assert first.contacts_tab.model.rowCount() == second.contacts_tab.model.rowCount() >= 20
    finally:
        second.deleteLater()


def test_settings_change_follow_up_intervals(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch, make_window: MakeWindow
) -> None:
    from img_crm.domain.enums import Stage

    window = make_window(demo_ops)
    window.tabs.setCurrentWidget(window.contacts_tab)
    before = {
        r.id: window.contacts_tab.model.status(r).follow_up
        for r in window.contacts_tab.model.rows()
    }

    def shorten(dialog: SettingsDialog) -> int:
        dialog.intervals[Stage.WARM].setValue(3)
        dialog.save()
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", shorten)
    window.open_settings()
    model = window.contacts_tab.model
    warm = [
        r
        for r in model.rows()
        if r.stage == "warm" and not model.status(r).follow_up_manual and r.last_interaction
    ]
    assert warm
    for row in warm:
        assert model.status(row).follow_up == row.last_interaction + timedelta(days=3)
        assert model.status(row).follow_up != before[row.id]


def test_tabs_load_when_opened_and_reload_on_change_only_when_seen(
    make_window: MakeWindow, demo_ops: Ops
) -> None:
    window = make_window(demo_ops)
    assert window.tabs.currentWidget() is window.today_tab
    assert not window.today_tab.loader.stale and window.today_tab.report is not None
    for tab in (window.contacts_tab, window.activity_tab, window.pipeline_tab, window.plan_tab):
        assert tab.loader.stale  # nothing read yet
    window.tabs.setCurrentWidget(window.activity_tab)
    rows = window.activity_tab.model.total_count()
    assert rows >= 50 and not window.activity_tab.loader.stale
    window.tabs.setCurrentWidget(window.today_tab)
    demo_ops.add_activity(
        {"kind": "meeting", "occurred_on": clock.today(), "contact_id": 1, "description": "Met"}
    )
    # Hidden: marked, not read. Shown again: up to date.
    assert window.activity_tab.loader.stale and window.activity_tab.model.total_count() == rows
    window.tabs.setCurrentWidget(window.activity_tab)
    assert window.activity_tab.model.total_count() == rows + 1


def test_today_lists_stop_at_twenty_and_link_to_everyone_overdue(
    make_window: MakeWindow, ops: Ops
) -> None:
    from img_crm.store.activities import add_activity
    from img_crm.store.contacts import add_contact
    from img_crm.ui.views.today_rows import DUE_LIMIT

    long_ago = clock.today() - timedelta(days=20)  # late, not yet past the maximum
    with ops.store.session() as session:
        for n in range(DUE_LIMIT + 7):
            contact = add_contact(session, data={"name": f"Person {n}", "stage": "warm"})
            add_activity(
                session,
                data={"kind": "outreach-sent", "occurred_on": long_ago, "contact_id": contact},
            )
    window = make_window(ops)
    due = window.today_tab.follow_ups
    assert due.count() == DUE_LIMIT
    assert due.more_button.isVisibleTo(window) and "7 more" in due.more_button.text()
    due.more_button.click()
    assert window.tabs.currentWidget() is window.contacts_tab
    assert window.contacts_tab.overdue_only.isChecked()
    assert window.contacts_tab.model.rowCount() == DUE_LIMIT + 7


def test_start_up_paints_first_then_opens_the_start_page(
    qtbot: QtBot, demo_ops: Ops, data_dir: Path
) -> None:
    demo_ops.set_flag(PROFILE_PROMPTED, "1")
    window = MainWindow(demo_ops, window_settings(data_dir), open_later=True)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.opening
    assert window.today_tab.loader.stale  # nothing read before the first paint
    window.show()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tabs, timeout=5000)
    assert not window.today_tab.loader.stale and window.today_tab.follow_ups.count() > 0
    window.finish_opening()  # a second call changes nothing
    assert window.stack.currentWidget() is window.tabs


def test_enter_on_the_welcome_does_not_load_the_sample(
    make_window: MakeWindow, ops: Ops, qtbot: QtBot
) -> None:
    """The sample is a fictional network: only a deliberate click puts it
    into a real store. The keyboard starts on Import."""
    window = make_window(ops)
    window.show()
    qtbot.waitExposed(window)
    window.welcome.setFocus()
    assert window.welcome.focusProxy() is window.welcome.import_button
    buttons = (
        window.welcome.import_button,
        window.welcome.empty_button,
        window.welcome.sample_button,
    )
    assert not any(b.isDefault() or b.autoDefault() for b in buttons)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        qtbot.keyClick(window.welcome.sample_button, key)
    assert window.stack.currentWidget() is window.welcome
    with ops.reading() as session:
        from img_crm.store.reports import store_is_empty

        assert store_is_empty(session)


def test_the_first_run_asks_only_what_the_playbook_needs(
    make_window: MakeWindow, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QGroupBox

    from img_crm.store.settings import all_settings

    seen: list[list[str]] = []

    def look(dialog: SettingsDialog) -> int:
        seen.append([g.title() for g in dialog.findChildren(QGroupBox) if not g.isHidden()])
        assert dialog.windowTitle() == "Your profile"
        for name in ("target", "match_year", "timezone", "visa"):
            assert not getattr(dialog, name).isHidden(), name
        dialog.match_year.setValue(2028)
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(SettingsDialog, "exec", look)
    window = make_window(ops, prompt_profile=True)
    window.welcome.empty_button.click()
    assert seen == [[]]  # no follow-up intervals or tier ranges in the first step
    with ops.reading() as session:
        stored = all_settings(session)
    assert stored["match_year"] == "2028"
    assert not any(key.startswith(("cadence_", "tier_range_")) for key in stored)


def test_empty_tabs_say_what_to_do_first(make_window: MakeWindow, ops: Ops) -> None:
    window = make_window(ops)
    window.welcome.empty_button.click()
    expected = {
        window.contacts_tab: "No contacts yet. Bring in your network with File → Import…",
        window.activity_tab: "Nothing logged yet. Log each email",
        window.letters_tab: "No letters yet.",
        window.programs_tab: "No programs yet. Add the residency programs you aim for",
    }
    for tab, start in expected.items():
        window.tabs.setCurrentWidget(tab)
        assert tab.table.empty_text.startswith(start), tab.table.empty_text
        assert tab.table.accessibleDescription() == tab.table.empty_text
    window.tabs.setCurrentWidget(window.today_tab)
    assert window.today_tab.follow_ups_empty.text().startswith("No contacts yet. Import")
    window.tabs.setCurrentWidget(window.pipeline_tab)
    assert not window.pipeline_tab.board.empty_hint.isHidden()
    ops.add_contact({"name": "First Person"})
    assert window.pipeline_tab.board.empty_hint.isHidden()
    window.tabs.setCurrentWidget(window.today_tab)
    assert window.today_tab.follow_ups_empty.text() == "No follow-ups are due. Well kept!"
    window.tabs.setCurrentWidget(window.contacts_tab)
    assert window.contacts_tab.table.accessibleDescription() == ""  # rows now, no hint
    window.contacts_tab.search.setText("zzz")
    window.contacts_tab.apply_search()
    assert window.contacts_tab.table.empty_text == "No contact matches the search or the filters."
