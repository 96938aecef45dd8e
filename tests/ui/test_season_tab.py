"""The rank order list tab (#22): a drop, Move up/down, Add and Remove each
store the user's order with a dated line of history; the ratings' order is
only a suggestion until the user applies it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from img_crm.store.ranking import history, lists
from img_crm.ui.ops import Ops
from img_crm.ui.views.rank_page import RankPage
from img_crm.ui.views.season_tab import SeasonTab


@pytest.fixture
def programs(ops: Ops) -> list[int]:
    ids = [
        ops.add_program({"name": name, "application_status": "interviewed"})
        for name in ("Brookside IM", "Lakeview IM", "Coastal IM")
    ]
    from img_crm.services.ranking import rate

    with ops.store.session() as session:
        rate(session, program_id=ids[2], criterion="Visa", rating=5)
        rate(session, program_id=ids[0], criterion="Visa", rating=2)
    return ids


def _order(ops: Ops) -> list[int]:
    with ops.reading() as session:
        return lists(session).get("primary", [])


def _rank_page(qtbot: QtBot, ops: Ops) -> RankPage:
    season = SeasonTab(ops)
    qtbot.addWidget(season)
    season.show()  # a tab on screen reloads at each change (one off screen, when shown)
    qtbot.waitExposed(season)
    season.show_page(season.rank)
    return season.rank


def _texts(tab: RankPage) -> list[str]:
    return [tab.ranks.item(n).text() for n in range(tab.ranks.count())]


def test_programs_are_added_dragged_moved_and_removed(
    qtbot: QtBot, ops: Ops, programs: list[int]
) -> None:
    brookside, lakeview, coastal = programs
    tab = _rank_page(qtbot, ops)
    assert _texts(tab) == [] and tab.candidates.count() == 3
    for _ in range(3):
        tab.add_button.click()
    assert _order(ops) == [brookside, coastal, lakeview]  # added in the list's name order
    assert _texts(tab) == ["1. Brookside IM", "2. Coastal IM", "3. Lakeview IM"]
    assert not tab.add_button.isEnabled()
    # a drag of the last row to the top: the view's model moves the row, as a drop does
    tab.ranks.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    assert _order(ops) == [lakeview, brookside, coastal]
    assert _texts(tab)[0] == "1. Lakeview IM"
    tab.ranks.setCurrentRow(1)
    tab.down_button.click()
    assert _order(ops) == [lakeview, coastal, brookside]
    tab.ranks.setCurrentRow(1)
    tab.up_button.click()
    assert _order(ops) == [coastal, lakeview, brookside]
    tab.ranks.setCurrentRow(2)
    tab.remove_button.click()
    assert _order(ops) == [coastal, lakeview]
    with ops.reading() as session:
        lines = [change.what for change in history(session)]
    assert lines[5:] == [  # after the two ratings and the three added
        "Lakeview IM moved from 3 to 1",
        "Brookside IM moved from 2 to 3",
        "Coastal IM moved from 2 to 1",
        "Brookside IM removed",
    ]


def test_the_suggested_order_is_applied_only_when_the_user_says_yes(
    qtbot: QtBot, ops: Ops, programs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    brookside, lakeview, coastal = programs
    ops.rank_put(lakeview, 1)
    tab = _rank_page(qtbot, ops)
    assert tab.ratings.suggested.text() == (
        "Suggested by your ratings: 1. Coastal IM (5.0, 1 of 6 rated), 2. Brookside IM "
        "(2.0, 1 of 6 rated); then, not rated: Lakeview IM"
    )
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    tab.ratings.use_button.click()
    assert _order(ops) == [lakeview]
    tab.ratings.use_button.click()
    assert _order(ops) == [coastal, brookside, lakeview]
    assert _texts(tab) == ["1. Coastal IM", "2. Brookside IM", "3. Lakeview IM"]


def test_certifying_is_the_user_s_word_and_a_later_change_asks_for_it_again(
    qtbot: QtBot, ops: Ops, programs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from img_crm import clock

    brookside, lakeview, _coastal = programs
    tab = _rank_page(qtbot, ops)
    assert not tab.certified_button.isEnabled()  # nothing to certify yet
    assert tab.certification.text() == (
        "No deadline entered (NRMP publishes it each season). Not certified yet."
    )
    ops.rank_put(brookside, 1)
    ops.rank_put(lakeview, 2)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    tab.certified_button.click()  # No: not certified after all
    assert tab.board.certified_on is None
    tab.certified_button.click()
    assert tab.board.certified_on == clock.today()
    assert tab.certification.text().endswith(f"You certified it on {clock.today().isoformat()}.")
    assert not tab.warning.isVisibleTo(tab)
    clock.set_now(clock.now() + timedelta(days=1))
    try:
        tab.ranks.setCurrentRow(1)
        tab.up_button.click()
        assert tab.warning.isVisibleTo(tab)
        assert "certify it again in the NRMP system" in tab.warning.text()
    finally:
        clock.set_now(None)
