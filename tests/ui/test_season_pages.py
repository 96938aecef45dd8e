"""The Season tab's signal planner, applications and invitations pages (#22),
driven through their real widgets on a real store: every click goes through
``Ops`` and is read back from the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from img_crm import clock
from img_crm.domain.invitations import InvitationStatus
from img_crm.domain.signals import SignalKind, SignalState
from img_crm.services.invitations import history_of, overview
from img_crm.services.signals import applications, planner
from img_crm.ui.dates import qdatetime
from img_crm.ui.ops import Ops
from img_crm.ui.views import invitation_dialogs
from img_crm.ui.views.season_settings import SeasonSettingsDialog
from img_crm.ui.views.season_tab import SeasonTab


def _season(qtbot: QtBot, ops: Ops, page: str) -> SeasonTab:
    tab = SeasonTab(ops)
    qtbot.addWidget(tab)
    tab.show()  # a tab on screen reloads at each change
    qtbot.waitExposed(tab)
    tab.show_page(getattr(tab, page))
    return tab


@pytest.fixture
def reported(ops: Ops, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(ops, "report", lambda _parent, _title, message: said.append(message))
    return said


def _answers(monkeypatch: pytest.MonkeyPatch, *answers: QMessageBox.StandardButton) -> None:
    queue = iter(answers)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(queue))


def _signals(ops: Ops) -> dict[str, tuple[SignalKind | None, SignalState]]:
    with ops.reading() as session:
        return {p.name: (p.kind, p.state) for p in planner(session).programs}


def test_the_planner_plans_sends_locks_and_warns(
    qtbot: QtBot, ops: Ops, reported: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ops.save_profile({"visa": "j1"})
    coastal = ops.add_program(
        {"name": "Coastal IM", "specialty": "Internal Medicine", "tier": 1, "visa": "j1"}
    )
    northside = ops.add_program(
        {"name": "Northside IM", "specialty": "Internal Medicine", "tier": 1, "visa": "none"}
    )
    ops.add_program({"name": "Hillcrest FM", "specialty": "Family Medicine", "tier": 2})
    page = _season(qtbot, ops, "signals").signals
    # Only the specialties the programs are in are counted: IM's gold and
    # silver, FM's one kind.
    left = [(r.specialty, r.kind, r.allowed, r.left) for r in page.left_model.rows()]
    assert sorted(left) == [
        ("Family Medicine", SignalKind.SIGNAL, 5, 5),
        ("Internal Medicine", SignalKind.GOLD, 3, 3),
        ("Internal Medicine", SignalKind.SILVER, 12, 12),
    ]
    suggested = [
        page.suggestions.item(n).text().split("\n")[0] for n in range(page.suggestions.count())
    ]
    assert suggested[0] == "Coastal IM" and "Northside IM" not in suggested  # no J-1 there
    page.suggestions.setCurrentRow(0)
    page.go_button.click()
    assert page.current() is not None and page.current().name == "Coastal IM"
    assert [page.kind.itemText(n) for n in range(page.kind.count())] == ["Gold", "Silver"]

    page.plan_button.click()  # gold, the first kind
    assert _signals(ops)["Coastal IM"] == (SignalKind.GOLD, SignalState.PLANNED)
    assert page.back_button.isEnabled()
    gold = next(r for r in page.left_model.rows() if r.kind is SignalKind.GOLD)
    assert (gold.planned, gold.left) == (1, 2)

    _answers(monkeypatch, QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    page.send_button.click()  # No: nothing changes
    assert _signals(ops)["Coastal IM"] == (SignalKind.GOLD, SignalState.PLANNED)
    page.send_button.click()  # Yes: sent, and locked
    assert _signals(ops)["Coastal IM"] == (SignalKind.GOLD, SignalState.SENT)
    assert page.current().program_id == coastal
    assert not page.plan_button.isEnabled() and not page.send_button.isEnabled()
    assert not page.back_button.isEnabled()
    assert page.plan_button.toolTip() == "A sent signal is locked."
    assert "Sent " in page.model.data(page.model.index(page.table.currentIndex().row(), 5))

    # A program that cannot sponsor the user's visa: placed, with the warning said.
    assert page.select(next(p.program_id for p in page.model.rows() if p.name == "Northside IM"))
    page.kind.setCurrentIndex(1)  # silver
    page.plan_button.click()
    assert _signals(ops)["Northside IM"] == (SignalKind.SILVER, SignalState.PLANNED)
    assert page.notice.isVisibleTo(page) and "visa" in page.notice.text()
    page.back_button.click()
    assert _signals(ops)["Northside IM"] == (None, SignalState.NONE)

    # A program that takes no signals refuses one, in the service's own words.
    page.accepts.setCurrentIndex(page.accepts.findData(False))
    page.accepts.activated.emit(page.accepts.currentIndex())
    page.plan_button.click()
    assert _signals(ops)["Northside IM"] == (None, SignalState.NONE)
    assert reported == [f"Program #{northside}: this program does not take signals."]


def test_a_program_of_a_specialty_without_a_rule_offers_no_signal(qtbot: QtBot, ops: Ops) -> None:
    ops.add_program({"name": "Mystery Program", "specialty": "Space Medicine", "tier": 1})
    page = _season(qtbot, ops, "signals").signals
    page.table.selectRow(0)
    assert page.kind.count() == 0
    assert not page.plan_button.isEnabled()
    assert page.plan_button.toolTip() == "No signal rule for Space Medicine this season."
    assert page.left_model.rowCount() == 0


def test_a_rule_kept_in_the_window_gives_a_specialty_its_signals(
    qtbot: QtBot, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hint once sent the user to the command line for the rules; the
    Signal rules… dialog keeps a new season's numbers, checked as typed."""
    from PySide6.QtWidgets import QDialog

    from img_crm.ui.views.signal_rules_dialog import SignalRulesDialog

    ops.add_program({"name": "Mystery Program", "specialty": "Space Medicine", "tier": 1})
    page = _season(qtbot, ops, "signals").signals
    opened: list[SignalRulesDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(self) or 0)
    page.rules_button.click()
    (dialog,) = opened
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 12  # the shipped 2025 season
    assert dialog.specialty.findText("Space Medicine") >= 0  # the programs' specialties too
    dialog.keep()  # no specialty typed: refused, nothing kept
    assert dialog.error.text() == "A specialty is required." and dialog.model.rowCount() == 12
    dialog.specialty.setCurrentText("Space  Medicine")
    dialog.season.setValue(2026)
    dialog.two_kinds.setChecked(True)
    dialog.gold.setValue(2)
    dialog.silver.setValue(4)
    dialog.keep()
    assert dialog.kept.text() == "Kept: Space Medicine in 2026, 2 gold + 4 silver signals."
    assert dialog.model.rowCount() == 13
    assert [(r.kind, r.allowed) for r in page.left_model.rows()] == [
        (SignalKind.GOLD, 2),
        (SignalKind.SILVER, 4),
    ]
    page.table.selectRow(0)
    assert page.plan_button.isEnabled()
    # choosing a row fills the form: the shipped Internal Medicine rule
    im = next(n for n, r in enumerate(dialog.model.rows()) if r.specialty == "Internal Medicine")
    dialog.table.setCurrentIndex(dialog.model.index(im, 0))
    assert (dialog.gold.value(), dialog.silver.value(), dialog.season.value()) == (3, 12, 2025)


def test_applications_fees_budget_and_regions(qtbot: QtBot, ops: Ops, reported: list[str]) -> None:
    for n in range(31):
        ops.add_program(
            {"name": f"Program {n:02}", "specialty": "Internal Medicine", "state": "NY"}
        )
    ops.add_program({"name": "Program TX", "specialty": "Internal Medicine", "state": "TX"})
    tab = _season(qtbot, ops, "applications")
    page = tab.applications
    assert page.model.rowCount() == 0 and page.candidates.count() == 32
    for _ in range(31):
        page.mark_button.click()  # the first not applied, on today
    with ops.reading() as session:
        report = applications(session)
    assert report.fees.total == 30 * 11 + 30  # the 31st costs $30
    assert page.total.text() == "Total: $360. Set a budget to see what is left."
    assert "1 of" not in page.fees.text() and "past the step" in page.fees.text()
    assert {a.applied_on for a in report.programs} == {clock.today()}

    with ops.reading() as session:
        from img_crm.services.profile import settings_json

        values = settings_json(session)
    dialog = SeasonSettingsDialog(values, ops.save_profile)
    qtbot.addWidget(dialog)
    dialog.budget.setValue(300)
    for n in range(4):  # one more than ERAS takes: refused, nothing written
        dialog.division_boxes[n].setChecked(True)
    dialog.save()
    assert dialog.error.text() == "Choose at most 3 divisions: ERAS takes no more."
    with ops.reading() as session:
        assert applications(session).fees.budget is None
    dialog.division_boxes[0].setChecked(False)
    dialog.save()  # Middle Atlantic, East North Central, West North Central
    assert dialog.result() == dialog.DialogCode.Accepted
    assert page.total.text() == "Total: $360 of your $300 budget: $60 over."
    assert page.regions.text().startswith("Your regions: Middle Atlantic, East North Central")
    assert page.regions.text().endswith("Every program is in them.")
    rows = {r.name: r for r in page.model.rows()}
    assert rows["Program 00"].preferred is True

    # Marked by mistake: taken back for the selected program.
    page.table.selectRow(0)
    chosen = page.current_id()
    page.unmark_button.click()
    with ops.reading() as session:
        assert chosen not in {a.program_id for a in applications(session).programs}
    assert reported == []


def _program(ops: Ops, name: str, zone: str = "America/New_York") -> int:
    return ops.add_program({"name": name, "specialty": "Internal Medicine", "timezone": zone})


def _run_dialog(
    monkeypatch: pytest.MonkeyPatch, cls: type[Any], fill: Callable[[Any], None]
) -> None:
    """The next ``cls`` dialog is filled by ``fill`` and saved, as a user would."""

    def exec_(dialog: Any) -> int:
        fill(dialog)
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(cls, "exec", exec_)


def test_invitations_are_added_answered_dated_and_checked_for_clashes(
    qtbot: QtBot, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    ops.save_profile({"home_timezone": "Asia/Kolkata"})
    brookside = _program(ops, "Brookside IM")
    _program(ops, "Lakeview IM", "America/Chicago")
    page = _season(qtbot, ops, "invitations").invitations
    assert page.model.rowCount() == 0 and not page.answer_button.isEnabled()
    came = clock.local_now().replace(second=0, microsecond=0) - timedelta(hours=3)
    first = (clock.local_now() + timedelta(days=20)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )

    def fill(dialog: invitation_dialogs.InvitationDialog) -> None:
        dialog.program.setCurrentIndex(dialog.program.findText("Brookside IM"))
        dialog.came.setDateTime(qdatetime(came))
        dialog.deadline.setDateTime(qdatetime(first - timedelta(days=10)))
        for day in (0, 7):
            dialog.offer.setDateTime(qdatetime(first + timedelta(days=day)))
            dialog.add_offer.click()
        dialog.add_offer.click()  # the same date again: listed once
        assert dialog.offers.count() == 2
        assert "IST" in dialog.deadline_shown.text()  # the user's own zone beside

    _run_dialog(monkeypatch, invitation_dialogs.InvitationDialog, fill)
    page.add_button.click()
    with ops.reading() as session:
        views, _ = overview(session)
    assert [(v.program, v.status) for v in views] == [("Brookside IM", InvitationStatus.INVITED)]
    assert len(views[0].offered_at) == 2
    row = page.current()
    assert row is not None and row.program == "Brookside IM"
    assert row.countdown.endswith("left to answer")
    assert "History" in page.detail.text() and "· Invited, to answer<br>" in page.detail.text()
    assert "(received)" not in page.detail.text()  # the status says so already
    with ops.reading() as session:
        _status, changes = history_of(session, invitation_id=row.id)
    # The history begins when it came, as typed, not when it was typed in.
    assert changes[0].changed_at == came.astimezone(changes[0].changed_at.tzinfo)

    def accept_first(offered: int) -> Callable[[invitation_dialogs.AnswerDialog], None]:
        def fill(dialog: invitation_dialogs.AnswerDialog) -> None:
            dialog.status.setCurrentIndex(dialog.status.findData(InvitationStatus.SCHEDULED.value))
            assert dialog.offered.count() == offered + 1  # and "Another time…"
            dialog.offered.setCurrentIndex(0)

        return fill

    _run_dialog(monkeypatch, invitation_dialogs.AnswerDialog, accept_first(2))
    page.answer_button.click()
    row = page.current()
    assert row is not None and row.status is InvitationStatus.SCHEDULED
    assert row.interview.startswith(f"{first:%a} {first.day} {first:%b}, 9:00 am E")
    assert "· Date accepted" in page.detail.text()
    assert "(date accepted)" not in page.detail.text()
    # the answer-by time as the program's clock shows it, as the page says
    assert row.respond_by is not None
    shown = row.respond_by.astimezone(ZoneInfo("America/New_York"))
    assert page.model.data(page.model.index(page.table.currentIndex().row(), 3)) == (
        shown.strftime("%Y-%m-%d %H:%M %Z")
    )
    assert not page.clashes.isVisibleTo(page)
    from img_crm.store.programs import program_row

    with ops.reading() as session:
        assert program_row(session, program_id=brookside).interview_at is not None

    # Lakeview invites for the same day, at another hour (Chicago): a clash.
    def lakeview(dialog: invitation_dialogs.InvitationDialog) -> None:
        dialog.program.setCurrentIndex(dialog.program.findText("Lakeview IM"))
        dialog.has_deadline.setChecked(False)
        dialog.offer.setDateTime(qdatetime(first.replace(hour=11)))
        dialog.add_offer.click()

    _run_dialog(monkeypatch, invitation_dialogs.InvitationDialog, lakeview)
    page.add_button.click()
    assert page.current() is not None and page.current().program == "Lakeview IM"
    _run_dialog(monkeypatch, invitation_dialogs.AnswerDialog, accept_first(1))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    page.answer_button.click()
    expected = f"Brookside IM and Lakeview IM: two interviews on {first.date().isoformat()}"
    assert warned == [f"{expected}."]
    assert page.clashes.isVisibleTo(page) and page.clashes.text() == f"Clash: {expected}."


def test_a_window_shorter_than_48_hours_is_kept_and_warned(
    qtbot: QtBot, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    _program(ops, "Brookside IM", "UTC")
    page = _season(qtbot, ops, "invitations").invitations
    now = clock.now().replace(second=0, microsecond=0, tzinfo=None)

    def fill(dialog: invitation_dialogs.InvitationDialog) -> None:
        dialog.came.setDateTime(QDateTime(qdatetime(clock.local_now())))
        dialog.deadline.setDateTime(qdatetime(now + timedelta(hours=30)))

    _run_dialog(monkeypatch, invitation_dialogs.InvitationDialog, fill)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    page.add_button.click()
    assert page.model.rowCount() == 1
    assert warned == [
        "The program left 30 hours to answer; the Match agreement leaves at least 48 "
        "(you may say so to the program)."
    ]

    # A respond-by before the invitation came is refused in the dialog; nothing is kept.
    errors: list[str] = []

    def backwards(dialog: invitation_dialogs.InvitationDialog) -> None:
        dialog.deadline.setDateTime(qdatetime(now - timedelta(days=2)))
        dialog.save()
        errors.append(dialog.error.text())

    _run_dialog(monkeypatch, invitation_dialogs.InvitationDialog, backwards)
    page.add_button.click()
    assert page.model.rowCount() == 1
    assert errors == ["Respond-by: the respond-by time must be after the invitation came."]


def test_after_the_interview_a_thank_you_is_filled_logged_when_sent_and_listed(
    qtbot: QtBot, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thank-you comes from its template, filled with the program, the
    interview day and the person who works there; it becomes an activity
    with the program only when the user says it was sent, and the program's
    messages are listed beside the invitation."""
    from zoneinfo import ZoneInfo

    from img_crm.domain.enums import TieKind
    from img_crm.store.activities import list_activities
    from img_crm.ui.views.templates_dialog import TemplatesDialog

    ops.save_profile({"my_name": "Asha Rao", "home_timezone": "Asia/Kolkata"})
    brookside = _program(ops, "Brookside IM")
    chen = ops.add_contact({"name": "Wei Chen", "title": "Dr.", "stage": "warm"})
    ops.tie_contact(brookside, chen, TieKind.WORKS.value)
    invitation, _warning = ops.receive_invitation(brookside, respond_by=None, offered=[],
                                                   received_at=None)  # fmt: skip
    day = (clock.now().astimezone(ZoneInfo("America/New_York")) + timedelta(days=2)).replace(
        hour=9, minute=0, second=0, microsecond=0, tzinfo=None
    )
    ops.answer_invitation(invitation, InvitationStatus.SCHEDULED, interview_local=day)
    page = _season(qtbot, ops, "invitations").invitations
    assert not page.thanks_button.isEnabled()  # before the interview
    assert "Nothing logged with this program yet." in page.detail.text()
    clock.set_now(clock.now() + timedelta(days=3))
    try:
        page.reload()
        assert page.thanks_button.isEnabled()
        opened: list[TemplatesDialog] = []
        monkeypatch.setattr(TemplatesDialog, "exec", lambda self: opened.append(self) or 0)
        page.thanks_button.click()
        (dialog,) = opened
        qtbot.addWidget(dialog)
        assert dialog.current() is not None
        assert dialog.current().name == "Thank you after an interview"  # type: ignore[union-attr]
        assert dialog.contact.currentData() == chen
        assert dialog.filled.subject == "Thank you for my interview at Brookside IM"
        assert f"on {day:%B} {day.day}, {day.year}." in dialog.filled.body
        assert dialog.filled.body.startswith("Dear Dr. Chen,")
        assert dialog.filled.missing == ("what_stood_out",) and not dialog.log_button.isEnabled()
        with ops.reading() as session:
            assert list_activities(session, program_id=brookside) == []  # nothing logged yet
        dialog.extra["what_stood_out"].setText("the research track")
        assert dialog.log_button.isEnabled()
        dialog.log_button.click()
        with ops.reading() as session:
            (logged,) = list_activities(session, program_id=brookside)
        assert (logged.contact_id, logged.kind) == (chen, "outreach-sent")
        assert logged.description == "Thank you for my interview at Brookside IM"
        page.reload()
        assert "Outreach sent · Wei Chen: Thank you for my interview at Brookside IM" in (
            page.detail.text()
        )
    finally:
        clock.set_now(None)
