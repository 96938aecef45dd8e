"""The Pipeline board: drag and drop, keyboard moves, filters, history."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from img_crm.domain.enums import Stage
from img_crm.store.contact_rows import get_contact, list_contacts
from img_crm.store.stages import list_stage_changes
from img_crm.ui.labels import stage_label
from img_crm.ui.ops import Ops
from img_crm.ui.views.board import MoveDialog, PipelineBoard
from img_crm.ui.views.board_cards import MIME_TYPE


def _ids(board: PipelineBoard, stage: Stage) -> list[int]:
    column = board.columns[stage]
    return [int(column.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(column.count())]


def _stage_of(ops: Ops, contact_id: int) -> str:
    with ops.reading() as session:
        return get_contact(session, contact_id=contact_id).stage


def test_columns_hold_each_stage_with_counts(qtbot: QtBot, demo_ops: Ops) -> None:
    board = PipelineBoard(demo_ops)
    qtbot.addWidget(board)
    with demo_ops.reading() as session:
        stored = {s: sorted(r.id for r in list_contacts(session, stage=s.value)) for s in Stage}
    # Every column holds exactly the contacts at its stage, and the header counts them.
    for stage in Stage:
        assert sorted(_ids(board, stage)) == stored[stage]
        assert stored[stage], f"the sample has nobody at {stage}"
        header = board.headers[stage]
        assert header.accessibleName().endswith(f": {len(stored[stage])}")
        assert header.text().endswith(f"</b> {len(stored[stage])}")
    assert sum(len(ids) for ids in stored.values()) == 24
    assert "Sponsor" in board.headers[Stage.SPONSOR].text()
    assert board.headers[Stage.SPONSOR].text().endswith(" 2")


def test_drag_and_drop_moves_a_card_and_records_history(qtbot: QtBot, demo_ops: Ops) -> None:
    board = PipelineBoard(demo_ops)
    qtbot.addWidget(board)
    board.show()
    warm = board.columns[Stage.WARM]
    mentor = board.columns[Stage.MENTOR]
    contact_id = _ids(board, Stage.WARM)[0]
    warm.item(0).setSelected(True)
    data = warm.mimeData([warm.item(0)])
    assert json.loads(bytes(data.data(MIME_TYPE).data()).decode()) == [contact_id]
    target = mentor.viewport()
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    # A real drag from a column offers move and copy (its supportedDropActions).
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.MoveAction | Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(demo_ops.contacts_changed):
        mentor.dropEvent(drop)
    assert drop.dropAction() == Qt.DropAction.CopyAction  # the source keeps its item
    assert _stage_of(demo_ops, contact_id) == "mentor"
    assert contact_id in _ids(board, Stage.MENTOR)
    assert contact_id not in _ids(board, Stage.WARM)
    with demo_ops.reading() as session:
        newest = list_stage_changes(session, contact_id=contact_id)[0]
    assert (newest.from_stage, newest.to_stage) == ("warm", "mentor")


def test_a_drop_from_outside_the_app_is_ignored(qtbot: QtBot, demo_ops: Ops) -> None:
    board = PipelineBoard(demo_ops)
    qtbot.addWidget(board)
    data = QMimeData()
    data.setText("not a card")
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    board.columns[Stage.MENTOR].dropEvent(drop)
    assert not drop.isAccepted()


def test_keyboard_moves_forward_and_back(qtbot: QtBot, demo_ops: Ops) -> None:
    board = PipelineBoard(demo_ops)
    qtbot.addWidget(board)
    board.show()
    cold = board.columns[Stage.COLD]
    contact_id = _ids(board, Stage.COLD)[0]
    cold.setCurrentRow(0)
    cold.setFocus()
    board.forward_action.trigger()
    assert _stage_of(demo_ops, contact_id) == "warm"
    # The moved card stays selected in its new column, so the keys can be pressed again.
    assert board.columns[Stage.WARM].selected_ids() == [contact_id]
    board.forward_action.trigger()
    assert _stage_of(demo_ops, contact_id) == "mentor"
    board.back_action.trigger()
    assert _stage_of(demo_ops, contact_id) == "warm"
    assert board.forward_action.shortcut().toString() == "Ctrl+]"
    assert board.back_action.shortcut().toString() == "Ctrl+["


def test_shortcut_keys_reach_the_board(qtbot: QtBot, demo_ops: Ops) -> None:
    board = PipelineBoard(demo_ops)
    qtbot.addWidget(board)
    board.show()
    qtbot.waitExposed(board)
    board.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is board)
    sponsor_id = _ids(board, Stage.SPONSOR)[0]
    sponsors = board.columns[Stage.SPONSOR]
    sponsors.setCurrentRow(0)
    sponsors.setFocus()
    qtbot.keyClick(sponsors, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert _stage_of(demo_ops, sponsor_id) == "sponsor"  # nothing above sponsor
    qtbot.keyClick(sponsors, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
    assert _stage_of(demo_ops, sponsor_id) == "mentor"


def test_move_with_a_dated_note(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = PipelineBoard(demo_ops)
    qtbot.addWidget(board)
    contact_id = _ids(board, Stage.MENTOR)[0]

    def fill(dialog: MoveDialog) -> int:
        dialog.note.setText("Offered to call two PDs")
        return 1

    monkeypatch.setattr(MoveDialog, "exec", fill)
    board.move_with_note([contact_id], Stage.SPONSOR)
    with demo_ops.reading() as session:
        newest = list_stage_changes(session, contact_id=contact_id)[0]
    assert (newest.to_stage, newest.note) == ("sponsor", "Offered to call two PDs")


def test_filters_narrow_the_columns(qtbot: QtBot, demo_ops: Ops) -> None:
    board = PipelineBoard(demo_ops)
    qtbot.addWidget(board)
    with demo_ops.reading() as session:
        stored = {s: list_contacts(session, stage=s.value) for s in Stage}
    board.tag.setCurrentIndex(board.tag.findData("research"))
    shown = {cid for s in Stage for cid in _ids(board, s)}
    with demo_ops.reading() as session:
        assert all("research" in get_contact(session, contact_id=c).tags for c in shown)
    assert shown
    board.tag.setCurrentIndex(0)
    board.overdue_only.setChecked(True)
    overdue = {cid for s in Stage for cid in _ids(board, s)}
    assert overdue and len(overdue) < 24
    # A narrowed column says how many it shows of how many: "shown/total".
    for stage in Stage:
        shown, total = len(_ids(board, stage)), len(stored[stage])
        count = str(total) if shown == total else f"{shown}/{total}"
        assert board.headers[stage].accessibleName() == f"{stage_label(stage)}: {count}"
    assert any(len(_ids(board, s)) < len(stored[s]) for s in Stage)


def test_a_cards_dates_say_what_they_are(qtbot: QtBot, ops: Ops) -> None:
    """ "No touch logged · 2026-02-08" read as a touch on that day: the
    follow-up date is named as such."""
    from datetime import timedelta

    from img_crm import clock
    from img_crm.ui.views.board_cards import CardRole, touch_lines

    later = clock.today() + timedelta(days=9)
    ops.add_contact({"name": "Never Touched", "next_follow_up": later})
    touched = ops.add_contact({"name": "Met Once"})
    ops.add_activity(
        {"kind": "meeting", "occurred_on": clock.today() - timedelta(days=4), "contact_id": touched}
    )
    board = PipelineBoard(ops)
    qtbot.addWidget(board)
    column = board.columns[Stage.COLD]
    lines = {
        column.item(i).data(CardRole).name: touch_lines(column.item(i).data(CardRole))
        for i in range(column.count())
    }
    assert lines["Never Touched"] == ("No touch logged", f"Follow up {later.isoformat()}")
    assert lines["Met Once"][0] == "Last touch 4 d ago"
    assert lines["Met Once"][1].startswith("Follow up 20")
