"""The Letters tab: readiness, one-action status changes, reminders, packet, ERAS limit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from img_crm import clock
from img_crm.services.letters import letters_view
from img_crm.store.activities import list_activities
from img_crm.store.letters import add_letter, assignments, list_letters
from img_crm.ui.ops import Ops
from img_crm.ui.views.activity_dialog import ActivityDialog
from img_crm.ui.views.letter_detail import LetterDetail
from img_crm.ui.views.letters_tab import LettersTab


def _tab(qtbot: QtBot, ops: Ops) -> LettersTab:
    tab = LettersTab(ops)
    qtbot.addWidget(tab)
    return tab


def test_readiness_panel_counts_and_warns(qtbot: QtBot, demo_ops: Ops) -> None:
    """Only letters a writer agreed to (or sent, or uploaded) count; the asked
    and picked ones are shown apart, never ticked."""
    tab = _tab(qtbot, demo_ops)
    text = tab.readiness.text()
    assert "US clinical letters in Internal Medicine agreed: <b>2</b>" in text
    assert "Letters agreed in all: <b>3</b> (aim for 3–4) · 1 more asked" in text  # Tariq
    assert "community program" in text  # the research letter goes to St. Agnes
    with demo_ops.store.session() as session:
        for writer in (5, 6, 7):  # three more only picked: still 2 agreed, and no ✔ for 3
            add_letter(
                session, writer_id=writer, letter_type="us-clinical", specialty="Internal Medicine"
            )
    tab.reload()
    text = tab.readiness.text()
    assert "US clinical letters in Internal Medicine agreed: <b>2</b>" in text
    assert "· 3 more asked or picked, not yet agreed" in text
    assert "Letters agreed in all: <b>3</b> (aim for 3–4) · 4 more asked" in text


def test_status_changes_are_one_dated_action(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _tab(qtbot, demo_ops)
    tab.select_letter(3)  # agreed
    assert tab.detail.advance_button.text().startswith("Mark as Packet sent")
    with demo_ops.reading() as session:
        before = len(list_activities(session, contact_id=3))
    offered: list[ActivityDialog] = []

    def fill_in(dialog: ActivityDialog) -> int:
        offered.append(dialog)
        dialog.save()
        return 1

    answers = iter([QMessageBox.StandardButton.No])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    monkeypatch.setattr(ActivityDialog, "exec", fill_in)
    tab.advance_action.trigger()
    with demo_ops.reading() as session:
        letter = next(r for r in list_letters(session) if r.id == 3)
        logged = list_activities(session, contact_id=3)
    assert (letter.status, letter.status_since) == ("packet-sent", clock.today())
    # Nothing the user did not do: no activity, no packet item ticked.
    assert len(logged) == before and offered == []
    assert not any(check.isChecked() for check in tab.detail.packet.values())


def test_a_sent_packet_is_logged_only_when_the_user_says_so(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _tab(qtbot, demo_ops)
    tab.select_letter(3)
    offered: list[tuple[str, object, str]] = []

    def fill_in(dialog: ActivityDialog) -> int:
        offered.append(
            (
                dialog.kind.currentData(),
                dialog.contact.currentData(),
                dialog.description.toPlainText(),
            )
        )
        dialog.save()
        return 1

    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    tab.detail.packet["packet_cv"].setChecked(True)  # the CV went, the rest not yet
    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(ActivityDialog, "exec", fill_in)
    tab.advance_action.trigger()
    assert offered == [("outreach-sent", 3, "Sent the letter packet")]
    assert asked[0].endswith(
        "\n\nNot ticked as sent yet: Personal statement draft, Evidence sheet, "
        "ERAS letter instructions."
    )
    with demo_ops.reading() as session:
        assert list_activities(session, contact_id=3)[0].description == "Sent the letter packet"


def test_each_waiting_letter_shows_its_next_reminder_and_wording_follows_status(
    qtbot: QtBot, demo_ops: Ops
) -> None:
    today = clock.today()
    with demo_ops.store.session() as session:
        fresh = add_letter(
            session,
            writer_id=5,
            letter_type="us-clinical",
            specialty="Internal Medicine",
            status="asked",
            on=today - timedelta(days=3),
        )
    tab = _tab(qtbot, demo_ops)
    rows = tab.model.rows()
    column = 5
    shown = tab.model.data(
        tab.model.index(rows.index(next(r for r in rows if r.id == fresh)), column)
    )
    first_day = (today + timedelta(days=11)).isoformat()
    assert shown == f"First polite reminder from {first_day}"
    tab.select_letter(fresh)
    assert not tab.detail.reminder.isVisibleTo(tab.detail)  # not due yet
    with demo_ops.reading() as session:
        view = letters_view(session)
    tariq = view.reminders[4]  # asked, not agreed: the reminder asks, it does not thank
    assert "kindly agreed" not in tariq.message and "whether you are able" in tariq.message
    samuel = view.reminders[2]  # packet sent: they agreed
    assert "you kindly agreed to write" in samuel.message


def test_reminder_with_a_message_to_copy_and_mark_sent(qtbot: QtBot, demo_ops: Ops) -> None:
    tab = _tab(qtbot, demo_ops)
    tab.select_letter(4)  # Tariq Mahmood, asked 25 days ago
    detail = tab.detail
    assert detail.reminder.isVisibleTo(detail)
    assert "First polite reminder" in detail.reminder_text.text()
    assert (
        tab.model.data(
            tab.model.index(
                tab.model.rows().index(next(r for r in tab.model.rows() if r.id == 4)), 5
            )
        )
        == "First polite reminder"
    )
    detail.copy_message()
    assert QGuiApplication.clipboard().text().startswith("Dear Tariq Mahmood")
    detail.mark_sent()
    assert 4 not in (tab.view.reminders if tab.view else {})
    tab.select_letter(4)
    assert not tab.detail.reminder.isVisibleTo(tab.detail)


def test_notes_are_saved_when_leaving_the_field(qtbot: QtBot, demo_ops: Ops) -> None:
    tab = _tab(qtbot, demo_ops)
    tab.select_letter(2)
    tab.detail.notes.setText("Prefers a reminder by phone")
    tab.detail.notes.editingFinished.emit()
    with demo_ops.reading() as session:
        assert (
            next(r for r in list_letters(session) if r.id == 2).notes
            == "Prefers a reminder by phone"
        )
    assert tab.detail.notes.text() == "Prefers a reminder by phone"


def test_turning_the_waiver_off_warns_first(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _tab(qtbot, demo_ops)
    tab.select_letter(1)
    monkeypatch.setattr(LetterDetail, "confirm_unwaive", lambda self: False)
    tab.detail.waived.setChecked(False)
    assert tab.detail.waived.isChecked()
    monkeypatch.setattr(LetterDetail, "confirm_unwaive", lambda self: True)
    tab.detail.waived.setChecked(False)
    with demo_ops.reading() as session:
        assert not next(r for r in list_letters(session) if r.id == 1).waived
    assert "not waived" in tab.readiness.text()


def test_the_matrix_enforces_four_letters_per_program(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_ops.store.session() as session:
        extra = add_letter(
            session,
            writer_id=5,
            letter_type="us-clinical",
            specialty="Internal Medicine",
            on=clock.today() - timedelta(days=3),
        )
    tab = _tab(qtbot, demo_ops)
    matrix = tab.matrix
    refused: list[str] = []
    demo_ops.refused.connect(lambda _title, message: refused.append(message))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    row = next(
        i
        for i in range(matrix.rowCount())
        if matrix.item(i, 0).data(Qt.ItemDataRole.UserRole)[0] == extra
    )
    full = next(
        j
        for j in range(matrix.columnCount())
        if matrix.horizontalHeaderItem(j).text().endswith("4/4")
    )
    matrix.item(row, full).setCheckState(Qt.CheckState.Checked)
    assert refused and "4 letters" in refused[0]
    assert matrix.item(row, full).checkState() == Qt.CheckState.Unchecked
    open_column = next(
        j
        for j in range(matrix.columnCount())
        if matrix.horizontalHeaderItem(j).text().endswith("0/4")
    )
    matrix.item(row, open_column).setCheckState(Qt.CheckState.Checked)
    program_id = matrix.item(row, open_column).data(Qt.ItemDataRole.UserRole)[1]
    with demo_ops.reading() as session:
        assert (extra, program_id) in assignments(session)
    # A declined letter holds none of a program's four places.
    full_program = matrix.item(row, full).data(Qt.ItemDataRole.UserRole)[1]
    with demo_ops.reading() as session:
        on_it = [lid for lid, pid in assignments(session) if pid == full_program]
    demo_ops.set_letter_status(on_it[0], "declined")
    header = next(
        matrix.horizontalHeaderItem(j).text()
        for j in range(matrix.columnCount())
        if matrix.item(0, j).data(Qt.ItemDataRole.UserRole)[1] == full_program
    )
    assert header.endswith("3/4")
    declined_row = next(
        i
        for i in range(matrix.rowCount())
        if matrix.item(i, 0).data(Qt.ItemDataRole.UserRole)[0] == on_it[0]
    )
    assert matrix.verticalHeaderItem(declined_row).text().endswith(" · declined, counts nowhere")
    refused.clear()
    column = next(
        j
        for j in range(matrix.columnCount())
        if matrix.item(row, j).data(Qt.ItemDataRole.UserRole)[1] == full_program
    )
    matrix.item(row, column).setCheckState(Qt.CheckState.Checked)
    assert refused == []
    with demo_ops.reading() as session:
        assert (extra, full_program) in assignments(session)


def test_delete_names_the_writer_and_cancel_keeps_the_letter(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _tab(qtbot, demo_ops)
    tab.table.selectRow(0)
    chosen = tab.model.row_at(0)
    asked: list[str] = []
    monkeypatch.setattr(tab, "confirm_delete", lambda writer: asked.append(writer) or False)
    tab.delete_selected()
    with demo_ops.reading() as session:
        assert chosen.id in {r.id for r in list_letters(session)}
    monkeypatch.setattr(tab, "confirm_delete", lambda writer: asked.append(writer) or True)
    tab.delete_selected()
    with demo_ops.reading() as session:
        assert chosen.id not in {r.id for r in list_letters(session)}
    assert asked == [chosen.writer_name, chosen.writer_name]


def test_a_status_change_is_dated_taken_back_and_undone(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Change status… takes the day it happened (never before the last change,
    never after today); Take back removes that line; Edit → Undo and Redo
    move it back and forth."""
    from img_crm.services.letters import letter_history
    from img_crm.ui.dates import pydate, qdate
    from img_crm.ui.views.letter_dialogs import StatusDialog

    tab = _tab(qtbot, demo_ops)
    tab.select_letter(3)  # agreed
    with demo_ops.reading() as session:
        before = [(h.to_status, h.changed_on) for h in letter_history(session, letter_id=3)]
    last = before[-1][1]
    today = clock.today()
    seen: list[tuple[date, date, str]] = []

    def choose(dialog: StatusDialog) -> int:
        seen.append(
            (
                dialog.last_change,
                pydate(dialog.day.maximumDate()),
                dialog.status.currentData(),
            )
        )
        # A day typed before the last change: refused on OK, with one sentence.
        dialog.day.setDate(qdate(last - timedelta(days=30)))
        assert pydate(dialog.day.date()) == last - timedelta(days=30)  # typing is not blocked
        dialog.accept()
        assert dialog.result() == 0
        assert dialog.error.text() == (
            f"Choose {last.isoformat()} or later: the letter's history runs forward."
        )
        dialog.day.setDate(qdate(today + timedelta(days=3)))
        assert pydate(dialog.day.date()) == today  # the future is closed
        dialog.day.setDate(qdate(today - timedelta(days=1)))
        return 1

    monkeypatch.setattr(StatusDialog, "exec", choose)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(tab.detail.status_button, Qt.MouseButton.LeftButton)
    assert seen == [(last, today, "packet-sent")]  # the usual next step is offered
    with demo_ops.reading() as session:
        writer = next(r for r in list_letters(session) if r.id == 3).writer_name
    assert demo_ops.undo_stack.undoText() == f"Letter from {writer}: Packet sent"

    def history() -> list[tuple[str, date]]:
        with demo_ops.reading() as session:
            return [(h.to_status, h.changed_on) for h in letter_history(session, letter_id=3)]

    moved = [*before, ("packet-sent", today - timedelta(days=1))]
    assert history() == moved
    assert tab.model.row_at(tab.table.currentIndex().row()).status == "packet-sent"
    assert not tab.detail.take_back_button.isHidden()
    assert tab.detail.take_back_button.text() == "&Take back “Packet sent”"

    demo_ops.undo_stack.undo()
    assert history() == before
    assert len(before) == 1 and tab.detail.take_back_button.isHidden()  # its first status
    demo_ops.undo_stack.redo()
    assert history() == moved

    qtbot.mouseClick(tab.detail.take_back_button, Qt.MouseButton.LeftButton)
    assert history() == before
    assert demo_ops.undo_stack.undoText() == f"Letter from {writer}: take back its last status"
    with demo_ops.reading() as session:
        assert next(r for r in list_letters(session) if r.id == 3).status == "agreed"


def test_a_finished_letter_offers_no_status_until_one_is_chosen(
    qtbot: QtBot, demo_ops: Ops
) -> None:
    """An uploaded letter has no next step: OK waits for a choice instead of
    sending it back to Identified."""
    from img_crm.ui.views.letter_dialogs import StatusDialog

    demo_ops.set_letter_status(3, "uploaded")  # the sample has one only in season
    with demo_ops.reading() as session:
        uploaded = next(r for r in list_letters(session) if r.id == 3)
    dialog = StatusDialog(uploaded, clock.today())
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.status.currentData() is None and not ok.isEnabled()
    dialog.status.setCurrentIndex(dialog.status.findData("declined"))
    assert ok.isEnabled()


def test_a_letters_writer_and_type_can_be_mended(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    from img_crm.ui.views.letter_dialogs import LetterDialog

    tab = _tab(qtbot, demo_ops)
    tab.select_letter(3)
    with demo_ops.reading() as session:
        was = next(r for r in list_letters(session) if r.id == 3)
    titles: list[str] = []

    def mend(dialog: LetterDialog) -> int:
        titles.append(dialog.windowTitle())
        assert dialog.writer.currentData() == was.writer_id  # starts from the letter
        assert dialog.kind.currentData() == was.letter_type
        assert dialog.status.isHidden()  # the status moves, dated, elsewhere
        dialog.writer.setCurrentIndex(dialog.writer.findData(5))
        dialog.kind.setCurrentIndex(dialog.kind.findData("research"))
        return 1

    monkeypatch.setattr(LetterDialog, "exec", mend)
    qtbot.mouseClick(tab.detail.edit_button, Qt.MouseButton.LeftButton)
    assert titles == ["Edit letter"]
    with demo_ops.reading() as session:
        now = next(r for r in list_letters(session) if r.id == 3)
        history = letter_history_of(session, 3)
    assert (now.writer_id, now.letter_type, now.status) == (5, "research", was.status)
    assert history  # its dated history stays with the letter
    assert tab.detail.summary.text().startswith(f"<h2>{now.writer_name}</h2>")
    demo_ops.undo_stack.undo()
    with demo_ops.reading() as session:
        back = next(r for r in list_letters(session) if r.id == 3)
    assert (back.writer_id, back.letter_type) == (was.writer_id, was.letter_type)


def letter_history_of(session: object, letter_id: int) -> list[object]:
    from img_crm.services.letters import letter_history

    return list(letter_history(session, letter_id=letter_id))  # type: ignore[arg-type]


def test_adding_and_deleting_a_letter_undo_and_redo(qtbot: QtBot, demo_ops: Ops) -> None:
    """Redo of a delete deletes again (the copy after it names no letter), and
    undo gives the letter back with its history and programs."""
    from img_crm.services.letters import letter_history

    def state() -> dict[int, tuple[str, int, int]]:
        with demo_ops.reading() as session:
            return {
                row.id: (row.status, len(letter_history(session, letter_id=row.id)), row.programs)
                for row in list_letters(session)
            }

    start = state()
    assert start[1][1] >= 1 and start[1][2] == 4
    demo_ops.delete_letter(1)
    assert 1 not in state()
    demo_ops.undo_stack.undo()
    assert state() == start
    demo_ops.undo_stack.redo()
    assert 1 not in state()
    demo_ops.undo_stack.undo()
    new = demo_ops.add_letter(writer_id=5, letter_type="us-clinical", specialty="IM")
    assert state()[new] == ("identified", 1, 0)
    demo_ops.undo_stack.undo()
    assert state() == start
    demo_ops.undo_stack.redo()
    assert state()[new] == ("identified", 1, 0)
