"""The tray, its menu and the reminder clock, driven with a test clock."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from img_crm.domain.correspondence import Found
from img_crm.domain.enums import ActivityKind
from img_crm.store.imported import write_found
from img_crm.ui.main_window import MainWindow
from img_crm.ui.notifier import Notifier, ReminderPrefs, load_prefs
from img_crm.ui.ops import Ops

CAME = datetime(2026, 11, 30, 21, 15)  # local


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _reply(ops: Ops, name: str, came: datetime) -> int:
    contact = ops.add_contact({"name": name, "stage": "warm"})
    moment = came.astimezone()  # local -> aware
    with ops.store.session() as session:
        write_found(
            session,
            source="mail",
            items=[
                Found(
                    f"m-{name}",
                    contact,
                    "x@example.org",
                    name,
                    ActivityKind.REPLY_RECEIVED,
                    moment,
                    "Question",
                )
            ],
            today=came.date(),
        )
    return contact


@pytest.fixture
def window(make_window: object, ops: Ops) -> MainWindow:
    from img_crm.ui.main_window import WELCOME_DONE

    ops.set_flag(WELCOME_DONE, "1")  # on the tabs, not the welcome page
    return make_window(ops)  # type: ignore[operator,no-any-return]


def _notifier(window: MainWindow, clock: Clock, digest: time = time(23, 59)) -> Notifier:
    notifier = Notifier(window, now=clock, with_tray=True)
    notifier.apply(ReminderPrefs(enabled=True, digest_at=digest))
    return notifier


def test_the_tray_menu_opens_logs_shows_today_and_quits(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    notifier = _notifier(window, Clock(CAME))
    assert notifier.tray is not None and notifier.tray.contextMenu() is notifier.menu
    assert [a.text() for a in notifier.menu.actions() if not a.isSeparator()] == [
        "&Open IMG CRM",
        "&Log activity…",
        "&Today",
        "&Quit",
    ]
    window.tabs.setCurrentIndex(1)
    window.hide()
    notifier.today_action.trigger()
    assert window.isVisible() and window.tabs.currentIndex() == 0
    logged: list[object] = []
    monkeypatch.setattr(window, "log_activity", lambda *a: logged.append(a))
    notifier.log_action.trigger()
    assert logged == [()]
    quits: list[bool] = []
    monkeypatch.setattr(window, "quit_app", lambda: quits.append(True))
    notifier.quit_action.triggered.disconnect()
    notifier.quit_action.triggered.connect(window.quit_app)
    notifier.quit_action.trigger()
    assert quits == [True]
    # turned off: no tray icon, no clock
    notifier.apply(ReminderPrefs(enabled=False))
    assert notifier.tray is None and not notifier.timer.isActive()
    assert load_prefs(window.window_settings).enabled is False


def test_a_reply_is_said_once_when_24_hours_have_passed(
    qtbot: QtBot, window: MainWindow, ops: Ops
) -> None:
    clock = Clock(CAME + timedelta(hours=1))
    notifier = _notifier(window, clock)
    assert notifier.tick() == []  # the first look says nothing already pending
    contact = _reply(ops, "Ana Lima", CAME)
    clock.at = CAME + timedelta(hours=23, minutes=59)
    assert notifier.tick() == []
    clock.at = CAME + timedelta(hours=24, minutes=1)
    with qtbot.waitSignal(notifier.notified) as shown:
        notices = notifier.tick()
    assert [(n.title, n.opens, n.contact_id) for n in notices] == [
        ("Reply to Ana Lima", "contact", contact)
    ]
    assert shown.args[0] == notices[0]
    clock.at += timedelta(minutes=5)
    assert notifier.tick() == []  # said once
    notifier.open_last()  # a click on the notification
    assert window.tabs.currentWidget() is window.contacts_tab
    qtbot.waitUntil(lambda: window.contacts_tab.detail.contact_id == contact)


def test_a_reply_that_came_due_while_the_app_was_closed_is_said_at_start(
    qtbot: QtBot, window: MainWindow, ops: Ops, data_dir: Path
) -> None:
    clock = Clock(CAME)
    first = _notifier(window, clock)
    assert first.tick() == []
    _reply(ops, "Bo Late", CAME - timedelta(hours=2))
    # the app is closed; it starts again the next evening
    again = Notifier(window, now=Clock(CAME + timedelta(days=1)), with_tray=True)
    assert [n.title for n in again.tick()] == ["Reply to Bo Late"]


def test_the_digest_comes_once_a_day_at_the_chosen_time(
    qtbot: QtBot, window: MainWindow, ops: Ops
) -> None:
    morning = datetime(2026, 12, 2, 7, 59)
    clock = Clock(morning)
    notifier = _notifier(window, clock, time(8, 0))
    overdue = ops.add_contact({"name": "Cy Due", "next_follow_up": morning.date() - timedelta(3)})
    assert overdue
    assert notifier.tick() == []
    clock.at = morning.replace(hour=8, minute=0)
    (digest,) = notifier.tick()
    assert (digest.title, digest.text, digest.opens) == (
        "img-crm today",
        "1 follow-up due",
        "today",
    )
    clock.at = morning.replace(hour=17)
    assert notifier.tick() == []
    clock.at = morning.replace(hour=8) + timedelta(days=1)
    assert [n.key for n in notifier.tick()] == [f"digest:{clock.at.date()}"]


def test_closing_to_the_tray_hides_the_window_and_quit_really_quits(
    qtbot: QtBot, window: MainWindow
) -> None:
    notifier = Notifier(window, now=Clock(CAME), with_tray=True)
    window.notifier = notifier
    notifier.apply(ReminderPrefs(enabled=True, close_to_tray=True))
    window.show()
    assert notifier.keeps_running
    window.close()
    assert not window.isVisible() and window.notifier is notifier
    notifier.apply(ReminderPrefs(enabled=True, close_to_tray=False))
    assert not notifier.keeps_running


def test_an_interview_is_said_a_day_and_an_hour_before() -> None:
    from img_crm.domain.reminders import Facts, NoticeState, due_notices

    at = datetime(2026, 12, 10, 9, 0)
    facts = Facts(interviews=[(3, "Lakeview IM", at)])
    state = NoticeState(checked=at - timedelta(days=2))
    seen = []
    for moment in (
        at - timedelta(hours=25),
        at - timedelta(hours=23),
        at - timedelta(hours=22),
        at - timedelta(minutes=59),
        at - timedelta(minutes=30),
    ):
        notices, state = due_notices(facts, now=moment, state=state, digest_at=time(23, 59))
        seen.append([n.title for n in notices])
    assert seen == [
        [],
        ["Interview tomorrow: Lakeview IM"],
        [],
        ["Interview in an hour: Lakeview IM"],
        [],
    ]
    assert UTC  # the clock here is local and naive, as the window's


def test_the_state_is_written_when_it_changes_not_at_every_tick(
    qtbot: QtBot, window: MainWindow, ops: Ops
) -> None:
    clock = Clock(CAME)
    notifier = _notifier(window, clock)
    notifier.tick()
    settings = window.window_settings
    written = settings.value("reminders/checked")
    assert written == CAME.isoformat(timespec="seconds")
    for _ in range(10):  # ten quiet minutes: nothing to write
        clock.at += timedelta(minutes=1)
        notifier.tick()
    assert settings.value("reminders/checked") == written
    clock.at += timedelta(minutes=1)
    _reply(ops, "Cy Now", clock.at - timedelta(hours=24, seconds=30))
    assert [n.title for n in notifier.tick()] == ["Reply to Cy Now"]  # written at once
    assert "Cy Now" not in str(settings.value("reminders/said"))  # keys, not names
    assert settings.value("reminders/checked") == clock.at.isoformat(timespec="seconds")
    clock.at += timedelta(minutes=15)
    notifier.tick()
    assert settings.value("reminders/checked") == clock.at.isoformat(timespec="seconds")


def test_an_invitation_s_respond_by_time_is_said_a_day_and_two_hours_before(
    qtbot: QtBot, window: MainWindow, ops: Ops
) -> None:
    from img_crm.services.invitations import receive

    program = ops.add_program(
        {"name": "Lakeview IM", "specialty": "Internal Medicine", "timezone": "America/New_York"}
    )
    by_there = datetime(2026, 12, 10, 17, 0)  # 5 pm in New York
    with ops.store.session() as session:
        invitation, _ = receive(
            session,
            program_id=program,
            respond_by=by_there,
            received_at=datetime(2026, 12, 5, 12, 0, tzinfo=UTC),
        )
    by_here = (
        by_there.replace(tzinfo=ZoneInfo("America/New_York")).astimezone().replace(tzinfo=None)
    )
    clock = Clock(by_here - timedelta(days=3))
    notifier = _notifier(window, clock)
    assert notifier.tick() == []
    said = []
    for before in (timedelta(hours=23), timedelta(hours=22), timedelta(hours=1, minutes=50)):
        clock.at = by_here - before
        said.append([(n.title, n.opens) for n in notifier.tick()])
    title = ("Answer Lakeview IM's invitation", "programs")
    assert said == [[title], [], [title]]
    with ops.store.session() as session:
        from img_crm.domain.invitations import InvitationStatus
        from img_crm.services.invitations import answer

        answer(session, invitation_id=invitation, status=InvitationStatus.DECLINED)
    clock.at = by_here - timedelta(minutes=30)
    assert notifier.tick() == []  # answered: nothing more to say
