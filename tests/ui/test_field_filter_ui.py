"""Filtering the Contacts, Programs and Letters tables by the user's own
fields (#24): the Field filter button names each field, its dialog has an
editor for the field's kind, the line under the search says what is
filtered and clears it; programs and letters have the fields as columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from img_crm.domain.custom_fields import FieldKind, RecordKind
from img_crm.ui.models.own_columns import OwnFieldsModel
from img_crm.ui.ops import Ops
from img_crm.ui.views.field_filter import FieldFilterBar, FieldFilterDialog

CONTACT = RecordKind.CONTACT


def _answer(check: Callable[[FieldFilterDialog], None]) -> None:
    def later() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FieldFilterDialog)
        check(dialog)

    QTimer.singleShot(0, later)


def _on_tab(make_window: Callable[..., Any], ops: Ops, name: str) -> Any:
    """The tab ``name`` (the window's attribute) of a window on the sample, on show."""
    window = make_window(ops)
    window.show()
    tab = getattr(window, name)
    window.tabs.setCurrentWidget(tab)
    return tab


def _tick(dialog: FieldFilterDialog, *values: str) -> None:
    assert dialog.choices is not None
    for n in range(dialog.choices.count()):
        item = dialog.choices.item(n)
        on = item.data(Qt.ItemDataRole.UserRole) in values
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def _column(model: OwnFieldsModel[Any], title: str) -> int:
    return next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == title
    )


def _names(model: OwnFieldsModel[Any]) -> list[str]:
    return [str(model.data(model.index(r, 0))) for r in range(model.rowCount())]


def test_contacts_are_filtered_by_a_choice_and_a_number(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    visa = demo_ops.define_field(CONTACT, "Visa status", FieldKind.CHOICE, ["J-1", "H-1B"])
    score = demo_ops.define_field(CONTACT, "Score", FieldKind.NUMBER)
    for contact, values in ((1, {visa: "J-1", score: "4"}), (2, {visa: "H-1B", score: "9"})):
        demo_ops.update_contact(contact, {"own_fields": values})
    demo_ops.update_contact(3, {"own_fields": {visa: "J-1"}})
    tab = _on_tab(make_window, demo_ops, "contacts_tab")
    model, bar = tab.model, tab.field_filter
    everyone = model.rowCount()
    name = {model.contact_id(r): str(model.data(model.index(r, 0))) for r in range(everyone)}
    assert bar.button.isVisible() and bar.isHidden()
    bar._fill_menu()
    assert [a.text() for a in bar.menu.actions()] == ["Visa status…", "Score…"]

    def j1(dialog: FieldFilterDialog) -> None:
        dialog._apply()
        assert dialog.isVisible()  # nothing ticked
        assert dialog.error.text() == "Tick at least one value to show."
        _tick(dialog, "J-1")
        dialog._apply()

    _answer(j1)
    bar.edit(next(f for f in model.own_fields() if f.id == visa))
    named = {name[1], name[3]}
    assert set(_names(model)) == named
    assert bar.isVisible() and bar.summary.text() == "Filtered by Visa status: J-1"
    header = tab.table.horizontalHeader()
    assert not header.isSectionHidden(_column(model, "Visa status"))  # why they are kept
    assert header.isSectionHidden(_column(model, "Score"))
    assert tab.count_label.text() == f"2 of {everyone} shown"

    def at_least_three(dialog: FieldFilterDialog) -> None:
        assert isinstance(dialog.low, QLineEdit) and isinstance(dialog.high, QLineEdit)
        dialog.low.setText("lots")
        dialog._apply()
        assert dialog.error.text() == "From: must be a number, such as 12 or 3.5"
        dialog.low.setText("5")
        dialog.high.setText("3")
        dialog._apply()
        assert dialog.error.text() == "“From” is after “To”: nothing would be shown."
        dialog.low.setText("3")
        dialog.high.clear()
        dialog._apply()

    _answer(at_least_three)
    bar.edit(next(f for f in model.own_fields() if f.id == score))
    assert _names(model) == [name[1]]  # J-1 and a score from 3
    assert bar.summary.text() == "Filtered by Visa status: J-1 · Score: from 3"
    tab.search.setText("zzz")  # the search narrows within the filters
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    tab.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 1)

    def remove(dialog: FieldFilterDialog) -> None:
        dialog._remove()

    _answer(remove)
    bar.edit(next(f for f in model.own_fields() if f.id == visa))
    assert set(_names(model)) == {name[1], name[2]}
    assert bar.summary.text() == "Filtered by Score: from 3"
    demo_ops.remove_field(score)  # its filter goes with it
    assert model.rowCount() == everyone and bar.isHidden()
    tab.show_contact(3)
    assert tab.selected_ids() == [3]


def test_show_contact_clears_a_field_filter_that_hides_them(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    done = demo_ops.define_field(CONTACT, "Observed", FieldKind.YES_NO)
    demo_ops.update_contact(1, {"own_fields": {done: "yes"}})
    tab = _on_tab(make_window, demo_ops, "contacts_tab")

    def yes(dialog: FieldFilterDialog) -> None:
        assert dialog.yes is not None
        dialog.yes.setChecked(True)
        dialog._apply()

    _answer(yes)
    tab.field_filter.edit(tab.model.own_fields()[0])
    assert tab.model.rowCount() == 1
    tab.show_contact(2)  # Today's Open, say
    assert tab.selected_ids() == [2] and tab.field_filter.isHidden()


def test_programs_have_their_fields_as_columns_searched_and_filtered(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    offered = demo_ops.define_field(RecordKind.PROGRAM, "Observership", FieldKind.YES_NO)
    pd = demo_ops.define_field(RecordKind.PROGRAM, "PD's name", FieldKind.TEXT)
    demo_ops.set_own_values(RecordKind.PROGRAM, 1, {offered: "yes", pd: "Dr Zoë Okafor"})
    tab = _on_tab(make_window, demo_ops, "programs_tab")
    model = tab.model
    everyone = model.rowCount()
    column = _column(model, "Observership")
    assert tab.table.horizontalHeader().isSectionHidden(column)  # until the user shows it
    model.sort(column, Qt.SortOrder.AscendingOrder)  # the empty ones last
    assert model.data(model.index(0, column)) == "Yes"
    first = model.row_at(0).id
    assert first == 1
    tab.search.setText("zoe okafor")  # accents and case aside
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    tab.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == everyone)

    def no(dialog: FieldFilterDialog) -> None:
        assert dialog.yes is not None
        dialog.group.buttons()[1].setChecked(True)
        dialog._apply()

    _answer(no)
    tab.field_filter.edit(model.own_fields()[0])
    assert model.rowCount() == everyone - 1  # "no" is also never ticked
    assert 1 not in {model.row_at(r).id for r in range(model.rowCount())}

    def blank(dialog: FieldFilterDialog) -> None:
        assert dialog.no_value is not None
        dialog.no_value.setChecked(True)
        dialog._apply()

    tab.field_filter.clear()
    _answer(blank)
    tab.field_filter.edit(model.own_fields()[1])
    assert model.rowCount() == everyone - 1
    assert tab.field_filter.summary.text() == "Filtered by PD's name: no value"


def test_letters_have_their_fields_as_columns_and_filters(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    asked = demo_ops.define_field(RecordKind.LETTER, "Asked on", FieldKind.DATE)
    tab = _on_tab(make_window, demo_ops, "letters_tab")
    model = tab.model
    letters = [model.row_at(r).id for r in range(model.rowCount())]
    assert len(letters) >= 2
    demo_ops.set_own_values(RecordKind.LETTER, letters[0], {asked: "2026-03-02"})
    demo_ops.set_own_values(RecordKind.LETTER, letters[1], {asked: "2026-08-20"})
    column = _column(model, "Asked on")
    model.sort(column, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r).id for r in range(2)] == letters[:2]

    def spring(dialog: FieldFilterDialog) -> None:
        from datetime import date

        from img_crm.ui.views.fields import OptionalDateEdit

        assert isinstance(dialog.high, OptionalDateEdit)
        dialog.high.set_value(date(2026, 6, 30))
        dialog._apply()

    _answer(spring)
    tab.field_filter.edit(model.own_fields()[0])
    assert [model.row_at(r).id for r in range(model.rowCount())] == letters[:1]
    assert tab.field_filter.summary.text() == (
        f"Filtered by Asked on: up to 2026-06-30 — 1 of {len(letters)} shown"
    )
    demo_ops.set_own_values(RecordKind.LETTER, letters[1], {asked: "2026-01-05"})
    assert sorted(model.row_at(r).id for r in range(model.rowCount())) == sorted(letters[:2])


def test_the_bar_is_hidden_where_the_record_has_no_fields(qtbot: QtBot, demo_ops: Ops) -> None:
    from img_crm.ui.views.programs_tab import ProgramsTab

    tab = ProgramsTab(demo_ops)
    qtbot.addWidget(tab)
    tab.show()
    assert isinstance(tab.field_filter, FieldFilterBar)
    assert tab.field_filter.button.isHidden() and tab.field_filter.isHidden()
    demo_ops.define_field(RecordKind.PROGRAM, "Visited", FieldKind.YES_NO)
    assert tab.field_filter.button.isVisible()


def _set(bar: FieldFilterBar, field_id: int, chosen: Any) -> None:
    bar.model.set_field_filter(field_id, chosen)
    bar.refresh()
    bar.changed.emit()


def test_a_filter_follows_its_field_renamed_or_given_choices(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    from img_crm.domain.field_filters import FieldFilter

    visa = demo_ops.define_field(CONTACT, "Visa", FieldKind.CHOICE, ["J-1", "H-1B"])
    demo_ops.update_contact(1, {"own_fields": {visa: "J-1"}})
    tab = _on_tab(make_window, demo_ops, "contacts_tab")
    bar, model = tab.field_filter, tab.model
    _set(bar, visa, FieldFilter(model.own_fields()[0], wanted=frozenset({"J-1", "H-1B"})))
    assert model.rowCount() == 1
    demo_ops.change_field(visa, name="Visa <b>status</b> & more")
    assert bar.summary.text() == "Filtered by Visa <b>status</b> & more: J-1 or H-1B"
    assert bar.summary.textFormat() == Qt.TextFormat.PlainText  # as typed, not as HTML
    demo_ops.change_field(visa, choices=["J-1", "O-1"])  # H-1B gone, J-1 kept
    assert bar.summary.text() == "Filtered by Visa <b>status</b> & more: J-1"
    assert model.rowCount() == 1
    demo_ops.update_contact(1, {"own_fields": {visa: "O-1"}})
    demo_ops.change_field(visa, choices=["O-1", "F-1"])  # none of its choices is left
    assert bar.isHidden() and model.rowCount() == model.total_count()


def test_a_field_s_column_keeps_its_sort_and_visibility_when_fields_move(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    hours = demo_ops.define_field(CONTACT, "Hours", FieldKind.NUMBER)
    notes = demo_ops.define_field(CONTACT, "Notes 2", FieldKind.TEXT)
    for contact, value in ((1, "30"), (2, "5"), (3, "12")):
        demo_ops.update_contact(contact, {"own_fields": {hours: value}})
    tab = _on_tab(make_window, demo_ops, "contacts_tab")
    model, header = tab.model, tab.table.horizontalHeader()
    from img_crm.ui.views.table_view import show_column

    show_column(tab.table, _column(model, "Hours"), True)
    tab.table.sortByColumn(_column(model, "Hours"), Qt.SortOrder.AscendingOrder)
    assert [model.contact_id(r) for r in range(3)] == [2, 3, 1]
    demo_ops.move_field(hours, 1)  # after Notes 2 now
    assert _column(model, "Hours") > _column(model, "Notes 2")
    assert not header.isSectionHidden(_column(model, "Hours"))
    assert header.isSectionHidden(_column(model, "Notes 2"))
    assert model.sort_order() == (_column(model, "Hours"), Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == _column(model, "Hours")
    assert [model.contact_id(r) for r in range(3)] == [2, 3, 1]
    demo_ops.remove_field(hours)  # the sort goes with its field: by name, as the header says
    assert header.sortIndicatorSection() == 0 and model.sort_order() is not None
    assert model.sort_order()[0] == 0
    demo_ops.remove_field(notes)


def test_a_program_filtered_away_leaves_the_pane_and_programs_are_counted(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    from img_crm.domain.field_filters import FieldFilter

    visited = demo_ops.define_field(RecordKind.PROGRAM, "Visited", FieldKind.YES_NO)
    demo_ops.set_own_values(RecordKind.PROGRAM, 2, {visited: "yes"})
    tab = _on_tab(make_window, demo_ops, "programs_tab")
    total = tab.model.total_count()
    assert tab.count_label.text() == f"Programs: {total}"
    tab.select_program(1)
    assert tab.detail.program_id == 1 and tab.edit_button.isEnabled()
    field = tab.model.own_fields()[0]
    _set(tab.field_filter, visited, FieldFilter(field, wanted=frozenset({"yes"})))
    assert tab.detail.program_id is None and not tab.edit_button.isEnabled()
    assert tab.count_label.text() == f"1 of {total} shown"
    tab.select_program(2)
    tab.search.setText("zzzz")  # the search too: the pane clears with its row
    qtbot.waitUntil(lambda: tab.detail.program_id is None)
    assert not tab.edit_button.isEnabled()


def test_letters_say_when_a_filter_hides_them_all_and_count_what_it_keeps(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    from img_crm.domain.field_filters import FieldFilter

    asked = demo_ops.define_field(RecordKind.LETTER, "Asked on", FieldKind.DATE)
    tab = _on_tab(make_window, demo_ops, "letters_tab")
    total = tab.model.total_count()
    field = tab.model.own_fields()[0]
    _set(tab.field_filter, asked, FieldFilter(field, low="2030-01-01"))
    assert tab.model.rowCount() == 0
    assert tab.table.empty_text == "No letter matches the filters."
    assert tab.field_filter.summary.text() == (
        f"Filtered by Asked on: from 2030-01-01 — 0 of {total} shown"
    )


def test_tab_meets_the_filter_before_the_rows_it_narrows(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    from PySide6.QtWidgets import QWidget

    for record in RecordKind:
        demo_ops.define_field(record, "Mine", FieldKind.TEXT)
    window = make_window(demo_ops)
    window.show()

    def after(widget: QWidget) -> QWidget:
        step = widget.nextInFocusChain()
        while not (step.focusPolicy() & Qt.FocusPolicy.TabFocus and step.isVisible()):
            step = step.nextInFocusChain()
        return step

    for tab, before in (
        (window.contacts_tab, window.contacts_tab.overdue_only),
        (window.programs_tab, window.programs_tab.status_filter),
    ):
        window.tabs.setCurrentWidget(tab)
        assert after(before) is tab.field_filter.button
        assert after(tab.field_filter.button) is tab.table  # Clear is hidden: nothing filtered
    letters = window.letters_tab
    window.tabs.setCurrentWidget(letters)
    assert after(letters.field_filter.button) is letters.table


def test_a_field_column_is_shown_and_sorted_again_next_time_even_moved(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    from img_crm.ui.views.table_view import show_column

    first = demo_ops.define_field(CONTACT, "First", FieldKind.TEXT)
    demo_ops.define_field(CONTACT, "Second", FieldKind.TEXT)
    tab = _on_tab(make_window, demo_ops, "contacts_tab")
    show_column(tab.table, _column(tab.model, "Second"), True)
    tab.table.sortByColumn(_column(tab.model, "Second"), Qt.SortOrder.DescendingOrder)
    tab.window().close()  # the state is saved
    demo_ops.move_field(first, 1)  # Second's place is First's now
    again = _on_tab(make_window, demo_ops, "contacts_tab")
    model, header = again.model, again.table.horizontalHeader()
    qtbot.waitUntil(lambda: model.has_own())
    assert not header.isSectionHidden(_column(model, "Second"))
    assert header.isSectionHidden(_column(model, "First"))
    second = (_column(model, "Second"), Qt.SortOrder.DescendingOrder)
    assert model.sort_order() == second  # sorted by the field, wherever it is now
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == second
    demo_ops.update_contact(1, {"role": "Attending"})  # a later read keeps the user's sort
    assert model.sort_order() == second


def test_a_window_closed_before_the_fields_are_read_keeps_what_was_saved(
    qtbot: QtBot, tmp_path: Any
) -> None:
    """A big store sorted by name reads everyone in the background; closing
    before then saved no shown column and no sort, and the user's were lost."""
    from PySide6.QtCore import QSettings

    from img_crm.ui.models.contacts import ContactsModel
    from img_crm.ui.views.table_view import make_table, restore_header, save_header

    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    settings.setValue("tables/contactsTable_own_shown", "3,7")
    settings.setValue("tables/contactsTable_own_sort", "7:1")
    model = ContactsModel()
    table = make_table(model, "contactsTable")
    qtbot.addWidget(table)
    restore_header(table, settings)
    assert model.shown_at_start == {3, 7}
    assert model.sort_field_at_start == (7, Qt.SortOrder.DescendingOrder)
    save_header(table, settings)  # no field read yet
    assert settings.value("tables/contactsTable_own_shown") == "3,7"
    assert settings.value("tables/contactsTable_own_sort") == "7:1"


def test_opening_a_record_a_filter_hides_clears_the_filter(
    qtbot: QtBot, demo_ops: Ops, make_window: Callable[..., Any]
) -> None:
    from img_crm.domain.field_filters import FieldFilter

    for record in (RecordKind.PROGRAM, RecordKind.LETTER):
        demo_ops.define_field(record, "Mine", FieldKind.TEXT)
    window = make_window(demo_ops)
    window.show()
    for tab in (window.programs_tab, window.letters_tab):
        window.tabs.setCurrentWidget(tab)
        field = tab.model.own_fields()[0]
        first = tab.model.row_at(0).id
        _set(tab.field_filter, field.id, FieldFilter(field, words="nothing has this"))
        assert tab.model.rowCount() == 0
        if tab is window.programs_tab:
            tab.show_program(first)
        else:
            tab.show_letter(first)  # Today's Open
        assert tab.selected_id() == first and tab.field_filter.isHidden()
