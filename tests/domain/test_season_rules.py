"""The application season's rules (#22): signals, fees, the 48-hour window,
interview clashes and the rank list's limits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from img_crm.domain.enums import ProgramVisa, Stage, VisaNeed
from img_crm.domain.fees import FeeRule, estimate, fee_rule_from_settings
from img_crm.domain.invitations import (
    Interview,
    InvitationStatus,
    conflicts,
    countdown,
    status_problem,
    window_problem,
    window_warning,
)
from img_crm.domain.ranking import (
    MAX_RANKS,
    PRIMARY,
    Criterion,
    Rated,
    certify_warning,
    list_problem,
    score,
    suggested_order,
)
from img_crm.domain.signals import (
    DEFAULT_RULES,
    ProgramSignal,
    SignalKind,
    SignalRule,
    SignalState,
    rule_for,
    rule_problem,
    signal_problem,
    signal_warning,
    signals_left,
    suggest,
)

IM = "Internal Medicine"


def _program(n: int, **fields: object) -> ProgramSignal:
    values: dict[str, object] = {
        "program_id": n,
        "name": f"Program {n}",
        "specialty": IM,
        "accepts": True,
        "kind": None,
        "state": SignalState.NONE,
    }
    values.update(fields)
    return ProgramSignal(**values)  # type: ignore[arg-type]


# --- signals ---------------------------------------------------------------------


def test_the_2025_season_is_shipped_and_a_newer_season_wins() -> None:
    assert rule_for("internal medicine", DEFAULT_RULES).allowed() == {  # type: ignore[union-attr]
        SignalKind.GOLD: 3,
        SignalKind.SILVER: 12,
    }
    assert rule_for("Psychiatry", DEFAULT_RULES).allowed() == {SignalKind.SIGNAL: 10}  # type: ignore[union-attr]
    newer = SignalRule(IM, "2026", gold=4, silver=10)
    assert rule_for(IM, [*DEFAULT_RULES, newer]) is newer
    assert rule_for("Dermatology", DEFAULT_RULES) is None
    assert rule_problem(SignalRule(IM, "2026", gold=2, signals=3)) is not None
    assert rule_problem(SignalRule(IM, "2026", gold=-1)) is not None
    assert rule_problem(SignalRule("", "2026", signals=3)) == "a specialty is required"
    assert rule_problem(newer) is None


def test_signals_are_counted_per_kind_and_the_last_one_is_the_limit() -> None:
    placed = [
        _program(n, kind=SignalKind.GOLD, state=SignalState.SENT if n == 1 else SignalState.PLANNED)
        for n in (1, 2, 3)
    ]
    left = {(row.kind, row.specialty): row for row in signals_left(placed, DEFAULT_RULES)}
    gold = left[(SignalKind.GOLD, IM)]
    assert (gold.allowed, gold.planned, gold.sent, gold.left) == (3, 2, 1, 0)
    assert left[(SignalKind.SILVER, IM)].left == 12
    fourth = _program(4)
    refusal = signal_problem(
        fourth, kind=SignalKind.GOLD, state=SignalState.PLANNED, rules=DEFAULT_RULES, others=placed
    )
    assert refusal == "all 3 gold signals for Internal Medicine are placed"
    assert (
        signal_problem(
            fourth,
            kind=SignalKind.SILVER,
            state=SignalState.PLANNED,
            rules=DEFAULT_RULES,
            others=placed,
        )
        is None
    )
    # a kind the specialty does not have
    psych = _program(5, specialty="Psychiatry")
    assert "not gold" in str(
        signal_problem(
            psych, kind=SignalKind.GOLD, state=SignalState.PLANNED, rules=DEFAULT_RULES, others=[]
        )
    )


def test_a_sent_signal_is_locked_and_a_program_without_signals_takes_none() -> None:
    sent = _program(1, kind=SignalKind.GOLD, state=SignalState.SENT)
    for kind, state in ((None, SignalState.NONE), (SignalKind.SILVER, SignalState.SENT)):
        assert "cannot be moved" in str(
            signal_problem(sent, kind=kind, state=state, rules=DEFAULT_RULES, others=[sent])
        )
    closed = _program(2, accepts=False)
    assert signal_problem(
        closed, kind=SignalKind.SILVER, state=SignalState.PLANNED, rules=DEFAULT_RULES, others=[]
    ) == ("this program does not take signals")


def test_a_signal_to_a_program_that_cannot_sponsor_the_visa_is_warned_and_not_suggested() -> None:
    no_visa = _program(1, visa=ProgramVisa.NONE)
    other_visa = _program(2, visa=ProgramVisa.H1B)
    fits = _program(3, visa=ProgramVisa.J1, img_share=0.4)
    tie = _program(4, visa=ProgramVisa.BOTH, tier=1, tie_stages=(Stage.SPONSOR,))
    assert signal_warning(no_visa, VisaNeed.J1) is not None
    assert signal_warning(other_visa, VisaNeed.J1) is not None
    assert signal_warning(fits, VisaNeed.J1) is None
    assert signal_warning(no_visa, VisaNeed.NOT_NEEDED) is None
    chosen = suggest([no_visa, other_visa, fits, tie], need=VisaNeed.J1)
    assert [s.program_id for s in chosen] == [4, 3]
    assert chosen[0].reason == "tier 1, and a mentor or sponsor has a tie there"
    unknown = _program(5, visa=ProgramVisa.J1, accepts=None)  # may take no signals at all
    (only,) = suggest([unknown], need=VisaNeed.J1)
    assert only.reason == "fits your visa; check that it takes signals"


# --- fees ------------------------------------------------------------------------


@pytest.mark.parametrize(("programs", "fee"), [(0, 0), (1, 11), (30, 330), (31, 360), (45, 780)])
def test_the_fee_steps_up_at_the_31st_program_of_a_specialty(programs: int, fee: int) -> None:
    assert FeeRule().for_count(programs) == fee


def test_the_estimate_is_per_specialty_against_the_budget() -> None:
    applied = [IM] * 31 + ["Family Medicine"] * 5
    found = estimate(applied, FeeRule(), budget=300)
    assert [(s.specialty, s.programs, s.fee) for s in found.specialties] == [
        (IM, 31, 360),
        ("Family Medicine", 5, 55),
    ]
    assert (found.total, found.over_budget) == (415, 115)
    assert found.specialties[1].before_step == 25
    assert estimate(applied, FeeRule(), budget=None).over_budget == 0
    rule = fee_rule_from_settings(
        {"fee_later_price": "32", "fee_first_block": "x", "fee_season": "2027"}
    )
    assert rule == FeeRule(season="2027", later_price=32)


# --- invitations -----------------------------------------------------------------

EASTERN = ZoneInfo("America/New_York")
INDIA = ZoneInfo("Asia/Kolkata")


def test_the_48_hour_window_is_counted_in_real_hours_across_a_clock_change() -> None:
    # New York's clocks go back on 1 Nov 2026: 48 wall-clock hours there are 49 real ones
    received = datetime(2026, 10, 31, 9, 0, tzinfo=EASTERN)
    wall_48 = datetime(2026, 11, 2, 9, 0, tzinfo=EASTERN)
    assert window_warning(received, wall_48) is None
    short = datetime(2026, 11, 2, 7, 30, tzinfo=EASTERN)  # 47.5 real hours
    assert window_warning(received, short) == (
        "the program left 47 hours to answer; the Match agreement leaves at least 48 "
        "(you may say so to the program)"
    )
    # spring forward: 48 wall-clock hours are 47 real ones
    march = datetime(2027, 3, 13, 9, 0, tzinfo=EASTERN)
    assert window_warning(march, datetime(2027, 3, 15, 9, 0, tzinfo=EASTERN)) is not None
    assert window_problem(received, received) is not None
    with pytest.raises(ValueError):
        window_warning(datetime(2026, 10, 31, 9, 0), wall_48)


def test_the_countdown_is_the_same_moment_whatever_zone_it_is_read_in() -> None:
    respond_by = datetime(2026, 11, 5, 17, 0, tzinfo=EASTERN)
    now_there = datetime(2026, 11, 4, 18, 0, tzinfo=EASTERN)
    now_here = now_there.astimezone(INDIA)
    assert countdown(respond_by, now_there) == countdown(respond_by, now_here)
    left = countdown(respond_by, now_here)
    assert (left.text(), left.urgent, left.passed) == ("23 h 0 min left to answer", True, False)
    assert countdown(respond_by, now_here - timedelta(days=2)).text() == "2 d 23 h left to answer"
    assert countdown(respond_by, respond_by + timedelta(minutes=1)).passed


def test_status_changes_follow_the_invitation_s_life() -> None:
    assert status_problem(InvitationStatus.INVITED, InvitationStatus.SCHEDULED) is None
    assert status_problem(InvitationStatus.SCHEDULED, InvitationStatus.INTERVIEWED) is None
    assert status_problem(InvitationStatus.DECLINED, InvitationStatus.SCHEDULED) == (
        "an invitation that is declined cannot become scheduled"
    )


def test_two_interviews_on_one_of_the_user_s_days_and_one_program_twice_clash() -> None:
    # 7 pm Eastern on the 10th is 5:30 am on the 11th in India, the day of the other one
    evening = Interview(1, 10, "Lakeview", datetime(2026, 11, 10, 19, 0, tzinfo=EASTERN))
    afternoon = Interview(2, 20, "Brookside", datetime(2026, 11, 11, 15, 0, tzinfo=INDIA))
    again = Interview(3, 10, "Lakeview", datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    found = conflicts([again, afternoon, evening], "Asia/Kolkata")
    assert [(c.first.invitation_id, c.second.invitation_id, c.reason) for c in found] == [
        (1, 2, "two interviews on 2026-11-11"),
        (1, 3, "the same program twice"),
    ]
    # seen from New York the two are on different days
    assert [c.reason for c in conflicts([afternoon, evening], "America/New_York")] == []


# --- the rank list ---------------------------------------------------------------


def test_scores_are_weighted_means_and_suggest_an_order() -> None:
    criteria = [Criterion(1, "Visa", 3), Criterion(2, "Fit", 1), Criterion(3, "Unused", 0)]
    assert score({1: 5, 2: 1}, criteria) == 4.0
    assert score({3: 5}, criteria) is None
    order = suggested_order(
        [
            Rated(1, "Brookside", 4.0),
            Rated(2, "Unrated", None),
            Rated(3, "Lakeview", 4.0, strong_ties=1),
            Rated(4, "Coastal", 4.5),
        ]
    )
    assert order == [4, 3, 1, 2]


def test_the_lists_keep_nrmp_s_limits_and_the_deadline_warns() -> None:
    assert list_problem({PRIMARY: [1, 2, 3]}) is None
    assert list_problem({PRIMARY: [1, 2, 1]}) == "a program is in the primary list twice"
    full = {PRIMARY: list(range(MAX_RANKS)), "Prelim for Lakeview": [1]}
    assert list_problem(full) == "the lists hold 301 ranks; NRMP takes at most 300"
    deadline = date(2027, 3, 3)
    assert certify_warning(deadline, None, date(2027, 2, 20)) is None
    assert certify_warning(deadline, None, date(2027, 3, 2)) == (
        "certify the rank list: the deadline is in 1 day (2027-03-03)"
    )
    assert "has passed" in str(certify_warning(deadline, None, date(2027, 3, 4)))
    assert certify_warning(deadline, date(2027, 3, 1), date(2027, 3, 4)) is None


# --- eligibility -----------------------------------------------------------------


def test_eligibility_steps_are_due_from_the_match_year_and_by_visa_track() -> None:
    from img_crm.domain.eligibility import TASK_PREFIX, StepState, as_tasks, check, steps_for

    keys = {s.key for s in steps_for(VisaNeed.J1)}
    assert "statement-of-need" in keys and "step-3" not in keys
    assert "step-3" in {s.key for s in steps_for(VisaNeed.H1B)}
    assert {"statement-of-need", "step-3"} <= {s.key for s in steps_for(VisaNeed.J1_OR_H1B)}
    assert not {"statement-of-need", "step-3"} & {s.key for s in steps_for(VisaNeed.NOT_NEEDED)}
    due = {c.step.key: c.due for c in check(2027, VisaNeed.H1B, {}, date(2025, 1, 1))}
    assert due["step-2-ck"] == date(2026, 8, 15)
    assert due["step-3"] == date(2027, 2, 1)
    late = check(
        2027,
        VisaNeed.H1B,
        {
            "step-1": StepState(done_on=date(2026, 3, 1)),
            "oet": StepState(date(2025, 5, 1), "B B B B", date(2027, 1, 1)),
        },
        date(2026, 9, 1),
    )
    warned = {c.step.key: c.warning for c in late if c.warning}
    assert "step-1" not in warned  # done: no warning, whatever the date
    assert warned["step-2-ck"] == (
        "USMLE Step 2 CK passed, score released: due 2026-08-15 for the 2027 Match, not done"
    )
    assert "expires 2027-01-01, before the 2027 Match" in str(warned["oet"])
    assert "step-3" not in warned  # not due yet
    # on the Gantt: each bar ends on its due date, after the steps it needs
    # on the user's track, done only when the user said so
    bars = {t.key.removeprefix(TASK_PREFIX): t for t in as_tasks(late)}
    assert bars["step-2-ck"].end == date(2026, 8, 15) and not bars["step-2-ck"].done
    assert bars["step-2-ck"].after == (TASK_PREFIX + "step-1",)
    assert bars["step-3"].after == (TASK_PREFIX + "ecfmg-certificate",)
    assert bars["step-1"].done and bars["step-2-ck"].late(date(2026, 9, 1))
    assert set(bars["pathway"].after) == {TASK_PREFIX + "step-2-ck", TASK_PREFIX + "oet"}
    for bar in bars.values():  # none starts before what it needs is due, each ends on time
        assert all(bar.start >= bars[a.removeprefix(TASK_PREFIX)].end for a in bar.after)
    assert bars["pathway"].end == date(2026, 11, 1) and bars["pathway"].days == 78
    j1 = {
        t.key.removeprefix(TASK_PREFIX)
        for t in as_tasks(check(2027, VisaNeed.J1, {}, date(2025, 1, 1)))
    }
    assert "step-3" not in j1 and "statement-of-need" in j1


def test_programs_are_shown_against_up_to_three_census_divisions() -> None:
    from img_crm.domain.geography import Preference, division_of, fits, preference_problem

    assert division_of("ny") == "Middle Atlantic"
    assert division_of("DC") == "South Atlantic"
    assert division_of("Ontario") is None
    four = ["Pacific", "Mountain", "New England", "Middle Atlantic"]
    assert preference_problem(four, "urban") == "ERAS takes at most 3 divisions"
    assert preference_problem(["Pacific", "Pacific"], "urban") == "a division is chosen twice"
    assert preference_problem(["Atlantis"], "urban") is not None
    assert preference_problem(["Pacific"], "seaside") is not None
    chosen = Preference(("Pacific", "Mountain"), "urban")
    assert preference_problem(chosen.divisions, chosen.setting) is None
    assert (fits("CA", chosen), fits("TX", chosen), fits("", chosen)) == (True, False, None)
    assert fits("CA", Preference()) is None
