"""The Today tab and the Activity tab, on real widgets and a real store."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCharts import QHorizontalBarSeries, QStackedBarSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from img_crm import clock
from img_crm.domain.momentum import Goal
from img_crm.store.activities import add_activity
from img_crm.store.contacts import add_contact
from img_crm.ui.main_window import MainWindow
from img_crm.ui.ops import Ops
from img_crm.ui.views.activity_dialog import ActivityDialog
from img_crm.ui.views.activity_tab import ActivityTab
from img_crm.ui.views.today_rows import DueRow
from img_crm.ui.views.today_tab import TodayTab

MakeWindow = Callable[..., MainWindow]


def test_today_lists_what_is_owed_and_due_with_charts(qtbot: QtBot, demo_ops: Ops) -> None:
    tab = TodayTab(demo_ops)
    qtbot.addWidget(tab)
    assert tab.replies.count() == 1
    row = tab.replies.rows[0]
    assert isinstance(row, DueRow) and "Nguyễn" in row.findChildren(type(tab.month_title))[0].text()
    assert tab.follow_ups.count() == len(tab.report.follow_ups_due) > 0
    assert not tab.replies_empty.isVisibleTo(tab)
    assert tab.letters_note.text() and tab.interviews_note.text()  # explained, not blank
    funnel = tab.funnel_chart.chart().series()[0]
    assert isinstance(funnel, QHorizontalBarSeries)
    assert [funnel.barSets()[0].at(i) for i in range(5)][-1] == tab.report.funnel.contacted
    months = tab.month_chart.chart().series()[0]
    assert isinstance(months, QStackedBarSeries) and months.barSets()[0].count() == 12
    for goal in Goal:
        assert tab.goal_labels[goal].text()


def test_one_click_log_and_open_from_today(
    qtbot: QtBot, demo_ops: Ops, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(demo_ops)
    opened: list[int | None] = []
    monkeypatch.setattr(
        ActivityDialog, "exec", lambda dialog: opened.append(dialog.contact.currentData()) or 0
    )
    row = window.today_tab.replies.rows[0]
    assert isinstance(row, DueRow)
    row.log_button.click()
    assert opened == [8]
    row.open_button.click()
    assert window.tabs.currentWidget() is window.contacts_tab
    assert window.contacts_tab.selected_ids() == [8]


def test_answering_clears_the_reply_owed_on_today(qtbot: QtBot, demo_ops: Ops) -> None:
    tab = TodayTab(demo_ops)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(demo_ops.activities_changed):
        demo_ops.add_activity(
            {
                "kind": "outreach-sent",
                "occurred_on": clock.today(),
                "contact_id": 8,
                "description": "Sent it",
            }
        )
    assert tab.replies.count() == 0
    assert tab.replies_empty.isVisibleTo(tab)


def test_empty_store_explains_every_section(qtbot: QtBot, ops: Ops) -> None:
    tab = TodayTab(ops)
    qtbot.addWidget(tab)
    assert tab.replies.count() == 0 and tab.follow_ups.count() == 0
    assert tab.replies_empty.isVisibleTo(tab) and tab.follow_ups_empty.isVisibleTo(tab)
    assert tab.report.funnel.contacted == 0


def test_activity_filters_and_hours(qtbot: QtBot, ops: Ops) -> None:
    with ops.store.session() as session:
        a = add_contact(session, data={"name": "Ana"})
        b = add_contact(session, data={"name": "Bo"})
        for contact, kind, day, hours in (
            (a, "research-task", date(2026, 1, 10), 5.0),
            (a, "meeting", date(2026, 2, 1), None),
            (b, "research-task", date(2026, 2, 15), 2.5),
            (b, "clinical-experience", date(2026, 3, 1), 40.0),
        ):
            add_activity(
                session,
                data={"kind": kind, "occurred_on": day, "hours": hours, "contact_id": contact},
            )
    tab = ActivityTab(ops)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 4 and "47.5 hours" in tab.summary.text()
    tab.kind.setCurrentIndex(tab.kind.findData("research-task"))
    assert tab.model.rowCount() == 2 and "7.5 hours" in tab.summary.text()
    tab.contact.setCurrentIndex(tab.contact.findData(b))
    assert [r.hours for r in tab.model.rows()] == [2.5]
    tab.kind.setCurrentIndex(0)
    tab.start.set_value(date(2026, 2, 20))
    assert [r.kind for r in tab.model.rows()] == ["clinical-experience"]
    tab.start.set_value(None)
    tab.contact.setCurrentIndex(0)
    tab.end.set_value(date(2026, 1, 31))
    assert [r.occurred_on for r in tab.model.rows()] == [date(2026, 1, 10)]


def test_add_edit_and_delete_activities(
    qtbot: QtBot, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ops.store.session() as session:
        cid = add_contact(session, data={"name": "Ana"})
    tab = ActivityTab(ops)
    qtbot.addWidget(tab)

    def fill(dialog: ActivityDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData("clinical-experience"))
        assert dialog.exposure.isEnabled()
        dialog.hours.setValue(12)
        dialog.setting.setText("Ward 4B")
        dialog.description.setPlainText("Two days of rounds")
        dialog.save()
        return 1

    monkeypatch.setattr(ActivityDialog, "exec", fill)
    tab.log_activity(cid)
    assert tab.model.rowCount() == 1
    row = tab.model.row_at(0)
    assert (row.contact_id, row.hours, row.exposure, row.setting) == (
        cid,
        12.0,
        "observership",
        "Ward 4B",
    )
    assert ops.last_logged_contact == cid

    def change(dialog: ActivityDialog) -> int:
        assert dialog.setting.text() == "Ward 4B"
        dialog.hours.setValue(16)
        dialog.save()
        return 1

    monkeypatch.setattr(ActivityDialog, "exec", change)
    tab.table.selectRow(0)
    tab.edit_selected()
    assert tab.model.row_at(0).hours == 16.0
    monkeypatch.setattr(tab, "confirm_delete", lambda count: True)
    tab.table.selectRow(0)
    tab.delete_selected()
    assert tab.model.rowCount() == 0


def test_quick_log_defaults_to_the_last_contact(
    qtbot: QtBot, demo_ops: Ops, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(demo_ops)
    demo_ops.add_activity({"kind": "meeting", "occurred_on": clock.today(), "contact_id": 5})
    seen: list[object] = []
    monkeypatch.setattr(
        ActivityDialog,
        "exec",
        lambda d: seen.append((d.contact.currentData(), d.when.date().toPython())) or 0,
    )
    window.tabs.setCurrentWidget(window.today_tab)
    window.log_action.trigger()
    assert seen == [(5, clock.today())]
    assert window.log_action.shortcut().toString() == "Ctrl+L"


def test_follow_up_lateness_reads_as_plain_english(qtbot: QtBot, ops: Ops) -> None:
    from PySide6.QtWidgets import QLabel

    today = clock.today()
    # Follow-ups set by hand land exactly: due today, 1, 2, 21 and 31 days late.
    for late in (0, 1, 2, 21, 31):
        ops.add_contact({"name": f"Late {late}", "next_follow_up": today - timedelta(days=late)})
    tab = TodayTab(ops)
    qtbot.addWidget(tab)
    shown = {}
    for row in tab.follow_ups.rows:
        texts = " ".join(label.text() for label in row.findChildren(QLabel))
        name = re.search(r"Late (\d+)", texts)
        assert name is not None, texts
        shown[int(name.group(1))] = texts
    assert sorted(shown) == [0, 1, 2, 21, 31]
    wording = {0: "due today", 1: "1 day late", 2: "2 days late", 21: "21 days late"}
    wording[31] = "31 days late"
    for late, expected in wording.items():
        # Whole words: "1 days" must not hide inside "31 days".
        assert re.search(rf"(?<![\d]){re.escape(expected)}\b", shown[late]), shown[late]
        assert not re.search(r"(?<!\d)1 days\b", shown[late]), shown[late]


def test_a_reload_under_an_open_dialog_shows_each_row_once(qtbot: QtBot, demo_ops: Ops) -> None:
    """Seen in the real window: during an import's closing message the old rows
    (waiting for deleteLater, which a dialog's own event loop does not run)
    stood beside the new ones, and Today showed one person three times."""
    tab = TodayTab(demo_ops)
    qtbot.addWidget(tab)
    tab.show()
    old = list(tab.replies.rows) + list(tab.follow_ups.rows)
    assert old
    tab.reload()
    tab.reload()
    # What a dialog's own loop does: posted events run, deferred deletes wait.
    QApplication.processEvents()
    assert all(not row.isVisible() for row in old)
    shown = [r for r in tab.replies.findChildren(DueRow) if r.isVisible()]
    assert len(shown) == tab.replies.count() == 1


def _row_text(row: DueRow) -> str:
    from PySide6.QtWidgets import QLabel

    return " · ".join(label.text() for label in row.findChildren(QLabel))


def test_a_reply_owed_says_how_long_they_have_waited(
    qtbot: QtBot, ops: Ops, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row names the day their reply came and how many days ago that was;
    Log… offers the answer as a message sent, and once it is logged the row goes."""
    today = clock.today()
    waiting = {"Ada Waits": 5, "Bo Waits": 2}
    for name, days in waiting.items():
        contact = ops.add_contact({"name": name})
        ops.add_activity(
            {
                "kind": "reply-received",
                "occurred_on": today - timedelta(days=days),
                "contact_id": contact,
            }
        )
    window = make_window(ops)
    tab = window.today_tab
    window.tabs.setCurrentWidget(tab)
    texts = [_row_text(row) for row in tab.replies.rows]
    assert len(texts) == 2 and "Ada Waits" in texts[0]  # the longest wait first
    ada = (today - timedelta(days=5)).isoformat()
    assert texts[0].endswith(f"Cold · replied {ada}, waiting 5 days"), texts[0]
    assert texts[1].endswith("waiting 2 days"), texts[1]
    report = tab.report.to_json()["replies_owed"][0]
    assert (report["waiting_since"], report["days_waiting"]) == (ada, 5)

    offered: list[tuple[object, object]] = []

    def answer(dialog: ActivityDialog) -> int:
        offered.append((dialog.kind.currentData(), dialog.contact.currentText()))
        dialog.save()
        return 1

    monkeypatch.setattr(ActivityDialog, "exec", answer)
    qtbot.mouseClick(tab.replies.rows[0].log_button, Qt.MouseButton.LeftButton)
    assert offered == [("outreach-sent", "Ada Waits")]
    assert [("Bo Waits" in _row_text(row)) for row in tab.replies.rows] == [True]


def test_a_follow_up_is_snoozed_from_its_row(
    qtbot: QtBot, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Snooze… → 3 days, with a reason: the row goes until then, nothing is
    logged, the reason is in the history; Edit → Undo brings the row back."""
    from img_crm.services.relationships import contact_detail
    from img_crm.store.activities import list_activities
    from img_crm.ui.views.snooze_dialog import SnoozeDialog

    today = clock.today()
    contact = ops.add_contact({"name": "Cy Late", "next_follow_up": today - timedelta(days=3)})
    tab = TodayTab(ops)
    qtbot.addWidget(tab)
    (row,) = tab.follow_ups.rows
    due = (today - timedelta(days=3)).isoformat()
    assert _row_text(row).endswith(f"Cold · due {due}, 3 days late")
    asked: list[list[str]] = []

    def answer(dialog: SnoozeDialog) -> int:
        asked.append([b.text() for b in dialog.choices.buttons()])
        dialog.choices.button(3).setChecked(True)
        dialog.reason.setText("Waiting for the draft")
        dialog.save()
        return 1

    monkeypatch.setattr(SnoozeDialog, "exec", answer)
    assert row.snooze_button is not None
    qtbot.mouseClick(row.snooze_button, Qt.MouseButton.LeftButton)
    in_three = (today + timedelta(days=3)).isoformat()
    assert asked == [
        [
            f"&1 day · {(today + timedelta(days=1)).isoformat()}",
            f"&3 days · {in_three}",
            f"A &week · {(today + timedelta(days=7)).isoformat()}",
            "&Until",
        ]
    ]
    assert tab.follow_ups.count() == 0
    with ops.reading() as session:
        detail = contact_detail(session, contact_id=contact)
        assert [(s.until.isoformat(), s.reason) for s in detail.snoozes] == [
            (in_three, "Waiting for the draft")
        ]
        assert detail.status.snoozed_until == today + timedelta(days=3)
        assert list_activities(session, contact_id=contact) == []
    ops.undo_stack.undo()
    assert tab.follow_ups.count() == 1
    with ops.reading() as session:
        assert contact_detail(session, contact_id=contact).snoozes == []
    assert not any(row.snooze_button for row in tab.replies.rows)


def test_someone_past_the_maximum_is_listed_as_losing_touch_in_red(qtbot: QtBot, ops: Ops) -> None:
    from img_crm.ui.theme import tone

    today = clock.today()
    late = ops.add_contact({"name": "Di Quiet", "stage": "warm"})
    ops.add_activity(
        {"kind": "outreach-sent", "occurred_on": today - timedelta(days=45), "contact_id": late}
    )
    tab = TodayTab(ops)
    qtbot.addWidget(tab)
    (row,) = tab.losing.rows
    last = (today - timedelta(days=45)).isoformat()
    assert _row_text(row).endswith(f"Warm · last touch {last} · 15 days past the limit")
    assert row.info.palette().windowText().color() == tone(row.info.palette(), "alert")
    assert tab.follow_ups.count() == 0 and not tab.losing.isHidden()


def test_an_invitation_to_answer_counts_down_on_today_in_red_when_near(
    qtbot: QtBot, ops: Ops
) -> None:
    from zoneinfo import ZoneInfo

    from img_crm.domain.invitations import InvitationStatus
    from img_crm.services.invitations import receive
    from img_crm.ui.theme import tone

    program = ops.add_program({"name": "Lakeview IM", "timezone": "America/New_York"})
    soon = (clock.now() + timedelta(hours=10, minutes=30)).astimezone(ZoneInfo("America/New_York"))
    with ops.store.session() as session:
        invitation, _ = receive(
            session, program_id=program, respond_by=soon.replace(tzinfo=None, second=0)
        )
    tab = TodayTab(ops)
    qtbot.addWidget(tab)
    text = tab.invitations.text()
    assert "Lakeview IM" in text and re.search(r"\b10 h \d+ min left to answer", text)
    assert "answer soon" in text and not tab.invitations.isHidden()
    palette = tab.invitations.palette()
    assert palette.windowText().color() == tone(palette, "alert")
    # answered on the Season tab: Today follows at once (it did not listen to the season)
    ops.answer_invitation(invitation, InvitationStatus.DECLINED)
    assert tab.invitations.isHidden() and tab.invitations_heading.isHidden()


def test_eligibility_steps_late_for_the_match_show_on_today(qtbot: QtBot, ops: Ops) -> None:
    year = clock.today().year  # this year's Match: last year's dates have all passed
    ops.save_profile({"match_year": str(year), "visa": "j1"})
    tab = TodayTab(ops)
    qtbot.addWidget(tab)
    lines = tab.eligibility.text().split("\n")
    assert f"USMLE Step 1 passed: due {year - 1}-05-01 for the {year} Match, not done." in lines
    assert not tab.eligibility_heading.isHidden()
    ops.record_eligibility_step("step-1", done_on=clock.today())  # on the Plan tab
    assert not any(
        line.startswith("USMLE Step 1 passed") for line in tab.eligibility.text().split("\n")
    )
    ops.save_profile({"match_year": str(year + 3)})
    tab.reload()
    assert tab.eligibility.isHidden()
