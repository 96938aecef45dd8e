from datetime import date, timedelta

import pytest

from img_crm.domain.plan import Phase, Task, default_plan, schedule, submission_day


def test_default_plan_is_anchored_on_the_match_year() -> None:
    today = date(2026, 1, 10)
    plan = default_plan(2028, today)
    by_key = {t.key: t for t in plan}
    assert by_key["submit"].start == submission_day(2028) == date(2027, 9, 25)
    assert min(t.start for t in plan) >= today
    assert {t.phase for t in plan} == set(Phase) - {Phase.ELIGIBILITY}  # drawn, not planned
    assert len(plan) == 13


def test_no_task_starts_before_its_prerequisites_end() -> None:
    plan = default_plan(2027, date(2026, 5, 1))
    by_key = {t.key: t for t in plan}
    for task in plan:
        for before in task.after:
            assert task.start >= by_key[before].end, (task.key, before)


def test_a_short_runway_starts_today_and_ends_late() -> None:
    today = date(2026, 11, 22)
    plan = default_plan(2027, today)  # applications would go out in two months
    by_key = {t.key: t for t in plan}
    assert by_key["specialty"].start == today
    assert by_key["submit"].start > submission_day(2027)


def test_late_tasks_and_cycles() -> None:
    task = Task("a", Phase.FOUNDATION, "A", date(2026, 1, 1), 10)
    assert task.late(date(2026, 1, 12)) and not task.late(date(2026, 1, 11))
    assert not Task("a", Phase.FOUNDATION, "A", date(2026, 1, 1), 10, done=True).late(
        date(2027, 1, 1)
    )
    loop = [
        Task("a", Phase.FOUNDATION, "A", date(2026, 1, 1), 1, ("b",)),
        Task("b", Phase.FOUNDATION, "B", date(2026, 1, 1), 1, ("a",)),
    ]
    with pytest.raises(ValueError, match="circle"):
        schedule(loop)
    moved = schedule(
        [
            Task("x", Phase.FOUNDATION, "X", date(2026, 1, 1), 5),
            Task("y", Phase.FOUNDATION, "Y", date(2026, 1, 1), 5, ("x",)),
        ]
    )
    assert moved[1].start == date(2026, 1, 1) + timedelta(days=5)


def test_a_tight_runway_squeezes_the_tasks_to_meet_submission() -> None:
    today = date(2026, 11, 22)
    plan = default_plan(2028, today)  # ten months to September 2027
    by_key = {t.key: t for t in plan}
    assert by_key["specialty"].start == today
    assert by_key["submit"].start <= submission_day(2028) + timedelta(days=14)
    assert all(t.days >= 7 for t in plan)


def test_submission_lands_on_the_day_from_any_start_that_leaves_room() -> None:
    """Whatever today is, submission is never before ERAS's opening day, is on
    it whenever the runway is at least four months, and is after it only when
    the work before it cannot fit. Every third day over almost three years."""
    for match_year in (2028, 2029):
        target = submission_day(match_year)
        day = date(2025, 1, 1)
        while day < target:
            plan = default_plan(match_year, day)
            by_key = {t.key: t for t in plan}
            submit = by_key["submit"]
            ready = max(by_key[before].end for before in submit.after)
            assert min(t.start for t in plan) >= day
            assert submit.start >= target, (match_year, day)
            assert submit.start in (target, ready), (match_year, day)
            if (target - day).days >= 120:
                assert submit.start == target, (match_year, day)
            for task in plan:
                for before in task.after:
                    assert task.start >= by_key[before].end
            day += timedelta(days=3)
